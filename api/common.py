"""Shared helpers of the resource modules: request bodies, paging, small term helpers, OpenAPI snippets."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import Request

from .fouten import ApiFout, fout, ongeldig, pointer, problem_response

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
            412: "De wijziging gaat uit van een oudere versie (If-Match)",
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
    except RecursionError:
        raise ongeldig([fout("body", "/", "te_diep_genest",
                             f"De JSON is te diep genest; hoogstens {MAX_DIEPTE} niveaus.")]) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ongeldig([fout("body", "/", "ongeldige_json", f"De inhoud is geen geldige JSON: {exc}.")]) from None
    if not isinstance(data, dict):
        raise ongeldig([fout("body", "/", "geen_object", "De inhoud moet een JSON-object zijn.")])
    errors = json_tekst_fouten(data)
    if errors:
        raise ongeldig(errors)
    return data


# --- characters no text in the kennisbank may hold ----------------------------------------------------------
#: C0 control characters other than tab, newline and carriage return; DEL and the C1 controls; lone surrogates
#: (JSON's "\ud800"); the non-characters U+FFFE and U+FFFF. Once stored they make SPARQL XML results and
#: RDF/XML invalid (XML 1.0 forbids them), and they have no place in a text a person typed.
VERBODEN_TEKENS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
MAX_DIEPTE = 32


def _teken_fout(tekst: str) -> str | None:
    m = VERBODEN_TEKENS.search(tekst)
    if m is None:
        return None
    c = m.group()
    soort = "een losse surrogaat" if "\ud800" <= c <= "\udfff" else \
        "een niet-teken" if c in "\ufffe\uffff" else "een stuurteken"
    return (f"Deze tekst bevat {soort} (U+{ord(c):04X}) op positie {m.start()}; dat teken is niet toegestaan. "
            "Verwijder het en probeer het opnieuw.")


def tekst_fout(in_: str, location: str, tekst: str) -> dict | None:
    """An errors[] item when `tekst` holds a character that is not allowed, else None."""
    detail = _teken_fout(tekst)
    return fout(in_, location, "ongeldig_teken", detail) if detail else None


def json_tekst_fouten(data) -> list[dict]:
    """Every string (and key) in a JSON value with a forbidden character, by JSON pointer; nesting deeper
    than MAX_DIEPTE is one error. Iterative: a deep document cannot exhaust the stack."""
    errors: list[dict] = []
    stack = [(data, [], 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_DIEPTE:
            return [fout("body", pointer(path), "te_diep_genest", f"De JSON is te diep genest; hoogstens {MAX_DIEPTE} niveaus.")]
        if isinstance(value, str):
            e = tekst_fout("body", pointer(path) or "/", value)
            if e:
                errors.append(e)
        elif isinstance(value, dict):
            for k, v in value.items():
                e = tekst_fout("body", pointer(path + [k]), k)
                if e:
                    e["detail"] = "De naam van dit veld: " + e["detail"][0].lower() + e["detail"][1:]
                    errors.append(e)
                stack.append((v, path + [k], depth + 1))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                stack.append((v, path + [i], depth + 1))
    return sorted(errors, key=lambda e: e["location"])


def geldige_tekens(request: Request) -> None:
    """App dependency: query and path parameters with a forbidden character are a 400 naming them."""
    errors = []
    for k, v in request.query_params.multi_items():
        e = tekst_fout("query", k, v) or tekst_fout("query", k, k)
        if e:
            errors.append(e)
    for k, v in request.path_params.items():
        if isinstance(v, str):
            e = tekst_fout("path", k, v)
            if e:
                errors.append(e)
    if errors:
        raise ongeldig(errors)


async def json_invoer(request: Request) -> dict:
    """The JSON body as a dependency, so handlers can be plain `def` (run in the thread pool, off the loop)."""
    return await json_body(request)


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


from kennisbank.domein import SLUG  # noqa: E402  (one form of an id, in the domain layer)
BWB = re.compile(r"(BWBR\d{7}|BWBV\d{7}|eu-\d{4}-\d{1,5}|[a-z0-9][a-z0-9\-]{1,80})\Z")
ARTIKEL = re.compile(r"[0-9A-Za-z][0-9A-Za-z.:\-]{0,30}\Z")
#: The id of a praktijkvoorbeeld (an inzending keeps its id when it is published).
PRAKTIJKVOORBEELD_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-_.]{0,120}\Z")
#: The id of a signal: the first 16 hex digits of its hash (kennisbank/signalering/signaal.py).
SIGNAAL_ID = re.compile(r"[0-9a-f]{16}\Z")


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
