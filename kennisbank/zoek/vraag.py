"""From what a user typed to an engine query, without a query language.

User text is never handed to a query parser: `"…"` marks a phrase (which must occur), a trailing `*` a prefix,
`AND` between two words makes both required, `OR`/`NOT` are ignored, every other character only separates words.
Each remaining word (or a run of words that is a known name, such as "Wet werk en bijstand") becomes one unit.
Not every unit is required: a document matching more units, and rarer ones, scores higher (BM25 per field,
with weights per field), and units close together in the text add a bonus.

A unit matches its own term in any text field, or:
- any synonym from the graph (Pw = Participatiewet = bijstand; tienermoeder = minderjarige moeder): documents
  carry the IRIs of the things they name in the field `begrip`, so a name is one term lookup;
  a synonym that contains another word of the query is left out (that word counts once, for its own unit);
- the parts of a compound, all of them (`kostendelers` -> kosten + delers);
- for a word of 5 letters or more that no document has: the known words one edit away (`kostendelersnrom`).

`Onderdeel` is the engine-neutral form; `tantivy_query` translates it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import tantivy

from .analyse import STOPWOORDEN, Woordenschat, fold, lemma, stam, termen, woorden

_QUOTED = re.compile(r'"([^"]*)"?')
_OPERATORS = re.compile(r"(?<!\w)(?:OR|NOT)(?!\w)")
_AND = re.compile(r"(?<!\w)AND(?!\w)")
MAX_UNITS = 24
PREFIX_MAX_TERMS = 30
TYPO_MIN = 5  # words of this many letters or more tolerate one edit
#: A term this long also matches as the first part of a longer word: kostendelers -> kostendelersnorm.
COMPOUND_PREFIX_MIN = 8
COMPOUND_MAX_TERMS = 10

Q = tantivy.Query
O = tantivy.Occur

#: Weights (multiplied with BM25F of a word, see index.GEWOGEN, or with BM25 of a phrase per field, see
#: index.TEKSTVELDEN).
WOORD_BOOST = 3.0
#: A word in the title also counts on its own, with the rarity of the word among titles: a word that is in many
#: texts but in few titles still tells which documents are about it.
TITEL_BOOST = 1.0
NUMBER_BOOST = 8.0
SYNONYM_BOOST = 0.8
ANDERE_NAAM_BOOST = 0.5  # another name of what the user typed (a synonym), against the typed words themselves
#: ... unless the kennisbank hardly uses the typed word itself (an everyday word such as "huisuitzetting" for
#: "ontruiming"): in at most this many documents (or one in a thousand), the other names count fully.
EIGEN_WOORD_ZELDZAAM = 5
COMPOUND_BOOST = 0.6
TYPO_BOOST = 0.7
PREFIX_BOOST = 0.8
#: Two query words within a few positions of each other in the text or title.
PROXIMITY_BOOST = 0.6
PROXIMITY_SLOP = 3
PROXIMITY_PAIRS = 4  # neighbouring pairs of a long query that get the bonus (each is a phrase query)
PROXIMITY_MAX_SHARE = 0.1
#: Legal references in the query: the article itself, then what cites it.
ARTIKEL_BOOST = 1000.0
CITEERT_BOOST = 60.0


@dataclass
class Onderdeel:
    """One unit of a query: any of `alternatieven` (each a sequence of terms) may occur."""

    alternatieven: list[tuple[str, ...]]
    eigen: tuple[str, ...] = ()  # what the user typed, when it is a known name
    begrippen: list[str] = field(default_factory=list)  # keys of the things that name stands for
    prefix: bool = False  # the user wrote `woord*`
    frase: bool = False  # the user quoted it: it must occur
    verplicht: bool = False  # joined with AND
    woord: str = ""  # the folded word as typed (single words)
    delen: tuple[str, ...] = ()  # terms of the parts of a compound
    uitgebreid: list[str] = field(default_factory=list)  # prefix expansions (filled per index)
    langer: list[str] = field(default_factory=list)  # compounds that start with the word (filled per index)
    varianten: list[str] = field(default_factory=list)  # typo corrections: known words one edit away
    correcties: list[str] = field(default_factory=list)  # the words behind `varianten`
    andere_naam_gewicht: float = ANDERE_NAAM_BOOST  # weight of the other names of a known name (filled per index)


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


def ontleed(text: str, synoniemen: Synoniemen | None = None,
            woordenschat: Woordenschat | None = None) -> list[Onderdeel]:
    """The units of a user query (empty when only stop words or punctuation were typed)."""
    units: list[Onderdeel] = []
    pos = 0
    for m in _QUOTED.finditer(text):
        units.extend(_loose(text[pos:m.start()], synoniemen, woordenschat))
        phrase = tuple(termen(m.group(1)))
        if phrase:
            units.append(Onderdeel([phrase], frase=True))
        pos = m.end()
    units.extend(_loose(text[pos:], synoniemen, woordenschat))
    seen, out = set(), []
    for u in units:  # the same word twice counts once
        key = (tuple(u.alternatieven), u.frase, u.prefix)
        if key not in seen:
            seen.add(key)
            out.append(u)
    out = out[:MAX_UNITS]
    _eigen_woorden_eenmaal(out)
    return out


def _eigen_woorden_eenmaal(units: list[Onderdeel]) -> None:
    """A word the user typed counts once: a synonym of one unit that contains a word of another unit is dropped.

    "kost bijstand": "kost" names the concept "kosten vergoeden", whose names include "bijzondere bijstand";
    without this, a document saying "bijzondere bijstand" would score for "kost" and again for "bijstand".
    The concept's key (field `begrip`) stands for all its names, the overlapping one included, so it is
    dropped too; the unit keeps its own word and its other names."""
    own = [set(u.eigen or u.alternatieven[0]) for u in units]
    for i, u in enumerate(units):
        if not u.begrippen:
            continue
        others = set().union(*(own[:i] + own[i + 1:]))
        keep = [a for a in u.alternatieven if not set(a) & others]
        if len(keep) < len(u.alternatieven):
            u.alternatieven = keep or [u.eigen]
            u.begrippen = []


def _loose(text: str, synoniemen: Synoniemen | None, woordenschat: Woordenschat | None) -> list[Onderdeel]:
    text = _OPERATORS.sub(" ", text)
    words, prefixed, joined = [], [], []
    and_at = {m.start() for m in _AND.finditer(text)}
    pending_and = False
    for w, b, e in woorden(text):
        if b in and_at:
            pending_and = True
            continue
        if w in STOPWOORDEN:
            continue
        words.append(w)
        prefixed.append(text[e:e + 1] == "*")
        joined.append(pending_and)
        pending_and = False
    terms = [stam(w) for w in words]
    units: list[Onderdeel] = []
    i = 0
    while i < len(terms):
        hit = synoniemen.lookup(terms, i) if synoniemen else None
        if hit and not (hit[0] == 1 and prefixed[i]):
            n, keys = hit
            alts = set().union(*(synoniemen.alternatieven[k] for k in keys))
            unit = Onderdeel(sorted(alts, key=lambda a: (len(a), a)), eigen=tuple(terms[i:i + n]),
                             begrippen=sorted(keys), woord=" ".join(words[i:i + n]))
        else:
            n = 1
            t = terms[i]
            delen: tuple[str, ...] = ()
            if woordenschat is not None and not prefixed[i]:
                delen = tuple(dict.fromkeys(stam(p) for p in woordenschat.delen(lemma(words[i]))))
            unit = Onderdeel([(t,)], prefix=prefixed[i], woord=words[i], delen=delen if len(delen) > 1 else ())
        if joined[i]:
            unit.verplicht = True
            if units:
                units[-1].verplicht = True
        units.append(unit)
        i += n
    return units


def expandeer(units: list[Onderdeel], searcher, woorden_df: dict[str, int]) -> None:
    """Fill in the terms a prefix stands for, and the known words one edit away from an unknown word."""
    for u in units:
        if u.begrippen and u.eigen:
            u.andere_naam_gewicht = _andere_naam_gewicht(searcher, u)
        if u.prefix:
            stem = u.alternatieven[0][0]
            found: list[str] = []
            for veld in ("titel", "tekst", "namen"):
                for term, _df in searcher.terms_with_prefix(veld, stem, limit=PREFIX_MAX_TERMS):
                    if term != stem and term not in found:
                        found.append(term)
            u.uitgebreid = found[:PREFIX_MAX_TERMS]
            continue
        if (not u.begrippen and not u.frase and len(u.alternatieven[0]) == 1
                and len(u.alternatieven[0][0]) >= COMPOUND_PREFIX_MIN and u.alternatieven[0][0].isalpha()):
            stem = u.alternatieven[0][0]
            longer: list[str] = []
            for veld in ("titel", "tekst", "namen"):
                for term, _df in searcher.terms_with_prefix(veld, stem, limit=PREFIX_MAX_TERMS):
                    if len(term) >= len(stem) + 4 and term not in longer:  # a compound, not an ending
                        longer.append(term)
            u.langer = longer[:COMPOUND_MAX_TERMS]
        if (not u.begrippen and not u.frase and len(u.woord) >= TYPO_MIN and u.woord.isalpha()
              and u.woord not in woorden_df and not _known(searcher, u.alternatieven[0][0])):
            close = [w for w in bewerkingen(u.woord) if w in woorden_df]
            close.sort(key=lambda w: (-woorden_df[w], w))
            u.correcties = close[:3]
            u.varianten = list(dict.fromkeys(stam(w) for w in u.correcties))


def _andere_naam_gewicht(searcher, u: Onderdeel) -> float:
    """ANDERE_NAAM_BOOST, or 1.0 when the kennisbank hardly uses the typed name itself."""
    from .index import GEWOGEN

    def df(alt: tuple[str, ...]) -> int:
        return min(searcher.doc_freq(GEWOGEN, t) for t in alt)

    return 1.0 if df(u.eigen) <= max(EIGEN_WOORD_ZELDZAAM, searcher.num_docs // 1000) else ANDERE_NAAM_BOOST


def _known(searcher, term: str) -> bool:
    from .index import GEWOGEN

    return bool(searcher.doc_freq(GEWOGEN, term))


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def bewerkingen(word: str) -> set[str]:
    """Every string one edit (delete, swap of neighbours, replace, insert) away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    out |= {a + c + b for a, b in splits for c in _LETTERS}
    out.discard(word)
    return out


def highlight_terms(units: list[Onderdeel]) -> set[str]:
    """Terms to mark in a snippet. Of a synonym only the one-word forms: marking each word of
    "Wet werk en bijstand" would also mark "wet" in "Wet langdurige zorg"."""
    out: set[str] = set()
    for u in units:
        for alt in u.alternatieven:
            if not u.begrippen or len(alt) == 1:
                out.update(alt)
        if len(u.eigen) == 1:
            out.update(u.eigen)
        out.update(u.uitgebreid)
        out.update(u.langer)
        out.update(u.varianten)
        out.update(u.delen)
    return out


# --- tantivy -----------------------------------------------------------------------------------------------
def _over_velden(schema, velden: dict[str, float], term: str):
    """One word: BM25F over the weighted text fields (one posting list, see index.GEWOGEN), the parts of
    compounds and, for a number, the article number."""
    from .index import DELEN, DELEN_GEWICHT, GEWOGEN

    qs = [Q.boost_query(Q.term_query(schema, GEWOGEN, term), WOORD_BOOST),
          Q.boost_query(Q.term_query(schema, "titel", term), TITEL_BOOST),
          Q.boost_query(Q.term_query(schema, DELEN, term), DELEN_GEWICHT)]
    if any(c.isdigit() for c in term):
        qs.append(Q.boost_query(Q.term_query(schema, "nummer", term), NUMBER_BOOST))
    return Q.boolean_query([(O.Should, q) for q in qs])


def _frase(schema, velden: dict[str, float], terms: tuple[str, ...], slop: int = 0):
    qs = [Q.boost_query(Q.phrase_query(schema, veld, list(terms), slop), w) for veld, w in velden.items()]
    return Q.boolean_query([(O.Should, q) for q in qs])


def _alternatief(schema, velden, alt: tuple[str, ...]):
    return _over_velden(schema, velden, alt[0]) if len(alt) == 1 else _frase(schema, velden, alt)


def unit_query(schema, velden: dict[str, float], u: Onderdeel):
    """One unit: the best of its alternatives (a synonym does not count twice)."""
    if u.frase:
        return _alternatief(schema, velden, u.alternatieven[0])
    alts = []
    if u.begrippen:
        alts += [Q.boost_query(Q.term_query(schema, "begrip", k), SYNONYM_BOOST) for k in u.begrippen]
        # the words the user typed count fully, the other names of the same thing less: "boetes" also finds
        # "maatregel", but a text about boetes comes first
        alts += [_alternatief(schema, velden, a) if a == u.eigen or u.andere_naam_gewicht == 1.0
                 else Q.boost_query(_alternatief(schema, velden, a), u.andere_naam_gewicht) for a in u.alternatieven]
    else:
        alts += [_alternatief(schema, velden, a) for a in u.alternatieven]
    if u.delen:
        parts = [(O.Must, _over_velden(schema, velden, p)) for p in u.delen]
        alts.append(Q.boost_query(Q.boolean_query(parts), COMPOUND_BOOST / len(u.delen)))
    alts += [Q.boost_query(_over_velden(schema, velden, t), PREFIX_BOOST) for t in u.uitgebreid]
    alts += [Q.boost_query(_over_velden(schema, velden, t), COMPOUND_BOOST) for t in u.langer]
    alts += [Q.boost_query(_over_velden(schema, velden, t), TYPO_BOOST) for t in u.varianten]
    return alts[0] if len(alts) == 1 else Q.disjunction_max_query(alts, 0.1)


def tantivy_query(schema, velden: dict[str, float], units: list[Onderdeel], artikelen: list[str] = (),
                  searcher=None):
    """The whole query: units as SHOULD (phrases and AND-joined words as MUST), a proximity bonus for
    neighbouring words, and legal references (the article, then what cites it).

    The proximity bonus is a phrase query with slop per pair of neighbouring words. Its cost follows the rarer
    word of the pair: pairs of two very common words (both in more than PROXIMITY_MAX_SHARE of the documents)
    get no bonus; closeness says little about them and it would cost most of the time budget."""
    clauses = []
    for u in units:
        clauses.append((O.Must if (u.frase or u.verplicht) else O.Should, unit_query(schema, velden, u)))
    singles = [u for u in units if not u.frase and not u.begrippen and len(u.alternatieven[0]) == 1]
    n = searcher.num_docs if searcher is not None else 0
    pairs = 0
    for a, b in zip(singles, singles[1:]):
        pair = [a.alternatieven[0][0], b.alternatieven[0][0]]
        if pairs >= PROXIMITY_PAIRS:
            break
        if n and min(searcher.doc_freq("tekst", t) for t in pair) > PROXIMITY_MAX_SHARE * n:
            continue
        pairs += 1
        clauses.append((O.Should, Q.boost_query(Q.phrase_query(schema, "tekst", pair, PROXIMITY_SLOP),
                                                PROXIMITY_BOOST)))
    for art in artikelen:
        clauses.append((O.Should, Q.boost_query(Q.term_query(schema, "iri", art), ARTIKEL_BOOST)))
        clauses.append((O.Should, Q.boost_query(Q.term_query(schema, "citeert", art), CITEERT_BOOST)))
    if not clauses:
        return Q.empty_query()
    return Q.boolean_query(clauses)


def correctie(text: str, units: list[Onderdeel], woorden_df: dict[str, int]) -> str | None:
    """'Bedoelde u …?': the query with each unknown word replaced by the most frequent known word at most two
    edits away (None when there is nothing to correct)."""
    changed = False
    out = text
    for u in units:
        w = u.woord
        if not w or " " in w or not w.isalpha() or w in woorden_df or len(w) < 4:
            continue
        best = u.correcties[0] if u.correcties else _tweede_graad(w, woorden_df)
        if best:
            out = re.sub(rf"(?i)(?<!\w){re.escape(w)}(?!\w)", best, fold(out), count=1)
            changed = True
    return out if changed else None


def _tweede_graad(word: str, woorden_df: dict[str, int]) -> str | None:
    from rapidfuzz.distance import Levenshtein
    from rapidfuzz import process

    hits = process.extract(word, list(woorden_df), scorer=Levenshtein.distance, score_cutoff=2, limit=10)
    if not hits:
        return None
    hits.sort(key=lambda h: (h[1], -woorden_df[h[0]], h[0]))
    return hits[0][0]
