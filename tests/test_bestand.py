"""Resistance to abuse, below the HTTP level (issue 9): the SPARQL worker pool with real worker processes, the
checks before parsing, one store handle per request, and no blocking work in `async def` handlers."""

from __future__ import annotations

import asyncio
import inspect
import os
import re
import time

import pyoxigraph as ox
import pytest
from fastapi.routing import APIRoute

from api_fixture import bouw, maak_omgeving
from kennisbank.store.base import nesting, sparql_tokens
from kennisbank.store.embedded import EmbeddedStore
from kennisbank.store.vraagwerkers import TeLang, Vastgelopen, Vol, VraagFout, VraagPool

JSON = "application/sparql-results+json"
DUUR = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
BOM = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"


@pytest.fixture
def opslag(tmp_path):
    store = EmbeddedStore(tmp_path / "opslag")
    store.add_graph("https://voorbeeld.nl/g", " ".join(f"<https://voorbeeld.nl/s{i}> <https://voorbeeld.nl/p> {i} ."
                                                      for i in range(300)).encode(), "text/turtle")
    yield store
    store.close()


@pytest.fixture
def pool(tmp_path):
    p = VraagPool(tmp_path / "kopieen", werkers=1, wachtrij=1)
    yield p
    p.close()


def _aantal(body: bytes) -> int:
    import json

    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_een_crash_in_de_parser_treft_alleen_de_werker(pool, opslag):
    """The bomb (which segfaults the process that parses it) goes straight to a worker, past every check."""
    with pytest.raises(Vastgelopen):
        pool.vraag(BOM, JSON, store=opslag, timeout=20, max_bytes=None)
    body = pool.vraag("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", JSON, store=opslag, timeout=20, max_bytes=None)
    assert _aantal(body) == 300


def test_een_vraag_na_de_tijdslimiet_stopt_echt(pool, opslag):
    pool.vraag("ASK {}", JSON, store=opslag, timeout=20, max_bytes=None)  # the worker runs
    (pid,) = pool.pids()
    with pytest.raises(TeLang):
        pool.vraag(DUUR, JSON, store=opslag, timeout=1, max_bytes=None)
    with pytest.raises(ProcessLookupError):  # killed and reaped: the query is not running on somewhere
        os.kill(pid, 0)
    assert pool.pids() and pool.pids() != [pid]  # a fresh worker took its place
    assert _aantal(pool.vraag("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", JSON, store=opslag, timeout=20,
                              max_bytes=None)) == 300


def test_de_wachtrij_is_begrensd(pool):
    a = pool.toelaten()
    b = pool.toelaten()  # 1 worker + 1 waiting
    with pytest.raises(Vol) as exc:
        pool.toelaten()
    assert exc.value.retry_after > 0
    a.sluit()
    a.sluit()  # idempotent
    pool.toelaten().sluit()
    b.sluit()
    assert pool.bezig == 0


def test_werkers_zien_elke_schrijfactie_en_oude_kopieen_verdwijnen(pool, opslag, tmp_path):
    vraag = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert _aantal(pool.vraag(vraag, JSON, store=opslag, timeout=20, max_bytes=None)) == 300
    opslag.update("INSERT DATA { GRAPH <https://voorbeeld.nl/h> { <https://voorbeeld.nl/x> <https://voorbeeld.nl/p> 1 } }")
    assert _aantal(pool.vraag(vraag, JSON, store=opslag, timeout=20, max_bytes=None)) == 301
    opslag.remove_graph("https://voorbeeld.nl/h")
    assert _aantal(pool.vraag(vraag, JSON, store=opslag, timeout=20, max_bytes=None)) == 300
    (map_,) = list((tmp_path / "kopieen").iterdir())
    assert len(list(map_.iterdir())) == 1  # only the checkpoint in use remains
    pool.close()
    assert not map_.exists()


def test_fouten_van_de_werker(pool, opslag):
    with pytest.raises(VraagFout) as exc:
        pool.vraag("SELECT * WHERE { ?s ?p }", JSON, store=opslag, timeout=20, max_bytes=None)
    assert exc.value.soort == "syntax"
    with pytest.raises(VraagFout) as exc:
        pool.vraag("SELECT * WHERE { ?s ?p ?o }", JSON, store=opslag, timeout=20, max_bytes=100)
    assert exc.value.soort == "kennisbank" and "groter dan" in exc.value.bericht


@pytest.mark.server
def test_werker_stuurt_door_naar_een_sparql_server(tmp_path, oxigraph_server):
    p = VraagPool(None, werkers=1, wachtrij=0)
    try:
        body = p.vraag("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", JSON, remote=f"{oxigraph_server}/query",
                       timeout=10, max_bytes=None)
        assert _aantal(body) >= 0
        with pytest.raises(VraagFout) as exc:  # parsed locally: the server never sees it
            p.vraag("SELECT * WHERE { ?s ?p }", JSON, remote=f"{oxigraph_server}/query", timeout=10, max_bytes=None)
        assert exc.value.soort == "syntax"
        with pytest.raises(Vastgelopen):
            p.vraag(BOM, JSON, remote=f"{oxigraph_server}/query", timeout=10, max_bytes=None)
    finally:
        p.close()


# --- the checks before parsing --------------------------------------------------------------------------------
def test_nesting_telt_haakjes_en_reeksen_ontkenningen_maar_geen_tekst():
    assert nesting("SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }")[0] > 5000
    assert nesting("SELECT * WHERE " + "{" * 10000 + "}" * 10000)[0] == 10000
    assert nesting("SELECT * WHERE { FILTER(" + "!" * 10000 + "true) }")[0] > 10000
    assert nesting("SELECT * WHERE { FILTER(" + "+".join(["1"] * 3000) + ") }")[1] > 2000
    gewoon = 'SELECT ?s WHERE { ?s <urn:a(((> "((((!!!!" . FILTER(!BOUND(?x) && ?y > -1) } # {{{{(((('
    assert nesting(gewoon)[0] <= 3


@pytest.mark.parametrize("tekst", ["'\\" * 16000, '"\\' * 16000, "a." * 16000, "ab.c" * 8000, "'''" + "a" * 30000])
def test_tokenizer_is_lineair_op_vijandige_invoer(tekst):
    """These inputs used to make the tokenizer retry over the same text at every position (minutes of CPU in the
    server). An unterminated string now runs to the end of its line, a name swallows its dots: few tokens."""
    assert len(sparql_tokens(tekst)) <= 2


def test_tokenizer_herkent_gewone_vragen_zoals_voorheen():
    q = 'PREFIX kb: <https://x/def#> SELECT ?s WHERE { ?s a kb:Knelpunt ; kb:titel "a \\" b" . } # c'
    soorten = [(k, q[s:e]) for k, s, e in sparql_tokens(q)]
    assert ("iri", "<https://x/def#>") in soorten and ("name", "kb:Knelpunt") in soorten
    assert ("string", '"a \\" b"') in soorten and ("var", "?s") in soorten


# --- one store handle per request -------------------------------------------------------------------------------
def test_een_verzoek_houdt_zijn_opslag_tot_het_klaar_is(tmp_path):
    import contextvars

    import kennisbank.context as context
    from kennisbank.context import Kennisbank

    config, *_ = maak_omgeving(tmp_path)
    kb = Kennisbank(config)
    saved, context.CHECK_SECONDS = context.CHECK_SECONDS, 0.0
    try:
        verzoek = contextvars.copy_context()
        pin, _ = verzoek.run(kb.pin)
        oud = verzoek.run(lambda: kb.store)
        bouw(config.source_root, config.data_dir)  # the build switches the pointer
        nieuw = kb.store  # another request (outside the pinned context) reopens
        assert nieuw is not oud
        assert verzoek.run(lambda: kb.store) is oud  # the request in flight keeps its handle …
        assert oud.ask("ASK { ?s ?p ?o }")  # … and it still works
        teruggave = kb.los(pin)
        assert teruggave is oud  # the last user closes it
        teruggave.close()
        assert kb.store.ask("ASK { ?s ?p ?o }")
    finally:
        context.CHECK_SECONDS = saved
        kb.close()


# --- no blocking call in an async handler ---------------------------------------------------------------------
#: async endpoints, each with why it may be async. Everything else must be a plain `def` (FastAPI runs it in a
#: thread). An async handler may only await: reading the body, and the thread pool / SPARQL workers.
ASYNC_TOEGESTAAN = {
    "sparql_get": "weigert direct op de event loop (429) als de wachtrij vol is; het werk loopt in threads van een eigen limiter",
    "sparql_post": "leest de body asynchroon; verder als sparql_get",
    "praktijkvoorbeeld_indienen": "leest de body asynchroon; validatie en opslag in run_in_threadpool",
    "beoordelen": "leest de body asynchroon; controle en opslag in run_in_threadpool",
    "knelpunt_maken": "leest de body asynchroon; SHACL, opslag en lock in run_in_threadpool",
    "knelpunt_wijzigen": "leest de body asynchroon; SHACL, opslag en lock in run_in_threadpool",
}
#: What must never appear in an async handler's own body: the stores, the lock, validation, the recogniser.
BLOKKEREND = re.compile(r"\bkb\.(store|inbox|write_lock|validator|herkenner|tokens)\b|\.(select|ask|construct|update|"
                        r"replace_graph|query_raw)\(|\btime\.sleep\(|\bopen\(|_lock\b")


def _routes(app):
    for route in app.routes:
        if isinstance(route, APIRoute):
            yield route
        sub = getattr(route, "original_router", None) or getattr(route, "app", None)  # include_router, mounts
        if sub is not None and hasattr(sub, "routes"):
            yield from _routes(sub)


def _afhankelijkheden(dependant):
    for d in dependant.dependencies:
        yield d
        yield from _afhankelijkheden(d)


def test_geen_async_handler_buiten_de_lijst(tmp_path):
    from api.app import create_app

    config, *_ = maak_omgeving(tmp_path)
    app = create_app(config)
    gezien = set()
    for route in _routes(app):
        naam = route.endpoint.__name__
        if asyncio.iscoroutinefunction(route.endpoint):
            gezien.add(naam)
            assert naam in ASYNC_TOEGESTAAN, f"{route.path}: '{naam}' is async maar staat niet op de lijst"
            bron = inspect.getsource(route.endpoint)
            assert not BLOKKEREND.search(bron), f"'{naam}' doet blokkerend werk op de event loop: {BLOKKEREND.search(bron)}"
        for dep in _afhankelijkheden(route.dependant):
            if dep.call is not None and asyncio.iscoroutinefunction(dep.call):
                bron = inspect.getsource(dep.call)
                assert not BLOKKEREND.search(bron), f"afhankelijkheid {dep.call.__name__} is async en blokkeert"
    assert "sparql_get" in gezien  # the walk found the /v1 routes
    app.state.kb.close()
