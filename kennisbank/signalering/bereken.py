"""A full signalering run: norms for every provision, then the four kinds of signal, ranked by score."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable

import pyoxigraph as ox

from . import drempels, gewijzigd, profiel, samen, tegengesteld
from .begrippen import Begrippenzoeker
from .gegevens import Gegevens, lees
from .normen import Afgeleid, leid_af
from .signaal import Signaal, bepaling_json, naam, tekst_hash

#: The norm-by-norm scoring of tegengestelde normen counts for this much next to the article-level one
#: (profiel.py): in the leave-one-out it found no knelpunt at article level on its own.
PER_NORM = 0.5
#: At most this many signals of one kind are kept (the rest scores lower than anything a person will read).
PER_SOORT = 400

Voortgang = Callable[[str, int, int], None]


def _stil(stap: str, gedaan: int, totaal: int) -> None:
    pass


@dataclass
class Resultaat:
    signalen: list[Signaal]
    normen: dict[str, list[Afgeleid]]
    gegevens: Gegevens
    basis: dict
    info: dict[str, dict]
    seconden: dict[str, float] = field(default_factory=dict)

    def bepalingen(self) -> dict[str, dict]:
        """The provisions the signals name, in the API shape (text valid today, link)."""
        iris = {b for s in self.signalen for b in s.bepalingen}
        return {i: bepaling_json(self.gegevens, i) for i in sorted(iris)}

    def tekst_hashes(self) -> dict[str, str]:
        return {s.id: tekst_hash(self.gegevens, s.bepalingen) for s in self.signalen}


def gekoppelde_artikelen(g: Gegevens) -> list[set[str]]:
    return [{g.artikel_van(c.bepaling) or c.bepaling for c in kp.citeringen} for kp in g.knelpunten.values()]


def info_voor_samen(g: Gegevens, normen: dict[str, list[Afgeleid]]) -> dict[str, dict]:
    """Per provision that some case cites: its article, its law, its name and what its norm is about."""
    refs = {r for gv in g.gevallen.values() for r in gv.bepalingen}
    out = {}
    for r in refs:
        b = g.bepalingen.get(r)
        if b is None:
            continue
        unit = g.lid_of_artikel(r)
        n = (normen.get(unit) or [None])[0]
        out[r] = {"artikel": g.artikel_van(r) or r, "regeling": b.regeling, "naam": naam(g, r),
                  "handeling": n.handeling_label if n else ""}
    return out


def bereken(
    triples_of_gegevens: Iterable[ox.Triple] | Gegevens,
    kb: str,
    *,
    uitgesloten_normen: set[str] = frozenset(),
    voortgang: Voortgang = _stil,
    met_brandhaard: bool = True,
    geheugen: dict | None = None,
) -> Resultaat:
    t0 = time.perf_counter()
    sec: dict[str, float] = {}
    g = triples_of_gegevens if isinstance(triples_of_gegevens, Gegevens) else lees(triples_of_gegevens, kb)
    sec["lezen"] = time.perf_counter() - t0
    voortgang("normen afleiden", 0, 5)
    t = time.perf_counter()
    zoeker = Begrippenzoeker(g, kb)
    normen = leid_af(g, zoeker, uitgesloten_normen, geheugen)
    sec["normen"] = time.perf_counter() - t
    voortgang("tegengestelde normen", 1, 5)
    t = time.perf_counter()
    alle: list[Signaal] = []
    labels = {c.iri: (c.labels[0] if c.labels else c.iri.rsplit("/", 1)[-1]) for c in g.begrippen.values()}
    alle += _beperk(zonder_bekende(g, _per_artikelpaar(
        _geschaald(tegengesteld.signalen(g, normen, zoeker), PER_NORM)
        + _geschaald(profiel.signalen(g, normen, labels, met_brandhaard=met_brandhaard)))))
    sec["tegengesteld"] = time.perf_counter() - t
    voortgang("drempels en overgangen", 2, 5)
    t = time.perf_counter()
    alle += _beperk(zonder_bekende(g, drempels.signalen(g, normen, zoeker)))
    sec["drempels"] = time.perf_counter() - t
    voortgang("samen geciteerd", 3, 5)
    gepubliceerd = [gv for gv in g.gevallen.values() if gv.gepubliceerd]
    basis = samen.basis_uit(g, gepubliceerd)
    info = info_voor_samen(g, normen)
    alle += samen.signalen(basis, info)
    voortgang("gewijzigd sinds", 4, 5)
    alle += gewijzigd.signalen(g)
    alle = zonder_bekende(g, alle)
    alle.sort(key=lambda s: (-s.score, s.id))
    voortgang("klaar", 5, 5)
    sec["totaal"] = time.perf_counter() - t0
    return Resultaat(alle, normen, g, basis, info, sec)


#: Each earlier (better) signal of the same kind that names the same article lowers a signal's score by this
#: factor, so one article with many partners does not fill the top of the list.
HERHALING = 0.75
#: And each earlier signal of the same kind between the same laws (or within the same law) by this factor, so one
#: pair of laws does not fill the top either.
WETTENPAAR = 0.9


def _beperk(lst: list[Signaal]) -> list[Signaal]:
    """The best PER_SOORT of one kind: greedily by score with the repetition factor, then scaled so the best of
    the kind is 1 (the kinds' raw scores are on different scales; the merged ranking gives each kind its say)."""
    rest = sorted(lst, key=lambda s: (-s.score, s.id))[:PER_SOORT * 3]
    artikelen = {s.id: _artikelen(s) for s in rest}
    wetten = {s.id: "|".join(sorted({re.sub(r"/artikel/.*$", "", b) for b in s.bepalingen})) for s in rest}
    gezien: dict[str, int] = {}
    gekozen: list[Signaal] = []
    while rest and len(gekozen) < PER_SOORT:
        def waarde(s: Signaal) -> float:
            n = max((gezien.get(a, 0) for a in artikelen[s.id]), default=0)
            return s.score * HERHALING ** n * WETTENPAAR ** gezien.get(wetten[s.id], 0)
        # the list is sorted by raw score, so the first signal whose value equals its raw score is the best
        best_i, best_w = 0, -1.0
        for j, x in enumerate(rest):
            if x.score <= best_w:
                break
            w = waarde(x)
            if w > best_w:
                best_i, best_w = j, w
        s = rest.pop(best_i)
        s.score = best_w
        for a in artikelen[s.id]:
            gezien[a] = gezien.get(a, 0) + 1
        gezien[wetten[s.id]] = gezien.get(wetten[s.id], 0) + 1
        gekozen.append(s)
    top = max((s.score for s in gekozen), default=1.0) or 1.0
    for s in gekozen:
        s.score = round(min(1.0, s.score / top), 4)
    return sorted(gekozen, key=lambda s: (-s.score, s.id))


def _geschaald(lst: list[Signaal], gewicht: float = 1.0) -> list[Signaal]:
    """Scores divided by the best of the list (two scorings of one kind on one scale), times `gewicht`."""
    top = max((s.score for s in lst), default=1.0) or 1.0
    for s in lst:
        s.score = s.score / top * gewicht
    return lst


def _per_artikelpaar(lst: list[Signaal]) -> list[Signaal]:
    """One signal per pair of articles: the best."""
    best: dict[tuple, Signaal] = {}
    for s in lst:
        k = tuple(sorted(_artikelen(s)))
        if k not in best or (best[k].score, best[k].id) < (s.score, s.id):
            best[k] = s
    return list(best.values())


def _artikelen(s: Signaal) -> set[str]:
    import re

    return {re.sub(r"(/artikel/[^/]+).*$", r"\1", b) for b in s.bepalingen}


def zonder_bekende(g: Gegevens, signalen: list[Signaal]) -> list[Signaal]:
    """Drop signals whose provisions one existing knelpunt already links (not 'gewijzigd sinds', which is
    about a knelpunt)."""
    groepen = gekoppelde_artikelen(g)
    out = []
    for s in signalen:
        if s.soort != "gewijzigd-sinds":
            arts = {g.artikel_van(b) or b for b in s.bepalingen}
            if len(arts) >= 2 and any(arts <= kp for kp in groepen):
                continue
        out.append(s)
    return out


__all__ = ["bereken", "Resultaat"]
