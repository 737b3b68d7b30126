"""API figures: p50/p95 latency and requests/s of the by-law query, a search and a submission at 10k and 100k
cases, with the raw store query time beside the API time.

Run: `.venv/bin/python -m benchmarks.api [--gevallen 10000 100000] [--n 50]`
Targets: submission p50 ≤ 30 ms independent of graph size; by-law query via the API ≤ 2× the raw store queries.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

REPO = Path(__file__).resolve().parents[1]


def _stats(times: list[float]) -> dict:
    times = sorted(times)
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))] * 1000
    return {"p50_ms": round(p(0.5), 2), "p95_ms": round(p(0.95), 2), "per_s": round(len(times) / sum(times), 1)}


def _time(fn, n: int) -> list[float]:
    fn()  # warm up
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def run(cases: int, n: int) -> dict:
    sys.path.insert(0, str(REPO / "tests"))
    from api_fixture import maak_bron
    from fastapi.testclient import TestClient

    from api.app import create_app
    from benchmarks.generator import generate
    from kennisbank.build import build
    from kennisbank.config import Config
    from kennisbank.store.swap import current_store_path
    from kennisbank.tokens import Tokens

    tmp = Path(tempfile.mkdtemp(prefix="kb-api-bench-"))
    try:
        config = Config(data_dir=tmp / "data", source_root=maak_bron(tmp / "bron"))
        build(config, reason=False)
        store = ox.Store(str(current_store_path(config.data_dir)))
        store.bulk_extend(generate(cases))  # synthetic laws, knelpunten and published cases
        store.flush()
        del store
        _, token = Tokens(config.data_dir).maak("wijkteam", "gm0772")
        result = {"gevallen": cases}
        with TestClient(create_app(config)) as client:
            kb = client.app.state.kb
            from api import regelingen

            bwb = "BWBR9000003"
            url = f"/v1/regelingen/{bwb}/artikelen?peildatum=2025-01-01"
            assert client.get(url).status_code == 200
            result["wet_api"] = _stats(_time(lambda: client.get(url), n))
            result["wet_opslag"] = _stats(_time(lambda: regelingen.artikelen(kb, bwb, "2025-01-01"), n))
            result["artikel_api"] = _stats(_time(lambda: client.get(f"/v1/regelingen/{bwb}/artikelen/7a"), n))
            zoek = client.get("/v1/zoekresultaten", params={"q": "kostendelersnorm"})
            if zoek.status_code == 200:
                result["zoeken_api"] = _stats(_time(lambda: client.get("/v1/zoekresultaten", params={"q": "bijstand schulden"}), n))
            else:
                result["zoeken_api"] = f"niet beschikbaar ({zoek.status_code})"
            h = {"Authorization": f"Bearer {token}"}
            body = {"titel": "Benchmarkcasus", "beschrijving": "Een moeder in de bijstand vangt haar neef op; artikel 22a "
                    "van de Participatiewet verlaagt haar uitkering.", "domeinen": ["inkomen"], "regels": ["art. 2.3.5 Wmo"]}
            assert client.post("/v1/praktijkvoorbeelden", json=body, headers=h).status_code == 201
            result["inzending_api"] = _stats(_time(lambda: client.post("/v1/praktijkvoorbeelden", json=body, headers=h), n))
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    p = argparse.ArgumentParser(description="Meet de API: wet-vraag, zoeken en inzenden.")
    p.add_argument("--gevallen", type=int, nargs="+", default=[10000, 100000])
    p.add_argument("--n", type=int, default=50, help="herhalingen per meting")
    args = p.parse_args()
    for cases in args.gevallen:
        r = run(cases, args.n)
        print(f"\n== {cases} praktijkvoorbeelden ==")
        for k, v in r.items():
            if k != "gevallen":
                print(f"{k:16} {v}")
        if isinstance(r.get("wet_api"), dict):
            ratio = r["wet_api"]["p50_ms"] / max(r["wet_opslag"]["p50_ms"], 0.001)
            print(f"{'wet api/opslag':16} {ratio:.2f}x (doel ≤ 2x); inzending p50 {r['inzending_api']['p50_ms']} ms (doel ≤ 30 ms)")


if __name__ == "__main__":
    main()
