"""The provision picker (kennisbank/bepalingkiezer.py) and the mapping of errors to form fields
(kennisbank/formulierfouten.py), on the kennisbank's own laws."""

from __future__ import annotations

import pytest

from benchmarks.soortgelijk import omgeving
from benchmarks.zoek_relevantie import bouw
from kennisbank.bepalingkiezer import kandidaten, leden
from kennisbank.formulierfouten import schendingen_naar_fouten, veld_van, veldfouten
from kennisbank.zoek.index import drop_readers

R = "https://kennisbank.botsenderegels.nl/id/regeling/"


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    drop_readers()
    config, store = bouw(tmp_path_factory.mktemp("kiezer") / "data")
    store.close()
    c = omgeving(config)
    yield c
    drop_readers()
    c.store.close()


def test_a_typed_reference_gives_the_provision_with_the_laws_name(ctx):
    k = kandidaten(ctx, "art. 22a lid 1 Pw")["kandidaten"]
    assert [x["iri"] for x in k] == [R + "BWBR0015703/artikel/22a/lid/1"]
    assert k[0]["label"] == "artikel 22a, lid 1, Participatiewet" and k[0]["via"] == "verwijzing"
    zvw = kandidaten(ctx, "artikel 19 Zvw")["kandidaten"]
    assert zvw[0]["iri"] == R + "BWBR0018450/artikel/19" and zvw[0]["regelingNaam"] == "Zorgverzekeringswet"


def test_a_named_norm_gives_its_provisions_and_words_go_through_search(ctx):
    k = kandidaten(ctx, "kostendelersnorm")["kandidaten"]
    assert {x["iri"] for x in k} == {R + "BWBR0015703/artikel/22a", R + "BWBR0015703/artikel/19a"}
    assert all(x["via"] == "normbegrip" for x in k)
    gezocht = kandidaten(ctx, "bijstand buitenland")["kandidaten"]
    assert gezocht and all(x["via"] == "zoeken" and "/artikel/" in x["iri"] for x in gezocht)
    assert R + "BWBR0015703/artikel/78h" in [x["iri"] for x in gezocht]  # "Bijstand buitenland"


def test_an_unknown_article_is_reported_never_dropped(ctx):
    r = kandidaten(ctx, "artikel 999 Participatiewet")
    assert r["kandidaten"] == []
    assert r["nietGevonden"] == [{"tekst": "artikel 999 Participatiewet",
                                  "reden": "Artikel 999 staat niet in de kennisbank (Participatiewet)."}]
    assert kandidaten(ctx, "   ") == {"kandidaten": [], "nietGevonden": []}


def test_the_leden_of_an_article_with_the_text_valid_on_the_peildatum(ctx):
    from api.regelingen import artikelen

    oud = leden(artikelen(ctx, "BWBR0015703", "2024-06-01", "44")[0])
    nieuw = leden(artikelen(ctx, "BWBR0015703", "2026-06-01", "44")[0])
    assert oud[0]["soort"] == "artikel" and oud[0]["iri"] == R + "BWBR0015703/artikel/44"
    lid5 = R + "BWBR0015703/artikel/44/lid/5"  # added on 2026-01-01 (Participatiewet in balans)
    assert next(x for x in nieuw if x["iri"] == lid5)["tekst"]
    assert lid5 not in [x["iri"] for x in oud if x["tekst"]]
    lid1 = next(x for x in nieuw if x["iri"] == R + "BWBR0015703/artikel/44/lid/1")
    assert lid1["label"] == "lid 1" and lid1["officieleTekst"] and lid1["geldigVanaf"] <= "2026-06-01"


def test_errors_go_next_to_their_form_field_in_dutch():
    errors = [
        {"in": "body", "location": "/titel", "code": "verplicht", "detail": "Het veld 'titel' is verplicht."},
        {"in": "body", "location": "/citeringen/1/peildatum", "code": "geen_tekst_op_peildatum",
         "detail": "Artikel 22a heeft op 2010-01-01 geen tekst in de kennisbank."},
        {"in": "body", "location": "/bronnen/0/url", "code": "ongeldige_url", "detail": "Een bron is een webadres."},
        {"in": "body", "location": "/onbekend", "code": "onbekend_veld", "detail": "Het veld 'onbekend' bestaat niet."},
        {"in": "header", "location": "If-Match", "code": "x", "detail": "Intussen gewijzigd."},
    ]
    v = veldfouten(errors, {"titel", "citeringen", "bronnen"})
    assert v["titel"] == ["Vul dit veld in."]
    assert v["citeringen.1"] == v["citeringen"] == ["Artikel 22a heeft op 2010-01-01 geen tekst in de kennisbank."]
    assert v["bronnen.0"] == ["Vul een volledig webadres in, dat begint met https://."]
    assert v["formulier"] == ["Het veld 'onbekend' bestaat niet.", "Intussen gewijzigd."]
    assert veld_van("/") == ("formulier", None) and veld_van("/status") == ("status", None)


def test_shacl_results_map_to_fields():
    from kennisbank.iri import Iris
    from kennisbank.validate import Schending

    iris = Iris()
    s = [Schending(focus="x", pad=iris.term("mechanisme"), waarde=None, bericht="Kies een bekend mechanisme.",
                   ernst="fout"),
         Schending(focus="x", pad="http://purl.org/dc/terms/title", waarde=None, bericht="Een titel.", ernst="fout"),
         Schending(focus="x", pad=None, waarde=None, bericht="Alleen een waarschuwing.", ernst="waarschuwing")]
    fouten = schendingen_naar_fouten(s, iris)
    assert [f["location"] for f in fouten] == ["/mechanismen", "/titel"]
    assert veldfouten(fouten)["mechanismen"] == ["Kies een bekend mechanisme."]


def test_choice_lists_come_from_the_schemes_by_label(ctx):
    from kennisbank.keuzelijsten import keuzelijsten, labels

    lijsten = keuzelijsten(ctx)
    namen = labels(lijsten)
    assert namen["mechanisme"]["prikkelconflict"] == "Prikkelconflict"
    assert [x["code"] for x in lijsten["status"]][:2] == ["gesignaleerd", "geanalyseerd"]  # life-cycle order
    assert {"kamerstuk", "uitspraak", "staatsblad", "journalistiek"} <= set(namen["bronsoort"])
    assert namen["ministerie"]["mnre1073"] == "Ministerie van Sociale Zaken en Werkgelegenheid"
    assert lijsten["experiment"] and all(x["label"] for x in lijsten["experiment"])
