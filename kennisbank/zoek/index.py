"""The index on disk (tantivy): schema, atomic rebuild, partial update, and one long-lived reader per process.

Layout under `{data_dir}/zoekindex/`:
- `huidig`: names the index folder in use (replaced in one rename, like the store swap);
- `index-{time}-{pid}/`: a tantivy index plus `synoniemen.json` (name groups from the graph), `woorden.json`
  (the words of the documents with their document frequency: compounds and typos), `verwijzingen.pickle`
  (the reference recogniser's index of regelingen, for legal references in a query) and `gebouwd.json`;
- `.schrijfslot`: an advisory lock so a rebuild and a partial update never write at the same time.

Text is analysed in Python (`analyse.py`: lemmas, stems, compound parts) and handed to tantivy as
pre-tokenized text; tantivy keeps postings with positions and scores with BM25 per field. Readers are never
blocked: a commit or a rebuild becomes visible to the next query (the reader reloads when the index changed).
"""

from __future__ import annotations

import contextlib
import json
import pickle
import re
import shutil
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import tantivy

from ..fouten import KennisbankFout
from ..wijzer import current, prune, switch
from .analyse import STOPWOORDEN, Woordenschat, fold, index_termen
from .documenten import Document
from .vraag import Synoniemen

SYNONIEMEN = "synoniemen.json"
WOORDEN = "woorden.json"
VERWIJZINGEN = "verwijzingen.pickle"
GEBOUWD = "gebouwd.json"
FACET_FIELDS = ("soort", "regeling", "mechanisme", "doelgroep", "gemeente", "status")
#: BM25F: the text fields of a document folded into one field, each repeated as often as its weight. A term's
#: frequency there is its weighted frequency over the fields, and the length normalisation runs over the weighted
#: length of the whole document. (BM25 per field normalises a field by its average over *all* documents: the
#: summary, which only knelpunten and praktijkvoorbeelden have, then averaged a few tokens and its matches
#: counted for almost nothing.) Words are scored on this field only: one posting list per word.
GEWOGEN = "gewogen"
VELDGEWICHTEN = {"titel": 3, "samenvatting": 2, "namen": 1, "tekst": 1}
#: The fields with positions, for phrases ("…", multi-word names) and the proximity bonus, with their weight
#: in a phrase match.
TEKSTVELDEN = {"titel": 3.0, "namen": 1.0, "tekst": 1.0}
#: The parts of the compounds of all text fields (kostendelersnorm: kosten, delers, norm).
DELEN = "delen"
DELEN_GEWICHT = 0.5
#: Prior by type, as a factor on the score. Knelpunten and praktijkvoorbeelden are what the kennisbank is about;
#: a filter on soort makes it moot. An amending act (`Wijzigingsbesluit …`, `Wet … tot wijziging van …`) is only
#: a title in the kennisbank: short, so BM25 favours it for every word of its title, while it answers no question
#: about the rules themselves; it ranks below the acts and articles it amends.
PRIOR_FACTOR = {"knelpunt": 1.6, "praktijkvoorbeeld": 1.45, "regeling": 1.2, "artikel": 1.0}
WIJZIGING_FACTOR = 0.5
_WIJZIGING = re.compile(
    r"^(?:wijzigingsbesluit|wijzigingswet|wijzigingsregeling|verzamelwet|reparatiewet|aanpassingswet|invoeringswet"
    r"|(?:wet|besluit|regeling)\b.{0,200}?\b(?:tot|houdende|in verband met)\b.{0,40}?\bwijziging)",
    re.IGNORECASE | re.DOTALL)
#: tantivy multiplies the score by log2(2 + prior) and treats a prior below 0 as 0: the factors are scaled so
#: that the smallest one maps to 0 (the scale is the same for every document and leaves the order unchanged).
_PRIOR_SCHAAL = 1.0 / min(WIJZIGING_FACTOR, *PRIOR_FACTOR.values())
SAMENVATTING_CHARS = 300


def prior_factor(doc: Document) -> float:
    """The prior of a document as a factor on its score (1.0 for an artikel)."""
    if doc.soort == "regeling" and _WIJZIGING.match(doc.titel or ""):
        return WIJZIGING_FACTOR
    return PRIOR_FACTOR.get(doc.soort, 1.0)


def _prior(doc: Document) -> float:
    return max(0.0, 2.0 ** (prior_factor(doc) * _PRIOR_SCHAAL) - 2.0)

try:  # POSIX advisory locks; elsewhere tantivy's own writer lock is all we have
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None


def schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("iri", tokenizer_name="raw", index_option="basic")
    for name in TEKSTVELDEN:  # our terms, joined by spaces (analysis is ours: analyse.py)
        sb.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    sb.add_text_field(GEWOGEN, tokenizer_name="whitespace", index_option="freq")  # BM25F (see VELDGEWICHTEN)
    sb.add_text_field(DELEN, tokenizer_name="whitespace", index_option="freq")  # parts of compounds
    sb.add_text_field("nummer", tokenizer_name="raw", index_option="freq")
    sb.add_text_field("begrip", tokenizer_name="raw", index_option="freq")  # IRIs of things the document names
    sb.add_text_field("citeert", tokenizer_name="raw", index_option="basic")  # article IRIs it cites
    for name in FACET_FIELDS:
        sb.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_float_field("prior", fast=True, indexed=False)
    sb.add_bytes_field("opslag", stored=True, indexed=False)  # what a hit shows, as JSON
    return sb.build()


_ARTIKEL = re.compile(r"^(.*?/artikel/[^/]+)")


def artikel_van(iri: str) -> str:
    """The article a provision IRI belongs to: `…/artikel/22a/lid/1` -> `…/artikel/22a`."""
    m = _ARTIKEL.match(iri or "")
    return m.group(1) if m else iri


def samenvatting(doc: Document) -> str:
    """The first sentence or two of a knelpunt or case (an artikel's heading is in its title)."""
    if doc.soort not in ("knelpunt", "praktijkvoorbeeld") or not doc.tekst:
        return ""
    text = doc.tekst[:SAMENVATTING_CHARS]
    cut = max(text.rfind(". "), text.rfind(".\n"))
    return text[:cut + 1] if cut > 80 else text


def document_of(doc: Document, synoniemen: Synoniemen, ws: Woordenschat) -> tantivy.Document:
    d = tantivy.Document()
    d.add_text("iri", doc.iri)
    d.add_text("soort", doc.soort)
    # each name once: a knelpunt names the Participatiewet (with all its abbreviations) once per cited provision,
    # which would make it look long and dilute every word it says
    namen = "\n".join(dict.fromkeys([doc.nummer, *doc.namen]))
    teksten = {"titel": doc.titel, "samenvatting": samenvatting(doc), "namen": namen, "tekst": doc.tekst}
    terms: list[str] = []  # the terms in order (names of things are matched on these)
    delen: list[str] = []
    gewogen: list[str] = []
    for name, text in teksten.items():
        if name == "samenvatting":  # the start of the text: only weighted, its words already are in `tekst`
            if text:
                gewogen.extend(index_termen(text, ws)[0] * VELDGEWICHTEN[name])
            continue
        field_terms, parts = index_termen(text, ws)
        if field_terms:
            d.add_text(name, " ".join(field_terms))
            gewogen.extend(field_terms * VELDGEWICHTEN[name])
            terms.extend(field_terms)
            terms.append("")  # names do not run across fields
        delen.extend(parts)
    if gewogen:
        d.add_text(GEWOGEN, " ".join(gewogen))
    if delen:
        d.add_text(DELEN, " ".join(delen))
    if doc.nummer:
        d.add_text("nummer", doc.nummer.lower())
    for key in sorted(synoniemen.begrippen(terms)):
        d.add_text("begrip", key)
    for iri in sorted({artikel_van(i) for i in doc.citeert}):
        d.add_text("citeert", iri)
    for name in ("regeling", "mechanisme", "doelgroep", "status"):
        for v in getattr(doc, name):
            d.add_text(name, v)
    if doc.gemeente:
        d.add_text("gemeente", doc.gemeente.lower())
    d.add_float("prior", _prior(doc))
    d.add_bytes("opslag", json.dumps({
        "iri": doc.iri, "soort": doc.soort, "titel": doc.titel, "url": doc.url, "tekst": doc.tekst,
        "regeling": doc.regeling, "mechanisme": doc.mechanisme, "gemeente": doc.gemeente,
    }, ensure_ascii=False).encode("utf-8"))
    return d


_WOORD = re.compile(r"[^\W\d_]{4,}")


def woordtelling(docs: list[Document]) -> Counter:
    """Document frequency of the (folded) words of the documents, stop words and numbers left out."""
    raw: Counter = Counter()
    for doc in docs:
        raw.update(set(_WOORD.findall("\n".join((doc.titel, doc.tekst, *doc.namen)).lower())))
    df: Counter = Counter()
    for w, n in raw.items():
        f = w if w.isascii() else fold(w)
        if f.isalpha() and f not in STOPWOORDEN:
            df[f] += n
    return df


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
    from ..duurzaam import schrijf_atomisch

    schrijf_atomisch(path, json.dumps(data, ensure_ascii=False))


def _writer(ix: tantivy.Index):
    try:
        return ix.writer(heap_size=128_000_000, num_threads=1)
    except ValueError as exc:  # another process holds tantivy's writer lock
        raise KennisbankFout("De zoekindex wordt al bijgewerkt; probeer het zo opnieuw.") from exc


def build_new(data_dir: Path, docs, synonym_groups: dict[str, list[str]], verwijzingen=None
              ) -> tuple[Path, dict[str, int]]:
    """Write a complete index into a fresh folder; returns the folder and the counts per soort."""
    root = index_root(data_dir)
    try:
        root.mkdir(parents=True, exist_ok=True)
        path = Path(tempfile.mkdtemp(prefix=f"index-{time.strftime('%Y%m%dT%H%M%S')}-", dir=root))
    except OSError as exc:
        raise KennisbankFout(f"De zoekindex kon niet worden geschreven in '{root}': {exc.strerror or exc}.") from exc
    counts: dict[str, int] = {}
    try:
        docs = list(docs)
        df = woordtelling(docs)
        ws = Woordenschat(df)
        syn = Synoniemen(synonym_groups)
        ix = tantivy.Index(schema(), path=str(path))
        writer = _writer(ix)
        try:
            for doc in docs:
                writer.add_document(document_of(doc, syn, ws))
                counts[doc.soort] = counts.get(doc.soort, 0) + 1
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            with contextlib.suppress(Exception):
                writer.rollback()
            raise
        _write_json(path / SYNONIEMEN, synonym_groups)
        _write_json(path / WOORDEN, dict(df))
        if verwijzingen is not None:
            with open(path / VERWIJZINGEN, "wb") as fh:
                pickle.dump(verwijzingen, fh, protocol=pickle.HIGHEST_PROTOCOL)
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

    New `synonym_groups` and words are written before the commit, so a reader that sees the commit sees them too.
    """
    _write_json(path / SYNONIEMEN, synonym_groups)
    syn = Synoniemen(synonym_groups)
    df = Counter(_read_json(path / WOORDEN) or {})
    new = [d for d in docs_by_iri.values() if d is not None]
    df.update(woordtelling(new))  # words only grow here; a rebuild counts them anew
    _write_json(path / WOORDEN, dict(df))
    ws = Woordenschat(df)
    ix = tantivy.Index.open(str(path))
    writer = _writer(ix)
    added = removed = 0
    searcher = ix.searcher()
    try:
        for iri, doc in docs_by_iri.items():
            present = searcher.search(tantivy.Query.term_query(ix.schema, "iri", iri), 1, count=True).count
            writer.delete_documents_by_term("iri", iri)
            if doc is None:
                removed += present
            else:
                writer.add_document(document_of(doc, syn, ws))
                added += 1
        meta = _read_json(path / GEBOUWD) or {"gebouwd": time.time()}
        meta["bijgewerkt"] = time.time()
        _write_json(path / GEBOUWD, meta)
        writer.commit()
        writer.wait_merging_threads()
    except BaseException:
        with contextlib.suppress(Exception):
            writer.rollback()
        raise
    return {"bijgewerkt": added, "verwijderd": removed}


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


# --- reading -----------------------------------------------------------------------------------------------
class Reader:
    """The open index of one folder, with its synonyms, words and reference index; reloaded after a commit."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.index = tantivy.Index.open(str(path))
        except Exception as exc:  # noqa: BLE001 - a half-written or foreign folder
            raise KennisbankFout(f"De zoekindex in '{path}' kan niet worden geopend: {exc}.") from exc
        self.schema = self.index.schema
        self._lock = threading.Lock()
        self._stamp = None
        self._verwijzingen = None
        self.answers: dict = {}
        self._refresh()

    def _meta_stamp(self):
        try:
            st = (self.path / "meta.json").stat()
            return st.st_mtime_ns, st.st_size
        except OSError:
            return None

    def _refresh(self) -> None:
        self.synonym_groups = _read_json(self.path / SYNONIEMEN) or {}
        self.synoniemen = Synoniemen(self.synonym_groups)
        self.woorden: dict[str, int] = _read_json(self.path / WOORDEN) or {}
        self.woordenschat = Woordenschat(self.woorden)
        meta = _read_json(self.path / GEBOUWD) or {}
        try:
            self.built = float(meta["gebouwd"])
            self.updated = float(meta.get("bijgewerkt") or meta["gebouwd"])
        except (KeyError, TypeError, ValueError):
            self.built = self.updated = None
        self.answers = {}
        self._term_woorden = None
        self._patronen: dict = {}
        self._stamp = self._meta_stamp()

    def patroon(self, terms: frozenset[str]):
        """A regex that finds the (folded) words of the documents whose term, or a part's term, is in `terms`:
        snippets are found in one pass over the folded text instead of analysing every word."""
        p = self._patronen.get(terms)
        if p is None:
            if self._term_woorden is None:
                tw: dict[str, set[str]] = {}
                info = self.woordenschat.info
                for w in self.woorden:
                    _f, term, parts = info(w)
                    if term is None:
                        continue
                    tw.setdefault(term, set()).add(w)
                    for part in parts:
                        tw.setdefault(part, set()).add(w)
                self._term_woorden = tw
            words = set(terms)
            for t in terms:
                words |= self._term_woorden.get(t, set())
            words = sorted((w for w in words if w), key=len, reverse=True)
            p = re.compile(r"(?<![^\W_])(?:" + "|".join(re.escape(w) for w in words) + r")(?![^\W_])") if words else None
            if len(self._patronen) > 1000:
                self._patronen.clear()
            self._patronen[terms] = p
        return p

    def searcher(self) -> tantivy.Searcher:
        """A searcher on the newest commit (a partial update by any process is seen at once)."""
        stamp = self._meta_stamp()
        if stamp != self._stamp:
            with self._lock:
                if stamp != self._stamp:
                    self.index.reload()
                    self._refresh()
        return self.index.searcher()

    @property
    def verwijzingen(self):
        """The reference recogniser's index saved with this search index, or None."""
        if self._verwijzingen is None:
            try:
                with open(self.path / VERWIJZINGEN, "rb") as fh:
                    self._verwijzingen = pickle.load(fh)
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                self._verwijzingen = False
        return self._verwijzingen or None

    def close(self) -> None:
        self.answers = {}


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
            _readers[key] = r
    return r


def drop_readers() -> None:
    """Forget all cached readers (tests, shutdown)."""
    with _readers_lock:
        for r in _readers.values():
            r.close()
        _readers.clear()
