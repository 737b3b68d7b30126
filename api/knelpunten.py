"""/knelpunten: read for everyone; create and change for projectleiders."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from kennisbank.iri import gemeente as gemeente_iri, ministerie as ministerie_iri
from kennisbank.privacy import controleer_velden

from .auth import projectleider
from .beschrijf import beschrijving, bepaling_plekken, knelpunt_json
from .common import SLUG, Pagina, fouten, geen_onbekende_parameters, json_body, laatste, nn, ok
from .fouten import ApiFout, fout, ongeldig
from .herkenning import werk_index_bij
from .negotiation import COLLECTION, CSV, JSON, JSONLD, NTRIPLES, RESOURCE, TURTLE, csv_response, kies, prefixes, rdf_response
from .queries import first_values

router = APIRouter(tags=["knelpunten"], dependencies=[Depends(geen_onbekende_parameters)])
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"
N, L = ox.NamedNode, ox.Literal
_CODE = re.compile(r"[a-z0-9][a-z0-9\-]{0,80}\Z")

FILTERS = ("regeling", "artikel", "mechanisme", "status", "domein", "gemeente", "ministerie", "doelgroep")


def _kb(request: Request):
    return request.app.state.kb


def _filter_terms(kb, params: dict[str, str | None]) -> dict[str, list[ox.NamedNode]]:
    """Query filters -> IRIs; several values comma-separated. Unknown values are a 400 listing all."""
    iris = kb.iris
    errors, out = [], {}
    for key in FILTERS:
        raw = params.get(key)
        if raw is None or raw == "":
            continue
        terms = []
        for value in [v.strip() for v in raw.split(",") if v.strip()]:
            if key == "regeling":
                iri = iris.regeling(value) if re.fullmatch(r"[A-Za-z0-9\-]{3,40}", value) else None
            elif key == "artikel":
                reg = params.get("regeling")
                if not reg or "," in reg:
                    errors.append(fout("query", "artikel", "regeling_nodig", "Geef bij 'artikel' ook één 'regeling' op."))
                    break
                iri = iris.artikel(reg.strip(), value) if re.fullmatch(r"[0-9A-Za-z.:\-]{1,30}", value) else None
            elif key == "gemeente":
                iri = gemeente_iri(value) if re.fullmatch(r"gm\d{4}", value.lower()) else None
            elif key == "ministerie":
                iri = ministerie_iri(value) if re.fullmatch(r"mnre\d{4}", value.lower()) else None
            else:
                iri = iris.concept(key, value) if _CODE.match(value) else None
            if iri is None or not kb.store.ask(kb.q.bestaat, {"s": nn(iri)}):
                errors.append(fout("query", key, f"onbekend_{key}", f"'{value}' is geen bekende waarde voor '{key}'."))
                continue
            terms.append(nn(iri))
        if terms:
            out[key] = terms
    if errors:
        raise ongeldig(errors)
    return out


def _details(kb, iris: list[str]) -> list[dict]:
    out = []
    for iri in iris:
        triples = beschrijving(kb.store, kb.q, iri)
        out.append(knelpunt_json(kb, iri, triples, bepaling_plekken(kb, kb.store, triples)))
    return out


@router.get("/knelpunten", operation_id="knelpuntenLijst", summary="Knelpunten, te filteren op regeling, artikel, mechanisme …",
            responses={200: ok("Knelpunten", {m: {} for m in (JSON, JSONLD, TURTLE, CSV)},
                               {"X-Total-Count": {"description": "Totaal aantal", "schema": {"type": "integer"}}}),
                       **fouten(400, 406)})
def knelpunten_lijst(
    request: Request,
    regeling: str | None = Query(None, description="BWB-id, bijv. BWBR0015703"),
    artikel: str | None = Query(None, description="Artikelnummer binnen 'regeling', bijv. 22a"),
    mechanisme: str | None = Query(None, description="Code van een mechanisme"),
    status: str | None = Query(None, description="Code van een status"),
    domein: str | None = Query(None, description="Code van een domein"),
    gemeente: str | None = Query(None, description="TOOI-code van een gemeente, bijv. gm0772"),
    ministerie: str | None = Query(None, description="TOOI-code van een ministerie, bijv. mnre1073"),
    doelgroep: str | None = Query(None, description="Code van een doelgroep"),
    pagina: int = Query(1, ge=1, le=100000, description="Paginanummer"),
    paginaGrootte: int = Query(20, ge=1, le=100, description="Aantal per pagina"),
):
    kb = _kb(request)
    media = kies(request, COLLECTION)
    filters = _filter_terms(kb, dict(regeling=regeling, artikel=artikel, mechanisme=mechanisme, status=status,
                                     domein=domein, gemeente=gemeente, ministerie=ministerie, doelgroep=doelgroep))
    query = kb.q.knelpunten_lijst(filters).replace("{VALUES}", first_values(filters))
    rows = kb.store.select(query)
    seen, alle = set(), []
    for r in rows:
        if r["k"].value not in seen:
            seen.add(r["k"].value)
            alle.append(r["k"].value)
    p = Pagina(request, pagina, paginaGrootte)
    items = _details(kb, p.slice(alle))
    headers = p.headers(len(alle))
    if media == CSV:
        return csv_response(items, ["id", "kenmerk", "titel", "status", "mechanismen", "domeinen", "regelingen",
                                    "ministeries", "iri"], headers=headers)
    if media != JSON:
        triples = [t for it in items for t in beschrijving(kb.store, kb.q, it["iri"])]
        return rdf_response(triples, media, prefixes(kb.iris.kb, kb.iris.base), headers=headers)
    return JSONResponse({"knelpunten": items, "totaal": len(alle), "pagina": pagina, "paginaGrootte": paginaGrootte,
                         "_links": p.links(len(alle))}, headers=headers)


@router.get("/knelpunten/{id}", operation_id="knelpuntOphalen", summary="Eén knelpunt",
            responses={200: ok("Het knelpunt", {m: {} for m in (JSON, JSONLD, TURTLE)}), **fouten(400, 404, 406)})
def knelpunt_ophalen(request: Request, id: str):
    kb = _kb(request)
    if not SLUG.match(id):
        raise ongeldig([fout("path", "id", "ongeldig_id", f"'{id}' is geen geldige code van een knelpunt.")])
    media = kies(request, RESOURCE)
    iri = kb.iris.knelpunt(id)
    triples = beschrijving(kb.store, kb.q, iri)
    if not any(t.predicate.value == RDF_TYPE and t.object.value == kb.iris.term("Knelpunt") for t in triples):
        raise ApiFout(404, f"Er is geen knelpunt '{id}'.")
    if media != JSON:
        return rdf_response(triples, media, prefixes(kb.iris.kb, kb.iris.base))
    return knelpunt_json(kb, iri, triples, bepaling_plekken(kb, kb.store, triples))


# --- writing -------------------------------------------------------------------------------------------------
VELDEN = {"id", "kenmerk", "titel", "beschrijving", "citeringen", "mechanismen", "mechanismeToelichting", "status",
          "domeinen", "doelgroepen", "oplossingsrichtingen", "oplossing", "wetswijziging", "ministeries",
          "experimenten", "praktijkvoorbeelden", "gesignaleerdDoor", "bronnen"}
TEKST = {"titel": DCT + "title", "beschrijving": DCT + "description", "mechanismeToelichting": "mechanismeToelichting",
         "oplossing": "oplossing", "wetswijziging": "wetswijziging"}
BEGRIP = {"mechanismen": ("mechanisme", "mechanisme"), "domeinen": ("domein", "domein"),
          "doelgroepen": ("doelgroep", "doelgroep"), "oplossingsrichtingen": ("oplossingsrichting", "oplossingsrichting")}

#: SHACL path -> field, to map violations back to the JSON.
PAD_VELD = {DCT + "title": "/titel", DCT + "description": "/beschrijving", DCT + "identifier": "/kenmerk",
            "citeert": "/citeringen", PROV + "wasDerivedFrom": "/bronnen", "mechanisme": "/mechanismen",
            "status": "/status", "domein": "/domeinen", "doelgroep": "/doelgroepen",
            "oplossingsrichting": "/oplossingsrichtingen", "mechanismeToelichting": "/mechanismeToelichting",
            "oplossing": "/oplossing", "wetswijziging": "/wetswijziging", "verantwoordelijkMinisterie": "/ministeries",
            "experiment": "/experimenten", "onderbouwdDoor": "/praktijkvoorbeelden", "gesignaleerdDoor": "/gesignaleerdDoor",
            "bepaling": "/citeringen", "peildatum": "/citeringen", "rol": "/citeringen"}


def slugify(text: str) -> str:
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    return t[:60].rstrip("-") or "knelpunt"


def _pred(kb, p: str) -> ox.NamedNode:
    return N(p if p.startswith("http") else kb.iris.term(p))


def _velden(kb, subject: ox.NamedNode, data: dict, errors: list[dict]) -> tuple[list[ox.Triple], set[str]]:
    """Triples for the fields in `data`; returns them and the predicates they replace."""
    iris, t, touched = kb.iris, [], set()
    term = iris.term

    def lijst(naam):
        v = data[naam]
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, (str, dict)) for x in v):
            errors.append(fout("body", f"/{naam}", "geen_lijst", f"'{naam}' moet een lijst zijn."))
            return []
        return v

    for naam, p in TEKST.items():
        if naam in data:
            touched.add(_pred(kb, p).value)
            v = data[naam]
            if v is None:
                continue
            if not isinstance(v, str) or not v.strip() or len(v) > 20000:
                errors.append(fout("body", f"/{naam}", "geen_tekst", f"'{naam}' moet een niet-lege tekst zijn."))
                continue
            t.append(ox.Triple(subject, _pred(kb, p), L(v.strip(), language="nl")))
    if "kenmerk" in data:
        touched.add(DCT + "identifier")
        if data["kenmerk"] is not None:
            if not isinstance(data["kenmerk"], str) or not re.fullmatch(r"[A-Za-z0-9\-]{1,20}", data["kenmerk"]):
                errors.append(fout("body", "/kenmerk", "ongeldig_kenmerk", "Een kenmerk is kort, bijvoorbeeld KP-44."))
            else:
                t.append(ox.Triple(subject, N(DCT + "identifier"), L(data["kenmerk"])))
    for naam, (kind, prop) in BEGRIP.items():
        if naam in data:
            touched.add(term(prop))
            for i, v in enumerate(lijst(naam)):
                if not isinstance(v, str) or not _CODE.match(v):
                    errors.append(fout("body", f"/{naam}/{i}", "ongeldige_code", f"'{v}' is geen geldige code."))
                    continue
                t.append(ox.Triple(subject, N(term(prop)), N(iris.concept(kind, v))))
    if "status" in data:
        touched.add(term("status"))
        v = data["status"]
        if v is not None:
            if not isinstance(v, str) or not _CODE.match(v):
                errors.append(fout("body", "/status", "ongeldige_code", "De status is een code, bijv. gesignaleerd."))
            else:
                t.append(ox.Triple(subject, N(term("status")), N(iris.concept("status", v))))
    if "ministeries" in data:
        touched.add(term("verantwoordelijkMinisterie"))
        for i, v in enumerate(lijst("ministeries")):
            if not isinstance(v, str) or not re.fullmatch(r"mnre\d{4}", v.lower()):
                errors.append(fout("body", f"/ministeries/{i}", "ongeldige_code", f"'{v}' is geen TOOI-code van een ministerie (mnre…)."))
            else:
                t.append(ox.Triple(subject, N(term("verantwoordelijkMinisterie")), N(ministerie_iri(v))))
    for naam, prop, mint in (("experimenten", "experiment", iris.experiment),
                             ("praktijkvoorbeelden", "onderbouwdDoor", iris.praktijkvoorbeeld)):
        if naam in data:
            touched.add(term(prop))
            for i, v in enumerate(lijst(naam)):
                if not isinstance(v, str) or not (SLUG.match(v) or v.startswith(iris.base + "/id/")):
                    errors.append(fout("body", f"/{naam}/{i}", "ongeldige_code", f"'{v}' is geen geldige code."))
                else:
                    t.append(ox.Triple(subject, N(term(prop)), N(v if v.startswith("http") else mint(v))))
    if "gesignaleerdDoor" in data:
        touched.add(term("gesignaleerdDoor"))
        for i, v in enumerate(lijst("gesignaleerdDoor")):
            if isinstance(v, str) and re.fullmatch(r"gm\d{4}", v.lower()):
                t.append(ox.Triple(subject, N(term("gesignaleerdDoor")), N(gemeente_iri(v))))
            elif isinstance(v, str) and re.fullmatch(r"mnre\d{4}", v.lower()):
                t.append(ox.Triple(subject, N(term("gesignaleerdDoor")), N(ministerie_iri(v))))
            elif isinstance(v, str) and v.startswith("https://"):
                try:
                    t.append(ox.Triple(subject, N(term("gesignaleerdDoor")), N(v)))
                except ValueError:
                    errors.append(fout("body", f"/gesignaleerdDoor/{i}", "ongeldige_iri", f"'{v}' is geen geldige IRI."))
            else:
                errors.append(fout("body", f"/gesignaleerdDoor/{i}", "ongeldige_code",
                                   "Gebruik een TOOI-code (gm…, mnre…) of de IRI van een organisatie."))
    if "bronnen" in data:
        touched.add(PROV + "wasDerivedFrom")
        for i, v in enumerate(lijst("bronnen")):
            url, titel = (v, None) if isinstance(v, str) else (v.get("url"), v.get("titel"))
            if not isinstance(url, str) or not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]{3,2000}", url):
                errors.append(fout("body", f"/bronnen/{i}", "ongeldige_url", "Een bron is een webadres (https://…)."))
                continue
            bron = N(url)
            t.append(ox.Triple(subject, N(PROV + "wasDerivedFrom"), bron))
            t.append(ox.Triple(bron, N(RDF_TYPE), N(term("Bron"))))
            if isinstance(titel, str) and titel.strip():
                t.append(ox.Triple(bron, N(DCT + "title"), L(titel.strip(), language="nl")))
    return t, touched


def _citeringen(kb, subject, data: dict, errors: list[dict]) -> list[ox.Triple]:
    term = kb.iris.term
    raw = data["citeringen"]
    if not isinstance(raw, list):
        errors.append(fout("body", "/citeringen", "geen_lijst", "'citeringen' moet een lijst zijn."))
        return []
    herkenner = kb.herkenner()
    out = []
    today = dt.date.today().isoformat()
    for i, c in enumerate(raw):
        item = {"bepaling": c} if isinstance(c, str) else c
        if not isinstance(item, dict) or not isinstance(item.get("bepaling"), str):
            errors.append(fout("body", f"/citeringen/{i}", "ongeldige_citering",
                               "Een citering is een tekst ('art. 22a Pw'), een IRI, of een object met 'bepaling'."))
            continue
        onbekend = set(item) - {"bepaling", "peildatum", "rol", "verificatie"}
        for k in sorted(onbekend):
            errors.append(fout("body", f"/citeringen/{i}/{k}", "onbekend_veld", f"Het veld '{k}' bestaat niet in een citering."))
        found, resolved = herkenner.los_op(item["bepaling"])
        if not resolved:
            errors.append(fout("body", f"/citeringen/{i}/bepaling", "onbekende_bepaling",
                               f"'{item['bepaling']}' kon niet aan een bekend artikel, lid of onderdeel worden gekoppeld."))
            continue
        peil = item.get("peildatum") or today
        try:
            if not isinstance(peil, str) or len(peil) != 10:
                raise ValueError
            dt.date.fromisoformat(peil)
        except ValueError:
            errors.append(fout("body", f"/citeringen/{i}/peildatum", "ongeldige_datum", f"'{peil}' is geen geldige datum (JJJJ-MM-DD)."))
            continue
        for v in found:
            node = ox.BlankNode()
            out += [ox.Triple(subject, N(term("citeert")), node), ox.Triple(node, N(RDF_TYPE), N(term("Citering"))),
                    ox.Triple(node, N(term("bepaling")), N(v["iri"])),
                    ox.Triple(node, N(term("peildatum")), L(peil, datatype=N(XSD + "date")))]
            for k in ("rol", "verificatie"):
                if isinstance(item.get(k), str) and item[k].strip():
                    out.append(ox.Triple(node, N(term(k)), L(item[k].strip(), language="nl")))
    return out


def _controleer(kb, triples: list[ox.Triple]) -> list[dict]:
    """Unknown concepts (not in their scheme) and SHACL violations, mapped back to fields."""
    context = kb.type_context(triples)
    errors = []
    schemes: dict[str, set] = {}
    for s, p, o in context:
        if p.endswith("inScheme"):
            schemes.setdefault(s, set()).add(o)
    term = kb.iris.term
    for t in triples:
        for field, (kind, prop) in list(BEGRIP.items()) + [("status", ("status", "status"))]:
            if t.predicate.value == term(prop) and kb.iris.scheme(kind) not in schemes.get(t.object.value, ()):
                errors.append(fout("body", f"/{field}", f"onbekend_{kind}", f"'{laatste(t.object.value)}' is geen bekend {kind}."))
    if errors or kb.validator is None:
        return errors
    for s in kb.validator.validate(triples, context):
        if s.ernst != "fout":
            continue
        pad = s.pad or ""
        key = pad[len(kb.iris.kb):] if pad.startswith(kb.iris.kb) else pad
        errors.append(fout("body", PAD_VELD.get(key, "/"), "vormregel", s.bericht))
    return errors


def _privacy(data: dict) -> list[dict]:
    velden = {f"/{k}": v for k, v in data.items() if isinstance(v, str)}
    return [fout("body", veld, "persoonsgegevens", f"Dit veld bevat {hit.omschrijving} op positie {hit.begin}.")
            for veld, hit in controleer_velden(velden)]


def _opslaan(kb, slug: str, graaf: str, triples: list[ox.Triple]) -> None:
    """Inbox copy first (survives a rebuild; the server re-syncs it), then the public graph, then the index."""
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    from kennisbank.inzendingen import insert_data

    with kb.write_lock:
        kb.inbox.replace_graph(graaf, data)
        kb.inbox.update(insert_data({kb.beheer_graaf: [ox.Triple(N(graaf), N(kb.iris.term("openbareGraaf")), L(True))]}))
        kb.store.replace_graph(graaf, data)
    werk_index_bij(kb, [kb.iris.knelpunt(slug)])


def _graaf_van(kb, iri: str) -> str | None:
    rows = kb.store.select("SELECT ?g WHERE { GRAPH ?g { ?k a ?c } }", {"k": nn(iri), "c": nn(kb.iris.term("Knelpunt"))})
    return rows[0]["g"].value if rows else None


KNELPUNT_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["titel", "beschrijving", "citeringen"],
    "properties": {
        "id": {"type": "string", "description": "Code in de IRI (standaard afgeleid van de titel)"},
        "kenmerk": {"type": "string", "example": "KP-44"},
        "titel": {"type": "string"}, "beschrijving": {"type": "string"},
        "citeringen": {"type": "array", "description": "Ten minste twee: tekst ('art. 22a Pw'), IRI, of object",
                       "items": {"oneOf": [{"type": "string"}, {"type": "object", "required": ["bepaling"], "properties": {
                           "bepaling": {"type": "string"}, "peildatum": {"type": "string", "format": "date"},
                           "rol": {"type": "string"}, "verificatie": {"type": "string"}}}]}},
        "mechanismen": {"type": "array", "items": {"type": "string"}},
        "mechanismeToelichting": {"type": "string"}, "status": {"type": "string"},
        "domeinen": {"type": "array", "items": {"type": "string"}},
        "doelgroepen": {"type": "array", "items": {"type": "string"}},
        "oplossingsrichtingen": {"type": "array", "items": {"type": "string"}},
        "oplossing": {"type": "string"}, "wetswijziging": {"type": "string"},
        "ministeries": {"type": "array", "items": {"type": "string"}},
        "experimenten": {"type": "array", "items": {"type": "string"}},
        "praktijkvoorbeelden": {"type": "array", "items": {"type": "string"}},
        "gesignaleerdDoor": {"type": "array", "items": {"type": "string"}},
        "bronnen": {"type": "array", "items": {"oneOf": [{"type": "string", "format": "uri"}, {"type": "object", "properties": {
            "url": {"type": "string", "format": "uri"}, "titel": {"type": "string"}}}]}},
    },
}


@router.post("/knelpunten", operation_id="knelpuntMaken", summary="Een knelpunt vastleggen (projectleider)",
             status_code=201,
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/KnelpuntInvoer"}}}}},
             responses={201: ok("Vastgelegd", {JSON: {}}, {"Location": {"description": "Adres van het knelpunt", "schema": {"type": "string"}}}),
                        **fouten(400, 401, 403, 409, 413, 415)})
async def knelpunt_maken(request: Request, token=Depends(projectleider)):
    kb = _kb(request)
    data = await json_body(request)
    body, slug = await run_in_threadpool(maak_knelpunt, kb, data)
    return JSONResponse(body, status_code=201, headers={"Location": f"/v1/knelpunten/{slug}"})


def maak_knelpunt(kb, data: dict) -> tuple[dict, str]:
    """Create a knelpunt from the API's JSON fields (validated, privacy-checked, stored); returns its JSON and
    id. Raises ApiFout (400 with all errors, 409 when the id exists). Used by POST /knelpunten and by
    confirming a signal (api/signalen.py)."""
    errors = [fout("body", f"/{k}", "onbekend_veld", f"Het veld '{k}' bestaat niet.") for k in data if k not in VELDEN]
    for k in ("titel", "beschrijving", "citeringen"):
        if k not in data:
            errors.append(fout("body", f"/{k}", "verplicht", f"Het veld '{k}' is verplicht."))
    if errors:
        raise ongeldig(errors)
    slug = data.get("id") or slugify(str(data.get("titel")))
    if not isinstance(slug, str) or not SLUG.match(slug):
        raise ongeldig([fout("body", "/id", "ongeldig_id", "Een id bestaat uit kleine letters, cijfers en streepjes.")])
    errors = _privacy(data)
    if errors:
        raise ongeldig(errors, "Het knelpunt bevat persoonsgegevens; er is niets opgeslagen.")
    iri = kb.iris.knelpunt(slug)
    subject = N(iri)
    if kb.store.ask(kb.q.bestaat, {"s": subject}):
        raise ApiFout(409, f"Er bestaat al een knelpunt met id '{slug}'; kies een ander id of gebruik PATCH.")
    vandaag = dt.date.today().isoformat()
    triples, _ = _velden(kb, subject, data, errors)
    triples += _citeringen(kb, subject, data, errors)
    triples += [ox.Triple(subject, N(RDF_TYPE), N(kb.iris.term("Knelpunt"))),
                ox.Triple(subject, N(DCT + "created"), L(vandaag, datatype=N(XSD + "date"))),
                ox.Triple(subject, N(DCT + "modified"), L(vandaag, datatype=N(XSD + "date")))]
    if not errors:
        errors = _controleer(kb, triples)
    if errors:
        raise ongeldig(errors)
    _opslaan(kb, slug, kb.iris.graph(f"knelpunten/{slug}.ttl"), triples)
    return knelpunt_json(kb, iri, triples, bepaling_plekken(kb, kb.store, triples)), slug


@router.patch("/knelpunten/{id}", operation_id="knelpuntWijzigen", summary="Een knelpunt wijzigen (projectleider)",
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/merge-patch+json": {"schema": {"$ref": "#/components/schemas/KnelpuntInvoer"}},
                  "application/json": {"schema": {"$ref": "#/components/schemas/KnelpuntInvoer"}}}}},
              responses={200: ok("Gewijzigd", {JSON: {}}), **fouten(400, 401, 403, 404, 413, 415)})
async def knelpunt_wijzigen(request: Request, id: str, token=Depends(projectleider)):
    kb = _kb(request)
    if not SLUG.match(id):
        raise ongeldig([fout("path", "id", "ongeldig_id", f"'{id}' is geen geldige code van een knelpunt.")])
    data = await json_body(request)
    iri = kb.iris.knelpunt(id)
    subject = N(iri)
    bestaand = beschrijving(kb.store, kb.q, iri)
    if not bestaand:
        raise ApiFout(404, f"Er is geen knelpunt '{id}'.")
    errors = [fout("body", f"/{k}", "onbekend_veld", f"Het veld '{k}' bestaat niet of kan niet worden gewijzigd.")
              for k in data if k not in VELDEN or k == "id"]
    errors += _privacy(data)
    if errors:
        raise ongeldig(errors)
    nieuw, touched = _velden(kb, subject, data, errors)
    term = kb.iris.term
    if "citeringen" in data:
        touched.add(term("citeert"))
        nieuw += _citeringen(kb, subject, data, errors)
    touched.add(DCT + "modified")
    nieuw.append(ox.Triple(subject, N(DCT + "modified"), L(dt.date.today().isoformat(), datatype=N(XSD + "date"))))
    # keep the rest of the graph: the knelpunt's other triples and the blank nodes they point to
    graaf = _graaf_van(kb, iri) or kb.iris.graph(f"knelpunten/{id}.ttl")
    alles = [q.triple for q in ox.parse(kb.store.export("application/n-triples", [graaf]), format=ox.RdfFormat.N_TRIPLES)]
    weg_blank = {t.object for t in alles if t.subject == subject and t.predicate.value in touched
                 and isinstance(t.object, ox.BlankNode)}
    behouden = [t for t in alles if not (t.subject == subject and t.predicate.value in touched) and t.subject not in weg_blank]
    triples = behouden + nieuw
    if not errors:
        errors = _controleer(kb, triples)
    if errors:
        raise ongeldig(errors)
    _opslaan(kb, id, graaf, triples)
    return knelpunt_json(kb, iri, triples, bepaling_plekken(kb, kb.store, triples))
