"""The embedded backend: an Oxigraph store on disk."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping

import pyoxigraph as ox

from ..fouten import KennisbankFout
from .base import RDF_FORMATS, RESULT_FORMATS, Row, Store


def _subs(bindings: Mapping[str, object] | None):
    return {ox.Variable(k): v for k, v in (bindings or {}).items()} or None


def _rdf_format(media_type: str) -> ox.RdfFormat:
    try:
        return RDF_FORMATS[media_type]
    except KeyError:
        raise KennisbankFout(f"Het formaat '{media_type}' wordt niet ondersteund.") from None


class EmbeddedStore(Store):
    def __init__(self, path: Path | str | None, *, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise KennisbankFout(
                f"De opslag in '{self.path}' kan niet worden geopend: {exc.strerror or exc}."
            ) from exc

    # --- reading --------------------------------------------------------------------------------
    def select(self, query, bindings=None) -> list[Row]:
        result = self._store.query(query, substitutions=_subs(bindings))
        names = [v.value for v in result.variables]
        rows = []
        for sol in result:
            row = {}
            for n in names:
                t = sol[n]
                if t is not None:
                    row[n] = t
            rows.append(row)
        return rows

    def ask(self, query, bindings=None) -> bool:
        return bool(self._store.query(query, substitutions=_subs(bindings)))

    def construct(self, query, bindings=None) -> list[ox.Triple]:
        return list(self._store.query(query, substitutions=_subs(bindings)))

    def query_raw(self, query, media_type, *, timeout=None) -> bytes:
        result = self._store.query(query)
        if isinstance(result, ox.QueryTriples):
            return result.serialize(format=_rdf_format(media_type))
        fmt = RESULT_FORMATS.get(media_type)
        if fmt is None:
            raise KennisbankFout(f"Het formaat '{media_type}' wordt niet ondersteund voor deze vraag.")
        return result.serialize(format=fmt)

    # --- writing --------------------------------------------------------------------------------
    def update(self, update, bindings=None) -> None:
        if bindings:
            # pyoxigraph's update() has no substitutions: inline the terms, which serialise as
            # correctly escaped N-Triples terms (never raw user text).
            update = _inline_bindings(update, bindings)
        self._store.update(update)

    def _quads(self, graph: str, data: bytes, media_type: str) -> list[ox.Quad]:
        g = ox.NamedNode(graph)
        return [
            ox.Quad(q.subject, q.predicate, q.object, g)
            for q in ox.parse(data, format=_rdf_format(media_type), without_named_graphs=True)
        ]

    def add_graph(self, graph, data, media_type="application/n-triples") -> None:
        self._store.extend(self._quads(graph, data, media_type))

    def replace_graph(self, graph, data, media_type="application/n-triples") -> None:
        quads = self._quads(graph, data, media_type)  # parse first: bad data changes nothing
        g = ox.NamedNode(graph)
        body = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        # One update request = one transaction in Oxigraph: the graph is never seen half-replaced.
        self._store.update(f"DROP SILENT GRAPH {g} ; INSERT DATA {{ GRAPH {g} {{ {body} }} }}")

    def remove_graph(self, graph) -> None:
        self._store.update(f"DROP SILENT GRAPH {ox.NamedNode(graph)}")

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def export(self, media_type="application/n-quads", graphs: Iterable[str] | None = None) -> bytes:
        fmt = _rdf_format(media_type)
        if graphs is None:
            quads = [q for q in self._store.quads_for_pattern(None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph)]
        else:
            quads = []
            for g in graphs:
                quads.extend(self._store.quads_for_pattern(None, None, None, ox.NamedNode(g)))
        if fmt.supports_datasets:
            return ox.serialize(quads, format=fmt)
        return ox.serialize([q.triple for q in quads], format=fmt)

    def triple_count(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        self._store.flush()

    def close(self) -> None:
        if getattr(self, "_store", None) is not None:
            try:
                self._store.flush()
            except Exception:
                pass
            self._store = None


def _inline_bindings(text: str, bindings: Mapping[str, object]) -> str:
    """Replace `?name` variables by the N-Triples form of their terms (escaped by pyoxigraph)."""
    import re

    def repl(m: re.Match) -> str:
        name = m.group(1)
        return str(bindings[name]) if name in bindings else m.group(0)

    return re.sub(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", repl, text)
