"""/sparql: SPARQL 1.1 queries over the public store only; updates and SERVICE are refused.

No query, however built, may crash or stall the server:
- cheap checks first, linear in the query's length (`controleer`): size, SERVICE/LOAD, and nesting depth and
  operator count (deeply nested queries overflow the stack of Oxigraph's parser and take the process down);
- the query itself runs in a worker process (`kennisbank.store.vraagwerkers`): past the time limit its worker
  is killed (the query really stops), and a crash the checks did not foresee kills only that worker;
- bounded: a few workers and a short queue; beyond that 429 with Retry-After. The handlers are `async` only to
  refuse at once on the event loop when the queue is full; all other work runs in threads of their own limiter,
  so a flood of queries never takes the threads ordinary API requests need.
"""

from __future__ import annotations

import asyncio
import weakref
from urllib.parse import parse_qs

import anyio
import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from kennisbank.store.base import nesting, query_form, sparql_tokens
from kennisbank.store.vraagwerkers import TeLang, Vastgelopen, VraagFout, Vol

from .common import fouten, media_type, ok, read_body, tekst_fout
from .fouten import ApiFout, fout, ongeldig
from .negotiation import parse_accept

router = APIRouter(tags=["sparql"])

MAX_BYTES = 16 * 1024 * 1024
MAX_QUERY = 32 * 1024
#: Deepest nesting of brackets and prefix operators; real queries stay far below it (Oxigraph's parser
#: overflowed its stack at a few thousand levels).
MAX_DIEPTE = 64
#: Operators (and UNION/OPTIONAL/MINUS) in one query; chains of many thousands nest as deeply in the engine.
MAX_OPERATOREN = 2000

RESULTS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values",
           "application/json"]
GRAPHS = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]
_FORBIDDEN = {"SERVICE", "LOAD"}
_UPDATES = {"INSERT", "DELETE", "DROP", "CLEAR", "CREATE", "ADD", "MOVE", "COPY"}


def controleer(query: str) -> str:
    """The cheap checks before a query goes to a worker; returns the query form."""
    if not query or not query.strip():
        raise ongeldig([fout("query", "query", "verplicht", "Geef een SPARQL-vraag op in 'query'.")])
    if len(query) > MAX_QUERY:
        raise ApiFout(413, f"De SPARQL-vraag is langer dan {MAX_QUERY // 1024} KiB.")
    tokens = sparql_tokens(query)
    for kind, start, end in tokens:
        if kind == "name" and query[start:end].upper() in _FORBIDDEN:
            raise ApiFout(403, f"{query[start:end].upper()} is op dit eindpunt niet toegestaan.", code="niet_toegestaan")
    diepte, operatoren = nesting(query, tokens)
    if diepte > MAX_DIEPTE:
        raise ongeldig([fout("query", "query", "te_diep_genest",
                             f"De SPARQL-vraag is te diep genest: {diepte} niveaus haakjes, accolades of ontkenningen, "
                             f"hoogstens {MAX_DIEPTE}. Vereenvoudig de vraag.")])
    if operatoren > MAX_OPERATOREN:
        raise ongeldig([fout("query", "query", "te_complex",
                             f"De SPARQL-vraag bevat {operatoren} operatoren, hoogstens {MAX_OPERATOREN}. "
                             "Vereenvoudig de vraag.")])
    return query_form(query) or "SELECT"


def _is_wijziging(query: str) -> bool:
    return any(kind == "name" and query[s:e].upper() in _UPDATES for kind, s, e in sparql_tokens(query))


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
    """The whole query in a thread of the SPARQL limiter: checks, then a worker process."""
    form = controleer(query)
    media = _media(request, form)
    kb = request.app.state.kb
    pool = kb.sparql_pool
    timeout = kb.config.sparql_timeout
    store_media = {"application/json": "application/sparql-results+json",
                   "application/ld+json": "application/n-triples"}.get(media, media)
    try:
        if kb.config.sparql_url:
            body = pool.vraag(query, store_media, remote=kb.config.sparql_url, timeout=timeout, max_bytes=MAX_BYTES)
        else:
            body = pool.vraag(query, store_media, store=kb.store, timeout=timeout, max_bytes=MAX_BYTES)
    except TeLang:
        raise ApiFout(504, f"De vraag duurde langer dan {timeout:g} seconden en is gestopt. Maak de vraag "
                           "eenvoudiger of specifieker.") from None
    except Vastgelopen:
        raise ongeldig([fout("query", "query", "te_complex", "De SPARQL-vraag kon niet worden verwerkt: de vraag is te "
                             "complex voor de vraagverwerker. Vereenvoudig de vraag.")]) from None
    except Vol as exc:
        raise _vol(exc) from None
    except VraagFout as exc:
        if exc.soort == "syntax":
            if _is_wijziging(query):
                raise ApiFout(403, "Dit eindpunt accepteert alleen vragen (SELECT, ASK, CONSTRUCT, DESCRIBE), "
                                   "geen wijzigingen.", code="alleen_lezen") from None
            raise ongeldig([fout("query", "query", "ongeldige_sparql",
                                 f"De SPARQL-vraag is ongeldig: {exc.bericht}.")]) from None
        if exc.soort == "verboden":
            raise ApiFout(403, "Deze vraag is op dit eindpunt niet toegestaan.") from None
        if "duurde langer" in exc.bericht:
            raise ApiFout(504, exc.bericht) from None
        if "groter dan" in exc.bericht:
            raise ApiFout(413, exc.bericht, title="Antwoord te groot") from None
        raise ongeldig([fout("query", "query", "ongeldige_sparql", exc.bericht)]) from None
    if media == "application/ld+json":
        import json

        from .negotiation import jsonld, prefixes

        triples = [q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
        body = json.dumps(jsonld(triples, prefixes(kb.iris.kb, kb.iris.base)), ensure_ascii=False).encode()
    charset = "; charset=utf-8" if media.startswith("text/") else ""
    return Response(body, media_type=media + charset)


def _vol(exc: Vol) -> ApiFout:
    return ApiFout(429, "Er lopen al te veel SPARQL-vragen tegelijk. Probeer het over enkele seconden opnieuw.",
                   title="Te veel verzoeken", headers={"Retry-After": str(exc.retry_after)})


#: One limiter per event loop: threads for admitted queries only, apart from the threads of other requests.
_LIMITERS: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter]" = weakref.WeakKeyDictionary()


async def _in_werker(request: Request, query: str) -> Response:
    pool = request.app.state.kb.sparql_pool
    try:
        toegang = pool.toelaten()  # never blocks: refuses at once when the queue is full
    except Vol as exc:
        raise _vol(exc) from None
    try:
        loop = asyncio.get_running_loop()
        limiter = _LIMITERS.get(loop)
        if limiter is None:
            limiter = _LIMITERS[loop] = anyio.CapacityLimiter(pool.werkers + pool.wachtrij)
        return await anyio.to_thread.run_sync(_run, request, query, limiter=limiter)
    finally:
        toegang.sluit()


SPARQL_MEDIA = {m: {} for m in RESULTS + GRAPHS}


@router.get("/sparql", operation_id="sparqlVraag", summary="SPARQL 1.1-vraag over de openbare gegevens",
            responses={200: ok("Resultaat", SPARQL_MEDIA), **fouten(400, 403, 406, 413, 429, 504)})
async def sparql_get(request: Request, query: str = Query(..., description="De SPARQL-vraag (SELECT, ASK, CONSTRUCT of DESCRIBE)")):
    return await _in_werker(request, query)


@router.post("/sparql", operation_id="sparqlVraagPost", summary="SPARQL 1.1-vraag (formulier of application/sparql-query)",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/sparql-query": {"schema": {"type": "string"}},
                 "application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["query"],
                                                                  "properties": {"query": {"type": "string"}}}}}}},
             responses={200: ok("Resultaat", SPARQL_MEDIA), **fouten(400, 403, 406, 413, 415, 429, 504)})
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
    return await _in_werker(request, query)
