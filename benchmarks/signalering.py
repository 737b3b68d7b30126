"""Benchmark of signalering: `.venv/bin/python -m benchmarks.signalering`.

Prints
- the time of one full signalering over every imported law (from the repository's files), with the time of
  merely reading those files as the baseline ratio;
- the time of the incremental update after one publication ("samen geciteerd" only);
- leave-one-out over the shipped knelpunten: each knelpunt is hidden together with what was derived from it,
  signalering runs, and we check whether a signal in the top k names at least two of its provisions
  (article level) or two of its laws (law level; for a knelpunt within one law: two of its provisions' law).
  recall@20/@50/@100 over the merged ranking and per kind;
- precision of the top 20 of the full run, judged by hand (benchmarks/signalering_oordelen.yaml).

What "hidden" means (decided here, documented in docs/signalering.md):
- the knelpunt itself (its citations, so also its pairs in the "already known" filter);
- every curated norm (regels/normen/) on an article it cites, since those norms were written for it;
- strict mode (the headline figures): the published cases that support it (`kb:ondersteunt`) lose their
  references, because the shipped cases are illustrations compiled from the knelpunt's own sources, i.e. derived
  from it. The lenient mode keeps them, as if the cases had been submitted independently; it is printed too.
"""

from __future__ import annotations

import copy
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

from kennisbank.bronnen import discover, parse
from kennisbank.config import Config
from kennisbank.iri import Iris
from kennisbank.signalering import samen
from kennisbank.signalering.bereken import bereken
from kennisbank.signalering.gegevens import Gegevens, lees

ROOT = Path(__file__).resolve().parent.parent
OORDELEN = ROOT / "benchmarks" / "signalering_oordelen.yaml"
KS = (20, 50, 100)
SOORTEN = ("alle", "tegengestelde-normen", "drempels-en-overgangen", "samen-geciteerd")


def verberg(g: Gegevens, kp_iri: str, streng: bool) -> tuple[Gegevens, set[str]]:
    kp = g.knelpunten[kp_iri]
    arts = {g.artikel_van(c.bepaling) or c.bepaling for c in kp.citeringen}
    h = copy.copy(g)
    h.knelpunten = {k: v for k, v in g.knelpunten.items() if k != kp_iri}
    weg_normen = {n.iri for n in g.normen.values() if (g.artikel_van(n.bepaling) or n.bepaling) in arts}
    if streng:
        h.gevallen = {k: _zonder_refs(v) if kp_iri in v.knelpunten else v for k, v in g.gevallen.items()}
    return h, weg_normen


def _zonder_refs(v):
    w = copy.copy(v)
    w.bepalingen = set()
    return w


def treffer(g: Gegevens, kp, signaal, niveau: str) -> bool:
    arts = {g.artikel_van(c.bepaling) or c.bepaling for c in kp.citeringen}
    wetten = {g.bepalingen[c.bepaling].regeling for c in kp.citeringen if c.bepaling in g.bepalingen}
    s_arts = {g.artikel_van(b) or b for b in signaal.bepalingen}
    s_wetten = {g.bepalingen[b].regeling for b in signaal.bepalingen if b in g.bepalingen}
    if niveau == "artikel":
        return len(arts & s_arts) >= 2
    if len(wetten) >= 2:
        return len(wetten & s_wetten) >= 2
    return bool(s_wetten) and s_wetten <= wetten and len(s_arts) >= 2


def leave_one_out(g: Gegevens, kb: str, streng: bool) -> dict:
    hits = {(soort, niveau, k): 0 for soort in SOORTEN for niveau in ("artikel", "wet") for k in KS}
    n = 0
    for kp_iri, kp in sorted(g.knelpunten.items()):
        h, weg = verberg(g, kp_iri, streng)
        res = bereken(h, kb, uitgesloten_normen=weg)
        ranked = [s for s in res.signalen if s.soort != "gewijzigd-sinds"]
        n += 1
        for soort in SOORTEN:
            lijst = ranked if soort == "alle" else [s for s in ranked if s.soort == soort]
            for niveau in ("artikel", "wet"):
                for k in KS:
                    if any(treffer(g, kp, s, niveau) for s in lijst[:k]):
                        hits[(soort, niveau, k)] += 1
    return {key: v / n for key, v in hits.items()} | {"n": n}


def main() -> int:
    config = Config.from_env()
    kb = Iris(config.base_iri).kb
    t = time.perf_counter()
    files = discover(config)
    triples = [x for f in files for x in parse(f)]
    t_lezen = time.perf_counter() - t
    t = time.perf_counter()
    res = bereken(triples, kb)
    t_vol = time.perf_counter() - t
    print(f"bestanden: {len(files)}, triples: {len(triples)}, bepalingen: {len(res.gegevens.bepalingen)}, "
          f"normen: {sum(len(v) for v in res.normen.values())} "
          f"(waarvan afgeleid {sum(1 for v in res.normen.values() for x in v if x.afgeleid)})")
    print(f"volledige signalering: {t_vol:.2f} s (alleen inlezen van de bestanden: {t_lezen:.2f} s, "
          f"verhouding {t_vol / max(t_lezen, 1e-9):.1f}x); per stap: "
          + ", ".join(f"{k} {v:.2f} s" for k, v in res.seconden.items()))
    soorten = defaultdict(int)
    for s in res.signalen:
        soorten[s.soort] += 1
    print("signalen per soort:", dict(soorten))

    # incremental update after one publication: "samen geciteerd" from the stored summary, end to end (read
    # signalen.json, recompute, write it back), as kennisbank/signalering/bijwerken.py does it
    import tempfile

    from kennisbank.signalering.opslag import bewaar_resultaat, werk_samen_bij

    with tempfile.TemporaryDirectory() as tmp:
        bewaar_resultaat(tmp, res)
        refs = sorted(res.info)[:2]
        t = time.perf_counter()
        for i in range(5):
            werk_samen_bij(tmp, f"https://example.org/praktijkvoorbeeld/{i}", refs, {})
        t_inc = (time.perf_counter() - t) / 5
        grootte = (Path(tmp) / "signalen" / "signalen.json").stat().st_size
    t = time.perf_counter()
    for _ in range(20):
        samen.signalen(res.basis, res.info)
    t_reken = (time.perf_counter() - t) / 20
    print(f"bijwerken na één publicatie (samen geciteerd, lezen + rekenen + schrijven van {grootte // 1024} KiB): "
          f"{t_inc * 1000:.0f} ms, waarvan rekenen {t_reken * 1000:.1f} ms "
          f"({t_inc / t_vol * 100:.1f}% van een volledige run)")

    # leave-one-out
    g = res.gegevens
    for streng in (True, False):
        t = time.perf_counter()
        r = leave_one_out(g, kb, streng)
        naam = "streng (gevallen van het knelpunt verborgen)" if streng else "mild (gevallen behouden)"
        print(f"\nleave-one-out, {naam}: {r['n']} knelpunten, {time.perf_counter() - t:.1f} s")
        print(f"{'soort':<26}{'niveau':<9}" + "".join(f"{'@' + str(k):>8}" for k in KS))
        for soort in SOORTEN:
            for niveau in ("artikel", "wet"):
                print(f"{soort:<26}{niveau:<9}" + "".join(f"{r[(soort, niveau, k)]:>8.2f}" for k in KS))

    # precision of the top 20, judged
    oordelen = yaml.safe_load(OORDELEN.read_text(encoding="utf-8")) if OORDELEN.is_file() else {}
    oordelen = (oordelen or {}).get("oordelen", {})
    top = res.signalen[:20]
    beoordeeld = [s for s in top if s.id in oordelen]
    goed = sum(1 for s in beoordeeld if oordelen[s.id]["oordeel"] == "terecht")
    print(f"\nprecisie top 20 (met de hand beoordeeld): {goed}/{len(beoordeeld)} terecht"
          + (f" = {goed / len(beoordeeld):.2f}" if beoordeeld else "")
          + (f"; {20 - len(beoordeeld)} nog niet beoordeeld" if len(beoordeeld) < len(top) else ""))
    if "--top" in sys.argv:
        for s in top:
            print(s.id, s.soort, round(s.score, 3), s.uitleg)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
