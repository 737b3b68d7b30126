"""Importing official BWB toestand XML into regels/{BWBID}.ttl: model, versions, text-on-date, CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kennisbank.cli import main
from kennisbank.config import Config
from kennisbank.fouten import KennisbankFout
from kennisbank.regels import importeer, tekst_op
from kennisbank.regels.bwb import lees_toestand
from kennisbank.store.embedded import EmbeddedStore

REPO = Path(__file__).resolve().parent.parent
BWB = REPO.parent / "shared" / "fixtures" / "bwb"
PW24 = BWB / "BWBR0015703_2024-01-01_0.xml"
PW26 = BWB / "BWBR0015703_2026-01-01_0.xml"
WZT = BWB / "BWBR0018451_2025-01-01_0.xml"
WTI = BWB / "BWBR0018451.WTI.xml"
ZVW = BWB / "BWBR0018450_2025-07-05_0.xml"

BASE = "https://kennisbank.botsenderegels.nl"
PW = f"{BASE}/id/regeling/BWBR0015703"
KB = f"{BASE}/def/kb#"
ELI = "http://data.europa.eu/eli/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"

pytestmark = pytest.mark.skipif(not BWB.is_dir(), reason="shared BWB fixtures not available")


def cfg(tmp_path: Path) -> Config:
    # a source root without regels/metadata.yaml: only what the XML says
    return Config(source_root=tmp_path / "bron")


def graph(pad: Path) -> ox.Store:
    s = ox.Store()
    s.load(pad.read_bytes(), format=ox.RdfFormat.TURTLE)
    return s


def objects(store: ox.Store, s: str, p: str) -> list:
    return sorted((q.object for q in store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None)), key=str)


def values(store, s, p) -> list[str]:
    return [o.value for o in objects(store, s, p)]


@pytest.fixture(scope="module")
def pw_beide(tmp_path_factory) -> tuple[Path, list]:
    tmp = tmp_path_factory.mktemp("pw")
    uit = tmp / "regels"
    c = Config(source_root=tmp / "bron")
    r1 = importeer(PW24, uit=uit, config=c)
    shutil.copy(uit / "BWBR0015703.ttl", tmp / "alleen-2024.ttl")  # for the CLI test
    r2 = importeer(PW26, uit=uit, config=c)
    return uit / "BWBR0015703.ttl", [r1, r2]


def test_small_law_model(tmp_path):
    r = importeer(WZT, uit=tmp_path, config=cfg(tmp_path))
    pad = tmp_path / "BWBR0018451.ttl"
    assert r.pad == pad and pad.is_file()
    g = graph(pad)
    reg = f"{BASE}/id/regeling/BWBR0018451"
    assert set(values(g, reg, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")) >= {KB + "Regeling", KB + "Wet"}
    assert objects(g, reg, "http://purl.org/dc/terms/title") == [ox.Literal("Wet op de zorgtoeslag", language="nl")]
    assert values(g, reg, KB + "bwbId") == ["BWBR0018451"]
    # 9 articles and 23 leden, as the fixture README says; every part points to its Regeling
    artikelen = list(g.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                         ox.NamedNode(KB + "Artikel")))
    leden = list(g.quads_for_pattern(None, None, ox.NamedNode(KB + "Lid")))
    assert len(artikelen) == 9 and len(leden) == 23
    for q in artikelen + leden:
        assert values(g, q.subject.value, KB + "regeling") == [reg]
    lid = f"{reg}/artikel/1/lid/1"
    assert values(g, lid, ELI + "is_part_of") == [f"{reg}/artikel/1"]
    assert values(g, lid, ELI + "id_local") == ["1"]
    versie = f"{lid}/versie/2025-01-01"
    assert values(g, lid, KB + "versie") == [versie]
    assert values(g, versie, KB + "toestand") == ["http://wetten.overheid.nl/id/BWBR0018451/2025-01-01/0"]
    assert values(g, versie, KB + "juriconnect") == ["jci1.3:c:BWBR0018451&artikel=1&lid=1&g=2025-01-01"]
    assert values(g, versie, KB + "wettenLink") == ["https://wetten.overheid.nl/BWBR0018451/2025-01-01#Artikel1_Lid1"]
    assert values(g, versie, KB + "labelId") == ["7153774L1"]
    assert values(g, versie, KB + "geldigVanaf") == ["2025-01-01"]
    tekst = values(g, versie, KB + "tekst")[0]
    assert tekst.startswith("1 In deze wet en de daarop berustende bepalingen")
    assert "\na. Onze Minister: Onze Minister van Volksgezondheid, Welzijn en Sport;" in tekst
    assert "  " not in tekst


def test_structure_numbers_text_and_references(pw_beide):
    pad, _ = pw_beide
    g = graph(pad)
    h3, p32 = f"{PW}/hoofdstuk/3", f"{PW}/paragraaf/3.2"
    assert values(g, h3, "http://www.w3.org/2000/01/rdf-schema#label") == ["Hoofdstuk 3"]
    assert values(g, h3, KB + "opschrift") == ["Algemene bijstand"]
    assert values(g, p32, ELI + "is_part_of") == [h3]
    art = f"{PW}/artikel/22a"
    assert values(g, art, ELI + "is_part_of") == [p32]
    assert values(g, art, "http://www.w3.org/2000/01/rdf-schema#label") == ["Artikel 22a"]
    assert values(g, art, KB + "opschrift") == ["Kostendelersnorm"]
    v = values(g, f"{art}/lid/1", KB + "versie")[-1]
    datum = v.rsplit("/", 1)[1]
    assert values(g, v, KB + "juriconnect") == [
        f"jci1.3:c:BWBR0015703&hoofdstuk=3&paragraaf=3.2&artikel=22a&lid=1&g={datum}"]
    assert values(g, f"{art}/versie/2026-01-01", KB + "wettenLink") == [
        "https://wetten.overheid.nl/BWBR0015703/2026-01-01#Hoofdstuk3_Paragraaf3.2_Artikel22a"]
    # nested list items: …/onderdeel/f/onderdeel/1 (the ° dropped), with their own JuriConnect
    sub = f"{PW}/artikel/1/onderdeel/f/onderdeel/1"
    assert values(g, sub, ELI + "is_part_of") == [f"{PW}/artikel/1/onderdeel/f"]
    assert values(g, sub, KB + "regeling") == [PW]
    jci = values(g, values(g, sub, KB + "versie")[-1], KB + "juriconnect")[0]
    assert "&artikel=1&o=f&o=1&g=" in jci
    # numbers like 78ff and 7a come from <nr>; article 7a's reference to article 7 (same law) is kept inline
    assert values(g, f"{PW}/artikel/78ff", ELI + "id_local") == ["78ff"]
    onderdeel = f"{PW}/artikel/7a/lid/1/onderdeel/a"
    assert f"{PW}/artikel/7" in values(g, onderdeel, KB + "verwijstNaar")
    tekst = values(g, f"{onderdeel}/versie/2026-01-01", KB + "tekst")[0]
    assert "als bedoeld in artikel 7, eerste lid, onderdeel a, en het college" in tekst
    # references to other laws: a named article, or the law itself; to laws we do not hold too
    refs = values(g, f"{PW}/artikel/7a", KB + "verwijstNaar")
    assert f"{BASE}/id/regeling/BWBR0007625/artikel/9.2.5" in refs
    assert f"{BASE}/id/regeling/BWBR0044212" in refs


def test_versions_merge(pw_beide):
    pad, (r1, r2) = pw_beide
    assert r1.vorige is None and r2.vorige == "2024-01-01"
    v = r2.verschil
    assert v.toegevoegd == ["7a", "24a", "34a", "34b", "43a", "78ff", "78gg"]
    assert "20" in v.gewijzigd and "10f" in v.vervallen
    g = graph(pad)
    art20 = f"{PW}/artikel/20"
    oud, nieuw = f"{art20}/versie/2024-01-01", f"{art20}/versie/2026-01-01"
    assert values(g, art20, KB + "versie") == [oud, nieuw]
    assert values(g, oud, KB + "geldigTot") == ["2025-12-31"]
    assert values(g, nieuw, KB + "geldigTot") == []
    assert values(g, nieuw, KB + "wijzigingsaard") == [f"{BASE}/id/wijzigingsaard/gewijzigd"]
    assert values(g, oud, KB + "versieId") == ["29811112"] and values(g, nieuw, KB + "versieId") == ["31268682"]
    assert values(g, oud, KB + "labelId") == values(g, nieuw, KB + "labelId") == ["5407714"]
    # unchanged provision: one Versie, both toestanden, not closed
    art2 = f"{PW}/artikel/2"
    (enige,) = values(g, art2, KB + "versie")
    assert values(g, enige, KB + "toestand") == [
        "http://wetten.overheid.nl/id/BWBR0015703/2024-01-01/0", "http://wetten.overheid.nl/id/BWBR0015703/2026-01-01/0"]
    assert values(g, enige, KB + "geldigTot") == []
    # new article: toegevoegd; vervallen article: kept, with a Versie without text
    (v7a,) = values(g, f"{PW}/artikel/7a", KB + "versie")
    assert values(g, v7a, KB + "wijzigingsaard") == [f"{BASE}/id/wijzigingsaard/toegevoegd"]
    laatste = values(g, f"{PW}/artikel/10f", KB + "versie")[-1]
    assert values(g, laatste, KB + "wijzigingsaard") == [f"{BASE}/id/wijzigingsaard/vervallen"]
    assert values(g, laatste, KB + "tekst") == []


def test_reverse_order_and_reimport_give_identical_bytes(pw_beide, tmp_path):
    pad, _ = pw_beide
    c = cfg(tmp_path)
    r = importeer(PW26, uit=tmp_path, config=c)
    r = importeer(PW24, uit=tmp_path, config=c)
    assert r.vorige == "2026-01-01" and r.richting == "voor"
    assert "43a" in r.verschil.toegevoegd
    omgekeerd = (tmp_path / "BWBR0015703.ttl").read_bytes()
    assert omgekeerd == pad.read_bytes()
    assert omgekeerd.startswith(b"@prefix kb: <https://kennisbank.botsenderegels.nl/def/kb#> .\n")
    assert b"_:" not in omgekeerd  # no blank nodes


def test_text_valid_on_date(pw_beide):
    pad, _ = pw_beide
    store = EmbeddedStore(None)
    store.add_graph(f"{BASE}/graaf/regels/BWBR0015703", pad.read_bytes(), "text/turtle")
    art20 = f"{PW}/artikel/20"
    t24 = tekst_op(store, art20, "2024-06-01")
    assert "€ 316,94" in t24.tekst and "€ 345,99" not in t24.tekst
    assert t24.geldig_vanaf == "2024-01-01" and t24.geldig_tot == "2025-12-31"
    t26 = tekst_op(store, art20, "2026-02-01")
    assert "€ 345,99" in t26.tekst and t26.versie.endswith("/versie/2026-01-01")
    assert "€ 345,99" in tekst_op(store, f"{art20}/lid/1/onderdeel/a", "2026-02-01").tekst
    assert tekst_op(store, f"{PW}/artikel/7a", "2025-06-01") is None  # not yet in the law
    weg = tekst_op(store, f"{PW}/artikel/10f", "2026-03-01")
    assert weg.vervallen and weg.tekst is None
    with pytest.raises(KennisbankFout):
        tekst_op(store, art20, "1 januari")


def test_wti_metadata(tmp_path):
    importeer(WZT, uit=tmp_path, wti=WTI, config=cfg(tmp_path))
    g = graph(tmp_path / "BWBR0018451.ttl")
    reg = f"{BASE}/id/regeling/BWBR0018451"
    assert values(g, reg, KB + "afkorting") == ["Wzt"]
    assert values(g, reg, KB + "verantwoordelijkMinisterie") == [
        "https://identifier.overheid.nl/tooi/id/ministerie/mnre1025"]
    (titel,) = values(g, reg, KB + "citeertitel")
    assert values(g, titel, "http://www.w3.org/2000/01/rdf-schema#label") == ["Wet op de zorgtoeslag"]
    assert values(g, titel, KB + "geldigVanaf") == ["2006-01-01"]
    lager = values(g, reg, KB + "grondslagVoor")
    besluit = f"{BASE}/id/regeling/BWBR0030989"
    assert besluit in lager
    assert values(g, besluit, "http://purl.org/dc/terms/title") == [
        "Besluit percentages drempel- en toetsingsinkomen zorgtoeslag"]
    # a regulation whose basis ended long ago is not listed as based on this law now
    verlopen = [q for q in lager if q.endswith("/BWBR0018846")]
    assert len(verlopen) <= 1
    with pytest.raises(KennisbankFout, match="hoort bij BWBR0018451"):
        importeer(PW24, uit=tmp_path, wti=WTI, config=cfg(tmp_path))
    assert not (tmp_path / "BWBR0015703.ttl").exists()


def test_metadata_yaml_merged_and_checked(tmp_path):
    bron = tmp_path / "bron"
    (bron / "regels").mkdir(parents=True)
    (bron / "regels" / "metadata.yaml").write_text(
        "BWBR0018451:\n  titel: Wet op de zorgtoeslag\n  afkortingen: [Wzt]\n  ministerie: mnre1025\n"
        "BWBR0015703:\n  titel: Wet op de huurtoeslag\n", encoding="utf-8")
    c = Config(source_root=bron)
    importeer(WZT, uit=tmp_path / "uit", config=c)
    g = graph(tmp_path / "uit" / "BWBR0018451.ttl")
    assert values(g, f"{BASE}/id/regeling/BWBR0018451", KB + "afkorting") == ["Wzt"]
    with pytest.raises(KennisbankFout, match="controleer het BWB-id BWBR0015703"):
        importeer(PW24, uit=tmp_path / "uit", config=c)
    assert not (tmp_path / "uit" / "BWBR0015703.ttl").exists()


def test_bad_inputs_write_nothing(tmp_path):
    uit = tmp_path / "uit"
    kapot = tmp_path / "kapot.xml"
    kapot.write_text("<toestand bwb-id='BWBR0000001' inwerkingtreding='2024-01-01'><wetgeving>", encoding="utf-8")
    with pytest.raises(KennisbankFout, match="geen geldige XML"):
        importeer(kapot, uit=uit, config=cfg(tmp_path))
    anders = tmp_path / "anders.xml"
    anders.write_text("<?xml version='1.0'?><html><body>niet gevonden</body></html>", encoding="utf-8")
    with pytest.raises(KennisbankFout, match="geen BWB-toestand"):
        importeer(anders, uit=uit, config=cfg(tmp_path))
    verkeerd = tmp_path / "BWBR0035362_2024-01-01_0.xml"
    shutil.copy(WZT, verkeerd)
    with pytest.raises(KennisbankFout, match="bestandsnaam noemt BWBR0035362"):
        importeer(verkeerd, uit=uit, config=cfg(tmp_path))
    assert not uit.exists() or not any(uit.iterdir())


def test_zvw_afdelingen_and_vervallen(tmp_path):
    t = lees_toestand(ZVW)
    assert t.titel == "Zorgverzekeringswet" and t.klasse == "Wet"
    afd = next(d for d in t.delen if d.soort == "afdeling" and d.nummer == "3.3.1")
    assert afd.ouder == f"{BASE}/id/regeling/BWBR0018450/paragraaf/3.3"
    art16 = next(d for d in t.delen if d.iri == f"{BASE}/id/regeling/BWBR0018450/artikel/16")
    assert art16.ouder == afd.iri
    assert art16.jci == "jci1.3:c:BWBR0018450&hoofdstuk=3&paragraaf=3.3&afdeling=3.3.1&artikel=16"
    vervallen = [d for d in t.artikelen() if d.status == "vervallen"]
    assert vervallen and all(d.tekst is None for d in vervallen)


def test_cli_summary(pw_beide, tmp_path, capsys):
    pad, _ = pw_beide
    (tmp_path / "uit").mkdir()
    shutil.copy(pad.parent.parent / "alleen-2024.ttl", tmp_path / "uit" / "BWBR0015703.ttl")
    uit = str(tmp_path / "uit")
    assert main(["regels", "importeer", str(PW26), "--uit", uit]) == 0
    out = capsys.readouterr().out
    assert "Wijzigingen ten opzichte van de versie van 2024-01-01" in out
    assert "artikelen: 7 toegevoegd" in out
    assert "toegevoegde artikelen: 7a, 24a, 34a, 34b, 43a, 78ff, 78gg" in out
    assert "vervallen artikelen: 10f" in out
    assert "20" in out.split("gewijzigde artikelen:")[1].split("\n")[0].split(", ")
    assert main(["regels", "importeer", str(tmp_path / "bestaat-niet.xml")]) == 1
    assert "bestaat niet" in capsys.readouterr().err


YAML = REPO.parent / "shared" / "fixtures" / "corpus-yaml"


@pytest.mark.skipif(not YAML.is_dir(), reason="shared corpus-yaml fixtures not available")
def test_harvested_yaml_both_layouts_marked_derived(tmp_path):
    bron = tmp_path / "bron"
    (bron / "regels").mkdir(parents=True)
    (bron / "regels" / "metadata.yaml").write_text(
        "BWBR0035362:\n  titel: Wet maatschappelijke ondersteuning 2015\n  afkortingen: [Wmo]\n", encoding="utf-8")
    c = Config(source_root=bron)
    wmo = YAML / "wet_maatschappelijke_ondersteuning_2015"
    importeer(wmo / "2018-01-01.yaml", uit=tmp_path, config=c)  # old layout: one entry per lid/onderdeel
    r = importeer(wmo / "2026-07-01.yaml", uit=tmp_path, config=c)  # new layout: leden inline
    assert r.vorige == "2018-01-01" and "2.1.4a" in r.verschil.toegevoegd
    g = graph(tmp_path / "BWBR0035362.ttl")
    reg = f"{BASE}/id/regeling/BWBR0035362"
    assert values(g, reg, KB + "afgeleid") == ["true"]
    assert any("regelrecht-corpus/blob/464d58f00d8bea8ad97b9443ba60c58dee14d358/" in b
               for b in values(g, reg, "http://www.w3.org/ns/prov#wasDerivedFrom"))
    assert "geoogste kopie" in values(g, reg, "http://www.w3.org/2000/01/rdf-schema#comment")[0]
    assert values(g, reg, "http://purl.org/dc/terms/title") == ["Wet maatschappelijke ondersteuning 2015"]
    # the same model as the XML import: article, lid, onderdeel with text on a Versie
    lid = f"{reg}/artikel/1.2.2/lid/1"
    assert values(g, lid, ELI + "is_part_of") == [f"{reg}/artikel/1.2.2"]
    laatste = values(g, lid, KB + "versie")[-1]
    assert values(g, laatste, KB + "tekst")[0].startswith("1 Een vreemdeling komt voor het verstrekken")
    assert f"{BASE}/id/regeling/BWBR0011823/artikel/8" in values(g, lid, KB + "verwijstNaar")
    onderdeel = f"{reg}/artikel/1.1.2/lid/1/onderdeel/a"
    assert values(g, values(g, onderdeel, KB + "versie")[-1], KB + "tekst") == ["a. echtgenoot: geregistreerde partner;"]
    # without a known title the import stops, and nothing is written
    with pytest.raises(KennisbankFout, match="geen citeertitel bekend"):
        importeer(YAML / "jeugdwet" / "2026-01-01.yaml", uit=tmp_path, config=c)
    assert not (tmp_path / "BWBR0034925.ttl").exists()


@pytest.mark.skipif(not YAML.is_dir(), reason="shared corpus-yaml fixtures not available")
def test_harvested_yaml_article_numbers_read_as_written(tmp_path):
    """An unquoted `1:1` is a sexagesimal integer in YAML 1.1 (61): Awb articles and references must keep their
    own numbers. Files with a new schema but one entry per lid (Wet op de huurtoeslag) get leden, not articles
    called `5.1`."""
    from kennisbank.regels.corpus import lees_corpus_yaml

    awb = lees_corpus_yaml(YAML / "algemene_wet_bestuursrecht" / "2026-07-01.yaml")
    nummers = {d.nummer for d in awb.artikelen()}
    assert {"1:1", "3:4", "4:84", "5:46", "8:69"} <= nummers and "61" not in nummers
    lid = next(d for d in awb.delen if d.iri == f"{BASE}/id/regeling/BWBR0005537/artikel/5:46/lid/2")
    assert lid.tekst.startswith("2 Tenzij de hoogte van de bestuurlijke boete")
    jw = lees_corpus_yaml(YAML / "jeugdwet" / "2026-01-01.yaml")
    doelen = set().union(*(d.verwijzingen for d in jw.delen))
    assert f"{BASE}/id/regeling/BWBR0005537/artikel/5:12" in doelen
    assert f"{BASE}/id/regeling/BWBR0005537/artikel/312" not in doelen

    wht = lees_corpus_yaml(YAML / "wet_op_de_huurtoeslag" / "2026-01-01.yaml")
    reg = f"{BASE}/id/regeling/BWBR0008659"
    artikelen = {d.nummer for d in wht.artikelen()}
    assert "5" in artikelen and not any("." in n for n in artikelen)
    assert any(d.iri == f"{reg}/artikel/5/lid/1" for d in wht.delen)


def test_shipped_regels_files_are_current():
    """The regels files in the repository were written by this importer: re-reading and re-building them
    gives the same bytes, and they hold the versions the project relies on."""
    from kennisbank.regels.graaf import bouw_triples, lees_bestand, serialiseer

    for bwb, datums in {"BWBR0015703": ["2024-01-01", "2026-01-01"], "BWBR0018451": ["2025-01-01"]}.items():
        pad = REPO / "regels" / f"{bwb}.ttl"
        toestanden, meta = lees_bestand(pad)
        assert [t.datum for t in toestanden] == datums
        assert serialiseer(bouw_triples(toestanden, meta)) == pad.read_bytes()
