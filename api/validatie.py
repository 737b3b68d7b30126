"""SHACL for submissions: only the shapes a praktijkvoorbeeld needs, parsed and prepared once.

`kennisbank.validate.Validator` validates any file against all shapes and parses a fresh copy of the
shapes graph for every call (pyshacl may write into it). For a submission that costs ~150 ms, almost all of
it in parsing and preparing shapes that can never apply. This validator:

- keeps only the node shapes for kb:Praktijkvoorbeeld and kb:Kostenpost and everything they reach
  (their property shapes, RDF lists, and the scheme-membership shapes used through sh:node), so the
  context nodes (a cited Artikel, a gemeente, a concept) are no focus node at all;
- parses that reduced graph and builds pyshacl's ShapesGraph once per thread (a ShapesGraph is never shared
  between threads: pyshacl adds its system triples to the graph and caches shapes lazily);
- reports results in the same form and with the same filtering as `kennisbank.validate` (only results about
  the resources the submission describes; blank nodes count as part of their holder).

The data graph is only the submission's own triples plus the rdf:type / skos:inScheme of the IRIs it
points to and the ontology's rdfs:subClassOf axioms (fetched by the caller with one VALUES query).
"""

from __future__ import annotations

import threading
from typing import Iterable

import pyoxigraph as ox
import rdflib
from pyshacl.graph_abstraction import DataGraph
from pyshacl.shapes_graph import ShapesGraph
from pyshacl.validator import Validator as _ShaclValidator
from rdflib.namespace import SH

from kennisbank.bronnen import to_rdflib
from kennisbank.validate import Schending, _schendingen, described_subjects

#: The node shapes a submission is validated against (local names in the shapes' namespace).
INZENDING_VORMEN = ("Praktijkvoorbeeld", "Kostenpost")
OPTIONS = {"inference": "none", "advanced": False, "allow_warnings": True, "inplace": True}


def reduced_shapes(shapes_text: str, kb_namespace: str, roots: Iterable[str] = INZENDING_VORMEN) -> str:
    """N-Triples of the node shapes `roots` (in kb_namespace's `/vormen#`) and everything they reach."""
    full = rdflib.Graph().parse(data=shapes_text, format="turtle")
    shape_ns = kb_namespace.rstrip("#") + "/vormen#"
    todo = [rdflib.URIRef(shape_ns + r) for r in roots]
    for r in todo:
        if (r, None, None) not in full:
            raise ValueError(f"vorm {r} ontbreekt in de vormregels")
    seen: set = set()
    out = rdflib.Graph()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for s, p, o in full.triples((node, None, None)):
            out.add((s, p, o))
            if isinstance(o, (rdflib.BNode, rdflib.URIRef)) and (o, None, None) in full:
                todo.append(o)
    for prefix, ns in full.namespaces():
        out.bind(prefix, ns)
    return out.serialize(format="nt")


class _Run(_ShaclValidator):
    """pyshacl's validator with a prepared ShapesGraph instead of a new one per call."""

    def __init__(self, data: rdflib.Graph, shapes: ShapesGraph):
        super().__init__(DataGraph.from_rdflib(data), shacl_graph=shapes.graph, options=dict(OPTIONS))
        self.shacl_graph = shapes  # keeps its node-shape cache between calls


class InzendingValidator:
    """Validates submissions against the reduced shapes. One per process; safe to share between threads."""

    def __init__(self, shapes_text: str, kb_namespace: str):
        self._nt = reduced_shapes(shapes_text, kb_namespace)
        self._local = threading.local()
        self.shapes_graph()  # prepared now, in the creating thread

    def shapes_graph(self) -> ShapesGraph:
        sg = getattr(self._local, "sg", None)
        if sg is None:
            g = rdflib.Graph()
            g.parse(data=self._nt, format="nt")
            sg = ShapesGraph(g)
            sg.shapes  # noqa: B018 - builds the node-shape cache once
            self._local.sg = sg
        return sg

    def validate(self, triples: list[ox.Triple], context: Iterable[tuple[str, str, str]] = ()) -> list[Schending]:
        described = set(described_subjects(triples))
        if not described:
            return []
        data = to_rdflib(triples)
        for s, p, o in context:
            data.add((rdflib.URIRef(s), rdflib.URIRef(p), rdflib.URIRef(o)))
        conforms, report, _text = _Run(data, self.shapes_graph()).run()
        if conforms:
            return []
        return _schendingen(report, data, described)

    def shape_count(self) -> int:
        g = rdflib.Graph().parse(data=self._nt, format="nt")
        return len(set(g.subjects(rdflib.RDF.type, SH.NodeShape)))
