"""Benchmark of the reference recogniser: `.venv/bin/python -m benchmarks.herken`.

Prints
- index build time from the repository's regels/*.ttl and normbegrippen (cold, and warm from the cache);
- recognition throughput in sentences per second with that real index, over the test sentences, the seed
  articles (split into sentences) and the article citations of the knelpunten corpus, when those are present;
- precision and recall on tests/herken_zinnen.yaml against the test fixture (the numbers the tests assert)
  and against the real index (informative: it depends on which regelingen have been imported).
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

from kennisbank.config import Config
from kennisbank.regels.herken import herken
from kennisbank.regels.herken_index import index_uit_bestanden, index_uit_bronnen, wis_cache

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _sleutel(d) -> tuple:
    s = lambda v: None if v is None else str(v)  # noqa: E731
    return (s(d.get("regeling")), s(d.get("artikel")), s(d.get("lid")), s(d.get("onderdeel")), d.get("status") or "gevonden")


def precisie_recall(index, zinnen) -> tuple[float, float, int, int, int]:
    tp = n_found = n_want = 0
    for z in zinnen:
        got = Counter(_sleutel(v.als_dict()) for v in herken(z["zin"], index, regeling=z.get("regeling"),
                                                               peildatum=z.get("peildatum")))
        want = Counter(_sleutel(d) for d in z["verwacht"])
        tp += sum((got & want).values())
        n_found += sum(got.values())
        n_want += sum(want.values())
    return (tp / n_found if n_found else 1.0), (tp / n_want if n_want else 1.0), tp, n_found, n_want


def _zinnen_uit(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z‘“\"'])|\n+", text) if len(s.strip()) > 3]


def main() -> int:
    zinnen = yaml.safe_load((ROOT / "tests" / "herken_zinnen.yaml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        config = Config.from_env({"KENNISBANK_DATA": tmp})
        wis_cache()
        t = time.perf_counter()
        index = index_uit_bronnen(config)
        koud = time.perf_counter() - t
        wis_cache()
        t = time.perf_counter()
        index_uit_bronnen(config)  # from the pickle cache on disk
        warm = time.perf_counter() - t
    n_art = sum(len(r.artikelen) for r in index.regelingen.values())
    print(f"Index uit regels/: {len(index)} regelingen, {n_art} artikelen, {len(index.begrippen)} normbegrippen; "
          f"opbouw {koud * 1000:.0f} ms, uit cache {warm * 1000:.0f} ms")

    teksten = [z["zin"] for z in zinnen]
    for f in sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []:
        teksten += _zinnen_uit(f.read_text(encoding="utf-8"))
    corpus = SHARED / "corpus" / "knelpunten-bronnen.yaml"
    if corpus.is_file():
        for kp in yaml.safe_load(corpus.read_text(encoding="utf-8")) or []:
            for r in kp.get("regels", []) or []:
                teksten.append(f"{r.get('artikel', '')} {r.get('wet', '')}")
    herken(teksten[0], index)  # compile the name patterns once
    rounds = max(1, 20000 // len(teksten))
    t = time.perf_counter()
    gevonden = 0
    for _ in range(rounds):
        for s in teksten:
            gevonden += len(herken(s, index))
    dt = time.perf_counter() - t
    n = rounds * len(teksten)
    snel = f"{n / dt:,.0f}".replace(",", ".")
    print(f"Doorvoer: {snel} zinnen/s ({n} zinnen in {len(teksten)} verschillende, gemiddeld "
          f"{sum(map(len, teksten)) / len(teksten):.0f} tekens; {gevonden / rounds:.0f} verwijzingen per ronde)")

    fixture = index_uit_bestanden([ROOT / "tests" / "fixtures" / "herken_regels.ttl",
                                   ROOT / "ontologie" / "begrippen" / "normbegrippen.ttl"], Config.from_env({}))
    p, r, tp, nf, nw = precisie_recall(fixture, zinnen)
    print(f"Testzinnen ({len(zinnen)}, testfixture): precisie {p:.3f}, recall {r:.3f} ({tp} goed van {nf} gevonden, {nw} verwacht)")
    p, r, tp, nf, nw = precisie_recall(index, zinnen)
    print(f"Testzinnen ({len(zinnen)}, echte index uit regels/): precisie {p:.3f}, recall {r:.3f} "
          f"({tp} goed van {nf} gevonden, {nw} verwacht; hangt af van welke regelingen zijn geimporteerd)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
