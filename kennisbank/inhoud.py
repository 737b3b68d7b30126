"""Counts of the content in the repository files: knelpunten, cases by kind, citations by kind of text.

Reads the files the build reads (`bronnen.discover`/`parse`) and checks the citations the way the build does
(`verificatie.verifieer`), so the figures are those of the next build. `kennisbank inhoud tellingen` prints them.
"""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox

from .bronnen import discover, parse
from .config import Config
from .iri import Iris
from .verificatie import verifieer

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PROV = "http://www.w3.org/ns/prov#"


def tellingen(config: Config | None = None) -> dict:
    config = config or Config.from_env()
    iris = Iris(config.base_iri)
    t = iris.term
    parsed = {f.rel: parse(f) for f in discover(config)}
    uitkomst = verifieer(iris, parsed)

    def slug(node) -> str:
        return node.value.rstrip("/").rsplit("/", 1)[-1]

    primair: set[str] = set()
    bronsoort: dict[str, str] = {}
    for triples in parsed.values():
        for tr in triples:
            if tr.predicate.value == t("primair") and tr.object.value == "true":
                primair.add(tr.subject.value)
            elif tr.predicate.value == t("bronsoort"):
                bronsoort[tr.subject.value] = tr.object.value

    knelpunten, statussen, voorbeelden = 0, Counter(), Counter()
    zonder_gemeente, met_primaire_bron, met_reden, zonder_beide = 0, 0, 0, []
    kosten = Counter()
    for rel, triples in parsed.items():
        by_s: dict = {}
        for tr in triples:
            by_s.setdefault(tr.subject, {}).setdefault(tr.predicate.value, []).append(tr.object)
        for s, props in by_s.items():
            types = {o.value for o in props.get(RDF_TYPE, [])}
            if t("Knelpunt") in types:
                knelpunten += 1
                statussen[slug(props[t("status")][0]) if t("status") in props else "onbekend"] += 1
                bronnen = [o.value for o in props.get(PROV + "wasDerivedFrom", [])]
                if any(bronsoort.get(b) in primair for b in bronnen):
                    met_primaire_bron += 1
                elif t("geenPrimaireBron") in props:
                    met_reden += 1
                else:
                    zonder_beide.append(rel)
            if t("Praktijkvoorbeeld") in types:
                soort = props.get(t("voorbeeldsoort"))
                voorbeelden[slug(soort[0]) if soort else "zonder soort"] += 1
                if t("gemeente") not in props:
                    zonder_gemeente += 1
                for k in props.get(t("kosten"), []):
                    kp = by_s.get(k, {})
                    if kp.get(t("schatting")) and kp[t("schatting")][0].value == "true":
                        kosten["schatting"] += 1
                    elif PROV + "wasDerivedFrom" in kp or PROV + "wasAttributedTo" in kp:
                        kosten["met bron"] += 1
                    else:
                        kosten["zonder bron of schatting"] += 1
    return {
        "knelpunten": knelpunten,
        "knelpuntenPerStatus": dict(sorted(statussen.items())),
        "knelpuntenMetPrimaireBron": met_primaire_bron,
        "knelpuntenZonderPrimaireBronMetReden": met_reden,
        "knelpuntenZonderPrimaireBronEnZonderReden": sorted(zonder_beide),
        "praktijkvoorbeelden": sum(voorbeelden.values()),
        "praktijkvoorbeeldenPerSoort": dict(sorted(voorbeelden.items())),
        "praktijkvoorbeeldenZonderGemeente": zonder_gemeente,
        "kostenposten": dict(sorted(kosten.items())),
        "citeringen": uitkomst.citeringen,
        "citeringenPerTekstsoort": dict(sorted(uitkomst.per_soort.items())),
    }
