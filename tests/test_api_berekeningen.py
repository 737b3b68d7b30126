"""POST /v1/berekeningen against a store built from the real law texts of the Participatiewet, the Zvw and the
Wet op de zorgtoeslag: figures with provision and version, Dutch field errors, nothing stored."""

import shutil

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api_fixture import REPO, bouw, maak_bron

PW = "https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("berekeningen")
    bron = maak_bron(tmp / "bron")
    for bwb in ("BWBR0015703", "BWBR0018450", "BWBR0018451"):
        shutil.copy(REPO / "regels" / f"{bwb}.ttl", bron / "regels" / f"{bwb}.ttl")
    config = bouw(bron, tmp / "data")
    with TestClient(create_app(config), raise_server_exceptions=False) as c:
        yield c, config


def test_berekening_met_bepaling_en_versie(client):
    c, config = client
    c.get("/v1/regelingen")  # the server has opened its store and index

    def bestanden():  # everything but the store's and the index's own database files
        return {p: p.stat().st_mtime_ns for p in config.data_dir.rglob("*") if p.is_file()
                and not {"opslag", "zoekindex", "store"} & set(p.relative_to(config.data_dir).parts)}

    voor = bestanden()
    r = c.post("/v1/berekeningen", json={
        "peildatum": "2026-07-01", "aanvrager": {"leeftijd": 35, "urenPerWeek": 8, "nettoUurloon": "12.50"},
        "medebewoners": [{"leeftijd": 30}], "vergelijkPeildatum": "2025-07-01", "scenarios": ["meer-werken", "medebewoner"]})
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store"
    b = r.json()["berekening"]
    norm = next(p for p in b["bijstandOpbouw"] if p["code"] == "bijstandsnorm")
    assert norm["perMaand"] == "1001.07"
    assert any(h["versie"] == f"{PW}/artikel/21/onderdeel/b/versie/2026-01-01" for h in norm["herkomst"])
    v = r.json()["vergelijking"]
    assert next(x for x in v["posten"] if x["code"] == "bijstandsnorm")["naar"] == "917.02"
    assert [s["code"] for s in r.json()["scenarios"]] == ["meer-werken", "medebewoner"]
    assert r.json()["scenarios"][0]["svg"].startswith("<svg")
    assert bestanden() == voor, "een berekening mag niets opslaan"


def test_nederlandse_veldfouten(client):
    c, _ = client
    r = c.post("/v1/berekeningen", json={"peildatum": "gisteren", "aanvrager": {"leeftijd": -1}, "naam": "x"})
    assert r.status_code == 400 and r.headers["content-type"].startswith("application/problem+json")
    fouten = {e["location"]: e for e in r.json()["errors"]}
    assert fouten["/peildatum"]["detail"] == "Dit is geen geldige datum (JJJJ-MM-DD)."
    assert fouten["/aanvrager/leeftijd"]["code"] == "te_klein"
    assert "/naam" in fouten


def test_peildatum_zonder_wettekst_is_een_400(client):
    c, _ = client
    r = c.post("/v1/berekeningen", json={"peildatum": "1990-01-01", "aanvrager": {"leeftijd": 35}})
    assert r.status_code == 400
    e = r.json()["errors"][0]
    assert e["location"] == "/peildatum" and e["code"] == "geen_wettekst" and "geen tekst van Pw" in e["detail"]
