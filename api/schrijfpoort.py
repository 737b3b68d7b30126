"""One write at a time: pure ASGI middleware in front of /v1 for POST/PUT/PATCH/DELETE (not POST /sparql, a read).

Writes are CPU-bound Python (validation, SHACL, store, search index) in one process under one GIL. Run side by
side they only take turns, each holding a worker thread and slowing every read; the domain serialises most of
their store work anyway. So writes with a valid token wait their turn here, on the event loop, holding no
thread; readers keep the threads and the CPU (measured with `python -m benchmarks.belasting`: with 5 writers the
slowest read p95 fell from about 1.6 s to 1 s on a loaded 2-core machine).

The request body is read in full BEFORE the turn is taken (up to `MAX_BODY`; a larger one goes straight on and
gets its 413), so a slow upload never holds up the writes of others. Requests without a valid token go straight
on as well: they get their 401/403 without waiting.
"""

from __future__ import annotations

import asyncio

from .common import MAX_BODY

GELIJKTIJDIG = 1
METHODEN = {"POST", "PUT", "PATCH", "DELETE"}


class Schrijfpoort:
    def __init__(self, app, kb, gelijktijdig: int = GELIJKTIJDIG):
        self.app = app
        self.kb = kb
        self.gelijktijdig = gelijktijdig
        self._poort: asyncio.Semaphore | None = None  # made on the running loop

    def __getattr__(self, name):  # the wrapped FastAPI app's attributes (openapi, state, routes …)
        return getattr(self.app, name)

    def _geldig_token(self, scope) -> bool:
        for k, v in scope["headers"]:
            if k == b"authorization":
                schema, _, waarde = v.decode("latin-1").partition(" ")
                return schema.lower() == "bearer" and self.kb.tokens.controleer(waarde.strip()) is not None
        return False

    async def __call__(self, scope, receive, send):
        if (scope["type"] != "http" or scope["method"] not in METHODEN or scope["path"].endswith("/sparql")
                or not self._geldig_token(scope)):
            return await self.app(scope, receive, send)
        stukken, grootte, eerst = [], 0, []
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                eerst.append(message)
                break
            stukken.append(message.get("body", b""))
            grootte += len(stukken[-1])
            if not message.get("more_body", False):
                break
            if grootte > MAX_BODY:  # too large anyway: no turn needed to refuse it
                eerst.append({"type": "http.request", "body": b"".join(stukken), "more_body": True})
                return await self.app(scope, _opnieuw(eerst, receive), send)
        eerst.insert(0, {"type": "http.request", "body": b"".join(stukken), "more_body": False})
        if self._poort is None:
            self._poort = asyncio.Semaphore(self.gelijktijdig)
        async with self._poort:
            await self.app(scope, _opnieuw(eerst, receive), send)


def _opnieuw(berichten: list[dict], receive):
    """A `receive` that first gives the messages already read, then the client's own."""
    rij = list(berichten)

    async def ontvang():
        if rij:
            return rij.pop(0)
        return await receive()

    return ontvang
