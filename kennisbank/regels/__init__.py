"""The regulations: official BWB XML (and harvested YAML) into `regels/{BWBID}.ttl`.

- `importeer(pad, uit=…, wti=…)`: read a BWB toestand XML or a harvested YAML file and merge it, as a new
  version, into the regels file of its law (see `kennisbank.regels.graaf` for the versioning rules);
- `haal(bwb_id, datum=…, repository=…)`: fetch the version valid on a date from the official repository
  and import it;
- `tekst_op(store, iri, datum)`: the text of a provision valid on a date.
"""

from __future__ import annotations

from .importeer import Resultaat, Verschil, importeer, importeer_toestand
from .tekst import GeldendeTekst, tekst_op

__all__ = ["importeer", "importeer_toestand", "Resultaat", "Verschil", "tekst_op", "GeldendeTekst"]
