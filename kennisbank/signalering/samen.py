"""Samen geciteerd: provisions of different laws that keep turning up together in the recognised references of
published cases, while no knelpunt links them. The only kind a publication changes, so it is also computed on
its own from a small summary (`basis`) for the incremental update after a publication."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from .signaal import Signaal

#: A pair must occur in at least this many published cases to be a signal ("keep appearing together").
MINIMUM = 2


def basis_uit(g, gevallen) -> dict:
    """What the incremental update needs: per case its provisions (article, law, name), and the article
    pairs some knelpunt already links."""
    gekoppeld = set()
    for kp in g.knelpunten.values():
        arts = sorted({g.artikel_van(c.bepaling) or c.bepaling for c in kp.citeringen})
        gekoppeld.update(f"{a}|{b}" for a, b in combinations(arts, 2))
    return {
        "gevallen": {gv.iri: sorted(gv.bepalingen) for gv in gevallen},
        "gekoppeld": sorted(gekoppeld),
    }


def signalen(basis: dict, info: dict[str, dict]) -> list[Signaal]:
    """`info`: provision IRI -> {"artikel": article IRI, "regeling": law IRI, "naam": display name}."""
    gekoppeld = set(basis["gekoppeld"])
    telling: Counter = Counter()
    voorbeeld: dict[tuple[str, str], tuple[str, str]] = {}
    for refs in basis["gevallen"].values():
        per_artikel = {}
        for r in refs:
            i = info.get(r)
            if i:
                per_artikel.setdefault(i["artikel"], r)
        for a, b in combinations(sorted(per_artikel), 2):
            if info[per_artikel[a]]["regeling"] == info[per_artikel[b]]["regeling"]:
                continue
            if f"{a}|{b}" in gekoppeld:
                continue
            telling[(a, b)] += 1
            voorbeeld.setdefault((a, b), (per_artikel[a], per_artikel[b]))
    out = []
    for (a, b), n in telling.items():
        if n < MINIMUM:
            continue
        pa, pb = voorbeeld[(a, b)]
        handelingen = [h for h in dict.fromkeys((info[pa].get("handeling") or "", info[pb].get("handeling") or "")) if h]
        over = ""
        if len(handelingen) == 1:
            over = f" Beide gaan over '{handelingen[0].lower()}'."
        elif handelingen:
            over = " Ze gaan over " + " en ".join(f"'{h.lower()}'" for h in handelingen) + "."
        uitleg = (f"{info[pa]['naam']} en {info[pb]['naam']} worden samen genoemd in {n} gepubliceerde "
                  f"praktijkvoorbeelden, maar geen knelpunt verbindt ze.{over} Wat deze gevallen gemeen hebben, "
                  "is nog niet als knelpunt beschreven.")
        out.append(Signaal("samen-geciteerd", [pa, pb], round(n / (n + 1), 4), uitleg,
                           {"aantal": n, "handelingLabel": handelingen[0] if handelingen else ""}))
    return out
