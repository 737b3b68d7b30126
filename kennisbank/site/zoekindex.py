"""The static search index for the site opened from disk: simple Dutch-normalised tokens.

The same rules live in `site/static/zoeken.js` (function `stam`): lower case, accents removed, split on
anything that is not a letter or digit, then a common plural or inflection ending stripped (`-es`, `-en`, `-s`,
`-e`) and a doubled final consonant undone, so `boetes`, `boeten` and `boete` all become `boet`.
"""

from __future__ import annotations

import re
import unicodedata

_WOORD = re.compile(r"[0-9a-z]+")
STOP = frozenset("de het een en van in op te voor met is aan die dat niet of als bij zijn door om ook er maar "
                 "naar dan wordt worden uit tot over nog kan geen wel hun deze dit zij hij ze".split())
KLINKERS = set("aeiouy")


def fold(tekst: str) -> str:
    d = unicodedata.normalize("NFKD", tekst.lower())
    return "".join(c for c in d if not unicodedata.combining(c))


def stam(w: str) -> str:
    if any(c.isdigit() for c in w):
        return w
    if len(w) >= 5 and (w.endswith("es") or w.endswith("en")):
        w = w[:-2]
    elif len(w) >= 4 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    elif len(w) >= 4 and w.endswith("e"):
        w = w[:-1]
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in KLINKERS:
        w = w[:-1]
    return w


def termen(tekst: str) -> list[str]:
    return [stam(w) for w in _WOORD.findall(fold(tekst)) if w not in STOP and len(w) > 1]


def bouw(documenten: list[tuple[str, str, str, str]]) -> dict:
    """documenten: (titel, site path, soort, text). Returns {"docs": [[titel, pad, soort]], "index": {term: [i…]}};
    a document whose title holds the term is listed with a negative index (-i-1), so it can rank first."""
    docs, index = [], {}
    for i, (titel, pad, soort, tekst) in enumerate(documenten):
        docs.append([titel, pad, soort])
        in_titel = set(termen(titel))
        for t in set(termen(titel + " " + tekst)):
            index.setdefault(t, []).append(-i - 1 if t in in_titel else i)
    return {"docs": docs, "index": index}
