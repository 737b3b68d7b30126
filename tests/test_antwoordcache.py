"""Remembered API answers (api/antwoordcache.py) are never stale and never cross from one caller to another.

Functional only (no timing): after a PATCH, a publication or a build (also one in another process) the next answer
shows the change; If-None-Match gets 304; what a wijkteam token may see is never given to another token, another
gemeente or the public, and a revoked or unknown token is refused even for an answer that was remembered.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api_fixture import bouw, maak_omgeving
from kennisbank import generatie

KP = "/v1/knelpunten/kostendelersnorm-onderdak"
ART = "/v1/regelingen/BWBR0015703/artikelen"


@pytest.fixture
def omgeving(tmp_path):
    config, eindhoven, utrecht, pl = maak_omgeving(tmp_path)
    with TestClient(create_app(config)) as client:
        yield client, config, {"Authorization": f"Bearer {eindhoven}"}, {"Authorization": f"Bearer {utrecht}"}, \
            {"Authorization": f"Bearer {pl}"}


def _tekst_22a(client) -> str:
    r = client.get(ART, params={"peildatum": "2025-01-01"})
    assert r.status_code == 200, r.text
    return next(a for a in r.json()["artikelen"] if a["nummer"] == "22a")["leden"][0]["tekst"]


def test_etag_304_en_head(omgeving):
    client, *_ = omgeving
    r1 = client.get("/v1/knelpunten")
    r2 = client.get("/v1/knelpunten")
    assert r1.status_code == r2.status_code == 200
    etag = r1.headers["ETag"]
    assert etag.startswith('"') and r2.headers["ETag"] == etag and r2.content == r1.content
    assert r1.headers["Cache-Control"] == "no-cache"
    assert {"accept", "authorization"} <= {v.strip().lower() for v in r1.headers["Vary"].split(",")}

    r = client.get("/v1/knelpunten", headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.content == b"" and r.headers["ETag"] == etag
    assert client.get("/v1/knelpunten", headers={"If-None-Match": f'"anders", W/{etag}'}).status_code == 304
    assert client.get("/v1/knelpunten", headers={"If-None-Match": '"anders"'}).status_code == 200

    h = client.head("/v1/knelpunten")
    assert h.status_code == 200 and h.content == b"" and h.headers["ETag"] == etag

    turtle = client.get("/v1/knelpunten", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    assert turtle.headers["ETag"] != etag
    assert client.get("/v1/knelpunten").headers["content-type"].startswith("application/json")

    # errors are never remembered and keep no-store
    fout = client.get("/v1/knelpunten?onbekend=1")
    assert fout.status_code == 400 and fout.headers["Cache-Control"] == "no-store" and "ETag" not in fout.headers


def test_patch_publicatie_en_zoeken_direct_zichtbaar(omgeving):
    client, _, eindhoven, _, pl = omgeving
    oud = client.get(KP)
    assert client.get(KP).headers["ETag"] == oud.headers["ETag"]
    r = client.patch(KP, headers=pl, json={"titel": "Kostendelersnorm en onderdak, gewijzigd"})
    assert r.status_code == 200, r.text
    nieuw = client.get(KP)
    assert nieuw.json()["titel"] == "Kostendelersnorm en onderdak, gewijzigd"
    assert nieuw.headers["ETag"] != oud.headers["ETag"]
    assert client.get(KP, headers={"If-None-Match": oud.headers["ETag"]}).status_code == 200
    lijst = client.get("/v1/knelpunten").json()["knelpunten"]
    assert any(k["titel"] == "Kostendelersnorm en onderdak, gewijzigd" for k in lijst)
    r = client.post("/v1/knelpunten", headers=pl, json={
        "id": "aaa-nieuw", "titel": "Illustratie: een nieuw knelpunt", "beschrijving": "Illustratie.",
        "citeringen": ["art. 22a lid 1 Pw", "art. 2.3.5 Wmo"], "mechanismen": ["stapeling"], "status": "gesignaleerd",
        "bronnen": ["https://www.voorbeeld.nl/x"]})
    assert r.status_code == 201, r.text
    assert r.json()["kenmerk"], "a new knelpunt gets the next free KP-number"
    lijst = client.get("/v1/knelpunten").json()["knelpunten"]
    # ordered by kenmerk, then title: the new knelpunt's number comes after the existing one
    assert [k["id"] for k in lijst] == ["kostendelersnorm-onderdak", "aaa-nieuw"]

    voor = client.get("/v1/praktijkvoorbeelden").json()["totaal"]
    zoek_voor = client.get("/v1/zoekresultaten", params={"q": "wasmachine"}).json()["totaal"]
    assert client.get("/v1/praktijkvoorbeelden").json()["totaal"] == voor  # remembered
    ident = client.post("/v1/praktijkvoorbeelden", headers=eindhoven, json={
        "titel": "Illustratie: wasmachine kapot", "beschrijving": "Illustratie. De wasmachine van een gezin in de "
        "bijstand is kapot; artikel 22a Pw."}).json()["id"]
    assert client.get("/v1/praktijkvoorbeelden").json()["totaal"] == voor  # not public yet
    r = client.post(f"/v1/praktijkvoorbeelden/{ident}/beoordelingen", headers=pl, json={"besluit": "publiceren"})
    assert r.status_code == 200, r.text
    assert client.get("/v1/praktijkvoorbeelden").json()["totaal"] == voor + 1
    assert client.get(f"/v1/praktijkvoorbeelden/{ident}").status_code == 200
    assert client.get("/v1/zoekresultaten", params={"q": "wasmachine"}).json()["totaal"] == zoek_voor + 1


def test_herbouw_direct_zichtbaar(omgeving):
    """A build in this process: the next answer shows it (no waiting for the store's periodic check)."""
    client, config, *_ = omgeving
    assert _tekst_22a(client) == "Nieuwe tekst van de kostendelersnorm."
    assert _tekst_22a(client) == "Nieuwe tekst van de kostendelersnorm."  # remembered
    pad = config.source_root / "regels" / "BWBR0015703.ttl"
    pad.write_text(pad.read_text(encoding="utf-8").replace("Nieuwe tekst van de kostendelersnorm.",
                                                           "Tekst na de herbouw."), encoding="utf-8")
    bouw(config.source_root, config.data_dir)
    assert _tekst_22a(client) == "Tekst na de herbouw."


def test_herbouw_in_een_ander_proces(omgeving):
    """`kennisbank build` in its own process, as an operator runs it beside the server."""
    client, config, *_ = omgeving
    assert _tekst_22a(client) == "Nieuwe tekst van de kostendelersnorm."
    etag = client.get(ART, params={"peildatum": "2025-01-01"}).headers["ETag"]
    pad = config.source_root / "regels" / "BWBR0015703.ttl"
    pad.write_text(pad.read_text(encoding="utf-8").replace("Nieuwe tekst van de kostendelersnorm.",
                                                           "Tekst uit een ander proces."), encoding="utf-8")
    env = {**os.environ, "KENNISBANK_DATA": str(config.data_dir), "KENNISBANK_BRON": str(config.source_root)}
    env.pop("KENNISBANK_SPARQL_URL", None)
    subprocess.run([sys.executable, "-m", "kennisbank", "build", "--zonder-redeneerder", "--stil"], env=env, check=True,
                   capture_output=True)
    # the other process's generation is read again at most every KIJK_SECONDEN
    time.sleep(generatie.KIJK_SECONDEN + 0.05)
    assert _tekst_22a(client) == "Tekst uit een ander proces."
    assert client.get(ART, params={"peildatum": "2025-01-01"}, headers={"If-None-Match": etag}).status_code == 200


def test_antwoorden_van_een_wijkteam_blijven_bij_dat_token(omgeving):
    client, config, eindhoven, utrecht, pl = omgeving
    ident = client.post("/v1/praktijkvoorbeelden", headers=eindhoven, json={
        "titel": "Illustratie: eigen inzending", "beschrijving": "Illustratie. Artikel 22a Pw raakt de opvang."}).json()["id"]

    def ids(headers=None):
        r = client.get("/v1/praktijkvoorbeelden", headers=headers or {})
        assert r.status_code == 200, r.text
        return {p["id"] for p in r.json()["praktijkvoorbeelden"]}

    for _ in range(2):  # the second round comes from what was remembered
        assert ident in ids(eindhoven)
        assert ident not in ids(utrecht)  # another gemeente
        assert ident not in ids()  # the public
        assert client.get(f"/v1/praktijkvoorbeelden/{ident}", headers=eindhoven).status_code == 200
        assert client.get(f"/v1/praktijkvoorbeelden/{ident}", headers=utrecht).status_code == 404
        assert client.get(f"/v1/praktijkvoorbeelden/{ident}").status_code == 404
    r = client.get("/v1/praktijkvoorbeelden", headers=eindhoven)
    assert r.headers["Cache-Control"] == "private, no-cache"

    # another token of the same gemeente sees only its own submissions
    from kennisbank.tokens import Tokens

    record, tweede = Tokens(config.data_dir).maak("wijkteam", "gm0772")
    assert ident not in ids({"Authorization": f"Bearer {tweede}"})

    # an unknown token is refused, also where an answer is remembered; so is a revoked one
    assert client.get("/v1/praktijkvoorbeelden", headers={"Authorization": "Bearer onbekend"}).status_code == 401
    assert ident not in ids({"Authorization": f"Bearer {tweede}"})
    Tokens(config.data_dir).intrekken(record.id)
    assert client.get("/v1/praktijkvoorbeelden", headers={"Authorization": f"Bearer {tweede}"}).status_code == 401


def test_generatie_verandert_bij_elke_schrijfactie(tmp_path):
    """The store's write hook and the pointer switch bump the generation (the one place the cache relies on)."""
    from kennisbank.config import Config
    from kennisbank.store import open_inbox, open_store

    config = Config(data_dir=tmp_path / "data")
    gezien = {generatie.current(config.data_dir)}
    store = open_store(config)
    try:
        for schrijf in (lambda: store.add_graph("https://voorbeeld.nl/g", b"<https://voorbeeld.nl/a> <https://voorbeeld.nl/b> \"c\" .\n"),
                        lambda: store.update("INSERT DATA { GRAPH <https://voorbeeld.nl/g> { <https://voorbeeld.nl/a> <https://voorbeeld.nl/b> \"d\" } }"),
                        lambda: store.replace_graph("https://voorbeeld.nl/g", b""),
                        lambda: store.remove_graph("https://voorbeeld.nl/g")):
            schrijf()
            nu = generatie.current(config.data_dir)
            assert nu not in gezien
            gezien.add(nu)
    finally:
        store.close()
    inbox = open_inbox(config)
    try:
        voor = generatie.current(config.data_dir, generatie.INBOX)
        inbox.add_graph("https://voorbeeld.nl/i", b"<https://voorbeeld.nl/a> <https://voorbeeld.nl/b> \"c\" .\n")
        assert generatie.current(config.data_dir, generatie.INBOX) != voor
        assert generatie.current(config.data_dir) in gezien  # the inbox leaves the public generation alone
    finally:
        inbox.close()
