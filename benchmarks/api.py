"""API figures: p50/p95 latency and requests/s of the by-law query, one article, a search and a submission at
10k and 100k cases, each with the raw store (or search/validation) time beside the API time.

Run: `.venv/bin/python -m benchmarks.api [--gevallen 10000 100000] [--n 50]`

Setup per size: a small real source root (ontology, shapes, concept schemes, two laws, one knelpunt) is built;
synthetic laws, knelpunten and published cases (`benchmarks/generator.py`) are bulk-loaded into the embedded
store (not through the API); the search index is built with `kennisbank.zoek.herbouw_index`; the API is
warmed (recogniser index, validator) before anything is timed. Requests go through FastAPI's TestClient
(ASGI in-process: no sockets), sequentially, so requests/s is 1 / mean latency of one client.

Targets: submission p50 ≤ 30 ms independent of graph size; by-law query via the API ≤ 2× the raw store
queries it runs ("opslag": every SPARQL query of `api.regelingen.store_rijen`, results read into rows).

The whole-law answer keeps a law's structure and texts per build and the case counts until the next review
(`api.regelingen.artikelen`): `wet_api` is the usual request, `wet_api_na_publicatie` the first after a
review (counts asked again), `wet_api_na_herbouw` the first after a build (nothing remembered).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

REPO = Path(__file__).resolve().parents[1]
BWB = "BWBR9000003"
PEILDATUM = "2025-01-01"
ARTIKEL = "7a"


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


def _per_query(kb, artikel: str | None, n: int) -> dict[str, dict]:
    """The p50 of every store query of the by-law query, by its name in kennisbank/vragen.py."""
    from api import regelingen

    names = {getattr(kb.q, a): a for a in vars(kb.q) if isinstance(getattr(kb.q, a), str)}
    store = kb.store
    original = store.select
    times: dict[str, list[float]] = {}

    def timed(query, bindings=None):
        t = time.perf_counter()
        rows = original(query, bindings)
        name = names.get(re.sub(r"WHERE \{\n  VALUES \?\w+ \{[^}]*\}", "WHERE {", query, count=1), "?")
        times.setdefault(name, []).append(time.perf_counter() - t)
        return rows

    store.select = timed
    try:
        for _ in range(n):
            regelingen.store_rijen(kb, BWB, PEILDATUM, artikel)
    finally:
        del store.select
    return {k: _stats(v) for k, v in times.items()}


def setup(cases: int, tmp: Path):
    """A built data dir with `cases` synthetic cases bulk-loaded and a search index. Returns (config, token)."""
    sys.path.insert(0, str(REPO / "tests"))
    from api_fixture import maak_bron

    from benchmarks.generator import generate
    from kennisbank.build import build
    from kennisbank.config import Config
    from kennisbank.store import open_store
    from kennisbank.store.swap import current_store_path
    from kennisbank.tokens import Tokens

    config = Config(data_dir=tmp / "data", source_root=maak_bron(tmp / "bron"))
    t = time.perf_counter()
    build(config, reason=False)
    store = ox.Store(str(current_store_path(config.data_dir)))
    store.bulk_extend(generate(cases))  # the bulk loader: synthetic laws, knelpunten and published cases
    store.flush()
    del store
    print(f"  opslag gebouwd en geladen in {time.perf_counter() - t:.1f} s", flush=True)
    try:
        from kennisbank.zoek import herbouw_index

        t = time.perf_counter()
        s = open_store(config)
        try:
            herbouw_index(config, s)
        finally:
            s.close()
        print(f"  zoekindex gebouwd in {time.perf_counter() - t:.1f} s", flush=True)
    except ImportError:
        print("  geen zoekmodule: zoeken wordt niet gemeten")
    _, token = Tokens(config.data_dir).maak("wijkteam", "gm0772")
    return config, token


def run(cases: int, n: int) -> dict:
    from fastapi.testclient import TestClient

    from api import regelingen
    from api.app import create_app
    from kennisbank import inzendingen

    tmp = Path(tempfile.mkdtemp(prefix="kb-api-bench-"))
    try:
        config, token = setup(cases, tmp)
        result: dict = {"gevallen": cases}
        with TestClient(create_app(config)) as client:
            kb = client.app.state.kb
            t = time.perf_counter()
            kb.warm()
            kb.herkenner().index  # noqa: B018 - wait for the background build: it would compete for the GIL
            result["opwarmen_s"] = round(time.perf_counter() - t, 2)

            # the fixed cost of one request through the app (routing, middleware, TestClient), no store access
            result["http_vloer"] = _stats(_time(lambda: client.get("/v1/regelingen/ongeldig"), n))

            # the by-law query: API, raw store queries, assembly
            url = f"/v1/regelingen/{BWB}/artikelen"
            r = client.get(url, params={"peildatum": PEILDATUM})
            assert r.status_code == 200 and r.json()["totaal"] >= 150, r.text[:300]
            result["wet_api"] = _stats(_time(lambda: client.get(url, params={"peildatum": PEILDATUM}), n))
            if hasattr(kb, "bouwgeheugen"):  # the law's structure is kept per build; counts per publication

                def na_publicatie():  # counts asked again, structure from the memo
                    kb.openbaar_gewijzigd()
                    return client.get(url, params={"peildatum": PEILDATUM})

                def na_herbouw():  # nothing from the memo: as the first request after a build
                    kb._geheugen = None
                    return client.get(url, params={"peildatum": PEILDATUM})

                result["wet_api_na_publicatie"] = _stats(_time(na_publicatie, n))
                result["wet_api_na_herbouw"] = _stats(_time(na_herbouw, n))
            result["wet_opslag"] = _stats(_time(lambda: regelingen.store_rijen(kb, BWB, PEILDATUM), n))
            rijen = regelingen.store_rijen(kb, BWB, PEILDATUM)
            result["wet_samenstellen"] = _stats(_time(lambda: regelingen.stel_samen(kb, BWB, rijen, False), n))
            result["wet_per_vraag"] = _per_query(kb, None, max(5, n // 5))

            aurl = f"{url}/{ARTIKEL}"
            assert client.get(aurl, params={"peildatum": PEILDATUM}).status_code == 200
            result["artikel_api"] = _stats(_time(lambda: client.get(aurl, params={"peildatum": PEILDATUM}), n))
            result["artikel_opslag"] = _stats(_time(lambda: regelingen.store_rijen(kb, BWB, PEILDATUM, ARTIKEL), n))
            result["artikel_per_vraag"] = _per_query(kb, ARTIKEL, max(5, n // 5))

            zoek = client.get("/v1/zoekresultaten", params={"q": "bijstand schulden"})
            if zoek.status_code == 200:
                from kennisbank.zoek import zoek as zoek_fn

                result["zoeken_api"] = _stats(_time(lambda: client.get("/v1/zoekresultaten", params={"q": "bijstand schulden"}), n))
                result["zoeken_index"] = _stats(_time(lambda: zoek_fn(config, "bijstand schulden"), n))
            else:
                result["zoeken_api"] = f"niet beschikbaar ({zoek.status_code})"

            h = {"Authorization": f"Bearer {token}"}
            body = {"titel": "Benchmarkcasus", "beschrijving": "Een moeder in de bijstand vangt haar neef op; artikel 22a "
                    "van de Participatiewet verlaagt haar uitkering.", "domeinen": ["inkomen"], "regels": ["art. 2.3.5 Wmo"],
                    "kosten": [{"geldstroom": "participatiewet", "bedrag": 1200, "periode": "per jaar"}]}
            r = client.post("/v1/praktijkvoorbeelden", json=body, headers=h)
            assert r.status_code == 201, r.text
            result["inzending_api"] = _stats(_time(lambda: client.post("/v1/praktijkvoorbeelden", json=body, headers=h), n))
            tok = kb.tokens.controleer(token)
            result["inzending_zonder_http"] = _stats(_time(lambda: inzendingen.dien_in(kb, tok, body), n))
            triples, _ = inzendingen.bouw_rdf(kb, "bench", inzendingen.lees_invoer(body), kb.gemeente_iri("gm0772"),
                                              [kb.iris.artikel("BWBR0015703", "22a")])
            result["inzending_typen_opslag"] = _stats(_time(lambda: kb.type_context(triples), n))
            context = kb.type_context(triples)
            result["inzending_shacl"] = _stats(_time(lambda: kb.inzending_validator.validate(triples, context), n))
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    p = argparse.ArgumentParser(description="Meet de API: wet-vraag, één artikel, zoeken en inzenden.")
    p.add_argument("--gevallen", type=int, nargs="+", default=[10000, 100000])
    p.add_argument("--n", type=int, default=50, help="herhalingen per meting")
    args = p.parse_args()
    for cases in args.gevallen:
        print(f"\n== {cases} praktijkvoorbeelden ==", flush=True)
        r = run(cases, args.n)
        for k, v in r.items():
            if k == "gevallen":
                continue
            if k.endswith("_per_vraag"):
                print(f"{k}:")
                for q, s in v.items():
                    print(f"    {q:34} p50 {s['p50_ms']:8.2f} ms   p95 {s['p95_ms']:8.2f} ms")
            else:
                print(f"{k:24} {v}")
        for naam in ("wet", "artikel"):
            api, raw = r[f"{naam}_api"]["p50_ms"], r[f"{naam}_opslag"]["p50_ms"]
            print(f"{naam + ' api/opslag':24} {api / max(raw, 0.001):.2f}x (doel ≤ 2x): api p50 {api} ms, opslag p50 {raw} ms")
        print(f"{'inzending':24} p50 {r['inzending_api']['p50_ms']} ms (doel ≤ 30 ms)")


if __name__ == "__main__":
    main()
