"""Thin adapters to the reference recogniser (kennisbank.regels.herken) and the search module (kennisbank.zoek).

Both are built by others and may change; everything the server context (kennisbank/context.py) and the API need
from them goes through here.
"""

from __future__ import annotations

import logging
import re
import threading

log = logging.getLogger("kennisbank.api")
_IRI = re.compile(r"https?://\S+\Z")


def verwijzing_dict(v) -> dict:
    return {"tekst": v.tekst, "begin": v.begin, "eind": v.eind, "regeling": v.regeling, "artikel": v.artikel,
            "lid": v.lid, "onderdeel": v.onderdeel, "iri": v.iri, "zekerheid": v.zekerheid, "soort": v.soort,
            "status": v.status}


class Herkenner:
    """The recogniser with an index built from one public store (rebuilt when the store is reopened).

    The index depends only on the regelingen and normbegrippen, which change only through a build (which
    reopens the store); publishing a case does not touch it. It is built once, under a lock, normally by
    `warm()` in a background thread right after the store is opened, so no request pays for it.
    """

    def __init__(self, kb, store):
        self.kb = kb
        self.store = store
        self._index = None
        self._lock = threading.Lock()

    @property
    def klaar(self) -> bool:
        return self._index is not None

    @property
    def index(self):
        if self._index is None:
            with self._lock:
                if self._index is None:
                    try:
                        from .regels.herken_index import index_uit_store

                        self._index = index_uit_store(self.store, self.kb.iris.kb)
                    except Exception as exc:  # the recogniser is optional for the API to run
                        log.warning("verwijzingsindex niet beschikbaar: %s", exc)
                        self._index = False
        return self._index or None

    def warm(self) -> threading.Thread:
        """Build the index in a background thread."""
        t = threading.Thread(target=lambda: self.index, name="herken-index", daemon=True)
        t.start()
        return t

    def herken(self, tekst: str) -> list[dict]:
        index = self.index
        if index is None or not tekst:
            return []
        from .regels.herken import herken

        return [verwijzing_dict(v) for v in herken(tekst, index)]

    def los_op(self, ref: str) -> tuple[list[dict], bool]:
        """A `regels` entry (IRI or citation text) -> (resolved references, resolved at all)."""
        ref = ref.strip()
        if _IRI.match(ref):
            plek = self.plek(ref)
            if plek is None:
                return [], False
            bwb, artikel, lid, onderdeel = plek
            return [{"tekst": ref, "begin": 0, "eind": len(ref), "regeling": bwb, "artikel": artikel, "lid": lid,
                     "onderdeel": onderdeel, "iri": ref, "zekerheid": 1.0, "soort": "iri", "status": "gevonden"}], True
        found = [v for v in self.herken(ref) if v.get("iri") and v.get("status") == "gevonden"]
        return found, bool(found)

    def plek(self, iri: str):
        """(bwb, artikel, lid, onderdeel) of a known provision IRI, or None."""
        import pyoxigraph as ox

        rows = self.kb.store.select(self.kb.q.citering_bepalingen, {"b": ox.NamedNode(iri)})
        if not rows:
            return None
        return plek_uit_rij(rows[0])


from .leesmodel import plek_uit_rij  # noqa: E402,F401  (one read model)


# --- search ---------------------------------------------------------------------------------------------
def zoekmodule():
    try:
        import kennisbank.zoek as zoek
    except ImportError:
        return None
    return zoek if hasattr(zoek, "zoek") else None


def werk_index_bij(kb, iris: list[str]) -> None:
    """Tell the search index about changed resources (the domain layer's one way to do it)."""
    from .domein import werk_index_bij as bij

    bij(kb, iris)
