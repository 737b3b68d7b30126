"""SHACL validation of one resource at a time, with only the context it needs.

A file (or a submission) is validated together with:
- its own triples;
- the rdf:type and skos:inScheme triples of every IRI it points to (so sh:class and scheme-membership
  constraints can be checked without loading the whole graph);
- the rdfs:subClassOf axioms of the ontology (so sh:class sees subclasses).

Nothing here ever validates or scans the whole knowledge graph. The shapes graph is parsed once and never
handed to pyshacl itself: pyshacl may write into the graph it gets, so every call gets its own copy.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Iterable

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate
from rdflib.namespace import RDF, RDFS, SH, SKOS

from .bronnen import to_rdflib

RDF_TYPE = RDF.type
TYPE_IRI = str(RDF.type)
INSCHEME_IRI = str(SKOS.inScheme)
SUBCLASS_IRI = str(RDFS.subClassOf)


@dataclass(frozen=True)
class Schending:
    """One SHACL result, in terms a person can act on."""

    focus: str
    pad: str | None
    waarde: str | None
    bericht: str
    ernst: str  # "fout" | "waarschuwing" | "info"
    shape: str | None = None

    def regel(self, bestand: str | None = None) -> str:
        parts = []
        if bestand:
            parts.append(bestand)
        parts.append(f"onderwerp {self.focus}")
        if self.pad:
            parts.append(f"eigenschap {self.pad}")
        if self.waarde:
            parts.append(f"waarde {self.waarde}")
        return " — ".join(parts) + f": {self.bericht}"


class TypeIndex:
    """rdf:type and skos:inScheme of every IRI, gathered from all files (or fetched from the store)."""

    def __init__(self) -> None:
        self.facts: dict[str, set[tuple[str, str]]] = {}

    def add_triples(self, triples: Iterable[ox.Triple]) -> None:
        for t in triples:
            p = t.predicate.value
            if (p == TYPE_IRI or p == INSCHEME_IRI or p == SUBCLASS_IRI) and isinstance(t.subject, ox.NamedNode) \
                    and isinstance(t.object, ox.NamedNode):
                self.facts.setdefault(t.subject.value, set()).add((p, t.object.value))

    def context_for(self, triples: list[ox.Triple]) -> list[tuple[str, str, str]]:
        seen: set[str] = set()
        out: list[tuple[str, str, str]] = []
        for t in triples:
            o = t.object
            if isinstance(o, ox.NamedNode) and o.value not in seen:
                seen.add(o.value)
                for p, v in self.facts.get(o.value, ()):
                    if p != SUBCLASS_IRI:
                        out.append((o.value, p, v))
        return out

    def subclass_axioms(self) -> list[tuple[str, str, str]]:
        return [(s, p, o) for s, facts in self.facts.items() for p, o in facts if p == SUBCLASS_IRI]


class Validator:
    """Validates small graphs against the shapes. Safe to share between threads."""

    def __init__(self, shapes_text: str):
        self._shapes_text = shapes_text
        self._shapes_nt = rdflib.Graph().parse(data=shapes_text, format="turtle").serialize(format="nt")
        self._local = threading.local()

    def _shapes(self) -> rdflib.Graph:
        # A private, fresh copy per call: pyshacl may add triples to the shapes graph it is given.
        g = rdflib.Graph()
        g.parse(data=self._shapes_nt, format="nt")
        return g

    def validate(self, triples: list[ox.Triple], context: Iterable[tuple[str, str, str]] = ()) -> list[Schending]:
        data = to_rdflib(triples)
        for s, p, o in context:
            data.add((rdflib.URIRef(s), rdflib.URIRef(p), rdflib.URIRef(o)))
        conforms, report, _text = shacl_validate(
            data, shacl_graph=self._shapes(), inference="none", advanced=True, allow_warnings=True,
        )
        if conforms:
            return []
        return _schendingen(report)


_SEVERITY = {SH.Violation: "fout", SH.Warning: "waarschuwing", SH.Info: "info"}


def _schendingen(report: rdflib.Graph) -> list[Schending]:
    out = []
    for res in report.subjects(RDF_TYPE, SH.ValidationResult):
        msgs = [m for m in report.objects(res, SH.resultMessage)]
        nl = [m for m in msgs if getattr(m, "language", None) == "nl"]
        bericht = str((nl or msgs or ["Dit gegeven voldoet niet aan de regels van de kennisbank."])[0])
        focus = report.value(res, SH.focusNode)
        pad = report.value(res, SH.resultPath)
        waarde = report.value(res, SH.value)
        out.append(Schending(
            focus=_show(focus),
            pad=_show(pad) if pad is not None else None,
            waarde=_show(waarde) if waarde is not None else None,
            bericht=bericht,
            ernst=_SEVERITY.get(report.value(res, SH.resultSeverity), "fout"),
            shape=_show(report.value(res, SH.sourceShape)),
        ))
    out.sort(key=lambda s: (s.focus, s.pad or "", s.bericht))
    return out


def _show(term) -> str:
    if term is None:
        return ""
    if isinstance(term, rdflib.BNode):
        return "[naamloos onderdeel]"
    return str(term)
