"""OWL reasoning with owlready2 + HermiT over the ontology and the IRI-to-IRI facts of the data.

`reason(tbox, abox)` returns the rdf:type and object-property triples that follow from the ontology but were
not asserted, for the graph `{base}/graaf/afgeleid/redeneerder`. What goes to Java:
- the ontology's axioms (no annotation texts, no datatype ranges: our literals never reach the reasoner,
  and xsd:date / rdf:langString are outside HermiT's OWL 2 datatype map anyway);
- from the data only rdf:type triples to declared classes and object-property triples between IRIs
  (blank nodes are given temporary IRIs and left out of the result). No literal, so no article text.

Every call uses a fresh in-memory owlready2 World, so calls are independent and repeatable in one process.
When the data contradict the ontology (an IRI that is both a Knelpunt and an Artikel), a KennisbankFout
names the individuals and classes involved, found by a small Python check of the disjointness axioms.
"""

from __future__ import annotations

import io
import itertools
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

import rdflib
from rdflib import OWL, RDF, RDFS, BNode, Literal, URIRef

from .fouten import KennisbankFout

Triple = tuple[str, str, str]

_SKOLEM = "urn:x-kennisbank-skolem:"
_OWL_NS = str(OWL)
_RDF_NS = str(RDF)
_BUILTIN_CLASSES = {OWL.Thing, OWL.Nothing, OWL.NamedIndividual, OWL.Class, OWL.Ontology, RDFS.Class}
_LOCK = threading.Lock()  # owlready2 keeps some module-level state; one reasoning run at a time


@dataclass
class Redenering:
    """Result of one run: the inferred triples plus figures for logs and benchmarks."""

    afgeleid: list[Triple] = field(default_factory=list)
    individuen: int = 0
    beweringen: int = 0
    seconden_hermit: float = 0.0
    seconden_totaal: float = 0.0


def reason(tbox: rdflib.Graph, abox: rdflib.Graph, *, property_values: bool = True) -> list[Triple]:
    """Inferred rdf:type and object-property triples (as IRI strings) that `abox` + `tbox` did not assert."""
    return redeneer(tbox, abox, property_values=property_values).afgeleid


def redeneer(tbox: rdflib.Graph, abox: rdflib.Graph, *, property_values: bool = True) -> Redenering:
    """Like reason(), with figures. `property_values=False` skips HermiT's property-value pass (-Y): faster,
    and for this ontology only inverses and sub-properties are lost, which are added in Python anyway."""
    t0 = time.perf_counter()
    voc = _Vocabulary(tbox)
    program, facts, individuals = _program(voc, tbox, abox)
    result = Redenering(individuen=len(individuals), beweringen=len(facts))
    if not individuals:
        result.seconden_totaal = time.perf_counter() - t0
        return result
    data = program.serialize(format="nt", encoding="utf-8")

    with _LOCK:
        inferred_types, inferred_links, seconds = _run_hermit(data, voc, facts, individuals, property_values)
    result.seconden_hermit = seconds

    asserted = {(str(s), str(p), str(o)) for s, p, o in facts}
    out: set[Triple] = set()
    for s, p, o in itertools.chain(inferred_types, voc.close_links(inferred_links | _links(facts, voc))):
        if s.startswith(_SKOLEM) or o.startswith(_SKOLEM):
            continue
        if (s, p, o) not in asserted:
            out.add((s, p, o))
    result.afgeleid = sorted(out)
    result.seconden_totaal = time.perf_counter() - t0
    return result


def reasoner_input(tbox: rdflib.Graph, abox: rdflib.Graph) -> rdflib.Graph:
    """Exactly what is handed to HermiT for this TBox and ABox (for inspection and tests)."""
    return _program(_Vocabulary(tbox), tbox, abox)[0]


def _program(voc: "_Vocabulary", tbox: rdflib.Graph, abox: rdflib.Graph) -> tuple[rdflib.Graph, list, set]:
    facts, individuals = voc.facts(tbox, abox)
    program = rdflib.Graph()
    for t in voc.axioms():
        program.add(t)
    for t in facts:
        program.add(t)
    for i in individuals:
        program.add((i, RDF.type, OWL.NamedIndividual))
    return program, facts, individuals


def _links(facts: list, voc: "_Vocabulary") -> set[Triple]:
    return {(str(s), str(p), str(o)) for s, p, o in facts if p in voc.object_properties}


# --- the Java run -------------------------------------------------------------------------------------------------

def _run_hermit(data: bytes, voc: "_Vocabulary", facts: list, individuals: set,
                property_values: bool) -> tuple[set[Triple], set[Triple], float]:
    try:
        import owlready2
        from owlready2.base import OwlReadyInconsistentOntologyError, OwlReadyJavaError
    except ImportError as e:  # pragma: no cover - a broken installation
        raise KennisbankFout("De redeneerder kan niet starten omdat owlready2 niet is geïnstalleerd.") from e

    world = owlready2.World()  # in-memory quadstore of its own
    try:
        world.get_ontology("urn:x-kennisbank:redeneerder").load(fileobj=io.BytesIO(data), format="ntriples")
        t0 = time.perf_counter()
        try:
            owlready2.sync_reasoner_hermit(world, infer_property_values=property_values, debug=0,
                                           ignore_unsupported_datatypes=True)
        except OwlReadyInconsistentOntologyError:
            raise _inconsistency(voc, facts) from None
        except OwlReadyJavaError as e:
            first = next((line for line in str(e).splitlines() if "Exception" in line or "Error" in line), str(e))
            raise KennisbankFout("De redeneerder (HermiT) is vastgelopen; de meldingen van Java staan hieronder.",
                                 [first.strip()[:500]]) from None
        except FileNotFoundError:
            raise KennisbankFout("De redeneerder kan niet draaien omdat Java niet is gevonden; "
                                 "installeer Java 11 of nieuwer.") from None
        seconds = time.perf_counter() - t0
        return _read_world(world, voc, individuals) + (seconds,)
    finally:
        try:
            world.close()
        except Exception:  # pragma: no cover - closing an in-memory store
            pass


def _read_world(world, voc: "_Vocabulary", individuals: set) -> tuple[set[Triple], set[Triple]]:
    """All named types (with their superclasses) and object-property links of our individuals."""
    names = {str(i) for i in individuals}
    g = world.as_rdflib_graph()
    types: dict[str, set[str]] = defaultdict(set)
    links: set[Triple] = set()
    props = {str(p) for p in voc.object_properties}
    for s, p, o in g.triples((None, None, None)):
        if not isinstance(s, URIRef) or not isinstance(o, URIRef):
            continue
        s_, p_, o_ = str(s), str(p), str(o)
        if s_ not in names:
            continue
        if p == RDF.type:
            if o in voc.classes:
                types[s_].add(o_)
        elif p_ in props and o_ in names:
            links.add((s_, p_, o_))
    out: set[Triple] = set()
    rdf_type = str(RDF.type)
    for s, cs in types.items():
        for c in cs:
            for a in voc.ancestors(URIRef(c)):
                out.add((s, rdf_type, str(a)))
    return out, links


# --- vocabulary: what the ontology declares, and a Python check of disjointness --------------------------------

class _Vocabulary:
    def __init__(self, tbox: rdflib.Graph):
        self.tbox = tbox
        self.classes = {c for c in tbox.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)} - _BUILTIN_CLASSES
        self.object_properties = {p for p in tbox.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)}
        self.datatype_properties = {p for p in tbox.subjects(RDF.type, OWL.DatatypeProperty) if isinstance(p, URIRef)}
        self.terms = (self.classes | self.object_properties | self.datatype_properties
                      | set(tbox.subjects(RDF.type, OWL.AnnotationProperty))
                      | set(tbox.subjects(RDF.type, OWL.Ontology)))
        self.inverse: dict[str, set[str]] = defaultdict(set)
        for p, q in tbox.subject_objects(OWL.inverseOf):
            if isinstance(p, URIRef) and isinstance(q, URIRef):
                self.inverse[str(p)].add(str(q))
                self.inverse[str(q)].add(str(p))
        self.symmetric = {str(p) for p in tbox.subjects(RDF.type, OWL.SymmetricProperty)}
        self.super_props: dict[str, set[str]] = defaultdict(set)
        for p, q in tbox.subject_objects(RDFS.subPropertyOf):
            if isinstance(p, URIRef) and isinstance(q, URIRef):
                self.super_props[str(p)].add(str(q))
        self._ancestors: dict[URIRef, set[URIRef]] = {}

    # -- what goes to Java
    def axioms(self) -> list:
        out = []
        for s, p, o in self.tbox:
            if isinstance(o, Literal) and not (str(p).startswith(_OWL_NS) or str(p).startswith(_RDF_NS)):
                continue  # labels, definitions, notations: annotation text the reasoner does not need
            if p == OWL.imports:
                continue  # never fetch anything over the network
            if p == RDFS.range and s in self.datatype_properties:
                continue  # constrains literals only, and no literal goes to the reasoner
            if p in (RDFS.seeAlso, RDFS.isDefinedBy) or str(p).startswith("http://purl.org/dc/terms/"):
                continue
            if isinstance(s, URIRef) and s not in self.terms and not _is_axiom_subject(self.tbox, s):
                continue  # individuals in the ontology files (SKOS concepts) are data: see facts()
            out.append((s, p, o))
        return out

    def facts(self, tbox: rdflib.Graph, abox: rdflib.Graph) -> tuple[list, set]:
        """IRI-to-IRI data: types to declared classes, links by declared object properties."""
        skolem: dict[BNode, URIRef] = {}

        def iri(node):
            if isinstance(node, URIRef):
                return node
            if isinstance(node, BNode):
                if node not in skolem:
                    skolem[node] = URIRef(f"{_SKOLEM}{len(skolem)}")
                return skolem[node]
            return None

        out: list = []
        individuals: set = set()
        sources = [abox]
        # SKOS concepts and schemes in the ontology files are individuals too (kb:regeling, skos:inScheme …)
        data_in_tbox = rdflib.Graph()
        for s, p, o in tbox:
            if isinstance(s, URIRef) and s not in self.terms and not _is_axiom_subject(tbox, s):
                data_in_tbox.add((s, p, o))
        sources.append(data_in_tbox)
        for g in sources:
            for s, p, o in g:
                if isinstance(o, Literal):
                    continue
                s2, o2 = iri(s), iri(o)
                if s2 is None or o2 is None or s2 in self.terms:
                    continue
                if p == RDF.type:
                    if o2 in self.classes:
                        out.append((s2, RDF.type, o2))
                        individuals.add(s2)
                elif p in self.object_properties and o2 not in self.terms:
                    out.append((s2, p, o2))
                    individuals.update((s2, o2))
        return out, individuals

    # -- closure helpers
    def ancestors(self, c: URIRef) -> set[URIRef]:
        if c not in self._ancestors:
            seen: set[URIRef] = set()
            todo = [c]
            while todo:
                x = todo.pop()
                if x in seen:
                    continue
                seen.add(x)
                for y in itertools.chain(self.tbox.objects(x, RDFS.subClassOf),
                                         self.tbox.objects(x, OWL.equivalentClass),
                                         self.tbox.subjects(OWL.equivalentClass, x)):
                    if isinstance(y, URIRef) and y not in _BUILTIN_CLASSES:
                        todo.append(y)
            self._ancestors[c] = seen
        return self._ancestors[c]

    def close_links(self, links: set[Triple]) -> set[Triple]:
        """Add what inverse, symmetric and sub-properties entail (owlready2 leaves inverses implicit)."""
        out = set(links)
        todo = list(links)
        while todo:
            s, p, o = todo.pop()
            derived = [(o, q, s) for q in self.inverse.get(p, ())]
            if p in self.symmetric:
                derived.append((o, p, s))
            derived += [(s, q, o) for q in self.super_props.get(p, ())]
            for t in derived:
                if t not in out:
                    out.add(t)
                    todo.append(t)
        return out

    def label(self, c: URIRef) -> str:
        labels = [l for l in self.tbox.objects(c, RDFS.label) if isinstance(l, Literal)]
        nl = [l for l in labels if l.language == "nl"]
        return str((nl or labels or [c.split("#")[-1].split("/")[-1]])[0])

    def disjoint_pairs(self) -> set[frozenset]:
        pairs: set[frozenset] = set()
        for a, b in self.tbox.subject_objects(OWL.disjointWith):
            pairs.add(frozenset((a, b)))
        for node in self.tbox.subjects(RDF.type, OWL.AllDisjointClasses):
            members = list(rdflib.collection.Collection(self.tbox, self.tbox.value(node, OWL.members)))
            for a, b in itertools.combinations(members, 2):
                pairs.add(frozenset((a, b)))
        return pairs

    def domains(self, p: URIRef) -> list:
        return [d for d in self.tbox.objects(p, RDFS.domain) if isinstance(d, URIRef)]

    def ranges(self, p: URIRef) -> list:
        return [r for r in self.tbox.objects(p, RDFS.range) if isinstance(r, URIRef)]


def _is_axiom_subject(tbox: rdflib.Graph, s: URIRef) -> bool:
    """True for IRIs that are ontology terms under another type (e.g. owl:AllDisjointClasses is a bnode)."""
    return any(str(t).startswith(_OWL_NS) and t not in (OWL.NamedIndividual, OWL.Thing)
               for t in tbox.objects(s, RDF.type))


def _inconsistency(voc: _Vocabulary, facts: list) -> KennisbankFout:
    """Find individuals that fall in two disjoint classes (via types, domains, ranges and inverses)."""
    classes: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, p, o in facts:
        if p == RDF.type:
            classes[s].add(o)
            continue
        for d in voc.domains(p):
            classes[s].add(d)
        for r in voc.ranges(p):
            classes[o].add(r)
        for q in voc.inverse.get(str(p), ()):
            for d in voc.domains(URIRef(q)):
                classes[o].add(d)
            for r in voc.ranges(URIRef(q)):
                classes[s].add(r)
    pairs = voc.disjoint_pairs()
    problems: list[str] = []
    for ind, cs in sorted(classes.items()):
        if str(ind).startswith(_SKOLEM):
            continue
        closure = {a: c for c in cs for a in voc.ancestors(c)}
        for pair in pairs:
            a, b = sorted(pair)
            if a in closure and b in closure:
                problems.append(f"{ind} is zowel {voc.label(closure[a])} als {voc.label(closure[b])}, "
                                f"maar een {voc.label(a)} kan geen {voc.label(b)} zijn")
                break
    if problems:
        first = problems[0].split(" is zowel ", 1)
        return KennisbankFout(
            f"De gegevens spreken de ontologie tegen: {first[0]} is zowel {first[1]}.",
            problems[1:20],
        )
    return KennisbankFout("De gegevens spreken de ontologie tegen, maar de redeneerder wijst niet aan welke; "
                          "controleer de soorten (rdf:type) van de laatst gewijzigde bestanden.")
