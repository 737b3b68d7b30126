"""Minting our IRIs, per the URI strategy in docs/model.md.

`https://{domein}/id/{concept}/{ref}` names a thing, `/doc/` is the page about it, `/def/kb#` holds the
ontology terms and `/graaf/` the named graphs. All functions take the base IRI explicitly or use the
configured one; nothing here hard-codes a domain except SOURCE_BASE, the base our files are written in.
"""

from __future__ import annotations

from urllib.parse import quote

from .config import SOURCE_BASE

# Characters allowed unescaped in one path segment of our IRIs. ':' keeps `8:69` readable.
_SAFE = "-._~:"

#: SKOS concept kinds and the scheme each belongs to (IRI segment -> scheme segment).
CONCEPT_SCHEMES = {
    "mechanisme": "mechanismen",
    "domein": "domeinen",
    "doelgroep": "doelgroepen",
    "handeling": "handelingen",
    "status": "statussen",
    "oplossingsrichting": "oplossingsrichtingen",
    "normtype": "normtypen",
    "richting": "richtingen",
    "uitkomst": "uitkomsten",
    "beoordelingsstatus": "beoordelingsstatussen",
    "geldstroom": "geldstromen",
    "normbegrip": "normbegrippen",
    "wijzigingsaard": "wijzigingsaarden",
    "tekstsoort": "tekstsoorten",
    "voorbeeldsoort": "voorbeeldsoorten",
    "bronsoort": "bronsoorten",
    "escalatieniveau": "escalatieniveaus",
    "escalatie-instrument": "escalatie-instrumenten",
    "signaalbron": "signaalbronnen",
}


def segment(value: str) -> str:
    """One IRI path segment: structural numbers such as `22a`, `8:69`, `2.2.4`, `78ff` stay as they are."""
    return quote(str(value).strip(), safe=_SAFE)


class Iris:
    def __init__(self, base: str = SOURCE_BASE):
        self.base = base.rstrip("/")
        self.kb = f"{self.base}/def/kb#"

    # --- ontology ---------------------------------------------------------------------------
    def term(self, local: str) -> str:
        return self.kb + local

    # --- regelingen and their parts ------------------------------------------------------------
    def regeling(self, bwb_id: str) -> str:
        return f"{self.base}/id/regeling/{segment(bwb_id)}"

    def artikel(self, bwb_id: str, artikel: str) -> str:
        return f"{self.regeling(bwb_id)}/artikel/{segment(artikel)}"

    def lid(self, bwb_id: str, artikel: str, lid: str) -> str:
        return f"{self.artikel(bwb_id, artikel)}/lid/{segment(lid)}"

    def onderdeel(self, bwb_id: str, artikel: str, lid: str | None, onderdeel: str) -> str:
        parent = self.lid(bwb_id, artikel, lid) if lid else self.artikel(bwb_id, artikel)
        return f"{parent}/onderdeel/{segment(onderdeel)}"

    def structuur(self, bwb_id: str, soort: str, nummer: str) -> str:
        """hoofdstuk, titeldeel, afdeling, paragraaf: `.../regeling/BWBR…/hoofdstuk/3`."""
        return f"{self.regeling(bwb_id)}/{segment(soort)}/{segment(nummer)}"

    def versie(self, provision_iri: str, datum: str) -> str:
        """The text of a provision as in force from `datum` (its `inwerking` date)."""
        return f"{provision_iri}/versie/{segment(datum)}"

    # --- knowledge ------------------------------------------------------------------------------
    def knelpunt(self, ref: str) -> str:
        return f"{self.base}/id/knelpunt/{segment(ref)}"

    def praktijkvoorbeeld(self, ref: str) -> str:
        return f"{self.base}/id/praktijkvoorbeeld/{segment(ref)}"

    def experiment(self, ref: str) -> str:
        return f"{self.base}/id/experiment/{segment(ref)}"

    def concept(self, kind: str, ref: str) -> str:
        if kind not in CONCEPT_SCHEMES:
            raise ValueError(f"onbekend soort begrip: {kind}")
        return f"{self.base}/id/{kind}/{segment(ref)}"

    def scheme(self, kind: str) -> str:
        return f"{self.base}/id/begrippenkader/{CONCEPT_SCHEMES[kind]}"

    # --- graphs and documents ---------------------------------------------------------------------
    def graph(self, relative_path: str) -> str:
        """Named graph of a source file: `knelpunten/x.ttl` -> `{base}/graaf/knelpunten/x`."""
        rel = relative_path.replace("\\", "/")
        if rel.endswith(".ttl"):
            rel = rel[: -len(".ttl")]
        return f"{self.base}/graaf/" + "/".join(segment(p) for p in rel.split("/") if p)

    def submission_graph(self, ref: str) -> str:
        return f"{self.base}/graaf/inzending/{segment(ref)}"

    def inbox_admin_graph(self) -> str:
        """The inbox's own bookkeeping (tokens of submitters, idempotency keys, review notes, which inbox
        graphs are public). Never copied out of the inbox."""
        return f"{self.base}/graaf/inbox/beheer"

    def doc(self, iri: str) -> str:
        """`/id/…` -> `/doc/…` for our own IRIs; other IRIs are returned unchanged."""
        prefix = f"{self.base}/id/"
        return f"{self.base}/doc/" + iri[len(prefix):] if iri.startswith(prefix) else iri


TOOI = "https://identifier.overheid.nl/tooi/id/"


def gemeente(code: str) -> str:
    """TOOI IRI of a gemeente: `gm0772` -> https://identifier.overheid.nl/tooi/id/gemeente/gm0772."""
    return f"{TOOI}gemeente/{code.lower()}"


def ministerie(code: str) -> str:
    return f"{TOOI}ministerie/{code.lower()}"
