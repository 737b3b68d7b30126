"""Projectleider pages: the review queue and the decisions (publish with knelpunten, reject with a reason, send
back with questions). Every decision goes through the domain layer (kennisbank/inzendingen.py)."""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, Request

from kennisbank import inzendingen
from kennisbank.privacy import controleer_velden
from kennisbank.werkruimte import Sessie

from .basis import kb_van as _kb, token_van as _token, Formulier, WerkFout, formulier, meld, naar, pagina, vereis
from .weergave import verwijzingen_voor

router = APIRouter(include_in_schema=False)
projectleider = vereis("projectleider")
_ID = re.compile(r"\d{8}-[0-9a-f]{8}\Z")


def _inzending(request: Request, ident: str) -> dict:
    if not _ID.match(ident):
        raise WerkFout(404, "Deze inzending bestaat niet.")
    inz = inzendingen.inzending(_kb(request), ident)
    if inz is None:
        raise WerkFout(404, "Deze inzending bestaat niet.")
    return inz


@router.get("/werkruimte/beoordelen")
def wachtrij(request: Request, s: Sessie = Depends(projectleider)):
    alles = inzendingen.overzicht(_kb(request), statussen=("ingediend", "teruggestuurd"))
    groepen = [
        ("nieuw", "Nieuw", [x for x in alles if x["status"] == "ingediend" and not x["opnieuwIngediendOp"]]),
        ("opnieuw", "Opnieuw ingediend na vragen", [x for x in alles if x["status"] == "ingediend" and x["opnieuwIngediendOp"]]),
        ("teruggestuurd", "Teruggestuurd, wacht op het wijkteam", [x for x in alles if x["status"] == "teruggestuurd"]),
    ]
    return pagina(request, "werkruimte/beoordelen.html", titel="Te beoordelen", groepen=groepen)


def _beoordeling(request: Request, inz: dict, *, fouten: dict | None = None, waarden: dict | None = None,
                 status: int = 200):
    kb = _kb(request)
    herkend, niet_gevonden = verwijzingen_voor(kb, inz, None)
    privacy = [{"veld": veld.lstrip("/"), "soort": hit.omschrijving, "begin": hit.begin, "eind": hit.eind}
               for veld, hit in controleer_velden({"/titel": inz["titel"], "/beschrijving": inz["beschrijving"]})]
    suggesties = inzendingen.suggesties(kb, [v["iri"] for v in herkend], f"{inz['titel']} {inz['beschrijving']}")
    return pagina(request, "werkruimte/beoordeling.html", titel=f"Beoordelen: {inz['titel']}", status=status,
                  inzending=inz, herkend=herkend, niet_gevonden=niet_gevonden, privacy=privacy,
                  suggesties=suggesties, fouten=fouten or {}, waarden=waarden or {})


@router.get("/werkruimte/beoordelen/{ident}")
def beoordeling(request: Request, ident: str, s: Sessie = Depends(projectleider)):
    return _beoordeling(request, _inzending(request, ident))


@router.post("/werkruimte/beoordelen/{ident}")
def besluit(request: Request, ident: str, s: Sessie = Depends(projectleider), f: Formulier = Depends(formulier)):
    kb = _kb(request)
    inz = _inzending(request, ident)
    token = _token(request, s)
    keuze = f.get("besluit")
    waarden = {"besluit": keuze, "reden": f.get("reden"), "vragen": f.get("vragen"), "toelichting": f.get("toelichting"),
               "knelpunten": f.lijst("knelpunten"), "extra": f.get("extra")}
    try:
        if keuze == "publiceren":
            knelpunten = [k for k in f.lijst("knelpunten") if k] + [
                k.strip() for k in re.split(r"[\s,]+", f.get("extra")) if k.strip()]
            data = {"besluit": "publiceren", "knelpunten": list(dict.fromkeys(knelpunten))}
            if f.get("toelichting").strip():
                data["toelichting"] = f.get("toelichting").strip()
            besluit_, toelichting, iris = inzendingen.lees_beoordeling(kb, data)
            res = inzendingen.beoordeel(kb, token, ident, besluit_, toelichting, iris)
            tekst = "gepubliceerd; het staat nu in de openbare kennisbank"
        elif keuze == "afwijzen":
            reden = f.get("reden").strip()
            if not reden:  # the wijkteam must learn why
                return _beoordeling(request, inz, status=400, waarden=waarden,
                                    fouten={"reden": "Schrijf de reden van de afwijzing; het wijkteam krijgt haar te zien."})
            besluit_, toelichting, iris = inzendingen.lees_beoordeling(kb, {"besluit": "afwijzen", "toelichting": reden})
            res = inzendingen.beoordeel(kb, token, ident, besluit_, toelichting, iris)
            tekst = "afgewezen; het wijkteam ziet de reden"
        elif keuze == "terugsturen":
            res = inzendingen.stuur_terug(kb, token, ident, f.get("vragen"))
            tekst = "met vragen teruggestuurd naar het wijkteam"
        else:
            raise WerkFout(400, "Kies een besluit: publiceren, afwijzen of terugsturen.")
    except inzendingen.Ongeldig as exc:
        if exc.status == 409:
            raise WerkFout(409, exc.detail or "Over deze inzending is al besloten.") from None
        fouten = {}
        for e in exc.errors:
            veld = (e.get("location") or "").lstrip("/").split("/", 1)[0]
            veld = {"knelpunten": "knelpunten", "toelichting": "reden" if keuze == "afwijzen" else "toelichting",
                    "vragen": "vragen"}.get(veld, "algemeen")
            fouten[veld] = (fouten.get(veld, "") + " " + (e.get("detail") or "")).strip()
        return _beoordeling(request, inz, status=400, waarden=waarden, fouten=fouten)
    if res is None:
        raise WerkFout(404, "Deze inzending bestaat niet.")
    meld(request, f"‘{inz['titel']}’ is {tekst}.")
    return naar(request, "/werkruimte/beoordelen")
