"""Where signals live: `{data}/signalen/signalen.json` (computed at build, replaced atomically; the incremental
update after a publication rewrites its "samen geciteerd" part) and `{data}/signalen/beoordelingen.json` (the
review decisions: never touched by a build, so they survive every rebuild).

A decision is stored with the hash of the provisions' texts at that moment. A dismissed signal stays dismissed
while that hash is unchanged; once a text changes, the signal is open again.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

from .signaal import Signaal

_LOCK = threading.Lock()


def map_(data_dir) -> Path:
    return Path(data_dir) / "signalen"


def _schrijf(path: Path, obj) -> None:
    from ..duurzaam import schrijf_atomisch

    path.parent.mkdir(parents=True, exist_ok=True)
    schrijf_atomisch(path, json.dumps(obj, ensure_ascii=False))


def signaal_dict(s: Signaal, hashes: dict[str, str]) -> dict:
    return {"id": s.id, "soort": s.soort, "bepalingen": s.bepalingen, "score": s.score, "uitleg": s.uitleg,
            "details": s.details, "knelpunt": s.knelpunt, "tekstHash": hashes.get(s.id, "")}


def bewaar_resultaat(data_dir, resultaat) -> Path:
    """Write the result of a full run (the build calls this after the new store is in use)."""
    hashes = resultaat.tekst_hashes()
    obj = {
        "berekend": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "signalen": [signaal_dict(s, hashes) for s in resultaat.signalen],
        "bepalingen": resultaat.bepalingen() | {i: _info_bepaling(resultaat, i) for i in resultaat.info
                                                 if i not in {b for s in resultaat.signalen for b in s.bepalingen}},
        "basis": resultaat.basis,
        "info": resultaat.info,
    }
    path = map_(data_dir) / "signalen.json"
    with _LOCK:
        _schrijf(path, obj)
    return path


def _info_bepaling(resultaat, iri: str) -> dict:
    from .signaal import bepaling_json

    return bepaling_json(resultaat.gegevens, iri)


def lees_signalen(data_dir) -> dict:
    path = map_(data_dir) / "signalen.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"signalen": [], "bepalingen": {}, "basis": {"gevallen": {}, "gekoppeld": []}, "info": {}}


def lees_beoordelingen(data_dir) -> dict:
    path = map_(data_dir) / "beoordelingen.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def leg_beoordeling_vast(data_dir, signaal_id: str, beoordeling: dict) -> None:
    with _LOCK:
        alle = lees_beoordelingen(data_dir)
        alle[signaal_id] = beoordeling
        _schrijf(map_(data_dir) / "beoordelingen.json", alle)


def status(signaal: dict, beoordelingen: dict) -> str:
    """open, bevestigd or afgewezen; a dismissal lapses when the provisions' texts changed since."""
    b = beoordelingen.get(signaal["id"])
    if not b:
        return "open"
    if b.get("besluit") == "bevestigen":
        return "bevestigd"
    if b.get("besluit") == "afwijzen" and b.get("tekstHash") == signaal.get("tekstHash"):
        return "afgewezen"
    return "open"


def werk_samen_bij(data_dir, geval_iri: str, bepalingen: list[str], info_nieuw: dict[str, dict]) -> dict:
    """After one publication: add the case's references and recompute only "samen geciteerd" (fast: the
    summary in signalen.json holds everything needed). Returns {"weg": ids of the "samen geciteerd" signals
    before, "nieuw": those signals now (stored form)}, so the store graph can follow."""
    from . import samen

    with _LOCK:
        obj = lees_signalen(data_dir)
        if not obj.get("signalen") and not obj.get("basis", {}).get("gevallen"):
            return {"weg": [], "nieuw": []}
        obj["basis"]["gevallen"][geval_iri] = sorted(bepalingen)
        obj["info"].update(info_nieuw)
        nieuw = samen.signalen(obj["basis"], obj["info"])
        rest = [s for s in obj["signalen"] if s["soort"] != "samen-geciteerd"]
        weg = [s["id"] for s in obj["signalen"] if s["soort"] == "samen-geciteerd"]
        tekst_hash = {s["id"]: s.get("tekstHash", "") for s in obj["signalen"]}
        samen_dicts = [signaal_dict(s, tekst_hash) for s in nieuw]
        for d in samen_dicts:
            if not d["tekstHash"]:
                import hashlib

                h = hashlib.sha256()
                for b in sorted(set(d["bepalingen"])):
                    h.update(b.encode() + b"\x1f" + obj["bepalingen"].get(b, {}).get("tekst", "").encode() + b"\x1e")
                d["tekstHash"] = h.hexdigest()[:16]
        obj["signalen"] = sorted(rest + samen_dicts, key=lambda s: (-s["score"], s["id"]))
        _schrijf(map_(data_dir) / "signalen.json", obj)
        return {"weg": weg, "nieuw": samen_dicts}
