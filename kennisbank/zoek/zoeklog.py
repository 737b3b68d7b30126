"""The log of searches that found nothing, so the vocabulary (SKOS altLabels and hiddenLabels) can grow from
real queries. Without personal data: the text goes through the privacy guard (`kennisbank.privacy`) and every
hit is masked (`[telefoonnummer]`); no IP address, user or exact time is kept, only the day.

Stored as JSON lines in `{data_dir}/zoeklog/zonder-resultaat.jsonl`; `lees` groups them per query.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

from ..privacy import zoek_persoonsgegevens

BESTAND = "zonder-resultaat.jsonl"
MAX_BYTES = 5_000_000  # the log stops growing here; a projectleider reads and clears it
MAX_VRAAG = 200
_lock = threading.Lock()


def _pad(data_dir: Path) -> Path:
    return Path(data_dir) / "zoeklog" / BESTAND


def schoon(tekst: str) -> str:
    """The query with personal data masked, whitespace collapsed, at most MAX_VRAAG characters."""
    out = tekst
    for hit in sorted(zoek_persoonsgegevens(tekst), key=lambda h: h.begin, reverse=True):
        out = out[:hit.begin] + f"[{hit.soort}]" + out[hit.eind:]
    return " ".join(out.split())[:MAX_VRAAG]


def noteer(data_dir: Path, vraag: str, filters: dict[str, str] | None = None) -> None:
    """Add one search without results; never raises (a log must not break a search)."""
    try:
        tekst = schoon(vraag)
        if not tekst:
            return
        pad = _pad(data_dir)
        pad.parent.mkdir(parents=True, exist_ok=True)
        if pad.exists() and pad.stat().st_size > MAX_BYTES:
            return
        regel = {"vraag": tekst, "dag": dt.date.today().isoformat()}
        if filters:
            regel["filters"] = {k: v for k, v in filters.items() if v}
        with _lock, open(pad, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(regel, ensure_ascii=False) + "\n")
    except OSError:
        pass


def lees(data_dir: Path, limiet: int = 100) -> list[dict]:
    """Searches without results, grouped per query (case and spacing ignored), most frequent first:
    [{"vraag": …, "aantal": n, "eerste": day, "laatste": day}]."""
    pad = _pad(data_dir)
    groepen: dict[str, dict] = {}
    try:
        regels = pad.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    for regel in regels:
        try:
            item = json.loads(regel)
            vraag, dag = str(item["vraag"]), str(item.get("dag", ""))
        except (ValueError, KeyError, TypeError):
            continue
        key = " ".join(vraag.lower().split())
        g = groepen.setdefault(key, {"vraag": vraag, "aantal": 0, "eerste": dag, "laatste": dag})
        g["aantal"] += 1
        g["eerste"] = min(g["eerste"], dag)
        g["laatste"] = max(g["laatste"], dag)
    out = sorted(groepen.values(), key=lambda g: (-g["aantal"], g["vraag"].lower()))
    return out[:limiet]
