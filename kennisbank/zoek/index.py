"""The index on disk: schema, atomic rebuild, partial update, and one long-lived reader per process.

Layout under `{data_dir}/zoekindex/`:
- `huidig`: names the index folder in use (replaced in one rename, like the store swap);
- `index-{time}-{pid}/`: a whoosh index plus `synoniemen.json` (name groups from the graph) and
  `gebouwd.json` (when it was built);
- `.schrijfslot`: an advisory lock so a rebuild and a partial update never write at the same time.

Readers are never blocked: whoosh segments are immutable, a write becomes visible in one commit, and a
rebuild becomes visible when the pointer changes. Each thread keeps a searcher that is refreshed when the
index has changed; the folder before the current one is kept so a reader in another process that still
has it open finishes its query.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from array import array

from whoosh import columns, formats
from whoosh import index as windex
from whoosh.system import _INT_SIZE, unpack_uint
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.index import LockError

from ..fouten import KennisbankFout
from .analyse import analyzer, termen
from .documenten import Document
from .vraag import Synoniemen

from ..wijzer import current, prune, switch
SYNONIEMEN = "synoniemen.json"
GEBOUWD = "gebouwd.json"
FACET_FIELDS = ("soort", "regeling", "mechanisme", "gemeente")
#: The static rank of a document (for ranking huge result sets without scoring): lower comes first.
SOORT_VOORRANG = {"knelpunt": 0, "praktijkvoorbeeld": 1, "artikel": 2, "regeling": 3}
RANG = "rang"

try:  # POSIX advisory locks; elsewhere whoosh's own write lock is all we have
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None


class VarintPositions(formats.Positions):
    """Positions as whoosh-ng 5.4 writes them (varints), always decoded as such.

    whoosh-ng takes a value ending in b"." for its legacy pickle encoding, but a varint list ends in that
    byte whenever the last position delta is 46: such a posting then fails to decode (UnpicklingError)
    and a phrase query crashes. Our indexes are always written by this version, so there is no legacy.
    """

    def decode_positions(self, valuestring):
        n = unpack_uint(valuestring[:_INT_SIZE])[0]
        positions, position, pos = [], 0, _INT_SIZE
        for _ in range(n):
            b = valuestring[pos]
            pos += 1
            i, shift = b & 0x7F, 7
            while b & 0x80:
                b = valuestring[pos]
                pos += 1
                i |= (b & 0x7F) << shift
                shift += 7
            position += i
            positions.append(position)
        return positions


def _text(ana, **kw) -> TEXT:
    field = TEXT(analyzer=ana, phrase=True, **kw)
    field.format = VarintPositions(field_boost=field.format.field_boost)
    return field


def schema() -> Schema:
    ana = analyzer()
    return Schema(
        iri=ID(stored=True, unique=True),
        soort=ID(stored=True),
        titel=TEXT(analyzer=ana, stored=True, phrase=False),  # to rank title matches first in huge results
        # what a query searches: the title twice (so a title word weighs more: one field scores fastest),
        # the number, the names and the text
        alles=_text(ana),
        nummer=TEXT(analyzer=ana),
        tekst=STORED(),
        begrip=KEYWORD(scorable=True),  # IRIs of the regelingen and concepts the document names
        regeling=KEYWORD(stored=True, scorable=False),
        mechanisme=KEYWORD(stored=True, scorable=False),
        gemeente=ID(stored=True),
        url=STORED(),
        # the static rank (see `rang`): a column, so it follows the document through updates and merges
        rang=COLUMN(columns.NumericColumn("Q", default=0)),
    )


def rang(doc: Document, alles_terms: list[str]) -> int:
    """The static rank of a document, packed in one integer (lower ranks first):
    bits 32-39 the number of title terms, 24-25 the soort (SOORT_VOORRANG), 0-23 the number of terms.

    `Rangorde` orders title matches by (title length, soort, length): the shorter the title, the more of it
    the query covers; other matches by (soort, length): a short document that has the words is about them
    more than a long one."""
    title = min(len(termen(doc.titel)), 0xFF)
    return title << 32 | SOORT_VOORRANG.get(doc.soort, 3) << 24 | min(len(alles_terms), 0xFFFFFF)


def fields_of(doc: Document, synoniemen: Synoniemen | None = None) -> dict:
    alles = "\n".join([doc.titel, doc.titel, doc.nummer, *doc.namen, doc.tekst])
    out = {
        "iri": doc.iri,
        "soort": doc.soort,
        "titel": doc.titel,
        "alles": alles,
        "tekst": doc.tekst,
        "url": doc.url,
    }
    if doc.nummer:
        out["nummer"] = doc.nummer
    if doc.regeling:
        out["regeling"] = " ".join(doc.regeling)
    if doc.mechanisme:
        out["mechanisme"] = " ".join(doc.mechanisme)
    if doc.gemeente:
        out["gemeente"] = doc.gemeente
    terms = termen(alles)
    out[RANG] = rang(doc, terms)
    if synoniemen is not None:
        keys = synoniemen.begrippen(terms)
        if keys:
            out["begrip"] = " ".join(sorted(keys))
    return out


# --- where the index lives -----------------------------------------------------------------------------
def index_root(data_dir: Path) -> Path:
    return Path(data_dir) / "zoekindex"


def current_index_path(data_dir: Path) -> Path | None:
    return current(index_root(data_dir))


@contextlib.contextmanager
def write_lock(data_dir: Path):
    root = index_root(data_dir)
    try:
        root.mkdir(parents=True, exist_ok=True)
        fh = open(root / ".schrijfslot", "a+")
    except OSError as exc:
        raise KennisbankFout(f"De zoekindex in '{root}' is niet beschrijfbaar: {exc.strerror or exc}.") from exc
    try:
        if fcntl is not None:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        yield
    finally:
        if fcntl is not None:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        fh.close()


def _write_json(path: Path, data) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def build_new(data_dir: Path, docs, synonym_groups: dict[str, list[str]]) -> tuple[Path, dict[str, int]]:
    """Write a complete index into a fresh folder; returns the folder and the counts per soort."""
    root = index_root(data_dir)
    try:
        root.mkdir(parents=True, exist_ok=True)
        path = Path(tempfile.mkdtemp(prefix=f"index-{time.strftime('%Y%m%dT%H%M%S')}-", dir=root))
    except OSError as exc:
        raise KennisbankFout(f"De zoekindex kon niet worden geschreven in '{root}': {exc.strerror or exc}.") from exc
    counts: dict[str, int] = {}
    try:
        ix = windex.create_in(str(path), schema())
        writer = ix.writer(limitmb=256)
        syn = Synoniemen(synonym_groups)
        try:
            for doc in docs:
                writer.add_document(**fields_of(doc, syn))
                counts[doc.soort] = counts.get(doc.soort, 0) + 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        ix.close()
        _write_json(path / SYNONIEMEN, synonym_groups)
        _write_json(path / GEBOUWD, {"gebouwd": time.time()})
    except OSError as exc:
        shutil.rmtree(path, ignore_errors=True)
        raise KennisbankFout(f"De zoekindex kon niet worden geschreven in '{root}': {exc.strerror or exc}.") from exc
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    return path, counts


def activate(data_dir: Path, path: Path) -> None:
    """Point at `path`; keep the previous folder for readers that still have it open, remove older ones."""
    root = index_root(data_dir)
    previous = current_index_path(data_dir)
    try:
        switch(root, path)
    except OSError as exc:
        shutil.rmtree(path, ignore_errors=True)
        raise KennisbankFout(f"De nieuwe zoekindex kon niet in gebruik worden genomen: {exc.strerror or exc}.") from exc
    prune(root, "index-", {path, previous})


def update(path: Path, docs_by_iri: dict[str, Document | None], synonym_groups: dict[str, list[str]]):
    """Delete and re-add the given documents in the index at `path` (None: delete only).

    New `synonym_groups` are written before the commit, so a reader that sees the commit sees them too.
    """
    _write_json(path / SYNONIEMEN, synonym_groups)
    syn = Synoniemen(synonym_groups)
    ix = windex.open_dir(str(path))
    try:
        try:
            writer = ix.writer(timeout=30.0)
        except LockError as exc:
            raise KennisbankFout("De zoekindex wordt al bijgewerkt; probeer het zo opnieuw.") from exc
        added = removed = 0
        known = set(ix.schema.names())  # an index written before a field was added keeps its schema
        try:
            for iri, doc in docs_by_iri.items():
                if doc is None:
                    removed += writer.delete_by_term("iri", iri)
                else:
                    writer.update_document(**{k: v for k, v in fields_of(doc, syn).items() if k in known})
                    added += 1
        except BaseException:
            writer.cancel()
            raise
        try:
            meta = json.loads((path / GEBOUWD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {"gebouwd": time.time()}
        meta["bijgewerkt"] = time.time()
        _write_json(path / GEBOUWD, meta)
        writer.commit()
    finally:
        ix.close()
    return {"bijgewerkt": added, "verwijderd": removed}


# --- reading -----------------------------------------------------------------------------------------------
class Reader:
    """The open index of one folder: searchers per thread, synonyms, and cached bitsets of postings."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.index = windex.open_dir(str(path), readonly=True)
        except Exception as exc:  # noqa: BLE001 - a half-written or foreign folder
            raise KennisbankFout(f"De zoekindex in '{path}' kan niet worden geopend: {exc}.") from exc
        self._load_meta()
        self._local = threading.local()
        self._lock = threading.Lock()
        self._rangorde: tuple[tuple, Rangorde] | None = None

    def searcher(self):
        """This thread's searcher, refreshed when a write has been committed since it was opened."""
        s = getattr(self._local, "searcher", None)
        if s is None:
            s = self.index.searcher()
            self._local.searcher = s
            self._local.masks = {}
        elif not s.up_to_date():
            # a fresh searcher, not s.refresh(): refresh() reuses segment readers and so keeps their
            # old deletions (a replaced document would still be found)
            old, s = s, self.index.searcher()
            with contextlib.suppress(Exception):
                old.close()
            self._local.searcher = s
            self._local.masks = {}
            self._load_meta()  # a partial update may have changed the synonyms
        return s

    def _load_meta(self) -> None:
        try:
            self.synonym_groups = json.loads((self.path / SYNONIEMEN).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.synonym_groups = {}
        try:
            meta = json.loads((self.path / GEBOUWD).read_text(encoding="utf-8"))
            self.built = float(meta["gebouwd"])
            self.updated = float(meta.get("bijgewerkt") or meta["gebouwd"])
        except (OSError, ValueError, KeyError, TypeError):
            self.built = self.updated = None

    def rangorde(self, searcher) -> "Rangorde":
        """The global orders of the documents of `searcher`'s index version, shared by all threads.

        Document numbers change only when the set of segments changes (a partial update adds or merges
        segments; deletions keep the numbers), so the orders are keyed on the segments and computed anew,
        once, after `werk_bij`; a rebuild opens a new Reader altogether."""
        reader = searcher.reader()
        leaves = reader.leaf_readers()
        ident = tuple((_segment_id(r), offset, r.doc_count_all()) for r, offset in leaves)
        cached = self._rangorde
        if cached is not None and cached[0] == ident:
            return cached[1]
        keys: list[int] = []
        for r, _offset in leaves:
            keys += _column(r, RANG)
        orde = Rangorde(keys)
        self._rangorde = (ident, orde)
        return orde

    @property
    def masks(self) -> dict:
        """Bitsets (Python ints) of postings for this thread's current searcher: {(field, term): int}."""
        return self._local.masks

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.index.close()


class Rangorde:
    """Two precomputed global orders of all document numbers, from the static rank (`rang`):

    - `titel`: for documents that have query words in their title: (title length, soort, length);
    - `rest`: for the others: (soort, length).

    Each order comes with its sort key per document number (`titel_sleutel`, `rest_sleutel`); the number
    itself ends each key, so the order is total and the same every time (exact, stable paging)."""

    def __init__(self, keys: list[int]):
        n = len(keys)
        self.n = n
        self.titel_sleutel = [k << 32 | d for d, k in enumerate(keys)]
        self.rest_sleutel = [(k & 0x3FFFFFF) << 32 | d for d, k in enumerate(keys)]
        self.titel = sorted(range(n), key=self.titel_sleutel.__getitem__)
        self.rest = sorted(range(n), key=self.rest_sleutel.__getitem__)


def _segment_id(reader):
    try:
        return reader.segment().segment_id()
    except Exception:  # noqa: BLE001 - a reader without segments (an empty index)
        return id(reader)


def _column(reader, fieldname: str) -> list[int]:
    """All values of an unsigned 64-bit numeric column of one segment, in document order (0 when absent:
    an index written before the column existed)."""
    n = reader.doc_count_all()
    if fieldname not in reader.schema or not reader.has_column(fieldname):
        return [0] * n
    cr = reader.column_reader(fieldname, translate=False)
    try:  # the column is a plain array of big-endian values: read it in one go
        raw = cr._dbfile.get(cr._basepos, cr._count * 8)
        values = array("Q")
        if values.itemsize != 8:
            raise TypeError
        values.frombytes(bytes(raw))
        if sys.byteorder == "little":
            values.byteswap()
        out = values.tolist()
    except (AttributeError, TypeError, ValueError):
        out = [int(v) for v in cr]
    return (out + [0] * n)[:n]


_readers: dict[str, Reader] = {}
_readers_lock = threading.Lock()


def reader_for(data_dir: Path) -> Reader | None:
    """The reader of the index in use for `data_dir` (follows a rebuild by any process), or None."""
    path = current_index_path(data_dir)
    if path is None:
        return None
    key = str(Path(data_dir).resolve())
    r = _readers.get(key)
    if r is not None and r.path == path:
        return r
    with _readers_lock:
        r = _readers.get(key)
        if r is None or r.path != path:
            r = Reader(path)
            _readers[key] = r  # the old reader is dropped; its searchers close when collected
    return r


def drop_readers() -> None:
    """Forget all cached readers (tests, shutdown)."""
    with _readers_lock:
        for r in _readers.values():
            r.close()
        _readers.clear()
