"""Verification of citations at build time: every citation is checked against the text in the kennisbank.

For each `kb:Citering` of a Knelpunt file the step looks up the Versie of the cited provision that is valid on
the citation's `kb:peildatum` (`kb:geldigVanaf` <= peildatum <= `kb:geldigTot`, open ends allowed) and derives
what the citation was checked against:

- `tekstsoort/officiele-tekst`: a `kb:tekst` read from official BWB XML (the Regeling and the Versie are not
  `kb:afgeleid`);
- `tekstsoort/geharveste-tekst`: a `kb:tekst` of a derived (harvested) text;
- `tekstsoort/alleen-samenvatting`: only a `kb:samenvatting` in our own words. Allowed, but never verified.

A citation whose provision has no text or summary on its peildatum stops the build with a Dutch message
naming file, knelpunt, citation and date. So does a knelpunt whose status requires verified citations
(`kb:vereistGeverifieerdeCiteringen true` on the status concept, see ontologie/begrippen/statussen.ttl) while
one of its citations is summary-only, or whose status requires the remedy's official reference
(`kb:vereistVindplaats true`: opgelost, geëvalueerd) while the knelpunt names no `kb:vindplaats`. Nothing here
is written by hand: derived properties found in a file are ignored (`Uitkomst.genegeerd`) and replaced.

The derived triples (`kb:geverifieerdTegen` -> Versie, `kb:tekstsoort` -> concept, `kb:geverifieerd`
xsd:boolean) are added to the knelpunt file's own graph, next to the citation they describe.

A knelpunt that exists only as a revision (made through the API or the werkruimte, no file) gets the same derived
triples: at build from the law files (`kennisbank/build.py`), and at every write from the store
(`met_verificatie`, called by the domain layer when it writes the knelpunt's graph).

The same rules guard every write through the domain layer (kennisbank/domein.py): `controleer_knelpunt` runs
`verifieer` on one knelpunt with the law texts and status definitions read from the store (`context_uit_store`),
so an edit that the build would refuse is refused by the API (400) instead. A knelpunt whose current state is
a revision that breaks the rules anyway (accepted before the API checked them) does not stop the build: its
rel is passed in `melden`, and its problems are reported in `Uitkomst.meldingen` (the revision stays current).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from .fouten import KennisbankFout
from .iri import Iris

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: The derived properties (never written in a file).
AFGELEIDE_EIGENSCHAPPEN = ("geverifieerdTegen", "tekstsoort", "geverifieerd")

OFFICIEEL, GEHARVEST, SAMENVATTING = "officiele-tekst", "geharveste-tekst", "alleen-samenvatting"
GEVERIFIEERD = frozenset({OFFICIEEL, GEHARVEST})

#: Short Dutch label of a kind of text (CLI, site, API); the SKOS scheme ontologie/begrippen/tekstsoorten.ttl
#: holds the same labels for the data.
LABEL = {OFFICIEEL: "officiële tekst", GEHARVEST: "geoogste tekst", SAMENVATTING: "alleen samenvatting"}

#: How a kind of text is named in a sentence (site, CLI).
OMSCHRIJVING = {
    OFFICIEEL: "gecontroleerd tegen de officiële tekst (BWB-XML)",
    GEHARVEST: "gecontroleerd tegen een geoogste tekst (afgeleid, niet de officiële XML)",
    SAMENVATTING: "alleen samenvatting: niet gecontroleerd tegen een wettekst",
}


@dataclass
class Bevinding:
    """One rule a knelpunt breaks. `soort`: 'peildatum' (no text or summary on the date), 'samenvatting' (the
    status requires a checked citation, this one is summary-only), 'vindplaats' (the status requires one)."""

    rel: str
    kenmerk: str
    soort: str
    bericht: str  # the build's Dutch sentence (file, knelpunt, what to do)
    status: str | None = None  # code of the status concerned
    citering: ox.NamedNode | ox.BlankNode | None = None
    naam: str | None = None  # the cited provision, readable
    peildatum: str | None = None
    geldig: list[tuple[str | None, str | None]] = field(default_factory=list)  # periods with text or summary


@dataclass
class Uitkomst:
    """What the verification step found; `triples` per file (relative path)."""

    triples: dict[str, list[ox.Triple]] = field(default_factory=lambda: defaultdict(list))
    per_soort: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fouten: list[str] = field(default_factory=list)
    bevindingen: list[Bevinding] = field(default_factory=list)
    #: problems in the rels passed as `melden` (current revisions): reported, the build goes on
    meldingen: list[str] = field(default_factory=list)
    #: derived properties found in a file: ignored and replaced by what the build derives
    genegeerd: list[ox.Triple] = field(default_factory=list)

    @property
    def citeringen(self) -> int:
        return sum(self.per_soort.values())


@dataclass
class _Versie:
    iri: str
    tekst: bool = False
    samenvatting: bool = False
    vanaf: str | None = None
    tot: str | None = None
    afgeleid: bool = False

    def geldig_op(self, datum: str) -> bool:
        return (self.vanaf is None or self.vanaf <= datum) and (self.tot is None or datum <= self.tot)


def tekstsoort_iri(iris: Iris, soort: str) -> str:
    return iris.concept("tekstsoort", soort)


def verifieer(iris: Iris, parsed: dict[str, list[ox.Triple]], melden=(), stoppen: bool = True) -> Uitkomst:
    """Check every citation in the knelpunten files of `parsed` (relative path -> triples).

    Raises KennisbankFout with every problem at once (unless `stoppen` is False); otherwise returns the derived
    triples per file. Problems in a rel listed in `melden` never raise: they go to `Uitkomst.meldingen`.
    """
    melden = set(melden)
    t = iris.term
    p_versie, p_tekst, p_samenv = t("versie"), t("tekst"), t("samenvatting")
    p_vanaf, p_tot, p_afgeleid, p_regeling = t("geldigVanaf"), t("geldigTot"), t("afgeleid"), t("regeling")
    p_citeert, p_bepaling, p_peildatum, p_status = t("citeert"), t("bepaling"), t("peildatum"), t("status")
    p_vereist = t("vereistGeverifieerdeCiteringen")
    p_vereist_vindplaats, p_vindplaats = t("vereistVindplaats"), t("vindplaats")
    afgeleid_props = {t(x) for x in AFGELEIDE_EIGENSCHAPPEN}

    # --- the law texts and the status definitions, from every file ---------------------------------------
    versies_van: dict[str, list[str]] = defaultdict(list)
    versies: dict[str, _Versie] = {}
    afgeleide_regelingen: set[str] = set()
    regeling_van: dict[str, str] = {}
    vereist: set[str] = set()
    vereist_vindplaats: set[str] = set()
    labels: dict[str, str] = {}

    def versie(iri: str) -> _Versie:
        v = versies.get(iri)
        if v is None:
            v = versies[iri] = _Versie(iri)
        return v

    for rel, triples in parsed.items():
        if rel.startswith("knelpunten/"):
            continue
        for tr in triples:
            p = tr.predicate.value
            if p == p_versie:
                versies_van[tr.subject.value].append(tr.object.value)
            elif p == p_tekst:
                versie(tr.subject.value).tekst = True
            elif p == p_samenv:
                versie(tr.subject.value).samenvatting = True
            elif p == p_vanaf:
                versie(tr.subject.value).vanaf = tr.object.value
            elif p == p_tot:
                versie(tr.subject.value).tot = tr.object.value
            elif p == p_afgeleid and tr.object.value == "true":
                afgeleide_regelingen.add(tr.subject.value)  # a Regeling or a Versie
            elif p == p_regeling:
                regeling_van[tr.subject.value] = tr.object.value
            elif p == p_vereist and tr.object.value == "true":
                vereist.add(tr.subject.value)
            elif p == p_vereist_vindplaats and tr.object.value == "true":
                vereist_vindplaats.add(tr.subject.value)
            elif p == DCT + "title" and isinstance(tr.object, ox.Literal):
                labels.setdefault(tr.subject.value, tr.object.value)

    uitkomst = Uitkomst()
    for rel, triples in sorted(parsed.items()):
        if not rel.startswith("knelpunten/"):
            continue
        by_subject: dict[ox.NamedNode | ox.BlankNode, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for tr in triples:
            by_subject[tr.subject][tr.predicate.value].append(tr.object)
            if tr.predicate.value in afgeleid_props:
                uitkomst.genegeerd.append(tr)  # written by hand (or exported): never the source of truth
        for knelpunt, props in by_subject.items():
            if not props.get(p_citeert):
                continue
            kenmerk = (props.get(DCT + "identifier") or [ox.Literal(knelpunt.value.rsplit("/", 1)[-1])])[0].value
            status = (props.get(p_status) or [None])[0]
            vereist_verificatie = status is not None and status.value in vereist
            status_code = status.value.rsplit("/", 1)[-1] if status is not None else None

            def vind(soort: str, bericht: str, **extra) -> None:
                uitkomst.bevindingen.append(Bevinding(rel, kenmerk, soort, bericht, status_code, **extra))
                (uitkomst.meldingen if rel in melden else uitkomst.fouten).append(bericht)

            if status is not None and status.value in vereist_vindplaats and not props.get(p_vindplaats):
                vind("vindplaats",
                     f"{rel}: knelpunt {kenmerk} heeft status '{status_code}', maar noemt geen "
                     "vindplaats (kb:vindplaats: Staatsblad, kamerstuk of uitspraak) van de oplossing die geldt.")
            for c in props[p_citeert]:
                cp = by_subject.get(c, {})
                bepaling = (cp.get(p_bepaling) or [None])[0]
                peildatum = (cp.get(p_peildatum) or [None])[0]
                if bepaling is None or peildatum is None:
                    continue  # the shapes report an incomplete citation
                naam = _naam(bepaling.value, regeling_van, labels)
                gevonden = [versies[v] for v in versies_van.get(bepaling.value, []) if v in versies
                            and versies[v].geldig_op(peildatum.value)]
                metTekst = [v for v in gevonden if v.tekst]
                metSamenv = [v for v in gevonden if v.samenvatting]
                if metTekst:
                    v = metTekst[0]
                    regeling = regeling_van.get(bepaling.value, "")
                    soort = GEHARVEST if (v.iri in afgeleide_regelingen or regeling in afgeleide_regelingen) \
                        else OFFICIEEL
                elif metSamenv:
                    v, soort = metSamenv[0], SAMENVATTING
                else:
                    geldig = sorted({(versies[v].vanaf, versies[v].tot) for v in versies_van.get(bepaling.value, [])
                                     if v in versies and (versies[v].tekst or versies[v].samenvatting)},
                                    key=lambda x: (x[0] or "", x[1] or ""))
                    vind("peildatum",
                         f"{rel}: knelpunt {kenmerk} citeert {naam} met peildatum {peildatum.value}, maar die "
                         "bepaling heeft op die datum geen tekst in de kennisbank. Kies een peildatum waarop de "
                         "tekst gold, of citeer de bepaling die toen gold.",
                         citering=c, naam=naam, peildatum=peildatum.value, geldig=geldig)
                    continue
                if soort == SAMENVATTING and vereist_verificatie:
                    vind("samenvatting",
                         f"{rel}: knelpunt {kenmerk} heeft status '{status_code}', maar {naam} "
                         f"(peildatum {peildatum.value}) heeft alleen een samenvatting en is dus niet gecontroleerd "
                         "tegen een wettekst. Verlaag de status of neem de wettekst op.",
                         citering=c, naam=naam, peildatum=peildatum.value)
                uitkomst.per_soort[soort] += 1
                N = ox.NamedNode
                uitkomst.triples[rel] += [
                    ox.Triple(c, N(t("geverifieerdTegen")), N(v.iri)),
                    ox.Triple(c, N(t("tekstsoort")), N(tekstsoort_iri(iris, soort))),
                    ox.Triple(c, N(t("geverifieerd")),
                              ox.Literal("true" if soort in GEVERIFIEERD else "false", datatype=N(XSD + "boolean"))),
                ]
    if uitkomst.fouten and stoppen:
        n = len(uitkomst.fouten)
        raise KennisbankFout(
            f"De bouw is gestopt: {n} {'citering of status kon' if n == 1 else 'citeringen of statussen konden'} "
            "niet worden gecontroleerd tegen de wettekst. Er is niets veranderd aan de bestaande kennisbank.",
            details=uitkomst.fouten,
        )
    return uitkomst


def context_uit_store(store, iris: Iris, bepalingen: list[str]) -> list[ox.Triple]:
    """What `verifieer` reads from the law files, for just the cited `bepalingen`, from the store: their
    versions (a text or summary as an empty marker, never the text itself), periods, derived flags, Regeling
    and its title, and the status definitions."""
    t = iris.term
    waarden = " ".join(str(ox.NamedNode(b)) for b in dict.fromkeys(bepalingen))
    q = f"""PREFIX kb: <{iris.kb}> PREFIX dct: <{DCT}>
    CONSTRUCT {{ ?b kb:versie ?v . ?v kb:tekst ?mt . ?v kb:samenvatting ?ms . ?v kb:geldigVanaf ?van .
                 ?v kb:geldigTot ?tot . ?v kb:afgeleid ?va . ?b kb:regeling ?r . ?r kb:afgeleid ?ra .
                 ?r dct:title ?titel . ?s kb:vereistGeverifieerdeCiteringen ?vg . ?s kb:vereistVindplaats ?vv }}
    WHERE {{
      {{ ?s kb:vereistGeverifieerdeCiteringen ?vg }} UNION {{ ?s kb:vereistVindplaats ?vv }}
      UNION {{ VALUES ?b {{ {waarden} }} ?b kb:regeling ?r . OPTIONAL {{ ?r kb:afgeleid ?ra }}
               OPTIONAL {{ ?r dct:title ?titel }} }}
      UNION {{ VALUES ?b {{ {waarden} }} ?b kb:versie ?v .
               OPTIONAL {{ ?v kb:tekst ?tk BIND("" AS ?mt) }} OPTIONAL {{ ?v kb:samenvatting ?sv BIND("" AS ?ms) }}
               OPTIONAL {{ ?v kb:geldigVanaf ?van }} OPTIONAL {{ ?v kb:geldigTot ?tot }}
               OPTIONAL {{ ?v kb:afgeleid ?va }} }}
    }}""" if waarden else f"""PREFIX kb: <{iris.kb}>
    CONSTRUCT {{ ?s kb:vereistGeverifieerdeCiteringen ?vg . ?s kb:vereistVindplaats ?vv }}
    WHERE {{ {{ ?s kb:vereistGeverifieerdeCiteringen ?vg }} UNION {{ ?s kb:vereistVindplaats ?vv }} }}"""
    return store.construct(q)  # an empty kb:tekst / kb:samenvatting marks that the version has one


def controleer_knelpunt(store, iris: Iris, triples: list[ox.Triple], rel: str = "knelpunten/api") -> list[Bevinding]:
    """The build's rules for one knelpunt (its full state), with the law texts from `store`: what it breaks."""
    p_bepaling = iris.term("bepaling")
    bepalingen = [tr.object.value for tr in triples if tr.predicate.value == p_bepaling]
    context = context_uit_store(store, iris, bepalingen)
    return verifieer(iris, {"wetteksten": context, rel: triples}, stoppen=False).bevindingen


def met_verificatie(store, iris: Iris, triples: list[ox.Triple], rel: str = "knelpunten/api") -> list[ox.Triple]:
    """A knelpunt's full state with the derived verification triples the build adds to a file's graph
    (`kb:geverifieerdTegen`, `kb:tekstsoort`, `kb:geverifieerd` per citation), the law texts read from `store`.
    For a knelpunt written through the domain layer (API, werkruimte), so it carries the same verification
    data as one from a file. Derived triples in `triples` are replaced; a broken rule raises nothing here (the
    write was checked by `controleer_knelpunt`)."""
    triples = [q.triple if hasattr(q, "triple") else q for q in triples]  # quads from a parser
    p_bepaling = iris.term("bepaling")
    bepalingen = [tr.object.value for tr in triples if tr.predicate.value == p_bepaling]
    if not bepalingen:
        return triples
    context = context_uit_store(store, iris, bepalingen)
    uitkomst = verifieer(iris, {"wetteksten": context, rel: triples}, melden={rel}, stoppen=False)
    genegeerd = set(uitkomst.genegeerd)
    return [tr for tr in triples if tr not in genegeerd] + uitkomst.triples.get(rel, [])


def _naam(bepaling: str, regeling_van: dict[str, str], labels: dict[str, str]) -> str:
    """`BWBR0015703 artikel 34a lid 1`, from the IRI (labels of leden are often just 'Lid 1')."""
    marker = "/id/regeling/"
    if marker not in bepaling:
        return bepaling
    parts = bepaling.split(marker, 1)[1].split("/")
    out = [parts[0]] + [f"{parts[i]} {parts[i + 1]}" for i in range(1, len(parts) - 1, 2)]
    regeling = regeling_van.get(bepaling)
    titel = labels.get(regeling) if regeling else None
    return " ".join(out) + (f" ({titel})" if titel else "")
