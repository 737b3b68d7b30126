"""Drempels en overgangen: age and time limits that differ between laws for the same group, leaving a gap, or
that coincide so that one thing stops while another starts (a cliff at 18)."""

from __future__ import annotations

from .begrippen import Begrippenzoeker
from .gegevens import Gegevens
from .normen import Afgeleid
from .signaal import Signaal, naam

_STERK = {"gebod": 1.0, "verbod": 1.0, "aanspraak": 1.0, "sanctie": 0.9, "voorwaarde": 0.85, "prikkel": 0.8,
          "bevoegdheid": 0.7}


def _beste(lst: list[Afgeleid]) -> Afgeleid:
    return max(lst, key=lambda n: (n.zekerheid * _STERK.get(n.normtype, 0.5)))


def _dagen(d: int) -> str:
    if d % 30 == 0:
        n = d // 30
        return f"{n} {'maand' if n == 1 else 'maanden'}"
    if d % 7 == 0:
        n = d // 7
        return f"{n} {'week' if n == 1 else 'weken'}"
    return f"{d} {'dag' if d == 1 else 'dagen'}"


def signalen(g: Gegevens, normen: dict[str, list[Afgeleid]], zoeker: Begrippenzoeker) -> list[Signaal]:
    met_leeftijd, met_termijn = [], []
    for unit, lst in normen.items():
        # the norm whose own sentence states the age (or time limit); the strongest when there are several
        met = [n for n in lst if any(16 <= x.grens <= 30 for x in n.leeftijden)]
        if met:
            n = _beste(met)
            met_leeftijd.append((n, [x for x in n.leeftijden if 16 <= x.grens <= 30]))
        met = [n for n in lst if n.termijnen and n.handeling]
        if met:
            met_termijn.append(_beste(met))
    out: dict[tuple[str, str], Signaal] = {}

    def add(s: Signaal):
        key = tuple(sorted(s.bepalingen))
        if key not in out or out[key].score < s.score:
            out[key] = s

    for i, (a, la) in enumerate(met_leeftijd):
        ra = g.bepalingen[a.bepaling].regeling
        for b, lb in met_leeftijd[i + 1:]:
            rb = g.bepalingen[b.bepaling].regeling
            if ra == rb:
                continue
            best = None
            for x in la:
                for y in lb:
                    if x.grens == y.grens and x.soort != y.soort:
                        rel, w = "overgang", 1.0
                    elif x.grens != y.grens and abs(x.grens - y.grens) <= 9:
                        rel, w = "gat", 0.8 - 0.02 * abs(x.grens - y.grens)
                    elif x.grens == y.grens:
                        rel, w = "zelfde", 0.45
                    else:
                        continue
                    if best is None or w > best[0]:
                        best = (w, rel, x, y)
            if best is None:
                continue
            w, rel, x, y = best
            # two limits only matter together when the provisions are about the same handeling or group
            if a.handeling and a.handeling == b.handeling:
                verband = 1.0
            elif zoeker.overlappen(a.doelgroep, b.doelgroep):
                verband = 0.9
            else:
                verband = 0.35
            score = w * verband * _STERK.get(a.normtype, 0.5) * _STERK.get(b.normtype, 0.5) * 0.9 * min(
                1.0, 0.5 + a.zekerheid / 2) * min(1.0, 0.5 + b.zekerheid / 2)
            doelgroep = (a.doelgroep_label or b.doelgroep_label or "jongeren").lower()
            if a.handeling and a.handeling == b.handeling and a.handeling_label:
                doelgroep += f" bij '{a.handeling_label.lower()}'"
            if rel == "overgang":
                uitleg = (f"Overgang bij {x.grens} jaar voor {doelgroep}: {naam(g, a.bepaling)} geldt voor wie "
                          f"{x.omschrijving()} is, {naam(g, b.bepaling)} voor wie {y.omschrijving()} is. Op de "
                          f"{x.grens}e verjaardag stopt het een en begint het ander, zonder overgang.")
            elif rel == "gat":
                lo, hi = sorted((x.grens, y.grens))
                uitleg = (f"Verschillende leeftijdsgrenzen voor {doelgroep}: {naam(g, a.bepaling)} legt de grens "
                          f"bij {x.grens} jaar ({x.omschrijving()}), {naam(g, b.bepaling)} bij {y.grens} jaar "
                          f"({y.omschrijving()}). Tussen {lo} en {hi} jaar vallen jongeren onder de ene regel en "
                          "niet onder de andere.")
            else:
                uitleg = (f"Dezelfde leeftijdsgrens van {x.grens} jaar ({x.omschrijving()}) voor {doelgroep} in "
                          f"{naam(g, a.bepaling)} en {naam(g, b.bepaling)}: wijzigt de ene grens, dan ontstaat een gat.")
            add(Signaal("drempels-en-overgangen", [a.bepaling, b.bepaling], round(score, 4), uitleg, {
                "drempel": "leeftijd", "waarden": [x.grens, y.grens], "relatie": rel,
                "doelgroepLabel": doelgroep, "teksten": [x.tekst, y.tekst]}))

    for i, a in enumerate(met_termijn):
        ra = g.bepalingen[a.bepaling].regeling
        for b in met_termijn[i + 1:]:
            if g.bepalingen[b.bepaling].regeling == ra or not a.handeling or a.handeling != b.handeling:
                continue
            if not zoeker.overlappen(a.doelgroep, b.doelgroep):
                continue
            x, y = a.termijnen[0], b.termijnen[0]
            if x.dagen == y.dagen:
                continue
            score = 0.55 * min(a.zekerheid, b.zekerheid) * _STERK.get(a.normtype, 0.5) * _STERK.get(b.normtype, 0.5)
            uitleg = (f"Verschillende termijnen voor '{a.handeling_label.lower()}' bij "
                      f"{(a.doelgroep_label or 'dezelfde groep').lower()}: {naam(g, a.bepaling)} rekent met "
                      f"{_dagen(x.dagen)} ('{x.tekst}'), {naam(g, b.bepaling)} met {_dagen(y.dagen)} ('{y.tekst}'). "
                      f"Het verschil van {_dagen(abs(x.dagen - y.dagen))} kan een gat laten.")
            add(Signaal("drempels-en-overgangen", [a.bepaling, b.bepaling], round(score, 4), uitleg, {
                "drempel": "termijn", "waarden": [x.dagen, y.dagen], "relatie": "gat",
                "handelingLabel": a.handeling_label, "teksten": [x.tekst, y.tekst]}))
    return list(out.values())
