"""Bad input is a Dutch 400 (never a 500), a sent token must be valid everywhere, and errors outside /v1 come as a
Dutch HTML page for a browser and as problem+json for an API client."""

import json

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api_fixture import maak_omgeving

PV = "/v1/praktijkvoorbeelden"
KP = "/v1/knelpunten"
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture(scope="module")
def omgeving(tmp_path_factory):
    config, eindhoven, _, pl = maak_omgeving(tmp_path_factory.mktemp("invoer"))
    with TestClient(create_app(config), raise_server_exceptions=False) as client:
        yield client, config, {"eh": {"Authorization": f"Bearer {eindhoven}"}, "pl": {"Authorization": f"Bearer {pl}"}}


def _probleem(r, status=400):
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    return r.json()


def _json(client, pad, tekst, headers):
    return client.post(pad, content=tekst.encode("utf-8"), headers={**headers, "Content-Type": "application/json"})


# --- item 7: nesting, lone surrogates, control characters ----------------------------------------------------------
def test_diep_geneste_json_is_een_400(omgeving):
    client, _, h = omgeving
    for body in ("[" * 30000 + "]" * 30000, '{"titel": ' + '{"a":' * 10000 + "1" + "}" * 10001,
                 '{"titel": "x", "kosten": ' + "[" * 40 + "]" * 40 + "}"):
        p = _probleem(_json(client, PV, body, h["eh"]))
        assert p["errors"][0]["code"] == "te_diep_genest" and "genest" in p["errors"][0]["detail"]


@pytest.mark.parametrize("tekst,code", [("a\\ud800b", "U+D800"), ("a\\u0000b", "U+0000"), ("tab\\u0007", "U+0007"),
                                        ("\\u001b[31m", "U+001B"), ("x\\u0085", "U+0085"), ("x\\uffff", "U+FFFF")])
def test_verboden_tekens_in_json_noemen_het_veld(omgeving, tekst, code):
    client, _, h = omgeving
    body = '{"titel": "Een titel", "beschrijving": "%s"}' % tekst
    p = _probleem(_json(client, PV, body, h["eh"]))
    fout = p["errors"][0]
    assert fout["in"] == "body" and fout["location"] == "/beschrijving" and fout["code"] == "ongeldig_teken"
    assert code in fout["detail"] and "niet toegestaan" in fout["detail"]


def test_verboden_tekens_in_elk_invoerpad(omgeving):
    client, _, h = omgeving
    # a knelpunt (projectleider), nested in a list, and in a key
    p = _probleem(_json(client, KP, '{"id": "x-y", "titel": "T", "bronnen": ["https://a.nl/\\u0000"]}', h["pl"]))
    assert any(e["location"] == "/bronnen/0" and e["code"] == "ongeldig_teken" for e in p["errors"])
    p = _probleem(_json(client, PV, '{"tit\\u0000el": "T"}', h["eh"]))
    assert p["errors"][0]["location"] == "/tit\u0000el" and "naam van dit veld" in p["errors"][0]["detail"]
    # a review
    ident = client.post(PV, json={"titel": "Gewone casus", "beschrijving": "Een casus zonder bijzonderheden."},
                        headers=h["eh"]).json()["id"]
    p = _probleem(_json(client, f"{PV}/{ident}/beoordelingen", '{"besluit": "afwijzen", "toelichting": "\\u0001"}', h["pl"]))
    assert p["errors"][0]["location"] == "/toelichting"
    # query parameters, on every operation
    for pad, params in ((KP, {"regeling": "a\x00"}), ("/v1/zoekresultaten", {"q": "bijstand\x07"}),
                        ("/v1/sparql", {"query": "SELECT * WHERE { ?s ?p ?o } #\x00"})):
        p = _probleem(client.get(pad, params=params))
        assert p["errors"][0]["in"] == "query" and p["errors"][0]["code"] == "ongeldig_teken"
    # a SPARQL query in a POST body
    p = _probleem(client.post("/v1/sparql", content="SELECT * WHERE { ?s ?p ?o } #\x00".encode(),
                              headers={"Content-Type": "application/sparql-query"}))
    assert p["errors"][0]["code"] == "ongeldig_teken"
    # a path parameter
    p = _probleem(client.get(f"{KP}/a%00b"), 400)
    assert p["errors"][0]["in"] == "path"


def test_gewone_tekens_blijven_welkom(omgeving):
    client, _, h = omgeving
    r = client.post(PV, headers=h["eh"], json={
        "titel": "Tabs, regels en accenten: café — één € 1.234,56 😀",
        "beschrijving": "Eerste regel.\r\nTweede regel\tmet een tab; ‘aanhalingstekens’ en Ærø."})
    assert r.status_code == 201, r.text


# --- item 8: a sent token must be valid, also on public operations --------------------------------------------------
@pytest.mark.parametrize("pad", ["/v1/regelingen", "/v1/knelpunten", "/v1/knelpunten/kostendelersnorm-onderdak",
                                 "/v1/zoekresultaten?q=bijstand", "/v1/gezondheid", PV,
                                 "/v1/sparql?query=ASK%20%7B%7D"])
def test_ongeldig_token_is_overal_401(omgeving, pad):
    client, config, h = omgeving
    assert client.get(pad).status_code == 200
    assert client.get(pad, headers=h["pl"]).status_code == 200
    for kop in ("Bearer kb_onzin", "Bearer ", "Basic YTpi", "kb_zonder_schema"):
        r = client.get(pad, headers={"Authorization": kop})
        p = _probleem(r, 401)
        assert r.headers["WWW-Authenticate"].startswith("Bearer"), kop
        assert p["code"] in ("ongeldig_token", "geen_token")


def test_ingetrokken_token_is_401(omgeving):
    from kennisbank.tokens import Tokens

    client, config, _ = omgeving
    tokens = Tokens(config.data_dir)
    rec, tekst = tokens.maak("projectleider")
    kop = {"Authorization": f"Bearer {tekst}"}
    assert client.get("/v1/regelingen", headers=kop).status_code == 200
    tokens.intrekken(rec.id)
    r = client.get("/v1/regelingen", headers=kop)
    assert _probleem(r, 401)["code"] == "ongeldig_token"
    assert 'error="invalid_token"' in r.headers["WWW-Authenticate"]


def test_openapi_beschrijft_de_tokenregel(omgeving):
    client, *_ = omgeving
    spec = client.get("/v1/openapi.json").json()
    for pad, ops in spec["paths"].items():
        for methode, op in ops.items():
            assert "401" in op["responses"], (methode, pad)
            if op["operationId"] in ("knelpuntMaken", "knelpuntWijzigen", "praktijkvoorbeeldIndienen",
                                     "praktijkvoorbeeldBeoordelen", "zoekvragenZonderResultaat",
                                     "signaalBeoordelen"):
                assert op["security"] == [{"token": []}]
            else:
                assert op["security"] == [{}, {"token": []}], op["operationId"]
    assert "401" in spec["components"]["securitySchemes"]["token"]["description"]


def test_elke_subresource_documenteert_en_controleert_de_vorm_van_het_id(omgeving):
    """Every operation below /knelpunten/{id} or /praktijkvoorbeelden/{id} (history, differences, reviews...)
    documents the id form of the resource itself, and the server keeps to it: a value outside the form is a 400,
    a well-formed id that does not exist is a 404."""
    client, _, h = omgeving
    spec = client.get("/v1/openapi.json").json()
    gezien = set()
    for collectie, fout_id in (("knelpunten", "Ğ-niet-klein"), ("praktijkvoorbeelden", "ß")):
        vorm = next(p["schema"]["pattern"] for p in spec["paths"][f"/{collectie}/{{id}}"]["get"]["parameters"]
                    if p["name"] == "id")
        for pad, ops in spec["paths"].items():
            if not pad.startswith(f"/{collectie}/{{id}}"):
                continue
            for methode, op in ops.items():
                id_par = next(p for p in op["parameters"] if p["name"] == "id")
                assert id_par["schema"]["pattern"] == vorm, (methode, pad)
                if methode != "get":
                    continue
                gezien.add(pad)
                query = {p["name"]: 1 for p in op["parameters"] if p["in"] == "query" and p.get("required")}
                for ident, status in ((fout_id, 400), ("bestaat-niet", 404)):
                    r = client.get("/v1" + pad.replace("{id}", ident), params=query, headers=h["pl"])
                    assert _probleem(r, status)["status"] == status, (pad, ident)
    assert {"/knelpunten/{id}/revisies", "/praktijkvoorbeelden/{id}/verschillen"} <= gezien


# --- item 10 (partly): problem instance is a valid uri-reference; 405 names what is allowed -----------------------
def test_instance_is_percent_gecodeerd_en_405_heeft_allow(omgeving):
    client, *_ = omgeving
    p = _probleem(client.get("/v1/bestaat niet/ü%25<>"), 404)
    assert p["instance"] == "/v1/bestaat%20niet/%C3%BC%25%3C%3E"
    r = client.options("/v1/regelingen")
    assert _probleem(r, 405)["detail"] == "De methode OPTIONS is hier niet toegestaan."
    assert r.headers["Allow"] == "GET, HEAD"
    r = client.delete(f"{KP}/kostendelersnorm-onderdak")
    assert _probleem(r, 405) and r.headers["Allow"] == "GET, HEAD, PATCH"
    r = client.put(PV)
    assert _probleem(r, 405) and r.headers["Allow"] == "GET, HEAD, POST"


# --- item 12: errors outside /v1 --------------------------------------------------------------------------------
@pytest.mark.parametrize("pad", ["/v1", "/bestaat-niet", "/knelpunten/niets.html", "/doc/knelpunt/bestaat-niet"])
def test_404_buiten_de_api(omgeving, pad):
    client, *_ = omgeving
    r = client.get(pad, headers=BROWSER)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert '<html lang="nl"' in r.text and "Deze pagina bestaat niet" in r.text
    assert "static/vendor/nlds.css" in r.text and 'href="/index.html"' in r.text
    assert "Not Found" not in r.text
    p = _probleem(client.get(pad), 404)
    assert p["title"] == "Niet gevonden" and "Not Found" not in json.dumps(p)
    p = _probleem(client.get(pad, headers={"Accept": "application/json"}), 404)


def test_405_en_500_buiten_de_api(omgeving):
    client, *_ = omgeving
    r = client.post("/bestaat-niet", headers=BROWSER)
    assert r.status_code == 405 and r.headers["Allow"] == "GET, HEAD" and "Dit kan hier niet" in r.text
    r = client.delete("/")
    assert _probleem(r, 405)["detail"] == "De methode DELETE is hier niet toegestaan."

    app = client.app

    @app.get("/stuk-voor-de-test")
    def stuk():
        raise RuntimeError("kapot")

    app.router.routes.insert(0, app.router.routes.pop())  # before the static site at /
    r = client.get("/stuk-voor-de-test", headers=BROWSER)
    assert r.status_code == 500 and "Er ging iets mis" in r.text and "kapot" not in r.text
    p = _probleem(client.get("/stuk-voor-de-test"), 500)
    assert p["detail"].startswith("Er ging iets onverwachts mis") and "kapot" not in json.dumps(p)


# --- item 11 through the API: the field and the position in the text as typed -------------------------------------
def test_persoonsgegevens_met_veld_en_positie(omgeving):
    client, _, h = omgeving
    beschrijving = "Ze\u200bker: mevrouw Jansen woont aan de Kerkstraat 12 en is op 3 maart 1987 geboren."
    r = client.post(PV, headers=h["eh"], json={"titel": "Casus", "beschrijving": beschrijving,
                                               "regels": ["art. 22a lid 1 Pw"]})
    p = _probleem(r)
    fouten = [e for e in p["errors"] if e["code"] == "persoonsgegevens"]
    assert {e["location"] for e in fouten} == {"/beschrijving"}
    posities = sorted(e["positie"] for e in fouten)
    assert posities == [beschrijving.index("mevrouw"), beschrijving.index("Kerkstraat"), beschrijving.index("3 maart")]
    assert all(f"positie {e['positie']}" in e["detail"] for e in fouten)

    knelpunt = {"id": "privacy-proef", "titel": "Proef", "beschrijving": "Een knelpunt.",
                "citeringen": ["art. 22a Pw", {"bepaling": "art. 2.3.5 Wmo", "rol": "Gemeld door dhr. P. de Vries"}]}
    p = _probleem(client.post(KP, headers=h["pl"], json=knelpunt))
    assert any(e["location"] == "/citeringen/1/rol" and e["code"] == "persoonsgegevens" for e in p["errors"]), p


def test_head_zoals_get(omgeving):
    client, *_ = omgeving
    for pad in ("/v1/regelingen", f"{KP}/kostendelersnorm-onderdak", "/v1/openapi.json"):
        get, head = client.get(pad), client.head(pad)
        assert head.status_code == get.status_code == 200 and head.content == b""
        assert head.headers["content-type"] == get.headers["content-type"]
        assert head.headers["content-length"] == get.headers["content-length"]
    r = client.head(f"{PV}/20260101-abcdef01/beoordelingen")
    assert r.status_code == 405 and r.headers["Allow"] == "POST"
