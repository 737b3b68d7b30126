"""POST /berekeningen: the rekenhulp (kennisbank/rekenen/). A thin router: the body is validated by pydantic
(Dutch field errors as problem+json), the computation lives in the domain package, nothing is stored."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from kennisbank.rekenen.model import BerekeningAntwoord, BerekeningVraag
from kennisbank.rekenen.scenarios import doorreken
from kennisbank.rekenen.wetteksten import GeenWettekst, Wetteksten

from .common import fouten, geen_onbekende_parameters, ok
from .fouten import fout, ongeldig

router = APIRouter(tags=["berekeningen"], dependencies=[Depends(geen_onbekende_parameters)])

VOORBEELD = {"peildatum": "2026-07-01", "aanvrager": {"leeftijd": 35, "urenPerWeek": 8, "nettoUurloon": "12.50"},
             "kinderen": [4], "medebewoners": [{"leeftijd": 27}], "vergelijkPeildatum": "2025-07-01",
             "scenarios": ["meer-werken"]}


def wetteksten(kb) -> Wetteksten:
    """The law texts of the current store, read once per generation of the store."""
    return kb.per_generatie("rekenen-wetteksten", lambda: Wetteksten.uit_store(kb.store, kb.iris))


@router.post("/berekeningen", operation_id="berekeningMaken",
             summary="Reken door wat de regels samen doen met één huishouden op een peildatum",
             description="Iedere post noemt de bepaling (lid of onderdeel) en de versie van de wettekst waaruit het "
                         "bedrag komt, en de parameters die zijn gebruikt. Er wordt niets opgeslagen.",
             response_model=BerekeningAntwoord,
             openapi_extra={"requestBody": {"content": {"application/json": {"example": VOORBEELD}}}},
             responses={200: ok("De berekening"), **fouten(400, 503)})
def berekening_maken(request: Request, vraag: BerekeningVraag):
    kb = request.app.state.kb
    try:
        uit = doorreken(vraag, wetteksten(kb))
    except GeenWettekst as exc:
        veld = "/vergelijkPeildatum" if vraag.vergelijkPeildatum and exc.dag == vraag.vergelijkPeildatum else "/peildatum"
        raise ongeldig([fout("body", veld, "geen_wettekst", exc.bericht)]) from None
    return JSONResponse(uit, headers={"Cache-Control": "no-store"})
