"""Public SPARQL queries in a small pool of worker processes.

Why a process and not a thread: pyoxigraph cannot cancel a running query, and a hostile query (deep nesting,
very long operator chains) can overflow the parser's or evaluator's stack and crash the process that runs it.
So every public query runs in a worker process:

- a query that runs past its limit is ended by killing its worker (SIGKILL); a fresh worker replaces it;
- a crash kills only that worker; the server answers and replaces it;
- workers run at a lower CPU priority (nice), so ordinary API requests keep the CPU they need.

Where workers read:
- embedded store: the server holds the store read-write, and Oxigraph documents a read-only open beside a writer
  as undefined behaviour. Workers therefore read a checkpoint (`EmbeddedStore.checkpoint`: RocksDB hard links,
  ~0.1 s) of the store as it was after the last write the server made; a new checkpoint is made only when a
  query arrives after a write. Checkpoints live in `{data}/sparql-kopieen/{pid}-…/` and are removed when no
  worker uses them (and at close; leftovers of a killed server at the next start).
- SPARQL server (KENNISBANK_SPARQL_URL): the worker first parses the query locally (a query that does not parse
  never reaches the server) and forwards it with the time limit; killing the worker closes the connection.

Bounded: `werkers` processes and at most `wachtrij` queries waiting for one; `toelaten()` raises `Vol` beyond
that (the API answers 429 with Retry-After). The protocol between server and worker is length-prefixed pickle
over the worker's stdin/stdout (both ends are this module).
"""

from __future__ import annotations

import os
import pickle
import queue
import select
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

NICE = 10
_KOP = struct.Struct(">I")


class Vol(Exception):
    """All workers busy and the queue full (or no worker became free in time)."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


class TeLang(Exception):
    """The query ran past its limit; its worker was killed."""


class Vastgelopen(Exception):
    """The worker died while running the query (e.g. a stack overflow in the parser)."""


class VraagFout(Exception):
    """The worker answered with an error: `soort` is 'syntax', 'verboden' or 'kennisbank'; `bericht` is Dutch."""

    def __init__(self, soort: str, bericht: str):
        super().__init__(bericht)
        self.soort = soort
        self.bericht = bericht


# --- the worker process ---------------------------------------------------------------------------------------
def _lees_exact(fh, n: int) -> bytes | None:
    data = b""
    while len(data) < n:
        chunk = fh.read(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _sterf_met_ouder() -> None:
    """Linux: be killed when the server dies (a kill -9 of the server must not leave a busy worker behind).
    The signal follows the *thread* that started the worker: the pool starts every worker from one thread
    that lives as long as the pool."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 - not Linux: the worker still ends at EOF on stdin
        pass
    if os.getppid() == 1:
        os._exit(0)


def _voer_uit(taak: dict, staat: dict):
    import pyoxigraph as ox

    from ..fouten import KennisbankFout

    query = taak["query"]
    try:  # parse first (an empty store: nothing is evaluated against data)
        staat.setdefault("leeg", ox.Store()).query(query)
    except SyntaxError as exc:
        return ("fout", "syntax", str(exc))
    except OSError as exc:
        return ("fout", "verboden", str(exc))
    except Exception:  # noqa: BLE001 - evaluation on the empty store: the real run reports it
        pass
    bron = taak["bron"]
    try:
        if staat.get("bron") != bron:
            oud = staat.pop("store", None)
            if oud is not None:
                oud.close()
            staat.pop("bron", None)
            if bron[0] == "kopie":
                from .embedded import EmbeddedStore

                staat["store"] = EmbeddedStore(bron[1], read_only=True)
            else:
                from .remote import RemoteStore

                staat["store"] = RemoteStore(bron[1], timeout=bron[2] + 5)
            staat["bron"] = bron
        body = staat["store"].query_raw(query, taak["media"], timeout=taak["timeout"] if bron[0] == "remote" else None,
                                        max_bytes=taak["max_bytes"])
        return ("ok", body)
    except KennisbankFout as exc:
        return ("fout", "kennisbank", exc.bericht)


def hoofd() -> None:
    """The worker's main loop: read a task, answer it, until stdin closes."""
    uit = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)  # anything printed by accident goes to stderr, never into the protocol
    inn = sys.stdin.buffer
    _sterf_met_ouder()
    try:
        os.nice(NICE)
    except OSError:
        pass
    staat: dict = {}
    while True:
        kop = _lees_exact(inn, _KOP.size)
        if kop is None:
            return
        data = _lees_exact(inn, _KOP.unpack(kop)[0])
        if data is None:
            return
        try:
            antwoord = _voer_uit(pickle.loads(data), staat)
        except Exception as exc:  # noqa: BLE001 - reported to the server, the worker lives on
            antwoord = ("fout", "kennisbank", f"De SPARQL-vraag kon niet worden uitgevoerd: {exc}.")
        out = pickle.dumps(antwoord, protocol=pickle.HIGHEST_PROTOCOL)
        uit.write(_KOP.pack(len(out)) + out)


# --- the server side ------------------------------------------------------------------------------------------
class _Werker:
    def __init__(self):
        self.proc: subprocess.Popen | None = None
        self.kopie: Path | None = None  # the checkpoint this worker has open

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from kennisbank.store.vraagwerkers import hoofd; hoofd()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True)
        self.kopie = None

    def levend(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        """Kill at once (a running query cannot be stopped any other way) and reap."""
        p, self.proc, self.kopie = self.proc, None, None
        if p is None:
            return
        try:
            p.kill()
        except OSError:
            pass
        for fh in (p.stdin, p.stdout):
            try:
                fh.close()
            except OSError:
                pass
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:  # pragma: no cover - a SIGKILLed process always ends
            pass

    def vraag(self, taak: dict, timeout: float):
        data = pickle.dumps(taak, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.proc.stdin.write(_KOP.pack(len(data)) + data)
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise Vastgelopen() from None
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        kop = self._lees(fd, _KOP.size, deadline)
        return pickle.loads(self._lees(fd, _KOP.unpack(kop)[0], deadline))

    @staticmethod
    def _lees(fd: int, n: int, deadline: float) -> bytes:
        parts, rest = [], n
        while rest:
            wacht = deadline - time.monotonic()
            if wacht <= 0:
                raise TeLang()
            klaar, _, _ = select.select([fd], [], [], wacht)
            if not klaar:
                raise TeLang()
            chunk = os.read(fd, min(rest, 1 << 20))
            if not chunk:
                raise Vastgelopen()
            parts.append(chunk)
            rest -= len(chunk)
        return b"".join(parts)


class VraagPool:
    def __init__(self, kopie_root: Path | None, werkers: int = 2, wachtrij: int = 8, retry_after: int = 10):
        self.werkers = max(1, werkers)
        self.wachtrij = max(0, wachtrij)
        self.retry_after = retry_after
        self._lock = threading.Lock()
        self._bezig = 0
        self._alle = [_Werker() for _ in range(self.werkers)]
        self._vrij: queue.Queue[_Werker] = queue.Queue()
        for w in self._alle:
            self._vrij.put(w)
        self._gesloten = False
        from concurrent.futures import ThreadPoolExecutor

        self._starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kennisbank-sparql-start")
        # checkpoints of the embedded store
        self._kopie_lock = threading.Lock()
        self._kopie: tuple[tuple, Path] | None = None
        self._kopie_nr = 0
        self._kopie_map: Path | None = None
        if kopie_root is not None:
            import secrets

            _ruim_verweesde_op(Path(kopie_root))
            self._kopie_map = Path(kopie_root) / f"{os.getpid()}-{secrets.token_hex(4)}"

    # --- admission (cheap, never blocks: may run on the event loop) ----------------------------------------------
    def toelaten(self) -> "Toegang":
        with self._lock:
            if self._gesloten or self._bezig >= self.werkers + self.wachtrij:
                raise Vol(self.retry_after)
            self._bezig += 1
        return Toegang(self)

    def _verlaat(self) -> None:
        with self._lock:
            self._bezig -= 1

    @property
    def bezig(self) -> int:
        return self._bezig

    # --- running (blocking: call from a worker thread) -----------------------------------------------------------
    def vraag(self, query: str, media: str, *, store=None, remote: str | None = None, timeout: float,
              max_bytes: int | None, wacht: float | None = None) -> bytes:
        """Run `query` in a worker; the serialised result, or TeLang / Vastgelopen / VraagFout / Vol."""
        try:
            werker = self._vrij.get(timeout=timeout if wacht is None else wacht)
        except queue.Empty:
            raise Vol(self.retry_after) from None
        try:
            if not werker.levend():
                werker.stop()
                self._start(werker)
            if remote is not None:
                bron = ("remote", remote, timeout)
            else:
                kopie = self.kopie(store)
                bron = ("kopie", str(kopie))
                werker.kopie = kopie
            taak = {"query": query, "media": media, "max_bytes": max_bytes, "timeout": timeout, "bron": bron}
            try:
                antwoord = werker.vraag(taak, timeout + (5 if remote is not None else 0))
            except (TeLang, Vastgelopen):
                werker.stop()  # the only way to really end a running query
                raise
            if antwoord[0] == "ok":
                return antwoord[1]
            raise VraagFout(antwoord[1], antwoord[2])
        finally:
            if werker.proc is None and not self._gesloten:
                self._start(werker)  # a fresh one, ready for the next query
            self._vrij.put(werker)
            self._ruim_kopieen_op()

    def _start(self, werker: _Werker) -> None:
        self._starter.submit(werker.start).result()

    # --- checkpoints ---------------------------------------------------------------------------------------------
    def kopie(self, store) -> Path:
        """A checkpoint of the embedded `store` that includes its last write."""
        sleutel = (id(store), str(store.path), store.versie)
        with self._kopie_lock:
            if self._kopie is not None and self._kopie[0] == sleutel and self._kopie[1].is_dir():
                return self._kopie[1]
            self._kopie_map.mkdir(parents=True, exist_ok=True)
            self._kopie_nr += 1
            pad = self._kopie_map / f"{self._kopie_nr:06d}"
            shutil.rmtree(pad, ignore_errors=True)
            store.checkpoint(pad)
            self._kopie = (sleutel, pad)
            return pad

    def _ruim_kopieen_op(self) -> None:
        if self._kopie_map is None:
            return
        with self._kopie_lock:
            in_gebruik = {w.kopie for w in self._alle if w.kopie is not None}
            if self._kopie is not None:
                in_gebruik.add(self._kopie[1])
            try:
                kinderen = list(self._kopie_map.iterdir())
            except OSError:
                return
            for pad in kinderen:
                if pad not in in_gebruik:
                    shutil.rmtree(pad, ignore_errors=True)

    def close(self) -> None:
        self._gesloten = True
        for w in self._alle:
            w.stop()
        self._starter.shutdown(wait=False)
        if self._kopie_map is not None:
            shutil.rmtree(self._kopie_map, ignore_errors=True)

    def pids(self) -> list[int]:
        return [w.proc.pid for w in self._alle if w.levend()]


class Toegang:
    """A place among the admitted queries; give it back with `sluit()` (idempotent)."""

    def __init__(self, pool: VraagPool):
        self._pool = pool
        self._open = True

    def sluit(self) -> None:
        if self._open:
            self._open = False
            self._pool._verlaat()


def _ruim_verweesde_op(root: Path) -> None:
    """Remove checkpoint folders of server processes that no longer run (a kill -9 leaves them behind)."""
    try:
        kinderen = list(root.iterdir())
    except OSError:
        return
    for pad in kinderen:
        pid = pad.name.split("-", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(pad, ignore_errors=True)
        except OSError:
            pass
