"""Citations are verified at build against the law text in the kennisbank valid on their peildatum.

The build derives what each citation was checked against (official XML, harvested text, summary only); a
citation without text on its date stops the build with a Dutch message; statuses from 'geanalyseerd' on
require every citation to be checked against a law text. Tested on the real repository content and with the
real CLI on the small build fixture.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef

from kennisbank.bronnen import discover, parse
from kennisbank.config import SOURCE_BASE, Config
from kennisbank.iri import Iris
from kennisbank.store.embedded import EmbeddedStore
from kennisbank.store.swap import current_store_path
from kennisbank.verificatie import GEVERIFIEERD, SAMENVATTING, verifieer

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "bouw"
KB = Namespace(f"{SOURCE_BASE}/def/kb#")


@lru_cache(maxsize=1)
def repo_parsed():
    config = Config(source_root=REPO)  # the repository itself, whatever KENNISBANK_BRON says
    return {f.rel: parse(f) for f in discover(config)}


@lru_cache(maxsize=1)
def repo_uitkomst():
    return verifieer(Iris(SOURCE_BASE), dict(repo_parsed()))


def test_every_citation_in_the_repository_resolves_to_text_or_summary_on_its_peildatum():
    uitkomst = repo_uitkomst()  # raises with every problem at once if one does not
    knelpunt_citations = sum(
        1 for rel, triples in repo_parsed().items() if rel.startswith("knelpunten/")
        for t in triples if t.predicate.value == str(KB.citeert))
    assert uitkomst.citeringen == knelpunt_citations > 100
    assert set(uitkomst.per_soort) <= {"officiele-tekst", "geharveste-tekst", SAMENVATTING}


def _status_requires_verification() -> set[str]:
    g = Graph().parse(REPO / "ontologie" / "begrippen" / "statussen.ttl")
    return {str(s) for s, o in g.subject_objects(KB.vereistGeverifieerdeCiteringen) if o.toPython() is True}


def test_status_definitions_say_which_statuses_require_verified_citations():
    required = {s.rsplit("/", 1)[-1] for s in _status_requires_verification()}
    assert required == {"geanalyseerd", "geagendeerd", "in-experiment", "oplossing-in-voorbereiding", "opgelost",
                        "geevalueerd"}
    g = Graph().parse(REPO / "ontologie" / "begrippen" / "statussen.ttl")
    definition = str(g.value(URIRef(f"{SOURCE_BASE}/id/status/geanalyseerd"),
                             URIRef("http://www.w3.org/2004/02/skos/core#definition")))
    assert "samenvatting" in definition and "peildatum" in definition


def test_geanalyseerd_and_higher_imply_all_citations_verified():
    required = _status_requires_verification()
    soort_van = {}
    for rel, triples in repo_uitkomst().triples.items():
        for t in triples:
            if t.predicate.value == str(KB.tekstsoort):
                soort_van[(rel, t.subject)] = t.object.value.rsplit("/", 1)[-1]
    checked = 0
    for rel, triples in repo_parsed().items():
        if not rel.startswith("knelpunten/"):
            continue
        status = next(t.object.value for t in triples if t.predicate.value == str(KB.status))
        citations = [t.object for t in triples if t.predicate.value == str(KB.citeert)]
        soorten = {soort_van[(rel, c)] for c in citations}
        if status in required:
            checked += 1
            assert soorten <= GEVERIFIEERD, f"{rel}: status {status} maar citeringen {soorten}"
    assert checked >= 10


def test_no_file_states_the_derived_verification_itself():
    derived = {str(KB[p]) for p in ("geverifieerdTegen", "tekstsoort", "geverifieerd")}
    for rel, triples in repo_parsed().items():
        if rel.startswith(("knelpunten/", "praktijkvoorbeelden/", "experimenten/")):
            assert not [t for t in triples if t.predicate.value in derived], rel


# --- the real build, on the small fixture -----------------------------------------------------------------
@pytest.fixture
def bron(tmp_path) -> Path:
    root = tmp_path / "bron"
    shutil.copytree(REPO / "ontologie", root / "ontologie")
    for sub in FIXTURE.iterdir():
        shutil.copytree(sub, root / sub.name)
    return root


def run_build(bron: Path, data: Path):
    env = {**os.environ, "KENNISBANK_BRON": str(bron), "KENNISBANK_DATA": str(data)}
    env.pop("KENNISBANK_SPARQL_URL", None)
    return subprocess.run([sys.executable, "-m", "kennisbank.cli", "build", "--stil", "--zonder-redeneerder"],
                          capture_output=True, text=True, env=env, timeout=300)


def _checked(data: Path) -> list[tuple[str, str, str]]:
    store = EmbeddedStore(current_store_path(data), read_only=True)
    try:
        rows = store.select(f"""PREFIX kb: <{KB}>
            SELECT ?versie ?soort ?ok WHERE {{ ?k kb:citeert ?c . ?c kb:geverifieerdTegen ?versie ;
              kb:tekstsoort ?soort ; kb:geverifieerd ?ok }}""")
    finally:
        store.close()
    return sorted((r["versie"].value.split("/regeling/")[1], r["soort"].value.rsplit("/", 1)[-1], r["ok"].value)
                  for r in rows)


def test_build_stores_what_each_citation_was_checked_against(bron, tmp_path):
    r = run_build(bron, tmp_path / "data1")
    assert r.returncode == 0, r.stderr
    assert "citeringen gecontroleerd tegen de wettekst: 2 alleen samenvatting" in r.stdout
    assert _checked(tmp_path / "data1") == [
        ("BWBR0018451/artikel/1/versie/2025-01-01", "alleen-samenvatting", "false"),
        ("BWBR0018451/artikel/2/versie/2025-01-01", "alleen-samenvatting", "false")]

    # a text instead of a summary: official unless the regeling is derived (harvested)
    regels = bron / "regels" / "BWBR0018451.ttl"
    text = regels.read_text(encoding="utf-8")
    text = text.replace('kb:samenvatting "Begripsbepalingen van de wet."@nl',
                        'kb:tekst "In deze wet wordt verstaan onder ..."@nl')
    regels.write_text(text, encoding="utf-8")
    r = run_build(bron, tmp_path / "data2")
    assert r.returncode == 0, r.stderr
    assert "1 alleen samenvatting, 1 officiële tekst" in r.stdout
    assert _checked(tmp_path / "data2")[0] == ("BWBR0018451/artikel/1/versie/2025-01-01", "officiele-tekst", "true")

    regels.write_text(text.replace('kb:versie <BWBR0018451/artikel/1/versie/2025-01-01> .',
                                   'kb:versie <BWBR0018451/artikel/1/versie/2025-01-01> .\n'
                                   '<BWBR0018451> kb:afgeleid true .', 1), encoding="utf-8")
    r = run_build(bron, tmp_path / "data3")
    assert r.returncode == 0, r.stderr
    assert _checked(tmp_path / "data3")[0] == ("BWBR0018451/artikel/1/versie/2025-01-01", "geharveste-tekst", "true")


def test_citation_without_text_on_its_date_stops_the_build_in_dutch(bron, tmp_path):
    knelpunt = bron / "knelpunten" / "toeslag-test.ttl"
    knelpunt.write_text(knelpunt.read_text(encoding="utf-8").replace('"2025-01-01"^^xsd:date ; kb:rol "aanspraak"',
                                                                     '"2024-06-01"^^xsd:date ; kb:rol "aanspraak"'),
                        encoding="utf-8")
    data = tmp_path / "data"
    r = run_build(bron, data)
    assert r.returncode == 1
    assert "niet worden gecontroleerd tegen de wettekst" in r.stderr
    assert ("knelpunten/toeslag-test.ttl: knelpunt KP-TEST citeert BWBR0018451 artikel 2" in r.stderr
            and "peildatum 2024-06-01" in r.stderr and "geen tekst in de kennisbank" in r.stderr), r.stderr
    assert not (data / "opslag" / "huidig").exists()


def test_summary_only_is_allowed_but_never_for_geanalyseerd(bron, tmp_path):
    knelpunt = bron / "knelpunten" / "toeslag-test.ttl"
    knelpunt.write_text(knelpunt.read_text(encoding="utf-8").replace("status/gesignaleerd", "status/geanalyseerd"),
                        encoding="utf-8")
    data = tmp_path / "data"
    r = run_build(bron, data)
    assert r.returncode == 1
    assert "knelpunt KP-TEST heeft status 'geanalyseerd'" in r.stderr and "alleen een samenvatting" in r.stderr
    assert "Verlaag de status" in r.stderr


def test_opgelost_requires_the_official_reference_of_the_remedy(bron, tmp_path):
    regels = bron / "regels" / "BWBR0018451.ttl"
    regels.write_text(regels.read_text(encoding="utf-8").replace("kb:samenvatting", "kb:tekst"), encoding="utf-8")
    knelpunt = bron / "knelpunten" / "toeslag-test.ttl"
    text = knelpunt.read_text(encoding="utf-8").replace("status/gesignaleerd", "status/opgelost")
    knelpunt.write_text(text, encoding="utf-8")
    r = run_build(bron, tmp_path / "data1")
    assert r.returncode == 1 and "heeft status 'opgelost', maar noemt geen vindplaats" in r.stderr, r.stderr
    knelpunt.write_text(text.replace("kb:status <status/opgelost> ;",
                                     "kb:status <status/opgelost> ;\n    kb:vindplaats <https://wetten.overheid.nl/BWBR0018451> ;"),
                        encoding="utf-8")
    r = run_build(bron, tmp_path / "data2")
    assert r.returncode == 0, r.stderr


def test_status_definitions_require_a_reference_once_solved():
    g = Graph().parse(REPO / "ontologie" / "begrippen" / "statussen.ttl")
    vereist = {str(s).rsplit("/", 1)[-1] for s, o in g.subject_objects(KB.vereistVindplaats) if o.toPython() is True}
    assert vereist == {"opgelost", "geevalueerd"}


def test_a_hand_written_verification_is_ignored_and_replaced(bron, tmp_path):
    knelpunt = bron / "knelpunten" / "toeslag-test.ttl"
    knelpunt.write_text(knelpunt.read_text(encoding="utf-8").replace(
        'kb:rol "aanspraak"@nl ]',
        'kb:rol "aanspraak"@nl ; kb:tekstsoort <tekstsoort/officiele-tekst> ; kb:geverifieerd true ]'),
        encoding="utf-8")
    r = run_build(bron, tmp_path / "data")
    assert r.returncode == 0, r.stderr
    assert _checked(tmp_path / "data") == [
        ("BWBR0018451/artikel/1/versie/2025-01-01", "alleen-samenvatting", "false"),
        ("BWBR0018451/artikel/2/versie/2025-01-01", "alleen-samenvatting", "false")]
