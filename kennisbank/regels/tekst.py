""""The text of provision X valid on date D", answered from a Store by a by-IRI lookup."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyoxigraph as ox

from ..config import Config
from ..fouten import KennisbankFout
from ..iri import Iris
from ..store import Store

_XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")

# ?bepaling and ?datum are bound by the caller; the pattern starts from the provision, so only its own
# Versies are visited (no scan over the law or the store).
_VRAAG = """
PREFIX kb: <{kb}>
SELECT ?versie ?tekst ?vanaf ?tot ?aard ?link WHERE {{
  GRAPH ?g {{
    ?bepaling kb:versie ?versie .
    ?versie kb:geldigVanaf ?vanaf .
    OPTIONAL {{ ?versie kb:geldigTot ?tot }}
    OPTIONAL {{ ?versie kb:tekst ?tekst }}
    OPTIONAL {{ ?versie kb:wijzigingsaard ?aard }}
    OPTIONAL {{ ?versie kb:wettenLink ?link }}
  }}
  FILTER(?vanaf <= ?datum && (!BOUND(?tot) || ?tot >= ?datum))
}}
ORDER BY DESC(?vanaf)
LIMIT 1
"""


@dataclass
class GeldendeTekst:
    bepaling: str
    versie: str
    tekst: str | None  # None: the provision had lapsed (vervallen) on that date
    geldig_vanaf: str
    geldig_tot: str | None
    vervallen: bool
    wetten_link: str | None


def tekst_op(store: Store, bepaling: str, datum: str | dt.date, *, base: str | None = None) -> GeldendeTekst | None:
    """The Versie of `bepaling` (IRI) valid on `datum`, or None when the store has no text for that day.
    `base`: the base IRI of the store's data (default: the configured one)."""
    if isinstance(datum, str):
        try:
            datum = dt.date.fromisoformat(datum)
        except ValueError:
            raise KennisbankFout(f"De datum '{datum}' is ongeldig; gebruik JJJJ-MM-DD.") from None
    iris = Iris(base or Config.from_env().base_iri)
    rows = store.select(
        _VRAAG.format(kb=iris.kb),
        {"bepaling": ox.NamedNode(bepaling), "datum": ox.Literal(datum.isoformat(), datatype=_XSD_DATE)},
    )
    if not rows:
        return None
    r = rows[0]
    aard = r.get("aard")
    tekst = r["tekst"].value if "tekst" in r else None
    return GeldendeTekst(
        bepaling=bepaling,
        versie=r["versie"].value,
        tekst=tekst,
        geldig_vanaf=r["vanaf"].value,
        geldig_tot=r["tot"].value if "tot" in r else None,
        vervallen=tekst is None and aard is not None and aard.value.endswith("/wijzigingsaard/vervallen"),
        wetten_link=r["link"].value if "link" in r else None,
    )
