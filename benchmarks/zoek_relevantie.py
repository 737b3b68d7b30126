"""Relevance of the search on the kennisbank's own data: the judged queries in tests/zoekvragen.yaml.

    .venv/bin/python -m benchmarks.zoek_relevantie [--toon]

Loads the repository's Turtle files into an in-memory store (no SHACL check, no reasoning: the search reads
only asserted triples), builds the search index and runs every judged query. Prints hit@10, MRR and nDCG@10
(goals: hit@10 >= 0.9, MRR >= 0.7) and, with --toon, the rank of the answers per query.

- hit@10: share of queries with at least one `moet` document in the first ten;
- MRR: mean of 1 / rank of the first `moet` document (0 when it is not in the first ten);
- nDCG@10: graded (`moet` 2, `ook` 1) against the ideal order of the judged documents.
"""

from __future__ import annotations

import argparse
import math
import tempfile
import time
from pathlib import Path

import yaml

from kennisbank.config import Config
from kennisbank.zoek import herbouw_index, zoek

VRAGEN = Path(__file__).resolve().parent.parent / "tests" / "zoekvragen.yaml"
K = 10


def laad_vragen(pad: Path = VRAGEN) -> list[dict]:
    return yaml.safe_load(pad.read_text(encoding="utf-8"))


def bouw(data_dir: Path, config: Config | None = None):
    """An in-memory store with the repository's files and a search index built from it; returns (config, store)."""
    from kennisbank.bronnen import discover
    from kennisbank.store.embedded import EmbeddedStore

    config = Config(data_dir=data_dir) if config is None else config
    store = EmbeddedStore(None)
    for bron in discover(config):
        if bron.is_shapes:
            continue
        store.add_graph(bron.graph, bron.text.encode("utf-8"), "text/turtle")
    herbouw_index(config, store)
    return config, store


def sleutel(iri: str, base: str) -> str:
    """`…/id/knelpunt/x` -> `knelpunt/x`; `…/id/regeling/BWBR…/artikel/22a` -> `artikel/BWBR…/22a`."""
    rest = iri[len(base.rstrip("/") + "/id/"):] if iri.startswith(base) else iri
    parts = rest.split("/")
    if parts[0] == "regeling" and len(parts) >= 4 and parts[2] == "artikel":
        return f"artikel/{parts[1]}/{'/'.join(parts[3:])}"
    return rest


def beoordeel(config: Config, vragen: list[dict]) -> tuple[dict, list[dict]]:
    """(totals {"hit@10", "MRR", "nDCG@10"}, per query {vraag, rang, gevonden, ndcg, ms})."""
    rows = []
    for v in vragen:
        moet, ook = set(v["moet"]), set(v.get("ook") or [])
        t0 = time.perf_counter()
        r = zoek(config, v["vraag"], per_pagina=K, log=False)
        ms = (time.perf_counter() - t0) * 1000
        keys = [sleutel(t.iri, config.base_iri) for t in r.treffers]
        rang = next((i + 1 for i, k in enumerate(keys) if k in moet), None)
        gains = [2 if k in moet else 1 if k in ook else 0 for k in keys]
        dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
        ideal = sorted([2] * len(moet) + [1] * len(ook), reverse=True)[:K]
        idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
        rows.append({"vraag": v["vraag"], "rang": rang, "ndcg": dcg / idcg if idcg else 0.0, "gevonden": keys,
                     "totaal": r.totaal, "ms": ms})
    n = len(rows) or 1
    totals = {
        "hit@10": sum(1 for r in rows if r["rang"]) / n,
        "MRR": sum(1 / r["rang"] for r in rows if r["rang"]) / n,
        "nDCG@10": sum(r["ndcg"] for r in rows) / n,
    }
    return totals, rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--toon", action="store_true", help="per vraag de rang van het antwoord en de eerste treffers")
    args = ap.parse_args()
    vragen = laad_vragen()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        config, store = bouw(Path(tmp))
        print(f"kennisbank uit de bronbestanden geladen en zoekindex gebouwd: {time.perf_counter() - t0:.1f} s")
        zoek(config, "opwarmen", log=False)
        totals, rows = beoordeel(config, vragen)
        store.close()
    for r in rows:
        if args.toon or not r["rang"] or r["rang"] > 3:
            print(f"  rang {r['rang'] or '-':>2}  nDCG {r['ndcg']:.2f}  {r['vraag']!r}  ({r['totaal']} treffers)")
            if args.toon or not r["rang"]:
                for k in r["gevonden"][:5]:
                    print(f"           {k}")
    print(f"{len(rows)} beoordeelde vragen: hit@10 {totals['hit@10']:.3f} (doel >= 0.9), MRR {totals['MRR']:.3f} "
          f"(doel >= 0.7), nDCG@10 {totals['nDCG@10']:.3f}")


if __name__ == "__main__":
    main()
