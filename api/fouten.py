"""Errors as `application/problem+json` (RFC 9457), in Dutch, with every input problem listed at once."""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from kennisbank.fouten import KennisbankFout

log = logging.getLogger("kennisbank.api")
PROBLEM = "application/problem+json"

TITELS = {
    400: "Ongeldige invoer",
    401: "Niet geauthenticeerd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Formaat niet beschikbaar",
    409: "Conflict",
    412: "Voorwaarde niet vervuld",
    413: "Verzoek te groot",
    415: "Mediatype niet ondersteund",
    422: "Onverwerkbare invoer",
    500: "Interne fout",
    503: "Dienst niet beschikbaar",
    504: "Time-out",
}


class ApiFout(Exception):
    """An error response: status, a Dutch detail and, for invalid input, the list of problems."""

    def __init__(self, status: int, detail: str, *, errors: list[dict] | None = None, title: str | None = None,
                 headers: dict[str, str] | None = None, code: str | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or []
        self.title = title or TITELS.get(status, "Fout")
        self.headers = headers or {}
        self.code = code


def fout(in_: str, location: str, code: str, detail: str) -> dict:
    """One item of `errors[]`: where (`in`: body/query/path/header; `location`: JSON pointer or name), what."""
    return {"in": in_, "location": location, "code": code, "detail": detail}


def ongeldig(errors: list[dict], detail: str | None = None) -> ApiFout:
    n = len(errors)
    return ApiFout(400, detail or (f"De invoer bevat {n} {'fout' if n == 1 else 'fouten'}; zie 'errors'."),
                   errors=errors)


def problem(status: int, detail: str, *, title: str | None = None, errors: list[dict] | None = None,
            headers: dict[str, str] | None = None, instance: str | None = None, code: str | None = None) -> JSONResponse:
    body: dict = {"type": "about:blank", "title": title or TITELS.get(status, "Fout"), "status": status,
                  "detail": detail}
    if instance:
        body["instance"] = quote(instance, safe=_URI_PAD)  # a valid uri-reference, whatever path was asked
    if code:
        body["code"] = code
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


_URI_PAD = "/!$&'()*+,;=:@-._~"  # RFC 3986 pchar without '%': every other character is percent-encoded


def wil_html(request: Request) -> bool:
    """Whether the client (a browser) prefers an HTML page to problem+json."""
    from .negotiation import parse_accept

    for media, q, _ in parse_accept(request.headers.get("accept")):
        if q <= 0:
            continue
        if media in ("text/html", "application/xhtml+xml"):
            return True
        if media in ("application/json", "application/problem+json", "*/*") or media.endswith("+json"):
            return False
    return False


def fout_antwoord(request: Request, status: int, detail: str, *, headers: dict[str, str] | None = None,
                  code: str | None = None) -> Response:
    """An error for any address: a Dutch HTML page in the site's look for a browser, else problem+json."""
    if wil_html(request):
        from kennisbank.site.foutpagina import foutpagina

        return HTMLResponse(foutpagina(status, detail), status_code=status, headers=headers)
    return problem(status, detail, headers=headers, instance=str(request.url.path), code=code)


def http_detail(request: Request, exc: StarletteHTTPException) -> str:
    """The Dutch detail of a Starlette/FastAPI HTTPException (its own English texts are replaced)."""
    status = exc.status_code
    if isinstance(exc.detail, str) and exc.detail and exc.detail != HTTPStatus(status).phrase:
        return exc.detail
    return {
        404: f"Er is niets op het adres '{request.url.path}'.",
        405: f"De methode {request.method} is hier niet toegestaan.",
    }.get(status, TITELS.get(status, "Er ging iets mis."))


def http_headers(request: Request, exc: StarletteHTTPException) -> dict[str, str] | None:
    """The exception's headers; a 405 always says which methods are allowed (Allow)."""
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 405:  # Starlette names only the first matching route's methods: name them all
        headers = {k: v for k, v in headers.items() if k.lower() != "allow"}
        headers["Allow"] = toegestane_methoden(request)
    return headers or None


def toegestane_methoden(request: Request) -> str:
    """The methods the routes of this application accept at the request's path (for Allow)."""
    from starlette.routing import Match, Mount

    # a Mount (the static site at /) takes every method and answers for itself: it does not count
    routes = [r for r in getattr(getattr(request.scope.get("app"), "router", None), "routes", [])
              if not isinstance(r, Mount)]
    methods = set()
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        for route in routes:
            try:
                match, _ = route.matches({**request.scope, "method": method})
            except Exception:  # noqa: BLE001 - a route that cannot tell does not count
                continue
            if match == Match.FULL:
                methods.add(method)
                break
    if "GET" in methods or not methods:
        methods |= {"GET", "HEAD"}
    return ", ".join(sorted(methods))


# --- pydantic/FastAPI validation errors -> our errors[] ----------------------------------------------------
_CODES = {
    "missing": ("verplicht", "Dit veld is verplicht."),
    "extra_forbidden": ("onbekend_veld", "Dit veld bestaat niet."),
    "string_type": ("geen_tekst", "Dit moet een tekst zijn."),
    "string_too_short": ("te_kort", "Deze tekst is te kort."),
    "string_too_long": ("te_lang", "Deze tekst is te lang."),
    "list_type": ("geen_lijst", "Dit moet een lijst zijn."),
    "too_long": ("te_lang", "Deze lijst is te lang."),
    "int_parsing": ("geen_geheel_getal", "Dit moet een geheel getal zijn."),
    "int_type": ("geen_geheel_getal", "Dit moet een geheel getal zijn."),
    "greater_than_equal": ("te_klein", "Deze waarde is te klein."),
    "less_than_equal": ("te_groot", "Deze waarde is te groot."),
    "decimal_parsing": ("geen_getal", "Dit moet een getal zijn."),
    "decimal_type": ("geen_getal", "Dit moet een getal zijn."),
    "float_parsing": ("geen_getal", "Dit moet een getal zijn."),
    "date_from_datetime_parsing": ("ongeldige_datum", "Dit is geen geldige datum (JJJJ-MM-DD)."),
    "date_parsing": ("ongeldige_datum", "Dit is geen geldige datum (JJJJ-MM-DD)."),
    "date_type": ("ongeldige_datum", "Dit is geen geldige datum (JJJJ-MM-DD)."),
    "literal_error": ("ongeldige_waarde", "Deze waarde is niet toegestaan."),
    "enum": ("ongeldige_waarde", "Deze waarde is niet toegestaan."),
    "dict_type": ("geen_object", "Dit moet een object zijn."),
    "model_type": ("geen_object", "Dit moet een object zijn."),
    "json_invalid": ("ongeldige_json", "De inhoud is geen geldige JSON."),
    "bool_parsing": ("geen_waarheidswaarde", "Dit moet true of false zijn."),
    "value_error": ("ongeldige_waarde", "Deze waarde is ongeldig."),
}


def pointer(parts) -> str:
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts) if parts else ""


def vertaal_pydantic(errors, in_: str = "body") -> list[dict]:
    """pydantic error dicts -> errors[] items, with JSON pointers into the body."""
    out = []
    for e in errors:
        loc = list(e.get("loc", ()))
        where = in_
        if loc and loc[0] in ("body", "query", "path", "header"):
            where, loc = loc[0], loc[1:]
        kind = e.get("type", "value_error")
        code, detail = _CODES.get(kind, ("ongeldige_waarde", "Deze waarde is ongeldig."))
        if kind == "value_error" and e.get("ctx", {}).get("error"):
            detail = str(e["ctx"]["error"])
        elif kind in ("string_too_long", "too_long") and "max_length" in e.get("ctx", {}):
            detail = f"Dit mag hoogstens {e['ctx']['max_length']} {'tekens' if kind == 'string_too_long' else 'elementen'} bevatten."
        elif kind == "literal_error" and "expected" in e.get("ctx", {}):
            detail = f"Kies uit: {e['ctx']['expected']}."
        location = pointer(loc) if where == "body" else ".".join(str(p) for p in loc)
        out.append(fout(where, location or "/", code, detail))
    return out


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiFout)
    async def _api(request: Request, exc: ApiFout):
        return problem(exc.status, exc.detail, title=exc.title, errors=exc.errors, headers=exc.headers,
                       instance=str(request.url.path), code=exc.code)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        errors = vertaal_pydantic(exc.errors())
        return problem(400, f"De invoer bevat {len(errors)} {'fout' if len(errors) == 1 else 'fouten'}; zie 'errors'.",
                       errors=errors, instance=str(request.url.path))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        return problem(exc.status_code, http_detail(request, exc), headers=http_headers(request, exc),
                       instance=str(request.url.path))

    @app.exception_handler(KennisbankFout)
    async def _kennisbank(request: Request, exc: KennisbankFout):
        text = exc.bericht
        status = 504 if "duurde langer" in text else 400 if ("SPARQL-vraag" in text or "groter dan" in text) else 503
        return problem(status, text, instance=str(request.url.path))

    @app.exception_handler(Exception)
    async def _onverwacht(request: Request, exc: Exception):
        log.exception("onverwachte fout bij %s %s", request.method, request.url.path)
        return problem(500, "Er ging iets onverwachts mis. Probeer het later opnieuw.", instance=str(request.url.path))


# --- OpenAPI -------------------------------------------------------------------------------------------------
PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Foutmelding volgens RFC 9457 (problem+json).",
    "required": ["status", "title", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri-reference", "description": "Soort fout"},
        "title": {"type": "string", "description": "Korte omschrijving van de soort fout"},
        "status": {"type": "integer", "format": "int32", "description": "HTTP-statuscode"},
        "detail": {"type": "string", "description": "Uitleg in het Nederlands"},
        "instance": {"type": "string", "format": "uri-reference", "description": "Adres waar de fout optrad"},
        "code": {"type": "string", "description": "Code van de fout"},
        "errors": {
            "type": "array",
            "description": "Alle problemen met de invoer",
            "items": {
                "type": "object",
                "required": ["in", "location", "code", "detail"],
                "properties": {
                    "in": {"type": "string", "enum": ["body", "query", "path", "header"]},
                    "location": {"type": "string", "description": "JSON-pointer in de body, of naam van de parameter"},
                    "code": {"type": "string"},
                    "detail": {"type": "string"},
                },
            },
        },
    },
}


def problem_response(description: str) -> dict:
    return {"description": description, "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Probleem"}}}}


def dumps(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")
