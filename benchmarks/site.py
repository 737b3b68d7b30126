"""Site benchmark: full static build of the shipped content and of synthetic data, and one incremental update.

    .venv/bin/python -m benchmarks.site [--gevallen 10000]

1. The repository's own content (built without the reasoner into a temporary data folder).
2. The same plus `--gevallen` synthetic published cases shaped like the model (benchmarks/generator.py).
3. After 2: one more published case, and the time `werk_site_bij` takes to update the pages it touches.
Target: full build <= 60 s on 2 cores for 10k cases.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

REPO = Path(__file__).resolve().parent.parent


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def meet(cases: int) -> dict:
    from benchmarks.generator import generate
    from kennisbank.build import build
    from kennisbank.config import Config
    from kennisbank.iri import Iris
    from kennisbank.site import bouw_site, werk_site_bij
    from kennisbank.store import open_store

    tmp = Path(tempfile.mkdtemp(prefix="kb-site-bench-"))
    out = {}
    try:
        config = Config(data_dir=tmp / "data", source_root=REPO)
        build(config, reason=False)
        store = open_store(config)
        try:
            r = bouw_site(config, store, tmp / "site-eigen")
            out["eigen_inhoud"] = {"seconden": r["seconden"], "bestanden": r["bestanden"],
                                   "MB": round(_size(tmp / "site-eigen") / 1e6, 1)}
            t = time.perf_counter()
            store.update("INSERT DATA { GRAPH <urn:bench> { <urn:x> <urn:y> <urn:z> } }")  # warm the write path
            quads = list(generate(cases))
            for q in range(0, len(quads), 50000):
                chunk = quads[q:q + 50000]
                by_graph: dict = {}
                for qd in chunk:
                    by_graph.setdefault(qd.graph_name.value, []).append(qd.triple)
                for g, ts in by_graph.items():
                    store.add_graph(g, ox.serialize(ts, format=ox.RdfFormat.N_TRIPLES))
            out["laden_synthetisch_s"] = round(time.perf_counter() - t, 1)
            r = bouw_site(config, store, config.data_dir / "site")
            out[f"met_{cases}_gevallen"] = {"seconden": r["seconden"], "bestanden": r["bestanden"],
                                            "MB": round(_size(config.data_dir / "site") / 1e6, 1),
                                            "praktijkvoorbeelden": r["praktijk"]}
            iris = Iris(config.base_iri)
            case = iris.praktijkvoorbeeld("bench-1")
            kb = iris.term
            N, L = ox.NamedNode, ox.Literal
            triples = [ox.Triple(N(case), N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), N(kb("Praktijkvoorbeeld"))),
                       ox.Triple(N(case), N("http://purl.org/dc/terms/title"), L("Benchmarkgeval", language="nl")),
                       ox.Triple(N(case), N("http://purl.org/dc/terms/description"), L("Een huishouden.", language="nl")),
                       ox.Triple(N(case), N(kb("gemeente")), N("https://identifier.overheid.nl/tooi/id/gemeente/gm0772")),
                       ox.Triple(N(case), N(kb("betreftBepaling")), N(iris.artikel("BWBR0015703", "22a"))),
                       ox.Triple(N(case), N(kb("ondersteunt")), N(iris.knelpunt("kostendelersnorm-onderdak")))]
            store.replace_graph(iris.submission_graph("bench-1"), ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
            r = werk_site_bij(config, store, [case])
            out["bijwerken_na_publicatie"] = r
        finally:
            store.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gevallen", type=int, default=10000)
    args = ap.parse_args()
    print(json.dumps(meet(args.gevallen), indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
