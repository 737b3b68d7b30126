"""Projectleider pages: reviewing signals (issue 16: confirm -> a draft knelpunt with provenance "gesignaleerd",
dismiss with a required reason; kennisbank/signalering/beoordeling.py, the same function as
POST /v1/signalen/{id}/beoordelingen) and the log of searches that found nothing (kennisbank/zoek/zoeklog.py,
the same as GET /v1/zoekvragen-zonder-resultaat)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from kennisbank.inzendingen import Ongeldig
from kennisbank.signalering.beoordeling import beoordeel
from kennisbank.signalering.opslag import lees_beoordelingen, status
from kennisbank.signalering.signaal import SOORTEN
from kennisbank.werkruimte import Sessie

from ..common import SIGNAAL_ID
from ..signalen import _gegevens
from .basis import kb_van as _kb, Formulier, WerkFout, formulier, meld, naar, pagina, vereis
from .knelpunten import _token

router = APIRouter(include_in_schema=False)
projectleider = vereis("projectleider")
PER_PAGINA = 25


def _signalen(kb, alleen_open: bool = True) -> tuple[list[dict], dict]:
    data = _gegevens(kb)
    beoordelingen = lees_beoordelingen(kb.config.data_dir)
    bepalingen = data.get("bepalingen", {})
    out = []
    for s in data.get("signalen", []):
        st = status(s, beoordelingen)
        if alleen_open and st != "open":
            continue
        out.append({"id": s["id"], "soort": SOORTEN.get(s["soort"], s["soort"]), "score": s["score"], "uitleg": s["uitleg"],
                    "status": st, "bepalingen": [bepalingen.get(b, {"iri": b}) for b in s["bepalingen"]]})
    return out, data


@router.get("/werkruimte/signalen")
def signalen(request: Request, nr: int = Query(1, alias="pagina", ge=1, le=100000), s: Sessie = Depends(projectleider)):
    kb = _kb(request)
    alle, _ = _signalen(kb)
    paginas = max(1, (len(alle) + PER_PAGINA - 1) // PER_PAGINA)
    nr = min(nr, paginas)
    return pagina(request, "werkruimte/signalen.html", titel="Signalen beoordelen", signalen=alle[(nr - 1) * PER_PAGINA:nr * PER_PAGINA],
                  totaal=len(alle), nr=nr, paginas=paginas, fouten={}, waarden={})


@router.post("/werkruimte/signalen/{ident}")
def beoordeel_signaal(request: Request, ident: str, s: Sessie = Depends(projectleider), f: Formulier = Depends(formulier)):
    kb = _kb(request)
    if not SIGNAAL_ID.match(ident):
        raise WerkFout(404, "Dit signaal bestaat niet.")
    _, data = _signalen(kb, alleen_open=False)
    sig = next((x for x in data.get("signalen", []) if x["id"] == ident), None)
    if sig is None:
        raise WerkFout(404, "Dit signaal bestaat niet (meer). Signalen worden bij elke bouw opnieuw berekend.")
    besluit = f.get("besluit")
    try:
        knelpunt = beoordeel(kb, _token(request, s), sig, data, besluit, f.get("reden"), f.get("titel").strip() or None)
    except Ongeldig as exc:
        if exc.status == 409:
            meld(request, exc.detail or "Dit signaal is al beoordeeld.")
            return naar(request, "/werkruimte/signalen")
        alle, _ = _signalen(kb)
        fouten = {ident: [e.get("detail") for e in exc.errors] or [exc.detail or "Dit besluit kon niet worden vastgelegd."]}
        return pagina(request, "werkruimte/signalen.html", titel="Signalen beoordelen", status=400,
                      signalen=[x for x in alle if x["id"] == ident] + [x for x in alle if x["id"] != ident][:PER_PAGINA - 1],
                      totaal=len(alle), nr=1, paginas=1, fouten=fouten,
                      waarden={ident: {"besluit": besluit, "reden": f.get("reden"), "titel": f.get("titel")}})
    if knelpunt:
        meld(request, f"Het signaal is bevestigd. Er is een concept-knelpunt gemaakt met status ‘gesignaleerd’: "
                      f"werk het hieronder verder uit.")
        return naar(request, f"/werkruimte/knelpunten/{knelpunt['id']}")
    if besluit == "bevestigen" and sig.get("knelpunt"):  # "gewijzigd sinds": the knelpunt exists, review it
        meld(request, "Het signaal is bevestigd: de tekst van een bepaling veranderde na de peildatum. Kijk hieronder "
                      "of het knelpunt nog klopt.")
        return naar(request, f"/werkruimte/knelpunten/{sig['knelpunt'].rstrip('/').rsplit('/', 1)[-1]}")
    meld(request, "Het signaal is afgewezen; het komt pas terug als de tekst van een van zijn bepalingen verandert."
         if besluit == "afwijzen" else "Het signaal is bevestigd.")
    return naar(request, "/werkruimte/signalen")


@router.get("/werkruimte/zoekvragen")
def zoekvragen(request: Request, s: Sessie = Depends(projectleider)):
    from kennisbank.zoek import zonder_resultaat

    return pagina(request, "werkruimte/zoekvragen.html", titel="Zoekvragen zonder resultaat",
                  zoekvragen=zonder_resultaat(_kb(request).config, 200))
