"""Full-text search over the public knowledge graph: regelingen, artikelen, knelpunten, praktijkvoorbeelden.

Public functions (nothing outside this package knows the engine; it is tantivy):

- `zoek(config, q, *, soort, regeling, mechanisme, doelgroep, gemeente, status, pagina, per_pagina) -> Resultaat`
- `herbouw_index(config, store) -> dict`: the whole index anew from the public store, switched atomically
- `werk_bij(config, store, iris) -> dict`: re-index (or remove) only these resources
- `status(config) -> dict`: document count and age, for the health endpoint
- `zonder_resultaat(config) -> list[dict]`: searches that found nothing (without personal data)

Ranking: BM25F (title, summary, names and text folded into one weighted field, see index.GEWOGEN) plus BM25 of
the title field; not every word is required, so documents with more of the words, and rarer ones, come first;
the other names of a word the user typed count less than the word itself; neighbouring query words close
together in a document add a bonus; the score is multiplied by a prior per type (knelpunten and
praktijkvoorbeelden first among equals, amending acts last). Legal references in the query ("art. 22a Pw") are read by the
reference recogniser: the article comes first, then the knelpunten and cases that cite it.

Why tantivy and not whoosh: building the 30,000 synthetic documents of benchmarks/zoek.py took whoosh 61 s
(earlier 86 s) and, measured back to back on the same busy machine, 154 s wall / 27 s CPU against 26 s wall /
6 s CPU for tantivy with the richer analysis; and whoosh could keep a query within 30 ms only by not scoring
large results (AND of all words, tiers by static rank), while ranked retrieval with optional words scores
tens of thousands of matches per query, which tantivy does within the budget. Dutch analysis stays ours
(`analyse.py`): tantivy gets our terms joined by spaces and splits them on whitespace.
"""

from __future__ import annotations

import dataclasses
import html
import json
import time
from dataclasses import dataclass, field

import tantivy

from .. import generatie
from ..config import Config
from ..fouten import KennisbankFout
from ..iri import Iris
from ..store.base import Store
from . import index as _index
from . import zoeklog
from .analyse import _TOKEN, fold
from .documenten import SOORTEN, documenten, synoniemen
from .vraag import correctie, expandeer, highlight_terms, ontleed, tantivy_query

__all__ = ["zoek", "herbouw_index", "werk_bij", "status", "warm", "zonder_resultaat", "Resultaat", "Treffer", "SOORTEN",
           "FACETTEN"]

MAX_PER_PAGINA = 100
#: Answers kept per index version.
ANSWER_CACHE = 1024
SNIPPET_CHARS = 240
FACETTEN = _index.FACET_FIELDS
FACET_SIZE = 1000
#: Legal references that count: provisions named in the query, not named norms (those are synonyms).
_VERWIJZING_SOORTEN = ("artikel", "juriconnect", "url")


@dataclass
class Treffer:
    iri: str
    soort: str  # regeling | artikel | knelpunt | praktijkvoorbeeld
    titel: str
    url: str  # the /doc/ page
    score: float
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
    #: {"soort": {"knelpunt": 3, …}, "regeling": {"BWBR0015703": 5}, "mechanisme": {…}, "doelgroep": {…},
    #: "gemeente": {…}, "status": {…}}, counted over the whole (filtered) result set, largest first.
    facetten: dict[str, dict[str, int]]
    #: "Bedoelde u …?": a corrected query when nothing was found.
    suggestie: str | None = None
    #: Article IRIs recognised as legal references in the query.
    verwijzingen: list[str] = field(default_factory=list)

    @property
    def paginas(self) -> int:
        return (self.totaal + self.per_pagina - 1) // self.per_pagina


# --- snippets ----------------------------------------------------------------------------------------------
SNIPPET_SCAN = 6000  # characters of a long text searched for a snippet


def _matches(text: str, terms: set[str], woordenschat) -> list[tuple[int, int]]:
    info = woordenschat.info
    out = []
    for m in _TOKEN.finditer(text, 0, SNIPPET_SCAN):
        _w, term, parts = info(m.group())
        if term is not None and (term in terms or any(p in terms for p in parts)):
            out.append(m.span())
    return out


def _spans(text: str, terms: frozenset[str], reader) -> list[tuple[int, int]]:
    """Where the words of `terms` are in the first SNIPPET_SCAN characters of `text`."""
    scan = text[:SNIPPET_SCAN]
    folded = fold(scan)
    if len(folded) != len(scan):  # folding changed the length (a ligature): analyse word by word
        return _matches(text, terms, reader.woordenschat)
    pattern = reader.patroon(terms)
    return [m.span() for m in pattern.finditer(folded)] if pattern else []


def _snippet(text: str, terms: frozenset[str], reader) -> str:
    """A window of about SNIPPET_CHARS around the most matches, escaped, with <mark> around each match."""
    text = text or ""
    spans = _spans(text, terms, reader) if terms and text else []
    if not spans:
        short = text[:SNIPPET_CHARS]
        if len(text) > SNIPPET_CHARS:
            short = short.rsplit(" ", 1)[0] + "…"
        return html.escape(short, quote=True)
    best, best_n = 0, 0
    for i, (b, _) in enumerate(spans):
        n = sum(1 for x, _ in spans[i:] if x < b + SNIPPET_CHARS - 60)
        if n > best_n:
            best, best_n = i, n
    start = max(0, spans[best][0] - 60)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < spans[best][0] else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > spans[best][1] else end
    out, pos = [], start
    for b, e in spans:
        if b < start or e > end:
            continue
        out.append(html.escape(text[pos:b], quote=True))
        out.append("<mark>" + html.escape(text[b:e], quote=True) + "</mark>")
        pos = e
    out.append(html.escape(text[pos:end], quote=True))
    return ("…" if start > 0 else "") + "".join(out) + ("…" if end < len(text) else "")


# --- searching ---------------------------------------------------------------------------------------------
def _filters(**values) -> list[tuple[str, str]]:
    out = []
    for name, value in values.items():
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


def _facets(searcher, query) -> dict[str, dict[str, int]]:
    aggs = {f: {"terms": {"field": f, "size": FACET_SIZE}} for f in FACETTEN}
    raw = searcher.aggregate(query, aggs)
    out = {}
    for f in FACETTEN:
        buckets = (raw.get(f) or {}).get("buckets", [])
        counts = {str(b["key"]): int(b["doc_count"]) for b in buckets if b.get("doc_count")}
        out[f] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return out


def _artikelen(reader, q: str) -> tuple[list[str], str]:
    """Article IRIs of the legal references in `q` (via the recogniser), and `q` without them."""
    idx = reader.verwijzingen
    if idx is None or not any(c.isdigit() for c in q) and "jci" not in q:
        return [], q
    from ..regels.herken import herken

    try:
        found = herken(q, idx)
    except Exception:  # noqa: BLE001 - the recogniser must never break a search
        return [], q
    arts, rest, cut = [], [], 0
    for v in sorted(found, key=lambda v: v.begin):
        if v.soort in _VERWIJZING_SOORTEN and v.iri and v.status == "gevonden":
            art = _index.artikel_van(v.iri)
            if art not in arts:
                arts.append(art)
            rest.append(q[cut:v.begin])
            cut = max(cut, v.eind)
    rest.append(q[cut:])
    return arts, " ".join(rest)


def zoek(
    config: Config,
    q: str,
    *,
    soort: str | None = None,
    regeling: str | None = None,
    mechanisme: str | None = None,
    doelgroep: str | None = None,
    gemeente: str | None = None,
    status: str | None = None,
    pagina: int = 1,
    per_pagina: int = 10,
    log: bool = True,
) -> Resultaat:
    """Search the public index (ranked; not every word is required). `log=False`: a search without results
    is not added to the log (benchmarks, tests of the log itself)."""
    if q is None or not str(q).strip():
        raise KennisbankFout("Geef een zoekterm op.")
    q = str(q)
    if not isinstance(pagina, int) or pagina < 1:
        raise KennisbankFout("Het paginanummer moet 1 of hoger zijn.")
    if not isinstance(per_pagina, int) or not 1 <= per_pagina <= MAX_PER_PAGINA:
        raise KennisbankFout(f"Het aantal resultaten per pagina moet tussen 1 en {MAX_PER_PAGINA} liggen.")
    filters = _filters(soort=soort, regeling=regeling, mechanisme=mechanisme, doelgroep=doelgroep,
                       gemeente=gemeente, status=status)

    reader = _index.reader_for(config.data_dir)
    if reader is None:
        raise KennisbankFout("De zoekindex is nog niet gebouwd; voer eerst 'kennisbank build' uit.")
    searcher = reader.searcher()
    cache = reader.answers
    key = (q.strip(), tuple(filters), pagina, per_pagina)
    if key in cache:
        answer = _kopie(cache[key])
        if not answer.totaal and log:
            zoeklog.noteer(config.data_dir, q, dict(filters))
        return answer

    artikelen, rest = _artikelen(reader, q)
    units = ontleed(rest, reader.synoniemen, reader.woordenschat)
    if not units and not artikelen:  # only stop words or punctuation
        return Resultaat(q, 0, pagina, per_pagina, [], {f: {} for f in FACETTEN})
    expandeer(units, searcher, reader.woorden)
    schema = reader.schema
    query = tantivy_query(schema, _index.TEKSTVELDEN, units, artikelen, searcher)
    if filters:
        query = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, query)]
            + [(tantivy.Occur.Must, tantivy.Query.const_score_query(tantivy.Query.term_query(schema, n, v), 0.0))
               for n, v in filters])
    start = (pagina - 1) * per_pagina
    weight = None if soort else "prior"  # a filter on soort overrides the prior by type
    # facets do not depend on the page: paging through a result counts them once. Every document has exactly
    # one soort, so the facet soort also gives the total: one pass over the matches instead of two.
    fkey = ("__facetten__", q.strip(), tuple(filters))
    facetten = cache.get(fkey)
    if facetten is None:
        facetten = cache[fkey] = _facets(searcher, query)
    totaal = sum(facetten["soort"].values())
    facetten = {k: dict(v) for k, v in facetten.items()}
    found = searcher.search(query, per_pagina, count=False, offset=start, weight_by_field=weight)

    treffers = []
    terms = frozenset(highlight_terms(units))
    for score, address in found.hits:
        stored = json.loads(bytes(searcher.doc(address)["opslag"][0]).decode("utf-8"))
        treffers.append(Treffer(
            iri=stored["iri"], soort=stored["soort"], titel=stored.get("titel", ""), url=stored.get("url", ""),
            score=round(float(score), 4), fragment=_snippet(stored.get("tekst", ""), terms, reader),
            regeling=list(stored.get("regeling") or []), mechanisme=list(stored.get("mechanisme") or []),
            gemeente=stored.get("gemeente") or None,
        ))
    suggestie = None
    if not totaal:
        suggestie = correctie(rest, units, reader.woorden)
        if log:
            zoeklog.noteer(config.data_dir, q, dict(filters))
    answer = Resultaat(q, totaal, pagina, per_pagina, treffers, facetten, suggestie, artikelen)
    if len(cache) >= ANSWER_CACHE:
        cache.pop(next(iter(cache)))
    cache[key] = _kopie(answer)
    return answer


def _kopie(r: Resultaat) -> Resultaat:
    """A copy a caller may change without changing the cached answer (cheaper than deepcopy)."""
    return dataclasses.replace(r, treffers=[dataclasses.replace(t, regeling=list(t.regeling),
                                                                 mechanisme=list(t.mechanisme)) for t in r.treffers],
                               facetten={k: dict(v) for k, v in r.facetten.items()},
                               verwijzingen=list(r.verwijzingen))


def warm(config: Config) -> None:
    """Open the index and load what the first query would otherwise wait for (the lemma dictionary, the
    compound vocabulary, the reference index). Without an index it does nothing."""
    reader = _index.reader_for(config.data_dir)
    if reader is None:
        return
    reader.searcher()
    reader.verwijzingen  # noqa: B018
    reader.woordenschat.delen("kostendelersnorm")  # loads simplemma's Dutch dictionary
    zoek(config, "kostendelersnorm", log=False)


def zonder_resultaat(config: Config, limiet: int = 100) -> list[dict]:
    """Searches that found nothing, grouped per query, most frequent first (see `zoeklog.lees`)."""
    return zoeklog.lees(config.data_dir, limiet)


# --- the index lifecycle -----------------------------------------------------------------------------------
def _verwijzingsindex(config: Config, store: Store):
    """The reference recogniser's index of the regelingen in the store (None when it cannot be made); for a
    store on disk through the recogniser's own cache (`laad_index`), so a build computes it once."""
    try:
        from ..regels.herken_index import index_uit_store, laad_index

        if getattr(store, "path", None) is not None:
            idx = laad_index(config, store=store)
        else:
            idx = index_uit_store(store)
        return idx if len(idx) else None
    except Exception:  # noqa: BLE001 - legal references are a bonus; a search index without them still works
        return None


def herbouw_index(config: Config, store: Store) -> dict:
    """Build the whole index from the public store into a new folder and switch to it.

    Returns {"documenten": n, "per_soort": {...}, "synoniemen": groups, "seconden": t}.
    """
    t0 = time.perf_counter()
    iris = Iris(config.base_iri)
    with _index.write_lock(config.data_dir):
        groups = synoniemen(store, iris)
        path, counts = _index.build_new(config.data_dir, documenten(store, iris), groups,
                                        _verwijzingsindex(config, store))
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
        "documenten": searcher.num_docs,
        "gebouwd": _iso(built),
        "bijgewerkt": _iso(reader.updated),
        "leeftijd_seconden": round(time.time() - built, 1) if built else None,
    }


def _iso(moment: float | None) -> str | None:
    if not moment:
        return None
    import datetime as dt

    return dt.datetime.fromtimestamp(moment, dt.timezone.utc).isoformat(timespec="seconds")
