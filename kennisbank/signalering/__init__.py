"""Signalering: the kennisbank finds provisions that may work against each other by itself.

- `gegevens.py` reads what is needed from the triples; `normen.py` derives norms for every Artikel and Lid
  (`modaliteit.py`, `begrippen.py`, `voorwaarden.py`); curated norms win.
- Four kinds of signal: `tegengesteld.py`, `drempels.py`, `samen.py`, `gewijzigd.py`; `signaal.py` holds the
  Signaal, its stable id and the provisions' API shape; `bereken.py` runs them all and ranks.
- `opslag.py` keeps the computed signals and the durable review decisions in the data folder; `rdf.py` makes
  the graph for the public store; `beoordeel.py` confirms or dismisses a signal.
"""

from .bereken import Resultaat, bereken

__all__ = ["bereken", "Resultaat"]
