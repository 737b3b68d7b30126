"""Reviewing a signal: confirm it (it becomes a draft knelpunt with the signal's provisions, provenance
"gesignaleerd", through the domain layer) or dismiss it with a reason. One function for the API
(POST /v1/signalen/{id}/beoordelingen) and the werkruimte."""

from __future__ import annotations

import datetime as dt

from ..inzendingen import Ongeldig
from .opslag import lees_beoordelingen, leg_beoordeling_vast, status
from .signaal import SOORTEN

#: The mechanisme a confirmed signal's draft knelpunt starts with (the projectleider refines it later).
MECHANISME = {"tegengestelde-normen": "tegenstrijdige-verplichtingen", "drempels-en-overgangen": "leeftijdsgrens",
              "samen-geciteerd": "stapeling", "gewijzigd-sinds": "tegenstrijdige-verplichtingen"}


def beoordeel(ctx, token, s: dict, gegevens: dict, besluit: str, reden: str | None = None,
              titel: str | None = None) -> dict | None:
    """Record the review of signal `s` (from signalen.json `gegevens`). Returns the draft knelpunt made on
    confirmation ({id, iri, href}) or None. Raises Ongeldig: 400 (no reason for a dismissal, or the draft is
    refused by the domain layer), 409 (the signal was already reviewed)."""
    if besluit not in ("bevestigen", "afwijzen"):
        raise Ongeldig([{"in": "body", "location": "/besluit", "code": "ongeldig_besluit",
                         "detail": "Het besluit is 'bevestigen' of 'afwijzen'."}])
    huidig = status(s, lees_beoordelingen(ctx.config.data_dir))
    if huidig != "open":
        raise Ongeldig([], status=409, detail=f"Dit signaal is al {huidig}.")
    reden = (reden or "").strip()
    if besluit == "afwijzen" and not reden:
        raise Ongeldig([{"in": "body", "location": "/reden", "code": "reden_verplicht",
                         "detail": "Geef een reden als u een signaal afwijst."}])
    vastleggen = {"besluit": besluit, "reden": reden or None, "tekstHash": s.get("tekstHash", ""),
                  "datum": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "door": token.id}
    knelpunt = None
    if besluit == "bevestigen" and s["soort"] != "gewijzigd-sinds":
        from .. import domein

        bepalingen = gegevens.get("bepalingen", {})
        namen = [bepalingen.get(b, {}).get("naam") or b for b in s["bepalingen"]]
        invoer = {
            "id": f"signaal-{s['id']}", "titel": titel or f"Gesignaleerd: {' en '.join(namen[:2])}",
            "beschrijving": s["uitleg"] + (f" {reden}" if reden else ""),
            "citeringen": [{"bepaling": b, "rol": "Genoemd in het signaal."} for b in s["bepalingen"]],
            "mechanismen": [MECHANISME[s["soort"]]], "status": "gesignaleerd",
            # the API address of the signal (the signal's own IRI is a kb:Signaal, not a kb:Bron)
            "bronnen": [{"url": f"{ctx.iris.base}/v1/signalen/{s['id']}",
                         "titel": f"Signaal {s['id']} ({SOORTEN[s['soort']]})"}],
        }
        rev = domein.maak_knelpunt(ctx, token, invoer)
        slug = rev.iri.rstrip("/").rsplit("/", 1)[-1]
        knelpunt = {"id": slug, "iri": rev.iri, "href": f"/v1/knelpunten/{slug}"}
        vastleggen["knelpunt"] = slug
    elif besluit == "bevestigen" and s.get("knelpunt"):
        vastleggen["knelpunt"] = s["knelpunt"].rsplit("/", 1)[-1]  # herbeoordelen: the knelpunt already exists
    leg_beoordeling_vast(ctx.config.data_dir, s["id"], vastleggen)
    return knelpunt
