"""Dutch text analysis for the search index: words, lower case, accents folded, stop words out, lemmas, stems,
and the parts of compounds.

The same chain runs at index time and at query time, so an inflected query word meets the inflected words of
the documents on a common term:

1. `fold`: lower case without diacritics (`geüniformeerde` -> `geuniformeerde`);
2. the lemma from `simplemma` (its Dutch dictionary ships with the package): `briefadressen` -> `briefadres`,
   `huizen` -> `huis`, `kinderen` -> `kind`, `kindje` -> `kind`, `betaalde` -> `betalen`;
3. the classic Snowball Dutch stemmer (`PyStemmer`, algorithm `dutch_porter`) on the lemma, so what the
   dictionary does not know still loses its endings (`uitkeringen`/`uitkering` -> `uitker`). The newer Snowball
   "dutch" algorithm strips `ge-`/`be-` (`gezin` -> `zin`, `begeleiding` -> `beleid`) and is not used.

Exceptions are data: `data/uitzonderingen.tsv` (word, term). Structural numbers stay whole and unstemmed:
`22a`, `8:69`, `2.3.5`, `1a.1`.

Compounds (`kostendelersnorm`, `schuldhulpverlening`, `bijstandsuitkeringen`) are split against a
vocabulary: the words of simplemma's Dutch dictionary plus the words of the indexed documents (`Woordenschat`).
Their parts are indexed too (field `delen`), so `norm voor kostendelers` and `kostendelersnorm` meet.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

import simplemma
import Stemmer

#: A structural number with its dots and colons (`8:69`, `2.3.5`, `1a.1`), else a run of word characters.
#: Hyphens and slashes split words: `vier-wekentermijn` is `vier` + `wekentermijn`.
TOKEN_PATTERN = r"\d+[^\W_]*(?:[.:]\d+[^\W_]*)+|[^\W_]+"
_TOKEN = re.compile(TOKEN_PATTERN)
_DIGIT = re.compile(r"\d")
DATA = Path(__file__).resolve().parent / "data"

#: Compounds are split from this length on, into parts of at least PART_MIN letters.
COMPOUND_MIN = 10
PART_MIN = 4
#: Linking sounds between the parts of a compound: bijstand-s-uitkering, ziekte-n-kosten.
_LINKS = ("", "s", "en", "e", "n")


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower case without accents: `Geüniformeerde` -> `geuniformeerde`."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.lower()))


def _lines(name: str) -> list[str]:
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


STOPWOORDEN = frozenset(fold(w) for w in _lines("stopwoorden.txt"))
#: word -> the term it must get (where the lemmatiser or stemmer goes wrong); a term may be a word too.
UITZONDERINGEN = {fold(a): fold(b) for a, b in (line.split("\t", 1) for line in _lines("uitzonderingen.tsv"))}

_stemmer = Stemmer.Stemmer("dutch_porter")
_stem_lock = threading.Lock()  # a PyStemmer object is not thread-safe


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The dictionary form of one folded, lower-case word (the word itself when unknown)."""
    if _DIGIT.search(word):
        return word
    out = fold(simplemma.lemmatize(word, lang="nl"))
    return out if out.isalpha() else word


@lru_cache(maxsize=200_000)
def stam(word: str) -> str:
    """The term of one folded, lower-case word; numbers and codes are returned unchanged."""
    if _DIGIT.search(word):
        return word
    vast = UITZONDERINGEN.get(word)
    if vast is not None:
        return vast
    with _stem_lock:
        return _stemmer.stemWord(lemma(word))


# --- compounds -----------------------------------------------------------------------------------------------
_dictionary = None
_dictionary_lock = threading.Lock()


def _woordenboek():
    """simplemma's Dutch dictionary (word forms as UTF-8 bytes -> lemma), loaded once; the lemmatiser uses
    the same one, so this costs nothing extra."""
    global _dictionary
    if _dictionary is None:
        with _dictionary_lock:
            if _dictionary is None:
                from simplemma.strategies.dictionaries import DefaultDictionaryFactory

                raw = DefaultDictionaryFactory().get_dictionary("nl")
                _dictionary = getattr(raw, "_dict", raw)
    return _dictionary


def _in_woordenboek(word: str) -> bool:
    d = _woordenboek()
    try:
        return word.encode("utf-8") in d
    except TypeError:  # a dictionary keyed on str
        return word in d


class Woordenschat:
    """Known words for splitting compounds: the dictionary plus the words of the documents."""

    def __init__(self, extra=()):
        self.extra = {w for w in extra if len(w) >= PART_MIN}
        self._cache: dict[str, tuple[str, ...]] = {}
        self._info: dict[str, tuple[str, str | None, tuple[str, ...]]] = {}

    def add(self, words) -> None:
        for w in words:
            if len(w) >= PART_MIN and w not in self.extra:
                self.extra.add(w)
                self._cache.clear()
                self._info.clear()

    def info(self, raw: str) -> tuple[str, str | None, tuple[str, ...]]:
        """(folded word, term or None for a stop word, terms of its compound parts) of a word as written;
        cached, so the analysis of a long text is mostly dictionary look-ups."""
        out = self._info.get(raw)
        if out is None:
            w = fold(raw)
            if w in STOPWOORDEN:
                out = (w, None, ())
            else:
                term = stam(w)
                parts = tuple(p for p in dict.fromkeys(stam(x) for x in self.delen(lemma(w))) if p != term)
                out = (w, term, parts)
            if len(self._info) > 500_000:
                self._info.clear()
            self._info[raw] = out
        return out

    def __contains__(self, word: str) -> bool:
        return word in self.extra or _in_woordenboek(word)

    def delen(self, word: str) -> tuple[str, ...]:
        """The parts of a compound (folded words, not yet stemmed), or () when it is not one. Pass the lemma:
        an inflected form of a short word (`bijzondere`) is no compound."""
        out = self._cache.get(word)
        if out is None:
            out = tuple(self._split(word, 0) or ()) if len(word) >= COMPOUND_MIN and word.isalpha() else ()
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[word] = out
        return out

    def _split(self, word: str, depth: int) -> list[str] | None:
        """Head + tail, the head as long as possible, the tail a word or a compound itself."""
        if depth > 3 or len(word) < 2 * PART_MIN:
            return None
        for i in range(len(word) - PART_MIN, PART_MIN - 1, -1):
            head, rest = word[:i], word[i:]
            if head not in self:
                continue
            for link in _LINKS:
                if not rest.startswith(link):
                    continue
                tail = rest[len(link):]
                if len(tail) < PART_MIN:
                    continue
                if tail in self:
                    return [head, tail]
                sub = self._split(tail, depth + 1)
                if sub:
                    return [head, *sub]
        return None


GEEN_WOORDENSCHAT = Woordenschat()


# --- the chain ---------------------------------------------------------------------------------------------
def woorden(text: str) -> list[tuple[str, int, int]]:
    """(folded word, start, end) of every word of `text`, stop words included."""
    return [(fold(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text or "")]


def analyseer(text: str, woordenschat: Woordenschat | None = None) -> list[tuple[str, int, int, int]]:
    """(term, position, start, end) of `text`: stop words out (positions keep counting), the parts of a
    compound at the compound's position."""
    info = (woordenschat or GEEN_WOORDENSCHAT).info
    out = []
    pos = 0
    for m in _TOKEN.finditer(text or ""):
        _w, term, parts = info(m.group())
        if term is not None:
            b, e = m.span()
            out.append((term, pos, b, e))
            for p in parts:
                out.append((p, pos, b, e))
        pos += 1
    return out


def index_termen(text: str, woordenschat: Woordenschat | None = None) -> tuple[list[str], list[str]]:
    """(the terms of `text` in order, the terms of the parts of its compounds): what the index keeps."""
    info = (woordenschat or GEEN_WOORDENSCHAT).info
    terms: list[str] = []
    parts: list[str] = []
    for raw in _TOKEN.findall(text or ""):
        _w, term, p = info(raw)
        if term is not None:
            terms.append(term)
            if p:
                parts.extend(p)
    return terms, parts


def termen(text: str) -> list[str]:
    """The terms of `text`, in order (stop words dropped, compounds not split)."""
    return [stam(w) for w, _, _ in woorden(text) if w not in STOPWOORDEN]
