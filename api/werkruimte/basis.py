"""The werkruimte's building blocks for every page and form (use these when you add a page):

- `sessie` (dependency): the browser's session, anonymous or logged in; made when absent.
- `gebruiker` (dependency): the logged-in session (`.rol`, `.gemeente`, `.token_id`); not logged in -> a 303
  to the login page. `vereis("projectleider")` / `vereis("wijkteam")`: the same, for one role (else a Dutch 403).
- `formulier` (dependency, for every POST): the form fields AFTER the CSRF check (missing or wrong -> a Dutch
  403 page). `Formulier.get(naam)` gives one value, `.lijst(naam)` all values of a repeated field.
- `pagina(request, "werkruimte/x.html", titel=..., **ctx)`: renders a template that extends
  `werkruimte/basis.html` (blocks `werk` for the content, `script` for a script). Every template gets `u()`
  (links: `u('static/x.css')` is the werkruimte's copy of the site's static files, anything else a path of the
  public site), `csrf_veld()` (the hidden CSRF input: put it in every `<form method="post">`), `gebruiker` and
  `meldingen` (one-off messages set with `meld(request, tekst)` before a redirect).
- `naar(request, pad)`: the POST -> redirect -> GET answer (303).
- `WerkFout(status, uitleg)`: a Dutch error page (always HTML); `WerkFout(303, naar=pad)` redirects.

The session cookie (`kb_werkruimte`) is HttpOnly, SameSite=Strict, Path=/werkruimte, and Secure when the request
came over HTTPS (the scheme, or `X-Forwarded-Proto: https` from a proxy). It holds only a random session id;
the token never leaves the login form's POST body.
"""

from __future__ import annotations

import urllib.parse

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup, escape

from kennisbank.werkruimte import Sessie, csrf_klopt

COOKIE = "kb_werkruimte"
MAX_FORMULIER = 512 * 1024  # bytes of a form body


class WerkFout(Exception):
    """A werkruimte error: a Dutch HTML page with this status, or with `naar` a 303 redirect."""

    def __init__(self, status: int, uitleg: str = "", *, naar: str | None = None):
        super().__init__(uitleg)
        self.status = status
        self.uitleg = uitleg
        self.naar = naar


def kb_van(request: Request):
    return request.app.state.kb


def token_van(request: Request, s: Sessie):
    """The session's token; a token revoked since login sends the user back to the login page."""
    token = kb_van(request).tokens.op_id(s.token_id)
    if token is None:
        raise WerkFout(303, naar="/werkruimte/inloggen")
    return token


def _wr(request: Request):
    return request.app.state.werkruimte


def https(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "").split(",")[0].strip() == "https"


def cookie_kop(request: Request, sessie_id: str, weg: bool = False) -> str:
    waarde = "" if weg else sessie_id
    delen = [f"{COOKIE}={waarde}", "Path=/werkruimte", "HttpOnly", "SameSite=Strict"]
    if weg:
        delen.append("Max-Age=0")
    if https(request):
        delen.append("Secure")
    return "; ".join(delen)


def sessie(request: Request) -> Sessie:
    """The session of this browser; a new anonymous one when it has none (or a dead one)."""
    wr = _wr(request)
    s = wr.sessies.zoek(request.cookies.get(COOKIE))
    if s is not None and s.aangemeld and kb_van(request).tokens.op_id(s.token_id) is None:
        wr.sessies.beeindig(s.id)  # the token was revoked: its sessions end
        s = None
    if s is None:
        s = wr.sessies.nieuw()
        request.state.werkruimte_cookie = cookie_kop(request, s.id)
    request.state.sessie = s
    return s


def wissel_sessie(request: Request, nieuw: Sessie | None, oud: Sessie) -> None:
    """After login (a new id) or logout (cookie removed)."""
    if nieuw is None:
        request.state.werkruimte_cookie = cookie_kop(request, oud.id, weg=True)
    else:
        request.state.werkruimte_cookie = cookie_kop(request, nieuw.id)
    request.state.sessie = nieuw


def gebruiker(request: Request, s: Sessie = Depends(sessie)) -> Sessie:
    if not s.aangemeld:
        terug = request.url.path
        naar_ = "/werkruimte/inloggen" + (f"?naar={urllib.parse.quote(terug)}" if veilig_terug(terug)
                                          and terug.rstrip("/") != "/werkruimte" else "")
        raise WerkFout(303, naar=naar_)
    return s


def veilig_terug(pad: str | None) -> bool:
    """May the login page send the browser on to this address afterwards? Only a werkruimte page of this site."""
    return bool(pad) and pad.startswith("/werkruimte/") and "//" not in pad and "\\" not in pad \
        and not pad.startswith("/werkruimte/inloggen") and len(pad) < 200 and pad.isprintable()


def vereis(*rollen: str):
    def check(s: Sessie = Depends(gebruiker)) -> Sessie:
        if s.rol not in rollen:
            raise WerkFout(403, f"Deze pagina is voor de rol {' of '.join(rollen)}; u bent aangemeld als {s.rol}.")
        return s

    return check


class Formulier:
    """The fields of a submitted form (application/x-www-form-urlencoded)."""

    def __init__(self, paren: list[tuple[str, str]]):
        self.paren = paren

    def get(self, naam: str, standaard: str = "") -> str:
        for k, v in self.paren:
            if k == naam:
                return v
        return standaard

    def lijst(self, naam: str) -> list[str]:
        return [v for k, v in self.paren if k == naam]

    def __contains__(self, naam: str) -> bool:
        return any(k == naam for k, _ in self.paren)


async def _lees_formulier(request: Request) -> Formulier:
    """The form body (async: it reads the request; everything else runs in plain `def`)."""
    soort = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if soort != "application/x-www-form-urlencoded":
        return Formulier([])  # not one of our forms: no fields, so the CSRF check refuses it (403)
    lengte = request.headers.get("content-length")
    if lengte and (not lengte.isdigit() or int(lengte) > MAX_FORMULIER):
        raise WerkFout(413, "Het formulier is te groot.")
    body = bytearray()
    async for stuk in request.stream():
        body += stuk
        if len(body) > MAX_FORMULIER:
            raise WerkFout(413, "Het formulier is te groot.")
    try:
        tekst = bytes(body).decode("utf-8")
        paren = urllib.parse.parse_qsl(tekst, keep_blank_values=True, strict_parsing=False, max_num_fields=2000)
    except (UnicodeDecodeError, ValueError):
        raise WerkFout(400, "Het formulier kon niet gelezen worden.") from None
    # CR LF from the browser -> LF; no control characters other than newline and tab
    schoon = []
    for k, v in paren:
        v = v.replace("\r\n", "\n").replace("\r", "\n")
        schoon.append((k, "".join(c for c in v if c in "\n\t" or (ord(c) >= 32 and ord(c) != 127))))
    return Formulier(schoon)


def formulier(request: Request, s: Sessie = Depends(sessie), f: Formulier = Depends(_lees_formulier)) -> Formulier:
    """The form's fields after the CSRF check: every POST handler takes this."""
    if not csrf_klopt(s, f.get("csrf") or None):
        raise WerkFout(403, "Dit formulier is niet geaccepteerd: de beveiligingscode ontbreekt of klopt niet "
                            "(bijvoorbeeld omdat uw sessie verlopen is). Open de pagina opnieuw en probeer het nog eens.")
    return f


def meld(request: Request, tekst: str) -> None:
    """A one-off message shown on the next page of this session (after a redirect)."""
    s = getattr(request.state, "sessie", None)
    if s is not None:
        s.meldingen.append(tekst)


def naar(request: Request, pad: str) -> RedirectResponse:
    return RedirectResponse(pad, status_code=303)


def u(naar: str, fragment: str = "") -> str:
    pad = "/werkruimte/" + naar if naar.startswith("static/") else "/" + naar
    return pad + (f"#{fragment}" if fragment else "")


def _omgeving():
    from kennisbank.site.bouw import _env  # the site's own template environment: one look, one loader

    return _env()


_ENV = None


def omgeving():
    global _ENV
    if _ENV is None:
        _ENV = _omgeving()
    return _ENV


def pagina(request: Request, template: str, *, titel: str, status: int = 200, **ctx) -> HTMLResponse:
    s: Sessie | None = getattr(request.state, "sessie", None)
    meldingen = []
    if s is not None and s.meldingen:
        meldingen, s.meldingen = list(s.meldingen), []
    csrf = s.csrf if s is not None else ""

    def csrf_veld() -> Markup:
        return Markup(f'<input type="hidden" name="csrf" value="{escape(csrf)}">')

    ctx.setdefault("kruimels", None)
    html = omgeving().get_template(template).render(
        u=u, titel=titel, rdf=None, jsonld=None, csrf_veld=csrf_veld,
        gebruiker=s if s is not None and s.aangemeld else None, meldingen=meldingen,
        huidig=request.url.path, **ctx)
    return HTMLResponse(html, status_code=status)


def foutpagina(request: Request, status: int, uitleg: str) -> HTMLResponse:
    from kennisbank.site.foutpagina import TITELS

    titel = TITELS.get(status, "Er ging iets mis")
    return pagina(request, "werkruimte/fout.html", titel=titel, status=status, uitleg=uitleg, code=status)
