"""Signals and derived norms as RDF, for the graph `{base}/graaf/afgeleid/signalering` of the public store.

- `kb:Signaal` (`{base}/id/signaal/{id}`): `kb:signaalsoort` (string), `kb:betreft` (→ Bepaling, ≥ 2),
  `kb:score` (xsd:decimal), `kb:uitleg` (@nl), `dct:identifier`, `kb:herbeoordeelt` (→ Knelpunt, for
  "gewijzigd sinds"), `prov:wasGeneratedBy` the signalering activity.
- `kb:AfgeleideNorm` (a `kb:Norm`, `{provision}/norm/afgeleid-{n}`): `kb:normVan`, `kb:normtype`,
  `kb:handeling`, `kb:doelgroep`, `kb:richting`, `kb:zekerheid` (xsd:decimal 0..1), `kb:bronzin` (@nl: the
  sentence it was read from), `prov:wasDerivedFrom` (→ the Versie whose text it read),
  `prov:wasGeneratedBy` the activity.
"""

from __future__ import annotations

import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def graaf(base: str) -> str:
    return f"{base}/graaf/afgeleid/signalering"


def signaal_iri(base: str, ident: str) -> str:
    return f"{base}/id/signaal/{ident}"


def triples(resultaat, base: str, kb: str) -> list[ox.Triple]:
    N, L, T = ox.NamedNode, ox.Literal, ox.Triple
    dec = N(XSD + "decimal")
    activiteit = N(f"{base}/id/signalering")
    out = [T(activiteit, N(RDF_TYPE), N(PROV + "Activity")),
           T(activiteit, N(RDFS + "label"), L("Signalering: afgeleide normen en signalen uit de wetteksten", language="nl"))]
    g = resultaat.gegevens
    for unit, lst in resultaat.normen.items():
        versie = None
        b = g.bepalingen.get(unit)
        if b is not None:
            v = b.geldig(g.vandaag)
            versie = v.iri if v else None
        for n in lst:
            if not n.afgeleid:
                continue
            s = N(n.iri)
            out += [T(s, N(RDF_TYPE), N(kb + "Norm")), T(s, N(RDF_TYPE), N(kb + "AfgeleideNorm")),
                    T(s, N(kb + "normVan"), N(unit)),
                    T(s, N(kb + "normtype"), N(f"{base}/id/normtype/{n.normtype}")),
                    T(s, N(kb + "richting"), N(f"{base}/id/richting/{n.richting}")),
                    T(s, N(kb + "zekerheid"), L(f"{n.zekerheid:.3f}", datatype=dec)),
                    T(s, N(kb + "bronzin"), L(n.zin, language="nl")),
                    T(s, N(PROV + "wasGeneratedBy"), activiteit)]
            if n.handeling:
                out.append(T(s, N(kb + "handeling"), N(n.handeling)))
            if n.doelgroep:
                out.append(T(s, N(kb + "doelgroep"), N(n.doelgroep)))
            if versie:
                out.append(T(s, N(PROV + "wasDerivedFrom"), N(versie)))
    for sg in resultaat.signalen:
        out += signaal_triples({"id": sg.id, "soort": sg.soort, "score": sg.score, "uitleg": sg.uitleg,
                                "bepalingen": sg.bepalingen, "knelpunt": sg.knelpunt}, base, kb)
    return out


def signaal_triples(d: dict, base: str, kb: str) -> list[ox.Triple]:
    """The triples of one signal, from its stored form (`opslag.signaal_dict`): the build and the incremental
    update after a publication write the same shape."""
    N, L, T = ox.NamedNode, ox.Literal, ox.Triple
    s = N(signaal_iri(base, d["id"]))
    out = [T(s, N(RDF_TYPE), N(kb + "Signaal")), T(s, N(RDF_TYPE), N(PROV + "Entity")),
           T(s, N(DCT + "identifier"), L(d["id"])), T(s, N(kb + "signaalsoort"), L(d["soort"])),
           T(s, N(kb + "score"), L(f"{float(d['score']):.4f}", datatype=N(XSD + "decimal"))),
           T(s, N(kb + "uitleg"), L(d["uitleg"], language="nl")),
           T(s, N(PROV + "wasGeneratedBy"), N(f"{base}/id/signalering"))]
    out += [T(s, N(kb + "betreft"), N(b)) for b in dict.fromkeys(d["bepalingen"])]
    if d.get("knelpunt"):
        out.append(T(s, N(kb + "herbeoordeelt"), N(d["knelpunt"])))
    return out
