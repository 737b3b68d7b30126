"""The API as users run it: a real uvicorn process; the remote SPARQL backend; reopening after a rebuild."""

import time

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api_fixture import bouw, maak_bron, maak_omgeving

from processen import start_kennisbank, stop

pytestmark = pytest.mark.server


def test_echte_server(tmp_path):
    config, eindhoven, _, pl = maak_omgeving(tmp_path)
    proc, base = start_kennisbank(config)
    try:
        r = httpx.get(f"{base}/v1/regelingen/BWBR0015703/artikelen/22a")
        assert r.status_code == 200 and r.headers["API-Version"] == "1.0.0"
        assert r.json()["knelpunten"][0]["id"] == "kostendelersnorm-onderdak"
        r = httpx.post(f"{base}/v1/praktijkvoorbeelden", headers={"Authorization": f"Bearer {eindhoven}"},
                       json={"titel": "Casus via de echte server", "beschrijving": "Artikel 22a Pw raakt de opvang."})
        assert r.status_code == 201, r.text
        ident = r.json()["id"]
        assert httpx.get(f"{base}/v1/praktijkvoorbeelden/{ident}").status_code == 404
        r = httpx.post(f"{base}/v1/praktijkvoorbeelden/{ident}/beoordelingen", headers={"Authorization": f"Bearer {pl}"},
                       json={"besluit": "publiceren"})
        assert r.status_code == 200
        assert httpx.get(f"{base}/v1/praktijkvoorbeelden/{ident}").json()["titel"] == "Casus via de echte server"
        assert httpx.get(f"{base}/id/praktijkvoorbeeld/{ident}", follow_redirects=True).status_code == 200
        assert httpx.get(f"{base}/v1/openapi.json").status_code == 200
        assert httpx.get(f"{base}/v1/regelingen/").status_code == 404
    finally:
        stop(proc)


def test_herbouw_behoudt_gepubliceerde_inzendingen_en_knelpunten(tmp_path):
    """After `kennisbank build` switches the store, the server reopens it and re-adds from the inbox."""
    import kennisbank.context as context

    config, eindhoven, _, pl = maak_omgeving(tmp_path)
    context.CHECK_SECONDS, saved = 0.0, context.CHECK_SECONDS
    try:
        with TestClient(create_app(config)) as client:
            eh, plh = {"Authorization": f"Bearer {eindhoven}"}, {"Authorization": f"Bearer {pl}"}
            ident = client.post("/v1/praktijkvoorbeelden", headers=eh,
                                json={"titel": "Blijft na herbouw", "beschrijving": "Een casus."}).json()["id"]
            client.post(f"/v1/praktijkvoorbeelden/{ident}/beoordelingen", headers=plh, json={"besluit": "publiceren"})
            kp = client.post("/v1/knelpunten", headers=plh, json={
                "id": "via-de-api", "titel": "Via de API", "beschrijving": "Test.", "citeringen": ["art. 22a lid 1 Pw", "art. 2.3.5 Wmo"],
                "mechanismen": ["stapeling"], "status": "gesignaleerd", "bronnen": ["https://www.voorbeeld.nl/x"]})
            assert kp.status_code == 201, kp.text
            bouw(config.source_root, config.data_dir)  # a new store folder, pointer switched
            time.sleep(0.01)
            assert client.get(f"/v1/praktijkvoorbeelden/{ident}").status_code == 200
            assert client.get("/v1/knelpunten/via-de-api").status_code == 200
            assert client.get("/v1/regelingen/BWBR0015703/artikelen/22a").status_code == 200
    finally:
        context.CHECK_SECONDS = saved


def test_sparql_server_als_opslag(tmp_path, oxigraph_server):
    """The by-law query and a submission against the remote backend (Oxigraph server)."""
    from kennisbank.store.remote import RemoteStore
    from kennisbank.tokens import Tokens

    RemoteStore(f"{oxigraph_server}/query").update("DROP SILENT ALL")
    config = bouw(maak_bron(tmp_path / "bron"), tmp_path / "data", sparql_url=f"{oxigraph_server}/query")
    _, token = Tokens(config.data_dir).maak("wijkteam", "gm0772")
    with TestClient(create_app(config)) as client:
        a = client.get("/v1/regelingen/BWBR0015703/artikelen", params={"peildatum": "2025-01-01"}).json()["artikelen"]
        art = next(x for x in a if x["nummer"] == "22a")
        assert art["knelpunten"][0]["id"] == "kostendelersnorm-onderdak"
        assert art["leden"][0]["tekst"] == "Nieuwe tekst van de kostendelersnorm."
        assert client.get("/v1/knelpunten", params={"regeling": "BWBR0035362"}).json()["totaal"] == 1
        r = client.post("/v1/praktijkvoorbeelden", headers={"Authorization": f"Bearer {token}"},
                        json={"titel": "Remote casus", "beschrijving": "Artikel 22a Pw.", "domeinen": ["inkomen"]})
        assert r.status_code == 201, r.text
        assert client.get("/v1/sparql", params={"query": "ASK { GRAPH ?g { ?s ?p 'Remote casus'@nl } }"}).json()["boolean"] is False


def _tekst_22a_lid_1(client):
    a = client.get("/v1/regelingen/BWBR0015703/artikelen", params={"peildatum": "2025-01-01"}).json()["artikelen"]
    return next(x for x in a if x["nummer"] == "22a")["leden"][0]["tekst"]


def _herschrijf_tekst(bron):
    pad = bron / "regels" / "BWBR0015703.ttl"
    pad.write_text(pad.read_text(encoding="utf-8").replace("Nieuwe tekst van de kostendelersnorm.",
                                                           "Herschreven tekst na de herbouw."), encoding="utf-8")


def test_wetstructuur_uit_het_geheugen_tot_een_herbouw(tmp_path):
    """The whole-law query keeps a law's structure and texts per opened store; a rebuild empties it."""
    import kennisbank.context as context

    config, _, _, _ = maak_omgeving(tmp_path)
    context.CHECK_SECONDS, saved = 0.0, context.CHECK_SECONDS
    try:
        with TestClient(create_app(config)) as client:
            assert _tekst_22a_lid_1(client) == "Nieuwe tekst van de kostendelersnorm."
            assert _tekst_22a_lid_1(client) == "Nieuwe tekst van de kostendelersnorm."  # from the memo
            _herschrijf_tekst(config.source_root)
            bouw(config.source_root, config.data_dir)
            time.sleep(0.01)
            assert _tekst_22a_lid_1(client) == "Herschreven tekst na de herbouw."
    finally:
        context.CHECK_SECONDS = saved


def test_wetstructuur_op_de_sparql_server_volgt_de_herbouw(tmp_path, oxigraph_server):
    """Remote: the memo is keyed on the build's provenance activity, so a rebuild on the server empties it."""
    import kennisbank.context as context
    from kennisbank.store.remote import RemoteStore

    RemoteStore(f"{oxigraph_server}/query").update("DROP SILENT ALL")
    bron = maak_bron(tmp_path / "bron")
    config = bouw(bron, tmp_path / "data", sparql_url=f"{oxigraph_server}/query")
    context.CHECK_SECONDS, saved = 0.0, context.CHECK_SECONDS
    try:
        with TestClient(create_app(config)) as client:
            assert _tekst_22a_lid_1(client) == "Nieuwe tekst van de kostendelersnorm."
            _herschrijf_tekst(bron)
            bouw(bron, tmp_path / "data", sparql_url=f"{oxigraph_server}/query")
            assert _tekst_22a_lid_1(client) == "Herschreven tekst na de herbouw."
    finally:
        context.CHECK_SECONDS = saved
