"""From Toestanden to the RDF of a `regels/{BWBID}.ttl` file, and back.

The file is a pure function of the set of imported consolidations (one per date): `bouw_triples` builds
everything from a list of Toestanden and `lees_bestand` recovers that list from an existing file. Importing
a new consolidation = read the file, add or replace the consolidation of that date, build again. So the
result does not depend on the order in which versions were imported, and the same input gives the same
bytes.

Per provision, consecutive consolidations with the same content (text, and for articles the versie-id)
share one Versie; a new Versie starts where the content changes and closes the previous one
(`kb:geldigTot` = the day before). A provision that disappears gets a Versie marked vervallen without text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import pyoxigraph as ox

from ..config import SOURCE_BASE
from .iris import IRIS, citeertitel as citeertitel_iri, wijzigingsaard
from .model import BEPALING_SOORTEN, STRUCTUUR_SOORTEN, Citeertitel, Deel, Gerelateerd, RegelingMeta, Toestand

KB = IRIS.kb
ELI = "http://data.europa.eu/eli/ontology#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
TOOI = "https://identifier.overheid.nl/tooi/id/"

PREFIXES = {
    "kb": KB,
    "regel": f"{SOURCE_BASE}/id/regeling/",
    "eli": ELI,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": DCT,
    "prov": PROV,
    "xsd": XSD,
    "rdfs": RDFS,
    "owl": "http://www.w3.org/2002/07/owl#",
    "tooi": TOOI,
}

KLASSE = {s: s.capitalize() for s in STRUCTUUR_SOORTEN + BEPALING_SOORTEN}
SOORT_VAN_KLASSE = {KB + v: k for k, v in KLASSE.items()}
REGELING_KLASSEN = ("Wet", "AMvB", "MinisterieleRegeling", "GemeentelijkeVerordening", "Beleidsregel",
                    "Beroepscode", "EUVerordening")

WETTEN = "https://wetten.overheid.nl/"


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(value: str, lang: str | None = None) -> ox.Literal:
    return ox.Literal(value, language=lang) if lang else ox.Literal(value)


def _datum(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=_n(XSD + "date"))


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(XSD + "integer"))


def dag_ervoor(datum: str) -> str:
    return (dt.date.fromisoformat(datum) - dt.timedelta(days=1)).isoformat()


def dag_erna(datum: str) -> str:
    return (dt.date.fromisoformat(datum) + dt.timedelta(days=1)).isoformat()


# --- building ------------------------------------------------------------------------------------

@dataclass
class _Groep:
    datums: list[str]
    deel: Deel  # content of the first consolidation of the group
    aard: str | None


def _sleutel(d: Deel) -> tuple:
    vervallen = d.status == "vervallen"
    return (vervallen, None if vervallen else d.tekst, d.versie_id if d.soort == "artikel" else None)


def _waarnemingen(toestanden: list[Toestand]) -> tuple[dict[str, dict[str, Deel]], dict[str, Deel]]:
    """Per provision IRI: date -> Deel (synthesising vervallen where it disappeared); plus per part the
    Deel of the newest consolidation that has it (structure and labels come from there)."""
    obs: dict[str, dict[str, Deel]] = defaultdict(dict)
    nieuwste: dict[str, Deel] = {}
    for t in toestanden:  # oldest first
        for d in t.delen:
            nieuwste[d.iri] = d
            if d.is_bepaling:
                obs[d.iri][t.datum] = d
    datums = [t.datum for t in toestanden]
    for iri, per_datum in obs.items():
        gezien = False
        vorige: Deel | None = None
        for t in toestanden:
            d = per_datum.get(t.datum)
            if d is not None:
                gezien, vorige = True, d
                continue
            if not gezien:
                continue
            # gone in this consolidation: vervallen from the date its article changed, else this date
            artikel = _artikel_in(t, vorige)
            datum = artikel.inwerking if artikel is not None and artikel.inwerking else t.datum
            if vorige.status == "vervallen":
                per_datum[t.datum] = vorige
            else:
                per_datum[t.datum] = replace(
                    vorige, tekst=None, status="vervallen", inwerking=datum, label_id=None, stam_id=None,
                    versie_id=None, jci=None, fragment=None, verwijzingen=set(),
                )
            vorige = per_datum[t.datum]
        obs[iri] = {k: per_datum[k] for k in datums if k in per_datum}
    return obs, nieuwste


def _artikel_in(t: Toestand, d: Deel) -> Deel | None:
    m = re.match(r"^(.*/artikel/[^/]+)", d.iri)
    if not m or m.group(1) == d.iri:
        return None
    for x in t.delen:
        if x.iri == m.group(1):
            return x
    return None


def _groepen(per_datum: dict[str, Deel], eerste_datum: str) -> list[_Groep]:
    groepen: list[_Groep] = []
    for datum, d in per_datum.items():
        if groepen and _sleutel(groepen[-1].deel) == _sleutel(d):
            groepen[-1].datums.append(datum)
            continue
        if d.status == "vervallen":
            aard = "vervallen"
        elif not groepen:
            aard = None if datum == eerste_datum else "toegevoegd"
        elif groepen[-1].deel.status == "vervallen":
            aard = "toegevoegd"
        else:
            aard = "gewijzigd"
        groepen.append(_Groep([datum], d, aard))
    return groepen


def bouw_triples(toestanden: list[Toestand], meta: RegelingMeta) -> list[ox.Triple]:
    """All triples of one regulation file, from its consolidations (any order) and its metadata."""
    toestanden = sorted(toestanden, key=lambda t: t.datum)
    if not toestanden:
        return []
    nieuwste_t = toestanden[-1]
    bwb = nieuwste_t.bwb_id
    reg = IRIS.regeling(bwb)
    R = _n(reg)
    out: set[ox.Triple] = set()

    def add(s, p, o):
        out.add(ox.Triple(s if isinstance(s, ox.NamedNode) else _n(s), _n(p), o))

    # Regeling
    add(R, RDF_TYPE, _n(KB + "Regeling"))
    klasse = meta.klasse or next((t.klasse for t in reversed(toestanden) if t.klasse), None)
    if klasse:
        add(R, RDF_TYPE, _n(KB + klasse))
    add(R, KB + "bwbId", _lit(bwb))
    add(R, DCT + "title", _lit(nieuwste_t.titel, "nl"))
    add(R, RDFS + "label", _lit(nieuwste_t.titel, "nl"))
    for a in meta.afkortingen:
        add(R, KB + "afkorting", _lit(a))
    for m in meta.ministeries:
        add(R, KB + "verantwoordelijkMinisterie", _n(m))
    _citeertitels(add, R, bwb, meta.citeertitels)
    for g in meta.grondslag_voor.values():
        G = _n(IRIS.regeling(g.bwb_id))
        add(R, KB + "grondslagVoor", G)
        add(G, RDF_TYPE, _n(KB + "Regeling"))
        add(G, KB + "bwbId", _lit(g.bwb_id))
        if g.titel:
            add(G, DCT + "title", _lit(g.titel, "nl"))
        if g.klasse:
            add(G, RDF_TYPE, _n(KB + g.klasse))
    if meta.afgeleid:
        add(R, KB + "afgeleid", ox.Literal("true", datatype=_n(XSD + "boolean")))
    for bron in meta.afgeleid_van:
        add(R, PROV + "wasDerivedFrom", _n(bron))
    if meta.toelichting:
        add(R, RDFS + "comment", _lit(meta.toelichting, "nl"))

    # one Versie of the Regeling per consolidation
    for i, t in enumerate(toestanden):
        V = _n(IRIS.versie(reg, t.datum))
        add(R, KB + "versie", V)
        add(V, RDF_TYPE, _n(KB + "Versie"))
        add(V, KB + "geldigVanaf", _datum(t.datum))
        if i + 1 < len(toestanden):
            add(V, KB + "geldigTot", _datum(dag_ervoor(toestanden[i + 1].datum)))
        if t.toestand_iri:
            add(V, KB + "toestand", _n(t.toestand_iri))
        add(V, KB + "inwerkingtreding", _datum(t.datum))
        add(V, KB + "juriconnect", _lit(f"jci1.3:c:{bwb}&g={t.datum}"))
        add(V, KB + "wettenLink", _n(f"{WETTEN}{bwb}/{t.datum}"))
        for p, v in (("labelId", t.label_id), ("stamId", t.stam_id), ("versieId", t.versie_id)):
            if v:
                add(V, KB + p, _lit(v))

    obs, nieuwste = _waarnemingen(toestanden)
    toestand_iri = {t.datum: t.toestand_iri for t in toestanden}
    verwijzingen: dict[str, set[str]] = defaultdict(set)
    for t in toestanden:
        for d in t.delen:
            verwijzingen[d.iri] |= d.verwijzingen

    # parts: structure and labels from the newest consolidation that has them
    for iri, d in nieuwste.items():
        S = _n(iri)
        add(S, RDF_TYPE, _n(KB + KLASSE[d.soort]))
        add(S, KB + "regeling", R)
        ouder = d.ouder if d.ouder and d.ouder in nieuwste else reg
        add(S, ELI + "is_part_of", _n(ouder))
        add(_n(ouder), ELI + "has_part", S)
        add(S, ELI + "id_local", _lit(d.nummer))
        add(S, KB + "volgorde", _int(d.volgorde))
        add(S, RDFS + "label", _lit(d.label, "nl"))
        if d.opschrift:
            add(S, KB + "opschrift", _lit(d.opschrift, "nl"))
        for doel in verwijzingen.get(iri, ()):
            if doel != iri:
                add(S, KB + "verwijstNaar", _n(doel))

    eerste = toestanden[0].datum
    for iri, per_datum in obs.items():
        S = _n(iri)
        gebruikt: set[str] = set()
        groepen = _groepen(per_datum, eerste)
        vanafs = []
        for g in groepen:
            d = g.deel
            vanaf = d.inwerking or g.datums[0]
            sleutel = vanaf
            if sleutel in gebruikt:
                sleutel = g.datums[0] if g.datums[0] not in gebruikt else f"{g.datums[0]}-{len(gebruikt) + 1}"
            gebruikt.add(sleutel)
            vanafs.append((_n(IRIS.versie(iri, sleutel)), vanaf))
        for n, g in enumerate(groepen):
            d = g.deel
            V, vanaf = vanafs[n]
            add(S, KB + "versie", V)
            add(V, RDF_TYPE, _n(KB + "Versie"))
            add(V, KB + "geldigVanaf", _datum(vanaf))
            add(V, KB + "inwerkingtreding", _datum(vanaf))
            if n + 1 < len(groepen):
                volgende = vanafs[n + 1][1]
                if volgende > vanaf:
                    add(V, KB + "geldigTot", _datum(dag_ervoor(volgende)))
            if d.tekst and d.status != "vervallen":
                add(V, KB + "tekst", _lit(d.tekst, "nl"))
            if g.aard:
                add(V, KB + "wijzigingsaard", _n(wijzigingsaard(g.aard)))
            for datum in g.datums:
                if toestand_iri.get(datum):
                    add(V, KB + "toestand", _n(toestand_iri[datum]))
            for p, v in (("labelId", d.label_id), ("stamId", d.stam_id), ("versieId", d.versie_id)):
                if v:
                    add(V, KB + p, _lit(v))
            if d.jci:
                add(V, KB + "juriconnect", _lit(f"{d.jci}&g={vanaf}"))
            if d.fragment:
                add(V, KB + "wettenLink", _n(f"{WETTEN}{bwb}/{vanaf}#{d.fragment}"))
    return sorted(out, key=_volgorde_triple)


def _citeertitels(add, R, bwb: str, titels: list[Citeertitel]) -> None:
    gebruikt: dict[str, int] = {}
    for c in sorted(titels, key=lambda c: (c.geldig_vanaf or "", c.titel)):
        sleutel = c.geldig_vanaf or "onbekend"
        gebruikt[sleutel] = gebruikt.get(sleutel, 0) + 1
        if gebruikt[sleutel] > 1:
            sleutel = f"{sleutel}-{gebruikt[sleutel]}"
        C = _n(citeertitel_iri(bwb, sleutel))
        add(R, KB + "citeertitel", C)
        add(C, RDFS + "label", _lit(c.titel, "nl"))
        if c.geldig_vanaf:
            add(C, KB + "geldigVanaf", _datum(c.geldig_vanaf))
        if c.geldig_tot:
            add(C, KB + "geldigTot", _datum(c.geldig_tot))
        for a in c.afkortingen:
            add(C, KB + "afkorting", _lit(a))


_PRED_VOOR = {RDF_TYPE: "0", RDFS + "label": "1", DCT + "title": "1"}


def _natuurlijk(s: str) -> tuple:
    return tuple((0, int(x), "") if x.isdigit() else (1, 0, x) for x in re.split(r"(\d+)", s) if x)


def _volgorde_triple(t: ox.Triple) -> tuple:
    p = t.predicate.value
    return (_natuurlijk(t.subject.value), _PRED_VOOR.get(p, "2") + p, str(t.object))


#: `regel:` and `tooi:` are declared but not used: their local names hold `/`, which Turtle would escape.
_KORT = {k: v for k, v in PREFIXES.items() if k not in ("regel", "tooi")}
_KOP = "".join(f"@prefix {k}: <{v}> .\n" for k, v in PREFIXES.items()).encode("utf-8")


def serialiseer(triples: list[ox.Triple]) -> bytes:
    """Deterministic Turtle with the prefixes of docs/model.md, in that order, then the triples sorted by
    subject (natural order: artikel 2 before artikel 10), predicate and object."""
    body = ox.serialize(sorted(triples, key=_volgorde_triple), format=ox.RdfFormat.TURTLE, prefixes=_KORT)
    regels = [r for r in body.split(b"\n") if not r.startswith(b"@prefix ")]
    tekst = b"\n".join(regels).strip(b"\n")
    # a blank line between subjects keeps diffs readable
    tekst = re.sub(rb" \.\n(?=\S)", b" .\n\n", tekst)
    return _KOP + b"\n" + tekst + b"\n"


# --- reading back --------------------------------------------------------------------------------

def lees_bestand(pad: Path) -> tuple[list[Toestand], RegelingMeta]:
    """Recover the consolidations and metadata from a file written by `bouw_triples`."""
    data = pad.read_bytes()
    return lees_triples(list(ox.parse(data, format=ox.RdfFormat.TURTLE)))


def lees_triples(triples: list[ox.Triple]) -> tuple[list[Toestand], RegelingMeta]:
    po: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for t in triples:
        if isinstance(t.subject, ox.NamedNode):
            po[t.subject.value][t.predicate.value].append(t.object)

    def een(s: str, p: str):
        vals = po.get(s, {}).get(p) or []
        return sorted(vals, key=str)[0].value if vals else None

    def alle(s: str, p: str) -> list[str]:
        return sorted(v.value for v in po.get(s, {}).get(p, []))

    regelingen = [s for s, pv in po.items() if any(o.value == KB + "Regeling" for o in pv.get(RDF_TYPE, []))
                  and KB + "versie" in pv]
    if len(regelingen) != 1:
        return [], RegelingMeta()
    reg = regelingen[0]
    bwb = een(reg, KB + "bwbId")
    titel = een(reg, DCT + "title") or bwb
    meta = RegelingMeta()
    klassen = [k[len(KB):] for k in alle(reg, RDF_TYPE) if k[len(KB):] in REGELING_KLASSEN]
    meta.klasse = klassen[0] if klassen else None
    meta.afkortingen = set(alle(reg, KB + "afkorting"))
    meta.ministeries = set(alle(reg, KB + "verantwoordelijkMinisterie"))
    for c in alle(reg, KB + "citeertitel"):
        meta.citeertitels.append(Citeertitel(een(c, RDFS + "label") or "", een(c, KB + "geldigVanaf"),
                                             een(c, KB + "geldigTot"), alle(c, KB + "afkorting")))
    for g in alle(reg, KB + "grondslagVoor"):
        k = [x[len(KB):] for x in alle(g, RDF_TYPE) if x[len(KB):] in REGELING_KLASSEN]
        gid = een(g, KB + "bwbId") or g.rsplit("/", 1)[-1]
        meta.grondslag_voor[gid] = Gerelateerd(gid, een(g, DCT + "title"), k[0] if k else None)
    meta.afgeleid = een(reg, KB + "afgeleid") == "true"
    meta.afgeleid_van = set(alle(reg, PROV + "wasDerivedFrom"))
    meta.toelichting = een(reg, RDFS + "comment")

    # consolidations
    toestanden: dict[str, Toestand] = {}
    per_iri: dict[str, str] = {}
    for v in alle(reg, KB + "versie"):
        datum = een(v, KB + "geldigVanaf")
        tiri = een(v, KB + "toestand")
        m = re.search(r"/(\d+)$", tiri or "")
        t = Toestand(bwb_id=bwb, datum=datum, titel=titel, toestand_iri=tiri, index=int(m.group(1)) if m else 0,
                     klasse=meta.klasse, label_id=een(v, KB + "labelId"), stam_id=een(v, KB + "stamId"),
                     versie_id=een(v, KB + "versieId"))
        toestanden[datum] = t
        if tiri:
            per_iri[tiri] = datum

    # parts
    delen: list[Deel] = []
    for s, pv in po.items():
        if not any(o.value == reg for o in pv.get(KB + "regeling", [])):
            continue
        soorten = [SOORT_VAN_KLASSE[o.value] for o in pv.get(RDF_TYPE, []) if o.value in SOORT_VAN_KLASSE]
        if not soorten:
            continue
        ouder = een(s, ELI + "is_part_of")
        delen.append(Deel(
            iri=s, soort=soorten[0], nummer=een(s, ELI + "id_local") or "", label=een(s, RDFS + "label") or "",
            ouder=None if ouder == reg else ouder, volgorde=int(een(s, KB + "volgorde") or 0),
            opschrift=een(s, KB + "opschrift"), verwijzingen=set(alle(s, KB + "verwijstNaar")),
        ))
    delen.sort(key=lambda d: d.volgorde)
    for d in delen:
        if not d.is_bepaling:
            for t in toestanden.values():
                t.delen.append(d)
            continue
        for v in alle(d.iri, KB + "versie"):
            tekst = een(v, KB + "tekst")
            aard = een(v, KB + "wijzigingsaard")
            vervallen = tekst is None and aard == wijzigingsaard("vervallen")
            jci = een(v, KB + "juriconnect")
            link = een(v, KB + "wettenLink")
            w = replace(
                d, tekst=tekst, status="vervallen" if vervallen else "goed",
                inwerking=een(v, KB + "inwerkingtreding"), label_id=een(v, KB + "labelId"),
                stam_id=een(v, KB + "stamId"), versie_id=een(v, KB + "versieId"),
                jci=re.sub(r"&g=[^&]*$", "", jci) if jci else None,
                fragment=link.split("#", 1)[1] if link and "#" in link else None,
            )
            for tiri in alle(v, KB + "toestand"):
                datum = per_iri.get(tiri)
                if datum:
                    toestanden[datum].delen.append(w)
    for t in toestanden.values():
        t.delen.sort(key=lambda d: d.volgorde)
    return sorted(toestanden.values(), key=lambda t: t.datum), meta
