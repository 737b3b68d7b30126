"""The generation of what readers can see: a token that changes on every write and every build switch.

Anything that remembers an answer (the API's response cache) keys it on the generation, so an answer that was
true before a change is never given after it. Three channels:

- `openbaar`: the public store (publications, knelpunten, builds);
- `zoekindex`: the search index (its updates after a publication or an edit, builds);
- `inbox`: the inbox (submissions, reviews). Only callers with a token can see what it holds.

The generation lives in a file per channel in `{data}/generatie/`, so every process using the same data folder
(a server, a `kennisbank build` beside it) sees the others' changes. `bump` writes a new unique token in one
atomic rename and remembers it in this process at once; `current` answers from memory and reads the file again
at most every `KIJK_SECONDEN` (a request on the event loop does no file I/O; a change by another process is seen
within that time, while the change's own process, which answers its writer, sees it at once).

Who bumps: every write through a store opened with `kennisbank.store.open_store`/`open_inbox` (their write hook),
every pointer switch (`kennisbank.wijzer.switch`) and every incremental search-index update. A new kind of
state that readers can see must bump too (`bump(data_dir, channel)`), after the change is visible.
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
import time
from pathlib import Path

log = logging.getLogger("kennisbank.generatie")

MAP = "generatie"
OPENBAAR = "openbaar"
ZOEKINDEX = "zoekindex"
INBOX = "inbox"
KANALEN = (OPENBAAR, ZOEKINDEX, INBOX)

KIJK_SECONDEN = 0.1

_defect: set[str] = set()  # data folders where a bump failed in this process: their generation is unknown
_lock = threading.Lock()
_bekend: dict[tuple[str, str], tuple[str | None, float]] = {}  # (data folder, channel) -> (generation, read at)


def _pad(data_dir: Path | str, kanaal: str) -> Path:
    if kanaal not in KANALEN:
        raise ValueError(f"onbekend kanaal: {kanaal}")
    return Path(data_dir) / MAP / kanaal


def bump(data_dir: Path | str, kanaal: str = OPENBAAR) -> str:
    """Give `kanaal` a new generation (call it AFTER the change is visible to readers). Returns it.

    A failure to write is logged and makes `current` answer None in this process from then on (so nothing is
    remembered on a generation that may be stale); it never fails the write that was already done."""
    from .duurzaam import schrijf_atomisch

    pad = _pad(data_dir, kanaal)
    waarde = f"{time.time_ns()}-{os.getpid()}-{secrets.token_hex(6)}"
    try:
        pad.parent.mkdir(parents=True, exist_ok=True)
        with _lock:  # the file and this process's memory change together, in the same order for all threads
            # atomic, not fsynced: after a power cut every process starts with nothing remembered anyway
            schrijf_atomisch(pad, waarde, duurzaam=False)
            _bekend[(str(data_dir), kanaal)] = (waarde, time.monotonic())
    except OSError:
        log.exception("de generatie van '%s' in %s kon niet worden verhoogd; onthouden antwoorden worden niet meer "
                      "gebruikt", kanaal, data_dir)
        _defect.add(str(data_dir))
        return ""
    return waarde


def current(data_dir: Path | str, kanaal: str = OPENBAAR) -> str | None:
    """The generation of `kanaal` ('' before the first change), or None when it cannot be known."""
    sleutel = (str(data_dir), kanaal)
    if _defect and sleutel[0] in _defect:
        return None
    nu = time.monotonic()
    bekend = _bekend.get(sleutel)
    if bekend is not None and nu - bekend[1] < KIJK_SECONDEN:
        return bekend[0]
    waarde = lees(data_dir, kanaal)
    _bekend[sleutel] = (waarde, nu)
    return waarde


def lees(data_dir: Path | str, kanaal: str = OPENBAAR) -> str | None:
    """The generation in the file, read now ('' before the first change, None if unreadable)."""
    try:
        with open(_pad(data_dir, kanaal), encoding="ascii") as fh:
            return fh.read()
    except FileNotFoundError:
        return ""
    except OSError:
        return None
