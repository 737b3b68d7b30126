"""The store contract, run against both backends (embedded Oxigraph and a real Oxigraph server)."""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest

from kennisbank.config import Config
from kennisbank.fouten import KennisbankFout
from kennisbank.store.base import inject_values, inline_bindings, query_form
from kennisbank.store.embedded import EmbeddedStore
from kennisbank.store.remote import RemoteStore, derive_endpoints

REPO_ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

EX = "http://example.org/"
G1 = EX + "graaf/een"
G2 = EX + "graaf/twee"
P = ox.NamedNode(EX + "p")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")

# Text a user could type: quotes, braces, a newline, SPARQL keywords, a variable and a \u escape.
NASTY = 'x" } ; DROP ALL ; INSERT DATA { <http://evil/a> <http://evil/b> "c" } #\n?s $o \\u0022 }}'


def nt(*triples: tuple) -> bytes:
    return ox.serialize([ox.Triple(*t) for t in triples], format=ox.RdfFormat.N_TRIPLES)


def n(local: str) -> ox.NamedNode:
    return ox.NamedNode(EX + local)


def fill(store) -> None:
    store.add_graph(G1, nt((n("a"), P, ox.Literal("een")), (n("a"), LABEL, ox.Literal(NASTY, language="nl"))))
    store.add_graph(G2, nt((n("b"), P, ox.Literal("twee")), (n("b"), P, ox.Literal(2))))


def without_bnodes(data: bytes) -> list[tuple]:
    """Quads as comparable tuples, blank nodes replaced by a placeholder."""
    out = []
    for q in ox.parse(data, format=ox.RdfFormat.N_QUADS):
        out.append(tuple("_:b" if isinstance(t, ox.BlankNode) else str(t) for t in (q.subject, q.predicate, q.object, q.graph_name)))
    return sorted(out)


# --- graphs ------------------------------------------------------------------------------------

def test_add_list_and_remove_graphs(store):
    assert store.graphs() == []
    fill(store)
    assert store.graphs() == [G1, G2]
    assert store.triple_count() == 4
    store.add_graph(G1, nt((n("c"), P, ox.Literal("erbij"))))  # add appends
    assert store.triple_count() == 5
    store.remove_graph(G1)
    assert store.graphs() == [G2]
    assert store.triple_count() == 2
    store.remove_graph(G1)  # removing a missing graph is fine
    assert store.graphs() == [G2]


def test_add_graph_accepts_turtle(store):
    store.add_graph(G1, b'@prefix ex: <http://example.org/> . ex:a ex:p "een"@nl, "twee" .', "text/turtle")
    rows = store.select("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?o")
    assert [r["o"] for r in rows] == [ox.Literal("een", language="nl"), ox.Literal("twee")]


def test_replace_graph_replaces_only_that_graph(store):
    fill(store)
    store.replace_graph(G1, nt((n("nieuw"), P, ox.Literal("vervangen"))))
    assert store.graphs() == [G1, G2]
    rows = store.select("SELECT ?s ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": ox.NamedNode(G1)})
    assert rows == [{"s": n("nieuw"), "o": ox.Literal("vervangen")}]
    assert store.triple_count() == 3


def test_replace_graph_with_invalid_data_leaves_graph_intact(store):
    fill(store)
    before = store.export()
    with pytest.raises(KennisbankFout, match="geen geldige"):
        store.replace_graph(G1, b'<http://example.org/x> <http://example.org/p> "open', "application/n-triples")
    with pytest.raises(KennisbankFout, match="geen geldige"):
        store.replace_graph(G1, b"@prefix ex: <http://example.org/> . ex:a ex:p", "text/turtle")
    assert store.export() == before


def test_update_request_is_one_transaction(store):
    """A request that fails half-way changes nothing: what replace_graph relies on."""
    fill(store)
    before = store.export()
    with pytest.raises(KennisbankFout):
        store.update(f"DROP GRAPH <{G1}> ; INSERT DATA {{ GRAPH <{G1}> {{ <{EX}x> <{EX}p> 1 }} }} ; CREATE GRAPH <{G2}>")
    assert store.export() == before


# --- reading -----------------------------------------------------------------------------------

def test_select_with_bindings_is_injection_safe(store):
    fill(store)
    nasty = ox.Literal(NASTY, language="nl")
    rows = store.select("SELECT ?s WHERE { GRAPH ?g { ?s ?label ?text } }", {"text": nasty, "label": LABEL})
    assert rows == [{"s": n("a")}]
    # the same text as a plain string matches nothing, and nothing was executed from it
    assert store.select("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?text } }", {"text": ox.Literal(NASTY)}) == []
    assert store.graphs() == [G1, G2]
    assert store.triple_count() == 4
    # bindings are visible in the results and work in FILTERs; '?text' inside a string is left alone
    rows = store.select(
        'SELECT ?text ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?o = ?text && "?text" = "?text") }',
        {"?text": ox.Literal("twee")},
    )
    assert rows == [{"text": ox.Literal("twee"), "s": n("b")}]


def test_unbound_variables_are_absent_from_rows(store):
    fill(store)
    rows = store.select(
        "SELECT ?s ?label WHERE { GRAPH ?g { ?s ?p ?o OPTIONAL { ?s ?l ?label FILTER(?l = ?lbl) } } FILTER(?o = 2) }",
        {"lbl": LABEL},
    )
    assert rows == [{"s": n("b")}]


def test_ask(store):
    fill(store)
    assert store.ask("ASK { GRAPH ?g { ?s ?p ?o } }", {"o": ox.Literal("een")}) is True
    assert store.ask("ASK WHERE { GRAPH ?g { ?s ?p ?o } }", {"o": ox.Literal("drie")}) is False


def test_construct(store):
    fill(store)
    triples = store.construct(
        "CONSTRUCT { ?s <http://example.org/q> ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": ox.NamedNode(G2)}
    )
    assert sorted(map(str, triples)) == sorted(
        str(ox.Triple(n("b"), n("q"), o)) for o in (ox.Literal("twee"), ox.Literal(2))
    )


def test_invalid_sparql_gives_dutch_error(store):
    with pytest.raises(KennisbankFout):
        store.select("SELECT ?s WHERE { ?s ?p }")
    with pytest.raises(KennisbankFout):
        store.update("INSERT DATA { <http://a> }")


def test_update_with_bindings_inlines_terms_safely(store):
    fill(store)
    store.update(
        'INSERT { GRAPH ?g { ?s <http://example.org/q> ?v } } WHERE { GRAPH ?g { ?s ?p "een" } FILTER("?v" != "") }',
        {"v": ox.Literal(NASTY), "g": ox.NamedNode(G1)},
    )
    rows = store.select("SELECT ?s ?v WHERE { GRAPH ?g { ?s <http://example.org/q> ?v } }")
    assert rows == [{"s": n("a"), "v": ox.Literal(NASTY)}]
    assert store.graphs() == [G1, G2]


def test_query_raw_in_each_format(store):
    fill(store)
    q = "SELECT ?s ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isLiteral(?o) && datatype(?o) = xsd:string) } ORDER BY ?o"
    q = "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> " + q
    for media_type, fmt in [
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ]:
        body = store.query_raw(q, media_type)
        rows = [(s["s"], s["o"]) for s in ox.parse_query_results(body, fmt)]
        assert rows == [(n("a"), ox.Literal("een")), (n("b"), ox.Literal("twee"))], media_type
    body = store.query_raw(q, "text/csv").decode("utf-8")
    assert list(csv.reader(io.StringIO(body))) == [["s", "o"], [EX + "a", "een"], [EX + "b", "twee"]]
    assert ox.parse_query_results(
        store.query_raw("ASK { GRAPH ?g { ?s ?p 2 } }", "application/sparql-results+json"), ox.QueryResultsFormat.JSON
    )
    ttl = store.query_raw("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", "text/turtle")
    assert len(list(ox.parse(ttl, format=ox.RdfFormat.TURTLE))) == 4
    assert NASTY in {q.object.value for q in ox.parse(ttl, format=ox.RdfFormat.TURTLE)}


def test_query_raw_refuses_unsuitable_format(store):
    with pytest.raises(KennisbankFout, match="formaat"):
        store.query_raw("SELECT * WHERE { ?s ?p ?o }", "text/turtle")
    with pytest.raises(KennisbankFout, match="formaat"):
        store.query_raw("CONSTRUCT WHERE { ?s ?p ?o }", "application/sparql-results+json")


def test_query_raw_max_bytes(store):
    fill(store)
    q = "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert len(store.query_raw(q, "application/sparql-results+json", max_bytes=100_000)) < 100_000
    with pytest.raises(KennisbankFout, match="groter dan 100 bytes"):
        store.query_raw(q, "application/sparql-results+json", max_bytes=100)


def test_query_raw_timeout(store):
    # 120^3 = 1.7 million combinations through an arithmetic filter: far longer than the limit
    store.add_graph(G1, nt(*[(n(f"s{i}"), P, ox.Literal(i)) for i in range(120)]))
    q = "SELECT ?a WHERE { GRAPH ?g { ?a ?p ?c . ?d ?e ?f . ?h ?i ?j } FILTER(?c + ?f + ?j = 3) }"
    with pytest.raises(KennisbankFout, match="langer dan 0.05 seconden"):
        store.query_raw(q, "application/sparql-results+json", timeout=0.05)


# --- export ------------------------------------------------------------------------------------

def test_export_nquads_round_trip(store):
    fill(store)
    store.add_graph(G2, b'_:x <http://example.org/p> "blank"@nl .\n_:x <http://example.org/p> _:y .\n')
    data = store.export()
    quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    assert {q.graph_name.value for q in quads} == {G1, G2}
    assert len(quads) == store.triple_count() == 6
    for g in store.graphs():
        store.remove_graph(g)
    assert store.triple_count() == 0
    for g in (G1, G2):
        triples = [q.triple for q in quads if q.graph_name.value == g]
        store.add_graph(g, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    again = store.export()
    assert without_bnodes(again) == without_bnodes(data)
    # the two blank nodes are still linked after the round trip
    rows = store.select('SELECT ?y WHERE { GRAPH ?g { ?x ?p "blank"@nl . ?x ?p ?y FILTER(isBlank(?y)) } }')
    assert len(rows) == 1


def test_export_one_graph_as_turtle_and_ntriples(store):
    fill(store)
    for media_type, fmt in [("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES)]:
        triples = list(ox.parse(store.export(media_type, graphs=[G2]), format=fmt))
        assert sorted(str(t.object) for t in triples) == sorted([str(ox.Literal("twee")), str(ox.Literal(2))])
    assert store.export(graphs=[]) == b""


# --- the remote backend ------------------------------------------------------------------------

def test_unreachable_server_gives_dutch_error():
    url = f"http://127.0.0.1:{free_port()}/query"
    with RemoteStore(url) as remote:
        with pytest.raises(KennisbankFout, match=r"De SPARQL-server op http://127\.0\.0\.1:\d+/query is niet bereikbaar"):
            remote.select("SELECT * WHERE { ?s ?p ?o }")
        with pytest.raises(KennisbankFout, match="niet bereikbaar"):
            remote.query_raw("SELECT * WHERE { ?s ?p ?o }", "text/csv", timeout=2)
        with pytest.raises(KennisbankFout, match="niet bereikbaar"):
            remote.add_graph(G1, nt((n("a"), P, ox.Literal("een"))))


@pytest.mark.server
def test_http_error_names_status_and_server_message(oxigraph_server):
    with RemoteStore(f"{oxigraph_server}/query") as remote:
        with pytest.raises(KennisbankFout, match=r"HTTP 400, ongeldig verzoek\): .+") as info:
            remote.select("SELECT ?s WHERE { ?s ?p }")
        assert "\n" not in str(info.value)
    with RemoteStore(f"{oxigraph_server}/nergens") as wrong:
        with pytest.raises(KennisbankFout, match="HTTP 404"):
            wrong.select("SELECT * WHERE { ?s ?p ?o }")


def test_endpoint_derivation():
    assert derive_endpoints("http://localhost:7878/query") == ("http://localhost:7878/update", "http://localhost:7878/store")
    assert derive_endpoints("http://h:3030/ds/sparql") == ("http://h:3030/ds/update", "http://h:3030/ds/data")
    assert derive_endpoints("http://h:3030/kb/query") == ("http://h:3030/kb/update", "http://h:3030/kb/data")
    url = "http://graphdb:7200/repositories/kb"
    assert derive_endpoints(url) == (url, url)
    store = RemoteStore.from_config(
        Config(sparql_url="http://h/ds/sparql", sparql_store_url="http://h/anders/gsp")
    )
    assert (store.update_url, store.store_url) == ("http://h/ds/update", "http://h/anders/gsp")
    store.close()


# --- helpers -----------------------------------------------------------------------------------

def test_values_go_first_in_the_outermost_where_group():
    b = {"x": ox.Literal("}{")}
    assert query_form("PREFIX a: <http://a#> # SELECT\n construct { ?s ?p ?x } where { ?s ?p ?x }") == "CONSTRUCT"
    q = inject_values("CONSTRUCT { ?s ?p ?x } WHERE { ?s ?p ?x }", b)
    assert q == 'CONSTRUCT { ?s ?p ?x } WHERE { VALUES (?x) { ("}{") }  ?s ?p ?x }'
    q = inject_values('SELECT (CONCAT("{", ?x) AS ?c) { ?s ?p ?x }', b)
    assert q.startswith('SELECT (CONCAT("{", ?x) AS ?c) { VALUES (?x)')
    q = inject_values("SELECT * { SELECT ?x { ?s ?p ?x } }", b)
    ox.Store().query(q)  # still valid SPARQL
    assert inline_bindings('DELETE WHERE { ?s ?p ?x } # ?x "?x"', b) == 'DELETE WHERE { ?s ?p "}{" } # ?x "?x"'
    with pytest.raises(TypeError):
        inject_values("SELECT * { ?s ?p ?x }", {"x": "raw text"})
    with pytest.raises(ValueError):
        inject_values("SELECT * { ?s ?p ?x }", {"x) {} DROP ALL": ox.Literal("a")})


# --- the embedded backend: unusable data folders -----------------------------------------------

def test_embedded_folder_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "een-bestand"
    blocker.write_text("geen map")
    with pytest.raises(KennisbankFout, match="kan niet worden geopend: een deel van het pad is een bestand"):
        EmbeddedStore(blocker / "opslag")


READ_ONLY_SCRIPT = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from kennisbank.store.embedded import EmbeddedStore
    from kennisbank.fouten import KennisbankFout
    root = Path(sys.argv[1])
    for folder in (root / "leeg", root / "bestaand"):
        try:
            EmbeddedStore(folder / "opslag")
        except KennisbankFout as exc:
            print(exc)
    """
)


def test_embedded_read_only_folder(tmp_path):
    """A folder without write permission: a new store and an existing store both give a Dutch error."""
    with EmbeddedStore(tmp_path / "bestaand" / "opslag") as s:
        fill(s)
    (tmp_path / "leeg").mkdir()
    folders = [tmp_path / "leeg", tmp_path / "bestaand", *(tmp_path / "bestaand").rglob("*")]
    for f in folders:
        f.chmod(0o555 if f.is_dir() else 0o444)
    command = [sys.executable, "-c", READ_ONLY_SCRIPT, str(tmp_path)]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # root ignores file permissions through CAP_DAC_OVERRIDE: drop it for the child process
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("als root zonder setpriv kan een map niet alleen-lezen worden gemaakt")
        command = [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--", *command]
    try:
        out = subprocess.run(command, capture_output=True, text=True, cwd=REPO_ROOT, timeout=60)
    finally:
        for f in folders:
            f.chmod(0o755 if f.is_dir() else 0o644)
    if "Operation not permitted" in out.stderr and "setpriv" in command[0]:
        pytest.skip("setpriv mag de rechten van root hier niet beperken")
    lines = out.stdout.splitlines()
    assert len(lines) == 2, out.stderr[-2000:]
    assert lines[0].endswith("/leeg/opslag' kan niet worden geopend: de map is niet beschrijfbaar.")
    assert "/bestaand/opslag' kan niet worden geopend: de map is niet beschrijfbaar." in lines[1]


def test_embedded_opened_read_only_refuses_writes(tmp_path):
    with EmbeddedStore(tmp_path / "opslag") as s:
        fill(s)
    ro = EmbeddedStore(tmp_path / "opslag", read_only=True)
    assert ro.triple_count() == 4
    with pytest.raises(KennisbankFout, match="alleen-lezen"):
        ro.add_graph(G1, nt((n("a"), P, ox.Literal("een"))))
    with pytest.raises(KennisbankFout, match="alleen-lezen"):
        ro.remove_graph(G1)
    ro.close()


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE bestaat alleen op Unix")
def test_embedded_full_disk(tmp_path):
    """A file-size limit makes every write past it fail with EFBIG, also for root: a full disk."""
    script = textwrap.dedent(
        """
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        from kennisbank.store.embedded import EmbeddedStore
        from kennisbank.fouten import KennisbankFout
        store = EmbeddedStore(sys.argv[1])
        resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))
        data = "".join(f'<http://e/s{i}> <http://e/p> "{i:0>60}" .\\n' for i in range(50000)).encode()
        try:
            store.add_graph("http://e/g", data)
            store.flush()
        except KennisbankFout as exc:
            print(exc)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "opslag")],
        capture_output=True, text=True, cwd=REPO_ROOT, timeout=60,
    )
    assert "kan niet worden bijgewerkt: de schijf is vol." in out.stdout, out.stderr[-2000:]


def test_add_graph_with_invalid_data_adds_nothing(store):
    fill(store)
    before = store.export()
    bad = nt((n("x"), P, ox.Literal("goed"))) + b'<http://example.org/y> <http://example.org/p> "open\n'
    with pytest.raises(KennisbankFout, match="geen geldige application/n-triples"):
        store.add_graph(G1, bad)
    with pytest.raises(KennisbankFout, match="geen geldige"):
        store.add_graph(G1, b"<http://example.org/x> <http://example.org/p> 1 <http://example.org/g> .\n", "application/n-quads")
    assert store.export() == before


def test_queries_see_the_union_of_all_named_graphs(store):
    # Every file and submission is its own named graph; a query without GRAPH must see them all.
    store.add_graph(G1, f"<{EX}a> <{EX}p> <{EX}b> .".encode())
    store.add_graph(G2, f"<{EX}b> <{EX}p> <{EX}c> .".encode())
    rows = store.select(f"SELECT ?x WHERE {{ <{EX}a> <{EX}p> ?m . ?m <{EX}p> ?x }}")
    assert [r["x"].value for r in rows] == [EX + "c"]
    raw = store.query_raw(f"SELECT ?x WHERE {{ <{EX}a> <{EX}p> ?x }}", "text/csv")
    assert (EX + "b").encode() in raw
