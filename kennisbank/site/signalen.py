"""The public page of signals ("mogelijke botsingen") and the signals next to each article.

Reads what the build computed (`{data}/signalen/signalen.json`) and the review decisions; shows the open and
confirmed signals (a dismissed one is left out), per regeling and article.
"""

from __future__ import annotations

import re

from ..signalering.opslag import lees_beoordelingen, lees_signalen, status
from ..signalering.signaal import SOORTEN

_ARTIKEL = re.compile(r"^(.*?/id/regeling/[^/]+/artikel/[^/]+)")
PER_ARTIKEL = 5
#: The overview page shows the confirmed signals and this many open ones (best first).
OVERZICHT = 100


def artikel_van(iri: str) -> str:
    m = _ARTIKEL.match(iri)
    return m.group(1) if m else iri


class Signalen:
    def __init__(self, data_dir):
        obj = lees_signalen(data_dir)
        beoordelingen = lees_beoordelingen(data_dir)
        self.bepalingen = obj.get("bepalingen", {})
        self.lijst = []
        for s in obj.get("signalen", []):
            st = status(s, beoordelingen)
            if st == "afgewezen":
                continue
            self.lijst.append({**s, "status": st, "soortNaam": SOORTEN.get(s["soort"], s["soort"]),
                               "bepalingenInfo": [self.bepalingen.get(b, {"iri": b, "naam": b}) for b in s["bepalingen"]]})
        self.per_artikel: dict[str, list[dict]] = {}
        for s in self.lijst:
            for a in dict.fromkeys(artikel_van(b) for b in s["bepalingen"]):
                self.per_artikel.setdefault(a, []).append(s)

    def bij_artikel(self, iri: str) -> list[dict]:
        """The best signals naming this article (confirmed first, then by score)."""
        lst = self.per_artikel.get(iri, [])
        return sorted(lst, key=lambda s: (s["status"] != "bevestigd", -s["score"]))[:PER_ARTIKEL]

    def per_regeling(self) -> list[tuple[str, list[tuple[str, list[dict]]]]]:
        """[(regeling name, [(article name, signals)])] for the overview page."""
        groepen: dict[str, dict[str, list[dict]]] = {}
        namen: dict[str, str] = {}
        open_ = [s for s in self.lijst if s["status"] == "open"][:OVERZICHT]
        getoond = {s["id"] for s in open_} | {s["id"] for s in self.lijst if s["status"] == "bevestigd"}
        per_artikel: dict[str, list[dict]] = {}
        for s in self.lijst:
            if s["id"] in getoond:
                for a in dict.fromkeys(artikel_van(b) for b in s["bepalingen"]):
                    per_artikel.setdefault(a, []).append(s)
        for a, lst in per_artikel.items():
            info = next((self.bepalingen[b] for s in lst for b in s["bepalingen"]
                         if artikel_van(b) == a and b in self.bepalingen), None)
            if info is None:
                continue
            reg = info.get("regelingNaam") or info.get("regeling") or ""
            namen[a] = f"Artikel {info.get('artikel')}"
            groepen.setdefault(reg, {})[a] = sorted(lst, key=lambda s: -s["score"])[:PER_ARTIKEL]
        return [(reg, sorted(((a, namen[a], lst) for a, lst in arts.items()), key=lambda x: _volgorde(x[1])))
                for reg, arts in sorted(groepen.items())]


def _volgorde(naam: str):
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", naam)]
