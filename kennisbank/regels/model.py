"""The in-memory form of one consolidation (toestand) of a regulation, independent of its source format.

A `Toestand` is what one source file says: the Regeling's metadata and, in document order, every part
(structure elements and provisions) with the text it has in that consolidation. `kennisbank.regels.graaf`
turns one or more Toestanden into the RDF of docs/model.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Structure element kinds (IRI segment) in the order they usually nest.
STRUCTUUR_SOORTEN = ("titeldeel", "hoofdstuk", "afdeling", "paragraaf")
#: Provision kinds.
BEPALING_SOORTEN = ("artikel", "lid", "onderdeel")

#: `soort` attribute of <wetgeving> (and WTI soort-regeling) -> kb: class local name.
SOORT_KLASSE = {
    "wet": "Wet",
    "rijkswet": "Wet",
    "amvb": "AMvB",
    "rijksamvb": "AMvB",
    "kb": "AMvB",
    "ministeriele-regeling": "MinisterieleRegeling",
    "ministeriele-regeling-archiefselectielijst": "MinisterieleRegeling",
    "ministeriele-regeling-ongenummerd": "MinisterieleRegeling",
    "beleidsregel": "Beleidsregel",
    "gemeentelijke-verordening": "GemeentelijkeVerordening",
    "verordening": "GemeentelijkeVerordening",
}


def klasse_voor_soort(soort: str | None) -> str | None:
    if not soort:
        return None
    return SOORT_KLASSE.get(soort.strip().lower().replace(" ", "-").replace("é", "e"))


@dataclass
class Deel:
    """One structure element or provision as read from one toestand."""

    iri: str
    soort: str  # titeldeel, hoofdstuk, afdeling, paragraaf, artikel, lid, onderdeel
    nummer: str  # eli:id_local: "22a", "1", "a"
    label: str  # "Artikel 22a", "Hoofdstuk 3", "Lid 1", "Onderdeel a"
    ouder: str | None  # IRI of the enclosing part; None: directly under the Regeling
    volgorde: int = 0
    opschrift: str | None = None
    # provisions only
    tekst: str | None = None
    status: str = "goed"  # goed, vervallen, nogniet
    inwerking: str | None = None  # date the text entered into force
    label_id: str | None = None
    stam_id: str | None = None
    versie_id: str | None = None
    jci: str | None = None  # JuriConnect reference without the g= date
    fragment: str | None = None  # wetten.overheid.nl fragment, e.g. Hoofdstuk3_Paragraaf3.2_Artikel22a
    verwijzingen: set[str] = field(default_factory=set)

    @property
    def is_bepaling(self) -> bool:
        return self.soort in BEPALING_SOORTEN


@dataclass
class Citeertitel:
    titel: str
    geldig_vanaf: str | None = None
    geldig_tot: str | None = None  # last day it was valid (inclusive)
    afkortingen: list[str] = field(default_factory=list)


@dataclass
class Gerelateerd:
    """A regulation the WTI names as based on this one (grondslag-voor)."""

    bwb_id: str
    titel: str | None = None
    klasse: str | None = None


@dataclass
class RegelingMeta:
    """Regeling-level facts that do not depend on one consolidation (WTI, metadata.yaml, provenance)."""

    afkortingen: set[str] = field(default_factory=set)
    citeertitels: list[Citeertitel] = field(default_factory=list)
    ministeries: set[str] = field(default_factory=set)  # TOOI IRIs
    grondslag_voor: dict[str, Gerelateerd] = field(default_factory=dict)
    klasse: str | None = None
    afgeleid: bool = False
    afgeleid_van: set[str] = field(default_factory=set)
    toelichting: str | None = None  # rdfs:comment (@nl)

    def voeg_toe(self, other: "RegelingMeta") -> None:
        self.afkortingen |= other.afkortingen
        for c in other.citeertitels:
            self.voeg_citeertitel_toe(c)
        self.ministeries |= other.ministeries
        for k, g in other.grondslag_voor.items():
            old = self.grondslag_voor.get(k)
            if old is None:
                self.grondslag_voor[k] = g
            else:
                old.titel = old.titel or g.titel
                old.klasse = old.klasse or g.klasse
        self.klasse = other.klasse or self.klasse
        self.afgeleid = self.afgeleid or other.afgeleid
        self.afgeleid_van |= other.afgeleid_van
        self.toelichting = other.toelichting or self.toelichting

    def voeg_citeertitel_toe(self, c: Citeertitel) -> None:
        for old in self.citeertitels:
            if old.titel == c.titel and (old.geldig_vanaf == c.geldig_vanaf or not c.geldig_vanaf or not old.geldig_vanaf):
                old.geldig_vanaf = old.geldig_vanaf or c.geldig_vanaf
                old.geldig_tot = c.geldig_tot if c.geldig_tot is not None else old.geldig_tot
                for a in c.afkortingen:
                    if a not in old.afkortingen:
                        old.afkortingen.append(a)
                return
        self.citeertitels.append(c)


@dataclass
class Toestand:
    """One consolidation of a regulation as read from one source file."""

    bwb_id: str
    datum: str  # the consolidation date (toestand `inwerkingtreding`, or the YAML's valid_from)
    titel: str  # citeertitel
    toestand_iri: str | None = None  # http://wetten.overheid.nl/id/{BWB}/{datum}/{index}
    index: int = 0
    klasse: str | None = None
    label_id: str | None = None
    stam_id: str | None = None
    versie_id: str | None = None
    delen: list[Deel] = field(default_factory=list)
    meta: RegelingMeta = field(default_factory=RegelingMeta)
    bron: str | None = None  # short description of the source file, for messages
    waarschuwingen: list[str] = field(default_factory=list)

    def bepalingen(self) -> list[Deel]:
        return [d for d in self.delen if d.is_bepaling]

    def artikelen(self) -> list[Deel]:
        return [d for d in self.delen if d.soort == "artikel"]
