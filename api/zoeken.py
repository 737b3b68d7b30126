"""/zoekresultaten (the search module) and /gezondheid (store and index status)."""

from __future__ import annotations

import dataclasses

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from kennisbank import __version__
from kennisbank.fouten import KennisbankFout

from .auth import projectleider
from .common import fouten, geen_onbekende_parameters, ok
from .fouten import ApiFout, fout, ongeldig
from .herkenning import zoekmodule
from .negotiation import JSON, kies

router = APIRouter(dependencies=[Depends(geen_onbekende_parameters)])
from kennisbank.zoek import SOORTEN  # noqa: E402 - the kinds the search index holds (one list)


def _plain(obj):
    if dataclasses.is_dataclass(obj):
        return {k: _plain(v) for k, v in dataclasses.asdict(obj).items()}
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    return obj


@router.get("/zoekresultaten", operation_id="zoeken", tags=["zoeken"], summary="Zoeken in regelingen, artikelen, knelpunten en praktijkvoorbeelden",
            responses={200: ok("Zoekresultaten", {JSON: {}}), **fouten(400, 406, 503)})
def zoeken(request: Request,
           q: str = Query(..., min_length=1, max_length=500, description="Zoekwoorden"),
           soort: str | None = Query(None, description="regeling, artikel, knelpunt of praktijkvoorbeeld"),
           regeling: str | None = Query(None, description="BWB-id"),
           mechanisme: str | None = Query(None, description="Code van een mechanisme"),
           doelgroep: str | None = Query(None, description="Code van een doelgroep"),
           gemeente: str | None = Query(None, description="TOOI-code van een gemeente"),
           status: str | None = Query(None, description="Code van een status van een knelpunt"),
           pagina: int = Query(1, ge=1, le=1000),
           paginaGrootte: int = Query(10, ge=1, le=50)):
    kies(request, [JSON])
    if soort is not None and soort not in SOORTEN:
        raise ongeldig([fout("query", "soort", "ongeldige_soort", f"Kies uit: {', '.join(SOORTEN)}.")])
    zoek = zoekmodule()
    if zoek is None:
        raise ApiFout(503, "Zoeken is nog niet beschikbaar.")
    kb = request.app.state.kb
    try:
        res = zoek.zoek(kb.config, q, soort=soort, regeling=regeling, mechanisme=mechanisme, doelgroep=doelgroep,
                        gemeente=gemeente, status=status, pagina=pagina, per_pagina=paginaGrootte)
    except KennisbankFout as exc:
        if "zoekindex" in exc.bericht:
            raise ApiFout(503, exc.bericht) from None
        raise ongeldig([fout("query", "q", "ongeldige_zoekvraag", exc.bericht)]) from None
    data = _plain(res)
    treffers = data.pop("treffers", data.pop("resultaten", []))
    totaal = data.get("totaal", len(treffers))
    body = {"q": q, "totaal": totaal, "pagina": pagina, "paginaGrootte": paginaGrootte, "resultaten": treffers,
            "facetten": data.get("facetten", {}), "suggestie": data.get("suggestie"),
            "verwijzingen": data.get("verwijzingen", []),
            "_links": {"self": {"href": str(request.url.path) + ("?" + request.url.query if request.url.query else "")}}}
    return JSONResponse(body, headers={"X-Total-Count": str(totaal)})


@router.get("/zoekvragen-zonder-resultaat", operation_id="zoekvragenZonderResultaat", tags=["zoeken"],
            summary="Zoekvragen die niets vonden (projectleider)",
            description="Zoekvragen zonder resultaat, per vraag geteld, de vaakst gestelde eerst. Persoonsgegevens "
                        "(BSN, IBAN, e-mail, telefoonnummer, ...) zijn vervangen door hun soort, bijvoorbeeld "
                        "[telefoonnummer]; alleen de dag wordt bewaard. Gebruik de lijst om alledaagse woorden als "
                        "zoekterm (skos:hiddenLabel) aan de begrippen toe te voegen.",
            responses={200: ok("Zoekvragen zonder resultaat", {JSON: {}}), **fouten(400, 401, 403, 406)})
def zoekvragen_zonder_resultaat(request: Request, limiet: int = Query(100, ge=1, le=1000), token=Depends(projectleider)):
    kies(request, [JSON])
    zoek = zoekmodule()
    items = zoek.zonder_resultaat(request.app.state.kb.config, limiet) if zoek is not None else []
    return JSONResponse({"zoekvragen": items, "_links": {"self": {"href": str(request.url.path)}}})


def status(kb) -> dict:
    info: dict = {"status": "ok", "versie": __version__}
    try:
        store = kb.store
        info["opslag"] = "bereikbaar"
        info["grafen"] = len(store.graphs())
        info["triples"] = store.triple_count()
    except KennisbankFout as exc:
        info["status"] = "fout"
        info["opslag"] = exc.bericht
    except OSError as exc:
        info["status"] = "fout"
        info["opslag"] = f"niet bereikbaar: {exc}"
    zoek = zoekmodule()
    if zoek is not None and hasattr(zoek, "status"):
        try:
            info["zoekindex"] = zoek.status(kb.config)
        except Exception as exc:
            info["zoekindex"] = {"fout": str(exc)}
    else:
        info["zoekindex"] = None
    return info


@router.get("/gezondheid", operation_id="gezondheid", tags=["beheer"], summary="Status van opslag en zoekindex",
            responses={200: ok("Status (veld 'status': ok of fout)", {JSON: {}})})
def gezondheid(request: Request):
    return JSONResponse(status(request.app.state.kb))
