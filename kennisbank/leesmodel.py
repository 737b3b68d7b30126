"""The read model of editorial resources as JSON (knelpunt, praktijkvoorbeeld), from their triples.

One function per resource type, used by the API (api/beschrijf.py re-exports them) and by the history
(kennisbank/geschiedenis.py), so a revision and the live resource are described the same way.
`kb` needs `.iris`; `bepalingen` maps provision IRIs to (bwb, artikel, lid, onderdeel) when known.
"""

from __future__ import annotations

import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"


def laatste(iri: str) -> str:
    from urllib.parse import unquote

    return unquote(iri.rstrip("/").rsplit("/", 1)[-1])


def nn(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _by(triples: list[ox.Triple], subject) -> dict[str, list]:
    props: dict[str, list] = {}
    for t in triples:
        if t.subject == subject:
            props.setdefault(t.predicate.value, []).append(t.object)
    return props


def code(iri: str) -> str:
    """The short code of a concept / TOOI IRI: `…/mechanisme/prikkelconflict` -> `prikkelconflict`."""
    return laatste(iri)


def knelpunt_json(kb, iri: str, triples: list[ox.Triple], bepalingen: dict[str, tuple] | None = None) -> dict:
    k = _by(triples, nn(iri))
    term = kb.iris.term
    v = lambda p: [o.value for o in k.get(p, [])]
    one = lambda p: (v(p) or [None])[0]
    citeringen = []
    for c in k.get(term("citeert"), []):
        cp = _by(triples, c)
        b = (cp.get(term("bepaling")) or [None])[0]
        plek = (bepalingen or {}).get(b.value) if b is not None else None
        citeringen.append({
            "bepaling": b.value if b is not None else None,
            "regeling": plek[0] if plek else None,
            "artikel": plek[1] if plek else None,
            "lid": plek[2] if plek else None,
            "onderdeel": plek[3] if plek else None,
            "peildatum": (cp.get(term("peildatum")) or [ox.Literal("")])[0].value or None,
            "rol": (cp.get(term("rol")) or [ox.Literal("")])[0].value or None,
            # the editorial note as before (a note, never the check) and the check the build derived
            "verificatie": (cp.get(term("verificatie")) or [ox.Literal("")])[0].value or None,
            "controle": _verificatie(cp, term),
        })
    citeringen.sort(key=lambda c: (c["bepaling"] or ""))
    ident = laatste(iri)
    return {
        "id": ident,
        "iri": iri,
        "kenmerk": one(DCT + "identifier"),
        "titel": one(DCT + "title"),
        "beschrijving": one(DCT + "description"),
        "citeringen": citeringen,
        "regelingen": sorted({c["regeling"] for c in citeringen if c["regeling"]}),
        "mechanismen": sorted(code(x) for x in v(term("mechanisme"))),
        "mechanismeToelichting": one(term("mechanismeToelichting")),
        "status": code(one(term("status"))) if one(term("status")) else None,
        "domeinen": sorted(code(x) for x in v(term("domein"))),
        "doelgroepen": sorted(code(x) for x in v(term("doelgroep"))),
        "oplossingsrichtingen": sorted(code(x) for x in v(term("oplossingsrichting"))),
        "oplossing": one(term("oplossing")),
        "wetswijziging": one(term("wetswijziging")),
        "ministeries": sorted(code(x) for x in v(term("verantwoordelijkMinisterie"))),
        "experimenten": sorted(code(x) for x in v(term("experiment"))),
        "praktijkvoorbeelden": sorted(code(x) for x in v(term("onderbouwdDoor"))),
        "gesignaleerdDoor": sorted(v(term("gesignaleerdDoor"))),
        "bronnen": sorted(v(PROV + "wasDerivedFrom")),
        "bronsoorten": _bronsoorten(triples, k.get(PROV + "wasDerivedFrom", []), term),
        "geenPrimaireBron": one(term("geenPrimaireBron")),
        "uitvoerders": sorted(v(term("uitvoerder"))),
        "escalatieniveau": code(one(term("escalatieniveau"))) if one(term("escalatieniveau")) else None,
        "escalatieInstrumenten": sorted(code(x) for x in v(term("escalatieInstrument"))),
        "signaalbronnen": sorted(code(x) for x in v(term("signaalbron"))),
        "gesignaleerdOp": one(term("gesignaleerdOp")),
        "leerpunten": [_leerpunt(_by(triples, lp), term) for lp in k.get(term("leerpunt"), [])],
        "vindplaatsen": [{"iri": b, "soort": _bronsoorten(triples, [ox.NamedNode(b)], term).get(b)}
                         for b in sorted(v(term("vindplaats")))],
        "aangemaakt": one(DCT + "created"),
        "gewijzigd": one(DCT + "modified"),
        "_links": {"self": {"href": f"/v1/knelpunten/{ident}"}, "describedby": {"href": kb.iris.doc(iri)}},
    }


def praktijk_json(kb, iri: str, triples: list[ox.Triple], bepalingen: dict[str, tuple] | None = None) -> dict:
    p = _by(triples, nn(iri))
    term = kb.iris.term
    v = lambda x: [o.value for o in p.get(x, [])]
    one = lambda x: (v(x) or [None])[0]
    kosten = []
    for k in p.get(term("kosten"), []):
        kp = _by(triples, k)
        g = (kp.get(term("geldstroom")) or [None])[0]
        b = (kp.get(term("bedrag")) or [None])[0]
        per = (kp.get(term("periode")) or [None])[0]
        schatting = (kp.get(term("schatting")) or [None])[0]
        grondslag = (kp.get(term("grondslag")) or [None])[0]
        kosten.append({"geldstroom": code(g.value) if g is not None else None,
                       "bedrag": float(b.value) if b is not None else None,
                       "periode": per.value if per is not None else None,
                       "schatting": schatting is not None and schatting.value == "true",
                       "grondslag": grondslag.value if grondslag is not None else None})
    regels = []
    for b in sorted(v(term("betreftBepaling"))):
        plek = (bepalingen or {}).get(b)
        regels.append({"iri": b, "regeling": plek[0] if plek else None, "artikel": plek[1] if plek else None,
                       "lid": plek[2] if plek else None, "onderdeel": plek[3] if plek else None})
    ident = laatste(iri)
    status = one(term("beoordelingsstatus"))
    gemeente = one(term("gemeente"))
    return {
        "id": ident,
        "iri": iri,
        "titel": one(DCT + "title"),
        "beschrijving": one(DCT + "description"),
        "soort": voorbeeldsoort(one(term("voorbeeldsoort"))),
        "illustratie": voorbeeldsoort(one(term("voorbeeldsoort"))) == "illustratie",
        "gemeente": code(gemeente) if gemeente else None,
        "gemeenteBekend": gemeente is not None,
        "domeinen": sorted(code(x) for x in v(term("domein"))),
        "regels": regels,
        "knelpunten": sorted(code(x) for x in v(term("ondersteunt"))),
        "uitkomst": code(one(term("uitkomst"))) if one(term("uitkomst")) else None,
        "kosten": kosten,
        "datum": one(DCT + "date"),
        "status": code(status) if status else "gepubliceerd",
        "ingediend": one(PROV + "generatedAtTime"),
        "gepubliceerd": one(DCT + "issued"),
        "bronnen": sorted(v(PROV + "wasDerivedFrom")),
        "_links": {"self": {"href": f"/v1/praktijkvoorbeelden/{ident}"}, "describedby": {"href": kb.iris.doc(iri)}},
    }


def _verificatie(cp: dict, term) -> dict | None:
    """What the build checked the citation against (derived, kennisbank/verificatie.py); None if not checked."""
    from kennisbank.verificatie import GEVERIFIEERD, OMSCHRIJVING

    soort = (cp.get(term("tekstsoort")) or [None])[0]
    if soort is None:
        return None
    slug = code(soort.value)
    tegen = (cp.get(term("geverifieerdTegen")) or [None])[0]
    return {"tekstsoort": slug, "geverifieerd": slug in GEVERIFIEERD, "omschrijving": OMSCHRIJVING.get(slug),
            "gecontroleerdTegen": tegen.value if tegen is not None else None}


def _bronsoorten(triples: list[ox.Triple], bronnen, term) -> dict[str, str]:
    out = {}
    for b in bronnen:
        soort = (_by(triples, b).get(term("bronsoort")) or [None])[0]
        if soort is not None:
            out[b.value] = code(soort.value)
    return dict(sorted(out.items()))


def _leerpunt(lp: dict, term) -> dict:
    one = lambda p: (lp.get(p) or [ox.Literal("")])[0].value or None
    return {"omschrijving": one(DCT + "description"), "geadresseerde": one(term("geadresseerde")),
            "teruggekoppeldOp": one(term("teruggekoppeldOp")), "antwoord": one(term("antwoord")),
            "antwoordOp": one(term("antwoordOp"))}


def voorbeeldsoort(iri: str | None) -> str:
    """A case without a kind is reported as an illustration: nothing is presented as fact unmarked."""
    soort = code(iri) if iri else ""
    return soort if soort in ("praktijkgeval", "inzending") else "illustratie"


def plek_uit_rij(r) -> tuple:
    soort = r["soort"].value.rsplit("#", 1)[-1]
    nummer = r["nummer"].value
    bwb = r["bwb"].value
    if soort == "Artikel":
        return bwb, nummer, None, None
    if soort == "Lid":
        return bwb, r["ouderNummer"].value if "ouderNummer" in r else None, nummer, None
    # Onderdeel: parent is a Lid (grandparent the Artikel) or the Artikel itself
    ouder_soort = r["ouderSoort"].value.rsplit("#", 1)[-1] if "ouderSoort" in r else None
    if ouder_soort == "Lid":
        return bwb, r["opaNummer"].value if "opaNummer" in r else None, r["ouderNummer"].value, nummer
    return bwb, r["ouderNummer"].value if "ouderNummer" in r else None, None, nummer



def bepaling_plekken(kb, store, triples: list[ox.Triple]) -> dict[str, tuple]:
    """(bwb, artikel, lid, onderdeel) for every provision the triples point to, in one query."""
    from .store.base import values_lijst

    targets = sorted({t.object.value for t in triples
                      if isinstance(t.object, ox.NamedNode) and "/id/regeling/" in t.object.value})
    if not targets:
        return {}
    out = {}
    for i in range(0, len(targets), BLOK):  # small VALUES blocks: Oxigraph joins a long one much more slowly
        q = kb.q.citering_bepalingen.replace(
            "WHERE {", "WHERE {\n  " + values_lijst("b", [nn(t) for t in targets[i:i + BLOK]]), 1)
        for r in store.select(q):
            out.setdefault(r["b"].value, plek_uit_rij(r))
    return out


#: IRIs per VALUES block in batch queries (measured: benchmarks/leesmodel.py)
BLOK = 10


# --- batch loading ----------------------------------------------------------------------------------------------------
def beschrijvingen(store, q, iris: list[str]) -> dict[str, list[ox.Triple]]:
    """The concise bounded descriptions of many resources (their triples, their blank nodes' triples, and the
    derived links) in one query per BLOK resources, keyed by IRI in the order asked."""
    from .store.base import values_lijst

    out: dict[str, list[ox.Triple]] = {i: [] for i in iris}
    if not iris:
        return out
    seen: dict[str, set] = {i: set() for i in iris}
    rows = []
    for i in range(0, len(iris), BLOK):
        query = q.knelpunt_details.replace(
            "WHERE {", "WHERE {\n  " + values_lijst("k", [nn(x) for x in iris[i:i + BLOK]]), 1)
        rows += store.select(query)
    for r in rows:
        k = r["k"].value
        if k not in out:
            continue
        subject = nn(k)
        t = ox.Triple(subject, r["p"], r["o"])
        if t not in seen[k]:
            seen[k].add(t)
            out[k].append(t)
        if "cp" in r:
            t2 = ox.Triple(r["o"], r["cp"], r["co"])
            if t2 not in seen[k]:
                seen[k].add(t2)
                out[k].append(t2)
    return out


def knelpunten_json(kb, store, iris: list[str]) -> list[dict]:
    """Many knelpunten as JSON: descriptions and provision places, each in one query per BLOK IRIs."""
    alle = beschrijvingen(store, kb.q, iris)
    plekken = bepaling_plekken(kb, store, [t for ts in alle.values() for t in ts])
    return [knelpunt_json(kb, i, alle[i], plekken) for i in iris if alle[i]]


def begrippen_van(ctx, soort: str) -> list[tuple[str, str]]:
    """(code, label) of every concept of one SKOS scheme (`soort`: domein, mechanisme, doelgroep …), sorted by
    label: for choosing a concept by its name in a form, never by its internal code."""
    rows = ctx.store.select(ctx.q.prefixes + "SELECT ?c ?label WHERE { ?c skos:inScheme ?schema . "
                            "OPTIONAL { ?c skos:prefLabel ?label FILTER(lang(?label) = 'nl' || lang(?label) = '') } }",
                            {"schema": nn(ctx.iris.scheme(soort))})
    out = {}
    for r in rows:
        code = r["c"].value.rsplit("/", 1)[-1]
        out.setdefault(code, r["label"].value if r.get("label") is not None else code)
    return sorted(out.items(), key=lambda x: x[1].lower())
