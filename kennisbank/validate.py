"""SHACL validation of one resource at a time, with only the context it needs.

A file (or a submission) is validated together with:
- its own triples;
- the rdf:type and skos:inScheme triples of every IRI it points to (so sh:class and scheme-membership
  constraints can be checked without loading the whole graph);
- the rdfs:subClassOf axioms of the ontology (so sh:class sees subclasses).

Nothing here ever validates or scans the whole knowledge graph. The shapes graph is parsed once and never
shared between threads: pyshacl writes into the graph it gets, so every thread prepares its own.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Iterable

import pyoxigraph as ox
import rdflib
from pyshacl.graph_abstraction import DataGraph
from pyshacl.shapes_graph import ShapesGraph
from pyshacl.validator import Validator as _ShaclValidator
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
    owner: str | None = None  # the described IRI the result is about (a blank node's holder)

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
    """Validates small graphs against the shapes. One per process; safe to share between threads.

    The shapes are parsed and prepared (pyshacl's ShapesGraph) once per thread and reused: pyshacl adds its
    own triples to a shapes graph and caches shapes lazily, so a prepared graph is never shared between
    threads. `roots` keeps only those node shapes (local names, e.g. "Praktijkvoorbeeld") and everything they
    reach — for a submission the other shapes can never apply and only cost time.
    """

    def __init__(self, shapes_text: str, roots: Iterable[str] | None = None):
        full = rdflib.Graph().parse(data=shapes_text, format="turtle")
        self._nt = (_reachable(full, roots) if roots else full).serialize(format="nt")
        self._local = threading.local()
        self._prepared()  # fail early on broken shapes, and warm the creating thread

    def _prepared(self) -> ShapesGraph:
        sg = getattr(self._local, "shapes", None)
        if sg is None:
            g = rdflib.Graph()
            g.parse(data=self._nt, format="nt")
            sg = ShapesGraph(g)
            sg.shapes  # noqa: B018 - builds the node-shape cache once
            self._local.shapes = sg
        return sg

    def node_shape_count(self) -> int:
        """How many node shapes this validator checks against (fewer with `roots`)."""
        g = rdflib.Graph().parse(data=self._nt, format="nt")
        return len(set(g.subjects(RDF_TYPE, SH.NodeShape)))

    def validate(self, triples: list[ox.Triple], context: Iterable[tuple[str, str, str]] = ()) -> list[Schending]:
        """Validate the resources described in `triples`; `context` only helps (types of what they point to).

        Only results about the IRIs the triples describe (subjects with more than a type or scheme) are
        reported: the resources borrowed through the context are checked in their own file. Blank nodes
        (citeringen, kostenposten) count as part of the resource that holds them.
        """
        described = set(described_subjects(triples))
        if not described:
            return []
        data = to_rdflib(triples)
        for s, p, o in context:
            data.add((rdflib.URIRef(s), rdflib.URIRef(p), rdflib.URIRef(o)))
        conforms, report, _text = _PreparedRun(data, self._prepared()).run()
        if conforms:
            return []
        return schendingen(report, data, described)


class _PreparedRun(_ShaclValidator):
    """pyshacl's validator on a prepared ShapesGraph instead of a new one per call."""

    def __init__(self, data: rdflib.Graph, shapes: ShapesGraph):
        super().__init__(DataGraph.from_rdflib(data), shacl_graph=shapes.graph,
                         options={"inference": "none", "advanced": False, "allow_warnings": True, "inplace": True})
        self.shacl_graph = shapes  # keeps its node-shape cache between calls


def _reachable(full: rdflib.Graph, roots: Iterable[str]) -> rdflib.Graph:
    """The node shapes `roots` (local names next to the shapes' own namespace) and all they reach."""
    shape_ns = {str(s).rsplit("#", 1)[0] + "#" for s in full.subjects(RDF_TYPE, SH.NodeShape)}
    todo = []
    for r in roots:
        found = [rdflib.URIRef(ns + r) for ns in shape_ns if (rdflib.URIRef(ns + r), None, None) in full]
        if not found:
            raise ValueError(f"vorm {r} ontbreekt in de vormregels")
        todo.extend(found)
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
    return out


_BOOKKEEPING = {TYPE_IRI, INSCHEME_IRI}


def described_subjects(triples: Iterable[ox.Triple]) -> list[str]:
    """IRIs that the triples say more about than their type or scheme."""
    return sorted({t.subject.value for t in triples
                   if isinstance(t.subject, ox.NamedNode) and t.predicate.value not in _BOOKKEEPING})


_SEVERITY = {SH.Violation: "fout", SH.Warning: "waarschuwing", SH.Info: "info"}


def schendingen(report: rdflib.Graph, data: rdflib.Graph, described: set[str]) -> list[Schending]:
    """Results about the resources this graph describes; results about resources it only points to (whose
    types came in as context) belong to the file that describes them and are dropped here."""
    out = []
    details = set(report.objects(None, SH.detail))
    for res in report.subjects(RDF_TYPE, SH.ValidationResult):
        if res in details or _owner(report.value(res, SH.focusNode), data) not in described:
            continue
        for r in _most_specific(report, res):
            out.append(_schending(report, r, data))
    out = sorted(set(out), key=lambda s: (s.focus, s.pad or "", s.bericht))
    return out


def _most_specific(report: rdflib.Graph, res) -> list:
    """A failed sh:node on a blank node (a citering, a kostenpost) says only "not valid"; its details say
    what is wrong, so report those. A failed sh:node on an IRI (a concept outside its scheme) is clearer
    in the words of the outer shape."""
    inner = list(report.objects(res, SH.detail))
    if inner and all(isinstance(report.value(d, SH.focusNode), rdflib.BNode) for d in inner):
        return [x for d in inner for x in _most_specific(report, d)]
    return [res]


def _schending(report: rdflib.Graph, res, data: rdflib.Graph) -> Schending:
    msgs = list(report.objects(res, SH.resultMessage))
    nl = [m for m in msgs if getattr(m, "language", None) == "nl"]
    bericht = str((nl or msgs or ["Dit gegeven voldoet niet aan de regels van de kennisbank."])[0])
    pad = report.value(res, SH.resultPath)
    waarde = report.value(res, SH.value)
    focus = report.value(res, SH.focusNode)
    return Schending(
        owner=_owner(focus, data),
        focus=_show_focus(focus, data),
        pad=_show(pad) if pad is not None else None,
        waarde=_show(waarde) if waarde is not None else None,
        bericht=bericht,
        ernst=_SEVERITY.get(report.value(res, SH.resultSeverity), "fout"),
        shape=_show(report.value(res, SH.sourceShape)),
    )


def _owner(term, data: rdflib.Graph, depth: int = 0) -> str | None:
    """The IRI a result is about: the focus itself, or for a blank node the resource that holds it."""
    if isinstance(term, rdflib.URIRef):
        return str(term)
    if isinstance(term, rdflib.BNode) and depth < 10:
        for s in data.subjects(None, term):
            return _owner(s, data, depth + 1)
    return None


def _show_focus(term, data: rdflib.Graph) -> str:
    """A blank node (a citering, a kostenpost) is shown as the resource that holds it, e.g.
    `https://…/knelpunt/x › citeert`."""
    if isinstance(term, rdflib.BNode):
        for s, p in data.subject_predicates(term):
            local = str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            return f"{_show_focus(s, data)} › {local}"
    return _show(term)


def _show(term) -> str:
    if term is None:
        return ""
    if isinstance(term, rdflib.BNode):
        return "[naamloos onderdeel]"
    return str(term)


# --- many files at once ------------------------------------------------------------------------------------

#: Files smaller than this (in triples) are validated together: pyshacl's cost per call dominates for them.
BATCH_TRIPLES = 6000


def validate_files(shapes_text: str, items: list[tuple[str, list[ox.Triple], list[tuple[str, str, str]]]],
                   progress=None, workers: int | None = None) -> dict[str, list[Schending]]:
    """Validate files (rel, triples, context) and return the violations per file.

    Small files are validated in batches and batches are spread over worker processes; a result is
    attributed to every file that describes its subject, so the outcome is the same as one file at a time
    for files that each describe their own resources.
    """
    batches: list[list[int]] = []
    current: list[int] = []
    size = 0
    for i in sorted(range(len(items)), key=lambda i: len(items[i][1])):
        n = len(items[i][1])
        if current and size + n > BATCH_TRIPLES:
            batches.append(current)
            current, size = [], 0
        current.append(i)
        size += n
    if current:
        batches.append(current)

    payloads = []
    for batch in batches:
        triples = [t for i in batch for t in items[i][1]]
        context = sorted({c for i in batch for c in items[i][2]})
        payloads.append((shapes_text, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), context))

    owners: dict[str, list[str]] = {}
    for rel, triples, _ in items:
        for iri in described_subjects(triples):
            owners.setdefault(iri, []).append(rel)

    result: dict[str, list[Schending]] = {rel: [] for rel, _, _ in items}
    done = 0

    def collect(batch: list[int], found: list[Schending]) -> None:
        nonlocal done
        for s in found:
            for rel in owners.get(s.owner or "", []):
                result[rel].append(s)
        done += len(batch)
        if progress:
            progress(done, len(items))

    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    if workers <= 1 or len(payloads) <= 1:
        for batch, payload in zip(batches, payloads):
            collect(batch, _validate_payload(payload))
    else:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        # biggest first, so the two workers finish together
        order = sorted(range(len(payloads)), key=lambda k: -len(payloads[k][1]))
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            futures = {pool.submit(_validate_payload, payloads[k]): k for k in order}
            from concurrent.futures import as_completed

            for fut in as_completed(futures):
                collect(batches[futures[fut]], fut.result())
    return result


_WORKER_VALIDATOR: dict[str, Validator] = {}


def _validate_payload(payload) -> list[Schending]:
    shapes_text, ntriples, context = payload
    validator = _WORKER_VALIDATOR.get(shapes_text)
    if validator is None:
        validator = _WORKER_VALIDATOR[shapes_text] = Validator(shapes_text)
    triples = [q.triple for q in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)]
    return validator.validate(triples, context)


#: The node shapes a submission is validated against (local names in the shapes' namespace).
INZENDING_VORMEN = ("Praktijkvoorbeeld", "Kostenpost")


class InzendingValidator(Validator):
    """SHACL for submissions: only the shapes a praktijkvoorbeeld needs, prepared once per thread.

    The same validator as a file in the build, reduced to the node shapes for kb:Praktijkvoorbeeld and
    kb:Kostenpost and everything they reach, so that the context nodes (a cited Artikel, a gemeente, a concept)
    are never a focus node and no time goes to shapes that cannot apply. The data graph is only the submission's
    own triples plus the rdf:type / skos:inScheme of the IRIs it points to and the ontology's rdfs:subClassOf
    axioms (fetched by the caller with one query)."""

    def __init__(self, shapes_text: str, kb_namespace: str | None = None):
        super().__init__(shapes_text, roots=INZENDING_VORMEN)

    def shape_count(self) -> int:
        return self.node_shape_count()
