"""`kennisbank export --bestanden`: the current state of every editorial resource back into the repo's own files.

Same layout as the repository (`knelpunten/{slug}.ttl`, `praktijkvoorbeelden/…`, `experimenten/…`), written
against the repository's base IRI, as stable, readable Turtle: the prefixes of docs/model.md, subjects and
predicates sorted (rdf:type first), blank nodes inline and named after their content, so the same state always
gives the same bytes and a curator sees only real changes in `git diff`. Serialised by rdflib's Turtle
serialiser (sorted output), not by hand. Only files whose content differs from the current state are written;
comments in rewritten files are not kept. A following build records the import without a new revision.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import rdflib

from .afstemming import REDACTIONELE_MAPPEN
from .config import SOURCE_BASE, Config
from .revisies import blanco_labels, canoniek, journaal

PREFIXEN = {
    "kb": f"{SOURCE_BASE}/def/kb#", "regel": f"{SOURCE_BASE}/id/regeling/", "eli": "http://data.europa.eu/eli/ontology#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "dct": "http://purl.org/dc/terms/", "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#", "tooi": "https://identifier.overheid.nl/tooi/id/",
}


def _terug(value: str, base: str) -> str:
    return SOURCE_BASE + value[len(base):] if base != SOURCE_BASE and value.startswith(base + "/") else value


def turtle(triples: list[ox.Triple], base_iri: str = SOURCE_BASE) -> str:
    """Stable Turtle for one resource's graph, against the repository's base IRI."""
    labels = blanco_labels(triples)

    def term(x):
        if isinstance(x, ox.BlankNode):
            return rdflib.BNode(labels[x.value])
        if isinstance(x, ox.NamedNode):
            return rdflib.URIRef(_terug(x.value, base_iri))
        if x.language:
            return rdflib.Literal(x.value, lang=x.language)
        if x.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return rdflib.Literal(x.value)
        return rdflib.Literal(x.value, datatype=rdflib.URIRef(x.datatype.value), normalize=False)

    g = rdflib.Graph(bind_namespaces="none")
    for prefix, ns in PREFIXEN.items():
        g.bind(prefix, rdflib.Namespace(ns))
    for t in triples:
        g.add((term(t.subject), term(t.predicate), term(t.object)))
    return g.serialize(format="turtle")


def bestand_van(graaf: str, base_iri: str) -> str | None:
    """`{base}/graaf/knelpunten/x` -> `knelpunten/x.ttl` for graphs of the editorial folders, else None."""
    prefix = f"{base_iri}/graaf/"
    if not graaf.startswith(prefix):
        return None
    rel = graaf[len(prefix):] + ".ttl"
    return rel if rel.split("/", 1)[0] in REDACTIONELE_MAPPEN else None


def exporteer_bestanden(config: Config, doel: Path | None = None) -> list[tuple[str, str]]:
    """Write every editorial resource whose current revision differs from its file. Returns (rel, what) with
    what in {"gewijzigd", "nieuw"}; unchanged files are not touched."""
    doel = Path(doel) if doel else config.source_root
    j = journaal(config.data_dir)
    uit = []
    for iri in j.bronnen():
        h = j.huidig(iri)
        if h is None or h.verwijderd:
            continue
        rel = bestand_van(h.graaf, config.base_iri)
        if rel is None:
            continue
        pad = doel / rel
        if pad.is_file():
            try:
                bestaand = canoniek(ox.parse(config.rebase(pad.read_text(encoding="utf-8")).encode("utf-8"),
                                             format=ox.RdfFormat.TURTLE))
            except (SyntaxError, ValueError, OSError):
                bestaand = None
            if bestaand == h.inhoud:
                continue
        wat = "gewijzigd" if pad.exists() else "nieuw"
        pad.parent.mkdir(parents=True, exist_ok=True)
        tmp = pad.with_name(f".{pad.name}.tmp")
        tmp.write_text(turtle(h.triples(), config.base_iri), encoding="utf-8")
        tmp.replace(pad)
        uit.append((rel, wat))
    return sorted(uit)
