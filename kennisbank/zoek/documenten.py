"""Turning graph resources into search documents: every SPARQL query of the search module lives here.

Knelpunten and praktijkvoorbeelden come from the read model (kennisbank/leesmodel.py), the same description the
API and the site use; regelingen and artikelen from the queries below.

One query per resource type, each returning streamed rows `(?s ?p ?o ?label ?datum)`: one row per property
value, so multi-valued properties never multiply into a cross product and no resource needs its own round
trip. Python folds the rows into `Document`s. `alleen` restricts a query to some IRIs (for `werk_bij`).

Every triple pattern sits in its own `GRAPH ?gN { … }`: each file is its own named graph, and a knelpunt's
concepts live in another graph than the knelpunt.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator
from urllib.parse import unquote

import pyoxigraph as ox

from ..iri import Iris
from ..store.base import Store

SOORTEN = ("regeling", "artikel", "knelpunt", "praktijkvoorbeeld")

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
ELI = "http://data.europa.eu/eli/ontology#"

REGELING_KLASSEN = ("Regeling", "Wet", "AMvB", "MinisterieleRegeling", "GemeentelijkeVerordening",
                    "Beleidsregel", "Beroepscode", "EUVerordening")


@dataclass
class Document:
    iri: str
    soort: str
    titel: str = ""
    tekst: str = ""  # the body shown in snippets
    namen: list[str] = field(default_factory=list)  # names, labels: searched, not shown
    nummer: str = ""  # structural number of an artikel
    regeling: list[str] = field(default_factory=list)  # BWB ids
    mechanisme: list[str] = field(default_factory=list)  # slugs
    gemeente: str = ""  # TOOI code, e.g. gm0772
    url: str = ""
    doelgroep: list[str] = field(default_factory=list)  # slugs
    status: list[str] = field(default_factory=list)  # slugs
    citeert: list[str] = field(default_factory=list)  # IRIs of the provisions it cites


def _prefixes(iris: Iris) -> str:
    return (
        f"PREFIX kb: <{iris.kb}>\nPREFIX rdfs: <{RDFS}>\nPREFIX skos: <{SKOS}>\n"
        f"PREFIX dct: <{DCT}>\nPREFIX eli: <{ELI}>\n"
    )


def _values(alleen: Iterable[str] | None) -> str:
    if alleen is None:
        return ""
    return "VALUES ?s { " + " ".join(str(ox.NamedNode(i)) for i in alleen) + " }\n"


# --- the queries ----------------------------------------------------------------------------------------
QUERY_REGELINGEN = """
SELECT ?s ?p ?o ?label ?datum WHERE {
  %(values)s
  VALUES ?klasse { %(klassen)s }
  GRAPH ?g0 { ?s a ?klasse }
  {
    VALUES ?p { kb:bwbId dct:title kb:afkorting skos:altLabel skos:hiddenLabel }
    GRAPH ?g1 { ?s ?p ?o }
  } UNION {
    BIND(kb:citeertitel AS ?p)
    GRAPH ?g1 { ?s kb:citeertitel ?c . ?c rdfs:label|kb:afkorting ?o }
  }
}"""

QUERY_ARTIKELEN = """
SELECT ?s ?p ?o ?label ?datum WHERE {
  %(values)s
  GRAPH ?g0 { ?s a kb:Artikel }
  {
    VALUES ?p { eli:id_local rdfs:label kb:opschrift kb:regeling kb:samenvatting }
    GRAPH ?g1 { ?s ?p ?o }
  } UNION {
    BIND(kb:versie AS ?p)
    GRAPH ?g1 { ?s kb:versie ?v . ?v kb:tekst ?o . OPTIONAL { ?v kb:geldigVanaf ?datum } }
  }
}"""

#: Names that mean the same thing: a regeling's title, abbreviations, citation titles (former names, with
#: their own abbreviations such as WWB), altLabels and hiddenLabels (everyday words), and
#: the prefLabel, altLabels and hiddenLabels of every SKOS concept (normbegrippen included).
QUERY_SYNONIEMEN = """
SELECT ?s ?naam WHERE {
  {
    VALUES ?klasse { %(klassen)s }
    GRAPH ?g0 { ?s a ?klasse }
    { GRAPH ?g1 { ?s dct:title|kb:afkorting|skos:altLabel|skos:hiddenLabel ?naam } }
    UNION
    { GRAPH ?g1 { ?s kb:citeertitel ?c . ?c rdfs:label|kb:afkorting ?naam } }
  } UNION {
    GRAPH ?g0 { ?s a skos:Concept }
    GRAPH ?g1 { ?s skos:prefLabel|skos:altLabel|skos:hiddenLabel ?naam }
  }
}"""


def _query(template: str, iris: Iris, alleen: Iterable[str] | None) -> str:
    klassen = " ".join(f"kb:{k}" for k in REGELING_KLASSEN)
    return _prefixes(iris) + template % {"values": _values(alleen), "klassen": klassen}


# --- folding rows into documents -------------------------------------------------------------------------
class _Rows:
    """Rows of one type query grouped by subject: {s: {p-local: [(o, label, datum)]}}."""

    def __init__(self, store: Store, query: str, kb: str):
        self.by_subject: dict[str, dict[str, list[tuple]]] = defaultdict(lambda: defaultdict(list))
        labels: dict[tuple[str, str, str], dict[str, str]] = defaultdict(dict)
        for row in store.select(query):
            s, p, o = row["s"].value, row["p"].value, row["o"]
            local = p.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            label = row.get("label")
            key = (s, local, o.value)
            if label is not None:
                labels[key][getattr(label, "language", None) or ""] = label.value
            datum = row.get("datum")
            self.by_subject[s][local].append((o, datum.value if datum is not None else ""))
        self.labels = {k: (v.get("nl") or v.get("") or next(iter(v.values()))) for k, v in labels.items()}

    def items(self):
        for s, props in self.by_subject.items():
            yield s, {p: _dedupe(vals) for p, vals in props.items()}

    def label(self, s: str, p: str, o: str) -> str:
        return self.labels.get((s, p, o), "")


def _dedupe(values: list[tuple]) -> list[tuple]:
    seen, out = set(), []
    for v in values:
        key = (v[0].value, v[1])
        if key not in seen:
            seen.add(key)
            out.append(v)
    return out


def _texts(props: dict, p: str) -> list[str]:
    """Literal values of `p`, Dutch (or untagged) first."""
    vals = [o for o, _ in props.get(p, []) if isinstance(o, ox.Literal)]
    vals.sort(key=lambda o: 0 if (o.language or "nl") == "nl" else 1)
    return [o.value for o in vals if (o.language or "nl") == "nl"] or [o.value for o in vals]


def _first(props: dict, p: str) -> str:
    vals = _texts(props, p)
    return vals[0] if vals else ""


def _slug(iri: str) -> str:
    return unquote(iri.rstrip("/").rsplit("/", 1)[-1])


def _regeling_van(iri: str) -> str | None:
    """BWB id of a provision from its IRI: `…/regeling/BWBR0015703/artikel/22a/lid/1` -> BWBR0015703."""
    marker = "/id/regeling/"
    if marker not in iri:
        return None
    return unquote(iri.split(marker, 1)[1].split("/", 1)[0])


def _bepaling_naam(iri: str) -> str:
    """`…/artikel/22a/lid/1/onderdeel/b` -> `artikel 22a lid 1 onderdeel b`."""
    marker = "/id/regeling/"
    if marker not in iri:
        return ""
    parts = iri.split(marker, 1)[1].split("/")[1:]
    return " ".join(unquote(p) for p in parts)


@dataclass
class _Regeling:
    bwb: str
    titel: str
    namen: list[str]


def _regelingen(store: Store, iris: Iris, alleen=None) -> dict[str, _Regeling]:
    rows = _Rows(store, _query(QUERY_REGELINGEN, iris, alleen), iris.kb)
    out = {}
    for s, props in rows.items():
        bwb = _first(props, "bwbId") or _slug(s)
        titel = _first(props, "title")
        namen = []
        for p in ("title", "afkorting", "citeertitel", "altLabel", "hiddenLabel"):
            for v in _texts(props, p):
                if v not in namen:
                    namen.append(v)
        out[s] = _Regeling(bwb, titel or (namen[0] if namen else bwb), namen)
    return out


def _regeling_docs(regelingen: dict[str, _Regeling], iris: Iris) -> Iterator[Document]:
    for s, r in regelingen.items():
        andere = [n for n in r.namen if n != r.titel]
        yield Document(
            iri=s, soort="regeling", titel=r.titel,
            tekst=(f"{r.titel} ({', '.join(andere)})" if andere else r.titel) + f" — {r.bwb}",
            namen=r.namen + [r.bwb], regeling=[r.bwb], url=iris.doc(s),
        )


def _artikel_docs(store: Store, iris: Iris, regelingen: dict[str, _Regeling], alleen=None) -> Iterator[Document]:
    by_bwb = {r.bwb: r for r in regelingen.values()}
    rows = _Rows(store, _query(QUERY_ARTIKELEN, iris, alleen), iris.kb)
    for s, props in rows.items():
        reg_iri = next((o.value for o, _ in props.get("regeling", [])), None)
        reg = regelingen.get(reg_iri) if reg_iri else None
        if reg is None:
            reg = by_bwb.get(_regeling_van(s) or "")
        bwb = reg.bwb if reg else (_regeling_van(s) or "")
        nummer = _first(props, "id_local") or _slug(s)
        label = _first(props, "label") or f"Artikel {nummer}"
        opschrift = _first(props, "opschrift")
        versies = [(d, o.value) for o, d in props.get("versie", []) if isinstance(o, ox.Literal)]
        tekst = max(versies)[1] if versies else _first(props, "samenvatting")
        titel = f"{label} {reg.titel}" if reg else label
        if opschrift:
            titel += f" — {opschrift}"
        yield Document(
            iri=s, soort="artikel", titel=titel, tekst=tekst or opschrift or "",
            namen=(reg.namen if reg else []) + [label], nummer=nummer,
            regeling=[bwb] if bwb else [], url=iris.doc(s),
        )


def _bepalingen(bepalingen: list[str], labels: dict[str, str], by_bwb: dict[str, _Regeling]):
    """Names and BWB ids of the provisions a resource cites."""
    namen, bwbs = [], []
    for b in bepalingen:
        bwb = _regeling_van(b)
        reg = by_bwb.get(bwb or "")
        namen.append(" ".join(x for x in (labels.get(b, ""), _bepaling_naam(b), reg.titel if reg else "") if x))
        if reg:
            namen.extend(reg.namen)
        if bwb and bwb not in bwbs:
            bwbs.append(bwb)
    return namen, bwbs


def _namen(props: dict, p: str, labels: dict[str, str]) -> list[str]:
    return [labels.get(o) or _slug(o) for o in props.get(p, [])]


def _knelpunt_docs(kps: dict, labels: dict[str, str], iris: Iris, regelingen: dict[str, _Regeling]) -> Iterator[Document]:
    """From the read model (kennisbank/leesmodel.py): the same title, status, citations and concepts as the API."""
    by_bwb = {r.bwb: r for r in regelingen.values()}
    for s, bron in kps.items():
        j, props = bron.json, bron.eigenschappen
        bepalingen = list(dict.fromkeys(c["bepaling"] for c in j["citeringen"] if c["bepaling"]))
        bep_namen, bwbs = _bepalingen(bepalingen, labels, by_bwb)
        namen = ([j["kenmerk"]] if j["kenmerk"] else []) + _namen(props, "mechanisme", labels) \
            + _namen(props, "doelgroep", labels) + _namen(props, "domein", labels) + _namen(props, "status", labels) \
            + bep_namen
        yield Document(
            iri=s, soort="knelpunt", titel=j["titel"] or j["id"],
            tekst="\n".join(x for x in (j["beschrijving"], j["mechanismeToelichting"]) if x), namen=namen,
            regeling=bwbs, mechanisme=j["mechanismen"], url=iris.doc(s), doelgroep=j["doelgroepen"],
            status=[j["status"]] if j["status"] else [], citeert=bepalingen,
        )


def _praktijkvoorbeeld_docs(pvs: dict, labels: dict[str, str], iris: Iris, regelingen: dict[str, _Regeling]):
    """From the read model: only published cases (the public store holds no others; never index one that slipped in)."""
    by_bwb = {r.bwb: r for r in regelingen.values()}
    for s, bron in pvs.items():
        j, props = bron.json, bron.eigenschappen
        bepalingen = [r["iri"] for r in j["regels"]]
        bep_namen, bwbs = _bepalingen(bepalingen, labels, by_bwb)
        titel, tekst = j["titel"] or j["id"], j["beschrijving"] or ""
        if j["illustratie"]:  # an illustration says so in its search result (title and text), like on its page
            titel, tekst = f"{titel} (illustratie)", f"Illustratie, geen werkelijke casus. {tekst}"
        yield Document(
            iri=s, soort="praktijkvoorbeeld", titel=titel, tekst=tekst,
            namen=_namen(props, "gemeente", labels) + _namen(props, "domein", labels) + bep_namen,
            regeling=bwbs, gemeente=j["gemeente"] or "", url=iris.doc(s), citeert=bepalingen,
        )


def _leesmodel(store: Store, iris: Iris, alleen=None):
    """Knelpunten and public cases from the read model, and the labels of what they point to (batch queries)."""
    from .. import leesmodel

    lezer = leesmodel.Lezer(iris)
    kps = leesmodel.knelpunten(lezer, store, alleen)
    pvs = leesmodel.praktijkvoorbeelden(lezer, store, alleen)
    doelen = {o for b in list(kps.values()) + list(pvs.values()) for vals in b.eigenschappen.values() for o in vals
              if "/id/" in o}
    doelen.update(c["bepaling"] for b in kps.values() for c in b.json["citeringen"] if c["bepaling"])
    return kps, pvs, leesmodel.labels(store, doelen)


def documenten(store: Store, iris: Iris, alleen: list[str] | None = None) -> Iterator[Document]:
    """All public search documents, or only those among the IRIs in `alleen`."""
    if alleen is not None and not alleen:
        return
    regelingen = _regelingen(store, iris)  # small; needed for the names on articles and citations
    if alleen is None:
        yield from _regeling_docs(regelingen, iris)
    else:
        wanted = set(alleen)
        yield from _regeling_docs({s: r for s, r in regelingen.items() if s in wanted}, iris)
    yield from _artikel_docs(store, iris, regelingen, alleen)
    kps, pvs, labels = _leesmodel(store, iris, None if alleen is None else list(alleen))
    yield from _knelpunt_docs(kps, labels, iris, regelingen)
    yield from _praktijkvoorbeeld_docs(pvs, labels, iris, regelingen)


def synoniemen(store: Store, iris: Iris) -> dict[str, list[str]]:
    """Names for the same thing, from the graph: {IRI of the regeling or concept: [names]} (two or more)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for row in store.select(_query(QUERY_SYNONIEMEN, iris, None)):
        naam = row["naam"].value.strip()
        lang = getattr(row["naam"], "language", None)
        if naam and (lang in (None, "", "nl")) and naam not in groups[row["s"].value]:
            groups[row["s"].value].append(naam)
    return {s: g for s, g in sorted(groups.items()) if len(g) > 1}
