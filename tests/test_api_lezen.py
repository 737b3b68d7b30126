"""Reading resources, content negotiation, knelpunten curation, SPARQL, /id → /doc, OpenAPI (Spectral)."""

import json
import os
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api_fixture import REPO, maak_omgeving

KP = "/v1/knelpunten"


@pytest.fixture(scope="module")
def omgeving(tmp_path_factory):
    config, eindhoven, utrecht, pl = maak_omgeving(tmp_path_factory.mktemp("api"))
    with TestClient(create_app(config)) as client:
        yield client, config, {"eh": {"Authorization": f"Bearer {eindhoven}"}, "pl": {"Authorization": f"Bearer {pl}"}}


def test_regelingen(omgeving):
    client, *_ = omgeving
    r = client.get("/v1/regelingen")
    assert r.status_code == 200 and r.headers["API-Version"] == "1.0.0"
    assert [x["bwbId"] for x in r.json()["regelingen"]] == ["BWBR0015703", "BWBR0035362"]
    assert client.get("/v1/regelingen/BWBR0015703").json()["titel"] == "Participatiewet"
    assert client.get("/v1/regelingen/BWBR0000001").status_code == 404
    assert client.get("/v1/regelingen/nietgeldig!").status_code in (400, 404)


def test_artikelen_per_peildatum_en_botsingen(omgeving):
    client, *_ = omgeving
    oud = client.get("/v1/regelingen/BWBR0015703/artikelen", params={"peildatum": "2020-01-01"}).json()
    nieuw = client.get("/v1/regelingen/BWBR0015703/artikelen", params={"peildatum": "2025-01-01"}).json()
    a_oud = next(a for a in oud["artikelen"] if a["nummer"] == "22a")
    a_nieuw = next(a for a in nieuw["artikelen"] if a["nummer"] == "22a")
    assert a_oud["leden"][0]["tekst"] == "Oude tekst van de kostendelersnorm."
    assert a_nieuw["leden"][0]["tekst"] == "Nieuwe tekst van de kostendelersnorm."
    assert [a["nummer"] for a in nieuw["artikelen"]] == ["18", "22a"]
    assert [k["id"] for k in a_nieuw["knelpunten"]] == ["kostendelersnorm-onderdak"]  # cited via lid 1
    assert [b["bwbId"] for b in a_nieuw["botstMet"]] == ["BWBR0035362"]
    een = client.get("/v1/regelingen/BWBR0015703/artikelen/22a", params={"peildatum": "2025-01-01"}).json()
    assert een["knelpunten"] == a_nieuw["knelpunten"] and een["leden"][1]["nummer"] == "2"
    assert client.get("/v1/regelingen/BWBR0035362/artikelen/2.3.5").json()["tekst"].startswith("Het college")
    r = client.get("/v1/regelingen/BWBR0015703/artikelen", params={"peildatum": "2025-13-01"})
    assert r.status_code == 400 and r.json()["errors"][0]["location"] == "peildatum"
    assert client.get("/v1/regelingen/BWBR0015703/artikelen/99").status_code == 404


def test_content_negotiation(omgeving):
    client, *_ = omgeving
    for url in ("/v1/knelpunten/kostendelersnorm-onderdak", "/v1/regelingen/BWBR0015703/artikelen/22a"):
        ttl = client.get(url, headers={"Accept": "text/turtle"})
        assert ttl.status_code == 200 and ttl.headers["content-type"].startswith("text/turtle")
        assert b"@prefix" in ttl.content
        ld = client.get(url, headers={"Accept": "application/ld+json"})
        assert ld.headers["content-type"].startswith("application/ld+json") and "@context" in ld.json()
        assert client.get(url, headers={"Accept": "application/pdf"}).status_code == 406
    csv = client.get(KP, headers={"Accept": "text/csv"})
    assert csv.status_code == 200 and csv.text.splitlines()[0].startswith("id,kenmerk,titel")
    assert client.get("/v1/knelpunten/kostendelersnorm-onderdak", headers={"Accept": "text/csv"}).status_code == 406


def test_knelpunten_filters_en_paginering(omgeving):
    client, *_ = omgeving
    for params in ({"regeling": "BWBR0015703", "artikel": "22a"}, {"mechanisme": "prikkelconflict"},
                   {"domein": "inkomen", "status": "geanalyseerd"}, {"ministerie": "mnre1073"}, {"gemeente": "gm0772"}):
        assert client.get(KP, params=params).json()["totaal"] == 1, params
    assert client.get(KP, params={"regeling": "BWBR0015703", "artikel": "18"}).json()["totaal"] == 0
    r = client.get(KP, params={"mechanisme": "bestaat-niet", "gemeente": "gm9999"})
    assert r.status_code == 400 and {e["location"] for e in r.json()["errors"]} == {"mechanisme", "gemeente"}
    r = client.get(KP, params={"paginaGrootte": 0})
    assert r.status_code == 400 and r.json()["errors"][0]["in"] == "query"
    body = client.get(KP, params={"paginaGrootte": 1}).json()
    assert body["_links"]["self"]["href"].startswith("/v1/knelpunten?") and "last" in body["_links"]


def test_knelpunt_maken_en_wijzigen(omgeving):
    client, config, h = omgeving
    nieuw = {"titel": "Wmo-maatwerk telt als inkomen", "beschrijving": "Een voorziening verlaagt de bijstand.",
             "kenmerk": "KP-99", "citeringen": ["art. 22a lid 1 Pw", {"bepaling": "artikel 2.3.5 Wmo 2015", "peildatum": "2026-01-01",
                                                                      "rol": "Maatwerk"}],
             "mechanismen": ["stapeling"], "status": "gesignaleerd", "domeinen": ["inkomen"],
             "ministeries": ["mnre1073"], "bronnen": [{"url": "https://www.voorbeeld.nl/bron", "titel": "Bron"}]}
    assert client.post(KP, json=nieuw, headers=h["eh"]).status_code == 403
    assert client.post(KP, json=nieuw).status_code == 401
    r = client.post(KP, json=nieuw, headers=h["pl"])
    assert r.status_code == 201, r.text
    ident = r.json()["id"]
    assert r.headers["Location"] == f"/v1/knelpunten/{ident}"
    assert {(c["regeling"], c["artikel"], c["lid"]) for c in r.json()["citeringen"]} == {("BWBR0015703", "22a", "1"), ("BWBR0035362", "2.3.5", None)}
    assert client.get(f"{KP}/{ident}").json()["kenmerk"] == "KP-99"
    assert ident in [k["id"] for k in client.get(KP, params={"mechanisme": "stapeling"}).json()["knelpunten"]]
    assert client.post(KP, json=nieuw, headers=h["pl"]).status_code == 409
    # the same graph a file would have
    rows = client.get("/v1/sparql", params={"query": f"ASK {{ GRAPH <{config.base_iri}/graaf/knelpunten/{ident}> {{ ?s ?p ?o }} }}"}).json()
    assert rows["boolean"] is True

    r = client.patch(f"{KP}/{ident}", json={"status": "geanalyseerd", "mechanismen": ["prikkelconflict"]},
                     headers={**h["pl"], "Content-Type": "application/merge-patch+json"})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "geanalyseerd" and r.json()["mechanismen"] == ["prikkelconflict"]
    assert len(r.json()["citeringen"]) == 2 and r.json()["kenmerk"] == "KP-99"

    fout = client.post(KP, json={**nieuw, "id": "ander", "citeringen": ["art. 22a Pw", "artikel 77 Wet op niets"],
                                 "mechanismen": ["onzin"], "extra": 1}, headers=h["pl"])
    assert fout.status_code == 400
    locs = {e["location"] for e in fout.json()["errors"]}
    assert {"/extra"} <= locs or {"/citeringen/1/bepaling"} <= locs
    fout = client.post(KP, json={**nieuw, "id": "ander", "citeringen": ["art. 22a Pw", "artikel 77 Wet op niets"]}, headers=h["pl"])
    assert [e["location"] for e in fout.json()["errors"]] == ["/citeringen/1/bepaling"]
    fout = client.post(KP, json={**nieuw, "id": "ander2", "bronnen": []}, headers=h["pl"])
    assert fout.status_code == 400 and fout.json()["errors"][0]["location"] == "/bronnen"  # SHACL mapped back
    assert client.patch(f"{KP}/bestaat-niet", json={"status": "opgelost"}, headers=h["pl"]).status_code == 404


def test_sparql(omgeving):
    client, *_ = omgeving
    q = "SELECT ?t WHERE { GRAPH ?g { ?k a <https://kennisbank.botsenderegels.nl/def/kb#Knelpunt> ; <http://purl.org/dc/terms/title> ?t } }"
    assert client.get("/v1/sparql", params={"query": q}).json()["results"]["bindings"]
    assert client.post("/v1/sparql", data={"query": q}).status_code == 200
    r = client.post("/v1/sparql", content=q, headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert r.status_code == 200 and r.text.startswith("t\r\n")
    assert client.get("/v1/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+xml"}).text.startswith("<?xml")
    c = client.get("/v1/sparql", params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 3"},
                   headers={"Accept": "application/ld+json"})
    assert "@context" in c.json()
    for update in ("INSERT DATA { <a:b> <a:b> <a:c> }", "DROP ALL", "DELETE WHERE { ?s ?p ?o }"):
        r = client.post("/v1/sparql", content=update, headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 403 and r.headers["content-type"].startswith("application/problem+json")
    assert client.post("/v1/sparql", data={"update": "DROP ALL"}).status_code == 403
    assert client.get("/v1/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"}).status_code == 403
    assert client.get("/v1/sparql", params={"query": "SELEC oops"}).status_code == 400
    assert client.get("/v1/sparql", params={"query": q}, headers={"Accept": "image/png"}).status_code == 406


def test_id_en_doc(omgeving, tmp_path):
    client, config, _ = omgeving
    r = client.get("/id/knelpunt/kostendelersnorm-onderdak", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/doc/knelpunt/kostendelersnorm-onderdak"
    assert client.get("/doc/knelpunt/kostendelersnorm-onderdak", headers={"Accept": "text/turtle"}).text.count("Knelpunt") >= 1
    html = client.get("/doc/knelpunt/kostendelersnorm-onderdak", headers={"Accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html") and "<h1>Kostendelersnorm" in html.text
    assert client.get("/doc/regeling/BWBR0015703/artikel/22a", headers={"Accept": "application/ld+json"}).status_code == 200
    site = Path(config.data_dir) / "site" / "doc" / "knelpunt"
    site.mkdir(parents=True)
    (site / "kostendelersnorm-onderdak.html").write_text("<!doctype html><p>van de site</p>")
    assert "van de site" in client.get("/doc/knelpunt/kostendelersnorm-onderdak", headers={"Accept": "text/html"}).text
    assert client.get("/doc/knelpunt/bestaat-niet").status_code == 404
    assert client.get("/doc/knelpunt/..%2F..%2Fetc").status_code == 404


def test_problemen_en_kopteksten(omgeving):
    client, *_ = omgeving
    for url in ("/v1/knelpunten/", "/v1/bestaat-niet"):
        r = client.get(url)
        assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
        assert {"status", "title", "detail"} <= set(r.json())
    r = client.get("/v1/regelingen")
    for k in ("API-Version", "X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy", "Cache-Control"):
        assert k in r.headers
    assert client.delete("/v1/regelingen").status_code == 405
    assert client.get("/v1/gezondheid").json()["opslag"] == "bereikbaar"


def test_openapi_spectral(omgeving, tmp_path):
    client, *_ = omgeving
    r = client.get("/v1/openapi.json")
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"
    spec = r.json()
    assert spec["servers"] == [{"url": "/v1"}]
    assert not any("422" in op.get("responses", {}) for ops in spec["paths"].values() for op in ops.values())
    spectral = REPO / "node_modules" / ".bin" / "spectral"
    assert spectral.exists(), "Spectral ontbreekt: voer 'npm ci' uit in de hoofdmap van de repository."
    ruleset = REPO.parent / "shared" / "adr" / "adr-2.2-ruleset.yaml"
    if not ruleset.exists():
        ruleset = Path(os.environ.get("KENNISBANK_ADR_RULESET", ruleset))
    assert ruleset.exists(), f"De ADR-regelset ontbreekt op {ruleset} (zet KENNISBANK_ADR_RULESET)."
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(spec))
    out = subprocess.run([str(spectral), "lint", "-r", str(ruleset), "-f", "json", str(path)], capture_output=True, text=True)
    results = json.loads(out.stdout or "[]")
    errors = [x for x in results if x.get("severity") == 0]
    assert errors == [], errors
