"""A SPARQL flood against a real server: does ordinary API traffic stay responsive?

Run: `.venv/bin/python -m benchmarks.sparql_vloed [--gevallen 1000] [--duur 10] [--rondes 2]`

A real `kennisbank serve` process (as `make run` starts it, default SPARQL settings: 10 s limit, 2 workers,
8 waiting) over a built store with synthetic cases. First `/v1/knelpunten` is timed idle (one client,
sequentially), then again while 100 clients (threads in a separate process, so they do not share the measuring
client's interpreter) flood `/v1/sparql` with an expensive cross join for `--duur` seconds. Two kinds of flood:
- `beleefd`: each client sends its next query as soon as it has an answer and honours Retry-After after a 429;
- `vijandig`: a 429 is retried after 0.2 s, ignoring Retry-After (some 400 requests/s against the server).
The flood's process runs at nice 10 (its clients would not share the server's cores in reality).
Idle and flood phases alternate (`--rondes`), so a background load that drifts during the run (a shared
machine) weighs on the baseline and on the floods alike. Printed: p50/p95 idle and under each flood, their
ratio (goal: p95 under the flood ≤ 3× idle), the flood's status codes, and the server's highest thread count.
On a shared machine the figures are upper bounds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DUUR = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _p(times: list[float], q: float) -> float:
    times = sorted(times)
    return times[min(len(times) - 1, int(q * len(times)))] * 1000


def _meet(client, base: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        r = client.get(f"{base}/v1/knelpunten")
        out.append(time.perf_counter() - t)
        assert r.status_code == 200, r.text
    return out


def vloeier(base: str, duur: float, clients: int, pauze: float | None) -> None:
    """The flood (run in its own process): prints its status counts as one line of JSON at the end. It runs at a
    lower CPU priority: on a real deployment the flood's clients do not share the server's cores."""
    import json
    import os

    import httpx

    os.nice(10)

    statussen: Counter = Counter()
    eind = time.monotonic() + duur

    def vloed():
        with httpx.Client(timeout=120) as fc:
            while time.monotonic() < eind:
                r = fc.get(f"{base}/v1/sparql", params={"query": DUUR})
                statussen[r.status_code] += 1
                if r.status_code == 429:
                    time.sleep(pauze if pauze is not None else float(r.headers.get("retry-after", "1")))

    ts = [threading.Thread(target=vloed) for _ in range(clients)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print(json.dumps(statussen))


def _onder_vloed(c, proc, base: str, duur: float, clients: int, pauze: float | None) -> dict:
    import json
    import subprocess

    from processen import threads

    args = [sys.executable, "-m", "benchmarks.sparql_vloed", "--vloeier", base, "--duur", str(duur + 3),
            "--clients", str(clients)] + (["--pauze", str(pauze)] if pauze is not None else [])
    vloed = subprocess.Popen(args, stdout=subprocess.PIPE, cwd=REPO)
    max_threads = threads(proc.pid)
    time.sleep(2)  # the flood is on
    tijden = []
    eind = time.monotonic() + duur
    while time.monotonic() < eind:
        tijden += _meet(c, base, 5)
        max_threads = max(max_threads, threads(proc.pid))
    uit, _ = vloed.communicate()
    return {"tijden": tijden, "statussen": json.loads(uit.decode().strip().splitlines()[-1]), "max_threads": max_threads}


def _meet_een_tijd(c, base: str, duur: float) -> list[float]:
    tijden = []
    eind = time.monotonic() + duur
    while time.monotonic() < eind:
        tijden += _meet(c, base, 5)
    return tijden


def _wacht_tot_rust(proc, timeout: float = 60) -> None:
    """Until the queries a flood left admitted have ended (their limit) and every worker is idle."""
    from processen import kinderen

    eind = time.monotonic() + timeout
    time.sleep(1)
    while time.monotonic() < eind:
        if all(state in "SI" for state in kinderen(proc.pid).values()):
            return
        time.sleep(0.2)


def run(cases: int, duur: float, rondes: int, clients: int = 100) -> dict:
    """`rondes` rounds of: idle, polite flood, idle, hostile flood (each `duur` seconds of measuring), so a
    background load that drifts during the run weighs on the baseline and the floods alike."""
    import httpx

    from benchmarks.api import setup

    sys.path.insert(0, str(REPO / "tests"))
    from processen import kinderen, start_kennisbank, stop, threads

    with tempfile.TemporaryDirectory() as tmp:
        config, _ = setup(cases, Path(tmp))
        proc, base = start_kennisbank(config)
        try:
            with httpx.Client(timeout=120) as c:
                _meet(c, base, 10)  # warm up
                uitslag = {"idle": [], "beleefd": {"tijden": [], "statussen": Counter(), "max_threads": 0},
                           "vijandig": {"tijden": [], "statussen": Counter(), "max_threads": 0}}
                for _ in range(rondes):
                    for soort, pauze in (("beleefd", None), ("vijandig", 0.2)):
                        uitslag["idle"] += _meet_een_tijd(c, base, duur / 2)
                        v = _onder_vloed(c, proc, base, duur, clients, pauze)
                        _wacht_tot_rust(proc)
                        u = uitslag[soort]
                        u["tijden"] += v["tijden"]
                        u["statussen"].update(v["statussen"])
                        u["max_threads"] = max(u["max_threads"], v["max_threads"])
                uitslag["threads_na"] = threads(proc.pid)
                uitslag["werkers"] = len(kinderen(proc.pid))
                return uitslag
        finally:
            stop(proc)


def main() -> None:
    p = argparse.ArgumentParser(description="Meet /v1/knelpunten tijdens een vloed van dure SPARQL-vragen.")
    p.add_argument("--gevallen", type=int, default=1000)
    p.add_argument("--duur", type=float, default=10.0, help="seconden meten per vloed (de helft in rust ervoor)")
    p.add_argument("--rondes", type=int, default=2, help="rondes van rust, beleefde vloed, rust, vijandige vloed")
    p.add_argument("--clients", type=int, default=100)
    p.add_argument("--vloeier", metavar="URL", help=argparse.SUPPRESS)
    p.add_argument("--pauze", type=float, default=None, help=argparse.SUPPRESS)
    args = p.parse_args(sys.argv[1:] if __name__ == "__main__" else [])
    if args.vloeier:
        vloeier(args.vloeier, args.duur, args.clients, args.pauze)
        return
    r = run(args.gevallen, args.duur, args.rondes, args.clients)
    idle95 = _p(r["idle"], 0.95)
    print(f"{'rondes':30} {args.rondes} × (rust, beleefde vloed, rust, vijandige vloed), {args.clients} vloed-clients")
    print(f"{'knelpunten in rust':30} p50 {_p(r['idle'], 0.5):8.1f} ms   p95 {idle95:8.1f} ms   ({len(r['idle'])} verzoeken)")
    for soort in ("beleefd", "vijandig"):
        v = r[soort]
        p95 = _p(v["tijden"], 0.95)
        print(f"{'knelpunten, vloed ' + soort:30} p50 {_p(v['tijden'], 0.5):8.1f} ms   p95 {p95:8.1f} ms   "
              f"({len(v['tijden'])} verzoeken)  p95/rust {p95 / max(idle95, 0.001):.2f}x (doel ≤ 3x)")
        print(f"{'  statussen van de vloed':30} {dict(v['statussen'])}; server-threads hoogstens {v['max_threads']}")
    print(f"{'na afloop':30} server-threads {r['threads_na']}, SPARQL-werkers {r['werkers']}")


if __name__ == "__main__":
    main()
