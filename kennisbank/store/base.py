"""The store interface."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Iterable, Iterator, Mapping

import pyoxigraph as ox

Row = dict  # variable name -> pyoxigraph term (NamedNode, Literal, BlankNode); unbound variables are absent

#: Serialisation formats of SPARQL results and RDF we hand out, by media type.
RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
RDF_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


class Store(ABC):
    """A dataset of named graphs."""

    # --- reading ------------------------------------------------------------------------------
    @abstractmethod
    def select(self, query: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None) -> list[Row]:
        """Run a SELECT query; `bindings` fixes variables to terms (safe for user input)."""

    @abstractmethod
    def ask(self, query: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None) -> bool: ...

    @abstractmethod
    def construct(self, query: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None) -> list[ox.Triple]: ...

    @abstractmethod
    def query_raw(self, query: str, media_type: str, *, timeout: float | None = None) -> bytes:
        """Run any read-only query and serialise the result in `media_type` (for the SPARQL endpoint)."""

    # --- writing ------------------------------------------------------------------------------
    @abstractmethod
    def update(self, update: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None) -> None: ...

    @abstractmethod
    def add_graph(self, graph: str, data: bytes, media_type: str = "application/n-triples") -> None:
        """Add the triples in `data` to named graph `graph` (creating it when needed)."""

    @abstractmethod
    def replace_graph(self, graph: str, data: bytes, media_type: str = "application/n-triples") -> None:
        """Atomically replace the content of named graph `graph`."""

    @abstractmethod
    def remove_graph(self, graph: str) -> None: ...

    @abstractmethod
    def graphs(self) -> list[str]:
        """The names of all named graphs."""

    @abstractmethod
    def export(self, media_type: str = "application/n-quads", graphs: Iterable[str] | None = None) -> bytes:
        """Serialise the named graphs (all, or `graphs`) as N-Quads/TriG, or one graph as Turtle/N-Triples."""

    @abstractmethod
    def triple_count(self) -> int: ...

    def close(self) -> None:  # pragma: no cover - default
        pass

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def graph_of(quads: Iterable[ox.Quad]) -> Iterator[ox.Triple]:
    for q in quads:
        yield q.triple
