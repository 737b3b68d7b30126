"""What signalering reads from the knowledge graph, collected in one pass over the triples.

The input is any iterable of pyoxigraph triples (the build's parsed files plus published submissions, or an
export of the public store). Only the few properties signalering needs are kept: regelingen, provisions with
their versions, curated norms, knelpunten with their citations, published cases with their references and the
SKOS concepts with their labels.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable

import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
ELI = "http://data.europa.eu/eli/ontology#"


@dataclass
class Versie:
    iri: str
    tekst: str = ""
    vanaf: str | None = None  # ISO date
    tot: str | None = None
    vervallen: bool = False
    link: str | None = None


@dataclass
class Bepaling:
    iri: str
    soort: str = ""  # Artikel, Lid, Onderdeel
    regeling: str = ""  # IRI of the Regeling
    ouder: str | None = None  # eli:is_part_of (a Bepaling or a structure element)
    nummer: str = ""  # eli:id_local
    opschrift: str = ""
    volgorde: int = 0
    versies: list[Versie] = field(default_factory=list)
    verwijst: set[str] = field(default_factory=set)  # kb:verwijstNaar: provisions its text refers to

    def geldig(self, datum: str) -> Versie | None:
        """The version valid on `datum` (ISO); else the latest that started before it; else the first one."""
        started = [v for v in self.versies if (v.vanaf or "") <= datum]
        valid = [v for v in started if v.tot is None or v.tot >= datum]
        pool = valid or started
        if pool:
            return max(pool, key=lambda v: v.vanaf or "")
        return min(self.versies, key=lambda v: v.vanaf or "") if self.versies else None


@dataclass
class Norm:
    iri: str
    bepaling: str
    normtype: str | None = None
    handeling: str | None = None
    doelgroep: str | None = None
    richting: str | None = None
    label: str = ""


@dataclass
class Citering:
    bepaling: str
    peildatum: str | None = None


@dataclass
class Knelpunt:
    iri: str
    titel: str = ""
    kenmerk: str = ""
    citeringen: list[Citering] = field(default_factory=list)
    doelgroepen: set[str] = field(default_factory=set)


@dataclass
class Geval:
    """A published case (Praktijkvoorbeeld) with its recognised references."""

    iri: str
    bepalingen: set[str] = field(default_factory=set)
    knelpunten: set[str] = field(default_factory=set)
    gepubliceerd: bool = True


@dataclass
class Begrip:
    iri: str
    schema: str = ""
    labels: list[str] = field(default_factory=list)  # prefLabel first
    breder: set[str] = field(default_factory=set)


@dataclass
class Regeling:
    iri: str
    bwb: str = ""
    titel: str = ""
    afkorting: str = ""


@dataclass
class Gegevens:
    regelingen: dict[str, Regeling] = field(default_factory=dict)
    bepalingen: dict[str, Bepaling] = field(default_factory=dict)
    normen: dict[str, Norm] = field(default_factory=dict)
    knelpunten: dict[str, Knelpunt] = field(default_factory=dict)
    gevallen: dict[str, Geval] = field(default_factory=dict)
    begrippen: dict[str, Begrip] = field(default_factory=dict)
    vandaag: str = field(default_factory=lambda: dt.date.today().isoformat())

    # --- helpers ---------------------------------------------------------------------------------------
    def artikel_van(self, iri: str) -> str | None:
        """The Artikel a provision belongs to (itself for an Artikel)."""
        seen = 0
        b = self.bepalingen.get(iri)
        while b is not None and seen < 10:
            if b.soort == "Artikel":
                return b.iri
            b = self.bepalingen.get(b.ouder or "")
            seen += 1
        return None

    def lid_of_artikel(self, iri: str) -> str:
        """The Lid (or, without leden, the Artikel) a provision belongs to: the unit norms are derived for."""
        b = self.bepalingen.get(iri)
        seen = 0
        while b is not None and b.soort == "Onderdeel" and seen < 10:
            b = self.bepalingen.get(b.ouder or "")
            seen += 1
        return b.iri if b is not None else iri

    def verwijzen(self, a: str, b: str) -> bool:
        """Whether the text of one provision (or its article) refers to the other (or its article)."""
        arts = {x: self.artikel_van(x) or x for x in (a, b)}
        for x, y in ((a, b), (b, a)):
            for bron in {x, arts[x]}:
                doelen = self.bepalingen[bron].verwijst if bron in self.bepalingen else set()
                if y in doelen or arts[y] in doelen or any((self.artikel_van(d) or d) == arts[y] for d in doelen):
                    return True
        return False

    def tekst(self, iri: str, datum: str | None = None) -> str:
        b = self.bepalingen.get(iri)
        if b is None:
            return ""
        v = b.geldig(datum or self.vandaag)
        return v.tekst if v else ""


def _date(term) -> str | None:
    return term.value[:10] if isinstance(term, ox.Literal) else None


def lees(triples: Iterable[ox.Triple], kb: str) -> Gegevens:
    """Collect everything signalering needs from `triples`; `kb` is the ontology namespace (`…/def/kb#`)."""
    g = Gegevens()
    types: dict[str, set[str]] = {}
    versies: dict[str, Versie] = {}
    prov_versies: dict[str, list[str]] = {}
    cit_nodes: dict[str, Citering] = {}
    knelpunt_cit: dict[str, list[str]] = {}
    rest: list[tuple[str, str, object]] = []
    K = kb
    wanted = {
        K + "regeling", ELI + "is_part_of", ELI + "id_local", K + "opschrift", K + "volgorde", K + "versie",
        K + "tekst", K + "samenvatting", K + "geldigVanaf", K + "geldigTot", K + "wijzigingsaard", K + "wettenLink",
        K + "normVan", K + "normtype", K + "handeling", K + "doelgroep", K + "richting", RDFS + "label",
        K + "citeert", K + "bepaling", K + "peildatum", DCT + "title", DCT + "identifier", K + "betreftBepaling",
        K + "ondersteunt", K + "beoordelingsstatus", SKOS + "prefLabel", SKOS + "altLabel", SKOS + "inScheme",
        SKOS + "broader", K + "bwbId", K + "afkorting", K + "norm", K + "verwijstNaar",
    }
    for t in triples:
        p = t.predicate.value
        s = t.subject.value
        if p == RDF_TYPE:
            types.setdefault(s, set()).add(t.object.value)
        elif p in wanted:
            rest.append((s, p, t.object))
    kinds = {K + "Artikel": "Artikel", K + "Lid": "Lid", K + "Onderdeel": "Onderdeel"}
    regeling_types = {K + x for x in ("Regeling", "Wet", "AMvB", "MinisterieleRegeling", "GemeentelijkeVerordening",
                                      "Beleidsregel", "Beroepscode", "EUVerordening")}
    for s, ts in types.items():
        for k, soort in kinds.items():
            if k in ts:
                g.bepalingen[s] = Bepaling(s, soort)
        if ts & regeling_types:
            g.regelingen[s] = Regeling(s, bwb=s.rsplit("/", 1)[-1])
        if K + "Versie" in ts:
            versies[s] = Versie(s)
        if K + "Norm" in ts and K + "AfgeleideNorm" not in ts:  # a previous run's derived norms are no input
            g.normen[s] = Norm(s, "")
        if K + "Knelpunt" in ts:
            g.knelpunten[s] = Knelpunt(s)
        if K + "Praktijkvoorbeeld" in ts:
            g.gevallen[s] = Geval(s)
        if SKOS + "Concept" in ts:
            g.begrippen[s] = Begrip(s)
    status: dict[str, str] = {}
    pref: dict[str, str] = {}
    for s, p, o in rest:
        v = o.value
        if p == K + "citeert" and s in g.knelpunten:
            knelpunt_cit.setdefault(s, []).append(v)
            continue
        if p == K + "bepaling":
            cit_nodes.setdefault(s, Citering("")).bepaling = v
            continue
        if p == K + "peildatum":
            cit_nodes.setdefault(s, Citering("")).peildatum = _date(o)
            continue
        b = g.bepalingen.get(s)
        if b is not None:
            if p == K + "regeling":
                b.regeling = v
            elif p == ELI + "is_part_of":
                b.ouder = v
            elif p == ELI + "id_local":
                b.nummer = v
            elif p == K + "opschrift":
                b.opschrift = v
            elif p == K + "volgorde":
                try:
                    b.volgorde = int(v)
                except ValueError:
                    pass
            elif p == K + "versie":
                prov_versies.setdefault(s, []).append(v)
            elif p == K + "verwijstNaar":
                b.verwijst.add(v)
            continue
        ver = versies.get(s)
        if ver is not None:
            if p in (K + "tekst", K + "samenvatting"):
                if p == K + "tekst" or not ver.tekst:
                    ver.tekst = v
            elif p == K + "geldigVanaf":
                ver.vanaf = _date(o)
            elif p == K + "geldigTot":
                ver.tot = _date(o)
            elif p == K + "wijzigingsaard":
                ver.vervallen = v.endswith("/vervallen")
            elif p == K + "wettenLink":
                ver.link = v
            continue
        n = g.normen.get(s)
        if n is not None:
            if p == K + "normVan":
                n.bepaling = v
            elif p in (K + "normtype", K + "handeling", K + "doelgroep", K + "richting"):
                setattr(n, p[len(K):], v)
            elif p == RDFS + "label":
                n.label = v
            continue
        if p == K + "norm" and not isinstance(o, ox.Literal):
            if v in g.normen:
                g.normen[v].bepaling = g.normen[v].bepaling or s
            continue
        kp = g.knelpunten.get(s)
        if kp is not None:
            if p == DCT + "title":
                kp.titel = v
            elif p == DCT + "identifier":
                kp.kenmerk = v
            elif p == K + "doelgroep":
                kp.doelgroepen.add(v)
            continue
        gv = g.gevallen.get(s)
        if gv is not None:
            if p == K + "betreftBepaling":
                gv.bepalingen.add(v)
            elif p == K + "ondersteunt":
                gv.knelpunten.add(v)
            elif p == K + "beoordelingsstatus":
                status[s] = v
            continue
        c = g.begrippen.get(s)
        if c is not None:
            if p == SKOS + "prefLabel":
                pref[s] = v
            elif p == SKOS + "altLabel":
                c.labels.append(v)
            elif p == SKOS + "inScheme":
                c.schema = v
            elif p == SKOS + "broader":
                c.breder.add(v)
            continue
        r = g.regelingen.get(s)
        if r is not None:
            if p == K + "bwbId":
                r.bwb = v
            elif p == DCT + "title" and not r.titel:
                r.titel = v
            elif p == K + "afkorting" and not r.afkorting:
                r.afkorting = v
    for s, c in g.begrippen.items():
        if s in pref:
            c.labels.insert(0, pref[s])
    for s, lst in prov_versies.items():
        g.bepalingen[s].versies = [versies[v] for v in lst if v in versies]
    for s, nodes in knelpunt_cit.items():
        g.knelpunten[s].citeringen = [cit_nodes[n] for n in nodes if n in cit_nodes and cit_nodes[n].bepaling]
    for s, gv in list(g.gevallen.items()):
        gv.gepubliceerd = status.get(s, "").endswith("/gepubliceerd") or s not in status
    g.normen = {k: n for k, n in g.normen.items() if n.bepaling and n.normtype}
    return g
