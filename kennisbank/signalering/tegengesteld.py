"""Tegengestelde normen: two provisions push the same handeling in opposite directions for overlapping
doelgroepen (usually in different laws)."""

from __future__ import annotations

import math
from collections import defaultdict

from .begrippen import Begrippenzoeker
from .gegevens import Gegevens
from .normen import Afgeleid
from .signaal import Signaal, naam

_TEGEN = {("gebod", "verbod"), ("aanspraak", "verbod"), ("aanspraak", "sanctie"), ("gebod", "sanctie"),
          ("prikkel", "sanctie"), ("aanspraak", "voorwaarde")}
_WOORD = {"gebod": "verplicht", "verbod": "verbiedt of sluit uit", "sanctie": "bestraft of kort",
          "aanspraak": "geeft recht op", "prikkel": "beloont", "bevoegdheid": "maakt mogelijk",
          "voorwaarde": "beperkt"}


def _tegengesteld(a: Afgeleid, b: Afgeleid) -> bool:
    if {a.richting, b.richting} == {"stimuleert", "ontmoedigt"}:
        return True
    return (a.normtype, b.normtype) in _TEGEN or (b.normtype, a.normtype) in _TEGEN


def _vaag(doelgroep: str | None) -> bool:
    return doelgroep is None or doelgroep.rsplit("/", 1)[-1] in ("gemeenten", "hulpverleners")


def _leeftijd_overlap(a: Afgeleid, b: Afgeleid) -> bool:
    def rng(n: Afgeleid):
        lo, hi = 0, 200
        for x in n.leeftijden:
            if x.soort == "onder":
                hi = min(hi, x.grens)
            else:
                lo = max(lo, x.grens)
        return lo, hi
    (la, ha), (lb, hb) = rng(a), rng(b)
    return (la, ha) != (0, 200) and (lb, hb) != (0, 200) and max(la, lb) < min(ha, hb)


def signalen(g: Gegevens, normen: dict[str, list[Afgeleid]], zoeker: Begrippenzoeker) -> list[Signaal]:
    per_handeling: dict[str, list[Afgeleid]] = defaultdict(list)
    for lst in normen.values():
        for n in lst:
            if n.handeling:
                per_handeling[n.handeling].append(n)
    best: dict[tuple[str, str], tuple[float, Afgeleid, Afgeleid]] = {}
    for handeling, lst in per_handeling.items():
        zeldzaam = 1.0 / math.log(3 + len(lst))
        duw = [n for n in lst if n.richting == "stimuleert" or n.normtype in ("gebod", "aanspraak", "prikkel")]
        rem = [n for n in lst if n.richting == "ontmoedigt" or n.normtype in ("verbod", "sanctie", "voorwaarde")]
        for a in duw:
            ba = g.bepalingen[a.bepaling]
            art_a = g.artikel_van(a.bepaling)
            for b in rem:
                if a is b or a.bepaling == b.bepaling or not _tegengesteld(a, b):
                    continue
                bb = g.bepalingen[b.bepaling]
                if art_a == g.artikel_van(b.bepaling):
                    continue
                if zoeker.overlappen(a.doelgroep, b.doelgroep) or _leeftijd_overlap(a, b):
                    groep = 1.0
                elif _vaag(a.doelgroep) or _vaag(b.doelgroep):
                    groep = 0.5  # one side names no target group (or only who carries it out): weaker
                else:
                    continue
                wet = 1.0 if ba.regeling != bb.regeling else 0.7
                kwaliteit = 1.25 if (not a.afgeleid or not b.afgeleid) else 1.0
                key = tuple(sorted((a.bepaling, b.bepaling)))
                if key in best and best[key][0] >= a.zekerheid * b.zekerheid * wet * kwaliteit * zeldzaam * groep * 1.5:
                    continue
                verwijst = g.verwijzen(a.bepaling, b.bepaling)  # one text names the other: "in afwijking van" …
                score = a.zekerheid * b.zekerheid * wet * kwaliteit * zeldzaam * groep * (1.5 if verwijst else 1.0)
                if key not in best or best[key][0] < score:
                    best[key] = (score, a, b, verwijst)
    out = []
    for (score, a, b, verwijst) in best.values():
        doelgroep = a.doelgroep_label or b.doelgroep_label or "dezelfde groep"
        uitleg = (f"Tegengestelde normen over '{a.handeling_label.lower()}' voor {doelgroep.lower()}: "
                  f"{naam(g, a.bepaling)} {_WOORD.get(a.normtype, a.normtype)} ({a.normtype}, {a.richting}), "
                  f"terwijl {naam(g, b.bepaling)} {_WOORD.get(b.normtype, b.normtype)} ({b.normtype}, {b.richting})."
                  + (" De ene tekst verwijst naar de andere." if verwijst else ""))
        out.append(Signaal("tegengestelde-normen", [a.bepaling, b.bepaling], round(score, 4), uitleg, {
            "handeling": a.handeling, "handelingLabel": a.handeling_label,
            "doelgroep": a.doelgroep or b.doelgroep, "doelgroepLabel": doelgroep,
            "verwijzing": verwijst, "normen": [_norm_json(a), _norm_json(b)]}))
    return out


def _norm_json(n: Afgeleid) -> dict:
    return {"iri": n.iri, "bepaling": n.bepaling, "normtype": n.normtype, "richting": n.richting,
            "handeling": n.handeling, "doelgroep": n.doelgroep, "zekerheid": n.zekerheid, "afgeleid": n.afgeleid,
            "zin": n.zin}
