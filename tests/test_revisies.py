"""Revisions: an acknowledged edit survives `kennisbank build`; files stay first-class; conflicts are named;
If-Match; kenmerken; public history without token ids. In-process (TestClient) on the small fixture source."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api_fixture import maak_omgeving

KP = "/v1/knelpunten"
ID = "kostendelersnorm-onderdak"


@pytest.fixture()
def omgeving(tmp_path):
    config, eindhoven, utrecht, pl = maak_omgeving(tmp_path)
    app = create_app(config)
    with TestClient(app) as client:
        yield client, config, app.state.kb, {"Authorization": f"Bearer {pl}"}, pl


def _bouw(config, kb):
    from kennisbank.build import build

    result = build(config, reason=False)
    kb.force_check()
    return result


def _sparql_status(client, config):
    q = (f"SELECT ?s WHERE {{ <{config.base_iri}/id/knelpunt/{ID}> <{config.base_iri}/def/kb#status> ?s }}")
    return [b["s"]["value"].rsplit("/", 1)[-1] for b in client.get("/v1/sparql", params={"query": q}).json()["results"]["bindings"]]


def test_edit_survives_build_and_is_the_current_revision(omgeving):
    client, config, kb, pl, _ = omgeving
    r = client.patch(f"{KP}/{ID}", json={"status": "oplossing-in-voorbereiding",
                                          "oplossing": "Een nieuwe oplossing in eigen woorden.",
                                          "notitie": "besproken in het overleg"}, headers=pl)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "oplossing-in-voorbereiding" and r.json()["revisie"] == 2
    result = _bouw(config, kb)
    assert result.conflicten == []
    k = client.get(f"{KP}/{ID}").json()
    assert k["status"] == "oplossing-in-voorbereiding" and k["oplossing"] == "Een nieuwe oplossing in eigen woorden."
    assert _sparql_status(client, config) == ["oplossing-in-voorbereiding"]
    # a second build changes nothing either
    _bouw(config, kb)
    assert client.get(f"{KP}/{ID}").json()["status"] == "oplossing-in-voorbereiding"


def test_changed_file_becomes_a_revision_and_wins_without_edits(omgeving):
    client, config, kb, pl, _ = omgeving
    f = config.source_root / "knelpunten" / f"{ID}.ttl"
    f.write_text(f.read_text(encoding="utf-8").replace("status/geanalyseerd", "status/geagendeerd"), encoding="utf-8")
    result = _bouw(config, kb)
    assert result.conflicten == []
    assert client.get(f"{KP}/{ID}").json()["status"] == "geagendeerd"
    g = client.get(f"{KP}/{ID}/revisies").json()
    assert [r["door"] for r in g["revisies"]] == ["bestand in de repository"] * 2
    assert [s["status"] for s in g["statusgeschiedenis"]] == ["geanalyseerd", "geagendeerd"]


def test_file_and_api_edit_conflict_keeps_both_and_is_reported(omgeving):
    client, config, kb, pl, _ = omgeving
    assert client.patch(f"{KP}/{ID}", json={"status": "oplossing-in-voorbereiding"}, headers=pl).status_code == 200
    f = config.source_root / "knelpunten" / f"{ID}.ttl"
    f.write_text(f.read_text(encoding="utf-8").replace("status/geanalyseerd", "status/geagendeerd"), encoding="utf-8")
    result = _bouw(config, kb)
    assert len(result.conflicten) == 1 and f"knelpunten/{ID}.ttl" in result.conflicten[0]
    k = client.get(f"{KP}/{ID}").json()
    assert k["status"] == "oplossing-in-voorbereiding"  # the rule: the API edit stays current
    assert len(k["conflicten"]) == 1 and k["conflicten"][0]["bestand"] == f"knelpunten/{ID}.ttl"
    g = client.get(f"{KP}/{ID}/revisies").json()
    nummers = {r["nummer"]: r for r in g["revisies"]}
    assert nummers[2]["door"] == "projectleider" and nummers[2]["geldend"]
    assert nummers[3]["door"] == "bestand in de repository" and not nummers[3]["geldend"]
    assert g["huidigeRevisie"] == 2 and g["conflicten"][0]["nummer"] == 3
    d = client.get(f"{KP}/{ID}/verschillen", params={"van": 2, "tot": 3}).json()
    assert [(w["label"], w["oud"], w["nieuw"]) for w in d["wijzigingen"] if w["veld"] == "status"] == \
        [("Status", "oplossing-in-voorbereiding", "geagendeerd")]
    # a later build with the same file keeps the edit current and does not report it again
    assert _bouw(config, kb).conflicten == []
    assert client.get(f"{KP}/{ID}").json()["status"] == "oplossing-in-voorbereiding"


def test_if_match_refuses_an_edit_based_on_an_old_revision(omgeving):
    client, config, kb, pl, _ = omgeving
    r = client.get(f"{KP}/{ID}")
    oud = r.headers["ETag"]
    assert oud.startswith('"')
    r1 = client.patch(f"{KP}/{ID}", json={"status": "oplossing-in-voorbereiding"}, headers={**pl, "If-Match": oud})
    assert r1.status_code == 200 and r1.headers["ETag"] != oud
    assert client.get(f"{KP}/{ID}").headers["ETag"] == r1.headers["ETag"]
    r2 = client.patch(f"{KP}/{ID}", json={"status": "gesignaleerd"}, headers={**pl, "If-Match": oud})
    assert r2.status_code == 412
    assert r2.headers["content-type"].startswith("application/problem+json")
    assert "intussen gewijzigd" in r2.json()["detail"]
    assert client.get(f"{KP}/{ID}").json()["status"] == "oplossing-in-voorbereiding"
    assert client.patch(f"{KP}/{ID}", json={"status": "gesignaleerd"},
                        headers={**pl, "If-Match": r1.headers["ETag"]}).status_code == 200


NIEUW = {"titel": "Een heel lang geformuleerde titel over kostendelersnorm en maatwerkvoorzieningen samen",
         "beschrijving": "Twee regels werken elkaar tegen. Dit is een illustratie.",
         "citeringen": ["art. 22a lid 1 Pw", "artikel 2.3.5 Wmo 2015"], "mechanismen": ["stapeling"],
         "status": "gesignaleerd", "bronnen": [{"url": "https://www.voorbeeld.nl/bron", "titel": "Bron"}]}


def test_new_knelpunt_gets_next_kenmerk_and_a_whole_word_id(omgeving):
    client, config, kb, pl, token = omgeving
    r = client.post(KP, json=NIEUW, headers=pl)
    assert r.status_code == 201, r.text
    k = r.json()
    assert k["kenmerk"] == "KP-02"
    assert k["id"] == "een-heel-lang-geformuleerde-titel-over-kostendelersnorm-en"
    woorden = set(NIEUW["titel"].lower().split())
    assert all(w in woorden for w in k["id"].split("-"))
    r = client.patch(f"{KP}/{k['id']}", json={"kenmerk": "KP-01"}, headers=pl)
    assert r.status_code == 409 and "KP-01" in r.json()["detail"] and ID in r.json()["detail"]
    assert client.post(KP, json={**NIEUW, "id": "tweede", "kenmerk": "KP-02"}, headers=pl).status_code == 409
    assert client.post(KP, json={**NIEUW, "id": "derde"}, headers=pl).json()["kenmerk"] == "KP-03"
    # survives a build (no file: its current revision), history public without the token
    _bouw(config, kb)
    assert client.get(f"{KP}/{k['id']}").json()["kenmerk"] == "KP-02"
    g = client.get(f"{KP}/{k['id']}/revisies")
    assert g.status_code == 200 and g.json()["revisies"][0]["door"] == "projectleider"
    from kennisbank.tokens import Tokens

    token_id = next(t.id for t in Tokens(config.data_dir).lijst() if t.rol == "projectleider")
    assert token_id not in g.text and token not in g.text


def test_slugify_never_cuts_a_word():
    from kennisbank.domein import slugify

    assert slugify("Kostendelersnorm ontmoedigt onderdak bieden aan dakloze jongeren in gemeenten", 40) == \
        "kostendelersnorm-ontmoedigt-onderdak"
    assert slugify("Één woord") == "een-woord"
    assert len(slugify("x" * 100)) == 60


def test_export_writes_the_current_state_back_as_stable_turtle(omgeving):
    from kennisbank.exporteer import exporteer_bestanden

    client, config, kb, pl, _ = omgeving
    assert exporteer_bestanden(config) == []  # nothing differs from the files yet
    assert client.patch(f"{KP}/{ID}", json={"status": "oplossing-in-voorbereiding"}, headers=pl).status_code == 200
    assert client.post(KP, json={**NIEUW, "id": "nieuw-via-api"}, headers=pl).status_code == 201
    assert exporteer_bestanden(config) == [(f"knelpunten/{ID}.ttl", "gewijzigd"), ("knelpunten/nieuw-via-api.ttl", "nieuw")]
    tekst = (config.source_root / "knelpunten" / f"{ID}.ttl").read_text(encoding="utf-8")
    assert "status/oplossing-in-voorbereiding" in tekst and "@prefix kb:" in tekst
    assert exporteer_bestanden(config) == []  # stable: a second export changes nothing
    # the exported files are imported without a conflict and without changing what is current
    result = _bouw(config, kb)
    assert result.conflicten == []
    assert client.get(f"{KP}/{ID}").json()["status"] == "oplossing-in-voorbereiding"
    assert [r["nummer"] for r in client.get(f"{KP}/{ID}/revisies").json()["revisies"]] == [2, 1]


def test_site_page_has_a_history_section(omgeving):
    from kennisbank.site import bouw_site

    client, config, kb, pl, _ = omgeving
    assert client.patch(f"{KP}/{ID}", json={"status": "oplossing-in-voorbereiding",
                                            "notitie": "Besloten in het overleg."}, headers=pl).status_code == 200
    bouw_site(config, kb.store)
    html = (config.data_dir / "site" / "doc" / "knelpunt" / f"{ID}.html").read_text(encoding="utf-8")
    assert "<h2 id=\"geschiedenis\">Geschiedenis</h2>" in html
    assert "Revisie 2" in html and "door projectleider" in html and "Besloten in het overleg." in html
    assert "sinds" in html


def test_the_package_kennisbank_never_imports_api():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "kennisbank"
    fout = []
    for pad in root.rglob("*.py"):
        for node in ast.walk(ast.parse(pad.read_text(encoding="utf-8"))):
            namen = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
            fout += [f"{pad.relative_to(root)}: {n}" for n in namen if n == "api" or n.startswith("api.")]
    assert fout == []


def test_a_removed_file_removes_the_knelpunt_unless_it_was_edited(omgeving):
    client, config, kb, pl, _ = omgeving
    assert client.post(KP, json={**NIEUW, "id": "blijft"}, headers=pl).status_code == 201
    f = config.source_root / "knelpunten" / f"{ID}.ttl"
    bewaard = f.read_text(encoding="utf-8")
    # removed and edited since the last import: a conflict, the edit stays
    assert client.patch(f"{KP}/{ID}", json={"status": "oplossing-in-voorbereiding"}, headers=pl).status_code == 200
    f.unlink()
    assert len(_bouw(config, kb).conflicten) == 1
    assert client.get(f"{KP}/{ID}").json()["status"] == "oplossing-in-voorbereiding"
    assert _bouw(config, kb).conflicten == [] and client.get(f"{KP}/{ID}").status_code == 200
    # back, then removed without edits: the knelpunt leaves; an API-made knelpunt without a file stays
    f.write_text(bewaard, encoding="utf-8")
    _bouw(config, kb)
    f.unlink()
    assert _bouw(config, kb).conflicten == []
    assert client.get(f"{KP}/{ID}").status_code == 404
    assert client.get(f"{KP}/blijft").status_code == 200
    assert client.get(f"{KP}/{ID}/revisies").status_code == 404


def test_the_remedys_official_publication_is_set_through_the_api(omgeving):
    """'opgelost' needs a vindplaats (kennisbank/verificatie.py); the API takes it in 'vindplaatsen'."""
    client, config, kb, pl, _ = omgeving
    vindplaats = {"url": "https://zoek.officielebekendmakingen.nl/stb-2025-300.html", "titel": "Staatsblad 2025, 300",
                  "soort": "staatsblad"}
    fout = _fouten(client.patch(f"{KP}/{ID}", json={"vindplaatsen": [{**vindplaats, "soort": "krant"}]}, headers=pl))
    assert "'krant' is geen bekende bronsoort" in fout["/bronnen"]
    fout = _fouten(client.patch(f"{KP}/{ID}", json={"vindplaatsen": ["geen adres"]}, headers=pl))
    assert "webadres" in fout["/vindplaatsen/0"]
    r = client.patch(f"{KP}/{ID}", json={"status": "opgelost", "vindplaatsen": [vindplaats]}, headers=pl)
    assert r.status_code == 200, r.text
    body = client.get(f"{KP}/{ID}").json()
    assert body["status"] == "opgelost"
    assert body["vindplaatsen"] == [{"iri": vindplaats["url"], "soort": "staatsblad"}]
    # back to the state the other tests expect: a lower status, no vindplaats
    r = client.patch(f"{KP}/{ID}", json={"status": "geanalyseerd", "vindplaatsen": []}, headers=pl)
    assert r.status_code == 200, r.text
    assert client.get(f"{KP}/{ID}").json()["vindplaatsen"] == []


# --- the build's citation rules guard every edit (kennisbank/verificatie.py, via kennisbank/domein.py) -------------
def _fouten(r) -> dict[str, str]:
    assert r.status_code == 400, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    return {e["location"]: e["detail"] for e in r.json()["errors"]}


def test_an_edit_the_build_would_refuse_is_refused_in_dutch_and_the_build_still_succeeds(omgeving):
    client, config, kb, pl, _ = omgeving
    voor = client.get(f"{KP}/{ID}").headers["ETag"]
    # 'opgelost' requires the official reference of the remedy; this knelpunt names none
    fouten = _fouten(client.patch(f"{KP}/{ID}", json={"status": "opgelost"}, headers=pl))
    assert "'opgelost' vraagt de vindplaats" in fouten["/status"] and "'vindplaatsen'" in fouten["/status"]
    # a peildatum on which the provision has no text in the kennisbank
    fouten = _fouten(client.patch(f"{KP}/{ID}", json={"citeringen": [
        "artikel 2.3.5 Wmo 2015", {"bepaling": "art. 22a lid 1 Pw", "peildatum": "2010-01-01"}]}, headers=pl))
    assert "op 2010-01-01 geen tekst in de kennisbank" in fouten["/citeringen/1/peildatum"]
    assert "vanaf 2024-01-01" in fouten["/citeringen/1/peildatum"]  # says when the text does apply
    # a new knelpunt: the same rules
    fouten = _fouten(client.post(KP, json={**NIEUW, "id": "te-vroeg", "status": "geevalueerd"}, headers=pl))
    assert "'geevalueerd' vraagt de vindplaats" in fouten["/status"]
    assert client.get(f"{KP}/te-vroeg").status_code == 404
    # nothing was stored; the build goes on and the knelpunt is as before
    assert client.get(f"{KP}/{ID}").headers["ETag"] == voor
    result = _bouw(config, kb)
    assert result.verificatiemeldingen == [] and result.conflicten == []
    assert client.get(f"{KP}/{ID}").json()["status"] == "geanalyseerd"


def test_a_citation_without_peildatum_is_dated_today_and_refused_when_no_text_applies_today(omgeving):
    import datetime as dt

    client, config, kb, pl, _ = omgeving
    vandaag = dt.date.today().isoformat()
    r = client.patch(f"{KP}/{ID}", json={"citeringen": ["art. 22a lid 1 Pw", "artikel 2.3.5 Wmo 2015"]}, headers=pl)
    assert r.status_code == 200, r.text
    assert {c["peildatum"] for c in r.json()["citeringen"]} == {vandaag}  # the texts valid today
    # a provision without any text in the kennisbank: no silent date, a Dutch 400 that says what happened
    fouten = _fouten(client.patch(f"{KP}/{ID}", json={"citeringen": ["art. 22a lid 1 Pw", "art. 22a lid 2 Pw"]},
                                  headers=pl))
    melding = fouten["/citeringen/1/peildatum"]
    assert f"op {vandaag} (zonder peildatum geldt de datum van vandaag) geen tekst" in melding
    assert "geen tekst of samenvatting van deze bepaling" in melding
    assert _bouw(config, kb).verificatiemeldingen == []


def test_a_journal_edit_that_breaks_the_rules_stays_current_and_is_reported_without_stopping_the_build(omgeving):
    """An edit accepted before the API checked these rules: the build goes on, the edit stays current."""
    import pyoxigraph as ox

    from kennisbank.revisies import Revisie, canoniek, journaal

    client, config, kb, pl, _ = omgeving
    iri = f"{config.base_iri}/id/knelpunt/{ID}"
    j = journaal(config.data_dir)
    if j.huidig(iri) is None:  # a store built before revisions existed: make its state revision 1 first
        assert client.patch(f"{KP}/{ID}", json={"notitie": "eerste bewerking"}, headers=pl).status_code == 200
    huidig = j.huidig(iri)
    status = f"{config.base_iri}/def/kb#status"
    triples = [t for t in huidig.triples() if t.predicate.value != status]
    triples.append(ox.Triple(ox.NamedNode(iri), ox.NamedNode(status),
                             ox.NamedNode(f"{config.base_iri}/id/status/opgelost")))
    j.voeg_toe([Revisie(iri=iri, soort="knelpunt", graaf=huidig.graaf, rol="projectleider", bron="api",
                        inhoud=canoniek(triples), velden=["status"])])
    result = _bouw(config, kb)  # does not raise
    assert len(result.verificatiemeldingen) == 1
    assert f"knelpunten/{ID}.ttl" in result.verificatiemeldingen[0] and "vindplaats" in result.verificatiemeldingen[0]
    assert client.get(f"{KP}/{ID}").json()["status"] == "opgelost"  # the acknowledged edit is not lost
    # a legitimate edit repairs it; the next build is quiet
    assert client.patch(f"{KP}/{ID}", json={"status": "geagendeerd"}, headers=pl).status_code == 200
    assert _bouw(config, kb).verificatiemeldingen == []
    assert client.get(f"{KP}/{ID}").json()["status"] == "geagendeerd"


def test_api_made_knelpunt_carries_the_derived_verification_like_a_file(omgeving):
    """A knelpunt that exists only through the API shows what each citation was checked against, right after
    the write and after a build, the same way as a knelpunt from a file."""
    client, config, kb, pl, _ = omgeving

    def controles(kid):
        return [c["controle"] for c in client.get(f"{KP}/{kid}").json()["citeringen"]]

    r = client.post(KP, json={**NIEUW, "id": "alleen-via-de-api"}, headers=pl)
    assert r.status_code == 201, r.text
    bestand = [c["controle"] for c in client.get(f"{KP}/{ID}").json()["citeringen"]]
    assert bestand and all(c for c in bestand)
    for moment in ("na het schrijven", "na een bouw"):
        cs = controles("alleen-via-de-api")
        assert len(cs) == 2 and all(cs), moment
        for c in cs:
            assert c["tekstsoort"] in {"officiele-tekst", "geharveste-tekst", "alleen-samenvatting"}, moment
            assert c["geverifieerd"] == (c["tekstsoort"] != "alleen-samenvatting")
            assert c["gecontroleerdTegen"].startswith(f"{config.base_iri}/id/regeling/"), moment
        if moment == "na het schrijven":
            _bouw(config, kb)
    # an edit keeps it: the new state is verified again
    r = client.patch(f"{KP}/alleen-via-de-api", json={"citeringen": ["artikel 2.3.5 Wmo 2015", "art. 22a lid 1 Pw"],
                                                          "titel": "Een andere titel"}, headers=pl)
    assert r.status_code == 200, r.text
    assert client.get(f"{KP}/alleen-via-de-api").json()["titel"] == "Een andere titel"
    assert len(controles("alleen-via-de-api")) == 2 and all(controles("alleen-via-de-api"))
    # and the edited file knelpunt keeps its verification before the next build too
    assert client.patch(f"{KP}/{ID}", json={"status": "gesignaleerd"}, headers=pl).status_code == 200
    assert all(c["controle"] for c in client.get(f"{KP}/{ID}").json()["citeringen"])
