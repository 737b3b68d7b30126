"""Logging in (token pasted once, or a one-time link), logging out, and the werkruimte's home page."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, Request

from kennisbank import inzendingen
from kennisbank.werkruimte import Sessie

from .basis import kb_van as _kb, Formulier, formulier, gebruiker, naar, pagina, sessie, veilig_terug, wissel_sessie

router = APIRouter(include_in_schema=False)
log = logging.getLogger("kennisbank.werkruimte")


@router.get("/werkruimte")
@router.get("/werkruimte/")
def home(request: Request, s: Sessie = Depends(gebruiker)):
    kb = _kb(request)
    if s.rol == "projectleider":
        wachtend = inzendingen.overzicht(kb, statussen=("ingediend", "teruggestuurd"))
        tellingen = {"nieuw": sum(1 for x in wachtend if x["status"] == "ingediend" and not x["opnieuwIngediendOp"]),
                     "opnieuw": sum(1 for x in wachtend if x["status"] == "ingediend" and x["opnieuwIngediendOp"]),
                     "teruggestuurd": sum(1 for x in wachtend if x["status"] == "teruggestuurd")}
    else:
        eigen = inzendingen.overzicht(kb, token_id=s.token_id)
        gezien = request.app.state.werkruimte.gezien.wanneer(s.token_id) or ""
        tellingen = {"nieuwe_besluiten": sum(1 for x in eigen if (inzendingen.laatste_besluit(x) or "") > gezien),
                     "ingediend": sum(1 for x in eigen if x["status"] == "ingediend"),
                     "teruggestuurd": sum(1 for x in eigen if x["status"] == "teruggestuurd")}
    return pagina(request, "werkruimte/home.html", titel="Werkruimte", tellingen=tellingen)


@router.get("/werkruimte/inloggen")
def inloggen_formulier(request: Request, s: Sessie = Depends(sessie)):
    terug = request.query_params.get("naar")
    terug = terug if veilig_terug(terug) else None
    if s.aangemeld:
        return naar(request, terug or "/werkruimte")
    return pagina(request, "werkruimte/inloggen.html", titel="Aanmelden", terug=terug,
                  afgemeld=request.query_params.get("afgemeld") == "1", fout=None)


def _aanmelden(request: Request, s: Sessie, token) -> None:
    wr = request.app.state.werkruimte
    nieuw = wr.sessies.meld_aan(s, token)
    wissel_sessie(request, nieuw, s)
    log.info("aangemeld in de werkruimte: token-id %s (%s)", token.id, token.rol)  # the id, never the token


@router.post("/werkruimte/inloggen")
def inloggen(request: Request, s: Sessie = Depends(sessie), f: Formulier = Depends(formulier)):
    token = _kb(request).tokens.controleer(f.get("token").strip())
    terug = f.get("naar") if veilig_terug(f.get("naar")) else None
    if token is None:
        return pagina(request, "werkruimte/inloggen.html", titel="Aanmelden", status=400, afgemeld=False, terug=terug,
                      fout="Deze toegangscode is onbekend of ingetrokken. Controleer de code of vraag een nieuwe aan.")
    _aanmelden(request, s, token)
    return naar(request, terug or "/werkruimte")


@router.get("/werkruimte/inloggen/link")
def link_formulier(request: Request, s: Sessie = Depends(sessie)):
    code = request.query_params.get("code", "")
    fout = None if code and len(code) <= 100 else "Deze inloglink is niet compleet. Vraag een nieuwe aan."
    return pagina(request, "werkruimte/link.html", titel="Aanmelden met een inloglink", code=code, fout=fout,
                  status=400 if fout else 200)


@router.post("/werkruimte/inloggen/link")
def link(request: Request, s: Sessie = Depends(sessie), f: Formulier = Depends(formulier)):
    kb = _kb(request)
    token_id = request.app.state.werkruimte.inlogcodes.gebruik(f.get("code"))
    token = kb.tokens.op_id(token_id) if token_id else None
    if token is None:
        return pagina(request, "werkruimte/link.html", titel="Aanmelden met een inloglink", status=400, code="",
                      fout="Deze inloglink is verlopen of al gebruikt. Een inloglink werkt één keer en 15 minuten "
                           "lang; vraag een nieuwe aan.")
    _aanmelden(request, s, token)
    return naar(request, "/werkruimte")


@router.post("/werkruimte/uitloggen")
def uitloggen(request: Request, s: Sessie = Depends(sessie), f: Formulier = Depends(formulier)):
    request.app.state.werkruimte.sessies.beeindig(s.id)
    wissel_sessie(request, None, s)
    return naar(request, "/werkruimte/inloggen?afgemeld=1")
