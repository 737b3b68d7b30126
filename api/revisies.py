"""History of knelpunten and praktijkvoorbeelden: public, without token ids (kennisbank/geschiedenis.py)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from kennisbank import geschiedenis
from kennisbank.revisies import journaal

from .common import PRAKTIJKVOORBEELD_ID, SLUG, fouten, geen_onbekende_parameters, nn, ok
from .fouten import ApiFout, fout, ongeldig

router = APIRouter(tags=["geschiedenis"], dependencies=[Depends(geen_onbekende_parameters)])


def revisie_velden(kb, iri: str) -> dict:
    """Fields for a resource's JSON: the current revision number and open conflicts (file versus API)."""
    j = journaal(kb.config.data_dir)
    huidig = j.huidig(iri)
    conflicten = [geschiedenis.openbare_revisie(r) for r in j.revisies(iri)
                  if r.conflict and (huidig is None or r.nr > huidig.nr)]
    return {"revisie": huidig.nr if huidig else None, "conflicten": conflicten}


def _bron(kb, soort: str, id: str) -> str:
    if soort == "knelpunt":
        if not SLUG.match(id):
            raise ongeldig([fout("path", "id", "ongeldig_id", f"'{id}' is geen geldige code van een knelpunt.")])
        iri = kb.iris.knelpunt(id)
        if not kb.store.ask(kb.q.knelpunt_bestaat, {"k": nn(iri)}):
            raise ApiFout(404, f"Er is geen knelpunt '{id}'.")
        return iri
    if not PRAKTIJKVOORBEELD_ID.match(id):
        raise ongeldig([fout("path", "id", "ongeldig_id", f"'{id}' is geen geldige code.")])
    iri = kb.iris.praktijkvoorbeeld(id)
    # only public (published) cases have a public history
    if not kb.store.ask(kb.q.bestaat, {"s": nn(iri)}):
        raise ApiFout(404, f"Er is geen praktijkvoorbeeld '{id}'.")
    return iri


def _geschiedenis(kb, soort: str, pad: str, id: str) -> JSONResponse:
    iri = _bron(kb, soort, id)
    g = geschiedenis.geschiedenis(journaal(kb.config.data_dir), kb.iris, iri)
    if g is None:
        g = {"revisies": [], "statusgeschiedenis": [], "conflicten": [], "huidigeRevisie": None}
    g["_links"] = {"self": {"href": f"/v1/{pad}/{id}/revisies"}, "bron": {"href": f"/v1/{pad}/{id}"}}
    return JSONResponse(g)


def _vergelijk(kb, soort: str, pad: str, id: str, van: int, tot: int) -> JSONResponse:
    iri = _bron(kb, soort, id)
    v = geschiedenis.vergelijk(journaal(kb.config.data_dir), kb.iris, iri, van, tot)
    if v is None:
        raise ApiFout(404, f"Revisie {van} of {tot} van '{id}' bestaat niet.")
    v["_links"] = {"self": {"href": f"/v1/{pad}/{id}/verschillen?van={van}&tot={tot}"}}
    return JSONResponse(v)


_BESCHRIJVING = ("Alle revisies, nieuwste eerst: wie (rol, nooit een persoon of token), wanneer, wat veranderde "
                 "(per veld, met Nederlandse labels) en een eventuele notitie; daarnaast de statusgeschiedenis met de "
                 "datum van elke wijziging en conflicten tussen het bestand en bewerkingen via de API.")


@router.get("/knelpunten/{id}/revisies", operation_id="knelpuntRevisies", summary="Geschiedenis van een knelpunt",
            description=_BESCHRIJVING, responses={200: ok("De geschiedenis", {"application/json": {}}), **fouten(400, 404)})
def knelpunt_revisies(request: Request, id: str):
    return _geschiedenis(request.app.state.kb, "knelpunt", "knelpunten", id)


@router.get("/knelpunten/{id}/verschillen", operation_id="knelpuntVerschillen",
            summary="Verschillen tussen twee revisies van een knelpunt",
            responses={200: ok("De verschillen per veld", {"application/json": {}}), **fouten(400, 404)})
def knelpunt_verschillen(request: Request, id: str,
                         van: int = Query(..., ge=1, le=1_000_000, description="Nummer van de oudere revisie"),
                         tot: int = Query(..., ge=1, le=1_000_000, description="Nummer van de nieuwere revisie")):
    return _vergelijk(request.app.state.kb, "knelpunt", "knelpunten", id, van, tot)


@router.get("/praktijkvoorbeelden/{id}/revisies", operation_id="praktijkvoorbeeldRevisies",
            summary="Geschiedenis van een gepubliceerd praktijkvoorbeeld", description=_BESCHRIJVING,
            responses={200: ok("De geschiedenis", {"application/json": {}}), **fouten(400, 404)})
def praktijkvoorbeeld_revisies(request: Request, id: str):
    return _geschiedenis(request.app.state.kb, "praktijkvoorbeeld", "praktijkvoorbeelden", id)


@router.get("/praktijkvoorbeelden/{id}/verschillen", operation_id="praktijkvoorbeeldVerschillen",
            summary="Verschillen tussen twee revisies van een gepubliceerd praktijkvoorbeeld",
            responses={200: ok("De verschillen per veld", {"application/json": {}}), **fouten(400, 404)})
def praktijkvoorbeeld_verschillen(request: Request, id: str,
                                  van: int = Query(..., ge=1, le=1_000_000, description="Nummer van de oudere revisie"),
                                  tot: int = Query(..., ge=1, le=1_000_000, description="Nummer van de nieuwere revisie")):
    return _vergelijk(request.app.state.kb, "praktijkvoorbeeld", "praktijkvoorbeelden", id, van, tot)
