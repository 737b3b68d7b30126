"""/sparql: SPARQL 1.1 queries over the public store only; updates and SERVICE are refused."""

from __future__ import annotations

from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from kennisbank.fouten import KennisbankFout
from kennisbank.store.base import query_form, sparql_tokens

from .common import fouten, media_type, ok, read_body, tekst_fout
from .fouten import ApiFout, fout, ongeldig
from .negotiation import parse_accept

router = APIRouter(tags=["sparql"])

TIMEOUT = 10.0
MAX_BYTES = 16 * 1024 * 1024
MAX_QUERY = 32 * 1024

RESULTS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values",
           "application/json"]
GRAPHS = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]
_EMPTY = ox.Store()
_FORBIDDEN = {"SERVICE", "LOAD"}


def controleer(query: str) -> str:
    """Refuse anything that is not a read-only query; returns the query form."""
    if not query or not query.strip():
        raise ongeldig([fout("query", "query", "verplicht", "Geef een SPARQL-vraag op in 'query'.")])
    if len(query) > MAX_QUERY:
        raise ApiFout(413, f"De SPARQL-vraag is langer dan {MAX_QUERY // 1024} KiB.")
    for kind, start, end in sparql_tokens(query):
        if kind == "name" and query[start:end].upper() in _FORBIDDEN:
            raise ApiFout(403, f"{query[start:end].upper()} is op dit eindpunt niet toegestaan.", code="niet_toegestaan")
    try:  # pyoxigraph's parser: an update (INSERT, DELETE, DROP …) does not parse as a query
        _EMPTY.query(query)
    except SyntaxError as exc:
        if any(kind == "name" and query[s:e].upper() in ("INSERT", "DELETE", "DROP", "CLEAR", "CREATE", "ADD", "MOVE", "COPY")
               for kind, s, e in sparql_tokens(query)):
            raise ApiFout(403, "Dit eindpunt accepteert alleen vragen (SELECT, ASK, CONSTRUCT, DESCRIBE), geen wijzigingen.",
                          code="alleen_lezen") from None
        raise ongeldig([fout("query", "query", "ongeldige_sparql", f"De SPARQL-vraag is ongeldig: {exc}.")]) from None
    except OSError:
        raise ApiFout(403, "Deze vraag is op dit eindpunt niet toegestaan.") from None
    return query_form(query) or "SELECT"


def _media(request: Request, form: str) -> str:
    offers = GRAPHS if form in ("CONSTRUCT", "DESCRIBE") else RESULTS
    header = request.headers.get("accept")
    if not header:
        return offers[0]
    for media, q, _ in parse_accept(header):
        if q <= 0:
            continue
        if media in ("*/*", "application/*", "text/*"):
            return next((o for o in offers if o.startswith(media[:-1])), offers[0]) if media != "*/*" else offers[0]
        if media in offers:
            return media
    raise ApiFout(406, f"Het resultaat van een {form}-vraag kan niet worden geleverd in {header}. "
                  f"Beschikbaar: {', '.join(offers)}.")


def _run(request: Request, query: str) -> Response:
    form = controleer(query)
    media = _media(request, form)
    kb = request.app.state.kb
    store_media = {"application/json": "application/sparql-results+json"}.get(media, media)
    try:
        if store_media == "application/ld+json":
            nt = kb.store.query_raw(query, "application/n-triples", timeout=TIMEOUT, max_bytes=MAX_BYTES)
            from .negotiation import jsonld, prefixes
            import json

            triples = [q.triple for q in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)]
            body = json.dumps(jsonld(triples, prefixes(kb.iris.kb, kb.iris.base)), ensure_ascii=False).encode()
        else:
            body = kb.store.query_raw(query, store_media, timeout=TIMEOUT, max_bytes=MAX_BYTES)
    except KennisbankFout as exc:
        if "duurde langer" in exc.bericht:
            raise ApiFout(504, exc.bericht) from None
        if "groter dan" in exc.bericht:
            raise ApiFout(413, exc.bericht, title="Antwoord te groot") from None
        raise ongeldig([fout("query", "query", "ongeldige_sparql", exc.bericht)]) from None
    charset = "; charset=utf-8" if media.startswith("text/") else ""
    return Response(body, media_type=media + charset)


SPARQL_MEDIA = {m: {} for m in RESULTS + GRAPHS}


@router.get("/sparql", operation_id="sparqlVraag", summary="SPARQL 1.1-vraag over de openbare gegevens",
            responses={200: ok("Resultaat", SPARQL_MEDIA), **fouten(400, 403, 406, 413, 504)})
def sparql_get(request: Request, query: str = Query(..., description="De SPARQL-vraag (SELECT, ASK, CONSTRUCT of DESCRIBE)")):
    return _run(request, query)


@router.post("/sparql", operation_id="sparqlVraagPost", summary="SPARQL 1.1-vraag (formulier of application/sparql-query)",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/sparql-query": {"schema": {"type": "string"}},
                 "application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["query"],
                                                                  "properties": {"query": {"type": "string"}}}}}}},
             responses={200: ok("Resultaat", SPARQL_MEDIA), **fouten(400, 403, 406, 413, 415, 504)})
async def sparql_post(request: Request):
    mt = media_type(request)
    raw = await read_body(request, MAX_QUERY + 1024)
    if mt == "application/sparql-query":
        query = raw.decode("utf-8", errors="replace")
    elif mt == "application/x-www-form-urlencoded":
        form = parse_qs(raw.decode("utf-8", errors="replace"))
        if "update" in form:
            raise ApiFout(403, "Dit eindpunt accepteert alleen vragen, geen wijzigingen.", code="alleen_lezen")
        query = (form.get("query") or [""])[0]
    else:
        raise ApiFout(415, "Stuur de vraag als application/sparql-query of als formulier (query=…).")
    if e := tekst_fout("body", "query", query):
        raise ongeldig([e])
    return _run(request, query)
