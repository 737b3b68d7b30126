"""Full-text search over the public knowledge graph: regelingen, artikelen, knelpunten, praktijkvoorbeelden.

Public functions (nothing outside this package knows the engine; today it is whoosh):

- `zoek(config, q, *, soort, regeling, mechanisme, gemeente, pagina, per_pagina) -> Resultaat`
- `herbouw_index(config, store) -> dict`: the whole index anew from the public store, switched atomically
- `werk_bij(config, store, iris) -> dict`: re-index (or remove) only these resources
- `status(config) -> dict`: document count and age, for the health endpoint

Ranking: a small result (LARGE_RESULT, BM25_POSTINGS) is scored with BM25; a large one is ranked without
scoring, by tiers from bitsets (query words in the title) and a static rank per document stored at index
time (`index.rang`), by walking a global order precomputed per index version (`index.Rangorde`).

Dutch analysis (stems, stop words, accents) is in `analyse.py`, the SPARQL in `documenten.py`, the index
files in `index.py` and the reading of user text in `vraag.py`.
"""

from __future__ import annotations

import copy
import html
import re
import time
from dataclasses import dataclass, field

from whoosh.highlight import ContextFragmenter, Formatter, highlight
from whoosh.query import And, Term

from .. import generatie
from ..config import Config
from ..fouten import KennisbankFout
from ..iri import Iris
from ..store.base import Store
from . import index as _index
from .analyse import _ANALYZER, fold
from .documenten import SOORTEN, documenten, synoniemen
from .vraag import Synoniemen, bitset, expandeer, highlight_terms, ontleed, term_mask, title_bitset, whoosh_query

__all__ = ["zoek", "herbouw_index", "werk_bij", "status", "Resultaat", "Treffer", "SOORTEN"]

MAX_PER_PAGINA = 100
#: Up to this many matches a result is ranked with BM25, above it by tiers and static rank (see _ranked).
#: whoosh scores about 4 µs per match for one word and 10-20 µs for several words or a synonym (measured
#: at 30k documents): 500 matches stay within about 10 ms of the 30 ms budget.
LARGE_RESULT = 500
#: BM25 also reads every posting of every query word, not only the matches: two common words with a small
#: intersection cost as much as a common word alone. Above this many postings in all (about 4 µs each)
#: the result is ranked without scoring too, however small.
BM25_POSTINGS = 5000
#: Answers kept per thread until the index changes.
ANSWER_CACHE = 256
SNIPPET_CHARS = 240


@dataclass
class Treffer:
    iri: str
    soort: str  # regeling | artikel | knelpunt | praktijkvoorbeeld
    titel: str
    url: str  # the /doc/ page
    score: float  # BM25 for a small result; a rank value (tier, then place in it: falls over the pages) for a large one
    fragment: str  # HTML: escaped text with <mark>…</mark> around the matched words
    regeling: list[str] = field(default_factory=list)  # BWB ids
    mechanisme: list[str] = field(default_factory=list)  # slugs
    gemeente: str | None = None  # TOOI code


@dataclass
class Resultaat:
    q: str
    totaal: int
    pagina: int
    per_pagina: int
    treffers: list[Treffer]
    #: {"soort": {"knelpunt": 3, …}, "regeling": {"BWBR0015703": 5}, "mechanisme": {…}, "gemeente": {…}},
    #: counted over the whole (filtered) result set, largest first.
    facetten: dict[str, dict[str, int]]

    @property
    def paginas(self) -> int:
        return (self.totaal + self.per_pagina - 1) // self.per_pagina


# --- searching ---------------------------------------------------------------------------------------------
class _Mark(Formatter):
    """Escapes all text; only the `<mark>` around matches is markup."""

    between = " … "

    def _text(self, text):
        return html.escape(text, quote=True)

    def format_token(self, text, token, replace=False):
        return "<mark>" + html.escape(text[token.startchar:token.endchar], quote=True) + "</mark>"

    def format_fragment(self, fragment, replace=False):
        out = super().format_fragment(fragment, replace)
        if fragment.startchar > 0:
            out = "…" + out
        if fragment.endchar < len(fragment.text):
            out += "…"
        return out


_FRAGMENTER = ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
_FORMATTER = _Mark()


HIGHLIGHT_WINDOW = 1500


def _window(text: str, terms: set[str]) -> tuple[str, bool]:
    """The part of a long text worth analysing for a snippet: around the first likely match."""
    if len(text) <= HIGHLIGHT_WINDOW:
        return text, False
    folded = fold(text)
    start = 0
    if len(folded) == len(text):
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + ")")
        m = pattern.search(folded)
        if m:
            start = max(0, m.start() - 300)
            if start:
                space = text.find(" ", start)
                start = space + 1 if 0 <= space < m.start() else start
    return text[start:start + HIGHLIGHT_WINDOW], start > 0


def _snippet(text: str, terms: set[str]) -> str:
    text = text or ""
    if terms and text:
        window, cut = _window(text, terms)
        out = highlight(window, terms, _ANALYZER, _FRAGMENTER, _FORMATTER, top=2)
        if out:
            return "…" + out if cut and not out.startswith("…") else out
    short = text[:SNIPPET_CHARS]
    if len(text) > SNIPPET_CHARS:
        short = short.rsplit(" ", 1)[0] + "…"
    return html.escape(short, quote=True)


def _filters(soort, regeling, mechanisme, gemeente) -> list[tuple[str, str]]:
    out = []
    for name, value in (("soort", soort), ("regeling", regeling), ("mechanisme", mechanisme), ("gemeente", gemeente)):
        if value is None:
            continue
        value = str(value).strip()
        if name == "soort" and value not in SOORTEN:
            raise KennisbankFout(f"Onbekende soort '{value}'; kies uit {', '.join(SOORTEN)}.")
        if name == "gemeente":
            value = value.lower()
        if value:
            out.append((name, value))
    return out


def _live_mask(searcher, masks: dict) -> int:
    m = masks.get("__live__")
    if m is None:
        reader = searcher.reader()
        n = searcher.doc_count_all()
        if reader.has_deletions():
            from .vraag import mask_of

            m = mask_of(reader.all_doc_ids(), n)
        else:
            m = (1 << n) - 1
        masks["__live__"] = m
    return m


def _facets(searcher, masks: dict, result: int) -> dict[str, dict[str, int]]:
    out = {}
    reader = searcher.reader()
    for fieldname in _index.FACET_FIELDS:
        key = ("__terms__", fieldname)
        terms = masks.get(key)
        if terms is None:
            terms = [t.decode("utf-8") if isinstance(t, bytes) else t for t in reader.field_terms(fieldname)] \
                if fieldname in reader.indexed_field_names() else []
            masks[key] = terms
        counts = {}
        for t in terms:
            n = (term_mask(searcher, masks, fieldname, t) & result).bit_count()
            if n:
                counts[t] = n
        out[fieldname] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return out


def zoek(
    config: Config,
    q: str,
    *,
    soort: str | None = None,
    regeling: str | None = None,
    mechanisme: str | None = None,
    gemeente: str | None = None,
    pagina: int = 1,
    per_pagina: int = 10,
) -> Resultaat:
    """Search the public index. Words are combined with AND; synonyms from the graph count as the word."""
    if q is None or not str(q).strip():
        raise KennisbankFout("Geef een zoekterm op.")
    q = str(q)
    if not isinstance(pagina, int) or pagina < 1:
        raise KennisbankFout("Het paginanummer moet 1 of hoger zijn.")
    if not isinstance(per_pagina, int) or not 1 <= per_pagina <= MAX_PER_PAGINA:
        raise KennisbankFout(f"Het aantal resultaten per pagina moet tussen 1 en {MAX_PER_PAGINA} liggen.")
    filters = _filters(soort, regeling, mechanisme, gemeente)

    reader = _index.reader_for(config.data_dir)
    if reader is None:
        raise KennisbankFout("De zoekindex is nog niet gebouwd; voer eerst 'kennisbank build' uit.")
    searcher = reader.searcher()
    masks = reader.masks
    syn = masks.get("__synoniemen__")
    if syn is None:
        syn = masks["__synoniemen__"] = Synoniemen(reader.synonym_groups)

    # answers are cached per thread until the index changes (the cache lives with the searcher)
    cache = masks.setdefault("__antwoorden__", {})
    key = (q.strip(), tuple(filters), pagina, per_pagina)
    if key in cache:
        return copy.deepcopy(cache[key])

    units = ontleed(q, syn)
    if not units:  # only stop words or punctuation
        return Resultaat(q, 0, pagina, per_pagina, [], {f: {} for f in _index.FACET_FIELDS})
    expandeer(units, searcher.reader())

    result = bitset(units, searcher, masks) & _live_mask(searcher, masks)
    for name, value in filters:
        result &= term_mask(searcher, masks, name, value)
    totaal = result.bit_count()
    facetten = _facets(searcher, masks, result) if totaal else {f: {} for f in _index.FACET_FIELDS}

    treffers = []
    start = (pagina - 1) * per_pagina
    if totaal > start:
        terms = highlight_terms(units)
        for stored, score in _ranked(searcher, reader, masks, units, filters, result, totaal, start, per_pagina):
            treffers.append(Treffer(
                iri=stored["iri"],
                soort=stored["soort"],
                titel=stored.get("titel", ""),
                url=stored.get("url", ""),
                score=round(score, 4),
                fragment=_snippet(stored.get("tekst", ""), terms),
                regeling=(stored.get("regeling") or "").split(),
                mechanisme=(stored.get("mechanisme") or "").split(),
                gemeente=stored.get("gemeente") or None,
            ))
    answer = Resultaat(q, totaal, pagina, per_pagina, treffers, facetten)
    if len(cache) >= ANSWER_CACHE:
        cache.pop(next(iter(cache)))
    cache[key] = copy.deepcopy(answer)
    return answer


def _top(searcher, query, filters, start: int, count: int) -> list[tuple[dict, float]]:
    filterq = And([Term(n, v) for n, v in filters]) if len(filters) > 1 else \
        (Term(*filters[0]) if filters else None)
    hits = searcher.search(query, limit=start + count, filter=filterq, terms=False)
    # index, never list(hits): Results.__len__ counts the whole result set again
    return [(hits[i].fields(), float(hits[i].score or 0.0))
            for i in range(start, min(hits.scored_length(), start + count))]


def _ranked(searcher, reader, masks, units, filters, result: int, totaal: int, start: int,
            count: int) -> list[tuple[dict, float]]:
    """The stored fields and scores of the hits of one page.

    Up to LARGE_RESULT matches are scored with BM25. Scoring is linear in the number of matches (whoosh
    cannot skip much for a very common word), so a larger result set is ranked without scoring, in tiers
    computed from bitsets (see `_tiers`), and within a tier by the static rank of the documents: the page
    is found by walking a precomputed global order and testing membership (`_select`).
    """
    query = whoosh_query(units)
    if totaal <= LARGE_RESULT and _postings(searcher, query) <= BM25_POSTINGS:
        return _top(searcher, query, filters, start, count)
    orde = reader.rangorde(searcher)
    tiers = _tiers(units, searcher, masks, result)
    page: list[tuple[dict, float]] = []
    offset = 0  # where the tier starts in the whole result
    for level, (mask, size, by_title) in enumerate(tiers):
        if offset >= start + count:
            break
        if size and start < offset + size:
            skip = max(0, start - offset)
            take = min(start + count - offset, size) - skip
            keys, order = (orde.titel_sleutel, orde.titel) if by_title else (orde.rest_sleutel, orde.rest)
            top = len(tiers) - level
            for i, d in enumerate(_select(mask, size, skip, take, keys, order)):
                # a rank value, not BM25: the tier, then the place in it; falls strictly over the pages
                page.append((searcher.stored_fields(d), top - (skip + i) / size))
        offset += size
    return page


def _postings(searcher, query) -> int:
    """How many postings scoring `query` reads (cheap: the document frequencies of its terms)."""
    reader = searcher.reader()
    return sum(reader.doc_frequency(f, t) for f, t in query.iter_all_terms())


def _tiers(units, searcher, masks, result: int) -> list[tuple[int, int, bool]]:
    """The result split into disjoint tiers, best first: (bitset, size, ordered by title).

    1. every query word in the title; 2. (several words) some of them in the title; 3. the rest."""
    per_unit = [title_bitset([u], searcher, masks) & result for u in units]
    every = result
    for m in per_unit:
        every &= m
    tiers = [(every, every.bit_count(), True)]
    seen = every
    if len(units) > 1:
        some = 0
        for m in per_unit:
            some |= m
        some &= ~every
        tiers.append((some, some.bit_count(), True))
        seen |= some
    rest = result & ~seen
    tiers.append((rest, rest.bit_count(), False))
    return tiers


#: (set bits of a byte) for every byte value
_BITS = tuple(tuple(i for i in range(8) if b >> i & 1) for b in range(256))
#: Sorting one element of a tier costs about this many membership tests of the walk (measured).
SORT_COST = 4


def _select(mask: int, size: int, skip: int, take: int, keys: list[int], order: list[int]) -> list[int]:
    """Documents skip … skip+take of the bitset `mask` (`size` members) in the global `order`.

    Walking the order costs about (skip + take) / density membership tests; a small tier is cheaper to
    sort by `keys` (the same order). Either way the result is the same exact slice."""
    n = len(order)
    if size * size * SORT_COST < (skip + take) * n:
        data = mask.to_bytes((mask.bit_length() + 7) // 8, "little")
        ids = []
        for i, byte in enumerate(data):
            if byte:
                base = i << 3
                ids.extend(base + j for j in _BITS[byte])
        ids.sort(key=keys.__getitem__)
        return ids[skip:skip + take]
    data = mask.to_bytes((n + 7) // 8, "little")
    out: list[int] = []
    seen = 0
    for d in order:
        if data[d >> 3] >> (d & 7) & 1:
            if seen >= skip:
                out.append(d)
                if len(out) == take:
                    break
            seen += 1
    return out


# --- the index lifecycle -----------------------------------------------------------------------------------
def herbouw_index(config: Config, store: Store) -> dict:
    """Build the whole index from the public store into a new folder and switch to it.

    Returns {"documenten": n, "per_soort": {...}, "synoniemen": groups, "seconden": t}.
    """
    t0 = time.perf_counter()
    iris = Iris(config.base_iri)
    with _index.write_lock(config.data_dir):
        groups = synoniemen(store, iris)
        path, counts = _index.build_new(config.data_dir, documenten(store, iris), groups)
        _index.activate(config.data_dir, path)
    return {
        "documenten": sum(counts.values()),
        "per_soort": {s: counts.get(s, 0) for s in SOORTEN},
        "synoniemen": len(groups),
        "seconden": round(time.perf_counter() - t0, 3),
    }


def werk_bij(config: Config, store: Store, iris: list[str]) -> dict:
    """Re-index the resources `iris` from the public store; those no longer in it are removed.

    Without an index yet, the whole index is built. Returns {"bijgewerkt": n, "verwijderd": m}.
    """
    wanted = list(dict.fromkeys(i for i in iris if i))
    if not wanted:
        return {"bijgewerkt": 0, "verwijderd": 0}
    minted = Iris(config.base_iri)
    with _index.write_lock(config.data_dir):
        path = _index.current_index_path(config.data_dir)
        if path is not None:
            found = {d.iri: d for d in documenten(store, minted, wanted)}
            # names of a regeling or a concept may have changed: refresh the synonyms (one small query)
            groups = synoniemen(store, minted)
            result = _index.update(path, {i: found.get(i) for i in wanted}, groups)
            generatie.bump(config.data_dir, generatie.ZOEKINDEX)  # search answers changed: none remembered
            return result
    result = herbouw_index(config, store)
    return {"bijgewerkt": result["documenten"], "verwijderd": 0}


def status(config: Config) -> dict:
    """{"documenten": n, "gebouwd": t, "bijgewerkt": t, "leeftijd_seconden": s} (t: ISO 8601 date-time in
    UTC); zeros and None without an index. `leeftijd_seconden` counts from the last full rebuild."""
    reader = _index.reader_for(config.data_dir)
    if reader is None:
        return {"documenten": 0, "gebouwd": None, "bijgewerkt": None, "leeftijd_seconden": None}
    searcher = reader.searcher()
    built = reader.built
    return {
        "documenten": searcher.doc_count(),
        "gebouwd": _iso(built),
        "bijgewerkt": _iso(reader.updated),
        "leeftijd_seconden": round(time.time() - built, 1) if built else None,
    }


def _iso(moment: float | None) -> str | None:
    if not moment:
        return None
    import datetime as dt

    return dt.datetime.fromtimestamp(moment, dt.timezone.utc).isoformat(timespec="seconds")
