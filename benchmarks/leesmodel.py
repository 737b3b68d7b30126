"""The knelpunt read model: a page of knelpunten per item (two queries each, the old way) versus batch loading
(a query per 10 IRIs, kennisbank/leesmodel.py), on the embedded store with generated data. Prints figures and
the ratio measured in the same run; never asserts a time.

`python -m benchmarks.leesmodel`
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path


class _Ctx:
    def __init__(self, iris, q):
        self.iris, self.q = iris, q


def _meet(fn, keer: int = 5) -> float:
    tijden = []
    for _ in range(keer):
        begin = time.perf_counter()
        fn()
        tijden.append(time.perf_counter() - begin)
    return statistics.median(tijden) * 1000


def main() -> None:
    from kennisbank.vragen import Queries
    from kennisbank.iri import Iris
    from kennisbank.leesmodel import bepaling_plekken, beschrijvingen, knelpunt_json, knelpunten_json
    from kennisbank.store.embedded import EmbeddedStore

    from .generator import generate

    iris = Iris()
    ctx = _Ctx(iris, Queries(iris.kb, iris.base))
    with tempfile.TemporaryDirectory() as tmp:
        import pyoxigraph as ox

        ruw = ox.Store(str(Path(tmp) / "opslag"))
        ruw.bulk_extend(generate(2000, knelpunten=1000))  # the bulk loader: synthetic laws, knelpunten, cases
        ruw.flush()
        del ruw
        store = EmbeddedStore(Path(tmp) / "opslag", read_only=True)
        try:
            alle = [r["k"].value for r in store.select(ctx.q.knelpunt_titels)]
            print(f"knelpunten in de opslag: {len(alle)}")
            for grootte in (20, 100):
                pagina = sorted(alle)[:grootte]

                def per_stuk():
                    for i in pagina:
                        t = beschrijvingen(store, ctx.q, [i])[i]
                        knelpunt_json(ctx, i, t, bepaling_plekken(ctx, store, t))

                oud = _meet(per_stuk)
                nieuw = _meet(lambda: knelpunten_json(ctx, store, pagina))
                print(f"pagina van {grootte}: per knelpunt {oud:.1f} ms, in blokken (leesmodel) {nieuw:.1f} ms "
                      f"(verhouding {oud / nieuw:.1f}x)")
        finally:
            store.close()


if __name__ == "__main__":
    main()
