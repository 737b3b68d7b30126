"""Application factory: the API under /v1 and, for now, a status page at /."""

from __future__ import annotations

import html

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse

from kennisbank import __version__
from kennisbank.config import Config
from kennisbank.fouten import KennisbankFout

API_VERSION = "1.0.0"


def create_app(config: Config | None = None) -> FastAPI:
    config = config or Config.from_env()
    v1 = FastAPI(
        title="Kennisbank Botsende Regels",
        version=API_VERSION,
        description="API van de Kennisbank Botsende Regels: regelingen, knelpunten en praktijkvoorbeelden.",
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
        servers=[{"url": "/v1"}],
        contact={"name": "Kennisbank Botsende Regels", "url": "https://kennisbank.botsenderegels.nl",
                 "email": "kennisbank@botsenderegels.nl"},
        redirect_slashes=False,
    )

    @v1.middleware("http")
    async def headers(request, call_next):
        response = await call_next(request)
        response.headers["API-Version"] = API_VERSION
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
        return response

    @v1.get("/gezondheid", summary="Status van opslag en zoekindex", operation_id="gezondheid")
    def gezondheid():
        return JSONResponse(status(config))

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, redirect_slashes=False)
    app.mount("/v1", v1)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home():
        s = status(config)
        rows = "".join(f"<tr><th scope='row'>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
                       for k, v in s.items())
        return HTMLResponse(
            "<!doctype html><html lang='nl'><head><meta charset='utf-8'>"
            "<title>Kennisbank Botsende Regels</title></head><body><main>"
            "<h1>Kennisbank Botsende Regels</h1>"
            "<p>De kennisbank draait. De API staat op <a href='/v1/openapi.json'>/v1/openapi.json</a>.</p>"
            f"<table><caption>Status</caption>{rows}</table></main></body></html>"
        )

    return app


def status(config: Config) -> dict:
    from kennisbank.store import open_store

    info: dict = {"status": "ok", "versie": __version__}
    try:
        store = open_store(config, read_only=True)
        try:
            info["opslag"] = "bereikbaar"
            info["grafen"] = len(store.graphs())
            info["triples"] = store.triple_count()
        finally:
            store.close()
    except KennisbankFout as exc:
        info["status"] = "fout"
        info["opslag"] = exc.bericht
    except OSError as exc:
        info["status"] = "fout"
        info["opslag"] = f"niet bereikbaar: {exc}"
    return info
