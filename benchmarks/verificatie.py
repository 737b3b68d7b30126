"""Benchmark of the build's citation verification: `.venv/bin/python -m benchmarks.verificatie`.

Prints the time to check every citation of the repository (kennisbank/verificatie.py) next to the time to parse
the same files (the baseline the build pays anyway), as a ratio measured in the same run; and the same for a
synthetic load of N knelpunten with five citations each against the real law texts.
"""

from __future__ import annotations

import time

import pyoxigraph as ox

from kennisbank.bronnen import discover, parse
from kennisbank.config import Config
from kennisbank.iri import Iris
from kennisbank.verificatie import verifieer


def _synthetisch(parsed: dict, iris: Iris, n: int) -> dict:
    """n knelpunten, each citing five provisions that have a Versie, at their first Versie's start date."""
    t = iris.term
    starts: dict[str, str] = {}
    vanaf, met_tekst = {}, set()
    for triples in parsed.values():
        for tr in triples:
            if tr.predicate.value == t("geldigVanaf"):
                vanaf[tr.subject.value] = tr.object.value
            elif tr.predicate.value in (t("tekst"), t("samenvatting")):
                met_tekst.add(tr.subject.value)
    vanaf = {v: d for v, d in vanaf.items() if v in met_tekst}
    for triples in parsed.values():
        for tr in triples:
            if tr.predicate.value == t("versie") and tr.object.value in vanaf:
                starts.setdefault(tr.subject.value, vanaf[tr.object.value])
    bepalingen = sorted(starts)[:5000]
    N, L = ox.NamedNode, ox.Literal
    xsd_date = N("http://www.w3.org/2001/XMLSchema#date")
    extra = {}
    for i in range(n):
        k = N(iris.knelpunt(f"bench-{i}"))
        triples = [ox.Triple(k, N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), N(t("Knelpunt")))]
        for j in range(5):
            b = bepalingen[(i * 5 + j) % len(bepalingen)]
            c = ox.BlankNode()
            triples += [ox.Triple(k, N(t("citeert")), c), ox.Triple(c, N(t("bepaling")), N(b)),
                        ox.Triple(c, N(t("peildatum")), L(starts[b], datatype=xsd_date))]
        extra[f"knelpunten/bench-{i}.ttl"] = triples
    return extra


def main() -> None:
    config = Config()
    iris = Iris(config.base_iri)
    t0 = time.perf_counter()
    files = discover(config)
    parsed = {f.rel: parse(f) for f in files}
    parse_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    uitkomst = verifieer(iris, parsed)
    verif_s = time.perf_counter() - t1
    print(f"repository: {len(files)} bestanden inlezen {parse_s:.2f} s; {uitkomst.citeringen} citeringen "
          f"controleren {verif_s:.3f} s (verhouding controle/inlezen {verif_s / parse_s:.3f})")
    for n in (1000, 10000):
        load = dict(parsed)
        load.update(_synthetisch(parsed, iris, n))
        t2 = time.perf_counter()
        u = verifieer(iris, load)
        s = time.perf_counter() - t2
        print(f"{n} knelpunten extra: {u.citeringen} citeringen controleren {s:.2f} s "
              f"(verhouding tot inlezen repository {s / parse_s:.2f})")


if __name__ == "__main__":
    main()
