"""Age and time conditions in Dutch legal text: "jonger dan 27 jaar", "de leeftijd van 18 jaar heeft bereikt",
"gedurende vier weken", "binnen drie maanden"."""

from __future__ import annotations

import re
from dataclasses import dataclass

_GETAL = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
    "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15, "zestien": 16,
    "zeventien": 17, "achttien": 18, "negentien": 19, "twintig": 20, "eenentwintig": 21, "tweeëntwintig": 22,
    "drieëntwintig": 23, "vierentwintig": 24, "vijfentwintig": 25, "zesentwintig": 26, "zevenentwintig": 27,
    "dertig": 30, "zestig": 60, "vijfenzestig": 65,
}
_NUM = r"(\d{1,3}|" + "|".join(sorted(_GETAL, key=len, reverse=True)) + r")"
_F = re.IGNORECASE


def _getal(s: str) -> int:
    return int(s) if s.isdigit() else _GETAL[s.lower()]


@dataclass(frozen=True)
class Leeftijd:
    """An age bound: `grens` years; `soort` 'onder' (younger than) or 'vanaf' (that age or older)."""

    grens: int
    soort: str
    tekst: str

    def omschrijving(self) -> str:
        return f"jonger dan {self.grens} jaar" if self.soort == "onder" else f"{self.grens} jaar of ouder"


@dataclass(frozen=True)
class Termijn:
    dagen: int
    tekst: str


_LEEFTIJD = [
    (re.compile(r"\bjonger\s+dan\s+" + _NUM + r"\s+jaar", _F), "onder"),
    (re.compile(r"\bnog\s+niet\s+de\s+leeftijd\s+van\s+" + _NUM + r"\s+jaar", _F), "onder"),
    (re.compile(r"\bde\s+leeftijd\s+van\s+" + _NUM + r"\s+jaar\s+nog\s+niet", _F), "onder"),
    (re.compile(r"\bbeneden\s+de\s+leeftijd\s+van\s+" + _NUM + r"\s+jaar", _F), "onder"),
    (re.compile(r"\btot\s+(?:de\s+leeftijd\s+van\s+)?" + _NUM + r"\s+jaar\b", _F), "onder"),
    (re.compile(r"\b" + _NUM + r"\s+jaar\s+of\s+ouder", _F), "vanaf"),
    (re.compile(r"\bouder\s+dan\s+" + _NUM + r"\s+jaar", _F), "vanaf"),
    (re.compile(r"\bde\s+leeftijd\s+van\s+" + _NUM + r"\s+jaar\s+(?:heeft|hebben)\s+bereikt", _F), "vanaf"),
    (re.compile(r"\bvanaf\s+(?:de\s+leeftijd\s+van\s+)?" + _NUM + r"\s+jaar", _F), "vanaf"),
    (re.compile(r"\b" + _NUM + r"-jarige", _F), "vanaf"),
]
_MINDERJARIG = re.compile(r"\bminderjarig\w*", _F)
_MEERDERJARIG = re.compile(r"\bmeerderjarig\w*", _F)

_EENHEID = {"dag": 1, "dagen": 1, "werkdag": 1, "werkdagen": 1, "week": 7, "weken": 7, "maand": 30, "maanden": 30,
            "jaar": 365, "jaren": 365}
_TERMIJN = re.compile(
    r"\b(?:gedurende|binnen|na|pas|eerst|ten\s+hoogste|ten\s+minste|uiterlijk|periode\s+van|termijn\s+van|vóór|voor)\s+"
    r"(?:een\s+periode\s+van\s+|een\s+termijn\s+van\s+|ten\s+hoogste\s+)?" + _NUM +
    r"\s+(dagen|dag|werkdagen|werkdag|weken|week|maanden|maand|jaren|jaar)\b", _F)


def leeftijden(tekst: str) -> list[Leeftijd]:
    found: dict[tuple[int, str], Leeftijd] = {}
    for pat, soort in _LEEFTIJD:
        for m in pat.finditer(tekst or ""):
            try:
                n = _getal(m.group(1))
            except (KeyError, ValueError):
                continue
            if 12 <= n <= 70:
                found.setdefault((n, soort), Leeftijd(n, soort, m.group(0)))
    for m in _MINDERJARIG.finditer(tekst or ""):
        found.setdefault((18, "onder"), Leeftijd(18, "onder", m.group(0)))
    for m in _MEERDERJARIG.finditer(tekst or ""):
        found.setdefault((18, "vanaf"), Leeftijd(18, "vanaf", m.group(0)))
    return sorted(found.values(), key=lambda x: (x.grens, x.soort))


def termijnen(tekst: str) -> list[Termijn]:
    out: dict[int, Termijn] = {}
    for m in _TERMIJN.finditer(tekst or ""):
        try:
            n = _getal(m.group(1))
        except (KeyError, ValueError):
            continue
        eenheid = m.group(2).lower()
        if eenheid in ("jaar", "jaren") and re.search(r"\bleeftijd\b", tekst[max(0, m.start() - 30):m.start()], _F):
            continue
        out.setdefault(n * _EENHEID[eenheid], Termijn(n * _EENHEID[eenheid], m.group(0)))
    return sorted(out.values(), key=lambda t: t.dagen)
