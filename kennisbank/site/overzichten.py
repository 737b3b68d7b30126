"""The overviews people ask for: the regelingen as people mean them, and the knelpunten list with its filters
(status, mechanisme, doelgroep, ministerie, regeling), doelgroep pages and ministerie pages.

Plain values for the templates; the only store access is one small query for `kb:grondslagVoor` (which
regelingen rest on which law), read once per build.
"""

from __future__ import annotations

import re
from collections import defaultdict

DCT = "http://purl.org/dc/terms/"

#: Titles of amending and one-off acts: grouped under their parent law, never listed on their own.
_WIJZIGING = re.compile(r"^(Wijzigings(besluit|regeling)|Aanpassingsbesluit|Verzamelbesluit|Bijstellingsregeling|"
                        r"Eindejaars(besluit|regeling))\b")


def grondslagen(store, iris) -> dict[str, list[str]]:
    """{regeling: [regelingen that rest on it]} from kb:grondslagVoor."""
    uit: dict[str, list[str]] = defaultdict(list)
    for r in store.select(f"SELECT DISTINCT ?a ?b WHERE {{ ?a <{iris.kb}grondslagVoor> ?b }}"):
        uit[r["a"].value].append(r["b"].value)
    return dict(uit)


def aantal(n: int, enkel: str, meer: str) -> str:
    """`1 knelpunt`, `3 knelpunten` (Dutch agreement: never "1 knelpunten")."""
    return f"{n} {enkel if n == 1 else meer}"


def is_wijziging(titel: str) -> bool:
    return bool(_WIJZIGING.match(titel))


def regelingen_overzicht(d, m, grondslag: dict[str, list[str]]) -> dict:
    """The regelingen index: the laws people mean (a type, articles or knelpunten), each with the regelingen that
    rest on it grouped beneath (uitvoering; wijzigingen apart). Returns {"met": [...], "zonder": [...]} where each
    item is {"iri", "naam", "afkorting", "knelpunten", "artikelen", "uitvoering": [iri], "wijzigingen": [iri]}."""
    kp_per_reg: dict[str, set[str]] = defaultdict(set)
    for k, rs in m.kp_regelingen.items():
        for r in rs:
            kp_per_reg[r].add(k)
    artikelen: dict[str, int] = defaultdict(int)
    for deel in d.delen.values():
        if deel.soort == "Artikel":
            artikelen[deel.regeling] += 1

    def hoofd(r: str) -> bool:
        reg = d.regelingen[r]
        return bool(reg["soort"] or artikelen.get(r) or kp_per_reg.get(r))

    hoofden = {r for r in d.regelingen if hoofd(r)}
    onder: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"uitvoering": [], "wijzigingen": []})
    for ouder, kinderen in grondslag.items():
        if ouder not in hoofden:
            continue
        for k in kinderen:
            if k in d.regelingen and k not in hoofden:
                onder[ouder]["wijzigingen" if is_wijziging(d.label(k)) else "uitvoering"].append(k)
    met, zonder = [], []
    for r in sorted(hoofden, key=lambda r: d.label(r).lower()):
        reg = d.regelingen[r]
        o = onder.get(r, {"uitvoering": [], "wijzigingen": []})
        item = {"iri": r, "naam": d.label(r), "afkorting": m.kort(r) if reg["afkortingen"] else None,
                "knelpunten": len(kp_per_reg.get(r, ())), "artikelen": artikelen.get(r, 0),
                "uitvoering": sorted(o["uitvoering"], key=lambda x: d.label(x).lower()),
                "wijzigingen": sorted(o["wijzigingen"], key=lambda x: d.label(x).lower())}
        (met if item["knelpunten"] else zonder).append(item)
    return {"met": met, "zonder": zonder}


def ouder_van(grondslag: dict[str, list[str]]) -> dict[str, list[str]]:
    uit: dict[str, list[str]] = defaultdict(list)
    for a, bs in grondslag.items():
        for b in bs:
            uit[b].append(a)
    return dict(uit)


# --- knelpunten ---------------------------------------------------------------------------------------------------
FACETTEN = (("status", "Status"), ("mechanisme", "Mechanisme"), ("doelgroep", "Doelgroep"),
            ("ministerie", "Ministerie"), ("regeling", "Regeling"))


def code(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def met_breder(d, cs: list[str]) -> list[str]:
    """The concepts and every broader one (a knelpunt for 'bijstandsgerechtigden' also concerns 'minima')."""
    uit, todo = [], list(cs)
    while todo:
        c = todo.pop(0)
        if c in uit:
            continue
        uit.append(c)
        b = d.begrippen.get(c, {}).get("breder")
        if b:
            todo.append(b)
    return uit


def knelpunt_datum(p: dict, geschiedenis: dict | None) -> tuple[str, str]:
    """(date, what it is the date of) for the list: the last status change if the journal knows it, else the
    last edit, else the date it was recorded."""
    if geschiedenis and geschiedenis.get("statusgeschiedenis"):
        return geschiedenis["statusgeschiedenis"][-1]["datum"][:10], "status sinds"
    if p.get(DCT + "modified"):
        return max(p[DCT + "modified"])[:10], "gewijzigd"
    if p.get(DCT + "created"):
        return max(p[DCT + "created"])[:10], "vastgelegd"
    return "", ""


def knelpunten_rijen(d, m, geschiedenis) -> list[dict]:
    """One row per knelpunt with the values the list shows and filters on (codes for the filter)."""
    rijen = []
    for k in m.sorteer_knelpunten(d.knelpunten):
        p = d.knelpunten[k]
        datum, soort_datum = knelpunt_datum(p, geschiedenis(k))
        facet = {"status": p.get("status", []), "mechanisme": p.get("mechanisme", []),
                 "doelgroep": met_breder(d, p.get("doelgroep", [])),
                 "ministerie": p.get("verantwoordelijkMinisterie", []), "regeling": m.kp_regelingen.get(k, [])}
        rijen.append({"iri": k, "id": "kp-" + code(k), "titel": d.label(k),
                      "kenmerk": (p.get(DCT + "identifier") or [None])[0],
                      "status": [d.label(x) for x in p.get("status", [])], "datum": datum, "datumsoort": soort_datum,
                      "doelgroepen": p.get("doelgroep", []), "ministeries": p.get("verantwoordelijkMinisterie", []),
                      "mechanismen": p.get("mechanisme", []), "regelingen": m.kp_regelingen.get(k, []),
                      "facet_iris": facet, "facet": {f: [code(x) for x in xs] for f, xs in facet.items()}})
    return rijen


def facet_opties(d, m, rijen: list[dict]) -> list[dict]:
    """Per facet the values that occur, with counts, in a stable order (labels; regelingen by short name)."""
    uit = []
    for f, naam in FACETTEN:
        tel: dict[str, int] = defaultdict(int)
        iri_van: dict[str, str] = {}
        for r in rijen:
            for x in r["facet_iris"][f]:
                tel[code(x)] += 1
                iri_van[code(x)] = x
        label = m.kort if f == "regeling" else d.label
        opties = sorted(({"code": c, "iri": iri_van[c], "label": label(iri_van[c]), "aantal": n}
                         for c, n in tel.items()), key=lambda o: o["label"].lower())
        uit.append({"naam": f, "titel": naam, "opties": opties})
    return uit


def botsende_paren(m, ks) -> list[tuple[str, str, int]]:
    """Pairs of regelingen cited together by these knelpunten, most frequent first."""
    from itertools import combinations

    paren: dict[tuple[str, str], int] = defaultdict(int)
    for k in ks:
        for a, b in combinations(sorted(set(m.kp_regelingen.get(k, [])), key=m.kort), 2):
            paren[(a, b)] += 1
    return sorted(((a, b, n) for (a, b), n in paren.items()), key=lambda t: (-t[2], m.kort(t[0]), m.kort(t[1])))


def doelgroep_paginas(d) -> dict[str, list[str]]:
    """{doelgroep: [knelpunten for it or a narrower doelgroep]} for every doelgroep that has any."""
    uit: dict[str, list[str]] = defaultdict(list)
    for k, p in d.knelpunten.items():
        for c in met_breder(d, p.get("doelgroep", [])):
            if k not in uit[c]:
                uit[c].append(k)
    return dict(uit)
