"""/signalen: provisions that may work against each other, found by signalering (kennisbank/signalering/).
Read for everyone; reviewed by projectleiders (confirm -> a draft knelpunt, or dismiss with a reason)."""

from __future__ import annotations

import re
import threading
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from kennisbank.signalering.opslag import lees_beoordelingen, lees_signalen, map_, status
from kennisbank.signalering.rdf import signaal_iri
from kennisbank.signalering.signaal import SOORTEN, STATUSSEN

from .auth import projectleider
from .common import ARTIKEL, BWB, Pagina, fouten, geen_onbekende_parameters, ok
from .fouten import ApiFout, fout, ongeldig

router = APIRouter(tags=["signalen"], dependencies=[Depends(geen_onbekende_parameters)])
from .common import SIGNAAL_ID as _ID  # noqa: E402
_LOCK = threading.Lock()

from kennisbank.signalering.beoordeling import MECHANISME  # noqa: E402,F401  (one review path)


def _kb(request: Request):
    return request.app.state.kb


def _gegevens(kb) -> dict:
    """signalen.json, re-read when a build or a publication rewrote it."""
    path = map_(kb.config.data_dir) / "signalen.json"
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = None
    with _LOCK:
        cache = getattr(kb, "_signalen_cache", None)
        if cache is None or cache[0] != stamp:
            cache = (stamp, lees_signalen(kb.config.data_dir))
            kb._signalen_cache = cache
        return cache[1]


def _json(kb, s: dict, bepalingen: dict, beoordelingen: dict) -> dict:
    out = {
        "id": s["id"], "iri": signaal_iri(kb.iris.base, s["id"]), "soort": s["soort"],
        "soortNaam": SOORTEN.get(s["soort"], s["soort"]), "score": s["score"], "uitleg": s["uitleg"],
        "status": status(s, beoordelingen),
        "bepalingen": [{k: v for k, v in bepalingen.get(b, {"iri": b}).items()} for b in s["bepalingen"]],
        "details": s.get("details") or {},
        "_links": {"self": {"href": f"/v1/signalen/{s['id']}"}},
    }
    if s.get("knelpunt"):
        out["knelpunt"] = s["knelpunt"]
    b = beoordelingen.get(s["id"])
    if b:
        out["beoordeling"] = {k: b.get(k) for k in ("besluit", "reden", "datum", "knelpunt") if b.get(k) is not None}
    return out


SIGNAAL_VOORBEELD = {
    "id": "352d889e7050c663", "soort": "drempels-en-overgangen", "score": 0.9, "status": "open",
    "uitleg": "Overgang bij 18 jaar voor jeugdigen: … geldt voor wie jonger dan 18 jaar is, … voor wie 18 jaar of ouder is.",
    "bepalingen": [{"regeling": "BWBR0034925", "artikel": "1.1", "lid": None,
                    "iri": "https://kennisbank.botsenderegels.nl/id/regeling/BWBR0034925/artikel/1.1",
                    "tekst": "…", "url": "https://wetten.overheid.nl/BWBR0034925"}],
}


@router.get("/signalen", operation_id="signalenLijst",
            summary="Signalen van mogelijk botsende bepalingen, hoogste score eerst",
            responses={200: ok("Signalen", {"application/json": {"example": {"signalen": [SIGNAAL_VOORBEELD], "totaal": 1,
                                                                           "pagina": 1, "paginaGrootte": 20}}},
                               {"X-Total-Count": {"description": "Totaal aantal", "schema": {"type": "integer"}}}),
                       **fouten(400)})
def signalen_lijst(
    request: Request,
    soort: str | None = Query(None, description="tegengestelde-normen, drempels-en-overgangen, samen-geciteerd of gewijzigd-sinds"),
    regeling: str | None = Query(None, description="BWB-id, bijv. BWBR0015703"),
    artikel: str | None = Query(None, description="Artikelnummer binnen 'regeling', bijv. 22a"),
    status_: str | None = Query(None, alias="status", description="open, bevestigd of afgewezen"),
    pagina: int = Query(1, ge=1, le=100000, description="Paginanummer"),
    paginaGrootte: int = Query(20, ge=1, le=100, description="Aantal per pagina"),
):
    kb = _kb(request)
    # an empty parameter is the same as an absent one (as in the other lists)
    soort, regeling, artikel, status_ = (v.strip() or None if isinstance(v, str) else v
                                         for v in (soort, regeling, artikel, status_))
    errors = []
    if soort is not None and soort not in SOORTEN:
        errors.append(fout("query", "soort", "onbekende_soort", f"'{soort}' is geen soort signaal; kies uit {', '.join(SOORTEN)}."))
    if status_ is not None and status_ not in STATUSSEN:
        errors.append(fout("query", "status", "onbekende_status", f"'{status_}' is geen status; kies uit {', '.join(STATUSSEN)}."))
    if regeling is not None and not BWB.match(regeling):
        errors.append(fout("query", "regeling", "ongeldige_regeling", f"'{regeling}' is geen BWB-id (bijv. BWBR0015703)."))
    if artikel is not None and not regeling:
        errors.append(fout("query", "artikel", "regeling_nodig", "Geef bij 'artikel' ook 'regeling' op."))
    elif artikel is not None and not ARTIKEL.match(artikel):
        errors.append(fout("query", "artikel", "ongeldig_artikel", f"'{artikel}' is geen artikelnummer."))
    if errors:
        raise ongeldig(errors)
    data = _gegevens(kb)
    beoordelingen = lees_beoordelingen(kb.config.data_dir)
    bepalingen = data.get("bepalingen", {})
    alle = []
    for s in data.get("signalen", []):
        if soort and s["soort"] != soort:
            continue
        if status_ and status(s, beoordelingen) != status_:
            continue
        if regeling:
            bs = [bepalingen.get(b, {}) for b in s["bepalingen"]]
            if not any(b.get("regeling") == regeling and (artikel is None or str(b.get("artikel")) == artikel) for b in bs):
                continue
        alle.append(s)
    p = Pagina(request, pagina, paginaGrootte)
    items = [_json(kb, s, bepalingen, beoordelingen) for s in p.slice(alle)]
    return JSONResponse({"signalen": items, "totaal": len(alle), "pagina": pagina, "paginaGrootte": paginaGrootte,
                         "_links": p.links(len(alle))}, headers=p.headers(len(alle)))


def _vind(kb, id: str) -> tuple[dict, dict]:
    if not _ID.match(id):
        raise ongeldig([fout("path", "id", "ongeldig_id", f"'{id}' is geen geldige code van een signaal (16 hexadecimale tekens).")])
    data = _gegevens(kb)
    for s in data.get("signalen", []):
        if s["id"] == id:
            return s, data
    raise ApiFout(404, f"Er is geen signaal '{id}'. Signalen worden bij elke bouw opnieuw berekend.")


@router.get("/signalen/{id}", operation_id="signaalOphalen", summary="Eén signaal",
            responses={200: ok("Het signaal", {"application/json": {"example": SIGNAAL_VOORBEELD}}), **fouten(400, 404)})
def signaal_ophalen(request: Request, id: str):
    kb = _kb(request)
    s, data = _vind(kb, id)
    return _json(kb, s, data.get("bepalingen", {}), lees_beoordelingen(kb.config.data_dir))


class SignaalBeoordeling(BaseModel):
    """Bevestigen maakt een concept-knelpunt (status gesignaleerd) met de bepalingen van het signaal; afwijzen
    vraagt een reden. Een afgewezen signaal komt pas terug als de tekst van een van zijn bepalingen verandert."""

    model_config = ConfigDict(extra="forbid")
    besluit: Literal["bevestigen", "afwijzen"] = Field(description="bevestigen of afwijzen")
    reden: str | None = Field(None, max_length=5000, description="Verplicht bij afwijzen")
    titel: str | None = Field(None, min_length=3, max_length=300, description="Titel van het concept-knelpunt (bij bevestigen)")


@router.post("/signalen/{id}/beoordelingen", operation_id="signaalBeoordelen",
             summary="Een signaal bevestigen (wordt een concept-knelpunt) of afwijzen met een reden (projectleider)",
             responses={200: ok("Beoordeeld"), **fouten(400, 401, 403, 404, 409)})
def signaal_beoordelen(request: Request, id: str, beoordeling: SignaalBeoordeling, token=Depends(projectleider)):
    kb = _kb(request)
    s, data = _vind(kb, id)
    from kennisbank.inzendingen import Ongeldig
    from kennisbank.signalering.beoordeling import beoordeel

    from .knelpunten import _domeinfout

    try:
        knelpunt = beoordeel(kb, token, s, data, beoordeling.besluit, beoordeling.reden, beoordeling.titel)
    except Ongeldig as exc:
        raise _domeinfout(exc) from None
    out = _json(kb, s, data.get("bepalingen", {}), lees_beoordelingen(kb.config.data_dir))
    out["conceptKnelpunt"] = knelpunt
    return out

