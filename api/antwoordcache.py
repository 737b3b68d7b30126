"""Remembered answers for GET/HEAD under /v1, never stale: pure ASGI middleware in front of all of /v1.

An answer is remembered under its key: the path, the exact query string, the Accept header, the caller (anonymous,
or the id of a valid token: what one token may see is never given to another caller or to the public) and today's
date (answers without a `peildatum` depend on it). It is given again only while the generation it was made under
(kennisbank/generatie.py: a token that changes after every write and every build switch, in any process using
the same data folder) is still current; an answer is only remembered when the generation did not change while it
was made. Every answer depends on the public store's generation, search answers also on the search index's,
answers for a token also on the inbox's (unreviewed submissions are never public).

- Only 200 answers are remembered (errors, redirects and 304 never), at most `MAX_ANTWOORD` bytes each and
  `MAX_TOTAAL` in all (least recently used out); never `/gezondheid` (it reports the live state), answers the
  route marked `no-store`/`private`, or SPARQL queries whose answer changes by itself (NOW, RAND, UUID,
  STRUUID, BNODE).
- Every remembered answer carries a strong ETag (a hash of its bytes, unless the route set one) and
  `Cache-Control: no-cache` (`private, no-cache` with a token): clients may keep it but must ask again, and
  `If-None-Match` with a matching tag gets 304 without a body.
- Concurrent requests for the same key and generation wait for the first one's answer instead of all computing
  it (one computation per key per generation).
- `KENNISBANK_ANTWOORDCACHE=uit` switches it off (e.g. when something else than this kennisbank writes to the
  SPARQL server).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import unquote_plus

from kennisbank import generatie

MAX_ANTWOORD = 4 * 1024 * 1024
MAX_TOTAAL = 64 * 1024 * 1024
NIET_ONTHOUDEN = ("/gezondheid",)
_VERANDERLIJK = re.compile(r"\b(now|rand|uuid|struuid|bnode)\s*\(", re.IGNORECASE)
#: headers a 304 repeats (RFC 9110, 15.4.5)
_BIJ_304 = {b"etag", b"cache-control", b"vary", b"content-location", b"expires"}


@dataclass
class Antwoord:
    generatie: tuple
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes


class Antwoordcache:
    def __init__(self, app, kb):
        self.app = app
        self.kb = kb
        self._items: OrderedDict[tuple, Antwoord] = OrderedDict()
        self._bytes = 0
        self._bezig: dict[tuple, asyncio.Future] = {}

    def __getattr__(self, name):  # the wrapped FastAPI app's attributes (openapi, state, routes …)
        return getattr(self.app, name)

    # --- the key -------------------------------------------------------------------------------------------
    def _beller(self, authorization: bytes | None) -> str | None:
        """'openbaar', 'token:<id>' for a valid token, or None (the route answers: 401)."""
        if authorization is None:
            return "openbaar"
        try:
            schema, _, waarde = authorization.decode("latin-1").partition(" ")
        except UnicodeDecodeError:
            return None
        if schema.lower() != "bearer" or not waarde.strip():
            return None
        token = self.kb.tokens.controleer(waarde.strip())
        return f"token:{token.id}" if token is not None else None

    def _generatie(self, kanalen: tuple[str, ...]) -> tuple | None:
        uit = []
        for kanaal in kanalen:
            waarde = self.kb.generatie(kanaal)  # a changed public generation makes the store be checked at once
            if waarde is None:
                return None
            uit.append(waarde)
        return tuple(uit)

    # --- ASGI ----------------------------------------------------------------------------------------------
    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return await self.app(scope, receive, send)
        path = scope["path"]
        if path.endswith(NIET_ONTHOUDEN):
            return await self.app(scope, receive, send)
        query = scope.get("query_string", b"")
        if path.endswith("/sparql") and _VERANDERLIJK.search(unquote_plus(query.decode("latin-1"))):
            return await self.app(scope, receive, send)
        authorization = accept = inm = None
        for k, v in scope["headers"]:
            if k == b"authorization":
                authorization = v
            elif k == b"accept":
                accept = v
            elif k == b"if-none-match":
                inm = v
        beller = self._beller(authorization)
        if beller is None:
            return await self.app(scope, receive, send)
        kanalen = (generatie.OPENBAAR,)
        if path.endswith("/zoekresultaten"):
            kanalen += (generatie.ZOEKINDEX,)
        if beller != "openbaar":
            kanalen += (generatie.INBOX,)
        gen = self._generatie(kanalen)
        if gen is None:
            return await self.app(scope, receive, send)
        sleutel = (path, query, accept, beller, dt.date.today().isoformat())
        head = scope["method"] == "HEAD"

        a = self._items.get(sleutel)
        if a is not None and a.generatie == gen:
            self._items.move_to_end(sleutel)
            return await _geef(send, a, inm, head)
        if head:  # no body to remember
            return await self.app(scope, receive, send)

        bezig = self._bezig.get((sleutel, gen))
        if bezig is not None:
            # someone computes this answer right now, from a state no older than this request (the generation
            # did not change between its start and ours): wait for it, even if it was not remembered
            a = await asyncio.shield(bezig)
            if a is not None:
                return await _geef(send, a, inm, head)
            return await self.app(scope, receive, send)

        toekomst = asyncio.get_running_loop().create_future()
        self._bezig[(sleutel, gen)] = toekomst
        a = None
        try:
            a = await self._bereken(scope, receive, send, sleutel, gen, kanalen, inm, beller != "openbaar")
        finally:
            self._bezig.pop((sleutel, gen), None)
            toekomst.set_result(a)

    async def _bereken(self, scope, receive, send, sleutel, gen, kanalen, inm, prive: bool) -> Antwoord | None:
        """Run the route; give its answer, and remember it if the generation did not change meanwhile (else it may
        mix old and new). Returns the answer for those who waited for it, or None if it was passed through."""
        start: dict | None = None
        stukken: list[bytes] = []
        grootte = 0
        doorgeven = False  # not to be remembered: pass everything on as it comes
        klaar = False

        async def vang(message):
            nonlocal start, grootte, doorgeven, klaar
            if doorgeven:
                return await send(message)
            if message["type"] == "http.response.start":
                start = message
                if not _te_onthouden(message):
                    doorgeven = True
                    await send(message)
                return None
            if message["type"] == "http.response.body":
                stukken.append(message.get("body", b""))
                grootte += len(stukken[-1])
                if grootte > MAX_ANTWOORD:  # too large to remember: give what we have and stream the rest
                    doorgeven = True
                    await send(start)
                    await send({"type": "http.response.body", "body": b"".join(stukken),
                                "more_body": message.get("more_body", False)})
                    return None
                if not message.get("more_body", False):
                    klaar = True
                return None
            return await send(message)

        await self.app(scope, receive, vang)
        if doorgeven or not klaar or start is None:
            return None
        body = b"".join(stukken)
        headers = [(k.lower(), v) for k, v in start.get("headers", [])]
        etag = next((v for k, v in headers if k == b"etag"), None)
        if etag is None:
            type_ = next((v for k, v in headers if k == b"content-type"), b"")
            etag = b'"' + hashlib.blake2b(type_ + b"\n" + body, digest_size=16).hexdigest().encode() + b'"'
            headers.append((b"etag", etag))
        vary = [v.strip() for k, val in headers if k == b"vary" for v in val.split(b",") if v.strip()]
        for v in (b"Accept", b"Authorization"):
            if v.lower() not in {x.lower() for x in vary}:
                vary.append(v)
        headers = [(k, v) for k, v in headers if k not in (b"vary", b"cache-control")]
        headers += [(b"vary", b", ".join(vary)), (b"cache-control", b"private, no-cache" if prive else b"no-cache")]
        a = Antwoord(gen, start["status"], headers, body, etag)
        if self._generatie(kanalen) == gen:
            self._onthoud(sleutel, a)
        await _geef(send, a, inm, False)
        return a

    def _onthoud(self, sleutel, a: Antwoord) -> None:
        oud = self._items.pop(sleutel, None)
        if oud is not None:
            self._bytes -= len(oud.body)
        self._items[sleutel] = a
        self._bytes += len(a.body)
        while self._bytes > MAX_TOTAAL and self._items:
            _, weg = self._items.popitem(last=False)
            self._bytes -= len(weg.body)


def _te_onthouden(start: dict) -> bool:
    if start["status"] != 200:
        return False
    for k, v in start.get("headers", []):
        k = k.lower()
        if k == b"set-cookie":
            return False
        if k == b"cache-control" and (b"no-store" in v.lower() or b"private" in v.lower()):
            return False
    return True


def _past(inm: bytes, etag: bytes) -> bool:
    """If-None-Match (weak comparison, RFC 9110 13.1.2)."""
    tags = [t.strip() for t in inm.split(b",")]
    kaal = etag[2:] if etag.startswith(b"W/") else etag
    return any(t == b"*" or (t[2:] if t.startswith(b"W/") else t) == kaal for t in tags)


async def _geef(send, a: Antwoord, inm: bytes | None, head: bool) -> None:
    if inm is not None and _past(inm, a.etag):
        await send({"type": "http.response.start", "status": 304,
                    "headers": [(k, v) for k, v in a.headers if k in _BIJ_304]})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": a.status, "headers": a.headers})
    await send({"type": "http.response.body", "body": b"" if head else a.body})
