"""/praktijkvoorbeelden: published cases for everyone; submissions by wijkteams; review by projectleiders.

Unpublished submissions live only in the inbox. The public sees only the public store; a wijkteam token
also sees the submissions made with that same token (any status: "with a token also the caller's own
submissions"), not those of other tokens, even of the same gemeente; a projectleider can list the inbox by
status. An unpublished case is a 404 for everyone else, exactly like a case that does not exist.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse

from kennisbank import inzendingen
from kennisbank.iri import gemeente as gemeente_iri

from .auth import beller, projectleider, wijkteam
from .beschrijf import beschrijving, beschrijvingen, bepaling_plekken, praktijk_json, voorbeeldsoort
from .common import PRAKTIJKVOORBEELD_ID, Pagina, fouten, geen_onbekende_parameters, json_invoer, laatste, lit, nn, ok
from .fouten import ApiFout, fout, ongeldig
from .negotiation import COLLECTION, CSV, JSON, JSONLD, NTRIPLES, RESOURCE, TURTLE, csv_response, kies, prefixes, rdf_response

router = APIRouter(tags=["praktijkvoorbeelden"], dependencies=[Depends(geen_onbekende_parameters)])
STATUSSEN = ("ingediend", "gepubliceerd", "afgewezen")
_ID = PRAKTIJKVOORBEELD_ID


def _kb(request: Request):
    return request.app.state.kb


def _zichtbaar_in_inbox(kb, token, ident: str) -> bool:
    """May this caller see the unpublished submission `ident`? A projectleider: yes; a wijkteam: only its own."""
    if token is None:
        return False
    if token.rol == "projectleider":
        return True
    return token.rol == "wijkteam" and kb.inbox.ask(kb.q.ingediend_met_token, {
        "beheer": nn(kb.beheer_graaf), "g": nn(kb.iris.submission_graph(ident)), "token": ox.Literal(token.id)})


def _inbox_rijen(kb, status: str | None = None, gemeente: str | None = None, token_id: str | None = None) -> list[dict]:
    """Inbox submissions by status and gemeente; with `token_id` only those made with that token."""
    bindings = {}
    if status:
        bindings["status"] = nn(kb.iris.concept("beoordelingsstatus", status))
    if gemeente:
        bindings["gemeente"] = nn(gemeente_iri(gemeente))
    if not (kb.config.data_dir / "inbox").is_dir():
        return []
    if token_id is not None:
        bindings.update({"beheer": nn(kb.beheer_graaf), "token": ox.Literal(token_id)})
        rows = kb.inbox.select(kb.q.inbox_lijst_van_token, bindings)
    else:
        rows = kb.inbox.select(kb.q.inbox_lijst, bindings)
    out = []
    for r in rows:
        iri = r["p"].value
        out.append({"id": laatste(iri), "iri": iri, "titel": lit(r.get("titel")), "gemeente": laatste(r["gemeente"].value),
                    "datum": lit(r.get("datum")), "status": laatste(r["status"].value), "ingediend": lit(r.get("ingediend")),
                    "_links": {"self": {"href": f"/v1/praktijkvoorbeelden/{laatste(iri)}"}}})
    return out


@router.get("/praktijkvoorbeelden", operation_id="praktijkvoorbeeldenLijst",
            summary="Gepubliceerde praktijkvoorbeelden; met een token ook eigen of te beoordelen inzendingen",
            responses={200: ok("Praktijkvoorbeelden", {m: {} for m in (JSON, JSONLD, TURTLE, CSV)}), **fouten(400, 401, 403, 406)})
def praktijkvoorbeelden_lijst(
    request: Request,
    status: str | None = Query(None, description="ingediend, gepubliceerd of afgewezen (inbox: alleen projectleider)"),
    gemeente: str | None = Query(None, description="TOOI-code van een gemeente"),
    pagina: int = Query(1, ge=1, le=100000),
    paginaGrootte: int = Query(20, ge=1, le=100),
    token=Depends(beller),
):
    kb = _kb(request)
    media = kies(request, COLLECTION)
    errors = []
    if status is not None and status not in STATUSSEN:
        errors.append(fout("query", "status", "ongeldige_status", f"Kies uit: {', '.join(STATUSSEN)}."))
    if gemeente is not None and not re.fullmatch(r"gm\d{4}", gemeente):
        errors.append(fout("query", "gemeente", "ongeldige_gemeente", "Gebruik een TOOI-code, bijvoorbeeld gm0772."))
    if errors:
        raise ongeldig(errors)
    if status in ("ingediend", "afgewezen") and (token is None or token.rol != "projectleider"):
        if token is None:
            raise ApiFout(401, "Alleen een projectleider kan de inbox bekijken.", headers={"WWW-Authenticate": "Bearer"})
        if token.rol != "wijkteam":
            raise ApiFout(403, "Alleen een projectleider kan de inbox bekijken.")

    items: dict[str, dict] = {}
    if status in (None, "gepubliceerd"):
        rows = kb.store.select(kb.q.openbare_praktijk, {"gepubliceerd": nn(kb.iris.concept("beoordelingsstatus", "gepubliceerd"))})
        for r in rows:
            iri = r["p"].value
            g = laatste(r["gemeente"].value) if "gemeente" in r else None
            if gemeente and g != gemeente:
                continue
            soort = voorbeeldsoort(r["soort"].value if "soort" in r else None)
            items.setdefault(iri, {"id": laatste(iri), "iri": iri, "titel": lit(r.get("titel")), "gemeente": g,
                                   "soort": soort, "illustratie": soort == "illustratie",
                                   "datum": lit(r.get("datum")), "status": "gepubliceerd",
                                   "_links": {"self": {"href": f"/v1/praktijkvoorbeelden/{laatste(iri)}"}}})
    if token is not None and token.rol == "projectleider" and status in ("ingediend", "afgewezen"):
        for it in _inbox_rijen(kb, status, gemeente):
            items[it["iri"]] = it
    elif token is not None and token.rol == "wijkteam":
        for it in _inbox_rijen(kb, status, gemeente, token_id=token.id):  # the caller's own submissions, any status
            items[it["iri"]] = it
    lijst = sorted(items.values(), key=lambda x: (x.get("datum") or x.get("ingediend") or "", x["id"]), reverse=True)
    p = Pagina(request, pagina, paginaGrootte)
    page = p.slice(lijst)
    headers = p.headers(len(lijst))
    if media == CSV:
        return csv_response(page, ["id", "titel", "gemeente", "datum", "status", "iri"], headers=headers)
    if media != JSON:
        triples = []  # the read model's batch loading: one query per block of cases and store, not one per case
        for store, status in ((kb.store, True), (kb.inbox, False)):
            wie = [it["iri"] for it in page if (it["status"] == "gepubliceerd") == status]
            if wie:
                triples += [t for ts in beschrijvingen(store, kb.q, wie).values() for t in ts]
        return rdf_response(triples, media, prefixes(kb.iris.kb, kb.iris.base), headers=headers)
    return JSONResponse({"praktijkvoorbeelden": page, "totaal": len(lijst), "pagina": pagina,
                         "paginaGrootte": paginaGrootte, "_links": p.links(len(lijst))}, headers=headers)


def _vind(kb, id: str, token) -> tuple[list[ox.Triple], object]:
    iri = kb.iris.praktijkvoorbeeld(id)
    triples = beschrijving(kb.store, kb.q, iri)
    if triples:
        return triples, kb.store
    if token is not None and (kb.config.data_dir / "inbox").is_dir():
        if _zichtbaar_in_inbox(kb, token, id):
            triples = beschrijving(kb.inbox, kb.q, iri)
            if triples:
                return triples, kb.inbox
    raise ApiFout(404, f"Er is geen praktijkvoorbeeld '{id}'.")


@router.get("/praktijkvoorbeelden/{id}", operation_id="praktijkvoorbeeldOphalen", summary="Eén praktijkvoorbeeld",
            responses={200: ok("Het praktijkvoorbeeld", {m: {} for m in (JSON, JSONLD, TURTLE)}), **fouten(400, 401, 404, 406)})
def praktijkvoorbeeld_ophalen(request: Request, id: str, token=Depends(beller)):
    kb = _kb(request)
    if not _ID.match(id):
        raise ongeldig([fout("path", "id", "ongeldig_id", f"'{id}' is geen geldige code.")])
    media = kies(request, RESOURCE)
    triples, store = _vind(kb, id, token)
    if media != JSON:
        return rdf_response(triples, media, prefixes(kb.iris.kb, kb.iris.base))
    return praktijk_json(kb, kb.iris.praktijkvoorbeeld(id), triples, bepaling_plekken(kb, kb.store, triples))


INZENDING_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["titel", "beschrijving"],
    "properties": {
        "titel": {"type": "string", "maxLength": 300},
        "beschrijving": {"type": "string", "maxLength": 20000, "description": "Geanonimiseerd: geen persoonsgegevens"},
        "domeinen": {"type": "array", "items": {"type": "string"}, "description": "Codes van domeinen"},
        "regels": {"type": "array", "items": {"type": "string"}, "description": "Verwijzingen ('art. 22a Pw') of IRI's"},
        "datum": {"type": "string", "format": "date"},
        "uitkomst": {"type": "string", "description": "Code van een uitkomst"},
        "kosten": {"type": "array", "items": {"type": "object", "additionalProperties": False,
                                              "required": ["geldstroom", "bedrag"], "properties": {
                                                  "geldstroom": {"type": "string"}, "bedrag": {"type": "number", "minimum": 0},
                                                  "periode": {"type": "string"}}}},
    },
}


@router.post("/praktijkvoorbeelden", operation_id="praktijkvoorbeeldIndienen", status_code=201,
             summary="Een geanonimiseerd praktijkvoorbeeld indienen (wijkteam)",
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PraktijkvoorbeeldInvoer"}}}}},
             responses={201: ok("Ingediend (ook bij herhaling met dezelfde Idempotency-Key: hetzelfde antwoord)", {JSON: {}},
                                {"Location": {"description": "Adres van de inzending", "schema": {"type": "string"}},
                                 "Idempotent-Replayed": {"description": "'true' als dit een herhaald verzoek was",
                                                         "schema": {"type": "string"}}}),
                        **fouten(400, 401, 403, 409, 413, 415)})
def praktijkvoorbeeld_indienen(
    request: Request, token=Depends(wijkteam), data: dict = Depends(json_invoer),
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", description="Unieke sleutel; een herhaald verzoek geeft het eerste antwoord"),
):
    kb = _kb(request)
    if idempotency_key is not None and not re.fullmatch(r"[\x21-\x7e]{1,200}", idempotency_key):
        raise ongeldig([fout("header", "Idempotency-Key", "ongeldige_sleutel", "De Idempotency-Key is 1 tot 200 zichtbare ASCII-tekens.")])
    try:  # a plain def: validation and the store run in the thread pool, off the event loop
        antwoord, nieuw = inzendingen.dien_in(kb, token, data, idempotency_key)
    except inzendingen.Ongeldig as exc:
        if exc.status == 400:
            raise ongeldig(exc.errors, exc.detail) from None
        raise ApiFout(exc.status, exc.detail or "Conflict", errors=exc.errors) from None
    # a replay (same Idempotency-Key and body) answers exactly as the first time: same status, same body
    headers = {"Location": f"/v1/praktijkvoorbeelden/{antwoord['id']}"}
    if not nieuw:
        headers["Idempotent-Replayed"] = "true"
    return JSONResponse(antwoord, status_code=201, headers=headers)


BEOORDELING_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["besluit"],
    "properties": {"besluit": {"type": "string", "enum": ["publiceren", "afwijzen"]},
                   "toelichting": {"type": "string"},
                   "knelpunten": {"type": "array", "items": {"type": "string"}, "description": "Ids of IRI's van knelpunten"}},
}


@router.post("/praktijkvoorbeelden/{id}/beoordelingen", operation_id="praktijkvoorbeeldBeoordelen",
             summary="Een inzending publiceren of afwijzen (projectleider)",
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Beoordeling"}}}}},
             responses={200: ok("Beoordeeld", {JSON: {}}), **fouten(400, 401, 403, 404, 409, 413, 415)})
def beoordelen(request: Request, id: str, token=Depends(projectleider), data: dict = Depends(json_invoer)):
    kb = _kb(request)
    if not _ID.match(id):
        raise ongeldig([fout("path", "id", "ongeldig_id", f"'{id}' is geen geldige code.")])
    try:
        besluit, toelichting, knelpunten = inzendingen.lees_beoordeling(kb, data)
        result = inzendingen.beoordeel(kb, token, id, besluit, toelichting, knelpunten)
    except inzendingen.Ongeldig as exc:
        if exc.status == 400:
            raise ongeldig(exc.errors, exc.detail) from None
        raise ApiFout(exc.status, exc.detail or "Conflict") from None
    if result is None:
        raise ApiFout(404, f"Er is geen inzending '{id}'.")
    result["knelpunten"] = [laatste(k) for k in result["knelpunten"]]
    result["_links"] = {"praktijkvoorbeeld": {"href": f"/v1/praktijkvoorbeelden/{id}"}}
    return result
