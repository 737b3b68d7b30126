"""Reading the curated Turtle files: discovery, rebasing, parsing with clear Dutch syntax errors.

One way through the data: every command that needs the repository's files (build, recognition index,
site) reads them through `discover()` and `parse()`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib

from .config import DATA_FOLDERS, Config
from .fouten import KennisbankFout
from .iri import Iris

SHAPES_FILE = "ontologie/shapes.ttl"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass
class Bronbestand:
    """One Turtle file of the repository, rebased to the configured base IRI."""

    path: Path
    rel: str  # path relative to the source root, with '/'
    graph: str  # named graph IRI
    text: str
    sha256: str

    @property
    def is_shapes(self) -> bool:
        return self.rel == SHAPES_FILE

    @property
    def is_ontology(self) -> bool:
        return self.rel.startswith("ontologie/")


def discover(config: Config, folders: tuple[str, ...] = DATA_FOLDERS) -> list[Bronbestand]:
    root = config.source_root
    if not (root / "ontologie").is_dir():
        raise KennisbankFout(f"In '{root}' staat geen map 'ontologie/': is KENNISBANK_BRON goed ingesteld?")
    iris = Iris(config.base_iri)
    files: list[Bronbestand] = []
    for folder in folders:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.ttl")):
            rel = path.relative_to(root).as_posix()
            try:
                raw = path.read_bytes()
            except OSError as exc:
                raise KennisbankFout(f"Het bestand '{rel}' kan niet worden gelezen: {exc.strerror or exc}.") from exc
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise KennisbankFout(f"Het bestand '{rel}' is geen geldige UTF-8-tekst (byte {exc.start}).") from exc
            text = config.rebase(text)
            files.append(
                Bronbestand(path, rel, iris.graph(rel), text, hashlib.sha256(text.encode("utf-8")).hexdigest())
            )
    return files


def parse(bestand: Bronbestand) -> list[ox.Triple]:
    """Parse a file with pyoxigraph; a syntax error becomes a Dutch message with file and line."""
    try:
        return [q.triple for q in ox.parse(bestand.text.encode("utf-8"), format=ox.RdfFormat.TURTLE,
                                          base_iri=bestand.graph, without_named_graphs=True)]
    except SyntaxError as exc:
        line = getattr(exc, "lineno", None)
        where = f", regel {line}" if line else ""
        msg = getattr(exc, "msg", None) or str(exc)
        raise KennisbankFout(
            f"Syntaxfout in {bestand.rel}{where}: {msg}",
            details=[f"bestand: {bestand.rel}", f"regel: {line or 'onbekend'}", f"melding: {msg}"],
        ) from exc


def to_rdflib(triples) -> rdflib.Graph:
    """pyoxigraph triples -> rdflib Graph, with plain strings as rdflib parses them (no explicit xsd:string).

    pyshacl works on rdflib graphs; shapes are parsed by rdflib, so data must look like rdflib parsed it or
    validation reports false datatype violations.
    """
    g = rdflib.Graph()
    add = g.add
    for t in triples:
        add((_term(t.subject), rdflib.URIRef(t.predicate.value), _term(t.object)))
    return g


def _term(t):
    if isinstance(t, ox.NamedNode):
        return rdflib.URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return rdflib.BNode(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return rdflib.Literal(t.value, lang=t.language)
        dt = t.datatype.value
        if dt == XSD_STRING:
            return rdflib.Literal(t.value)
        return rdflib.Literal(t.value, datatype=rdflib.URIRef(dt))
    raise TypeError(f"unsupported term {t!r}")


def to_ntriples(triples) -> bytes:
    return ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)
