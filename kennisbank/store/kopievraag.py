"""Reading the embedded store while a server holds it: ask the server for a checkpoint.

The embedded Oxigraph store can be opened read-write by one process only, and Oxigraph documents a read-only
open beside a writer as undefined behaviour. So a second process (`kennisbank site bouw` while `kennisbank serve`
runs) never opens the server's store. It asks the server for a checkpoint instead, the same kind of copy the
SPARQL workers read (`EmbeddedStore.checkpoint`: RocksDB hard links, about 0.1 s, consistent as of the request):

1. the asking process writes `{data}/kopie-verzoeken/{naam}.vraag` (atomically);
2. the server's `KopieDienst` (one thread, looking twice a second) makes the checkpoint in `{naam}.kopie/` and
   then writes `{naam}.klaar` (or `{naam}.fout` with a Dutch sentence);
3. the asking process opens the checkpoint read-only (no one writes it), reads, and removes it (`ruim_op`).

Leftovers of a process that was killed mid-way are removed by the server after `OUD_NA` seconds.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import threading
import time
from pathlib import Path
from typing import Callable

from ..duurzaam import schrijf_atomisch
from ..fouten import KennisbankFout

log = logging.getLogger("kennisbank.kopievraag")

MAP = "kopie-verzoeken"
KIJK_ELKE = 0.5  # seconds between two looks at the folder (a listdir: negligible)
OUD_NA = 6 * 3600.0  # a checkpoint nobody removed after this long belongs to a killed process


def _map(data_dir) -> Path:
    return Path(data_dir) / MAP


def vraag_kopie(data_dir, wacht: float = 20.0) -> Path:
    """Ask the running server for a checkpoint of the public store; its folder (remove it with `ruim_op`).
    Raises KennisbankFout when no server answers within `wacht` seconds or the server could not make it."""
    map_ = _map(data_dir)
    map_.mkdir(parents=True, exist_ok=True)
    naam = f"{time.time_ns():020d}-{secrets.token_hex(4)}"
    vraag = schrijf_atomisch(map_ / f"{naam}.vraag", b"kopie\n")
    klaar, fout, kopie = map_ / f"{naam}.klaar", map_ / f"{naam}.fout", map_ / f"{naam}.kopie"
    einde = time.monotonic() + wacht
    try:
        while time.monotonic() < einde:
            if klaar.is_file():
                klaar.unlink(missing_ok=True)
                return kopie
            if fout.is_file():
                bericht = fout.read_text(encoding="utf-8").strip()
                fout.unlink(missing_ok=True)
                raise KennisbankFout(bericht)
            time.sleep(0.05)
    finally:
        vraag.unlink(missing_ok=True)
    if klaar.is_file():  # answered just as we gave up
        klaar.unlink(missing_ok=True)
        return kopie
    ruim_op(kopie)
    raise KennisbankFout("De opslag is in gebruik door een ander proces, en dat gaf binnen "
                         f"{wacht:.0f} seconden geen kopie om uit te lezen; draait de server nog?")


def ruim_op(kopie: Path) -> None:
    shutil.rmtree(kopie, ignore_errors=True)


class KopieDienst:
    """The server's side: answer checkpoint requests with `maak(doelmap)` (which must create `doelmap`)."""

    def __init__(self, data_dir, maak: Callable[[Path], None]):
        self.map = _map(data_dir)
        self.maak = maak
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="kennisbank-kopievraag", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        t = self._thread
        if t is not None and t.is_alive() and t is not threading.current_thread():
            t.join(timeout)

    def _loop(self) -> None:
        self.ruim_oude_op()
        while not self._stop.wait(KIJK_ELKE):
            try:
                self.verwerk()
            except Exception:  # noqa: BLE001 - logged; the asking process gets no answer and says so
                log.exception("een kopie van de opslag maken voor een ander proces mislukte")

    def verwerk(self) -> int:
        """Answer every pending request; returns how many."""
        try:
            vragen = sorted(self.map.glob("*.vraag"))
        except OSError:
            return 0
        for vraag in vragen:
            naam = vraag.name[: -len(".vraag")]
            kopie = self.map / f"{naam}.kopie"
            try:
                ruim_op(kopie)
                self.maak(kopie)
            except KennisbankFout as exc:
                ruim_op(kopie)
                schrijf_atomisch(self.map / f"{naam}.fout", exc.bericht.encode("utf-8"))
            except Exception as exc:  # noqa: BLE001 - the asking process gets a sentence, the log the trace
                ruim_op(kopie)
                log.exception("kopie voor %s mislukt", naam)
                schrijf_atomisch(self.map / f"{naam}.fout",
                                 f"De server kon geen kopie van de opslag maken: {exc}.".encode("utf-8"))
            else:
                schrijf_atomisch(self.map / f"{naam}.klaar", str(kopie).encode("utf-8"))
            vraag.unlink(missing_ok=True)
        return len(vragen)

    def ruim_oude_op(self) -> None:
        """Checkpoints and answers of processes that were killed before they cleaned up."""
        grens = time.time() - OUD_NA
        try:
            items = list(self.map.iterdir())
        except OSError:
            return
        for x in items:
            try:
                if x.stat().st_mtime < grens:
                    ruim_op(x) if x.is_dir() else x.unlink(missing_ok=True)
            except OSError:
                pass
