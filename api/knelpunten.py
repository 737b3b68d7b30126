"""/knelpunten: read for everyone; create and change for projectleiders."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse

from kennisbank import domein
from kennisbank.leesmodel import gesorteerd
from kennisbank.iri import gemeente as gemeente_iri, ministerie as ministerie_iri

from .auth import projectleider
from .beschrijf import beschrijving, beschrijvingen, bepaling_plekken, knelpunt_json, knelpunten_json
from .common import SLUG, Pagina, fouten, geen_onbekende_parameters, json_invoer, laatste, nn, ok
from .fouten import ApiFout, fout, ongeldig
from .revisies import revisie_velden
from .negotiation import COLLECTION, CSV, JSON, JSONLD, NTRIPLES, RESOURCE, TURTLE, csv_response, kies, prefixes, rdf_response
from .queries import first_values

router = APIRouter(tags=["knelpunten"], dependencies=[Depends(geen_onbekende_parameters)])
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"
N, L = ox.NamedNode, ox.Literal
from kennisbank.domein import _CODE  # noqa: E402  (concept codes: one form, in the domain layer)

FILTERS = ("regeling", "artikel", "mechanisme", "status", "domein", "gemeente", "ministerie", "doelgroep")
#: The form of one value of a filter (the OpenAPI shows the same, api/openapi_vormen.py); concept codes: _CODE.
FILTER_VORMEN = {"regeling": re.compile(r"[A-Za-z0-9\-]{3,40}\Z"), "artikel": re.compile(r"[0-9A-Za-z.:\-]{1,30}\Z"),
                 "gemeente": re.compile(r"[gG][mM]\d{4}\Z"), "ministerie": re.compile(r"[mM][nN][rR][eE]\d{4}\Z")}


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
                iri = iris.regeling(value) if FILTER_VORMEN["regeling"].match(value) else None
            elif key == "artikel":
                reg = params.get("regeling")
                if not reg or "," in reg:
                    errors.append(fout("query", "artikel", "regeling_nodig", "Geef bij 'artikel' ook één 'regeling' op."))
                    break
                iri = iris.artikel(reg.strip(), value) if FILTER_VORMEN["artikel"].match(value) else None
            elif key == "gemeente":
                iri = gemeente_iri(value) if FILTER_VORMEN["gemeente"].match(value) else None
            elif key == "ministerie":
                iri = ministerie_iri(value) if FILTER_VORMEN["ministerie"].match(value) else None
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
    """A page of knelpunten from the read model, loaded in batches (no N+1); what no write changed since it was
    read comes from memory (kennisbank/leesmodel.py `Knelpuntgeheugen`)."""
    return kb.knelpuntgeheugen.knelpunten_json(kb, kb.store, iris, kb.generatie)


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
    if filters:
        query = kb.q.knelpunten_lijst(filters).replace("{VALUES}", first_values(filters))
        alle = kb.per_generatie(("knelpunten", query), lambda: gesorteerd(kb.store.select(query)))
    else:  # every knelpunt: the read model's list, moved per write instead of read again (kennisbank/leesmodel.py)
        alle = kb.knelpuntenlijst.lijst(kb.store, kb.generatie)
    p = Pagina(request, pagina, paginaGrootte)
    items = _details(kb, p.slice(alle))
    headers = p.headers(len(alle))
    if media == CSV:
        return csv_response(items, ["id", "kenmerk", "titel", "status", "mechanismen", "domeinen", "regelingen",
                                    "ministeries", "iri"], headers=headers)
    if media != JSON:
        triples = [t for ts in beschrijvingen(kb.store, kb.q, [it["iri"] for it in items]).values() for t in ts]
        return rdf_response(triples, media, prefixes(kb.iris.kb, kb.iris.base), headers=headers)
    return JSONResponse({"knelpunten": items, "totaal": len(alle), "pagina": pagina, "paginaGrootte": paginaGrootte,
                         "_links": p.links(len(alle))}, headers=headers)


@router.get("/knelpunten/{id}", operation_id="knelpuntOphalen", summary="Eén knelpunt",
            responses={200: ok("Het knelpunt", {m: {} for m in (JSON, JSONLD, TURTLE)},
                               {"ETag": {"description": "Versie (revisie) van het knelpunt; stuur hem mee in If-Match bij PATCH",
                                         "schema": {"type": "string"}}}), **fouten(400, 404, 406)})
def knelpunt_ophalen(request: Request, id: str):
    kb = _kb(request)
    if not SLUG.match(id):
        raise ongeldig([fout("path", "id", "ongeldig_id", f"'{id}' is geen geldige code van een knelpunt.")])
    media = kies(request, RESOURCE)
    iri = kb.iris.knelpunt(id)
    triples = beschrijving(kb.store, kb.q, iri)
    if not any(t.predicate.value == RDF_TYPE and t.object.value == kb.iris.term("Knelpunt") for t in triples):
        raise ApiFout(404, f"Er is geen knelpunt '{id}'.")
    # the resource's revision ETag (If-Match on PATCH compares against it)
    headers = {"ETag": domein.etag_van(kb, iri) or ""}
    if media != JSON:
        return rdf_response(triples, media, prefixes(kb.iris.kb, kb.iris.base), headers=headers)
    body = knelpunt_json(kb, iri, triples, bepaling_plekken(kb, kb.store, triples))
    body.update(revisie_velden(kb, iri))
    return JSONResponse(body, headers=headers)


# --- writing: thin routers over the domain layer (kennisbank/domein.py) ---------------------------------------
def _domeinfout(exc: domein.Ongeldig) -> ApiFout:
    if exc.status == 400:
        return ongeldig(exc.errors, exc.detail)
    titels = {412: "Voorwaarde niet vervuld"}
    return ApiFout(exc.status, exc.detail or "Conflict", errors=exc.errors, title=titels.get(exc.status))


def _antwoord(kb, rev, status_code: int = 200, headers: dict | None = None) -> JSONResponse:
    triples = beschrijving(kb.store, kb.q, rev.iri)
    body = knelpunt_json(kb, rev.iri, triples, bepaling_plekken(kb, kb.store, triples))
    body.update(revisie_velden(kb, rev.iri))
    return JSONResponse(body, status_code=status_code, headers={**(headers or {}), "ETag": domein.etag(rev)})


BRON_SCHEMA = {"oneOf": [{"type": "string", "format": "uri"}, {
    "type": "object", "additionalProperties": False, "required": ["url"], "properties": {
        "url": {"type": "string", "format": "uri"}, "titel": {"type": "string"},
        "soort": {"type": "string", "description": "Code uit het begrippenkader bronsoorten", "example": "kamerstuk"}}}]}

KNELPUNT_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["titel", "beschrijving", "citeringen"],
    "properties": {
        "id": {"type": "string", "description": "Code in de IRI (standaard afgeleid van de titel)"},
        "kenmerk": {"type": "string", "example": "KP-44",
                    "description": "Uniek; weggelaten bij aanmaken: het volgende vrije KP-nummer"},
        "notitie": {"type": "string", "description": "Toelichting bij deze wijziging (in de geschiedenis)"},
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
        "bronnen": {"type": "array", "items": BRON_SCHEMA},
        "vindplaatsen": {"type": "array", "description": "De officiële vindplaats van de oplossing (Staatsblad, "
                         "kamerstuk, uitspraak); nodig voor de status 'opgelost' en 'geevalueerd'",
                         "items": BRON_SCHEMA},
    },
}


@router.post("/knelpunten", operation_id="knelpuntMaken", summary="Een knelpunt vastleggen (projectleider)",
             status_code=201,
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/KnelpuntInvoer"}}}}},
             responses={201: ok("Vastgelegd", {JSON: {}}, {"Location": {"description": "Adres van het knelpunt", "schema": {"type": "string"}},
                                                          "ETag": {"description": "Versie (revisie) van het knelpunt", "schema": {"type": "string"}}}),
                        **fouten(400, 401, 403, 409, 413, 415)})
def knelpunt_maken(request: Request, token=Depends(projectleider), data: dict = Depends(json_invoer)):
    kb = _kb(request)
    try:
        rev = domein.maak_knelpunt(kb, token, data)
    except domein.Ongeldig as exc:
        raise _domeinfout(exc) from None
    slug = laatste(rev.iri)
    return _antwoord(kb, rev, 201, {"Location": f"/v1/knelpunten/{slug}"})


@router.patch("/knelpunten/{id}", operation_id="knelpuntWijzigen", summary="Een knelpunt wijzigen (projectleider)",
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/merge-patch+json": {"schema": {"$ref": "#/components/schemas/KnelpuntInvoer"}},
                  "application/json": {"schema": {"$ref": "#/components/schemas/KnelpuntInvoer"}}}}},
              responses={200: ok("Gewijzigd", {JSON: {}}, {"ETag": {"description": "De nieuwe versie (revisie)",
                                                                  "schema": {"type": "string"}}}),
                         **fouten(400, 401, 403, 404, 409, 412, 413, 415)})
def knelpunt_wijzigen(request: Request, id: str, token=Depends(projectleider), data: dict = Depends(json_invoer),
                      if_match: str | None = Header(None, alias="If-Match",
                                                    description="ETag van de versie waarop de wijziging voortbouwt")):
    kb = _kb(request)
    if not SLUG.match(id):
        raise ongeldig([fout("path", "id", "ongeldig_id", f"'{id}' is geen geldige code van een knelpunt.")])
    try:
        rev = domein.wijzig_knelpunt(kb, token, id, data, if_match)
    except domein.Ongeldig as exc:
        raise _domeinfout(exc) from None
    return _antwoord(kb, rev)
