"""Doelgroep and handeling in a sentence, through the SKOS labels (prefLabel and every altLabel).

Words are compared on their Dutch Snowball stems, with the search index's own analysis
(`kennisbank.zoek.analyse.termen`: lower case, accents folded, stop words out, stems), so "jongeren" meets
"jongere" and "boetes" meets "boete". A one-word label of five letters or more also matches the start of a
compound ("arbeid" in "arbeidsinschakeling"). A label of several words matches when all its words occur in the
sentence. New labels in the schemes are used without code changes.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from ..zoek.analyse import termen
from .gegevens import Gegevens


@dataclass(frozen=True)
class Treffer:
    begrip: str  # concept IRI
    label: str  # the label that matched
    zekerheid: float


@lru_cache(maxsize=4096)
def _woorden(tekst: str) -> tuple[frozenset[str], tuple[str, ...]]:
    t = termen(tekst)
    return frozenset(t), tuple(sorted(set(t)))


def _samenstelling(gesorteerd: tuple[str, ...], w: str) -> bool:
    """A word that starts with `w` and is at least three letters longer (a compound: arbeid|sinschakeling)."""
    i = bisect_left(gesorteerd, w)
    while i < len(gesorteerd) and gesorteerd[i].startswith(w):
        if len(gesorteerd[i]) > len(w) + 2:
            return True
        i += 1
    return False


class Begrippenzoeker:
    def __init__(self, gegevens: Gegevens, base: str):
        self.labels: dict[str, list[tuple[str, tuple[str, ...], bool]]] = {"handeling": [], "doelgroep": []}
        self.breder: dict[str, set[str]] = {}
        for c in gegevens.begrippen.values():
            soort = c.schema.rsplit("/", 1)[-1]
            kind = {"handelingen": "handeling", "doelgroepen": "doelgroep"}.get(soort)
            if kind is None:
                continue
            self.breder[c.iri] = set(c.breder)
            for i, label in enumerate(c.labels):
                t = tuple(termen(label))
                if t:
                    self.labels[kind].append((c.iri, t, i == 0))

    def zoek(self, kind: str, tekst: str) -> list[Treffer]:
        """Concepts of `kind` (handeling, doelgroep) whose labels occur in `tekst`, best first."""
        ws, gesorteerd = _woorden(tekst)
        if not ws:
            return []
        best: dict[str, Treffer] = {}
        for iri, t, pref in self.labels[kind]:
            if len(t) == 1:
                w = t[0]
                if w in ws:
                    z = 0.8
                elif len(w) >= 5 and _samenstelling(gesorteerd, w):
                    z = 0.6
                else:
                    continue
            elif all(w in ws for w in t):
                z = 0.9
            else:
                continue
            z = min(1.0, z + (0.05 if pref else 0.0) + 0.02 * (len(t) - 1))
            label = " ".join(t)
            if iri not in best or best[iri].zekerheid < z:
                best[iri] = Treffer(iri, label, z)
        # a narrower concept that matched makes its broader concepts redundant
        found = set(best)
        for iri in list(best):
            for b in self.voorouders(iri):
                if b in best and iri in best and b != iri and best[b].zekerheid <= best[iri].zekerheid:
                    best.pop(b, None)
        return sorted(best.values(), key=lambda x: -x.zekerheid)

    def voorouders(self, iri: str) -> set[str]:
        out, todo = set(), [iri]
        while todo:
            x = todo.pop()
            for b in self.breder.get(x, ()):
                if b not in out:
                    out.add(b)
                    todo.append(b)
        return out

    def overlappen(self, a: str | None, b: str | None) -> bool:
        """Two doelgroepen overlap when they are the same or one is broader than the other."""
        if not a or not b:
            return False
        return a == b or a in self.voorouders(b) or b in self.voorouders(a)
