"""A small source root for the API tests: the real ontology, shapes and concept schemes, two gemeenten, two
tiny laws and one knelpunt. Built once per test module (no reasoner: fast, no Java)."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

PW = """@prefix kb: <https://kennisbank.botsenderegels.nl/def/kb#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix r: <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/> .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703> a kb:Wet ; kb:bwbId "BWBR0015703" ;
    dct:title "Participatiewet"@nl ; kb:afkorting "Pw", "PW" .
r:artikel\\/18 a kb:Artikel ; eli:id_local "18" ; rdfs:label "Artikel 18"@nl ; kb:volgorde 1 ;
    eli:is_part_of <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703> ;
    kb:regeling <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703> .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a> a kb:Artikel ; eli:id_local "22a" ;
    rdfs:label "Artikel 22a"@nl ; kb:opschrift "Kostendelersnorm"@nl ; kb:volgorde 2 ;
    eli:is_part_of <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703> ;
    kb:regeling <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703> .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a/lid/1> a kb:Lid ; eli:id_local "1" ; kb:volgorde 3 ;
    eli:is_part_of <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a> ;
    kb:regeling <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703> ;
    kb:versie <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a/lid/1/versie/2015-01-01>,
              <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a/lid/1/versie/2024-01-01> .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a/lid/1/versie/2015-01-01> a kb:Versie ;
    kb:tekst "Oude tekst van de kostendelersnorm."@nl ; kb:geldigVanaf "2015-01-01"^^xsd:date ; kb:geldigTot "2023-12-31"^^xsd:date .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a/lid/1/versie/2024-01-01> a kb:Versie ;
    kb:tekst "Nieuwe tekst van de kostendelersnorm."@nl ; kb:geldigVanaf "2024-01-01"^^xsd:date .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a/lid/2> a kb:Lid ; eli:id_local "2" ; kb:volgorde 4 ;
    eli:is_part_of <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a> ;
    kb:regeling <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703> .
"""

WMO = """@prefix kb: <https://kennisbank.botsenderegels.nl/def/kb#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0035362> a kb:Wet ; kb:bwbId "BWBR0035362" ;
    dct:title "Wet maatschappelijke ondersteuning 2015"@nl ; kb:afkorting "Wmo 2015", "Wmo" .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0035362/artikel/2.3.5> a kb:Artikel ; eli:id_local "2.3.5" ;
    rdfs:label "Artikel 2.3.5"@nl ; kb:volgorde 1 ;
    eli:is_part_of <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0035362> ;
    kb:regeling <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0035362> ;
    kb:versie <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0035362/artikel/2.3.5/versie/2015-01-01> .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0035362/artikel/2.3.5/versie/2015-01-01> a kb:Versie ;
    kb:tekst "Het college beslist over een maatwerkvoorziening."@nl ; kb:geldigVanaf "2015-01-01"^^xsd:date .
"""

KNELPUNT = """@prefix kb: <https://kennisbank.botsenderegels.nl/def/kb#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://kennisbank.botsenderegels.nl/id/knelpunt/kostendelersnorm-onderdak> a kb:Knelpunt ;
    dct:identifier "KP-01" ;
    dct:title "Kostendelersnorm ontmoedigt onderdak bieden"@nl ;
    dct:description "Wie een dakloze opvangt, krijgt een lagere uitkering."@nl ;
    kb:citeert [ a kb:Citering ; kb:bepaling <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a/lid/1> ;
                 kb:peildatum "2026-01-01"^^xsd:date ] ,
               [ a kb:Citering ; kb:bepaling <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0035362/artikel/2.3.5> ;
                 kb:peildatum "2026-01-01"^^xsd:date ] ;
    kb:mechanisme <https://kennisbank.botsenderegels.nl/id/mechanisme/prikkelconflict> ;
    kb:domein <https://kennisbank.botsenderegels.nl/id/domein/inkomen> ;
    kb:status <https://kennisbank.botsenderegels.nl/id/status/geanalyseerd> ;
    kb:verantwoordelijkMinisterie <https://identifier.overheid.nl/tooi/id/ministerie/mnre1073> ;
    kb:gesignaleerdDoor <https://identifier.overheid.nl/tooi/id/gemeente/gm0772> ;
    prov:wasDerivedFrom <https://www.divosa.nl/voorbeeld> .
<https://www.divosa.nl/voorbeeld> a kb:Bron ; dct:title "Divosa"@nl .
"""


def maak_bron(root: Path) -> Path:
    """Write the small source root under `root` and return it."""
    (root / "ontologie").mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "ontologie" / "kb.ttl", root / "ontologie" / "kb.ttl")
    shutil.copy(REPO / "ontologie" / "shapes.ttl", root / "ontologie" / "shapes.ttl")
    shutil.copytree(REPO / "ontologie" / "begrippen", root / "ontologie" / "begrippen", dirs_exist_ok=True)
    (root / "organisaties").mkdir(exist_ok=True)
    for f in ("gemeente-eindhoven.ttl", "gemeente-utrecht.ttl", "ministerie-szw.ttl"):
        shutil.copy(REPO / "organisaties" / f, root / "organisaties" / f)
    (root / "regels").mkdir(exist_ok=True)
    (root / "regels" / "BWBR0015703.ttl").write_text(PW.replace("r:artikel\\/18", "<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/18>"), encoding="utf-8")
    (root / "regels" / "BWBR0035362.ttl").write_text(WMO, encoding="utf-8")
    (root / "knelpunten").mkdir(exist_ok=True)
    (root / "knelpunten" / "kostendelersnorm-onderdak.ttl").write_text(KNELPUNT, encoding="utf-8")
    return root


def bouw(root: Path, data: Path, **extra):
    from kennisbank.build import build
    from kennisbank.config import Config

    config = Config(data_dir=data, source_root=root, **extra)
    build(config, reason=False)
    return config


def maak_omgeving(tmp: Path):
    """(config, wijkteam token gm0772, wijkteam token gm0344, projectleider token)."""
    from kennisbank.tokens import Tokens

    bron = maak_bron(tmp / "bron")
    config = bouw(bron, tmp / "data")
    tokens = Tokens(config.data_dir)
    _, eindhoven = tokens.maak("wijkteam", "gm0772")
    _, utrecht = tokens.maak("wijkteam", "gm0344")
    _, pl = tokens.maak("projectleider")
    return config, eindhoven, utrecht, pl
