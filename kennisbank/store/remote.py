"""The remote backend: any SPARQL 1.1 server over the Query, Update and Graph Store HTTP protocols.

Endpoints. `KENNISBANK_SPARQL_URL` (`config.sparql_url`) is the query endpoint.
`KENNISBANK_SPARQL_UPDATE_URL` and `KENNISBANK_SPARQL_STORE_URL` set the update and Graph Store endpoints;
when they are not set they are derived from the query URL:

- path is exactly `/query` (Oxigraph server, e.g. `http://localhost:7878/query`)
  → update `/update`, graph store `/store`;
- path ends in `/{dataset}/sparql` or `/{dataset}/query` (Apache Jena Fuseki, e.g. `http://host:3030/ds/sparql`)
  → update `/{dataset}/update`, graph store `/{dataset}/data`;
- anything else (GraphDB-style: one URL for everything) → the same URL for all three.
An Oxigraph server behind a proxy path (`/oxigraph/query`) looks like Fuseki: set the two URLs explicitly.

How each operation maps onto the protocols:
- select/ask/construct/query_raw: POST `application/sparql-query` to the query endpoint; results are parsed
  with pyoxigraph (SPARQL JSON results, N-Triples for graphs), so both backends return the same terms.
- bindings: never concatenated as text; the terms (serialised and escaped by pyoxigraph) go into a `VALUES`
  block placed as the first element of the outermost WHERE group (see `base.inject_values`); updates get
  the escaped terms inlined at the variable tokens (`base.inline_bindings`).
- add_graph: Graph Store POST (`?graph=`), after parsing the data locally (invalid data never reaches the
  server; relative IRIs resolve against the graph name, as on the embedded store).
- replace_graph: ONE SPARQL update `DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }`. Not Graph Store
  PUT: Oxigraph's PUT clears the graph and loads the new data in two separate transactions, so a reader
  can see an empty graph, and a failing load leaves it empty. An update request is one transaction on
  Oxigraph (and Fuseki). The body limit of Oxigraph is 128 MB per request.
- remove_graph: Graph Store DELETE (404 = already gone).
- graphs: `SELECT DISTINCT ?g WHERE { GRAPH ?g {} }`; export: one SELECT over `GRAPH ?g { ?s ?p ?o }`
  (consistent blank nodes across graphs), serialised locally; triple_count: COUNT over all named graphs.

Errors: connection refused / unreachable / no answer in time → KennisbankFout("De SPARQL-server op … is
niet bereikbaar: …"); HTTP 4xx/5xx → KennisbankFout with the status, a Dutch explanation and the first line
of the server's message. `query_raw(timeout=…)` stops waiting after the limit (the server may continue
evaluating; Oxigraph can bound that itself with `oxigraph serve --timeout-s`).
"""

from __future__ import annotations

import time
from typing import Iterable
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from ..config import Config
from ..fouten import KennisbankFout
from .base import (
    solution_rows,
    RDF_FORMATS,
    Row,
    Store,
    inject_values,
    inline_bindings,
    timeout_error,
    too_large_error,
)
from .embedded import _rdf_format, replace_graph_update, result_format

JSON_RESULTS = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"

_STATUS_UITLEG = {
    400: "ongeldig verzoek",
    401: "niet aangemeld",
    403: "geen toegang",
    404: "niet gevonden",
    405: "methode niet toegestaan",
    406: "gevraagd formaat niet beschikbaar",
    408: "verzoek duurde te lang",
    409: "conflict",
    413: "verzoek te groot",
    415: "formaat niet ondersteund",
    429: "te veel verzoeken",
    500: "interne fout van de server",
    502: "ongeldige gateway",
    503: "dienst niet beschikbaar",
    504: "gateway gaf geen antwoord op tijd",
}


#: Every resource lives in its own named graph and queries must see their union. Oxigraph server takes
#: this request parameter (or `--union-default-graph`); for Fuseki configure `tdb2:unionDefaultGraph true`,
#: for GraphDB and others the equivalent setting.
UNION_DEFAULT_GRAPH = {"union-default-graph": "true"}


def derive_endpoints(query_url: str) -> tuple[str, str]:
    """(update URL, graph store URL) for a query URL; see the module docstring for the rule."""
    parts = urlsplit(query_url)
    path = parts.path.rstrip("/")

    def with_path(p: str) -> str:
        return urlunsplit((parts.scheme, parts.netloc, p, "", ""))

    if path == "/query":
        return with_path("/update"), with_path("/store")
    head, _, last = path.rpartition("/")
    if last in ("sparql", "query") and head:
        return with_path(head + "/update"), with_path(head + "/data")
    return query_url, query_url


class RemoteStore(Store):
    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        store_url: str | None = None,
        *,
        timeout: float = 60.0,
        connect_timeout: float = 5.0,
    ):
        derived_update, derived_store = derive_endpoints(query_url)
        self.query_url = query_url
        self.update_url = update_url or derived_update
        self.store_url = store_url or derived_store
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            limits=httpx.Limits(max_keepalive_connections=8, max_connections=16),
            headers={"User-Agent": "kennisbank-botsende-regels"},
        )

    @classmethod
    def from_config(cls, config: Config) -> "RemoteStore":
        if not config.sparql_url:
            raise KennisbankFout("Er is geen SPARQL-server ingesteld (KENNISBANK_SPARQL_URL).")
        return cls(config.sparql_url, config.sparql_update_url, config.sparql_store_url)

    # --- HTTP -----------------------------------------------------------------------------------
    def _unreachable(self, url: str, exc: Exception, timeout: float | None = None) -> KennisbankFout:
        if isinstance(exc, httpx.TimeoutException):
            reden = f"er kwam binnen {timeout or self.timeout:g} seconden geen antwoord"
            if isinstance(exc, httpx.ConnectTimeout):
                reden = f"er kon binnen {self.connect_timeout:g} seconden geen verbinding worden gemaakt"
        elif "refused" in str(exc).lower():
            reden = "de verbinding werd geweigerd"
        elif isinstance(exc, httpx.ConnectError):
            reden = "er kon geen verbinding worden gemaakt"
        else:
            reden = "de verbinding werd onderbroken"
        return KennisbankFout(f"De SPARQL-server op {url} is niet bereikbaar: {reden}.")

    @staticmethod
    def _http_error(url: str, status: int, body: bytes) -> KennisbankFout:
        uitleg = _STATUS_UITLEG.get(status) or ("fout van de server" if status >= 500 else "verzoek geweigerd")
        first = next((line.strip() for line in body.decode("utf-8", "replace").splitlines() if line.strip()), "")
        if len(first) > 300:
            first = first[:300] + "…"
        bericht = f"De SPARQL-server op {url} gaf een fout (HTTP {status}, {uitleg})"
        return KennisbankFout(f"{bericht}: {first}" if first else f"{bericht}.")

    def _request(self, method: str, url: str, *, ok404: bool = False, **kwargs) -> httpx.Response:
        try:
            response = self._client.request(method, url, **kwargs)
        except httpx.TransportError as exc:
            raise self._unreachable(url, exc) from exc
        if response.status_code == 404 and ok404:
            return response
        if response.status_code >= 400:
            raise self._http_error(url, response.status_code, response.content)
        return response

    def _query(self, query: str, accept: str, bindings=None) -> httpx.Response:
        return self._request(
            "POST",
            self.query_url,
            params=UNION_DEFAULT_GRAPH,
            content=inject_values(query, bindings).encode("utf-8"),
            headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept},
        )

    # --- reading --------------------------------------------------------------------------------
    def _solutions(self, query: str, bindings=None):
        response = self._query(query, JSON_RESULTS, bindings)
        try:
            return ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as exc:
            raise KennisbankFout(
                f"De SPARQL-server op {self.query_url} gaf geen leesbare SPARQL-resultaten: {exc}."
            ) from exc

    def select(self, query, bindings=None) -> list[Row]:
        return solution_rows(self._solutions(query, bindings))

    def ask(self, query, bindings=None) -> bool:
        result = self._solutions(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise KennisbankFout("De vraag is geen ASK-vraag.")
        return bool(result)

    def construct(self, query, bindings=None) -> list[ox.Triple]:
        response = self._query(query, f"{N_TRIPLES}, text/turtle;q=0.9", bindings)
        media_type = response.headers.get("content-type", N_TRIPLES).split(";")[0].strip().lower()
        fmt = RDF_FORMATS.get(media_type)
        if fmt is None:
            if media_type.startswith("application/sparql-results"):
                raise KennisbankFout("De vraag is geen CONSTRUCT- of DESCRIBE-vraag.")
            raise KennisbankFout(f"De SPARQL-server op {self.query_url} antwoordde in een onbekend formaat ({media_type}).")
        try:
            return [q.triple for q in ox.parse(response.content, format=fmt)]
        except SyntaxError as exc:
            raise KennisbankFout(f"De SPARQL-server op {self.query_url} gaf geen leesbare RDF: {exc}.") from exc

    def query_raw(self, query, media_type, *, timeout=None, max_bytes=None) -> bytes:
        result_format(query, media_type)  # same checks and messages as the embedded store
        deadline = None if timeout is None else time.monotonic() + timeout
        request_timeout = httpx.Timeout(
            self.timeout if timeout is None else timeout, connect=self.connect_timeout
        )
        chunks, size = [], 0
        try:
            with self._client.stream(
                "POST",
                self.query_url,
                params=UNION_DEFAULT_GRAPH,
                content=query.encode("utf-8"),
                headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": media_type},
                timeout=request_timeout,
            ) as response:
                if response.status_code >= 400:
                    raise self._http_error(self.query_url, response.status_code, response.read())
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if max_bytes is not None and size > max_bytes:
                        raise too_large_error(max_bytes)
                    if deadline is not None and time.monotonic() > deadline:
                        raise timeout_error(timeout)
                    chunks.append(chunk)
        except httpx.ReadTimeout as exc:
            if timeout is not None:
                raise timeout_error(timeout) from exc
            raise self._unreachable(self.query_url, exc) from exc
        except httpx.TransportError as exc:
            raise self._unreachable(self.query_url, exc) from exc
        return b"".join(chunks)

    # --- writing --------------------------------------------------------------------------------
    def update(self, update, bindings=None) -> None:
        self._send_update(inline_bindings(update, bindings))

    def _send_update(self, text: str) -> None:
        self._request(
            "POST",
            self.update_url,
            content=text.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )
        self._geschreven()

    def _triples(self, graph: str, data: bytes, media_type: str) -> list[ox.Triple]:
        fmt = _rdf_format(media_type)
        try:
            return [q.triple for q in ox.parse(data, format=fmt, base_iri=graph, without_named_graphs=True)]
        except SyntaxError as exc:
            raise KennisbankFout(f"De gegevens voor graaf <{graph}> zijn geen geldige {media_type}: {exc}.") from exc

    def add_graph(self, graph, data, media_type="application/n-triples") -> None:
        ox.NamedNode(graph)  # a valid IRI, or ValueError
        body = ox.serialize(self._triples(graph, data, media_type), format=ox.RdfFormat.N_TRIPLES)
        if not body:
            return
        self._request(
            "POST",
            self.store_url,
            params={"graph": graph},
            content=body,
            headers={"Content-Type": N_TRIPLES},
        )
        self._geschreven()

    def replace_graph(self, graph, data, media_type="application/n-triples") -> None:
        triples = self._triples(graph, data, media_type)  # parse first: bad data changes nothing
        self._send_update(replace_graph_update(graph, triples))

    def remove_graph(self, graph) -> None:
        ox.NamedNode(graph)
        self._request("DELETE", self.store_url, params={"graph": graph}, ok404=True)
        self._geschreven()

    def graphs(self) -> list[str]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g {} }")
        return sorted(r["g"].value for r in rows if isinstance(r.get("g"), ox.NamedNode))

    def export(self, media_type="application/n-quads", graphs: Iterable[str] | None = None) -> bytes:
        fmt = _rdf_format(media_type)
        query = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        if graphs is not None:
            names = [ox.NamedNode(g) for g in graphs]
            if not names:
                return ox.serialize([], format=fmt)
            query = (
                "SELECT ?s ?p ?o ?g WHERE { VALUES ?g { " + " ".join(str(n) for n in names) + " } GRAPH ?g { ?s ?p ?o } }"
            )
        quads = [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in self.select(query)]
        if fmt.supports_datasets:
            return ox.serialize(quads, format=fmt)
        return ox.serialize([q.triple for q in quads], format=fmt)

    def triple_count(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"].value) if rows else 0

    def close(self) -> None:
        self._client.close()
