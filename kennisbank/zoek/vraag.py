"""From what a user typed to an engine query, without a query language.

User text is never handed to a query parser: `"…"` marks a phrase, a trailing `*` a prefix, the words
AND/OR/NOT are ignored, every other character only separates words. Each remaining word (or a run of words
that is a known name, such as "Wet werk en bijstand") becomes one unit; all units must match. A unit
matches its own terms or any synonym from the graph (Pw = Participatiewet = WWB = Wet werk en bijstand):
documents carry the IRIs of the things they name in the field `begrip`, so a name is one term lookup.

`Onderdeel` is the engine-neutral form (alternatives of term sequences); `whoosh_query` and `bitset`
translate it for whoosh. The bitset (a Python int with one bit per document) gives the exact total and
the facet counts over the whole result set without scoring it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh.query import And, NullQuery, Or, Phrase, Term

from .analyse import _ANALYZER, termen

_QUOTED = re.compile(r'"([^"]*)"?')
_OPERATORS = re.compile(r"(?<!\w)(?:AND|OR|NOT)(?!\w)")
#: Stems at least this long also match as the first part of a compound: kostendelers -> kostendelersnorm.
COMPOUND_MIN = 8
COMPOUND_MAX_TERMS = 30

NUMBER_BOOST = 4.0
COMPOUND_BOOST = 0.3
SYNONYM_BOOST = 0.6


@dataclass
class Onderdeel:
    """One unit of a query: any of `alternatieven` (each a sequence of terms) must occur."""

    alternatieven: list[tuple[str, ...]]
    eigen: tuple[str, ...] = ()  # what the user typed, when it is a known name
    begrippen: list[str] = field(default_factory=list)  # keys of the things that name stands for
    prefix: bool = False  # the user wrote `woord*`
    samenstelling: bool = False  # also match compounds starting with the stem
    uitgebreid: list[str] = field(default_factory=list)  # prefix/compound expansions (filled per index)


class Synoniemen:
    """Names of the same thing (a regeling, a concept), keyed on its IRI.

    At index time `begrippen(terms)` finds the names in a document, so the document carries the keys of
    the things it names (field `begrip`); at query time `lookup` turns a name the user typed into those
    keys. A synonym is then one term lookup instead of a phrase search over every variant.
    """

    def __init__(self, groups: dict[str, list[str]]):
        table: dict[tuple[str, ...], set[str]] = {}
        self.alternatieven: dict[str, set[tuple[str, ...]]] = {}
        if isinstance(groups, list):  # an index written before the groups were keyed on their IRI
            groups = {f"groep-{i}": g for i, g in enumerate(groups)}
        for key, names in (groups or {}).items():
            alts = {tuple(termen(naam)) for naam in names}
            alts.discard(())
            if not alts:
                continue
            self.alternatieven[key] = alts
            for alt in alts:
                table.setdefault(alt, set()).add(key)
        self.table = table
        self.longest = max((len(k) for k in table), default=0)
        self.first = {k[0] for k in table}

    def lookup(self, terms: list[str], start: int) -> tuple[int, set[str]] | None:
        """The longest known name starting at terms[start]: (its length in terms, keys)."""
        if terms[start] not in self.first:
            return None
        for n in range(min(self.longest, len(terms) - start), 0, -1):
            keys = self.table.get(tuple(terms[start:start + n]))
            if keys:
                return n, keys
        return None

    def begrippen(self, terms: list[str]) -> set[str]:
        """Keys of every name that occurs in `terms` (all matches, overlapping ones included)."""
        found: set[str] = set()
        first, table, longest = self.first, self.table, self.longest
        for i, t in enumerate(terms):
            if t not in first:
                continue
            for n in range(1, min(longest, len(terms) - i) + 1):
                keys = table.get(tuple(terms[i:i + n]))
                if keys:
                    found |= keys
        return found


def ontleed(text: str, synoniemen: Synoniemen | None = None) -> list[Onderdeel]:
    """The units of a user query (empty when only stop words or punctuation were typed)."""
    units: list[Onderdeel] = []
    pos = 0
    for m in _QUOTED.finditer(text):
        units.extend(_loose(text[pos:m.start()], synoniemen))
        phrase = tuple(termen(m.group(1)))
        if phrase:
            units.append(Onderdeel([phrase]))
        pos = m.end()
    units.extend(_loose(text[pos:], synoniemen))
    return units


def _loose(text: str, synoniemen: Synoniemen | None) -> list[Onderdeel]:
    text = _OPERATORS.sub(" ", text)
    terms, prefixed = [], []
    for tok in _ANALYZER(text, chars=True):
        terms.append(tok.text)
        prefixed.append(text[tok.endchar:tok.endchar + 1] == "*")
    units, i = [], 0
    while i < len(terms):
        hit = synoniemen.lookup(terms, i) if synoniemen else None
        if hit and not (hit[0] == 1 and prefixed[i]):
            n, keys = hit
            alts = set().union(*(synoniemen.alternatieven[k] for k in keys))
            units.append(Onderdeel(sorted(alts, key=lambda a: (len(a), a)), eigen=tuple(terms[i:i + n]),
                                   begrippen=sorted(keys)))
            i += n
            continue
        t = terms[i]
        units.append(Onderdeel([(t,)], prefix=prefixed[i],
                               samenstelling=len(t) >= COMPOUND_MIN and t.isalpha()))
        i += 1
    return units


def expandeer(units: list[Onderdeel], reader) -> None:
    """Fill in the terms a prefix or compound unit stands for, from the index's vocabulary."""
    for u in units:
        if not (u.prefix or u.samenstelling):
            continue
        stem = u.alternatieven[0][0]
        found = []
        for term in reader.expand_prefix("alles", stem):
            term = term.decode("utf-8") if isinstance(term, bytes) else term
            if term != stem:
                found.append(term)
            if len(found) > COMPOUND_MAX_TERMS:
                break
        if u.prefix or len(found) <= COMPOUND_MAX_TERMS:
            u.uitgebreid = found[:COMPOUND_MAX_TERMS]


def highlight_terms(units: list[Onderdeel]) -> set[str]:
    """Terms to mark in a snippet. Of a synonym only the one-word forms: marking each word of
    "Wet werk en bijstand" would also mark "wet" in "Wet langdurige zorg"."""
    out: set[str] = set()
    for u in units:
        for alt in u.alternatieven:
            if not u.begrippen or len(alt) == 1:
                out.update(alt)
        out.update(u.eigen)
        out.update(u.uitgebreid)
    return out


# --- whoosh ------------------------------------------------------------------------------------------------
def _alternative(alt: tuple[str, ...]):
    """Plain term queries on the one field `alles` where possible: whoosh can then skip blocks of
    postings that cannot reach the top (block-max), which keeps very common words fast."""
    if len(alt) == 1:
        t = alt[0]
        if any(c.isdigit() for c in t):
            return [Term("alles", t), Term("nummer", t, boost=NUMBER_BOOST)]
        return [Term("alles", t)]
    return [Phrase("alles", list(alt))]


def whoosh_query(units: list[Onderdeel]):
    if not units:
        return NullQuery
    parts = []
    for u in units:
        if u.begrippen:
            qs = [Term("begrip", k, boost=SYNONYM_BOOST) for k in u.begrippen]
            if len(u.eigen) == 1:
                qs += _alternative(u.eigen)
        else:
            qs = [q for alt in u.alternatieven for q in _alternative(alt)]
        boost = 1.0 if u.prefix else COMPOUND_BOOST
        qs += [Term("alles", t, boost=boost) for t in u.uitgebreid]
        parts.append(qs[0] if len(qs) == 1 else Or(qs))
    return parts[0] if len(parts) == 1 else And(parts)


def _title_terms(u: Onderdeel) -> list[str]:
    terms = [alt[0] for alt in u.alternatieven if len(alt) == 1]
    if len(u.eigen) == 1:
        terms.append(u.eigen[0])
    return sorted(set(terms) | set(u.uitgebreid))


def title_bitset(units: list[Onderdeel], searcher, masks: dict) -> int:
    total = -1
    for u in units:
        m = 0
        for t in _title_terms(u):
            m |= term_mask(searcher, masks, "titel", t)
        total &= m
        if not total:
            return 0
    return max(total, 0)


def mask_of(ids, n: int) -> int:
    bits = bytearray((n >> 3) + 1)
    for d in ids:
        bits[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(bits, "little")


def posting_ids(reader, fieldname: str, text: str) -> list[int]:
    """The document numbers of a term's postings (deleted documents included).

    Read a block at a time from whoosh's block postings: `all_ids()` steps through every posting in Python,
    which for a word in most documents costs more than the rest of a search."""
    out: list[int] = []
    for leaf, offset in reader.leaf_readers():
        if (fieldname, text) not in leaf:
            continue
        m = leaf.postings(fieldname, text)
        if not all(hasattr(m, a) for a in ("_ids", "_i", "_read_ids", "_next_block")):
            out.extend(d + offset for d in m.all_ids())
            continue
        while m.is_active():
            if m._ids is None:
                m._read_ids()
            ids = m._ids[m._i:]
            out.extend([d + offset for d in ids] if offset else ids)
            m._next_block()
    return out


def term_mask(searcher, masks: dict, fieldname: str, text: str) -> int:
    key = (fieldname, text)
    m = masks.get(key)
    if m is None:
        try:
            ids = posting_ids(searcher.reader(), fieldname, text)
        except Exception:  # noqa: BLE001 - term not in this index
            ids = ()
        m = mask_of(ids, searcher.doc_count_all())
        if len(masks) > 20000:
            masks.clear()
        masks[key] = m
    return m


def bitset(units: list[Onderdeel], searcher, masks: dict) -> int:
    """The documents matching all units, as a bitset (deleted documents included; mask them after)."""
    total = None
    for u in units:
        m = 0
        if u.begrippen:
            for k in u.begrippen:
                m |= term_mask(searcher, masks, "begrip", k)
            if len(u.eigen) == 1:
                m |= term_mask(searcher, masks, "alles", u.eigen[0])
        for alt in ([] if u.begrippen else u.alternatieven):
            if len(alt) == 1:
                m |= term_mask(searcher, masks, "alles", alt[0])
                continue
            candidates = -1
            for t in alt:
                candidates &= term_mask(searcher, masks, "alles", t)
            if candidates:
                m |= mask_of(Phrase("alles", list(alt)).docs(searcher), searcher.doc_count_all())
        for t in u.uitgebreid:
            m |= term_mask(searcher, masks, "alles", t)
        total = m if total is None else total & m
        if not total:
            return 0
    return total or 0
