"""The suggestion engine "soortgelijke knelpunten" on the judged cases in tests/soortgelijke_knelpunten.yaml.

    .venv/bin/python -m benchmarks.soortgelijk [--toon]

Loads the repository's Turtle files into an in-memory store (no SHACL check, no reasoning), builds the
reference recogniser's index and ranks the knelpunten for every judged case. Prints hit@1 (share of cases whose
judged knelpunt comes first), hit@3, MRR and the time per case; with --toon the rank and the top three per case.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from types import SimpleNamespace

import yaml

from kennisbank.config import Config

GEVALLEN = Path(__file__).resolve().parent.parent / "tests" / "soortgelijke_knelpunten.yaml"


def laad_gevallen() -> list[dict]:
    return yaml.safe_load(GEVALLEN.read_text(encoding="utf-8"))["gevallen"]


def omgeving(config: Config | None = None):
    """A context with the repository's files in an in-memory store: what the engine needs of the server's."""
    from api.herkenning import Herkenner
    from api.queries import Queries
    from kennisbank.bronnen import discover
    from kennisbank.iri import Iris
    from kennisbank.store.embedded import EmbeddedStore

    config = config or Config()
    store = EmbeddedStore(None)
    for bron in discover(config):
        if not bron.is_shapes:
            store.add_graph(bron.graph, bron.text.encode("utf-8"), "text/turtle")
    iris = Iris(config.base_iri)
    ctx = SimpleNamespace(store=store, iris=iris, config=config, q=Queries(iris.kb, iris.base))
    h = Herkenner(ctx, store)
    ctx.herkenner = lambda: h
    return ctx


def beoordeel(ctx, gevallen: list[dict]) -> tuple[dict, list[dict]]:
    from kennisbank.soortgelijk import soortgelijke_knelpunten

    rows = []
    for g in gevallen:
        t0 = time.perf_counter()
        found = soortgelijke_knelpunten(ctx, f"{g['titel']}\n{g['beschrijving']}", maximum=10)
        ms = (time.perf_counter() - t0) * 1000
        ids = [x["id"] for x in found]
        rang = ids.index(g["eerst"]) + 1 if g["eerst"] in ids else None
        rows.append({"titel": g["titel"], "eerst": g["eerst"], "rang": rang, "top": ids[:3], "ms": ms})
    n = max(1, len(rows))
    totals = {"hit@1": sum(1 for r in rows if r["rang"] == 1) / n,
              "hit@3": sum(1 for r in rows if r["rang"] and r["rang"] <= 3) / n,
              "MRR": sum(1 / r["rang"] for r in rows if r["rang"]) / n}
    return totals, rows


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="Soortgelijke knelpunten: hit@1 op de beoordeelde gevallen.")
    ap.add_argument("--toon", action="store_true", help="toon per geval de rang en de eerste drie")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    ctx = omgeving()
    ctx.herkenner().index  # build the recogniser's index outside the timing per case
    laden = time.perf_counter() - t0
    gevallen = laad_gevallen()
    totals, rows = beoordeel(ctx, gevallen)
    ms = sorted(r["ms"] for r in rows)
    print(f"gevallen: {len(rows)}  laden: {laden:.1f} s  (gedeelde machine: bovengrens)")
    print(f"hit@1 {totals['hit@1']:.2f}  hit@3 {totals['hit@3']:.2f}  MRR {totals['MRR']:.2f}")
    print(f"per geval: mediaan {ms[len(ms) // 2]:.0f} ms, eerste (met laden profielen) {rows[0]['ms']:.0f} ms")
    if args.toon:
        for r in rows:
            print(f"  {r['rang'] or '-':>2}  {r['eerst']:<40} {', '.join(r['top'])}")


if __name__ == "__main__":
    main()
