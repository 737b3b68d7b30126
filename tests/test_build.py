"""`kennisbank build`, run as users run it (the real CLI in a subprocess) on a small source tree made of the
real ontology and shapes plus a few hand-written resources (tests/fixtures/bouw)."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kennisbank.config import SOURCE_BASE
from kennisbank.store.embedded import EmbeddedStore
from kennisbank.store.remote import RemoteStore
from kennisbank.store.swap import current_store_path

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "bouw"
KNELPUNT = FIXTURE / "knelpunten" / "toeslag-test.ttl"


@pytest.fixture
def bron(tmp_path) -> Path:
    root = tmp_path / "bron"
    shutil.copytree(REPO / "ontologie", root / "ontologie")
    for sub in FIXTURE.iterdir():
        shutil.copytree(sub, root / sub.name)
    return root


def run_build(bron: Path, data: Path, *extra: str, env: dict | None = None, preexec=None):
    full_env = {**os.environ, "KENNISBANK_BRON": str(bron), "KENNISBANK_DATA": str(data), **(env or {})}
    full_env.pop("KENNISBANK_SPARQL_URL", None) if "KENNISBANK_SPARQL_URL" not in (env or {}) else None
    return subprocess.run(
        [sys.executable, "-m", "kennisbank.cli", "build", "--stil", "--zonder-redeneerder", *extra],
        capture_output=True, text=True, env=full_env, preexec_fn=preexec, timeout=300,
    )


def graphs_of(data: Path) -> list[str]:
    store = EmbeddedStore(current_store_path(data), read_only=True)
    try:
        return store.graphs()
    finally:
        store.close()


def knelpunt_titles(data: Path) -> list[str]:
    store = EmbeddedStore(current_store_path(data), read_only=True)
    try:
        rows = store.select("SELECT ?t WHERE { ?k a <%sKnelpunt> ; <http://purl.org/dc/terms/title> ?t }"
                            % f"{SOURCE_BASE}/def/kb#")
        return sorted(r["t"].value for r in rows)
    finally:
        store.close()


def test_build_loads_every_file_into_its_own_graph(bron, tmp_path):
    data = tmp_path / "data"
    r = run_build(bron, data)
    assert r.returncode == 0, r.stderr
    assert "Kennisbank gebouwd" in r.stdout
    graphs = graphs_of(data)
    assert f"{SOURCE_BASE}/graaf/knelpunten/toeslag-test" in graphs
    assert f"{SOURCE_BASE}/graaf/regels/BWBR0018451" in graphs
    assert f"{SOURCE_BASE}/graaf/ontologie/kb" in graphs
    assert f"{SOURCE_BASE}/graaf/afgeleid/herkomst" in graphs
    assert knelpunt_titles(data) == ["Testknelpunt over de zorgtoeslag"]

    # provenance: every file graph says which file and build it came from
    store = EmbeddedStore(current_store_path(data), read_only=True)
    try:
        rows = store.select(
            "SELECT ?bestand ?bouw WHERE { ?g <%sbronbestand> ?bestand ; <http://www.w3.org/ns/prov#wasGeneratedBy> ?bouw }"
            % f"{SOURCE_BASE}/def/kb#"
        )
    finally:
        store.close()
    assert "knelpunten/toeslag-test.ttl" in {r["bestand"].value for r in rows}


def test_rebuild_is_idempotent_and_drops_graphs_of_removed_files(bron, tmp_path):
    data = tmp_path / "data"
    assert run_build(bron, data).returncode == 0
    first = graphs_of(data)
    r = run_build(bron, data)
    assert r.returncode == 0, r.stderr
    assert "uit cache: 18" in r.stdout or "uit cache" in r.stdout
    assert graphs_of(data) == first
    (bron / "praktijkvoorbeelden" / "toeslag-test.ttl").unlink()
    assert run_build(bron, data).returncode == 0
    assert f"{SOURCE_BASE}/graaf/praktijkvoorbeelden/toeslag-test" not in graphs_of(data)
    # only one store folder remains
    folders = [p for p in (data / "opslag").iterdir() if p.is_dir()]
    assert len(folders) == 1


def _assert_unchanged(data: Path, before: list[str]) -> None:
    assert graphs_of(data) == before
    assert knelpunt_titles(data) == ["Testknelpunt over de zorgtoeslag"]
    assert [p for p in (data / "opslag").iterdir() if p.is_dir()] == [current_store_path(data)]


def test_syntax_error_names_file_and_line_and_changes_nothing(bron, tmp_path):
    data = tmp_path / "data"
    assert run_build(bron, data).returncode == 0
    before = graphs_of(data)
    text = KNELPUNT.read_text(encoding="utf-8").replace(
        'dct:identifier "KP-TEST" ;', 'dct:identifier "KP-TEST ;')
    (bron / "knelpunten" / "toeslag-test.ttl").write_text(text, encoding="utf-8")
    r = run_build(bron, data)
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    assert "Syntaxfout in knelpunten/toeslag-test.ttl, regel 8" in r.stderr
    _assert_unchanged(data, before)


@pytest.mark.parametrize("change, expected", [
    # a missing required property
    (('    dct:title "Testknelpunt over de zorgtoeslag"@nl ;\n', ""), ("eigenschap http://purl.org/dc/terms/title",)),
    # an IRI of the wrong class: a citation that points at a knelpunt instead of a provision
    (("kb:bepaling <regeling/BWBR0018451/artikel/1>", "kb:bepaling <knelpunt/toeslag-test>"),
     ("eigenschap https://kennisbank.botsenderegels.nl/def/kb#bepaling",)),
    # a SKOS concept that does not exist in its scheme
    (("<mechanisme/timing-liquiditeit>", "<mechanisme/bestaat-niet>"),
     ("eigenschap https://kennisbank.botsenderegels.nl/def/kb#mechanisme",
      "waarde https://kennisbank.botsenderegels.nl/id/mechanisme/bestaat-niet")),
    # a knelpunt that cites only one provision
    ((""",
               [ a kb:Citering ; kb:bepaling <regeling/BWBR0018451/artikel/2> ;
                 kb:peildatum "2025-01-01"^^xsd:date ; kb:rol "aanspraak"@nl ]""", ""),
     ("eigenschap https://kennisbank.botsenderegels.nl/def/kb#citeert",)),
])
def test_shacl_violation_is_reported_in_dutch_and_changes_nothing(bron, tmp_path, change, expected):
    data = tmp_path / "data"
    assert run_build(bron, data).returncode == 0
    before = graphs_of(data)
    old, new = change
    text = KNELPUNT.read_text(encoding="utf-8")
    assert old in text
    (bron / "knelpunten" / "toeslag-test.ttl").write_text(text.replace(old, new), encoding="utf-8")
    r = run_build(bron, data)
    assert r.returncode != 0, r.stdout
    assert "Traceback" not in r.stderr
    assert "De bouw is gestopt" in r.stderr
    assert "knelpunten/toeslag-test.ttl" in r.stderr
    assert "onderwerp https://kennisbank.botsenderegels.nl/id/knelpunt/toeslag-test" in r.stderr
    for part in expected:
        assert part in r.stderr
    _assert_unchanged(data, before)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_sparql_server_gives_dutch_error(bron, tmp_path):
    url = f"http://127.0.0.1:{_closed_port()}/query"
    r = run_build(bron, tmp_path / "data", env={"KENNISBANK_SPARQL_URL": url})
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert "niet bereikbaar" in r.stderr and url in r.stderr


def test_data_folder_that_cannot_be_written(bron, tmp_path):
    blocker = tmp_path / "bestand"
    blocker.write_text("geen map")
    r = run_build(bron, blocker / "data")
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert "Fout:" in r.stderr and "niet beschrijfbaar" in r.stderr


def _limit_file_size():
    # A full disk, as a process sees it: writes beyond the limit fail (EFBIG), for root too.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_full_disk_leaves_the_previous_store_intact(bron, tmp_path):
    data = tmp_path / "data"
    assert run_build(bron, data).returncode == 0
    before = graphs_of(data)
    # make the next build write much more than the limit
    big = "\n".join(
        f'<https://kennisbank.botsenderegels.nl/id/bron/vulsel-{i}> a <https://kennisbank.botsenderegels.nl/def/kb#Bron> ; '
        f'<http://purl.org/dc/terms/title> "Vulsel {i} {"x" * 200}"@nl .' for i in range(3000))
    (bron / "organisaties" / "vulsel.ttl").write_text(big, encoding="utf-8")
    r = run_build(bron, data, preexec=_limit_file_size)
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    assert "Fout:" in r.stderr
    _assert_unchanged(data, before)


def test_base_iri_is_configuration(bron, tmp_path):
    data = tmp_path / "data"
    r = run_build(bron, data, env={"KENNISBANK_BASE_IRI": "https://kennis.example.org"})
    assert r.returncode == 0, r.stderr
    graphs = graphs_of(data)
    assert "https://kennis.example.org/graaf/knelpunten/toeslag-test" in graphs
    assert not any(g.startswith(SOURCE_BASE) for g in graphs)


@pytest.mark.server
def test_build_into_a_sparql_server(bron, tmp_path, oxigraph_server):
    url = oxigraph_server + "/query"
    store = RemoteStore(url)
    store.update("DROP SILENT ALL")
    r = run_build(bron, tmp_path / "data", env={"KENNISBANK_SPARQL_URL": url})
    assert r.returncode == 0, r.stderr
    graphs = store.graphs()
    assert f"{SOURCE_BASE}/graaf/knelpunten/toeslag-test" in graphs
    assert store.ask("ASK { ?k a <%sKnelpunt> }" % f"{SOURCE_BASE}/def/kb#")
    (bron / "praktijkvoorbeelden" / "toeslag-test.ttl").unlink()
    r = run_build(bron, tmp_path / "data", env={"KENNISBANK_SPARQL_URL": url})
    assert r.returncode == 0, r.stderr
    assert f"{SOURCE_BASE}/graaf/praktijkvoorbeelden/toeslag-test" not in store.graphs()
    # a failing build leaves the server's graphs as they were
    before = store.graphs()
    (bron / "knelpunten" / "kapot.ttl").write_text("<a> <b> .", encoding="utf-8")
    r = run_build(bron, tmp_path / "data", env={"KENNISBANK_SPARQL_URL": url})
    assert r.returncode != 0
    assert store.graphs() == before
    store.update("DROP SILENT ALL")
