"""Wijkteam pages: submit a case, "Mijn inzendingen", amend and resubmit after a send-back, withdraw.

Every step goes through the domain layer (kennisbank/inzendingen.py), with the same checks as the API. A wijkteam
sees only the submissions made with its own token (the API's rule), so never those of another gemeente.
"""

from __future__ import annotations

import re
import secrets

from fastapi import APIRouter, Depends, Request

from kennisbank import inzendingen
from kennisbank.leesmodel import begrippen_van
from kennisbank.werkruimte import Sessie

from .basis import kb_van as _kb, token_van as _token, Formulier, WerkFout, formulier, meld, naar, pagina, vereis
from .weergave import citeer, fouten_per_veld, verwijzingen_voor

router = APIRouter(include_in_schema=False)
wijkteam = vereis("wijkteam")
_ID = re.compile(r"\d{8}-[0-9a-f]{8}\Z")
_SLEUTEL = re.compile(r"[A-Za-z0-9_\-]{16,64}\Z")


def _eigen(request: Request, s: Sessie, ident: str) -> dict:
    """One of this wijkteam's own submissions; anything else is a 404 (as if it did not exist)."""
    if not _ID.match(ident):
        raise WerkFout(404, "Deze inzending bestaat niet.")
    inz = inzendingen.inzending(_kb(request), ident)
    if inz is None or inz.get("_token") != s.token_id:
        raise WerkFout(404, "Deze inzending bestaat niet, of is niet door u ingediend.")
    return inz


def _gegevens(f: Formulier, basis: dict | None = None) -> dict:
    """The form's fields as a submission (the API's JSON shape). Amending keeps what the form does not show."""
    data = {"titel": f.get("titel"), "beschrijving": f.get("beschrijving")}
    domeinen = [d for d in f.lijst("domeinen") if d]
    if domeinen:
        data["domeinen"] = domeinen
    regels = [r.strip() for r in f.get("regels").split("\n") if r.strip()]
    if regels:
        data["regels"] = regels
    if basis:
        if basis.get("datum"):
            data["datum"] = basis["datum"]
        if basis.get("uitkomst"):
            data["uitkomst"] = basis["uitkomst"]
        if basis.get("kosten"):
            data["kosten"] = [{k: v for k, v in post.items() if v is not None} for post in basis["kosten"]]
    return data


def _formulier(request: Request, *, titel: str, actie: str, waarden: dict, fouten: dict | None = None,
               algemeen: str | None = None, status: int = 200, sleutel: str | None = None, inzending: dict | None = None):
    return pagina(request, "werkruimte/inzending_formulier.html", titel=titel, status=status, actie=actie,
                  waarden=waarden, fouten=fouten or {}, algemeen=algemeen, sleutel=sleutel,
                  domeinen=begrippen_van(_kb(request), "domein"), inzending=inzending)


@router.get("/werkruimte/inzendingen/nieuw")
def nieuw_formulier(request: Request, s: Sessie = Depends(wijkteam)):
    return _formulier(request, titel="Praktijkvoorbeeld indienen", actie="/werkruimte/inzendingen/nieuw",
                      waarden={"titel": "", "beschrijving": "", "domeinen": [], "regels": ""},
                      sleutel=secrets.token_urlsafe(24))


@router.post("/werkruimte/inzendingen/nieuw")
def indienen(request: Request, s: Sessie = Depends(wijkteam), f: Formulier = Depends(formulier)):
    kb = _kb(request)
    token = _token(request, s)
    sleutel = f.get("sleutel")
    if not _SLEUTEL.match(sleutel):  # the form always carries one; without it a double click could duplicate
        raise WerkFout(400, "Dit formulier mist zijn eenmalige sleutel. Open het formulier opnieuw.")
    data = _gegevens(f)
    waarden = {"titel": f.get("titel"), "beschrijving": f.get("beschrijving"), "domeinen": f.lijst("domeinen"),
               "regels": f.get("regels")}
    try:  # plain def: validation and the store run in the thread pool
        antwoord, _nieuw = inzendingen.dien_in(kb, token, data, "werkruimte-" + sleutel)
    except inzendingen.Ongeldig as exc:
        if exc.status == 409:  # this form was sent before with other content (back button, edit, send again)
            return _formulier(request, titel="Praktijkvoorbeeld indienen", actie="/werkruimte/inzendingen/nieuw",
                              waarden=waarden, status=409, sleutel=secrets.token_urlsafe(24),
                              algemeen="Dit formulier was al verstuurd met een andere inhoud; uw eerdere inzending "
                                       "staat onder ‘Mijn inzendingen’. Wilt u dit als nieuwe inzending sturen, "
                                       "klik dan nogmaals op Indienen.")
        fouten, algemeen = fouten_per_veld(exc, ("titel", "beschrijving", "domeinen", "regels"))
        return _formulier(request, titel="Praktijkvoorbeeld indienen", actie="/werkruimte/inzendingen/nieuw",
                          waarden=waarden, fouten=fouten, algemeen=algemeen, status=400, sleutel=sleutel)
    s.antwoorden[antwoord["id"]] = antwoord  # shown once on the confirmation page (unresolved references too)
    return naar(request, f"/werkruimte/inzendingen/{antwoord['id']}?ontvangen=1")


@router.get("/werkruimte/inzendingen")
def mijn_inzendingen(request: Request, s: Sessie = Depends(wijkteam)):
    kb = _kb(request)
    eigen = inzendingen.overzicht(kb, token_id=s.token_id)
    wr = request.app.state.werkruimte
    gezien = wr.gezien.wanneer(s.token_id) or ""
    for x in eigen:
        x["nieuw_besluit"] = (inzendingen.laatste_besluit(x) or "") > gezien
    wr.gezien.zet(s.token_id, inzendingen.nu())
    return pagina(request, "werkruimte/mijn_inzendingen.html", titel="Mijn inzendingen", inzendingen=eigen)


@router.get("/werkruimte/inzendingen/{ident}")
def inzending(request: Request, ident: str, s: Sessie = Depends(wijkteam)):
    kb = _kb(request)
    inz = _eigen(request, s, ident)
    antwoord = s.antwoorden.pop(ident, None) if request.query_params.get("ontvangen") else None
    herkend, niet_gevonden = verwijzingen_voor(kb, inz, antwoord)
    return pagina(request, "werkruimte/inzending.html", titel=inz["titel"] or "Inzending", inzending=inz,
                  ontvangen=bool(request.query_params.get("ontvangen")), herkend=herkend, niet_gevonden=niet_gevonden,
                  suggesties=(antwoord or {}).get("vergelijkbareKnelpunten"))


@router.get("/werkruimte/inzendingen/{ident}/aanpassen")
def aanpassen_formulier(request: Request, ident: str, s: Sessie = Depends(wijkteam)):
    inz = _eigen(request, s, ident)
    if inz["status"] != "teruggestuurd":
        raise WerkFout(409, "Alleen een inzending die met vragen is teruggestuurd, kunt u aanpassen.")
    kb = _kb(request)
    # the references field: the provisions of the case that its text does not name itself (those came from
    # the field before; the ones the text names are found in the text again)
    uit_tekst = {v.get("iri") for v in kb.herkenner().herken(inz["beschrijving"]) if v.get("status") == "gevonden"}
    regels = "\n".join(citeer(v) for v in verwijzingen_voor(kb, inz, None, alleen_opgeslagen=True)[0]
                       if v["iri"] not in uit_tekst)
    return _formulier(request, titel="Inzending aanpassen", actie=f"/werkruimte/inzendingen/{ident}/aanpassen",
                      waarden={"titel": inz["titel"], "beschrijving": inz["beschrijving"], "domeinen": inz["domeinen"],
                               "regels": regels}, inzending=inz)


@router.post("/werkruimte/inzendingen/{ident}/aanpassen")
def aanpassen(request: Request, ident: str, s: Sessie = Depends(wijkteam), f: Formulier = Depends(formulier)):
    kb = _kb(request)
    inz = _eigen(request, s, ident)
    token = _token(request, s)
    waarden = {"titel": f.get("titel"), "beschrijving": f.get("beschrijving"), "domeinen": f.lijst("domeinen"),
               "regels": f.get("regels")}
    try:
        antwoord = inzendingen.dien_opnieuw_in(kb, token, ident, _gegevens(f, inz))
    except inzendingen.Ongeldig as exc:
        if exc.status == 409:
            raise WerkFout(409, exc.detail or "Deze inzending kan niet meer worden aangepast.") from None
        fouten, algemeen = fouten_per_veld(exc, ("titel", "beschrijving", "domeinen", "regels"))
        return _formulier(request, titel="Inzending aanpassen", actie=f"/werkruimte/inzendingen/{ident}/aanpassen",
                          waarden=waarden, fouten=fouten, algemeen=algemeen, status=400, inzending=inz)
    if antwoord is None:
        raise WerkFout(404, "Deze inzending bestaat niet, of is niet door u ingediend.")
    s.antwoorden[ident] = antwoord
    meld(request, "Uw aangepaste inzending is opnieuw ingediend. De projectleiding beoordeelt haar opnieuw.")
    return naar(request, f"/werkruimte/inzendingen/{ident}?ontvangen=1")


@router.post("/werkruimte/inzendingen/{ident}/intrekken")
def intrekken(request: Request, ident: str, s: Sessie = Depends(wijkteam), f: Formulier = Depends(formulier)):
    kb = _kb(request)
    _eigen(request, s, ident)
    try:
        res = inzendingen.trek_in(kb, _token(request, s), ident)
    except inzendingen.Ongeldig as exc:
        raise WerkFout(409, exc.detail or "Deze inzending kan niet meer worden ingetrokken.") from None
    if res is None:
        raise WerkFout(404, "Deze inzending bestaat niet, of is niet door u ingediend.")
    meld(request, "De inzending is ingetrokken. Ze wordt niet beoordeeld en niet gepubliceerd.")
    return naar(request, "/werkruimte/inzendingen")
