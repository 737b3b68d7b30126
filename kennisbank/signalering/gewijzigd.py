"""Gewijzigd sinds: a knelpunt cites a provision whose text changed, or which was repealed, after the citation's
peildatum. The signal asks to review the knelpunt ("herbeoordelen") and carries a word-level diff."""

from __future__ import annotations

import difflib
import re

from .gegevens import Gegevens
from .signaal import Signaal, naam

_WOORDEN = re.compile(r"\S+")


def woorddiff(oud: str, nieuw: str) -> list[dict]:
    """A word-level diff (difflib.SequenceMatcher on words): [{"soort": gelijk|weg|erbij, "tekst": …}]."""
    a, b = _WOORDEN.findall(oud or ""), _WOORDEN.findall(nieuw or "")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append({"soort": "gelijk", "tekst": " ".join(a[i1:i2])})
            continue
        if i2 > i1:
            out.append({"soort": "weg", "tekst": " ".join(a[i1:i2])})
        if j2 > j1:
            out.append({"soort": "erbij", "tekst": " ".join(b[j1:j2])})
    return out


def signalen(g: Gegevens) -> list[Signaal]:
    out = []
    for kp in g.knelpunten.values():
        alle = sorted({c.bepaling for c in kp.citeringen})
        for c in kp.citeringen:
            b = g.bepalingen.get(c.bepaling)
            if b is None or not c.peildatum or not b.versies:
                continue
            toen, nu = b.geldig(c.peildatum), b.geldig(g.vandaag)
            if toen is None or nu is None or toen is nu:
                continue
            vervallen = nu.vervallen or not nu.tekst
            if not vervallen and toen.tekst == nu.tekst:
                continue
            diff = woorddiff(toen.tekst, "" if vervallen else nu.tekst)
            weg = sum(len(d["tekst"].split()) for d in diff if d["soort"] == "weg")
            erbij = sum(len(d["tekst"].split()) for d in diff if d["soort"] == "erbij")
            titel = kp.titel or kp.iri.rsplit("/", 1)[-1]
            if vervallen:
                wat = f"is vervallen per {nu.vanaf}"
            else:
                wat = f"is gewijzigd per {nu.vanaf} ({erbij} woorden erbij, {weg} weg)"
            uitleg = (f"Herbeoordelen: knelpunt '{titel}' citeert {naam(g, c.bepaling)} met peildatum "
                      f"{c.peildatum}; die tekst {wat}. Kijk of het knelpunt nog klopt.")
            andere = [x for x in alle if x != c.bepaling]
            score = 0.9 if vervallen else min(0.85, 0.4 + 0.02 * (weg + erbij))
            out.append(Signaal("gewijzigd-sinds", [c.bepaling, *andere], round(score, 4), uitleg, {
                "wijziging": "vervallen" if vervallen else "gewijzigd", "peildatum": c.peildatum,
                "versieToen": toen.iri, "versieNu": nu.iri, "geldigVanaf": nu.vanaf, "diff": diff,
                "knelpuntTitel": titel}, knelpunt=kp.iri))
    return out
