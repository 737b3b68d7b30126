"""Search benchmark: 30k synthetic documents with Dutch vocabulary from the seed articles.

    .venv/bin/python -m benchmarks.zoek [--documenten 30000] [--vragen 300] [--map DIR]

Prints the index build time (goal <= 30 s at 30k documents) and p50/p95 latency of `zoek()` (ranking, total
count, facets, snippets and paging included) per kind of query: one, two and five words, common words included
(goal p95 <= 30 ms), twice:

- eerste keer: every query new to the process, the answer cache emptied before each query;
- antwoordcache: the same queries again with the answer cache (an identical repeated request).

`--map DIR` keeps the index in DIR and reuses it when it exists (same --documenten and --seed), to skip the
build when measuring again. The machine is shared: figures are upper bounds.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from kennisbank.config import Config
from kennisbank.iri import Iris
from kennisbank.zoek import index as zindex
from kennisbank.zoek import zoek
from kennisbank.zoek.analyse import STOPWOORDEN
from kennisbank.zoek.documenten import Document

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"

# Used when the seed articles are not at hand; from the same domain.
FALLBACK = """
gemeente bijstand uitkering wijkteam schulden jongeren kostendelersnorm boete terugvordering inlichtingenplicht
zorg ondersteuning maatwerk jeugdhulp woonplaats dakloos onderdak vrijwilligerswerk re-integratie participatie
handhaving rechtmatigheid doelmatigheid hulpverlening beslagvrije voet schuldhulpverlening toeslagen
belastingdienst huurtoeslag zorgtoeslag kinderopvang gezin moeder vader kinderen inkomen vermogen
medebewoner woning huisvesting opvang beschermd wonen mantelzorg indicatie voorziening college verordening
""".split()

REGELINGEN = [
    ("BWBR0015703", "Participatiewet", ["Pw", "WWB", "Wet werk en bijstand"]),
    ("BWBR0035362", "Wet maatschappelijke ondersteuning 2015", ["Wmo 2015", "Wmo"]),
    ("BWBR0034925", "Jeugdwet", ["Jw"]),
    ("BWBR0031331", "Wet gemeentelijke schuldhulpverlening", ["Wgs"]),
    ("BWBR0005537", "Algemene wet bestuursrecht", ["Awb"]),
    ("BWBR0018450", "Zorgverzekeringswet", ["Zvw"]),
    ("BWBR0018451", "Wet op de zorgtoeslag", ["Wzt"]),
    ("BWBR0017017", "Wet kinderopvang", ["Wko"]),
    ("BWBR0013060", "Wet structuur uitvoeringsorganisatie werk en inkomen", ["Wet SUWI"]),
    ("BWBR0001860", "Faillissementswet", ["Fw", "Wsnp"]),
]
MECHANISMEN = ["prikkelconflict", "tegenstrijdige-normen", "schotten-in-financiering", "leeftijdsgrens",
               "bewijslast", "gegevensdeling", "woonplaatsbeginsel", "samenloop-kortingen", "terugwerkende-kracht"]


def vocabulary() -> list[str]:
    words: Counter[str] = Counter()
    for f in sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []:
        for w in re.findall(r"[^\W\d_]{3,}", f.read_text(encoding="utf-8", errors="replace").lower()):
            if w not in STOPWOORDEN:
                words[w] += 1
    for w in FALLBACK:
        words[w] += 1
    return [w for w, _ in words.most_common()]


def zipf_sampler(vocab: list[str], rng: random.Random):
    weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(vocab))]
    cum, total = [], 0.0
    for w in weights:
        total += w
        cum.append(total)

    def sample(k: int) -> list[str]:
        return rng.choices(vocab, cum_weights=cum, k=k)

    return sample


def generate(n: int, vocab: list[str], rng: random.Random) -> list[Document]:
    iris = Iris()
    sample = zipf_sampler(vocab, rng)
    gemeenten = [f"gm{c:04d}" for c in rng.sample(range(1, 2000), 340)]
    docs: list[Document] = []
    for bwb, titel, afk in REGELINGEN:
        docs.append(Document(iri=iris.regeling(bwb), soort="regeling", titel=titel, tekst=titel,
                             namen=[titel, *afk, bwb], regeling=[bwb], url=iris.doc(iris.regeling(bwb))))
    while len(docs) < n:
        r = rng.random()
        bwb, rtitel, afk = rng.choice(REGELINGEN)
        i = len(docs)
        if r < 0.7:
            nr = rng.choice([f"{rng.randint(1, 99)}{rng.choice(['', '', 'a', 'b'])}",
                             f"{rng.randint(1, 9)}.{rng.randint(1, 9)}.{rng.randint(1, 20)}",
                             f"{rng.randint(1, 10)}:{rng.randint(1, 99)}"])
            iri = f"{iris.artikel(bwb, nr)}-{i}"
            docs.append(Document(iri=iri, soort="artikel", titel=f"Artikel {nr} {rtitel}",
                                 tekst=" ".join(sample(rng.randint(40, 250))), namen=[rtitel, *afk],
                                 nummer=nr, regeling=[bwb], url=iris.doc(iri)))
        elif r < 0.9:
            iri = iris.knelpunt(f"kp-{i}")
            other = rng.choice(REGELINGEN)
            docs.append(Document(iri=iri, soort="knelpunt", titel=" ".join(sample(rng.randint(5, 10))).capitalize(),
                                 tekst=" ".join(sample(rng.randint(60, 200))),
                                 namen=[rtitel, *afk, other[1], *other[2]], regeling=[bwb, other[0]],
                                 mechanisme=rng.sample(MECHANISMEN, rng.randint(1, 2)), url=iris.doc(iri)))
        else:
            iri = iris.praktijkvoorbeeld(f"pv-{i}")
            docs.append(Document(iri=iri, soort="praktijkvoorbeeld", titel=" ".join(sample(6)).capitalize(),
                                 tekst=" ".join(sample(rng.randint(80, 300))), namen=[rtitel],
                                 regeling=[bwb], gemeente=rng.choice(gemeenten), url=iris.doc(iri)))
    return docs


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(p / 100 * len(values) + 0.5)) - 1))
    return values[k]


CPU: dict[int, list[float]] = {}  # CPU milliseconds per query of the last measure() (by id of its wall list)


def measure(config: Config, queries: list[str], *, answers: bool = False, **kw) -> list[float]:
    """Milliseconds per query (wall clock); without `answers` the answer cache is emptied before each query.
    The CPU time of each query (all threads of this process) is kept in CPU: on a shared, busy machine the wall
    clock also counts the time other processes had the cores."""
    times, cpu = [], []
    for q in queries:
        if not answers:
            forget_answers(config)
        t0, c0 = time.perf_counter(), time.process_time()
        zoek(config, q, log=False, **kw)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    CPU[id(times)] = cpu
    return times


def forget_answers(config: Config) -> None:
    reader = zindex.reader_for(config.data_dir)
    reader.searcher()
    reader.answers.clear()


def reference_ms() -> float:
    """A fixed pure-Python workload (the baseline of this run): how fast is the machine right now?"""
    t0 = time.perf_counter()
    total = 0
    for i in range(300_000):
        total += i * i % 7
    return (time.perf_counter() - t0) * 1000


def report(label: str, times: list[float]) -> None:
    ref = reference_ms()
    p95 = percentile(times, 95)
    cpu = CPU.get(id(times))
    extra = f"  cpu p50={statistics.median(cpu):5.1f} p95={percentile(cpu, 95):5.1f} ms" if cpu else ""
    print(f"  {label:<40} n={len(times):>4}  p50={statistics.median(times):6.1f} ms  "
          f"p95={p95:6.1f} ms  max={max(times):6.1f} ms{extra}  p95/referentie={p95 / ref:5.2f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--documenten", type=int, default=30_000)
    ap.add_argument("--vragen", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--map", type=Path, help="keep the index here and reuse it when it exists")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    vocab = vocabulary()
    docs = generate(args.documenten, vocab, rng)
    groups = {Iris().regeling(b): [t, *a] for b, t, a in REGELINGEN}

    with tempfile.TemporaryDirectory() as tmp:
        config = Config(data_dir=args.map or Path(tmp))
        import os

        load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
        print(f"machine: {os.cpu_count()} cores, belasting {load[0]:.1f}; referentielus (vaste Python-lus, de "
              f"basislijn van deze meting): {statistics.median(reference_ms() for _ in range(5)):.1f} ms")
        print(f"{len(docs)} documenten ({', '.join(f'{k} {v}' for k, v in sorted(Counter(d.soort for d in docs).items()))}), "
              f"vocabulaire {len(vocab)} woorden")
        path = zindex.current_index_path(config.data_dir)
        if path is None:
            t0, c0 = time.perf_counter(), time.process_time()
            path, _counts = zindex.build_new(config.data_dir, iter(docs), groups)
            zindex.activate(config.data_dir, path)
            build = time.perf_counter() - t0
            print(f"index bouwen, cpu-tijd (alle threads): {time.process_time() - c0:.1f} s")
            print(f"index bouwen: {build:.1f} s ({len(docs) / build:.0f} doc/s; doel <= 30 s bij 30.000; "
                  f"belasting nu {os.getloadavg()[0] if hasattr(os, 'getloadavg') else 0:.1f})", end="")
        else:
            print(f"index hergebruikt uit {path}", end="")
        size = sum(f.stat().st_size for f in path.iterdir()) / 1e6
        print(f", {size:.0f} MB")

        mid = vocab[30:1500]
        common = vocab[:25]
        one_word = [rng.choice(vocab[:1500]) for _ in range(args.vragen)]
        two_word = [" ".join(rng.sample(mid, 2)) for _ in range(args.vragen)]
        common_pairs = [" ".join(rng.sample(vocab[:40], 2)) for _ in range(50)]
        # five words as people type them: a mix of common and rarer words
        five_word = [" ".join(rng.sample(vocab[:40], 2) + rng.sample(mid, 3)) for _ in range(args.vragen)]
        five_common = [" ".join(rng.sample(vocab[:40], 5)) for _ in range(50)]
        names = ["Pw 22a", "WWB kostendelersnorm", "wet werk en bijstand", "Wmo 2015 maatwerk", "awb 8:69",
                 '"beschermd wonen"', "jongeren*", "schuldhulpverlening gemeenten"]

        t0 = time.perf_counter()
        zoek(config, "opwarmen", log=False)  # open the index once, load the dictionaries
        print(f"index openen en woordenboeken laden: {(time.perf_counter() - t0) * 1000:.0f} ms")
        print("eerste keer: elke vraag nieuw, antwoordcache geleegd; antwoordcache: nog eens met antwoordcache")
        kinds = [
            ("1 woord", one_word, {}),
            ("1 zeer gangbaar woord", common, {}),
            ("2 woorden", two_word, {}),
            ("2 zeer gangbare woorden", common_pairs, {}),
            ("5 woorden (2 gangbaar, 3 minder)", five_word, {}),
            ("5 zeer gangbare woorden", five_common, {}),
            ("namen, synoniemen, nummers, frasen", names, {}),
            ("gangbaar woord, filter soort=knelpunt", common, {"soort": "knelpunt"}),
            ("gangbaar woord, pagina 5", common, {"pagina": 5}),
        ]
        first = []
        for label, queries, kw in kinds:
            times = measure(config, queries, **kw)
            first += times
            report(label + " (eerste keer)", times)
            measure(config, queries, answers=True, **kw)  # fill the answer cache
            report(label + " (antwoordcache)", measure(config, queries, answers=True, **kw))
        report("alle soorten samen (eerste keer)", first)
        forget_answers(config)
        r = zoek(config, common[0], log=False)
        print(f"'{common[0]}': {r.totaal} treffers; facetten soort {r.facetten['soort']}")
        for t in r.treffers[:5]:
            print(f"  {t.score:7.4f}  {t.soort:<17} {t.titel[:70]}")


if __name__ == "__main__":
    main()
