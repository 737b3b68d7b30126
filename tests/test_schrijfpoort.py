"""One write at a time (api/schrijfpoort.py), on a real server: concurrent writers all get their answer, and a
writer whose upload hangs halfway never holds up the others."""

from __future__ import annotations

import os
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from api_fixture import maak_omgeving
from processen import start_kennisbank, stop

pytestmark = pytest.mark.server


@pytest.fixture
def server(tmp_path):
    config, eindhoven, _, pl = maak_omgeving(tmp_path)
    env = {**os.environ, "KENNISBANK_DATA": str(config.data_dir), "KENNISBANK_BRON": str(config.source_root)}
    env.pop("KENNISBANK_SPARQL_URL", None)
    proc, base = start_kennisbank(env=env)
    port = int(base.rsplit(":", 1)[1])
    try:
        yield base, port, {"Authorization": f"Bearer {eindhoven}"}, {"Authorization": f"Bearer {pl}"}
    finally:
        stop(proc)


def test_gelijktijdige_schrijvers_krijgen_allemaal_antwoord(server):
    base, _, eindhoven, pl = server

    def indienen(i):
        return httpx.post(f"{base}/v1/praktijkvoorbeelden", headers=eindhoven, timeout=120, json={
            "titel": f"Illustratie: gelijktijdig {i}", "beschrijving": "Illustratie. Artikel 22a Pw raakt de opvang."})

    def wijzigen(i):
        return httpx.patch(f"{base}/v1/knelpunten/kostendelersnorm-onderdak", headers=pl, timeout=120,
                           json={"oplossing": f"Illustratie: wijziging {i}."})

    with ThreadPoolExecutor(8) as pool:
        antwoorden = list(pool.map(indienen, range(5))) + list(pool.map(wijzigen, range(3)))
    assert [r.status_code for r in antwoorden] == [201] * 5 + [200] * 3
    assert len({r.json()["id"] for r in antwoorden[:5]}) == 5
    # unauthenticated writes are answered at once, without a turn
    assert httpx.post(f"{base}/v1/praktijkvoorbeelden", json={}, timeout=30).status_code == 401


def test_een_hangende_upload_houdt_niemand_op(server):
    base, port, eindhoven, pl = server
    token = eindhoven["Authorization"]
    with socket.create_connection(("127.0.0.1", port)) as hangend:
        # half a body, then nothing: this writer never finishes its upload
        hangend.sendall(f"POST /v1/praktijkvoorbeelden HTTP/1.1\r\nHost: x\r\nAuthorization: {token}\r\n"
                        "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"titel\": ".encode())
        time.sleep(0.5)
        r = httpx.patch(f"{base}/v1/knelpunten/kostendelersnorm-onderdak", headers=pl, timeout=60,
                        json={"oplossing": "Illustratie: terwijl een ander nog uploadt."})
        assert r.status_code == 200, r.text
        r = httpx.post(f"{base}/v1/praktijkvoorbeelden", headers=eindhoven, timeout=60, json={
            "titel": "Illustratie: ook nu", "beschrijving": "Illustratie. Artikel 22a Pw."})
        assert r.status_code == 201, r.text
