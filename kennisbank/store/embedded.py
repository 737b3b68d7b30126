"""The embedded backend: an Oxigraph store on disk (or in memory when `path` is None).

Notes on guarantees:
- Bindings are injected exactly as on the remote store (a VALUES block first in the WHERE group; escaped
  terms inlined in updates), so both backends accept the same queries.
- `update` runs one SPARQL update request; Oxigraph executes a request as one transaction, so a request
  that fails half-way changes nothing. `replace_graph` relies on this (DROP + INSERT DATA in one request).
- `query_raw(timeout=…)`: pyoxigraph cannot cancel a running query. The query runs in a daemon worker
  thread; after the limit the caller gets a KennisbankFout, while the worker continues until the engine
  produces its next piece of output (then it stops) or finishes. A query that computes long without
  output (e.g. a large aggregate) keeps one CPU busy until it ends. Public queries therefore never run here in
  the server's process: they run in worker processes that are killed at the limit (store/vraagwerkers.py),
  reading a `checkpoint()` of this store.
- Storage errors (folder not writable, disk full, store in use by another process) become a
  KennisbankFout with one Dutch sentence.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from ..fouten import KennisbankFout
from .base import (
    solution_rows,
    RDF_FORMATS,
    RESULT_FORMATS,
    LimitedBuffer,
    ResultTooLarge,
    Row,
    Store,
    _Cancelled,
    inject_values,
    inline_bindings,
    query_form,
    timeout_error,
    too_large_error,
)


def _rdf_format(media_type: str) -> ox.RdfFormat:
    try:
        return RDF_FORMATS[media_type]
    except KeyError:
        raise KennisbankFout(f"Het formaat '{media_type}' wordt niet ondersteund.") from None


def result_format(query: str, media_type: str):
    """The pyoxigraph format to serialise the result of `query` in, or a KennisbankFout."""
    form = query_form(query)
    if form in ("CONSTRUCT", "DESCRIBE"):
        fmt = RDF_FORMATS.get(media_type)
        if fmt is None or fmt.supports_datasets:
            raise KennisbankFout(
                f"Het formaat '{media_type}' kan geen RDF-graaf bevatten; kies bijvoorbeeld text/turtle."
            )
        return fmt
    fmt = RESULT_FORMATS.get(media_type)
    if fmt is None:
        raise KennisbankFout(
            f"Het formaat '{media_type}' wordt niet ondersteund voor deze vraag; kies bijvoorbeeld "
            "application/sparql-results+json."
        )
    return fmt


IN_GEBRUIK = "de opslag is al in gebruik door een ander proces"


def _storage_reason(exc: BaseException) -> str:
    """A short Dutch reason for a storage (OS) error."""
    import errno

    text = str(exc).lower()
    code = getattr(exc, "errno", None)
    if code in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", -1)) or "no space" in text or "file too large" in text or "quota" in text:
        return "de schijf is vol"
    if code in (errno.EACCES, errno.EPERM, errno.EROFS) or "permission denied" in text or "read-only file system" in text:
        return "de map is niet beschrijfbaar"
    if code == errno.ENOTDIR or "not a directory" in text:
        return "een deel van het pad is een bestand en geen map"
    if "lock" in text or "resource temporarily unavailable" in text:
        return IN_GEBRUIK
    if code == errno.ENOENT or "no such file" in text:
        return "de map bestaat niet"
    return str(exc)


class OpslagInGebruik(KennisbankFout):
    """The store folder is held (locked) by another process, typically a running server
    (see kennisbank/store/kopievraag.py for how to read it anyway)."""


class EmbeddedStore(Store):
    def __init__(self, path: Path | str | None, *, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self.versie = 0  # raised after every write: a checkpoint knows whether it is still current
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            reden = _storage_reason(exc)
            soort = OpslagInGebruik if reden == IN_GEBRUIK else KennisbankFout
            raise soort(f"De opslag in '{self.path}' kan niet worden geopend: {reden}.") from exc

    # --- errors ---------------------------------------------------------------------------------
    def _query(self, query: str, bindings=None):
        try:
            # Bindings as a VALUES block, like the remote store: pyoxigraph's `substitutions` (SEP-0007)
            # only accepts variables that are in the SELECT projection.
            # Every resource lives in its own named graph; queries see their union.
            return self._store.query(inject_values(query, bindings), use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise KennisbankFout(f"De SPARQL-vraag is ongeldig: {exc}.") from exc
        except OSError as exc:
            raise KennisbankFout(f"De opslag in '{self.path}' kan niet worden gelezen: {_storage_reason(exc)}.") from exc
        except RuntimeError as exc:
            raise KennisbankFout(f"De SPARQL-vraag kon niet worden uitgevoerd: {exc}.") from exc

    def _write(self, fn, *args):
        try:
            return fn(*args)
        except SyntaxError as exc:
            raise KennisbankFout(f"De SPARQL-opdracht is ongeldig: {exc}.") from exc
        except OSError as exc:
            raise KennisbankFout(
                f"De opslag in '{self.path}' kan niet worden bijgewerkt: {_storage_reason(exc)}."
            ) from exc
        except RuntimeError as exc:
            if self.read_only or "read-write" in str(exc) or "read only" in str(exc).lower():
                raise KennisbankFout(
                    f"De opslag in '{self.path}' is alleen-lezen geopend en kan niet worden bijgewerkt."
                ) from exc
            raise KennisbankFout(f"De SPARQL-opdracht kon niet worden uitgevoerd: {exc}.") from exc
        finally:
            self.versie += 1

    # --- reading --------------------------------------------------------------------------------
    def select(self, query, bindings=None) -> list[Row]:
        result = self._query(query, bindings)
        try:
            return solution_rows(result)
        except (OSError, RuntimeError) as exc:
            raise KennisbankFout(f"De SPARQL-vraag kon niet worden uitgevoerd: {exc}.") from exc

    def ask(self, query, bindings=None) -> bool:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise KennisbankFout("De vraag is geen ASK-vraag.")
        return bool(result)

    def construct(self, query, bindings=None) -> list[ox.Triple]:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise KennisbankFout("De vraag is geen CONSTRUCT- of DESCRIBE-vraag.")
        try:
            return list(result)
        except (OSError, RuntimeError) as exc:
            raise KennisbankFout(f"De SPARQL-vraag kon niet worden uitgevoerd: {exc}.") from exc

    def query_raw(self, query, media_type, *, timeout=None, max_bytes=None) -> bytes:
        fmt = result_format(query, media_type)
        buffer = LimitedBuffer(max_bytes)
        outcome: dict = {}

        def run():
            try:
                self._query(query).serialize(buffer, format=fmt)
            except BaseException as exc:  # handed to the caller
                outcome["error"] = exc

        if timeout is None:
            run()
        else:
            worker = threading.Thread(target=run, name="kennisbank-query", daemon=True)
            worker.start()
            worker.join(timeout)
            if worker.is_alive():
                buffer.cancel()  # the worker stops at its next write
                raise timeout_error(timeout)
        error = outcome.get("error")
        if isinstance(error, ResultTooLarge):
            raise too_large_error(error.max_bytes) from None
        if isinstance(error, _Cancelled):  # pragma: no cover - only after a timeout
            raise timeout_error(timeout or 0)
        if isinstance(error, KennisbankFout):
            raise error
        if isinstance(error, (OSError, RuntimeError)):
            raise KennisbankFout(f"De SPARQL-vraag kon niet worden uitgevoerd: {error}.") from error
        if error is not None:
            raise error
        return buffer.getvalue()

    # --- writing --------------------------------------------------------------------------------
    def update(self, update, bindings=None) -> None:
        # pyoxigraph's update() has no substitutions: inline the terms (escaped N-Triples), replacing
        # only real variable tokens, never text inside literals, IRIs or comments.
        self._write(self._store.update, inline_bindings(update, bindings))
        self._geschreven()

    def _quads(self, graph: str, data: bytes, media_type: str) -> list[ox.Quad]:
        g = ox.NamedNode(graph)
        fmt = _rdf_format(media_type)
        try:
            return [
                ox.Quad(q.subject, q.predicate, q.object, g)
                for q in ox.parse(data, format=fmt, base_iri=graph, without_named_graphs=True)
            ]
        except SyntaxError as exc:
            raise KennisbankFout(f"De gegevens voor graaf <{graph}> zijn geen geldige {media_type}: {exc}.") from exc

    def add_graph(self, graph, data, media_type="application/n-triples") -> None:
        fmt = _rdf_format(media_type)
        if fmt.supports_datasets:  # N-Quads/TriG: refuse named graphs inside the data
            self._write(self._store.extend, self._quads(graph, data, media_type))
            self._geschreven()
            return
        try:  # parsed in Rust, one transaction: bad data adds nothing
            self._store.load(data, format=fmt, base_iri=graph, to_graph=ox.NamedNode(graph))
            self.versie += 1
        except SyntaxError as exc:
            raise KennisbankFout(f"De gegevens voor graaf <{graph}> zijn geen geldige {media_type}: {exc}.") from exc
        except (OSError, RuntimeError) as exc:
            self._write(_reraise, exc)
        self._geschreven()

    def replace_graph(self, graph, data, media_type="application/n-triples") -> None:
        quads = self._quads(graph, data, media_type)  # parse first: bad data changes nothing
        self._write(self._store.update, replace_graph_update(graph, [q.triple for q in quads]))
        self._geschreven()

    def remove_graph(self, graph) -> None:
        self._write(self._store.update, f"DROP SILENT GRAPH {ox.NamedNode(graph)}")
        self._geschreven()

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def export(self, media_type="application/n-quads", graphs: Iterable[str] | None = None) -> bytes:
        fmt = _rdf_format(media_type)
        if graphs is None:
            quads = [q for q in self._store.quads_for_pattern(None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph)]
        else:
            quads = []
            for g in graphs:
                quads.extend(self._store.quads_for_pattern(None, None, None, ox.NamedNode(g)))
        if fmt.supports_datasets:
            return ox.serialize(quads, format=fmt)
        return ox.serialize([q.triple for q in quads], format=fmt)

    def triple_count(self) -> int:
        """Triples in named graphs (the default graph is not used by the kennisbank)."""
        in_default = sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        return len(self._store) - in_default

    def flush(self) -> None:
        self._write(self._store.flush)

    def checkpoint(self, target: Path | str) -> None:
        """A consistent copy of the store in `target` (which must not exist), by RocksDB hard links: cheap, and
        safe to open read-only in another process while this one keeps writing (see store/vraagwerkers.py)."""
        try:
            self._store.backup(str(target))
        except (OSError, RuntimeError) as exc:
            raise KennisbankFout(f"Een kopie van de opslag voor SPARQL-vragen kon niet worden gemaakt: "
                                 f"{_storage_reason(exc)}.") from exc

    def close(self) -> None:
        if getattr(self, "_store", None) is not None:
            try:
                if not self.read_only:
                    self._store.flush()
            except Exception:
                pass
            self._store = None


def _reraise(exc: BaseException):
    raise exc


def replace_graph_update(graph: str, triples: list[ox.Triple]) -> str:
    """One SPARQL update request that replaces a graph (atomic on Oxigraph: one request, one transaction)."""
    g = ox.NamedNode(graph)
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    if not body.strip():
        return f"DROP SILENT GRAPH {g}"
    return f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{body}}} }}"
