"""IRIs of the regels area that `kennisbank.iri.Iris` has no method for, built on its minting.

- nested list items: `{onderdeel}/onderdeel/{nr}`, e.g. `…/artikel/1/onderdeel/f/onderdeel/1` (the `°` of
  "1°" is dropped, as the BWB's own `bwb-ng-variabel-deel` does: `Onderdeelf/Onderdeel1`);
- a citeertitel node of a Regeling: `{regeling}/citeertitel/{geldig-vanaf}` (`…/citeertitel/onbekend` when
  the start date is not known; a `-2`, `-3` suffix separates titles that start on the same day).
"""

from __future__ import annotations

from ..config import SOURCE_BASE
from ..iri import Iris, segment

IRIS = Iris(SOURCE_BASE)  # regels files are always written against SOURCE_BASE


def sub_onderdeel(parent_iri: str, nummer: str) -> str:
    return f"{parent_iri}/onderdeel/{segment(nummer)}"


def citeertitel(bwb_id: str, sleutel: str) -> str:
    return f"{IRIS.regeling(bwb_id)}/citeertitel/{segment(sleutel)}"


def referentie(bwb_id: str, artikel: str | None = None, lid: str | None = None) -> str:
    """Target of a cross-reference: the Regeling, an Artikel, or a Lid."""
    if not artikel:
        return IRIS.regeling(bwb_id)
    if lid:
        return IRIS.lid(bwb_id, artikel, lid)
    return IRIS.artikel(bwb_id, artikel)


def wijzigingsaard(naam: str) -> str:
    return IRIS.concept("wijzigingsaard", naam)
