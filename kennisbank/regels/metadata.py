"""`regels/metadata.yaml`: curated per-law facts that are not in the official XML.

Per BWB id: `titel` (the expected citeertitel, checked on import), `soort`, `ministerie` (TOOI code),
`afkortingen`, and `vroegereNamen` (former citeertitels with `afkortingen`, `geldigVanaf`, `geldigTot` =
the last day the name was in use).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from ..fouten import KennisbankFout
from ..iri import ministerie
from .model import Citeertitel, RegelingMeta, klasse_voor_soort


def _str(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()[:10]
    return str(v).strip() or None


def lees_metadata(pad: Path) -> dict[str, dict]:
    if not pad.is_file():
        return {}
    try:
        data = yaml.safe_load(pad.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise KennisbankFout(f"Het bestand '{pad.name}' is geen geldige YAML.") from exc
    if not isinstance(data, dict):
        raise KennisbankFout(f"Het bestand '{pad.name}' moet per BWB-id een blok gegevens bevatten.")
    return {str(k): (v or {}) for k, v in data.items()}


def meta_voor(gegevens: dict) -> RegelingMeta:
    meta = RegelingMeta()
    meta.afkortingen = {str(a) for a in gegevens.get("afkortingen") or []}
    if gegevens.get("ministerie"):
        meta.ministeries.add(ministerie(str(gegevens["ministerie"])))
    meta.klasse = klasse_voor_soort(_str(gegevens.get("soort")))
    for oud in gegevens.get("vroegereNamen") or []:
        meta.voeg_citeertitel_toe(Citeertitel(
            str(oud["titel"]), _str(oud.get("geldigVanaf")), _str(oud.get("geldigTot")),
            [str(a) for a in oud.get("afkortingen") or []],
        ))
    return meta
