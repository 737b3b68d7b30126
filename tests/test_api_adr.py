"""NL GOV API Design Rules, checked on behaviour: trailing slash, unknown query parameters, paging bounds,
406, API-Version on errors, CORS on the spec, Location on 201, idempotent replay, body limit when chunked."""

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.common import MAX_BODY
from api_fixture import maak_omgeving

PV = "/v1/praktijkvoorbeelden"


@pytest.fixture(scope="module")
def omgeving(tmp_path_factory):
    config, eindhoven, utrecht, pl = maak_omgeving(tmp_path_factory.mktemp("adr"))
    with TestClient(create_app(config)) as client:
        yield client, {"Authorization": f"Bearer {eindhoven}"}, {"Authorization": f"Bearer {pl}"}


def is_probleem(r, status):
    return (r.status_code == status and r.headers["content-type"].startswith("application/problem+json")
            and r.json()["status"] == status and r.json()["title"] and r.json()["detail"]
            and r.headers["API-Version"] == "1.0.0")


@pytest.mark.parametrize("url", ["/v1/regelingen/", "/v1/knelpunten/", "/v1/praktijkvoorbeelden/",
                                 "/v1/regelingen/BWBR0015703/artikelen/", "/v1/zoekresultaten/"])
def test_slash_aan_het_eind_is_404_zonder_omleiding(omgeving, url):
    client, *_ = omgeving
    r = client.get(url, follow_redirects=False)
    assert is_probleem(r, 404) and "location" not in r.headers


@pytest.mark.parametrize("url", ["/v1/regelingen", "/v1/knelpunten", "/v1/praktijkvoorbeelden",
                                 "/v1/regelingen/BWBR0015703/artikelen", "/v1/zoekresultaten"])
def test_onbekende_queryparameter_is_400_met_alle_namen(omgeving, url):
    client, *_ = omgeving
    r = client.get(url, params={"q": "bijstand", "paginagrootte": "5", "sorteer": "titel"} if "zoek" in url
                   else {"paginagrootte": "5", "sorteer": "titel"})
    assert is_probleem(r, 400)
    fouten = r.json()["errors"]
    assert {(f["in"], f["location"], f["code"]) for f in fouten} == {
        ("query", "paginagrootte", "onbekende_parameter"), ("query", "sorteer", "onbekende_parameter")}


@pytest.mark.parametrize("waarde,status", [("0", 400), ("101", 400), ("-1", 400), ("tien", 400), ("1", 200), ("100", 200)])
def test_paginagrootte_grenzen(omgeving, waarde, status):
    client, *_ = omgeving
    for url in ("/v1/knelpunten", PV):
        r = client.get(url, params={"paginaGrootte": waarde})
        assert r.status_code == status, (url, waarde, r.text)
        if status == 400:
            assert is_probleem(r, 400) and r.json()["errors"][0]["location"] == "paginaGrootte"
        else:
            assert r.json()["paginaGrootte"] == int(waarde)


@pytest.mark.parametrize("url", ["/v1/regelingen", "/v1/regelingen/BWBR0015703/artikelen",
                                 "/v1/regelingen/BWBR0015703/artikelen/22a", "/v1/knelpunten/kostendelersnorm-onderdak"])
def test_406_bij_onbekend_formaat(omgeving, url):
    client, *_ = omgeving
    assert is_probleem(client.get(url, headers={"Accept": "application/pdf"}), 406)


def test_api_version_ook_op_fouten(omgeving):
    client, wijkteam, _ = omgeving
    for r in (client.get("/v1/bestaat-niet"), client.get("/v1/regelingen/BWBR0000001"), client.post(PV, json={}),
              client.post(PV, json={}, headers=wijkteam), client.delete("/v1/regelingen")):
        assert r.status_code >= 400 and r.headers["API-Version"] == "1.0.0", r.status_code


def test_cors_op_de_specificatie(omgeving):
    client, *_ = omgeving
    r = client.get("/v1/openapi.json", headers={"Origin": "https://elders.example"})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"
    assert r.json()["info"]["version"] == r.headers["API-Version"]


def test_location_en_herhaling_met_idempotency_key(omgeving):
    client, wijkteam, _ = omgeving
    body = {"titel": "ADR-casus", "beschrijving": "Een casus voor de ontwerpregels."}
    kop = {**wijkteam, "Idempotency-Key": "adr-1"}
    eerste = client.post(PV, json=body, headers=kop)
    assert eerste.status_code == 201 and eerste.headers["Location"] == f"{PV}/{eerste.json()['id']}"
    assert client.get(eerste.headers["Location"], headers=wijkteam).status_code == 200
    tweede = client.post(PV, json=body, headers=kop)
    assert (tweede.status_code, tweede.json(), tweede.headers["Location"]) == \
        (eerste.status_code, eerste.json(), eerste.headers["Location"])


def test_te_groot_ook_zonder_content_length(omgeving):
    """A chunked body (no Content-Length) is cut off with 413 as soon as it passes the limit."""
    client, wijkteam, _ = omgeving
    gelezen = []

    def stukken():
        yield b'{"titel": "x", "beschrijving": "'
        for _ in range(MAX_BODY // 1024 + 10):
            gelezen.append(1)
            yield b"a" * 1024
        yield b'"}'

    r = client.post(PV, content=stukken(), headers={**wijkteam, "Content-Type": "application/json"})
    assert "content-length" not in {k.lower() for k in r.request.headers}
    assert is_probleem(r, 413)


@pytest.mark.parametrize("url,status", [("/v1/bestaat-niet", 404), ("/v1/regelingen/BWBR0000001", 404),
                                        ("/v1/regelingen/BWBR0015703/artikelen?peildatum=gisteren", 400), ("/v1/knelpunten?onbekend=1", 400)])
def test_beveiligingskoppen_ook_op_fouten(omgeving, url, status):
    client, *_ = omgeving
    r = client.get(url)
    assert is_probleem(r, status)
    assert r.headers["Cache-Control"] == "no-store"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Content-Security-Policy"] == "frame-ancestors 'none'"
    assert "access-control-allow-origin" not in r.headers
    assert len(r.headers.get_list("API-Version")) == 1
