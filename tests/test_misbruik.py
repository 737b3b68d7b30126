"""Crash and abuse suite (issue 9), against real server processes started as `make run` starts them.

- the three SPARQL nesting bombs that used to segfault the server: refused with 400, server alive;
- a SPARQL flood: the API still answers; the flood gets only 200/429/504; the threads stay bounded; timed-out
  queries really stop (their workers are killed);
- a slow SPARQL POST does not hold up other requests (no blocking call on the event loop);
- requests in flight while `kennisbank build` switches the store all get 200;
- the same Idempotency-Key sent concurrently with different bodies: one 201, the others 409;
- 20 concurrent submitters, `kill -9` of the server, restart: no acknowledged submission lost or doubled.

No timing assertions: speed is measured in benchmarks/sparql_vloed.py.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from api_fixture import bouw, maak_omgeving
from processen import kinderen, start_kennisbank, stop, threads

pytestmark = [pytest.mark.misbruik, pytest.mark.server]

WERKERS, WACHTRIJ = 2, 4
SERVER_ENV = {"KENNISBANK_SPARQL_TIMEOUT": "3", "KENNISBANK_SPARQL_WERKERS": str(WERKERS),
              "KENNISBANK_SPARQL_WACHTRIJ": str(WACHTRIJ)}

BOMMEN = {
    "haakjes": "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "accolades": "SELECT * WHERE " + "{" * 10000 + "}" * 10000,
    "ontkenningen": "SELECT * WHERE { FILTER(" + "!" * 10000 + "true) }",
}
#: A cross join over every triple, counted: runs far past any limit, without producing output meanwhile.
DUUR = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
KLEIN = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    config, eindhoven, _, pl = maak_omgeving(tmp_path_factory.mktemp("misbruik"))
    proc, base = start_kennisbank(config, **SERVER_ENV)
    try:
        yield {"proc": proc, "base": base, "config": config, "wijkteam": eindhoven, "pl": pl}
    finally:
        stop(proc)


def _levend(base: str) -> bool:
    return httpx.get(f"{base}/v1/gezondheid", timeout=10).status_code == 200


def _probleem(r: httpx.Response, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    return r.json()


@pytest.mark.parametrize("naam", list(BOMMEN))
def test_nestingbom_geeft_400_en_de_server_leeft(server, naam):
    base = server["base"]
    r = httpx.get(f"{base}/v1/sparql", params={"query": BOMMEN[naam]}, timeout=30)
    p = _probleem(r, 400)
    assert "te diep genest" in p["errors"][0]["detail"]
    r = httpx.post(f"{base}/v1/sparql", content=BOMMEN[naam], headers={"Content-Type": "application/sparql-query"},
                   timeout=30)
    _probleem(r, 400)
    assert server["proc"].poll() is None and _levend(base)
    r = httpx.get(f"{base}/v1/sparql", params={"query": KLEIN}, timeout=30)
    assert r.status_code == 200 and r.json()["results"]["bindings"]


def test_trage_sparql_post_houdt_andere_verzoeken_niet_op(server):
    """While a slow POST query runs (until its 3 s limit), a GET is answered: it finishes before the POST."""
    base = server["base"]
    klaar = {}

    def traag():
        r = httpx.post(f"{base}/v1/sparql", content=DUUR, headers={"Content-Type": "application/sparql-query"},
                       timeout=60)
        klaar["post"] = (time.monotonic(), r.status_code)

    t = threading.Thread(target=traag)
    t.start()
    time.sleep(0.3)  # the POST is admitted and running in a worker
    r = httpx.get(f"{base}/v1/regelingen", timeout=60)
    get_klaar = time.monotonic()
    t.join()
    assert r.status_code == 200
    assert klaar["post"][1] == 504
    assert get_klaar < klaar["post"][0], "de GET moest wachten tot de trage SPARQL-vraag klaar was"


def test_sparql_vloed_api_blijft_antwoorden(server):
    base, pid = server["base"], server["proc"].pid
    stop_polling = threading.Event()
    api_status: list[int] = []

    def poll():
        with httpx.Client(timeout=60) as c:
            while not stop_polling.is_set():
                api_status.append(c.get(f"{base}/v1/knelpunten").status_code)

    def vraag(_):
        r = httpx.get(f"{base}/v1/sparql", params={"query": DUUR}, timeout=60)
        return r.status_code, r.headers.get("content-type", ""), r.headers.get("retry-after")

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        with ThreadPoolExecutor(100) as pool:
            uitkomsten = list(pool.map(vraag, range(100)))
    finally:
        stop_polling.set()
        poller.join()
    statussen = [s for s, _, _ in uitkomsten]
    assert set(statussen) <= {429, 504}, statussen  # nothing else: no 500, no crash, no result
    assert statussen.count(429) >= 100 - 2 * (WERKERS + WACHTRIJ)  # the queue is bounded
    assert all(ct.startswith("application/problem+json") for _, ct, _ in uitkomsten)
    assert all(ra and ra.isdigit() for s, _, ra in uitkomsten if s == 429)
    assert api_status and set(api_status) == {200}, api_status
    assert server["proc"].poll() is None and _levend(base)
    # bounded threads: the default pool (40) + the SPARQL limiter + a few of our own
    assert threads(pid) <= 40 + WERKERS + WACHTRIJ + 15, threads(pid)
    # a timed-out query really stops: soon after the flood no worker is computing, and there are no more workers
    deadline = time.monotonic() + 15
    while True:
        werkers = kinderen(pid)
        if len(werkers) <= WERKERS and all(state in "SI" for state in werkers.values()):
            break
        assert time.monotonic() < deadline, f"werkers rekenen nog door na hun time-out: {werkers}"
        time.sleep(0.2)
    r = httpx.get(f"{base}/v1/sparql", params={"query": KLEIN}, timeout=30)
    assert r.status_code == 200


def test_verzoeken_tijdens_een_build_krijgen_200(server):
    """Requests in flight while `kennisbank build` switches the store (twice) all succeed."""
    base, config = server["base"], server["config"]
    paden = ["/v1/knelpunten", "/v1/regelingen/BWBR0015703/artikelen/22a", "/v1/knelpunten/kostendelersnorm-onderdak",
             "/v1/praktijkvoorbeelden", "/id/knelpunt/kostendelersnorm-onderdak"]
    stoppen = threading.Event()
    fouten: list[tuple[str, int, str]] = []
    aantal = [0]

    def lezer(i):
        with httpx.Client(timeout=60, follow_redirects=True) as c:
            while not stoppen.is_set():
                pad = paden[(aantal[0] + i) % len(paden)]
                r = c.get(base + pad, headers={"Accept": "application/json"})
                aantal[0] += 1
                if r.status_code != 200:
                    fouten.append((pad, r.status_code, r.text[:300]))

    lezers = [threading.Thread(target=lezer, args=(i,)) for i in range(4)]
    for t in lezers:
        t.start()
    try:
        for _ in range(2):
            bouw(config.source_root, config.data_dir)  # a new store folder, pointer switched
            time.sleep(2.5)  # the server checks the pointer every 2 s
    finally:
        stoppen.set()
        for t in lezers:
            t.join()
    assert aantal[0] > 10
    assert not fouten, fouten[:5]
    r = httpx.get(f"{base}/v1/sparql", params={"query": KLEIN}, timeout=30)  # SPARQL workers follow the switch
    assert r.status_code == 200


def _code(n: int) -> str:
    return chr(ord("a") + n // 26) + chr(ord("a") + n % 26)


def _inzending(titel: str) -> dict:
    return {"titel": titel, "beschrijving": "Een illustratie: artikel 22a Pw raakt de opvang van een dakloze."}


def test_idempotency_key_gelijktijdig_met_andere_inhoud_geeft_409(server):
    base, auth = server["base"], {"Authorization": f"Bearer {server['wijkteam']}"}
    for proef in range(6):
        sleutel = f"gelijktijdig-{proef}-{time.time_ns()}"
        start = threading.Barrier(4)

        def stuur(i):
            start.wait()
            titel = f"Gelijktijdig {_code(proef)} variant {_code(i)}"
            return httpx.post(f"{base}/v1/praktijkvoorbeelden", json=_inzending(titel),
                              headers={**auth, "Idempotency-Key": sleutel}, timeout=60)

        with ThreadPoolExecutor(4) as pool:
            antwoorden = list(pool.map(stuur, range(4)))
        statussen = sorted(r.status_code for r in antwoorden)
        assert statussen == [201, 409, 409, 409], [(r.status_code, r.text[:200]) for r in antwoorden]
        for r in antwoorden:
            if r.status_code == 409:
                assert "Idempotency-Key" in _probleem(r, 409)["detail"]
    # the same body sent concurrently: one submission, the same answer for all
    sleutel = f"zelfde-{time.time_ns()}"
    start = threading.Barrier(4)

    def zelfde(_):
        start.wait()
        return httpx.post(f"{base}/v1/praktijkvoorbeelden", json=_inzending("Zelfde inhoud"),
                          headers={**auth, "Idempotency-Key": sleutel}, timeout=60)

    with ThreadPoolExecutor(4) as pool:
        antwoorden = list(pool.map(zelfde, range(4)))
    assert {r.status_code for r in antwoorden} == {201}
    assert len({r.json()["id"] for r in antwoorden}) == 1


def _leeft(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _inbox_titels(base: str, pl: str) -> list[str]:
    titels, pagina = [], 1
    while True:
        r = httpx.get(f"{base}/v1/praktijkvoorbeelden", params={"status": "ingediend", "paginaGrootte": 100,
                                                                "pagina": pagina},
                      headers={"Authorization": f"Bearer {pl}"}, timeout=60)
        assert r.status_code == 200, r.text
        body = r.json()
        titels += [p["titel"] for p in body["praktijkvoorbeelden"]]
        if len(titels) >= body["totaal"] or not body["praktijkvoorbeelden"]:
            return titels
        pagina += 1


def test_kill_9_verliest_of_verdubbelt_geen_bevestigde_inzending(tmp_path):
    """20 submitters (each retries with its Idempotency-Key, as a client should); the server is killed with
    SIGKILL half-way and started again. Every acknowledged submission is there exactly once."""
    config, eindhoven, _, pl = maak_omgeving(tmp_path)
    proc, base = start_kennisbank(config, **SERVER_ENV)
    auth = {"Authorization": f"Bearer {eindhoven}"}
    per_indiener, indieners = 3, 20
    bevestigd: dict[str, str] = {}  # title -> id
    lock = threading.Lock()
    huidige_base = [base]
    server_op = threading.Event()  # cleared while the server is down: clients wait instead of spinning
    server_op.set()
    afgebroken = threading.Event()

    def indiener(n):
        with httpx.Client(timeout=60) as c:
            for k in range(per_indiener):
                titel = f"Casus {_code(k)} van indiener {_code(n)}"  # no digits: never mistaken for personal data
                sleutel = f"indiener-{n}-{k}"
                while not afgebroken.is_set():
                    server_op.wait(5)
                    try:
                        r = c.post(f"{huidige_base[0]}/v1/praktijkvoorbeelden", json=_inzending(titel),
                                   headers={**auth, "Idempotency-Key": sleutel})
                    except httpx.TransportError:
                        time.sleep(0.2)  # the server is down: try again later with the same key
                        continue
                    if r.status_code == 201:
                        with lock:
                            assert bevestigd.setdefault(titel, r.json()["id"]) == r.json()["id"]
                        break
                    assert r.status_code < 500 or r.status_code == 503, r.text
                    time.sleep(0.2)

    try:
        assert httpx.get(f"{base}/v1/sparql", params={"query": KLEIN}, timeout=30).status_code == 200
        werkers = set(kinderen(proc.pid))  # the SPARQL worker(s) of the server that will be killed
        assert werkers
        with ThreadPoolExecutor(indieners) as pool:
            futures = [pool.submit(indiener, n) for n in range(indieners)]
            try:
                deadline = time.monotonic() + 90
                while len(bevestigd) < indieners and time.monotonic() < deadline:
                    time.sleep(0.05)
                voor_kill = len(bevestigd)
                server_op.clear()
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
                deadline = time.monotonic() + 10  # its workers die with it
                while any(_leeft(w) for w in werkers):
                    assert time.monotonic() < deadline, "SPARQL-werkers leven door na kill -9 van de server"
                    time.sleep(0.1)
                proc, huidige_base[0] = start_kennisbank(config, **SERVER_ENV)
                server_op.set()
                for f in futures:
                    f.result(timeout=180)
            finally:
                afgebroken.set()  # never leave clients retrying against a server that is gone
                server_op.set()
        assert 0 < voor_kill < indieners * per_indiener  # the kill came half-way
        assert len(bevestigd) == indieners * per_indiener
        titels = _inbox_titels(huidige_base[0], pl)
        for titel in bevestigd:
            assert titels.count(titel) == 1, (titel, titels.count(titel))
        # the killed server's SPARQL checkpoints are cleared by the next one
        assert httpx.get(f"{huidige_base[0]}/v1/sparql", params={"query": KLEIN}, timeout=30).status_code == 200
        kopieen = {p.name.split("-")[0] for p in (config.data_dir / "sparql-kopieen").iterdir()}
        assert kopieen == {str(proc.pid)}
    finally:
        stop(proc)
