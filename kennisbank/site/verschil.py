"""Word-level differences between two versions of a law text, as HTML with <del> and <ins>.

Python's difflib (standard library, maintained with CPython) on word tokens: a SequenceMatcher over words and
the spaces and punctuation between them, so a changed amount or a changed word shows as exactly that.
"""

from __future__ import annotations

import difflib
import re
from html import escape

from markupsafe import Markup

# a number with its separators (€ 683,75) and a hyphenated word are one token each
_TOKEN = re.compile(r"\n|[^\S\n]+|\d+(?:[.,]\d+)*|\w+(?:[-'’]\w+)*|[^\w\s]", re.UNICODE)


def woorden(tekst: str) -> list[str]:
    return _TOKEN.findall(tekst or "")


def _html(tokens: list[str]) -> str:
    return "".join("<br>" if t == "\n" else escape(t) for t in tokens)


def _ingekort(tokens: list[str], context: int | None, begin: bool, eind: bool) -> str:
    """An unchanged stretch; with `context`, only that many tokens next to a change are kept and the rest is an
    ellipsis, so a long article shows what changed without repeating all of its text."""
    if context is None or len(tokens) <= 2 * context + 1:
        return _html(tokens)
    voor = [] if begin else tokens[:context]
    na = [] if eind else tokens[-context:]
    return _html(voor) + '<span class="weggelaten"> … </span>' + _html(na)


def verschil(oud: str | None, nieuw: str | None, context: int | None = None) -> dict:
    """{"html": Markup with <del>/<ins>, "gewijzigd": bool, "weg": n words, "erbij": n words}. With `context`
    (a number of tokens), long unchanged stretches are shortened to that much text on each side of a change."""
    a, b = woorden(oud or ""), woorden(nieuw or "")
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    delen, weg, erbij = [], 0, 0
    codes = sm.get_opcodes()
    for n, (op, i1, i2, j1, j2) in enumerate(codes):
        if op == "equal":
            delen.append(_ingekort(a[i1:i2], context, n == 0, n == len(codes) - 1))
            continue
        if op in ("delete", "replace"):
            delen.append(f"<del>{_html(a[i1:i2])}</del>")
            weg += sum(1 for t in a[i1:i2] if t.strip())
        if op in ("insert", "replace"):
            delen.append(f"<ins>{_html(b[j1:j2])}</ins>")
            erbij += sum(1 for t in b[j1:j2] if t.strip())
    return {"html": Markup("".join(delen)), "gewijzigd": bool(weg or erbij), "weg": weg, "erbij": erbij}
