"""Foundation figures: store load time and peak memory (10k/100k cases, both backends), by-law query
latency, build time of the shipped content (cold and cached), and SHACL time of the whole graph.

Run: `.venv/bin/python -m benchmarks.fundament [--gevallen 10000 100000] [--snel]`
Each load runs in its own process so peak memory (max RSS) is that load's alone.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable


def _child(code: str, *args: str, env: dict | None = None) -> dict:
    out = subprocess.run([PY, "-c", code, *args], capture_output=True, text=True, cwd=REPO,
                         env={**os.environ, **(env or {})})
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


LOAD_EMBEDDED = r"""
import json, resource, sys, time
import pyoxigraph as ox
nq, path = sys.argv[1], sys.argv[2]
t = time.perf_counter()
s = ox.Store(path)
s.bulk_load(path=nq, format=ox.RdfFormat.N_QUADS)
s.flush()
load = time.perf_counter() - t
print(json.dumps({"seconden": load, "triples": len(s), "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

QUERY = r"""
import json, statistics, sys, time
from kennisbank.config import Config
from kennisbank.store import open_store
from kennisbank.store.embedded import EmbeddedStore
import pyoxigraph as ox
mode, where = sys.argv[1], sys.argv[2]
if mode == "embedded":
    store = EmbeddedStore(where, read_only=True)
else:
    store = open_store(Config(sparql_url=where))
KB = "https://kennisbank.botsenderegels.nl/def/kb#"
reg = ox.NamedNode("https://kennisbank.botsenderegels.nl/id/regeling/BWBR9000003")
shapes = {
  "via kb:regeling (index op wet)": f'''SELECT ?k ?b WHERE {{ ?b <{KB}regeling> ?r . ?c <{KB}bepaling> ?b . ?k <{KB}citeert> ?c }}''',
  "via eli:is_part_of+ (pad)": f'''SELECT ?k ?b WHERE {{ ?k <{KB}citeert> ?c . ?c <{KB}bepaling> ?b . ?b <http://data.europa.eu/eli/ontology#is_part_of>+ ?r }}''',
}
out = {}
for name, q in shapes.items():
    times = []
    for i in range(12):
        t = time.perf_counter()
        rows = store.select(q, {"r": reg})
        times.append((time.perf_counter() - t) * 1000)
    out[name] = {"p50_ms": statistics.median(times[2:]), "rijen": len(rows)}
print(json.dumps(out))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _oxigraph_bin() -> str:
    cand = Path(sys.executable).parent / "oxigraph"
    return str(cand) if cand.exists() else (shutil.which("oxigraph") or "oxigraph")


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def bench_load(cases: int, tmp: Path) -> dict:
    from benchmarks.generator import generate
    import pyoxigraph as ox

    nq = tmp / f"gevallen-{cases}.nq"
    t = time.perf_counter()
    with open(nq, "wb") as fh:
        ox.serialize(generate(cases), fh, format=ox.RdfFormat.N_QUADS)
    gen = time.perf_counter() - t
    res: dict = {"gevallen": cases, "genereren_s": round(gen, 1), "nquads_mb": round(nq.stat().st_size / 2**20, 1)}

    emb = _child(LOAD_EMBEDDED, str(nq), str(tmp / f"emb-{cases}"))
    res["ingebouwd"] = {"laden_s": round(emb["seconden"], 2), "triples": emb["triples"],
                        "piekgeheugen_mb": round(emb["max_rss_mb"])}
    q = _child(QUERY, "embedded", str(tmp / f"emb-{cases}"))
    res["ingebouwd"]["per_wet_vraag"] = q

    port = _free_port()
    loc = tmp / f"srv-{cases}"
    proc = subprocess.Popen([_oxigraph_bin(), "serve", "--location", str(loc), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import httpx

        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                httpx.get(base + "/query", params={"query": "ASK {}"}, timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        t = time.perf_counter()
        with open(nq, "rb") as fh:
            r = httpx.post(base + "/store", content=fh, headers={"Content-Type": "application/n-quads"},
                           timeout=600)
        r.raise_for_status()
        load = time.perf_counter() - t
        res["sparql_server"] = {"laden_s": round(load, 2), "piekgeheugen_server_mb": round(_rss_mb(proc.pid))}
        res["sparql_server"]["per_wet_vraag"] = _child(QUERY, "remote", base + "/query")
    finally:
        proc.terminate()
        proc.wait(10)
    return res


BUILD = r"""
import json, resource, sys, time
from kennisbank.build import build
from kennisbank.config import Config
cfg = Config.from_env()
r = build(cfg)
print(json.dumps({"seconden": r.seconds, "bestanden": r.files, "triples": r.triples,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

SHACL = r"""
import json, time
from pyshacl import validate
from kennisbank.bronnen import discover, parse, to_rdflib
from kennisbank.config import Config
files = discover(Config.from_env())
shapes = next(f for f in files if f.is_shapes)
import rdflib
sg = rdflib.Graph().parse(data=shapes.text, format="turtle")
triples = [t for f in files if not f.is_shapes for t in parse(f)]
g = to_rdflib(triples)
t = time.perf_counter()
conforms, _, _ = validate(g, shacl_graph=sg, inference="none", advanced=True)
print(json.dumps({"seconden": time.perf_counter() - t, "triples": len(g), "conform": conforms}))
"""


def bench_build(tmp: Path) -> dict:
    env = {"KENNISBANK_DATA": str(tmp / "bouw")}
    cold = _child(BUILD, env=env)
    warm = _child(BUILD, env=env)
    shacl = _child(SHACL, env=env)
    return {"koud": cold, "met_cache": warm, "shacl_hele_graaf": shacl}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description="Meet laadtijd, geheugen, bouwtijd en SHACL-tijd.")
    p.add_argument("--gevallen", type=int, nargs="*", default=[10_000, 100_000])
    p.add_argument("--zonder-bouw", action="store_true", help="sla de bouw van de meegeleverde inhoud over")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as d:
        tmp = Path(d)
        for n in args.gevallen:
            print(json.dumps(bench_load(n, tmp), ensure_ascii=False, indent=1))
        if not args.zonder_bouw:
            print(json.dumps({"meegeleverde_inhoud": bench_build(tmp)}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
