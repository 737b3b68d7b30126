"""Dutch text analysis for the search index: words, lower case, accents folded, stop words out, stems.

The same chain runs at index time and at query time, so an inflected query word meets the inflected words
of the documents on a common stem: `boetes`/`boete`, `uitkeringen`/`uitkering`, `gemeenten`/`gemeente`,
`jongeren`/`jongere`. Structural numbers stay whole and unstemmed: `22a`, `8:69`, `2.3.5`, `1a.1`.

`termen(text)` gives the terms of a text without the engine (used for synonyms and tests).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.support.charset import accent_map

#: A structural number with its dots and colons (`8:69`, `2.3.5`, `1a.1`), else a run of word characters.
#: Hyphens and slashes split words: `vier-wekentermijn` is `vier` + `wekentermijn`.
TOKEN_PATTERN = r"\d+[^\W_]*(?:[.:]\d+[^\W_]*)+|[^\W_]+"

_DIGIT = re.compile(r"\d")


def fold(text: str) -> str:
    """Lower case without accents: `Geüniformeerde` -> `geuniformeerde`."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


STOPWOORDEN = frozenset(fold(w) for w in stopwords_for_language("nl"))

_snowball = stemmer_for_language("nl")


@lru_cache(maxsize=100_000)
def stam(word: str) -> str:
    """The stem of one folded, lower-case word; numbers and codes are returned unchanged.

    Dutch Snowball leaves the plural `-s` of words in `-e` (`boetes`, `premies`); drop it first, so the plural
    meets the singular (`boete` -> `boet`).
    """
    if _DIGIT.search(word):
        return word
    if len(word) >= 5 and word.endswith("es"):
        word = word[:-1]
    return _snowball(word)


class DutchStemFilter(Filter):
    """Snowball (Dutch) stemming that leaves structural numbers alone."""

    is_morph = True

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__

    def __hash__(self):
        return hash(self.__class__.__name__)

    def __call__(self, tokens):
        for t in tokens:
            if not t.stopped:
                t.text = stam(t.text)
            yield t


def analyzer():
    """The analysis chain of every full-text field."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=STOPWOORDEN, minsize=1)
        | DutchStemFilter()
    )


_ANALYZER = analyzer()


def termen(text: str) -> list[str]:
    """The index terms of `text`, in order (stop words dropped)."""
    return [t.text for t in _ANALYZER(text or "")]
