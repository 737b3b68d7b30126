"""Full-text search (kennisbank.zoek): Dutch analysis, synonyms from the graph, facets, paging, updates."""

from __future__ import annotations

import pytest

from kennisbank.config import Config
from kennisbank.fouten import KennisbankFout
from kennisbank.store.embedded import EmbeddedStore
from kennisbank.zoek import herbouw_index, status, werk_bij, zoek
from kennisbank.zoek.analyse import termen
from kennisbank.zoek.index import drop_readers

B = "https://kennisbank.botsenderegels.nl"
PREFIXES = f"""
@prefix kb:    <{B}/def/kb#> .
@prefix regel: <{B}/id/regeling/> .
@prefix eli:   <http://data.europa.eu/eli/ontology#> .
@prefix skos:  <http://www.w3.org/2004/02/skos/core#> .
@prefix dct:   <http://purl.org/dc/terms/> .
@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov:  <http://www.w3.org/ns/prov#> .
@prefix tooi:  <https://identifier.overheid.nl/tooi/id/> .
@prefix mech:  <{B}/id/mechanisme/> .
@prefix dg:    <{B}/id/doelgroep/> .
@prefix dom:   <{B}/id/domein/> .
@prefix st:    <{B}/id/status/> .
@prefix bs:    <{B}/id/beoordelingsstatus/> .
@prefix nb:    <{B}/id/normbegrip/> .
"""

PW = f"{B}/id/regeling/BWBR0015703"
WMO = f"{B}/id/regeling/BWBR0035362"
AWB = f"{B}/id/regeling/BWBR0005537"


def artikel(bwb: str, nr: str, tekst: str, opschrift: str = "", oud: str | None = None) -> str:
    a = f"<{B}/id/regeling/{bwb}/artikel/{nr}>"
    out = f"""{a} a kb:Artikel ; eli:id_local "{nr}" ; rdfs:label "Artikel {nr}"@nl ;
        kb:regeling regel:{bwb} ; eli:is_part_of regel:{bwb} ;
        {f'kb:opschrift "{opschrift}"@nl ;' if opschrift else ''}
        kb:versie <{B}/id/regeling/{bwb}/artikel/{nr}/versie/2024-01-01> .
    <{B}/id/regeling/{bwb}/artikel/{nr}/versie/2024-01-01> a kb:Versie ;
        kb:geldigVanaf "2024-01-01"^^xsd:date ; kb:tekst "{tekst}"@nl .
    """
    if oud:
        out += f"""{a} kb:versie <{B}/id/regeling/{bwb}/artikel/{nr}/versie/2015-01-01> .
    <{B}/id/regeling/{bwb}/artikel/{nr}/versie/2015-01-01> a kb:Versie ;
        kb:geldigVanaf "2015-01-01"^^xsd:date ; kb:geldigTot "2023-12-31"^^xsd:date ; kb:tekst "{oud}"@nl .
    """
    return out


GRAPHS = {
    "regels/BWBR0015703": f"""
regel:BWBR0015703 a kb:Wet ; kb:bwbId "BWBR0015703" ; dct:title "Participatiewet"@nl ;
    kb:afkorting "PW", "Pw" ;
    kb:citeertitel [ rdfs:label "Participatiewet"@nl ; kb:geldigVanaf "2015-01-01"^^xsd:date ] ,
                   [ rdfs:label "Wet werk en bijstand"@nl ; kb:afkorting "WWB" ; kb:geldigTot "2014-12-31"^^xsd:date ] .
""" + artikel("BWBR0015703", "22a", "De norm voor een belanghebbende met kostendelende medebewoners wordt berekend.",
              "Kostendelersnorm", oud="Een verouderde tekst over de woningdelers.")
    + artikel("BWBR0015703", "18a", "Het college legt een boete op van ten hoogste het benadelingsbedrag.", "Bestuurlijke boete")
    + artikel("BWBR0015703", "17", "De belanghebbende doet mededeling van alle feiten die van invloed zijn op de bijstand.",
              "Inlichtingenplicht"),
    "regels/BWBR0035362": """
regel:BWBR0035362 a kb:Wet ; kb:bwbId "BWBR0035362" ; dct:title "Wet maatschappelijke ondersteuning 2015"@nl ;
    kb:afkorting "Wmo 2015", "Wmo" .
""" + artikel("BWBR0035362", "2.3.5", "Het college beslist over een maatwerkvoorziening voor de cliënt.", "Maatwerkvoorziening"),
    "regels/BWBR0005537": """
regel:BWBR0005537 a kb:Wet ; kb:bwbId "BWBR0005537" ; dct:title "Algemene wet bestuursrecht"@nl ; kb:afkorting "Awb" .
""" + artikel("BWBR0005537", "8:69", "De bestuursrechter doet uitspraak op de grondslag van het beroepschrift.")
    + "".join(artikel("BWBR0005537", f"6:{i}", f"Bepaling {i} over termijnen voor bezwaar en beroep.",
                      "Bezwaar" if i <= 5 else "") for i in range(1, 24)),
    "ontologie/begrippen/mechanismen": """
mech:prikkelconflict a skos:Concept ; skos:prefLabel "Prikkelconflict"@nl ; skos:altLabel "perverse prikkel"@nl .
mech:tegenstrijdige-normen a skos:Concept ; skos:prefLabel "Tegenstrijdige normen"@nl .
dg:dak-en-thuislozen a skos:Concept ; skos:prefLabel "Dak- en thuislozen"@nl ; skos:altLabel "daklozen"@nl .
dom:bestaanszekerheid a skos:Concept ; skos:prefLabel "Bestaanszekerheid"@nl .
st:gesignaleerd a skos:Concept ; skos:prefLabel "gesignaleerd"@nl .
nb:kostendelersnorm a skos:Concept, kb:Normbegrip ; skos:prefLabel "kostendelersnorm"@nl ;
    skos:altLabel "kostendelende medebewoner"@nl .
""",
    "organisaties/eindhoven": """
tooi:gemeente\\/gm0772 a kb:Gemeente ; rdfs:label "Eindhoven"@nl .
tooi:gemeente\\/gm0153 a kb:Gemeente ; rdfs:label "Enschede"@nl .
""",
    "knelpunten/kostendelersnorm-onderdak": f"""
<{B}/id/knelpunt/kostendelersnorm-onderdak> a kb:Knelpunt ;
    dct:title "Kostendelersnorm ontmoedigt onderdak bieden aan een dakloze jongere"@nl ;
    dct:description "Wie een dakloze opvangt, ziet de eigen uitkering dalen. Gemeenten zien jongeren op straat belanden."@nl ;
    dct:identifier "KP-01" ;
    kb:mechanisme mech:prikkelconflict ; kb:doelgroep dg:dak-en-thuislozen ; kb:domein dom:bestaanszekerheid ;
    kb:status st:gesignaleerd ;
    kb:citeert [ kb:bepaling <{PW}/artikel/22a/lid/1> ; kb:peildatum "2026-01-01"^^xsd:date ] ,
               [ kb:bepaling <{WMO}/artikel/2.3.5> ; kb:peildatum "2026-01-01"^^xsd:date ] .
""",
    "knelpunten/boete-bij-vergissing": f"""
<{B}/id/knelpunt/boete-bij-vergissing> a kb:Knelpunt ;
    dct:title "Hoge boetes bij een vergissing in de inlichtingen"@nl ;
    dct:description "Een kleine fout leidt tot boetes en terugvorderingen; de geüniformeerde aanpak laat geen ruimte."@nl ;
    kb:mechanisme mech:tegenstrijdige-normen ; kb:status st:gesignaleerd ;
    kb:citeert [ kb:bepaling <{PW}/artikel/18a> ] , [ kb:bepaling <{AWB}/artikel/8:69> ] .
""",
    "praktijkvoorbeelden/eindhoven-boete": f"""
<{B}/id/praktijkvoorbeeld/eindhoven-boete> a kb:Praktijkvoorbeeld ;
    dct:title "Boete voor een moeder na een gift van haar zus"@nl ;
    dct:description "Een moeder kreeg een boete. Een wijkteam schreef <script>alert('x')</script> in de notitie over de boete."@nl ;
    kb:gemeente tooi:gemeente\\/gm0772 ; kb:domein dom:bestaanszekerheid ;
    kb:betreftBepaling <{PW}/artikel/18a> ; kb:ondersteunt <{B}/id/knelpunt/boete-bij-vergissing> ;
    kb:beoordelingsstatus bs:gepubliceerd .
""",
}


def load(store, graphs=GRAPHS):
    for name, body in graphs.items():
        store.add_graph(f"{B}/graaf/{name}", (PREFIXES + body).encode(), "text/turtle")


@pytest.fixture
def kb(tmp_path):
    """(config, store) with the index built."""
    drop_readers()
    config = Config(data_dir=tmp_path / "data")
    store = EmbeddedStore(None)
    load(store)
    herbouw_index(config, store)
    yield config, store
    drop_readers()
    store.close()


def iris_of(result):
    return [t.iri for t in result.treffers]


# --- analysis ---------------------------------------------------------------------------------------------
def test_dutch_inflections_share_a_stem():
    for a, b in [("boetes", "boete"), ("uitkeringen", "uitkering"), ("gemeenten", "gemeente"),
                 ("jongeren", "jongere"), ("geüniformeerde", "geuniformeerde"), ("briefadressen", "briefadres"),
                 ("huizen", "huis"), ("kinderen", "kind"), ("kindje", "kind"), ("betaalde", "betalen"),
                 ("bijstandsuitkeringen", "bijstandsuitkering")]:
        assert termen(a) == termen(b), (a, b)
    assert termen("gezin") != termen("zin") and termen("begeleiding") != termen("beleid")  # no ge-/be- stripping
    assert termen("artikel 22a en 8:69 of 2.3.5.") == ["artikel", "22a", "8:69", "2.3.5"]
    assert termen("de en het van") == []


def test_compounds_split_against_the_vocabulary():
    from kennisbank.zoek.analyse import Woordenschat, analyseer, stam

    ws = Woordenschat(["bijstand", "schuld"])
    for woord, delen in [("kostendelersnorm", {"kosten", "delers", "norm"}), ("schuldhulpverlening", {"schuld", "hulp", "verlening"}),
                         ("bijstandsuitkeringen", {"bijstand", "uitkering"})]:
        terms = {t for t, *_ in analyseer(woord, ws)}
        assert {stam(d) for d in delen} <= terms, woord
    assert [t for t, *_ in analyseer("bijzondere kinderen", ws)] == termen("bijzondere kinderen")  # no compounds


# --- searching --------------------------------------------------------------------------------------------
def test_build_counts_and_status(kb, tmp_path):
    config, _ = kb
    s = status(config)
    assert s["documenten"] == 3 + 28 + 2 + 1
    assert s["gebouwd"] is not None and s["leeftijd_seconden"] >= 0
    assert status(Config(data_dir=tmp_path / "leeg"))["documenten"] == 0


def test_inflected_words_match(kb):
    config, _ = kb
    r = zoek(config, "boetes")
    assert f"{B}/id/knelpunt/boete-bij-vergissing" in iris_of(r)
    assert f"{PW}/artikel/18a" in iris_of(r)  # text says "boete"
    assert f"{B}/id/knelpunt/kostendelersnorm-onderdak" in iris_of(zoek(config, "gemeente jongere"))
    assert iris_of(zoek(config, "geuniformeerd")) == [f"{B}/id/knelpunt/boete-bij-vergissing"]


def test_compound_prefix_and_newest_version(kb):
    config, _ = kb
    assert f"{PW}/artikel/22a" in iris_of(zoek(config, "kostendelers"))
    assert zoek(config, "woningdelers").totaal == 0  # only in the old version of 22a
    assert iris_of(zoek(config, "benadeling*")) == [f"{PW}/artikel/18a"]


def test_synonyms_from_the_graph(kb):
    config, _ = kb
    r = zoek(config, "WWB", per_pagina=50)
    found = iris_of(r)
    assert PW in found and f"{PW}/artikel/22a" in found
    assert f"{B}/id/knelpunt/kostendelersnorm-onderdak" in found  # cites Pw 22a lid 1
    assert AWB not in found
    assert set(iris_of(zoek(config, "wet werk en bijstand", per_pagina=50))) == set(found)
    assert iris_of(zoek(config, "Pw 22a"))[0] == f"{PW}/artikel/22a"
    assert iris_of(zoek(config, "Participatiewet artikel 22a"))[0] == f"{PW}/artikel/22a"
    wmo = iris_of(zoek(config, "Wet maatschappelijke ondersteuning 2015 2.3.5"))
    assert wmo[0] == f"{WMO}/artikel/2.3.5"
    assert f"{WMO}/artikel/2.3.5" in iris_of(zoek(config, "wmo maatwerkvoorziening"))
    # a SKOS altLabel: "perverse prikkel" is the mechanism prikkelconflict
    assert iris_of(zoek(config, "perverse prikkel")) == [f"{B}/id/knelpunt/kostendelersnorm-onderdak"]
    # a normbegrip's altLabel meets its prefLabel
    assert f"{PW}/artikel/22a" in iris_of(zoek(config, "kostendelende medebewoner"))


def test_phrase_after_a_position_gap_of_46(tmp_path):
    """whoosh-ng took a posting whose last position delta is 46 (byte b".") for its legacy format."""
    drop_readers()
    config = Config(data_dir=tmp_path / "data")
    store = EmbeddedStore(None)
    filler = " ".join(f"woord{chr(97 + i % 26)}x" for i in range(45))
    load(store, {"knelpunten/gat": f"""
<{B}/id/knelpunt/gat> a kb:Knelpunt ; dct:title "Gat"@nl ;
    dct:description "alfa {filler} alfa beta"@nl .
"""})
    herbouw_index(config, store)
    assert zoek(config, '"alfa beta"').totaal == 1
    drop_readers()


def test_article_numbers(kb):
    config, _ = kb
    assert iris_of(zoek(config, "8:69"))[0] == f"{AWB}/artikel/8:69"
    assert iris_of(zoek(config, "2.3.5"))[0] == f"{WMO}/artikel/2.3.5"
    assert iris_of(zoek(config, "awb 8:69"))[0] == f"{AWB}/artikel/8:69"


def test_facets_and_filters(kb):
    config, _ = kb
    r = zoek(config, "boete")
    assert r.facetten["soort"] == {"artikel": 1, "knelpunt": 1, "praktijkvoorbeeld": 1}
    assert r.facetten["regeling"]["BWBR0015703"] == 3
    assert r.facetten["mechanisme"] == {"tegenstrijdige-normen": 1}
    assert r.facetten["gemeente"] == {"gm0772": 1}
    assert r.totaal == 3
    only = zoek(config, "boete", soort="praktijkvoorbeeld")
    assert iris_of(only) == [f"{B}/id/praktijkvoorbeeld/eindhoven-boete"] and only.totaal == 1
    assert only.treffers[0].gemeente == "gm0772"
    assert zoek(config, "boete", gemeente="GM0772").totaal == 1
    assert zoek(config, "boete", gemeente="gm0153").totaal == 0
    assert iris_of(zoek(config, "boete", mechanisme="tegenstrijdige-normen")) == [
        f"{B}/id/knelpunt/boete-bij-vergissing"]
    assert zoek(config, "boete", regeling="BWBR0005537", soort="knelpunt").totaal == 1
    assert zoek(config, "boete", regeling="BWBR0035362").totaal == 0
    with pytest.raises(KennisbankFout):
        zoek(config, "boete", soort="wet")


def test_paging(kb):
    config, _ = kb
    first = zoek(config, "termijnen bezwaar", per_pagina=10)
    assert first.totaal == 23 and first.paginas == 3 and len(first.treffers) == 10
    second = zoek(config, "termijnen bezwaar", pagina=2, per_pagina=10)
    third = zoek(config, "termijnen bezwaar", pagina=3, per_pagina=10)
    assert len(third.treffers) == 3
    all_iris = iris_of(first) + iris_of(second) + iris_of(third)
    assert len(set(all_iris)) == 23
    assert zoek(config, "termijnen bezwaar", pagina=9).treffers == []
    assert zoek(config, "termijnen bezwaar", pagina=9).totaal == 23


def test_results_rank_title_matches_first_and_pages_stay_disjoint(kb, monkeypatch):
    config, _ = kb
    normal = zoek(config, "bezwaar", per_pagina=50)
    _fast(monkeypatch, config)
    pages = [zoek(config, "bezwaar", pagina=p, per_pagina=4) for p in range(1, 8)]
    found = [i for r in pages for i in iris_of(r)]
    assert len(found) == len(set(found)) == normal.totaal == 23
    in_title = {f"{AWB}/artikel/6:{i}" for i in range(1, 6)}
    assert set(found[:5]) == in_title
    assert pages[0].facetten == normal.facetten


def test_snippets_mark_matches_and_escape_markup(kb):
    config, _ = kb
    hit = zoek(config, "boete", soort="praktijkvoorbeeld").treffers[0]
    assert "<mark>boete</mark>" in hit.fragment
    assert "<script>" not in hit.fragment and "&lt;script&gt;" in hit.fragment
    assert hit.url == f"{B}/doc/praktijkvoorbeeld/eindhoven-boete"
    hit = zoek(config, "script alert").treffers[0]
    assert "<mark>script</mark>" in hit.fragment and "<script" not in hit.fragment


def test_snippet_of_a_long_text_shows_the_match(tmp_path):
    drop_readers()
    config = Config(data_dir=tmp_path / "data")
    store = EmbeddedStore(None)
    lang = "Het college stelt regels over de uitvoering. " * 80
    load(store, {"regels/lang": artikel("BWBR0005537", "9:1", lang + "Een bijzondere kwijtscheldingsgrond geldt. " + lang)})
    herbouw_index(config, store)
    hit = zoek(config, "kwijtscheldingsgronden").treffers[0]
    assert "<mark>kwijtscheldingsgrond</mark>" in hit.fragment and hit.fragment.startswith("…")
    assert len(hit.fragment) < 600
    drop_readers()


def test_blank_and_odd_input(kb):
    config, _ = kb
    for blank in ("", "   ", None):
        with pytest.raises(KennisbankFout, match="Geef een zoekterm op."):
            zoek(config, blank)
    r = zoek(config, "de het een van")
    assert r.totaal == 0 and r.treffers == []
    for odd in ['"boete', 'boete AND (uitkering OR', "title:boete", "*", "boete*)", '""', "a:b:c",
                "NOT boete", "~boete^2", "\\", "[1 TO 5]", "{}", "'; DROP", "ü" * 300, "boete " * 200]:
        zoek(config, odd)
    assert zoek(config, 'boete AND vergissing').totaal == 1
    assert zoek(config, '"hoge boetes"').totaal == 1
    assert zoek(config, '"boetes hoge"').totaal == 0
    with pytest.raises(KennisbankFout):
        zoek(config, "boete", pagina=0)


def test_werk_bij_adds_changes_and_removes_one_document(kb):
    config, store = kb
    before = {i: zoek(config, "boete", per_pagina=50) for i in [0]}[0]
    kp = f"{B}/id/knelpunt/nieuw"
    store.add_graph(f"{B}/graaf/knelpunten/nieuw", (PREFIXES + f"""
<{kp}> a kb:Knelpunt ; dct:title "Zoektermijn voor jongeren botst met schoolinschrijving"@nl ;
    kb:citeert [ kb:bepaling <{PW}/artikel/41/lid/4> ] , [ kb:bepaling <{PW}/artikel/22a> ] .
""").encode(), "text/turtle")
    assert zoek(config, "schoolinschrijving").totaal == 0
    assert werk_bij(config, store, [kp]) == {"bijgewerkt": 1, "verwijderd": 0}
    assert iris_of(zoek(config, "schoolinschrijving")) == [kp]
    assert status(config)["documenten"] == 35

    # change: the title is replaced; the old words no longer find it
    store.replace_graph(f"{B}/graaf/knelpunten/nieuw", (PREFIXES + f"""
<{kp}> a kb:Knelpunt ; dct:title "Wachttijd voor jongeren en het leerrecht"@nl .
""").encode(), "text/turtle")
    werk_bij(config, store, [kp])
    assert zoek(config, "schoolinschrijving").totaal == 0
    assert iris_of(zoek(config, "leerrecht")) == [kp]

    # an IRI that is not (or no longer) in the public store is removed, e.g. an unpublished case
    store.remove_graph(f"{B}/graaf/knelpunten/nieuw")
    geheim = f"{B}/id/praktijkvoorbeeld/niet-gepubliceerd"
    assert werk_bij(config, store, [kp, geheim]) == {"bijgewerkt": 0, "verwijderd": 1}
    assert zoek(config, "leerrecht").totaal == 0
    after = zoek(config, "boete", per_pagina=50)
    assert iris_of(after) == iris_of(before) and after.facetten == before.facetten
    assert status(config)["documenten"] == 34


def test_unpublished_case_is_not_indexed(tmp_path):
    drop_readers()
    config = Config(data_dir=tmp_path / "data")
    store = EmbeddedStore(None)
    load(store, {**GRAPHS, "praktijkvoorbeelden/ingediend": f"""
<{B}/id/praktijkvoorbeeld/ingediend> a kb:Praktijkvoorbeeld ; dct:title "Geheime casus boete"@nl ;
    kb:beoordelingsstatus bs:ingediend .
"""})
    herbouw_index(config, store)
    assert f"{B}/id/praktijkvoorbeeld/ingediend" not in iris_of(zoek(config, "geheime casus"))
    assert zoek(config, "geheime").totaal == 0
    drop_readers()


def test_rebuild_switches_atomically_and_readers_follow(kb):
    config, store = kb
    assert zoek(config, "boete").totaal == 3
    store.remove_graph(f"{B}/graaf/praktijkvoorbeelden/eindhoven-boete")
    result = herbouw_index(config, store)
    assert result["per_soort"]["praktijkvoorbeeld"] == 0
    assert zoek(config, "boete").totaal == 2  # the same process picks up the new folder
    folders = [p for p in (config.data_dir / "zoekindex").iterdir() if p.is_dir()]
    assert len(folders) == 2  # the current one and the previous one


def test_search_without_index(tmp_path):
    with pytest.raises(KennisbankFout):
        zoek(Config(data_dir=tmp_path / "niets"), "boete")


# --- larger result sets: every match is scored; pages are exact and stable ----------------------------------
def _veel(n: int = 45) -> dict:
    """Many documents sharing the words 'wachtlijst' and 'jeugdhulp'; some have them in the title."""
    graphs = {}
    for i in range(n):
        kp = f"{B}/id/knelpunt/wacht-{i:02d}"
        if i % 9 == 0:
            titel = f"Wachtlijst jeugdhulp casus {i}"  # both words in the title
        elif i % 9 == 4:
            titel = f"Lange wachtlijst in regio {i}"  # one word in the title
        else:
            titel = f"Casus {i} uit de regio"
        tekst = "Gezinnen wachten op jeugdhulp; de wachtlijst groeit. " + "Het wijkteam zoekt een oplossing. " * (i % 4)
        graphs[f"knelpunten/wacht-{i:02d}"] = f"""
<{kp}> a kb:Knelpunt ; dct:title "{titel}"@nl ; dct:description "{tekst}"@nl ;
    kb:mechanisme mech:{'prikkelconflict' if i % 2 else 'tegenstrijdige-normen'} .
"""
    for i in range(6):
        pv = f"{B}/id/praktijkvoorbeeld/wacht-{i}"
        graphs[f"praktijkvoorbeelden/wacht-{i}"] = f"""
<{pv}> a kb:Praktijkvoorbeeld ; dct:title "Voorbeeld {i} uit Eindhoven"@nl ;
    dct:description "Een wachtlijst voor jeugdhulp is met een wijkteam verkort."@nl ;
    kb:gemeente tooi:gemeente\\/gm0772 ; kb:beoordelingsstatus bs:gepubliceerd .
"""
    return graphs


@pytest.fixture
def veel(tmp_path):
    drop_readers()
    config = Config(data_dir=tmp_path / "data")
    store = EmbeddedStore(None)
    load(store, _veel())
    herbouw_index(config, store)
    yield config, store
    drop_readers()
    store.close()


def _fast(monkeypatch, config) -> None:
    """Forget the answers given before (the answer cache), so the next query is computed anew."""
    from kennisbank.zoek.index import reader_for

    reader = reader_for(config.data_dir)
    reader.searcher()
    reader.answers.clear()


def test_huge_result_pages_are_exact_and_stable(veel, monkeypatch):
    config, _ = veel
    scored = zoek(config, "wachtlijst", per_pagina=100)
    assert scored.totaal == 51
    _fast(monkeypatch, config)
    whole = zoek(config, "wachtlijst", per_pagina=100)
    assert whole.totaal == scored.totaal and whole.facetten == scored.facetten
    assert set(iris_of(whole)) == set(iris_of(scored))
    # the same hit has the same snippet, whichever way it was ranked
    fragments = {t.iri: t.fragment for t in scored.treffers}
    assert all(t.fragment == fragments[t.iri] for t in whole.treffers)
    for size in (1, 4, 7, 10):
        pages = [zoek(config, "wachtlijst", pagina=p, per_pagina=size) for p in range(1, 51 // size + 3)]
        found = [i for r in pages for i in iris_of(r)]
        assert found == iris_of(whole), size  # no duplicates, no gaps, the same order as one big page
        assert all(r.totaal == 51 and r.facetten == scored.facetten for r in pages)
    scores = [t.score for t in whole.treffers]
    assert scores == sorted(scores, reverse=True)  # equal scores keep one order: the pages above prove it
    # the same page once more, with the answer cache emptied: the same answer
    _fast(monkeypatch, config)
    again = zoek(config, "wachtlijst", pagina=3, per_pagina=7)
    assert iris_of(again) == iris_of(whole)[14:21]
    # a filter narrows the walk; paging stays exact
    only = [i for p in range(1, 5) for i in iris_of(zoek(config, "wachtlijst", soort="knelpunt", pagina=p, per_pagina=13))]
    assert only == [i for i in iris_of(whole) if "/knelpunt/" in i]


def test_huge_result_ranks_title_matches_first(veel, monkeypatch):
    config, _ = veel
    _fast(monkeypatch, config)
    kp = f"{B}/id/knelpunt/wacht-"
    both = {f"{kp}{i:02d}" for i in range(0, 45, 9)}
    one = {f"{kp}{i:02d}" for i in range(4, 45, 9)}
    found = iris_of(zoek(config, "wachtlijst", per_pagina=100))
    title = both | one
    assert set(found[:len(title)]) == title  # the word in the title before the word only in the text
    # the rest: shorter texts first (BM25 normalises for length; the prior by type cannot outweigh that here)
    rest = found[len(title):]
    assert rest.index(f"{kp}01") < rest.index(f"{kp}02") < rest.index(f"{kp}03")
    # two words: both in the title, then one of them in the title, then neither
    found = iris_of(zoek(config, "wachtlijst jeugdhulp", per_pagina=100))
    assert set(found[:5]) == both and set(found[5:10]) == one
    assert found[-1] not in both | one
    # among title matches, the shorter title first ("Wachtlijst jeugdhulp casus 0" before "Lange wachtlijst in regio 4")
    found = iris_of(zoek(config, "jeugdhulp", per_pagina=100))
    assert set(found[:5]) == both


def test_huge_result_follows_werk_bij(veel, monkeypatch):
    config, store = veel
    _fast(monkeypatch, config)
    found = iris_of(zoek(config, "wachtlijst", per_pagina=100))
    moved = f"{B}/id/knelpunt/wacht-01"
    assert found.index(moved) >= 10  # only in the text
    store.replace_graph(f"{B}/graaf/knelpunten/wacht-01", (PREFIXES + f"""
<{moved}> a kb:Knelpunt ; dct:title "Wachtlijst"@nl ; dct:description "Wie wacht, wacht lang."@nl .
""").encode(), "text/turtle")
    gone = f"{B}/id/knelpunt/wacht-02"
    store.remove_graph(f"{B}/graaf/knelpunten/wacht-02")
    assert werk_bij(config, store, [moved, gone]) == {"bijgewerkt": 1, "verwijderd": 1}
    after = zoek(config, "wachtlijst", per_pagina=100)
    found = iris_of(after)
    assert after.totaal == 50 and gone not in found
    assert found[0] == moved  # now the shortest title with the word
    pages = [i for p in range(1, 9) for i in iris_of(zoek(config, "wachtlijst", pagina=p, per_pagina=7))]
    assert pages == found
    assert moved not in iris_of(zoek(config, "jeugdhulp", per_pagina=100))


def test_a_typed_word_counts_once_also_through_a_synonym():
    from kennisbank.zoek.vraag import Synoniemen, ontleed

    # the names of the concept "kosten vergoeden" in ontologie/begrippen/handelingen.ttl
    syn = Synoniemen({"kosten-vergoeden": ["Kosten vergoeden", "kosten", "bijzondere bijstand", "levensonderhoud"]})
    alleen = ontleed("kost", syn)[0]
    assert alleen.begrippen == ["kosten-vergoeden"] and ("bijzonder", "bijstand") in alleen.alternatieven
    kost, bijstand = ontleed("kost bijstand", syn)
    # "bijstand" is its own unit: the synonym "bijzondere bijstand" of "kost" would count it a second time
    assert not kost.begrippen and ("bijzonder", "bijstand") not in kost.alternatieven
    assert ("kost",) in kost.alternatieven and ("levensonderhoud",) in kost.alternatieven
    assert bijstand.alternatieven == [("bijstand",)]
