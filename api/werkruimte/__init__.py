"""The werkruimte: server-rendered pages under /werkruimte for project leaders and wijkteams.

Thin routers over the domain layer (kennisbank/inzendingen.py, kennisbank/domein.py); sessions and login codes
are in kennisbank/werkruimte.py; the building blocks for pages and forms (session, role, CSRF, rendering) are
in `basis.py` — read its docstring before adding a page. A new page module: an `APIRouter` named `router` in
this package, added to the tuple in `installeer` below; templates in site/templates/werkruimte/ extend `werkruimte/basis.html`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from starlette.staticfiles import StaticFiles

from kennisbank.werkruimte import Gezien, Inlogcodes, Sessies

from .basis import WerkFout, foutpagina, naar

log = logging.getLogger("kennisbank.werkruimte")
STATIC = Path(__file__).resolve().parents[2] / "site" / "static"

#: Headers on every werkruimte response: nothing is cached, nothing framed, no referrer leaves the site.
KOPPEN = [
    (b"cache-control", b"no-store"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"),
    (b"referrer-policy", b"same-origin"),
]


class Werkruimte:
    """The werkruimte's state on the app (`app.state.werkruimte`)."""

    def __init__(self, data_dir: Path):
        self.sessies = Sessies()
        self.inlogcodes = Inlogcodes(data_dir)
        self.gezien = Gezien(data_dir)


class WerkruimteKoppen:
    """Pure ASGI middleware: the headers above and the session cookie a handler chose, on /werkruimte responses."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope.get("path", "").startswith("/werkruimte"):
            return await self.app(scope, receive, send)

        async def met_koppen(message):
            if message["type"] == "http.response.start":
                weg = {k for k, _ in KOPPEN}
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in weg] + KOPPEN
                cookie = (scope.get("state") or {}).get("werkruimte_cookie")
                if cookie:
                    headers.append((b"set-cookie", cookie.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, met_koppen)


def installeer(app: FastAPI, kb) -> None:
    """Add the werkruimte to the app (before the static site's mount at /)."""
    from . import inloggen, knelpunten, projectleider, signalen, wijkteam

    app.state.werkruimte = Werkruimte(kb.config.data_dir)
    app.add_middleware(WerkruimteKoppen)

    @app.exception_handler(WerkFout)
    def _werkfout(request: Request, exc: WerkFout):  # plain def: rendering is no work for the event loop
        if exc.naar:
            return naar(request, exc.naar)
        return foutpagina(request, exc.status, exc.uitleg)

    for module in (inloggen, wijkteam, projectleider, knelpunten, signalen):  # a new page module: add it here
        app.include_router(module.router)
    app.mount("/werkruimte/static", StaticFiles(directory=str(STATIC)), name="werkruimte-static")

