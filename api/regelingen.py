"""/regelingen: laws, their articles (with leden, text on a peildatum) and what cites them."""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from .common import ARTIKEL, BWB, fouten, geen_onbekende_parameters, laatste, lit, nn, ok, parse_datum
from .fouten import ApiFout, fout, ongeldig
from .negotiation import COLLECTION, CSV, JSON, JSONLD, NTRIPLES, RESOURCE, TURTLE, csv_response, kies, prefixes, rdf_response

router = APIRouter(tags=["regelingen"], dependencies=[Depends(geen_onbekende_parameters)])

KB_KINDS = {"Artikel": "artikel", "Lid": "lid", "Onderdeel": "onderdeel"}
MEDIA_DOC = {m: {} for m in (JSON, JSONLD, TURTLE)}


def _kb(request: Request):
    return request.app.state.kb


def _bwb(bwb_id: str):
    if not BWB.match(bwb_id):
        raise ongeldig([fout("path", "bwbId", "ongeldig_bwb_id", f"'{bwb_id}' is geen geldig BWB-id (bijv. BWBR0015703).")])


def _peildatum(peildatum: str | None) -> str:
    errors: list[dict] = []
    value = parse_datum(peildatum, "peildatum", "query", errors)
    if errors:
        raise ongeldig(errors)
    return value or dt.date.today().isoformat()


def regeling_json(kb, bwb_id: str) -> dict | None:
    rows = kb.store.select(kb.q.regeling, {"r": nn(kb.iris.regeling(bwb_id))})
    if not rows:
        return None
    afk = sorted({r["afk"].value for r in rows if "afk" in r})
    soort = next((laatste(r["soort"].value).split("#")[-1] for r in rows if "soort" in r), None)
    iri = kb.iris.regeling(bwb_id)
    return {
        "bwbId": rows[0]["bwb"].value,
        "iri": iri,
        "titel": lit(rows[0].get("titel")),
        "afkortingen": afk,
        "soort": soort,
        "verantwoordelijkMinisterie": next((laatste(r["ministerie"].value) for r in rows if "ministerie" in r), None),
        "grondslagVoor": sorted({laatste(r["grondslagVoor"].value) for r in rows if "grondslagVoor" in r}),
        "bronnen": sorted({r["bron"].value for r in rows if "bron" in r}),
        "afgeleid": any(r["afgeleid"].value == "true" for r in rows if "afgeleid" in r),
        "_links": {"self": {"href": f"/v1/regelingen/{bwb_id}"}, "artikelen": {"href": f"/v1/regelingen/{bwb_id}/artikelen"},
                   "describedby": {"href": kb.iris.doc(iri)}},
    }


def _triples_of(kb, subjects: list[str]) -> list[ox.Triple]:
    from .queries import values

    if not subjects:
        return []
    out = []
    for i in range(0, len(subjects), 500):
        q = kb.q.prefixes + "SELECT ?s ?p ?o WHERE { " + values("s", [nn(s) for s in subjects[i:i + 500]]) + " ?s ?p ?o }"
        for r in kb.store.select(q):
            out.append(ox.Triple(r["s"], r["p"], r["o"]))
    return out


# --- the by-law query ----------------------------------------------------------------------------------
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")


def store_rijen(kb, bwb_id: str, peildatum: str, artikel: str | None = None) -> dict[str, list]:
    """All store queries of the by-law query (a law's articles, or one article), and nothing else.

    For a whole law: provisions, their Versie on the peildatum, citing knelpunten, the other laws those
    cite, and per article the NUMBER of public cases. For one article the cases themselves. Separate so
    the benchmark can time the raw store work beside the API (`benchmarks/api.py`).
    """
    from .queries import values

    store, q = kb.store, kb.q
    reg = nn(kb.iris.regeling(bwb_id))
    peil = ox.Literal(peildatum, datatype=XSD_DATE)
    out: dict[str, list] = {}
    if artikel is None:
        out["bepalingen"] = store.select(q.bepalingen_van_regeling, {"r": reg})
        out["versies"] = store.select(q.versies_van_regeling, {"r": reg, "peildatum": peil})
        out["knelpunten"] = store.select(q.knelpunten_van_regeling, {"r": reg})
        out["praktijk_aantallen"] = store.select(q.praktijk_aantallen_van_regeling, {"r": reg})
    else:
        top = nn(kb.iris.artikel(bwb_id, artikel))
        out["bepalingen"] = store.select(q.bepalingen_van_artikel, {"top": top})
        if not out["bepalingen"]:
            return out
        b_values = values("b", sorted({r["b"] for r in out["bepalingen"]}, key=str))
        out["versies"] = store.select(q.versies_van_artikel, {"top": top, "peildatum": peil})
        out["knelpunten"] = store.select(_met(q.knelpunten_van_bepalingen, b_values))
        out["praktijk"] = store.select(_met(q.praktijk_van_bepalingen, b_values))
    ks = sorted({r["k"] for r in out["knelpunten"]}, key=str)
    out["botsingen"] = store.select(_met(q.botsende_regelingen, values("k", ks)), {"r": reg}) if ks else []
    r2 = sorted({r["r2"] for r in out["botsingen"]}, key=str)
    out["namen"] = store.select(_met(q.regeling_namen, values("r2", r2))) if r2 else []
    return out


def _met(query: str, values_block: str) -> str:
    """The query with a VALUES block (of pyoxigraph-serialised terms) as the first line of its WHERE."""
    return query.replace("WHERE {", "WHERE {\n  " + values_block, 1)


def artikelen(kb, bwb_id: str, peildatum: str, artikel: str | None = None) -> list[dict]:
    """Articles of a law (or one), with leden/onderdelen, text on `peildatum`, knelpunten, cases, collisions.

    For a whole law the structure and texts (provisions and their Versie on the peildatum, assembled into a
    `Skelet`) come from a memo that lives as long as the build (`Kennisbank.bouwgeheugen()`), and the case
    counts from a memo emptied by every review; the knelpunten are always asked live (the API can add them).
    """
    if artikel is not None:
        return stel_samen(kb, bwb_id, store_rijen(kb, bwb_id, peildatum, artikel), True)
    geheugen = kb.bouwgeheugen()
    sleutel = ("skelet", bwb_id, peildatum)
    sk = geheugen.get(sleutel)
    if sk is None:
        rijen = {"bepalingen": kb.store.select(kb.q.bepalingen_van_regeling, {"r": nn(kb.iris.regeling(bwb_id))}),
                 "versies": kb.store.select(kb.q.versies_van_regeling, {"r": nn(kb.iris.regeling(bwb_id)),
                                                                        "peildatum": ox.Literal(peildatum, datatype=XSD_DATE)})}
        sk = geheugen.put(sleutel, skelet(kb, bwb_id, rijen, False))
    rijen = levende_rijen(kb, bwb_id)
    generatie = kb.publicaties  # read BEFORE the query: a review during it makes the next request ask again
    bewaard = geheugen.get(("aantallen", bwb_id))
    if bewaard is not None and bewaard[0] == generatie:
        rijen["praktijk_aantallen"] = bewaard[1]
    else:
        rijen["praktijk_aantallen"] = kb.store.select(kb.q.praktijk_aantallen_van_regeling, {"r": nn(kb.iris.regeling(bwb_id))})
        geheugen.put(("aantallen", bwb_id), (generatie, rijen["praktijk_aantallen"]))
    return vul_in(kb, bwb_id, sk, rijen, False)


def levende_rijen(kb, bwb_id: str) -> dict[str, list]:
    """The parts of the whole-law query that change between builds: the citing knelpunten and what they collide with."""
    from .queries import values

    store, q = kb.store, kb.q
    reg = nn(kb.iris.regeling(bwb_id))
    out = {"knelpunten": store.select(q.knelpunten_van_regeling, {"r": reg})}
    ks = sorted({r["k"] for r in out["knelpunten"]}, key=str)
    out["botsingen"] = store.select(_met(q.botsende_regelingen, values("k", ks)), {"r": reg}) if ks else []
    r2 = sorted({r["r2"] for r in out["botsingen"]}, key=str)
    out["namen"] = store.select(_met(q.regeling_namen, values("r2", r2))) if r2 else []
    return out


def stel_samen(kb, bwb_id: str, rijen: dict[str, list], een: bool) -> list[dict]:
    """The JSON of the articles from the rows of `store_rijen` (no store access)."""
    return vul_in(kb, bwb_id, skelet(kb, bwb_id, rijen, een), rijen, een)


class Skelet:
    """A law's (or one article's) articles with their leden and texts on one peildatum: everything of the
    by-law answer that only a build changes. Shared between requests, so never modified after `skelet()`."""

    __slots__ = ("artikelen", "artikel_van")

    def __init__(self, artikelen: list[dict], artikel_van: dict[str, str]):
        self.artikelen = artikelen  # article templates, in order
        self.artikel_van = artikel_van  # provision IRI -> its article's IRI


def skelet(kb, bwb_id: str, rijen: dict[str, list], een: bool) -> Skelet:
    """The structure part of `stel_samen`: provisions, tree, Versie on the peildatum (rows `bepalingen`, `versies`)."""
    nodes: dict[str, dict] = {}
    parent: dict[str, str] = {}
    for r in rijen["bepalingen"]:
        iri = r["b"].value
        soort = KB_KINDS.get(r["soort"].value.rsplit("#", 1)[-1])
        if soort is None or iri in nodes:
            continue
        volgorde = r.get("volgorde")
        try:
            volgorde = int(volgorde.value) if volgorde is not None else 0
        except ValueError:
            volgorde = 0
        nodes[iri] = {"iri": iri, "soort": soort, "nummer": r["nummer"].value, "label": lit(r.get("label")),
                      "opschrift": lit(r.get("opschrift")), "volgorde": volgorde, "tekst": None, "versie": None}
        if "ouder" in r:
            parent[iri] = r["ouder"].value
    # newest version valid on the peildatum wins
    for r in sorted(rijen.get("versies", []), key=lambda r: lit(r.get("van")) or ""):
        n = nodes.get(r["b"].value)
        if n is None:
            continue
        n["tekst"] = lit(r.get("tekst")) or lit(r.get("samenvatting"))
        n["versie"] = {"iri": r["v"].value, "geldigVanaf": lit(r.get("van")), "geldigTot": lit(r.get("tot")),
                       "wettenLink": lit(r.get("wettenLink")), "juriconnect": lit(r.get("jci")),
                       "wijzigingsaard": laatste(r["aard"].value) if "aard" in r else None,
                       "officieleTekst": "tekst" in r}

    artikel_van: dict[str, str] = {}
    for iri in nodes:
        cur, seen = iri, 0
        while cur in nodes and nodes[cur]["soort"] != "artikel" and seen < 10:
            cur, seen = parent.get(cur, ""), seen + 1
        if cur in nodes and nodes[cur]["soort"] == "artikel":
            artikel_van[iri] = cur

    children: dict[str, list[dict]] = {}
    for iri, n in nodes.items():
        if n["soort"] != "artikel":
            children.setdefault(parent.get(iri, ""), []).append(n)

    def sub(iri: str, depth: int = 0) -> list[dict]:
        out = []
        for c in sorted(children.get(iri, ()), key=lambda c: (c["volgorde"], c["nummer"])):
            item = {"iri": c["iri"], "soort": c["soort"], "nummer": c["nummer"], "tekst": c["tekst"], "versie": c["versie"]}
            kids = sub(c["iri"], depth + 1) if depth < 10 else []
            if kids:
                item["onderdelen"] = kids
            out.append(item)
        return out

    arts = [n for n in nodes.values() if n["soort"] == "artikel"]
    arts.sort(key=lambda n: (n["volgorde"], n["nummer"]))
    templates = []
    for n in arts:
        iri = n["iri"]
        templates.append({
            "iri": iri, "regeling": bwb_id, "nummer": n["nummer"], "label": n["label"] or f"Artikel {n['nummer']}",
            "opschrift": n["opschrift"], "tekst": n["tekst"], "versie": n["versie"], "leden": sub(iri),
            "_links": {"self": {"href": f"/v1/regelingen/{bwb_id}/artikelen/{n['nummer']}"},
                       "describedby": {"href": kb.iris.doc(iri)}},
        })
    return Skelet(templates, artikel_van)


def vul_in(kb, bwb_id: str, sk: Skelet, rijen: dict[str, list], een: bool) -> list[dict]:
    """The answer: a fresh dict per article (the skeleton's leden and texts are shared, read-only) with the
    knelpunten, collisions and cases (or their number) from the live rows."""
    arts: dict[str, dict] = {}
    for t in sk.artikelen:
        a = dict(t)
        links = a.pop("_links")
        a.update(knelpunten={}, aantalKnelpunten=0, aantalPraktijkvoorbeelden=0, botstMet={}, _links=links)
        if een:
            a["praktijkvoorbeelden"] = {}
        arts[a["iri"]] = a
    art = sk.artikel_van.get

    namen = {r["r2"].value: r for r in rijen.get("namen", [])}
    botst: dict[str, list[str]] = {}
    for r in rijen.get("botsingen", []):
        botst.setdefault(r["k"].value, []).append(r["r2"].value)
    for r in rijen.get("knelpunten", []):
        a = arts.get(art(r["b"].value))
        if a is None:
            continue
        k = r["k"].value
        entry = a["knelpunten"].get(k)
        if entry is None:
            entry = a["knelpunten"][k] = {"id": laatste(k), "iri": k, "titel": lit(r.get("ktitel")), "via": []}
            for r2 in botst.get(k, ()):
                if r2 not in a["botstMet"]:
                    naam = namen.get(r2, {})
                    a["botstMet"][r2] = {"bwbId": lit(naam.get("bwb2")) or laatste(r2), "iri": r2,
                                         "titel": lit(naam.get("titel2"))}
        if r["b"].value not in entry["via"]:
            entry["via"].append(r["b"].value)
    for r in rijen.get("praktijk_aantallen", []):
        a = arts.get(r["a"].value)
        if a is not None:
            a["aantalPraktijkvoorbeelden"] = int(r["aantal"].value)
    for r in rijen.get("praktijk", []):
        a = arts.get(art(r["b"].value))
        if a is None:
            continue
        p = r["p"].value
        entry = a["praktijkvoorbeelden"].setdefault(p, {"id": laatste(p), "iri": p, "titel": lit(r.get("ptitel")), "via": []})
        if r["b"].value not in entry["via"]:
            entry["via"].append(r["b"].value)

    out = []
    for a in arts.values():
        a["knelpunten"] = sorted(a["knelpunten"].values(), key=lambda x: x["id"])
        a["aantalKnelpunten"] = len(a["knelpunten"])
        if een:
            a["praktijkvoorbeelden"] = sorted(a["praktijkvoorbeelden"].values(), key=lambda x: x["id"])
            a["aantalPraktijkvoorbeelden"] = len(a["praktijkvoorbeelden"])
        a["botstMet"] = sorted(a["botstMet"].values(), key=lambda x: x["bwbId"])
        out.append(a)
    return out


# --- routes -------------------------------------------------------------------------------------------------
@router.get("/regelingen", operation_id="regelingenLijst", summary="Alle regelingen in de kennisbank",
            responses={200: ok("Lijst van regelingen", {m: {} for m in (JSON, JSONLD, TURTLE, CSV)}), **fouten(406)})
def regelingen_lijst(request: Request):
    kb = _kb(request)
    media = kies(request, COLLECTION)
    rows = kb.store.select(kb.q.regelingen)
    items: dict[str, dict] = {}
    for r in rows:
        bwb = r["bwb"].value
        it = items.setdefault(bwb, {"bwbId": bwb, "iri": r["r"].value, "titel": lit(r.get("titel")),
                                    "afkortingen": sorted(a for a in (lit(r.get("afkortingen")) or "").split("|") if a),
                                    "soort": None, "_links": {"self": {"href": f"/v1/regelingen/{bwb}"}}})
        if "soort" in r and it["soort"] is None:
            it["soort"] = r["soort"].value.rsplit("#", 1)[-1]
    lijst = sorted(items.values(), key=lambda x: x["bwbId"])
    if media == CSV:
        return csv_response(lijst, ["bwbId", "titel", "afkortingen", "soort", "iri"])
    if media in (JSONLD, TURTLE, NTRIPLES):
        return rdf_response(_triples_of(kb, [x["iri"] for x in lijst]), media, prefixes(kb.iris.kb, kb.iris.base))
    return {"regelingen": lijst, "totaal": len(lijst), "_links": {"self": {"href": "/v1/regelingen"}}}


@router.get("/regelingen/{bwbId}", operation_id="regelingOphalen", summary="Eén regeling",
            responses={200: ok("De regeling", MEDIA_DOC), **fouten(400, 404, 406)})
def regeling_ophalen(request: Request, bwbId: str):
    kb = _kb(request)
    _bwb(bwbId)
    media = kies(request, RESOURCE)
    data = regeling_json(kb, bwbId)
    if data is None:
        raise ApiFout(404, f"Er is geen regeling met BWB-id '{bwbId}' in de kennisbank.")
    if media != JSON:
        return rdf_response(_triples_of(kb, [data["iri"]]), media, prefixes(kb.iris.kb, kb.iris.base))
    return data


@router.get("/regelingen/{bwbId}/artikelen", operation_id="artikelenLijst",
            summary="De artikelen van een regeling, met leden, tekst op een peildatum, knelpunten en het aantal praktijkvoorbeelden",
            responses={200: ok("Artikelen", {m: {} for m in (JSON, JSONLD, TURTLE, CSV)}), **fouten(400, 404, 406)})
def artikelen_lijst(request: Request, bwbId: str,
                    peildatum: str | None = Query(None, description="Datum (JJJJ-MM-DD) waarop de tekst geldt; standaard vandaag")):
    kb = _kb(request)
    _bwb(bwbId)
    peil = _peildatum(peildatum)
    media = kies(request, COLLECTION)
    lijst = artikelen(kb, bwbId, peil)
    if not lijst and regeling_json(kb, bwbId) is None:
        raise ApiFout(404, f"Er is geen regeling met BWB-id '{bwbId}' in de kennisbank.")
    if media == CSV:
        rows = [dict(a, versie=(a["versie"] or {}).get("iri")) for a in lijst]
        return csv_response(rows, ["nummer", "label", "opschrift", "tekst", "versie", "knelpunten",
                                   "aantalPraktijkvoorbeelden", "botstMet", "iri"])
    if media != JSON:
        iris = [a["iri"] for a in lijst]
        return rdf_response(_triples_of(kb, iris), media, prefixes(kb.iris.kb, kb.iris.base))
    # plain JSON data already: skip FastAPI's jsonable_encoder (a walk over every node of the answer)
    return JSONResponse({"regeling": bwbId, "peildatum": peil, "artikelen": lijst, "totaal": len(lijst),
                         "_links": {"self": {"href": f"/v1/regelingen/{bwbId}/artikelen"},
                                    "regeling": {"href": f"/v1/regelingen/{bwbId}"}}})


@router.get("/regelingen/{bwbId}/artikelen/{artikel}", operation_id="artikelOphalen",
            summary="Eén artikel met leden, tekst op een peildatum, knelpunten, praktijkvoorbeelden en botsende regelingen",
            responses={200: ok("Het artikel", MEDIA_DOC), **fouten(400, 404, 406)})
def artikel_ophalen(request: Request, bwbId: str, artikel: str,
                    peildatum: str | None = Query(None, description="Datum (JJJJ-MM-DD) waarop de tekst geldt; standaard vandaag")):
    kb = _kb(request)
    errors = []
    if not BWB.match(bwbId):
        errors.append(fout("path", "bwbId", "ongeldig_bwb_id", f"'{bwbId}' is geen geldig BWB-id."))
    if not ARTIKEL.match(artikel):
        errors.append(fout("path", "artikel", "ongeldig_artikel", f"'{artikel}' is geen geldig artikelnummer."))
    parse_datum(peildatum, "peildatum", "query", errors)
    if errors:
        raise ongeldig(errors)
    peil = peildatum or dt.date.today().isoformat()
    media = kies(request, RESOURCE)
    lijst = artikelen(kb, bwbId, peil, artikel)
    if not lijst:
        raise ApiFout(404, f"Artikel {artikel} van regeling {bwbId} staat niet in de kennisbank.")
    a = lijst[0]
    if media != JSON:
        subjects = [a["iri"]] + [lid["iri"] for lid in _flatten(a["leden"])]
        subjects += [x["versie"]["iri"] for x in [a] + _flatten(a["leden"]) if x.get("versie")]
        return rdf_response(_triples_of(kb, subjects), media, prefixes(kb.iris.kb, kb.iris.base))
    a["peildatum"] = peil
    return JSONResponse(a)


def _flatten(items: list[dict]) -> list[dict]:
    out = []
    for i in items:
        out.append(i)
        out.extend(_flatten(i.get("onderdelen", [])))
    return out
