"""The reference recogniser: sentences with expected references, offsets, the CLI contract, data-driven names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from kennisbank.config import Config
from kennisbank.regels.herken import herken
from kennisbank.regels.herken_index import index_uit_bestanden, index_uit_graaf, index_uit_oxigraph

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "herken_regels.ttl"
BEGRIPPEN = ROOT / "ontologie" / "begrippen" / "normbegrippen.ttl"
ZINNEN = yaml.safe_load((ROOT / "tests" / "herken_zinnen.yaml").read_text(encoding="utf-8"))
CONFIG = Config.from_env({})


@pytest.fixture(scope="module")
def index():
    return index_uit_bestanden([FIXTURE, BEGRIPPEN], CONFIG)


def _sleutel(d) -> tuple:
    def s(v):
        return None if v is None else str(v)

    return (s(d.get("regeling")), s(d.get("artikel")), s(d.get("lid")), s(d.get("onderdeel")),
            d.get("status") or "gevonden")


def _gevonden(index, zin):
    return herken(zin["zin"], index, regeling=zin.get("regeling"), peildatum=zin.get("peildatum"))


@pytest.mark.parametrize("zin", ZINNEN, ids=[z["zin"][:60] for z in ZINNEN])
def test_zin(index, zin):
    found = _gevonden(index, zin)
    got = [_sleutel(v.als_dict()) for v in found]
    want = [_sleutel(d) for d in zin["verwacht"]]
    assert Counter(got) == Counter(want), f"\n{zin['zin']}\n gevonden: {got}\n verwacht: {want}"
    for d in zin["verwacht"]:
        extra = {k: d[k] for k in ("soort", "tekst", "regeling_naam") if k in d}
        if extra:
            assert any(_sleutel(v.als_dict()) == _sleutel(d) and all(getattr(v, k) == x for k, x in extra.items())
                       for v in found), (d, [v.als_dict() for v in found])
    for v in found:
        assert zin["zin"][v.begin : v.eind] == v.tekst
        assert 0.0 <= v.zekerheid <= 1.0


def test_precisie_en_recall(index):
    tp = n_found = n_want = 0
    for zin in ZINNEN:
        got = Counter(_sleutel(v.als_dict()) for v in _gevonden(index, zin))
        want = Counter(_sleutel(d) for d in zin["verwacht"])
        tp += sum((got & want).values())
        n_found += sum(got.values())
        n_want += sum(want.values())
    precision, recall = tp / n_found, tp / n_want
    assert len(ZINNEN) >= 60 and sum(1 for z in ZINNEN if not z["verwacht"]) >= 15
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)


def test_iri_is_most_specific_existing_provision(index):
    base = "https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703"
    [v] = herken("art. 31 lid 2 onder n PW", index)
    assert v.iri == f"{base}/artikel/31/lid/2/onderdeel/n"
    [v] = herken("artikel 22a lid 9 Pw", index)
    assert (v.status, v.iri) == ("onbekend lid", f"{base}/artikel/22a")
    [v] = herken("artikel 999 Pw", index)
    assert (v.status, v.iri) == ("onbekend artikel", base)
    [v] = herken("artikel 3 van de Wet op de bananen", index)
    assert (v.status, v.iri, v.regeling) == ("onbekende regeling", None, None)
    assert v.regeling_naam == "Wet op de bananen"


def test_offsets_with_unicode_and_newlines(index):
    text = "Café “De Hoek” — zie\nartikel 17,\teerste lid,  Pw én art. 8:69 Awb.\n\nKostendelersnorm!"
    found = herken(text, index)
    assert [v.artikel for v in found] == ["17", "8:69", "19a", "22a"]
    for v in found:
        assert text[v.begin : v.eind] == v.tekst


def test_zekerheid_scale(index):
    [explicit] = herken("artikel 17 Pw", index)
    [context] = herken("In de Pw staat in artikel 17 de plicht.", index)
    [earlier] = herken("De Pw is streng. Artikel 17 zegt het.", index)
    [default] = herken("Artikel 17 zegt het.", index, regeling="Pw")
    [missing] = herken("Artikel 17 zegt het.", index)
    [jci] = herken("jci1.3:c:BWBR0015703&artikel=17", index)
    assert jci.zekerheid > explicit.zekerheid > context.zekerheid > earlier.zekerheid > default.zekerheid > missing.zekerheid
    assert missing.status == "regeling ontbreekt" and missing.iri is None


def test_peildatum_prefers_version(index):
    [v24] = herken("artikel 22a Pw", index, peildatum="2024-05-01")
    [v26] = herken("artikel 22a Pw", index, peildatum="2026-02-01")
    assert v24.versie.endswith("/artikel/22a/versie/2024-01-01")
    assert v26.versie.endswith("/artikel/22a/versie/2026-01-01")
    [nieuw] = herken("artikel 7a Pw", index, peildatum="2024-05-01")
    assert nieuw.status == "gevonden" and nieuw.zekerheid < v24.zekerheid
    [jci] = herken("jci1.3:c:BWBR0015703&artikel=22a&g=2024-03-01", index)
    assert jci.peildatum == "2024-03-01" and jci.versie.endswith("/versie/2024-01-01")


NIEUWE_WET = """
@prefix kb: <https://kennisbank.botsenderegels.nl/def/kb#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR9999999> a kb:Wet ; kb:bwbId "BWBR9999999" ;
    dct:title "Wet op de proefregels"@nl ; kb:afkorting "Wopr" .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR9999999/artikel/4> a kb:Artikel ; eli:id_local "4" ;
    kb:regeling <https://kennisbank.botsenderegels.nl/id/regeling/BWBR9999999> .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR9999999/artikel/4/lid/1> a kb:Lid ; eli:id_local "1" ;
    eli:is_part_of <https://kennisbank.botsenderegels.nl/id/regeling/BWBR9999999/artikel/4> ;
    kb:regeling <https://kennisbank.botsenderegels.nl/id/regeling/BWBR9999999> .
<https://kennisbank.botsenderegels.nl/id/normbegrip/proefnorm> a skos:Concept, kb:Normbegrip ;
    skos:prefLabel "proefnorm"@nl ; skos:altLabel "proefnormen"@nl ;
    kb:verwijstNaar <https://kennisbank.botsenderegels.nl/id/regeling/BWBR9999999/artikel/4/lid/1> .
"""


def test_new_abbreviation_in_rdf_is_recognised_without_code_changes(tmp_path):
    zin = "Volgens artikel 4, eerste lid, Wopr en de proefnormen mag dat."
    leeg = tmp_path / "leeg.ttl"
    leeg.write_text("", encoding="utf-8")
    without = index_uit_bestanden([leeg], CONFIG)
    assert [v.status for v in herken(zin, without)] == ["onbekende regeling"]
    f = tmp_path / "BWBR9999999.ttl"
    f.write_text(NIEUWE_WET, encoding="utf-8")
    with_new = index_uit_bestanden([leeg, f], CONFIG)
    found = herken(zin, with_new)
    assert [(v.regeling, v.artikel, v.lid, v.status, v.soort) for v in found] == [
        ("BWBR9999999", "4", "1", "gevonden", "artikel"),
        ("BWBR9999999", "4", "1", "gevonden", "normbegrip"),
    ]
    assert herken("artikel 4 lid 1 van de Wet op de proefregels", with_new)[0].status == "gevonden"


def test_index_from_rdflib_and_oxigraph_agree():
    import pyoxigraph as ox
    import rdflib

    g = rdflib.Graph()
    g.parse(data=NIEUWE_WET, format="turtle")
    a = index_uit_graaf(g)
    st = ox.Store()
    st.load(NIEUWE_WET.encode(), format=ox.RdfFormat.TURTLE)
    b = index_uit_oxigraph(st)
    assert set(a.regelingen) == set(b.regelingen) == {"BWBR9999999"}
    assert herken("art. 4 lid 1 Wopr", a)[0].iri == herken("art. 4 lid 1 Wopr", b)[0].iri


def test_index_from_store(tmp_path):
    from kennisbank.store.embedded import EmbeddedStore

    store = EmbeddedStore(None)
    store.add_graph("https://kennisbank.botsenderegels.nl/graaf/regels/BWBR9999999", NIEUWE_WET.encode(), "text/turtle")
    from kennisbank.regels.herken_index import index_uit_store

    idx = index_uit_store(store)
    [v] = herken("art. 4 lid 1 Wopr", idx)
    assert v.iri.endswith("/BWBR9999999/artikel/4/lid/1")


def _bron(tmp_path) -> Path:
    """A source root with the fixture as its only regeling file, so the CLI does not depend on regels/."""
    bron = tmp_path / "bron"
    (bron / "regels").mkdir(parents=True)
    (bron / "ontologie" / "begrippen").mkdir(parents=True)
    (bron / "regels" / "fixture.ttl").write_bytes(FIXTURE.read_bytes())
    (bron / "ontologie" / "begrippen" / "normbegrippen.ttl").write_bytes(BEGRIPPEN.read_bytes())
    return bron


def _cli(*args, stdin=None, env_extra=None):
    env = dict(os.environ)
    env["KENNISBANK_DATA"] = str(Path(env_extra) / "data")
    env["KENNISBANK_BRON"] = str(_bron(Path(env_extra)) if not (Path(env_extra) / "bron").is_dir() else Path(env_extra) / "bron")
    env.pop("KENNISBANK_SPARQL_URL", None)
    env.pop("KENNISBANK_BASE_IRI", None)
    cmd = [sys.executable, "-c", "import sys; from kennisbank.cli import main; sys.exit(main())"]
    return subprocess.run([*cmd, "regels", "herken", *args], input=stdin,
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


def _cli_available() -> bool:
    try:
        import kennisbank.cli.regels  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _cli_available(), reason="kennisbank/cli/regels.py (the `regels` group) is not there yet")
def test_cli_json_contract(tmp_path):
    zin = "Volgens artikel 22a, eerste lid, van de Participatiewet en de kostendelersnorm."
    r = _cli(zin, "--json", env_extra=str(tmp_path))
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert isinstance(data, list) and data
    for item in data:
        for key in ("tekst", "begin", "eind", "regeling", "artikel", "lid", "iri", "zekerheid", "status", "soort"):
            assert key in item
        assert zin[item["begin"] : item["eind"]] == item["tekst"]
    assert data[0]["regeling"] == "BWBR0015703" and data[0]["artikel"] == "22a"
    r = _cli("-", "--json", stdin="Geen wetten hier, alleen € 22,50.", env_extra=str(tmp_path))
    assert r.returncode == 0 and json.loads(r.stdout) == []


def test_cli_module_registers_subcommand(tmp_path, capsys, monkeypatch):
    import argparse

    from kennisbank.cli.regels_herken import register

    p = argparse.ArgumentParser()
    sub = p.add_subparsers()
    register(sub)
    monkeypatch.setenv("KENNISBANK_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("KENNISBANK_BRON", str(_bron(tmp_path)))
    monkeypatch.delenv("KENNISBANK_SPARQL_URL", raising=False)
    monkeypatch.delenv("KENNISBANK_BASE_IRI", raising=False)
    args = p.parse_args(["herken", "art. 18 lid 2 Pw en artikel 999 Pw", "--json"])
    assert args.func(args) in (0, None)
    data = json.loads(capsys.readouterr().out)
    assert [(d["artikel"], d["lid"], d["status"]) for d in data] == [("18", "2", "gevonden"), ("999", None, "onbekend artikel")]
    args = p.parse_args(["herken", "art. 18 lid 2 Pw"])
    args.func(args)
    out = capsys.readouterr().out
    assert "Participatiewet" in out and "gevonden" in out
    args = p.parse_args(["herken", "Niets te zien, alleen 1 januari 2015 en € 22,50."])
    assert args.func(args) in (0, None)
    assert capsys.readouterr().out.strip() == "Geen verwijzingen gevonden."
    from kennisbank.fouten import KennisbankFout

    args = p.parse_args(["herken", "art. 18 lid 2 Pw", "--peildatum", "2026-13-45"])
    with pytest.raises(KennisbankFout, match="peildatum"):
        args.func(args)
