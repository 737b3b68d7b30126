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
    r = client.patch(f"{KP}/{ID}", json={"status": "opgelost", "oplossing": "Een nieuwe oplossing in eigen woorden.",
                                          "notitie": "besproken in het overleg"}, headers=pl)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "opgelost" and r.json()["revisie"] == 2
    result = _bouw(config, kb)
    assert result.conflicten == []
    k = client.get(f"{KP}/{ID}").json()
    assert k["status"] == "opgelost" and k["oplossing"] == "Een nieuwe oplossing in eigen woorden."
    assert _sparql_status(client, config) == ["opgelost"]
    # a second build changes nothing either
    _bouw(config, kb)
    assert client.get(f"{KP}/{ID}").json()["status"] == "opgelost"


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
    assert client.patch(f"{KP}/{ID}", json={"status": "opgelost"}, headers=pl).status_code == 200
    f = config.source_root / "knelpunten" / f"{ID}.ttl"
    f.write_text(f.read_text(encoding="utf-8").replace("status/geanalyseerd", "status/geagendeerd"), encoding="utf-8")
    result = _bouw(config, kb)
    assert len(result.conflicten) == 1 and f"knelpunten/{ID}.ttl" in result.conflicten[0]
    k = client.get(f"{KP}/{ID}").json()
    assert k["status"] == "opgelost"  # the rule: the API edit stays current
    assert len(k["conflicten"]) == 1 and k["conflicten"][0]["bestand"] == f"knelpunten/{ID}.ttl"
    g = client.get(f"{KP}/{ID}/revisies").json()
    nummers = {r["nummer"]: r for r in g["revisies"]}
    assert nummers[2]["door"] == "projectleider" and nummers[2]["geldend"]
    assert nummers[3]["door"] == "bestand in de repository" and not nummers[3]["geldend"]
    assert g["huidigeRevisie"] == 2 and g["conflicten"][0]["nummer"] == 3
    d = client.get(f"{KP}/{ID}/verschillen", params={"van": 2, "tot": 3}).json()
    assert [(w["label"], w["oud"], w["nieuw"]) for w in d["wijzigingen"] if w["veld"] == "status"] == \
        [("Status", "opgelost", "geagendeerd")]
    # a later build with the same file keeps the edit current and does not report it again
    assert _bouw(config, kb).conflicten == []
    assert client.get(f"{KP}/{ID}").json()["status"] == "opgelost"


def test_if_match_refuses_an_edit_based_on_an_old_revision(omgeving):
    client, config, kb, pl, _ = omgeving
    r = client.get(f"{KP}/{ID}")
    oud = r.headers["ETag"]
    assert oud.startswith('"')
    r1 = client.patch(f"{KP}/{ID}", json={"status": "opgelost"}, headers={**pl, "If-Match": oud})
    assert r1.status_code == 200 and r1.headers["ETag"] != oud
    assert client.get(f"{KP}/{ID}").headers["ETag"] == r1.headers["ETag"]
    r2 = client.patch(f"{KP}/{ID}", json={"status": "gesignaleerd"}, headers={**pl, "If-Match": oud})
    assert r2.status_code == 412
    assert r2.headers["content-type"].startswith("application/problem+json")
    assert "intussen gewijzigd" in r2.json()["detail"]
    assert client.get(f"{KP}/{ID}").json()["status"] == "opgelost"
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
    assert client.patch(f"{KP}/{ID}", json={"status": "opgelost"}, headers=pl).status_code == 200
    assert client.post(KP, json={**NIEUW, "id": "nieuw-via-api"}, headers=pl).status_code == 201
    assert exporteer_bestanden(config) == [(f"knelpunten/{ID}.ttl", "gewijzigd"), ("knelpunten/nieuw-via-api.ttl", "nieuw")]
    tekst = (config.source_root / "knelpunten" / f"{ID}.ttl").read_text(encoding="utf-8")
    assert "status/opgelost" in tekst and "@prefix kb:" in tekst
    assert exporteer_bestanden(config) == []  # stable: a second export changes nothing
    # the exported files are imported without a conflict and without changing what is current
    result = _bouw(config, kb)
    assert result.conflicten == []
    assert client.get(f"{KP}/{ID}").json()["status"] == "opgelost"
    assert [r["nummer"] for r in client.get(f"{KP}/{ID}/revisies").json()["revisies"]] == [2, 1]


def test_site_page_has_a_history_section(omgeving):
    from kennisbank.site import bouw_site

    client, config, kb, pl, _ = omgeving
    assert client.patch(f"{KP}/{ID}", json={"status": "opgelost", "notitie": "Besloten in het overleg."},
                        headers=pl).status_code == 200
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
    assert client.patch(f"{KP}/{ID}", json={"status": "opgelost"}, headers=pl).status_code == 200
    f.unlink()
    assert len(_bouw(config, kb).conflicten) == 1
    assert client.get(f"{KP}/{ID}").json()["status"] == "opgelost"
    assert _bouw(config, kb).conflicten == [] and client.get(f"{KP}/{ID}").status_code == 200
    # back, then removed without edits: the knelpunt leaves; an API-made knelpunt without a file stays
    f.write_text(bewaard, encoding="utf-8")
    _bouw(config, kb)
    f.unlink()
    assert _bouw(config, kb).conflicten == []
    assert client.get(f"{KP}/{ID}").status_code == 404
    assert client.get(f"{KP}/blijft").status_code == 200
    assert client.get(f"{KP}/{ID}/revisies").status_code == 404
