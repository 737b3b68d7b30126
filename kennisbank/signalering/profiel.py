"""Tegengestelde normen at article level: two articles whose norms (over all their leden) name the same handeling
or doelgroep while one article pushes and the other holds back.

`tegengesteld.py` compares single norms: both must have the same handeling concept. A person who links two
provisions often sees a collision between norms that the derivation files under different handelingen (the
kostendelersnorm "onderdak bieden" against the Wmo's shelter "zorg gebruiken") but that share a doelgroep
(dak- en thuislozen) or one of several handelingen of a long article. This module builds a profile per
article — the handelingen and doelgroepen of all its norms, and whether any norm pushes (gebod, aanspraak,
prikkel, "stimuleert") or holds back (verbod, sanctie, voorwaarde, "ontmoedigt") — and scores pairs of
articles:

    score = gedeeld x tegen x (1 + verwijzing) x brandhaard

- gedeeld: the sum of the rarity (idf over all articles) of the handelingen shared, plus half that of the
  doelgroepen shared: a shared rare concept says more than a shared common one;
- tegen: 1 when one article pushes where the other holds back, else 0.3;
- verwijzing: 1 when one article's text refers to the other (kb:verwijstNaar), else 0;
- brandhaard: (1 + n_a) x (1 + n_b), where n is the number of knelpunten that already cite the article
  (capped at 3). Collisions gather around a few provisions (the kostendelersnorm, the inlichtingenplicht, the
  afstemmingsbepaling); an article that people already found colliding elsewhere is the first place to look.
  This uses only the knelpunten in the data, never a hidden one (benchmarks/signalering.py hides the
  knelpunt it tests, so its articles count without it).

The explanation names the shared handeling and doelgroep, both norms and, where it applies, the reference and
the number of knelpunten around each article.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from .gegevens import Gegevens
from .normen import Afgeleid
from .signaal import Signaal, naam

#: At most this many article pairs are scored further per shared concept (a concept shared by hundreds of
#: articles says little; its pairs are the weakest and would cost the most).
MAX_PER_BEGRIP = 120
BRANDHAARD_MAX = 3
#: Explanations are written for at most this many best pairs.
MAX_SIGNALEN = 3000
_DUW = ("gebod", "aanspraak", "prikkel")
_REM = ("verbod", "sanctie", "voorwaarde")
_WOORD = {"gebod": "verplicht", "verbod": "verbiedt of sluit uit", "sanctie": "bestraft of kort",
          "aanspraak": "geeft recht op", "prikkel": "beloont", "bevoegdheid": "maakt mogelijk",
          "voorwaarde": "beperkt"}
#: Doelgroepen that name who carries out a law, not whom it is about: no basis for a shared group.
UITVOERDERS = ("gemeenten", "hulpverleners")


def duwt(n: Afgeleid) -> bool:
    return n.richting == "stimuleert" or n.normtype in _DUW


def remt(n: Afgeleid) -> bool:
    return n.richting == "ontmoedigt" or n.normtype in _REM


@dataclass
class Profiel:
    artikel: str
    regeling: str
    normen: list[Afgeleid] = field(default_factory=list)
    handelingen: set[str] = field(default_factory=set)
    doelgroepen: set[str] = field(default_factory=set)


def profielen(g: Gegevens, normen: dict[str, list[Afgeleid]]) -> dict[str, Profiel]:
    out: dict[str, Profiel] = {}
    for unit, lst in normen.items():
        art = g.artikel_van(unit) or unit
        b = g.bepalingen.get(art) or g.bepalingen.get(unit)
        if b is None:
            continue
        p = out.setdefault(art, Profiel(art, b.regeling))
        for n in lst:
            p.normen.append(n)
            if n.handeling:
                p.handelingen.add(n.handeling)
            if n.doelgroep and n.doelgroep.rsplit("/", 1)[-1] not in UITVOERDERS:
                p.doelgroepen.add(n.doelgroep)
    return out


def brandhaarden(g: Gegevens) -> Counter:
    """Per article: how many knelpunten cite it."""
    c: Counter = Counter()
    for kp in g.knelpunten.values():
        for a in {g.artikel_van(x.bepaling) or x.bepaling for x in kp.citeringen}:
            c[a] += 1
    return c


def _verwijzingen(g: Gegevens) -> set[tuple[str, str]]:
    out = set()
    for i, b in g.bepalingen.items():
        x = g.artikel_van(i)
        for d in b.verwijst:
            y = g.artikel_van(d) if d in g.bepalingen else None
            if x and y and x != y:
                out.add((min(x, y), max(x, y)))
    return out


def _kies(pa: Profiel, pb: Profiel, begrip: str, soort: str) -> tuple[Afgeleid, Afgeleid] | None:
    """A norm of each article about `begrip`, one pushing and one holding back if there is such a pair."""
    attr = "handeling" if soort == "h" else "doelgroep"
    na = [n for n in pa.normen if getattr(n, attr) == begrip]
    nb = [n for n in pb.normen if getattr(n, attr) == begrip]
    best = None
    for x in na:
        for y in nb:
            tegen = (duwt(x) and remt(y)) or (remt(x) and duwt(y))
            w = (1.0 if tegen else 0.3) * x.zekerheid * y.zekerheid
            if best is None or w > best[0]:
                best = (w, x, y)
    return (best[1], best[2]) if best else None


def signalen(g: Gegevens, normen: dict[str, list[Afgeleid]], labels: dict[str, str], *,
             met_brandhaard: bool = True) -> list[Signaal]:
    prof = profielen(g, normen)
    if not prof:
        return []
    n_art = len(prof)
    per_begrip: dict[tuple[str, str], list[str]] = defaultdict(list)
    for a, p in prof.items():
        for h in p.handelingen:
            per_begrip[("h", h)].append(a)
        for d in p.doelgroepen:
            per_begrip[("d", d)].append(a)
    haard = brandhaarden(g) if met_brandhaard else Counter()
    verwijst = _verwijzingen(g)
    gedeeld: dict[tuple[str, str], list[tuple[float, str, str]]] = defaultdict(list)
    for (soort, begrip), arts in per_begrip.items():
        idf = math.log(n_art / len(arts)) * (1.0 if soort == "h" else 0.5)
        if idf <= 0:
            continue
        arts = sorted(arts, key=lambda a: (-haard[a], a))[:MAX_PER_BEGRIP]
        for a, b in combinations(sorted(arts), 2):
            gedeeld[(a, b)].append((idf, soort, begrip))
    duw = {a: any(map(duwt, p.normen)) for a, p in prof.items()}
    rem = {a: any(map(remt, p.normen)) for a, p in prof.items()}
    scores = []
    for (a, b), begrippen in gedeeld.items():
        tegen = (duw[a] and rem[b]) or (rem[a] and duw[b])
        ref = (a, b) in verwijst
        score = sum(x[0] for x in begrippen) * (1.0 if tegen else 0.3) * (2.0 if ref else 1.0) * (
            1 + min(haard[a], BRANDHAARD_MAX)) * (1 + min(haard[b], BRANDHAARD_MAX))
        if score > 0:
            scores.append((score, a, b, tegen, ref))
    # only the best pairs get an explanation (bereken keeps at most a few hundred of a kind anyway)
    scores.sort(key=lambda x: (-x[0], x[1], x[2]))
    out = []
    for score, a, b, tegen, ref in scores[:MAX_SIGNALEN]:
        pa, pb = prof[a], prof[b]
        ha, hb = min(haard[a], BRANDHAARD_MAX), min(haard[b], BRANDHAARD_MAX)
        begrippen = gedeeld[(a, b)]
        begrippen.sort(key=lambda x: (-x[0], x[2]))
        idf, soort, begrip = begrippen[0]
        paar = _kies(pa, pb, begrip, soort)
        if paar is None:
            continue
        x, y = paar
        if duwt(y) and remt(x):
            x, y = y, x
        hd = [labels.get(c, "") for _, s, c in begrippen if s == "h"]
        dg = [labels.get(c, "") for _, s, c in begrippen if s == "d"]
        over = []
        if hd:
            over.append("over " + " en ".join(f"'{h.lower()}'" for h in hd[:2]))
        if dg:
            over.append("voor " + " en ".join(d.lower() for d in dg[:2]))
        uitleg = (f"Mogelijk tegengestelde normen {' '.join(over)}: {naam(g, x.bepaling)} "
                  f"{_WOORD.get(x.normtype, x.normtype)} ({x.normtype}, {x.richting}), "
                  + ("terwijl " if tegen else "en ") +
                  f"{naam(g, y.bepaling)} {_WOORD.get(y.normtype, y.normtype)} ({y.normtype}, {y.richting}).")
        if ref:
            uitleg += " De ene tekst verwijst naar de andere."
        if ha or hb:
            delen = [f"{naam(g, a_).split(' lid ')[0]} in {n} {'knelpunt' if n == 1 else 'knelpunten'}"
                     for a_, n in ((a, haard[a]), (b, haard[b])) if n]
            uitleg += " Al bekend als brandhaard: " + " en ".join(delen) + "."
        out.append(Signaal("tegengestelde-normen", [x.bepaling, y.bepaling], round(score, 4), uitleg, {
            "niveau": "artikel", "handeling": next((c for _, s, c in begrippen if s == "h"), None),
            "handelingLabel": hd[0] if hd else "", "doelgroep": next((c for _, s, c in begrippen if s == "d"), None),
            "doelgroepLabel": dg[0] if dg else "", "verwijzing": ref, "tegengesteld": tegen,
            "brandhaard": [haard[a], haard[b]],
            "normen": [_norm_json(x), _norm_json(y)]}))
    return out


def _norm_json(n: Afgeleid) -> dict:
    return {"iri": n.iri, "bepaling": n.bepaling, "normtype": n.normtype, "richting": n.richting,
            "handeling": n.handeling, "doelgroep": n.doelgroep, "zekerheid": n.zekerheid, "afgeleid": n.afgeleid,
            "zin": n.zin}
