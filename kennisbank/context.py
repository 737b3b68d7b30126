"""What the server holds on to for its lifetime: the stores, the tokens, the validator, the recogniser, the read
model's list of knelpunten. Domain, not HTTP: the API (api/app.py) creates one and only adds its middleware.

- The public store is reopened when `kennisbank build` switched the pointer file (a cheap stat at most
  every `CHECK_SECONDS`); after reopening, published inbox submissions that the new store lacks are copied
  back in and indexed (the inbox is their source of truth), and the revision journal is replayed from the
  position the build read (kennisbank/domein.py `herstel`): edits made during the build, or not fully
  applied before a crash, reach the store, the search index and the site queue. On a SPARQL server the same
  replay follows a new build position in the build's provenance.
- This object is the `ctx` of the domain layer (kennisbank/domein.py, kennisbank/inzendingen.py); the
  routers only parse HTTP and map the domain's errors.
- The inbox store is opened once, read-write, and never reachable from a public path.
- One SHACL Validator per process.
- `bouwgeheugen()`: a memo for what only a build changes (a law's structure and texts), emptied when the
  store is reopened or, on a SPARQL server, when the build's provenance activity changed; `publicaties`
  counts reviews so memos of public case counts know when they are stale.
- `site_wachtrij`: the static site's pages after a publication, rewritten by one background thread from
  durable records in `{data}/site-wachtrij/` (never inside the review request).
- One store handle per request: the `VastePlek` middleware (api/app.py) pins the store a request first uses
  (`pin()`/`los()`, a context variable), so every `kb.store` in that request is the same handle even when a build
  switches stores meanwhile. A replaced handle is closed only when no request holds it any more.
- `sparql_pool`: the worker processes that run public SPARQL queries (kennisbank/store/vraagwerkers.py).
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from pathlib import Path

import pyoxigraph as ox

from .config import Config
from .fouten import KennisbankFout
from .iri import Iris
from .store import Store, open_inbox, open_store
from .tokens import Tokens
from .vragen import Queries

log = logging.getLogger("kennisbank.api")
CHECK_SECONDS = 2.0

#: Bookkeeping graph of the inbox (token ids, idempotency keys, API-made knelpunten). Never copied out.


class Pin:
    """The store handle one request uses (filled on its first `kb.store`)."""

    __slots__ = ("store",)

    def __init__(self):
        self.store: Store | None = None


_PIN: contextvars.ContextVar[Pin | None] = contextvars.ContextVar("kennisbank_store_pin", default=None)


class Kennisbank:
    def __init__(self, config: Config):
        self.config = config
        self.iris = Iris(config.base_iri)
        self.q = Queries(self.iris.kb, self.iris.base)
        self.tokens = Tokens(config.data_dir)
        self._lock = threading.RLock()
        # serialises writes (idempotency, ordering); reentrant: a writer may reopen the store and replay
        self.write_lock = threading.RLock()
        self._store: Store | None = None
        self._pointer_stamp = None
        self._checked = 0.0
        self._inbox: Store | None = None
        self._validator = None
        self._validator_loaded = False
        self._inzending_validator = None
        self._subclass: list[tuple[str, str, str]] | None = None
        self._herkenner = None
        self._vorige_herkenner = None
        self.beheer_graaf = self.iris.inbox_admin_graph()
        self.site_wachtrij = SiteWachtrij(self)
        # checkpoints for another process that reads the store this server holds (`kennisbank site bouw`)
        from kennisbank.store.kopievraag import KopieDienst

        self.kopie_dienst = KopieDienst(config.data_dir, self._maak_kopie)
        self.publicaties = 0  # raised by every review: memos of public case counts compare against it
        self._geheugen: Bouwgeheugen | None = None
        self._bouw_activiteit: tuple[Store, str | None, float] | None = None
        self._refs_lock = threading.Lock()
        self._refs: dict[int, int] = {}  # id(store) -> requests holding it
        self._afgelost: dict[int, Store] = {}  # replaced handles, closed when their last request ends
        self._sparql_pool = None
        self._per_generatie: tuple[str | None, dict] = (None, {})
        self._laatste_generatie: str | None = None
        from .leesmodel import Knelpuntenlijst, Knelpuntgeheugen

        self.knelpuntenlijst = Knelpuntenlijst(self.q, remote=bool(config.sparql_url))
        self.knelpuntgeheugen = Knelpuntgeheugen(remote=bool(config.sparql_url))

    # --- stores -----------------------------------------------------------------------------------
    def _pointer(self) -> Path:
        from .store.swap import store_root
        from .wijzer import POINTER

        return store_root(self.config.data_dir) / POINTER

    def _stamp(self):
        try:
            st = self._pointer().stat()
            return (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            return None

    @property
    def store(self) -> Store:
        """The public store; inside a request always the handle that request first used (see `pin`)."""
        pin = _PIN.get()
        if pin is not None and pin.store is not None:
            return pin.store
        store = self._huidige_store()
        if pin is not None:
            with self._refs_lock:
                store = self._store if self._store is not None else store  # never pin a handle just replaced
                self._refs[id(store)] = self._refs.get(id(store), 0) + 1
                pin.store = store
        return store

    def _huidige_store(self) -> Store:
        """The current public store, reopened after a build switched it."""
        now = time.monotonic()
        if self._store is not None and self.config.sparql_url:
            if now - self._checked >= CHECK_SECONDS:
                self._checked = now
                self._volg_bouw_op_server(self._store)
            return self._store
        if self._store is not None and now - self._checked < CHECK_SECONDS:
            return self._store
        with self._lock:
            self._checked = now
            stamp = None if self.config.sparql_url else self._stamp()
            if self._store is not None and stamp == self._pointer_stamp:
                return self._store
            old = self._store
            self._store = open_store(self.config)
            self._pointer_stamp = stamp
            self._subclass = None
            if old is not None:
                self._los_handle(old)
            gekopieerd: list[str] = []
            try:
                gekopieerd = self.resync()
            except KennisbankFout as exc:  # never fail a read because the re-sync failed
                log.warning("herstel uit de inbox mislukt: %s", exc)
            self._nieuwe_herkenner(self._store, warm=True)  # the recogniser's index, built in the background
            store = self._store
            if self.config.sparql_url:
                try:
                    from . import domein

                    self._bouw_positie = domein.bouw_positie(store, self.iris)
                except Exception:  # noqa: BLE001
                    self._bouw_positie = None
        # outside self._lock (a writer holding write_lock may be the one that reopened): replay the revisions the
        # new store lacks (made during its build, or not fully applied before a crash), and index the copies
        self._herstel(store, gekopieerd)
        return store

    def _volg_bouw_op_server(self, store: Store) -> None:
        """SPARQL server: a build replaces graphs in place. When its provenance names a new journal position,
        replay the revisions made after it (edits made while that build ran)."""
        from . import domein

        try:
            positie = domein.bouw_positie(store, self.iris)
        except Exception as exc:  # noqa: BLE001 - never fail a read because the check failed
            log.warning("bouwpositie niet gelezen: %s", exc)
            return
        vorige, self._bouw_positie = getattr(self, "_bouw_positie", None), positie
        if vorige is not None and positie is not None and positie != vorige:
            self._herstel(store, [])

    def _herstel(self, store: Store, gekopieerd: list[str]) -> None:
        from . import domein

        try:
            vanaf = domein.toegepast(self)
            bouw = domein.bouw_positie(store, self.iris)
            vanaf = min(vanaf, bouw if bouw is not None else 0)
            domein.herstel(self, vanaf)
            if gekopieerd:
                domein.werk_index_bij(self, gekopieerd)
        except Exception as exc:  # noqa: BLE001 - never fail a read because the replay failed
            log.warning("herstel na het openen van de opslag mislukt: %s", exc)

    def _los_handle(self, old: Store) -> None:
        """A replaced handle: closed now when no request holds it, else by the last request that does."""
        with self._refs_lock:
            if self._refs.get(id(old), 0) > 0:
                self._afgelost[id(old)] = old
                return
        old.close()

    # --- one store per request ------------------------------------------------------------------------
    @staticmethod
    def pin() -> tuple[Pin, contextvars.Token]:
        """Start pinning: the request's first `kb.store` fixes its handle. Cheap (no I/O): fine on the loop."""
        pin = Pin()
        return pin, _PIN.set(pin)

    def los(self, pin: Pin, token: contextvars.Token | None = None) -> Store | None:
        """End a pin. Returns a replaced handle that nothing holds any more: the caller closes it (off the loop)."""
        if token is not None:
            _PIN.reset(token)
        store, pin.store = pin.store, None
        if store is None:
            return None
        with self._refs_lock:  # never held during I/O: this runs on the event loop
            n = self._refs.get(id(store), 0) - 1
            if n > 0:
                self._refs[id(store)] = n
                return None
            self._refs.pop(id(store), None)
            return self._afgelost.pop(id(store), None)

    def vastgepind(self):
        """The same pinning for work outside a request (background threads): `with kb.vastgepind(): …`."""
        from contextlib import contextmanager

        @contextmanager
        def cm():
            pin, token = self.pin()
            try:
                yield
            finally:
                oud = self.los(pin, token)
                if oud is not None:
                    oud.close()

        return cm()

    @property
    def sparql_pool(self):
        """The worker processes for public SPARQL queries (started on the first query)."""
        if self._sparql_pool is None:
            with self._lock:
                if self._sparql_pool is None:
                    import math

                    from .store.vraagwerkers import VraagPool

                    kopieen = None if self.config.sparql_url else Path(self.config.data_dir) / "sparql-kopieen"
                    self._sparql_pool = VraagPool(kopieen, werkers=self.config.sparql_werkers,
                                                  wachtrij=self.config.sparql_wachtrij,
                                                  retry_after=max(1, math.ceil(self.config.sparql_timeout)))
        return self._sparql_pool

    def bouwgeheugen(self) -> "Bouwgeheugen":
        """A memo for what only a build changes (a law's structure and texts). A new, empty one after the server
        reopened the store (embedded: the pointer switched) or, on a SPARQL server, once the build's provenance
        activity in `{base}/graaf/afgeleid/herkomst` changed (asked at most every CHECK_SECONDS)."""
        store = self.store
        activiteit = self._bouwactiviteit(store) if self.config.sparql_url else None
        g = self._geheugen
        if g is None or g.store is not store or g.activiteit != activiteit:
            with self._lock:
                g = self._geheugen
                if g is None or g.store is not store or g.activiteit != activiteit:
                    g = self._geheugen = Bouwgeheugen(store, activiteit)
        return g

    def _bouwactiviteit(self, store: Store) -> str | None:
        now = time.monotonic()
        b = self._bouw_activiteit
        if b is not None and b[0] is store and now - b[2] < CHECK_SECONDS:
            return b[1]
        rows = store.select(
            "SELECT ?a ?t WHERE { GRAPH ?g { ?a a ?activity ; ?ended ?t } }",
            {"g": ox.NamedNode(f"{self.iris.base}/graaf/afgeleid/herkomst"),
             "activity": ox.NamedNode("http://www.w3.org/ns/prov#Activity"),
             "ended": ox.NamedNode("http://www.w3.org/ns/prov#endedAtTime")})
        activiteit = "|".join(sorted(f"{r['a'].value} {r['t'].value}" for r in rows)) or None
        self._bouw_activiteit = (store, activiteit, now)
        return activiteit

    def generatie(self, kanaal: str = "openbaar") -> str | None:
        """The current generation of `kanaal` (kennisbank/generatie.py). When the public one changed (a write or a
        build switch, maybe in another process), the store is checked again at once, so nothing is remembered
        under the new generation from a store handle a build replaced."""
        from . import generatie

        waarde = generatie.current(self.config.data_dir, kanaal)
        if kanaal == generatie.OPENBAAR and waarde is not None and waarde != self._laatste_generatie:
            self._laatste_generatie = waarde
            self.force_check()
        return waarde

    def per_generatie(self, sleutel, maak):
        """`maak()`, remembered until the public store changes (kennisbank/generatie.py: any write or build, in any
        process). Remembered only if nothing changed while it was made. For intermediate results that several
        answers share (e.g. the sorted list of all knelpunten behind every page)."""
        gen = self.generatie()
        m = self._per_generatie
        if gen is not None and m[0] == gen and sleutel in m[1]:
            return m[1][sleutel]
        waarde = maak()
        if gen is not None and self.generatie() == gen:
            with self._lock:
                if self._per_generatie[0] != gen:
                    self._per_generatie = (gen, {})
                items = self._per_generatie[1]
                if len(items) >= 64:
                    items.pop(next(iter(items)))
                items[sleutel] = waarde
        return waarde

    def openbaar_gewijzigd(self) -> None:
        """A review changed the public cases: memos of case counts are stale."""
        self.publicaties += 1

    def force_check(self) -> None:
        """Look again at once (not within CHECK_SECONDS) whether a build switched the store or, on a SPARQL
        server, ran: the next `store` and `bouwgeheugen()` see it."""
        self._checked = 0.0
        self._bouw_activiteit = None

    @property
    def inbox(self) -> Store:
        if self._inbox is None:
            with self._lock:
                if self._inbox is None:
                    self._inbox = open_inbox(self.config)
        return self._inbox

    def _maak_kopie(self, doel: Path) -> None:
        """A checkpoint of the current public store in `doel` (kennisbank/store/kopievraag.py)."""
        with self.vastgepind():
            store = self.store
            if not hasattr(store, "checkpoint"):
                raise KennisbankFout("Deze server gebruikt een SPARQL-server als opslag; lees die rechtstreeks.")
            store.checkpoint(doel)

    def close(self) -> None:
        self.kopie_dienst.stop()
        self.site_wachtrij.stop()
        if self._sparql_pool is not None:
            self._sparql_pool.close()
            self._sparql_pool = None
        with self._lock, self._refs_lock:
            for s in (self._store, self._inbox, *self._afgelost.values()):
                if s is not None:
                    s.close()
            self._store = self._inbox = None
            self._afgelost.clear()
            self._refs.clear()

    def resync(self) -> list[str]:
        """Copy published submissions (and knelpunten an older version kept in the inbox) from the inbox into the
        public store when missing. Returns the IRIs of the resources copied (for the search index)."""
        if not (Path(self.config.data_dir) / "inbox").is_dir() and self._inbox is None:
            return []
        from .inzendingen import openbare_inbox_grafen, openbare_kopie

        wanted = openbare_inbox_grafen(self.inbox, self.iris)
        if not wanted:
            return []
        present = set(self._store.graphs())
        copied = []
        for g in wanted:
            if g not in present:
                self._store.replace_graph(g, openbare_kopie(self.inbox, g, self.iris))
                ref = g.rsplit("/", 1)[-1]
                copied.append(self.iris.praktijkvoorbeeld(ref) if "/graaf/inzending/" in g else self.iris.knelpunt(ref))
        return copied

    # --- validation --------------------------------------------------------------------------------
    @property
    def validator(self):
        if not self._validator_loaded:
            with self._lock:
                if not self._validator_loaded:
                    from .validate import Validator

                    path = self.config.source_root / "ontologie" / "shapes.ttl"
                    if path.is_file():
                        self._validator = Validator(self.config.rebase(path.read_text(encoding="utf-8")))
                    else:
                        log.warning("ontologie/shapes.ttl ontbreekt: inzendingen worden niet met SHACL gecontroleerd")
                    self._validator_loaded = True
        return self._validator

    @property
    def inzending_validator(self):
        """The submission validator (reduced shapes, prepared once); None without shapes."""
        if self._inzending_validator is None and self.validator is not None:
            with self._lock:
                if self._inzending_validator is None:
                    from .validate import InzendingValidator

                    path = self.config.source_root / "ontologie" / "shapes.ttl"
                    self._inzending_validator = InzendingValidator(
                        self.config.rebase(path.read_text(encoding="utf-8")), self.iris.kb)
        return self._inzending_validator

    def subclass_axioms(self) -> list[tuple[str, str, str]]:
        if self._subclass is None:
            rows = self.store.select(self.q.subclass_axioms)
            sub = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
            self._subclass = [(r["s"].value, sub, r["o"].value) for r in rows]
        return self._subclass

    def type_context(self, triples: list[ox.Triple], extra: Store | None = None) -> list[tuple[str, str, str]]:
        """rdf:type and skos:inScheme of every IRI the triples point to, fetched in ONE query per store."""
        from .vragen import values

        targets = sorted({t.object.value for t in triples if isinstance(t.object, ox.NamedNode)})
        if not targets:
            return self.subclass_axioms()
        query = self.q.types.replace("WHERE {", "WHERE {\n  " + values("s", [ox.NamedNode(t) for t in targets]), 1)
        out = []
        for store in (self.store, extra) if extra is not None else (self.store,):
            for r in store.select(query):
                out.append((r["s"].value, r["p"].value, r["o"].value))
        return out + self.subclass_axioms()

    # --- recogniser ----------------------------------------------------------------------------------
    def herkenner(self):
        """The recogniser for the current store. While the index of a reopened store is being built in the
        background, the previous one (the laws rarely change between builds) keeps answering."""
        store = self.store
        h = self._herkenner
        if h is None or h.store is not store:
            h = self._nieuwe_herkenner(store, warm=False)
        vorige = self._vorige_herkenner
        if not h.klaar and vorige is not None and vorige.klaar:
            return vorige
        return h

    def _nieuwe_herkenner(self, store: Store, warm: bool):
        from .herkenning import Herkenner

        with self._lock:
            h = self._herkenner
            if h is None or h.store is not store:
                if h is not None and h.klaar:
                    self._vorige_herkenner = h
                h = self._herkenner = Herkenner(self, store)
                if warm:
                    h.warm()
            return h

    def warm(self) -> None:
        """Prepare what the first submission would otherwise wait for: the store (which starts building the
        recogniser's index in the background), the submission validator and the subclass axioms."""
        self.store  # noqa: B018
        self.inzending_validator  # noqa: B018
        self.subclass_axioms()
        from .herkenning import zoekmodule

        zoek = zoekmodule()
        if zoek is not None and hasattr(zoek, "warm"):
            zoek.warm(self.config)  # the search index, dictionaries and reference index: not on the first query


class Bouwgeheugen:
    """A bounded memo (least recently used out) tied to one opened store and, remote, one build activity."""

    MAXIMUM = 128

    def __init__(self, store: Store, activiteit: str | None):
        from collections import OrderedDict

        self.store = store
        self.activiteit = activiteit
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, sleutel):
        with self._lock:
            waarde = self._items.get(sleutel)
            if waarde is not None:
                self._items.move_to_end(sleutel)
            return waarde

    def put(self, sleutel, waarde):
        with self._lock:
            self._items[sleutel] = waarde
            self._items.move_to_end(sleutel)
            while len(self._items) > self.MAXIMUM:
                self._items.popitem(last=False)
        return waarde


# --- the static site's updates after publications, off the request path ------------------------------------------
class SiteWachtrij:
    """Pending static-site updates: recorded durably, carried out by ONE background thread.

    A publication records the published case's IRI as a small file in `{data}/site-wachtrij/` (written and
    fsynced before the review answers) and wakes the worker. The worker takes every pending record at once
    (several publications coalesce into one `werk_site_bij` run), updates the site, and only then deletes
    exactly the records it handled. A failure is logged and retried later (with a growing pause); it never
    reaches a request. Records left by a stopped process are handled when the server starts again.
    """

    MAP = "site-wachtrij"
    PAUZE_NA_FOUT = (5.0, 30.0, 120.0, 600.0)

    def __init__(self, kb: "Kennisbank"):
        self.kb = kb
        self.map = Path(kb.config.data_dir) / self.MAP
        self._wek = threading.Event()
        self._stop = threading.Event()
        self._klaar = threading.Condition()
        self._bezig = False
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self.fouten = 0  # consecutive failures (for the pause before the next try)

    # --- records --------------------------------------------------------------------------------------
    def site_aanwezig(self) -> bool:
        return (Path(self.kb.config.data_dir) / "site").is_dir()

    def noteer(self, iris: list[str]) -> Path:
        """Record pending updates durably (one file, written atomically and fsynced). Returns its path."""
        import secrets

        from .duurzaam import schrijf_atomisch

        self.map.mkdir(parents=True, exist_ok=True)
        naam = f"{time.time_ns():020d}-{secrets.token_hex(4)}"
        pad = schrijf_atomisch(self.map / f"{naam}.iris", ("\n".join(iris) + "\n").encode("utf-8"))
        return pad

    def records(self) -> list[Path]:
        try:
            return sorted(self.map.glob("*.iris"))
        except OSError:
            return []

    def wacht(self, timeout: float = 30.0) -> bool:
        """Wait until no records are pending and the worker is idle (for tests and orderly shutdown)."""
        deadline = time.monotonic() + timeout
        with self._klaar:
            while self._bezig or self.records():
                rest = deadline - time.monotonic()
                if rest <= 0:
                    return False
                self._klaar.wait(min(rest, 0.05))
        return True

    # --- the worker -----------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the worker (idempotent); it first handles records a previous process left behind."""
        with self._start_lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="kennisbank-site-bijwerken", daemon=True)
            self._thread.start()
        self._wek.set()

    def meld(self) -> None:
        """Wake the worker (starting it if the app runs without its lifespan)."""
        if self._thread is None or not self._thread.is_alive():
            self.start()
        self._wek.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop after the current update; unfinished records stay on disk for the next start."""
        self._stop.set()
        self._wek.set()
        t = self._thread
        if t is not None and t.is_alive() and t is not threading.current_thread():
            t.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            pauze = None
            if self.fouten:
                pauze = self.PAUZE_NA_FOUT[min(self.fouten, len(self.PAUZE_NA_FOUT)) - 1]
            self._wek.wait(pauze)
            self._wek.clear()
            if self._stop.is_set():
                break
            try:
                self.verwerk()
            except Exception:  # noqa: BLE001 - logged; the records stay and are retried
                self.fouten += 1
                log.exception("de statische site bijwerken na publicatie mislukte; later opnieuw (poging %d)", self.fouten)
            else:
                self.fouten = 0

    def verwerk(self) -> int:
        """Handle every pending record in ONE site update; delete the records only after it succeeded."""
        with self._klaar:
            self._bezig = True
        try:
            records = self.records()
            if not records:
                return 0
            iris: list[str] = []
            for r in records:
                try:
                    iris.extend(x for x in r.read_text(encoding="utf-8").split() if x)
                except FileNotFoundError:
                    continue
            iris = list(dict.fromkeys(iris))
            if iris and self.site_aanwezig():
                from . import site

                begin = time.perf_counter()
                with self.kb.vastgepind():
                    resultaat = site.werk_site_bij(self.kb.config, self.kb.store, iris)
                log.info("statische site bijgewerkt voor %d publicatie(s) in %.1f s: %s", len(iris),
                         time.perf_counter() - begin, resultaat)
            for r in records:
                r.unlink(missing_ok=True)
            return len(iris)
        finally:
            with self._klaar:
                self._bezig = False
                self._klaar.notify_all()
