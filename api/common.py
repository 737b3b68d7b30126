"""Shared helpers of the resource modules: request bodies, paging, small term helpers, OpenAPI snippets."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import Request

from .fouten import ApiFout, fout, ongeldig, problem_response

MAX_BODY = 64 * 1024
API_VERSION = "1.0.0"

VERSION_HEADER = {"API-Version": {"description": "Versie van de API (semver)",
                                  "schema": {"type": "string", "example": API_VERSION}}}


def ok(description: str, media: dict | None = None, extra_headers: dict | None = None) -> dict:
    r = {"description": description, "headers": {**VERSION_HEADER, **(extra_headers or {})}}
    if media:
        r["content"] = media
    return r


def fouten(*codes: int) -> dict:
    text = {400: "Ongeldige invoer", 401: "Geen of ongeldig token", 403: "Geen toegang met deze rol",
            404: "Niet gevonden", 406: "Gevraagd formaat niet beschikbaar", 409: "Conflict",
            413: "Verzoek te groot", 415: "Mediatype niet ondersteund",
            429: "Te veel verzoeken tegelijk (zie Retry-After)", 503: "Opslag niet bereikbaar",
            504: "Time-out"}
    out = {c: problem_response(text[c]) for c in codes}
    if 429 in out:
        out[429]["headers"] = {"Retry-After": {"description": "Seconden tot een nieuwe poging zinvol is",
                                               "schema": {"type": "integer"}}}
    return out


async def read_body(request: Request, limit: int = MAX_BODY) -> bytes:
    """The request body, refused with 413 as soon as it grows past `limit` (not after reading it all)."""
    length = request.headers.get("content-length")
    if length is not None:
        try:
            if int(length) > limit:
                raise ApiFout(413, f"Het verzoek is groter dan {limit // 1024} KiB.", code="te_groot")
        except ValueError:
            raise ApiFout(400, "De Content-Length-header is ongeldig.") from None
    parts, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiFout(413, f"Het verzoek is groter dan {limit // 1024} KiB.", code="te_groot")
        parts.append(chunk)
    return b"".join(parts)


def media_type(request: Request) -> str:
    return (request.headers.get("content-type") or "").split(";")[0].strip().lower()


async def json_body(request: Request, limit: int = MAX_BODY) -> dict:
    mt = media_type(request)
    if mt not in ("application/json", "application/merge-patch+json") and not mt.endswith("+json"):
        raise ApiFout(415, f"Stuur JSON (Content-Type: application/json), niet '{mt or 'geen type'}'.",
                      code="verkeerd_mediatype")
    raw = await read_body(request, limit)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ongeldig([fout("body", "/", "ongeldige_json", f"De inhoud is geen geldige JSON: {exc}.")]) from None
    if not isinstance(data, dict):
        raise ongeldig([fout("body", "/", "geen_object", "De inhoud moet een JSON-object zijn.")])
    return data


def parse_datum(value: str | None, location: str, in_: str, errors: list[dict]) -> str | None:
    if value is None or value == "":
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        errors.append(fout(in_, location, "ongeldige_datum", f"'{value}' is geen geldige datum (JJJJ-MM-DD)."))
        return None


SLUG = re.compile(r"[a-z0-9][a-z0-9\-]{0,119}\Z")
BWB = re.compile(r"(BWBR\d{7}|BWBV\d{7}|eu-\d{4}-\d{1,5}|[a-z0-9][a-z0-9\-]{1,80})\Z")
ARTIKEL = re.compile(r"[0-9A-Za-z][0-9A-Za-z.:\-]{0,30}\Z")


def laatste(iri: str) -> str:
    from urllib.parse import unquote

    return unquote(iri.rstrip("/").rsplit("/", 1)[-1])


def lit(term) -> str | None:
    if term is None:
        return None
    return term.value


class Pagina:
    def __init__(self, request: Request, pagina: int, grootte: int):
        self.request = request
        self.pagina = pagina
        self.grootte = grootte

    def slice(self, items: list) -> list:
        start = (self.pagina - 1) * self.grootte
        return items[start:start + self.grootte]

    def links(self, totaal: int) -> dict:
        def url(p: int) -> str:
            params = [(k, v) for k, v in self.request.query_params.multi_items() if k != "pagina"]
            params.append(("pagina", str(p)))
            return f"{self.request.url.path}?{urlencode(params)}"

        laatste_pagina = max(1, -(-totaal // self.grootte))
        links = {"self": {"href": url(self.pagina)}, "first": {"href": url(1)}, "last": {"href": url(laatste_pagina)}}
        if self.pagina > 1:
            links["prev"] = {"href": url(min(self.pagina - 1, laatste_pagina))}
        if self.pagina < laatste_pagina:
            links["next"] = {"href": url(self.pagina + 1)}
        return links

    def headers(self, totaal: int) -> dict:
        return {"X-Total-Count": str(totaal)}


def nn(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _query_names(dependant) -> set[str]:
    names = {p.alias or p.name for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def geen_onbekende_parameters(request: Request) -> None:
    """Router dependency: a query parameter the route does not declare is a 400 listing every such one
    (a misspelt filter must not silently return everything)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None or not request.query_params:
        return
    known = getattr(route, "_kb_query_names", None)
    if known is None:
        known = route._kb_query_names = _query_names(dependant)
    onbekend = sorted({k for k in request.query_params.keys() if k not in known})
    if onbekend:
        raise ongeldig([fout("query", k, "onbekende_parameter",
                             f"De parameter '{k}' bestaat hier niet; toegestaan: {', '.join(sorted(known)) or 'geen'}.")
                        for k in onbekend])
