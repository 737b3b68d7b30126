"""Application factory: the API under /v1, `/id/…` → 303 → `/doc/…` at the root, and a status page at /."""

from __future__ import annotations

import html
import logging
import os
import re
import threading
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.staticfiles import StaticFiles

from kennisbank.config import Config
from kennisbank.iri import gemeente as gemeente_iri

from . import fouten as fout_module
from .auth import beller, rollen_van
from .common import API_VERSION, fouten as fout_antwoorden, geldige_tekens
from kennisbank.context import Kennisbank
from .fouten import PROBLEM_SCHEMA, ApiFout, fout_antwoord, http_detail, http_headers, problem, wil_html
from .antwoordcache import Antwoordcache
from .schrijfpoort import Schrijfpoort

API_VERSION = API_VERSION  # re-exported: other modules import it from here
log = logging.getLogger("kennisbank.api")

BEOORDELING_RESULTAAT_SCHEMA = {
    "type": "object",
    "required": ["id", "iri", "status", "knelpunten", "site", "siteBijgewerkt"],
    "properties": {
        "id": {"type": "string"},
        "iri": {"type": "string", "format": "uri"},
        "status": {"type": "string", "enum": ["gepubliceerd", "afgewezen"]},
        "knelpunten": {"type": "array", "items": {"type": "string"}, "description": "Ids van de ondersteunde knelpunten"},
        "site": {"type": "string", "enum": ["wordt bijgewerkt", "bijgewerkt", "niet van toepassing"],
                 "description": "De statische site: 'wordt bijgewerkt' betekent dat de pagina's na dit antwoord op de "
                                "achtergrond worden herschreven (dat gaat niet verloren als de server stopt); "
                                "'niet van toepassing' bij afwijzen of als er geen statische site is."},
        "siteBijgewerkt": {"type": "boolean",
                           "description": "Of de pagina's van de statische site al bijgewerkt zijn (bij publiceren via "
                                          "de API: false, het bijwerken volgt op de achtergrond)"},
        "_links": {"type": "object"},
    },
    "example": {"id": "20260101-abcdef01", "iri": "https://kennisbank.botsenderegels.nl/id/praktijkvoorbeeld/20260101-abcdef01",
                "status": "gepubliceerd", "knelpunten": ["kostendelersnorm-onderdak"], "site": "wordt bijgewerkt",
                "siteBijgewerkt": False, "_links": {"praktijkvoorbeeld": {"href": "/v1/praktijkvoorbeelden/20260101-abcdef01"}}},
}

#: Headers on every /v1 response, errors included.
KOPPEN = [
    (b"api-version", API_VERSION.encode("latin-1")),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
]


class Koppen:
    """Pure ASGI middleware: API-Version, Cache-Control (no-store unless the route set one), nosniff,
    X-Frame-Options and CSP on every response; CORS on the OpenAPI document. Streams pass through untouched."""

    def __init__(self, app):
        self.app = app

    def __getattr__(self, name):  # the wrapped FastAPI app's attributes (openapi, state, routes …)
        return getattr(self.app, name)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        openapi = scope.get("path", "").endswith("/openapi.json")

        async def send_met_koppen(message):
            if message["type"] == "http.response.start":
                namen = {k.lower() for k, _ in message.get("headers", [])}
                weg = {k for k, _ in KOPPEN} | ({b"access-control-allow-origin"} if openapi else set())
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in weg]
                headers += KOPPEN
                if b"cache-control" not in namen:
                    headers.append((b"cache-control", b"no-store"))
                if openapi:
                    headers.append((b"access-control-allow-origin", b"*"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_met_koppen)


class HeadAlsGet:
    """Pure ASGI middleware: HEAD is answered as GET without the body (RFC 9110), for every GET route, so the
    Allow header that names HEAD tells the truth."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "HEAD":
            return await self.app(scope, receive, send)

        async def zonder_body(message):
            if message["type"] == "http.response.body":
                message = {**message, "body": b"", "more_body": message.get("more_body", False)}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, zonder_body)


class VastePlek:
    """Pure ASGI middleware: one store handle per request (see `Kennisbank.pin`). A handle a build replaced is
    closed after the last request that used it, in a thread (closing flushes: never on the event loop)."""

    def __init__(self, app, kb):
        self.app = app
        self.kb = kb

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        pin, token = self.kb.pin()
        try:
            await self.app(scope, receive, send)
        finally:
            oud = self.kb.los(pin, token)
            if oud is not None:
                from starlette.concurrency import run_in_threadpool

                await run_in_threadpool(oud.close)


def _warm(kb) -> None:
    """Warm the API context at start (in a thread: startup is not blocked). A failure only costs speed."""
    try:
        kb.warm()
    except Exception:  # noqa: BLE001
        log.warning("opwarmen bij het starten mislukt; de eerste verzoeken doen het werk", exc_info=True)


def create_app(config: Config | None = None) -> FastAPI:
    config = config or Config.from_env()
    kb = Kennisbank(config)
    kb.gemeente_iri = gemeente_iri

    v1 = FastAPI(
        title="Kennisbank Botsende Regels",
        version=API_VERSION,
        description="API van de Kennisbank Botsende Regels: regelingen, knelpunten en praktijkvoorbeelden. "
        "Openbaar lezen zonder token; wijkteams dienen praktijkvoorbeelden in en projectleiders beoordelen ze "
        "(Authorization: Bearer <token>). Fouten zijn application/problem+json.",
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
        servers=[{"url": "/v1"}],
        contact={"name": "Kennisbank Botsende Regels", "url": "https://kennisbank.botsenderegels.nl",
                 "email": "kennisbank@botsenderegels.nl"},
        license_info={"name": "EUPL-1.2", "url": "https://eupl.eu/1.2/nl/"},
        redirect_slashes=False,
        # on every operation: a token that is sent must be valid (api/auth.py); no forbidden characters in
        # query or path parameters (api/common.py)
        dependencies=[Depends(beller), Depends(geldige_tekens)],
    )
    v1.state.kb = kb
    fout_module.install(v1)

    from . import berekeningen, knelpunten, praktijkvoorbeelden, regelingen, revisies, signalen, sparql, zoeken

    routers = (regelingen, knelpunten, revisies, praktijkvoorbeelden, zoeken, sparql, signalen, berekeningen)
    for module in routers:
        v1.include_router(module.router)

    def openapi():
        if v1.openapi_schema:
            return v1.openapi_schema
        from fastapi.openapi.utils import get_openapi

        from .knelpunten import KNELPUNT_SCHEMA
        from .praktijkvoorbeelden import BEOORDELING_SCHEMA, INZENDING_SCHEMA

        schema = get_openapi(title=v1.title, version=v1.version, description=v1.description, routes=v1.routes,
                             servers=v1.servers, contact=v1.contact, license_info=v1.license_info)
        from .openapi_vormen import pas_toe

        pas_toe(schema)  # the parameter forms the server enforces
        comps = schema.setdefault("components", {}).setdefault("schemas", {})
        for name in ("HTTPValidationError", "ValidationError"):
            comps.pop(name, None)
        comps["Probleem"] = PROBLEM_SCHEMA
        comps["KnelpuntInvoer"] = KNELPUNT_SCHEMA
        comps["PraktijkvoorbeeldInvoer"] = INZENDING_SCHEMA
        comps["Beoordeling"] = BEOORDELING_SCHEMA
        comps["BeoordelingResultaat"] = BEOORDELING_RESULTAAT_SCHEMA
        from .openapi_vormen import body_vormen

        body_vormen(comps)
        rollen = {r.operation_id: rollen_van(r.dependant) for m in routers for r in m.router.routes
                  if hasattr(r, "dependant")}
        for path, ops in schema.get("paths", {}).items():
            for method, op in ops.items():
                responses = op.get("responses", {})
                # a role: the token is required; public: optional, but a token that is sent must be valid
                op["security"] = [{"token": []}] if rollen.get(op.get("operationId")) else [{}, {"token": []}]
                if "401" not in responses:
                    responses["401"] = fout_antwoorden(401)[401]
                    responses["401"]["description"] = "Het meegestuurde token is onbekend of ingetrokken"
                if op.get("operationId") == "praktijkvoorbeeldBeoordelen" and "200" in responses:
                    responses["200"]["description"] = (
                        "Beoordeeld. De publicatie is direct zichtbaar in de API en de zoekresultaten; de pagina's "
                        "van de statische site worden daarna op de achtergrond bijgewerkt (site: 'wordt bijgewerkt', "
                        "siteBijgewerkt: false).")
                    responses["200"].setdefault("content", {}).setdefault("application/json", {})["schema"] = {
                        "$ref": "#/components/schemas/BeoordelingResultaat"}
                responses.pop("422", None)
                for code, resp in responses.items():
                    if code.startswith(("2", "3")):
                        resp.setdefault("headers", {}).setdefault(
                            "API-Version", {"description": "Versie van de API", "schema": {"type": "string"}})
        v1.openapi_schema = schema
        return schema

    v1.openapi = openapi

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(_app):
        # pending site updates a stopped process left behind, and from now on every publication's update
        kb.site_wachtrij.start()
        if not config.sparql_url:  # another process (`kennisbank site bouw`) may ask for a copy of the store
            kb.kopie_dienst.start()
        # what the first requests would otherwise wait for, without delaying the start
        opwarmen = threading.Thread(target=_warm, args=(kb,), name="kennisbank-opwarmen", daemon=True)
        opwarmen.start()
        yield

        def _stop() -> None:
            opwarmen.join(120)  # never close the stores under a warm-up that is still reading them
            kb.close()

        import anyio.to_thread

        await anyio.to_thread.run_sync(_stop)  # joining and closing block: not on the event loop

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, redirect_slashes=False, lifespan=lifespan)
    app.state.kb = kb
    app.add_middleware(HeadAlsGet)
    app.add_middleware(VastePlek, kb=kb)
    # Koppen outside all of v1, so even its 500s carry the headers; inside it one write at a time
    # (api/schrijfpoort.py) and remembered answers (api/antwoordcache.py)
    app.mount("/v1", Koppen(Schrijfpoort(Antwoordcache(v1, kb) if config.antwoordcache else v1, kb)))

    # Errors outside /v1 (the site, /id, /doc, /v1 itself): a Dutch HTML page for a browser, problem+json
    # for an API client. Plain `def`: rendering the page is no work for the event loop.
    @app.exception_handler(ApiFout)
    def _api(request: Request, exc: ApiFout):
        if wil_html(request):
            return fout_antwoord(request, exc.status, exc.detail, headers=exc.headers)
        return problem(exc.status, exc.detail, title=exc.title, errors=exc.errors, headers=exc.headers,
                       instance=str(request.url.path), code=exc.code)

    @app.exception_handler(StarletteHTTPException)
    def _http(request: Request, exc: StarletteHTTPException):
        detail = http_detail(request, exc)
        if exc.status_code == 404 and request.url.path.rstrip("/") == "/v1":
            detail = "De API heeft geen pagina op dit adres; alle adressen van de API staan in /v1/openapi.json."
        return fout_antwoord(request, exc.status_code, detail, headers=http_headers(request, exc))

    @app.exception_handler(Exception)
    def _onverwacht(request: Request, exc: Exception):
        log.error("onverwachte fout bij %s %s", request.method, request.url.path, exc_info=exc)
        return fout_antwoord(request, 500, "Er ging iets onverwachts mis. Probeer het later opnieuw.")

    @app.get("/id/{concept}/{ref:path}", include_in_schema=False)
    def id_redirect(concept: str, ref: str):
        _check_segments(concept, ref)
        return RedirectResponse(f"/doc/{concept}/{ref}", status_code=303,
                                headers={"Vary": "Accept", "Cache-Control": "no-store"})

    @app.get("/doc/{concept}/{ref:path}", include_in_schema=False)
    def doc(request: Request, concept: str, ref: str):
        _check_segments(concept, ref)
        bestand = _site_bestand(kb, f"doc/{concept}/{ref}")  # the static site's own files (.html/.ttl/.jsonld)
        if bestand is not None:
            return bestand
        return _doc(request, kb, concept, ref)

    @app.get("/zoeken/", include_in_schema=False)
    @app.get("/zoeken/index.html", include_in_schema=False)
    def zoekpagina(request: Request):
        """The site's search page with results, rendered by the server (plain `def`: it searches)."""
        from kennisbank.site.zoekpagina import render

        params = dict(request.query_params)
        if not params.get("q"):
            bestand = _site_bestand(kb, "zoeken/index.html")
            if bestand is not None:
                return bestand
        try:
            store = kb.store
        except Exception:  # noqa: BLE001 - names of facet values are a nicety
            store = None
        return HTMLResponse(render(kb.config, store, params), headers={"Cache-Control": "no-store"})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home():
        bestand = _site_bestand(kb, "index.html")  # the static site's home page, once `kennisbank site bouw` ran
        if bestand is not None:
            return bestand
        from .zoeken import status

        s = status(kb)
        rows = "".join(f"<tr><th scope='row'>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
                       for k, v in s.items())
        return HTMLResponse(
            "<!doctype html><html lang='nl'><head><meta charset='utf-8'>"
            "<title>Kennisbank Botsende Regels</title></head><body><main>"
            "<h1>Kennisbank Botsende Regels</h1>"
            "<p>De kennisbank draait. De API staat op <a href='/v1/openapi.json'>/v1/openapi.json</a>.</p>"
            f"<table><caption>Status</caption>{rows}</table></main></body></html>"
        )

    # --- the werkruimte: server-rendered pages for project leaders and wijkteams (api/werkruimte/) ---------------
    from .werkruimte import installeer as werkruimte

    werkruimte(app, kb)

    # --- the static site (kennisbank site bouw) at /, after every other route --------------------------------------
    app.mount("/", SiteBestanden(directory=str(Path(config.data_dir) / "site"), html=True, check_dir=False), name="site")
    return app


class SiteBestanden(StaticFiles):
    """The static site's files; before `kennisbank site bouw` ran there are none (a 404, not a 500)."""

    async def __call__(self, scope, receive, send):
        import anyio.to_thread

        if scope["type"] == "http" and not await anyio.to_thread.run_sync(os.path.isdir, self.directory):
            from starlette.exceptions import HTTPException

            if scope["method"] not in ("GET", "HEAD"):
                raise HTTPException(405, headers={"Allow": "GET, HEAD"})
            raise HTTPException(404)
        await super().__call__(scope, receive, send)


_SITE_TYPES = {".html": "text/html; charset=utf-8", ".ttl": "text/turtle; charset=utf-8", ".jsonld": "application/ld+json"}


def _site_bestand(kb, pad: str) -> Response | None:
    """A file of the static site (`{data}/site/{pad}`) if it exists and is one of its page or data files."""
    suffix = Path(pad).suffix
    if suffix not in _SITE_TYPES:
        return None
    root = (Path(kb.config.data_dir) / "site").resolve()
    bestand = (root / pad).resolve()
    if bestand.is_file() and bestand.is_relative_to(root):
        return FileResponse(bestand, media_type=_SITE_TYPES[suffix])
    return None


_SEGMENT = re.compile(r"[A-Za-z0-9\-._~:%]+\Z")


def _check_segments(concept: str, ref: str) -> None:
    parts = [concept] + ref.split("/")
    if any(not p or p in (".", "..") or not _SEGMENT.match(p) for p in parts):
        raise ApiFout(404, "Dit adres bestaat niet.")


def _doc(request: Request, kb, concept: str, ref: str) -> Response:
    """The page or data about `/id/{concept}/{ref}`, by content negotiation."""
    from urllib.parse import quote

    from .beschrijf import beschrijving, bepaling_plekken, knelpunt_json, praktijk_json
    from .negotiation import HTML, JSON, JSONLD, NTRIPLES, TURTLE, kies, prefixes, rdf_response

    iri = f"{kb.iris.base}/id/{concept}/{ref}"
    media = kies(request, [HTML, JSONLD, TURTLE, JSON, NTRIPLES])
    triples = beschrijving(kb.store, kb.q, iri)  # the public store only: unpublished cases are a 404 here
    if not triples:
        return fout_antwoord(request, 404, f"Er is niets bekend over <{iri}>.")
    if media == HTML:
        site = Path(kb.config.data_dir) / "site" / "doc" / concept
        page = (site / f"{ref}.html").resolve()
        if page.is_file() and str(page).startswith(str(site.resolve())):
            return FileResponse(page, media_type="text/html; charset=utf-8")
        return HTMLResponse(_minimal_html(iri, triples), headers={"Vary": "Accept"})
    if media == JSON:
        plekken = bepaling_plekken(kb, kb.store, triples)
        if concept == "knelpunt":
            return JSONResponse(knelpunt_json(kb, iri, triples, plekken))
        if concept == "praktijkvoorbeeld":
            return JSONResponse(praktijk_json(kb, iri, triples, plekken))
        props: dict[str, list] = {}
        for t in triples:
            if t.subject.value == iri:
                props.setdefault(t.predicate.value, []).append(t.object.value)
        return JSONResponse({"iri": iri, "eigenschappen": props})
    return rdf_response(triples, media, prefixes(kb.iris.kb, kb.iris.base), headers={"Vary": "Accept"})


def _minimal_html(iri: str, triples) -> str:
    title = next((t.object.value for t in triples if t.subject.value == iri and
                  t.predicate.value in ("http://purl.org/dc/terms/title", "http://www.w3.org/2004/02/skos/core#prefLabel",
                                        "http://www.w3.org/2000/01/rdf-schema#label")), iri)
    rows = "".join(
        f"<tr><th scope='row'>{html.escape(t.predicate.value)}</th><td>{html.escape(t.object.value)}</td></tr>"
        for t in triples if t.subject.value == iri)
    return ("<!doctype html><html lang='nl'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title></head><body><main><h1>{html.escape(title)}</h1>"
            f"<p><code>{html.escape(iri)}</code></p><table><caption>Eigenschappen</caption>{rows}</table>"
            "</main></body></html>")


def status(config: Config) -> dict:
    """Store and index status for a configuration (kept for callers outside the API)."""
    from .zoeken import status as _status

    kb = Kennisbank(config)
    try:
        return _status(kb)
    finally:
        kb.close()
