"""Files versus revisions at build time: which state of an editorial resource is current.

For every file under knelpunten/, praktijkvoorbeelden/ and experimenten/ (one resource per file; a file with
several resources is tracked under its graph IRI) the build compares the file with the revision journal
(kennisbank/revisies.py):

1. No revision yet: the file is imported as revision 1 (attributed to the file).
2. The file did not change since its last import (same sha256): the current revision stays current. A file
   never overrides later edits.
3. The file changed since its last import and nobody else changed the resource since: the file becomes a new,
   current revision.
4. The file changed AND the resource was edited (API, werkruimte) since the last import: a CONFLICT. Both are
   kept as revisions. The rule: **the last edit made through the API/werkruimte stays current**; the file's
   version is stored as a revision that is not current (`geldend: false`, `conflict`), and the build names it.
   To make the file's version current: `kennisbank export`, merge by hand, commit, build (the file then changed
   since its import without a later edit: rule 3).

Content equal to the current revision adds no revision (the import is recorded, the history stays quiet).
Knelpunten made through the API that have no file are taken from their current revision as well. A file that
was removed from the repository is a removal revision (the resource leaves the store), unless the resource was
edited since its last import: then that is a conflict and the edit stays current.
Decisions are made before validation (the build validates what will be current); the file revisions are
appended only after validation succeeded, and re-checked under the journal's lock then (an edit that arrived
meanwhile turns a file revision into a conflict).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from .revisies import Journaal, Revisie, canoniek

REDACTIONELE_MAPPEN = {"knelpunten": "knelpunt", "praktijkvoorbeelden": "praktijkvoorbeeld", "experimenten": "experiment"}
KLASSEN = {"knelpunt": "Knelpunt", "praktijkvoorbeeld": "Praktijkvoorbeeld", "experiment": "Experiment"}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass
class Conflict:
    iri: str
    bestand: str
    geldend: int  # nr of the revision that stays current
    bestandsrevisie: int = 0

    def regel(self) -> str:
        return (f"{self.bestand}: zowel het bestand als een bewerking via de API veranderden {self.iri} sinds de "
                f"vorige import; revisie {self.geldend} (API) blijft geldend, de bestandsversie is bewaard als "
                f"revisie {self.bestandsrevisie}.")


@dataclass
class Afstemming:
    positie: int = 0  # journal position the build read
    vervangen: dict[str, list[ox.Triple]] = field(default_factory=dict)  # file rel -> current triples
    alleen_revisie: list[tuple[str, bytes]] = field(default_factory=list)  # (graph, N-Triples) without a file
    nieuw: list[tuple[Revisie, int | None]] = field(default_factory=list)  # (revision to append, last nr seen)
    conflicten: list[Conflict] = field(default_factory=list)


def hoofdbron(triples: list[ox.Triple], soort: str, kb: str, graaf: str) -> str:
    klasse = kb + KLASSEN[soort]
    found = sorted({t.subject.value for t in triples if t.predicate.value == RDF_TYPE and t.object.value == klasse
                    and isinstance(t.subject, ox.NamedNode)})
    return found[0] if len(found) == 1 else graaf


def stem_af(journaal: Journaal, files, parsed: dict[str, list[ox.Triple]], kb: str) -> Afstemming:
    a = Afstemming(positie=journaal.positie())
    file_graphs = set()
    for f in files:
        soort = REDACTIONELE_MAPPEN.get(f.rel.split("/", 1)[0])
        if soort is None:
            continue
        file_graphs.add(f.graph)
        triples = parsed[f.rel]
        iri = hoofdbron(triples, soort, kb, f.graph)
        inhoud = canoniek(triples)
        revs = journaal.revisies(iri)
        laatst = revs[-1].nr if revs else None
        huidig = journaal.huidig(iri)

        def bestandsrevisie(**extra) -> Revisie:
            return Revisie(iri=iri, soort=soort, graaf=f.graph, rol="bestand", bron="bestand", bestand=f.rel,
                           sha=f.sha256, inhoud=inhoud, **extra)

        if not revs:
            a.nieuw.append((bestandsrevisie(velden=["*"], notitie="eerste import"), laatst))
            continue
        vorige_import = next((r for r in reversed(revs) if r.bron == "bestand"), None)
        if vorige_import is not None and vorige_import.sha == f.sha256:  # rule 2: unchanged file
            if huidig is not None and huidig.inhoud != inhoud:
                a.vervangen[f.rel] = huidig.triples()
            continue
        sinds = [r for r in revs if vorige_import is None or r.nr > vorige_import.nr]
        bewerkt = [r for r in sinds if r.bron != "bestand"]
        if huidig is not None and huidig.inhoud == inhoud:  # the file says what is current: record the import
            a.nieuw.append((bestandsrevisie(velden=[]), laatst))
        elif bewerkt and huidig is not None:  # rule 4: conflict, the edit stays current
            a.nieuw.append((bestandsrevisie(velden=["*"], geldend=False, conflict={"geldend": huidig.nr}), laatst))
            a.vervangen[f.rel] = huidig.triples()
            a.conflicten.append(Conflict(iri, f.rel, huidig.nr))
        else:  # rule 3
            a.nieuw.append((bestandsrevisie(velden=["*"]), laatst))
    for iri in journaal.bronnen():
        h = journaal.huidig(iri)
        if h is None or h.graaf in file_graphs or h.verwijderd or "/graaf/inzending/" in h.graaf:
            continue
        revs = journaal.revisies(iri)
        vorige_import = next((r for r in reversed(revs) if r.bron == "bestand" and r.bestand), None)
        if vorige_import is not None and vorige_import.verwijderd and not vorige_import.geldend:
            pass  # a removal that lost a conflict earlier: the edit stays current, reported once
        elif vorige_import is not None:  # its file was removed from the repository
            bewerkt = [r for r in revs if r.nr > vorige_import.nr and r.bron != "bestand"]
            if not bewerkt:  # nobody edited it since: the removal is a revision, attributed to the file
                a.nieuw.append((Revisie(iri=iri, soort=h.soort, graaf=h.graaf, rol="bestand", bron="bestand",
                                        bestand=vorige_import.bestand, sha=None, verwijderd=True, velden=["*"],
                                        notitie="bestand verwijderd"), revs[-1].nr))
                continue
            # removed AND edited: a conflict; the edit stays current (and in the store)
            a.nieuw.append((Revisie(iri=iri, soort=h.soort, graaf=h.graaf, rol="bestand", bron="bestand",
                                    bestand=vorige_import.bestand, sha=None, verwijderd=True, velden=["*"],
                                    geldend=False, conflict={"geldend": h.nr}, notitie="bestand verwijderd"),
                           revs[-1].nr))
            a.conflicten.append(Conflict(iri, vorige_import.bestand or "", h.nr))
        elif h.soort != "knelpunt":
            continue
        a.alleen_revisie.append((h.graaf, h.inhoud.encode("utf-8")))
    return a


def leg_vast(journaal: Journaal, a: Afstemming) -> None:
    """Append the build's file revisions (after validation succeeded). An edit that arrived after the build
    read the journal turns a file revision into a conflict: the edit stays current."""
    if not a.nieuw:
        return
    revisies = [r for r, _ in a.nieuw]

    def controle(j: Journaal) -> None:
        for r, laatst in a.nieuw:
            revs = j.revisies(r.iri)
            nu_laatst = revs[-1].nr if revs else None
            if nu_laatst != laatst and r.geldend and r.velden:
                later = [x for x in revs if laatst is None or x.nr > laatst]
                if any(x.bron != "bestand" for x in later):
                    huidig = j.huidig(r.iri)
                    r.geldend = False
                    r.conflict = {"geldend": huidig.nr if huidig else None}
                    a.conflicten.append(Conflict(r.iri, r.bestand or "", huidig.nr if huidig else 0))

    journaal.voeg_toe(revisies, controle)
    per_iri = {r.iri: r for r in revisies}
    for c in a.conflicten:
        r = per_iri.get(c.iri)
        if r is not None:
            c.bestandsrevisie = r.nr
