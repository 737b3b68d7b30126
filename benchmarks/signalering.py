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
  from it. A case that cites the knelpunt's provisions but does not support it keeps its references. The
  lenient mode (`--mild`) keeps them all, as if the cases had been submitted independently;
- the knelpunt's own concept annotations (its kb:doelgroep, kb:domein, kb:mechanisme) leave with it: they live
  on the knelpunt resource only. Nothing else in the data points at a knelpunt (`controleer_verborgen` checks
  that no remaining norm sits on its articles, no remaining case supporting it keeps references, and it no
  longer counts for the "brandhaard" factor of kennisbank/signalering/profiel.py).
- The SKOS schemes' labels are shared vocabulary, not annotations of a knelpunt, and stay.

`--zonder-brandhaard` also prints the figures without the brandhaard factor (the articles' count of other
knelpunten), so its share in the result is visible.
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


def controleer_verborgen(g: Gegevens, h: Gegevens, kp_iri: str, weg_normen: set[str], streng: bool) -> None:
    """Nothing derived from the hidden knelpunt is left in what signalering sees."""
    kp = g.knelpunten[kp_iri]
    arts = {g.artikel_van(c.bepaling) or c.bepaling for c in kp.citeringen}
    assert kp_iri not in h.knelpunten
    over = [n for n in h.normen.values() if n.iri not in weg_normen and (h.artikel_van(n.bepaling) or n.bepaling) in arts]
    assert not over, over
    if streng:
        assert all(not v.bepalingen for v in h.gevallen.values() if kp_iri in v.knelpunten)
    from kennisbank.signalering.profiel import brandhaarden

    assert all(brandhaarden(h)[a] == brandhaarden(g)[a] - 1 for a in arts)


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


def leave_one_out(g: Gegevens, kb: str, streng: bool, met_brandhaard: bool = True) -> dict:
    hits = {(soort, niveau, k): 0 for soort in SOORTEN for niveau in ("artikel", "wet") for k in KS}
    n = 0
    gevonden = []
    geheugen: dict = {}  # derived norms per provision: the same texts in every run (kennisbank/signalering/normen.py)
    for kp_iri, kp in sorted(g.knelpunten.items()):
        h, weg = verberg(g, kp_iri, streng)
        controleer_verborgen(g, h, kp_iri, weg, streng)
        res = bereken(h, kb, uitgesloten_normen=weg, met_brandhaard=met_brandhaard, geheugen=geheugen)
        ranked = [s for s in res.signalen if s.soort != "gewijzigd-sinds"]
        n += 1
        for soort in SOORTEN:
            lijst = ranked if soort == "alle" else [s for s in ranked if s.soort == soort]
            for niveau in ("artikel", "wet"):
                for k in KS:
                    if any(treffer(g, kp, s, niveau) for s in lijst[:k]):
                        hits[(soort, niveau, k)] += 1
        if any(treffer(g, kp, s, "artikel") for s in ranked[:50]):
            gevonden.append(kp.kenmerk or kp_iri.rsplit("/", 1)[-1])
    return {key: v / n for key, v in hits.items()} | {"n": n, "gevonden": sorted(gevonden)}


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

    # incremental update after one publication, end to end as kennisbank/signalering/bijwerken.py and the site's
    # update do it: read signalen.json, recompute "samen geciteerd", write it back; replace those signals in the
    # store's signalering graph (an in-memory store holding every file's triples and the build's graph); render
    # the site's page of signals from the new file. Baseline: the full signalering above.
    import dataclasses
    import tempfile

    import pyoxigraph as ox

    from kennisbank.signalering.bijwerken import werk_graaf_bij
    from kennisbank.signalering.opslag import bewaar_resultaat, werk_samen_bij
    from kennisbank.signalering.rdf import graaf, triples as signalering_triples
    from kennisbank.site.bouw import Site
    from kennisbank.site.signalen import Signalen
    from kennisbank.store.embedded import EmbeddedStore

    iris = Iris(config.base_iri)
    store = EmbeddedStore(None)
    store.add_graph(f"{iris.base}/graaf/benchmark", ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    store.add_graph(graaf(iris.base), ox.serialize(signalering_triples(res, iris.base, kb), format=ox.RdfFormat.N_TRIPLES))
    with tempfile.TemporaryDirectory() as tmp:
        cfg = dataclasses.replace(config, data_dir=Path(tmp))
        bewaar_resultaat(tmp, res)
        site = Site(cfg, store, Path(tmp) / "site", quads=[])
        refs = sorted(res.info)[:2]
        tijden = {"signalen.json": 0.0, "opslag": 0.0, "sitepagina": 0.0}
        for i in range(5):
            t = time.perf_counter()
            wijziging = werk_samen_bij(tmp, f"https://example.org/praktijkvoorbeeld/{i}", refs, {})
            t1 = time.perf_counter()
            werk_graaf_bij(store, iris.base, kb, wijziging)
            t2 = time.perf_counter()
            site.signalen = Signalen(tmp)
            site.signalen_pagina()
            t3 = time.perf_counter()
            tijden["signalen.json"] += (t1 - t) / 5
            tijden["opslag"] += (t2 - t1) / 5
            tijden["sitepagina"] += (t3 - t2) / 5
        grootte = (Path(tmp) / "signalen" / "signalen.json").stat().st_size
        n_graaf = len(store.select(f"SELECT ?s WHERE {{ GRAPH <{graaf(iris.base)}> {{ ?s a <{kb}Signaal> }} }}"))
    t_inc = sum(tijden.values())
    t = time.perf_counter()
    for _ in range(20):
        samen.signalen(res.basis, res.info)
    t_reken = (time.perf_counter() - t) / 20
    print(f"bijwerken na één publicatie: {t_inc * 1000:.0f} ms in totaal (doel <= 1000 ms; "
          f"{t_inc / t_vol * 100:.1f}% van een volledige run): signalen.json lezen + rekenen + schrijven "
          f"({grootte // 1024} KiB) {tijden['signalen.json'] * 1000:.0f} ms (waarvan rekenen {t_reken * 1000:.1f} ms), "
          f"graaf in de opslag {tijden['opslag'] * 1000:.0f} ms ({n_graaf} signalen in de graaf), "
          f"sitepagina Mogelijke botsingen {tijden['sitepagina'] * 1000:.0f} ms")

    # leave-one-out
    g = res.gegevens
    modi = [(True, True)] + ([(False, True)] if "--mild" in sys.argv else []) + (
        [(True, False)] if "--zonder-brandhaard" in sys.argv else [])
    for streng, haard in modi:
        t = time.perf_counter()
        r = leave_one_out(g, kb, streng, haard)
        naam = "streng (gevallen van het knelpunt verborgen)" if streng else "mild (gevallen behouden)"
        if not haard:
            naam += ", zonder brandhaardfactor"
        print(f"\nleave-one-out, {naam}: {r['n']} knelpunten, {time.perf_counter() - t:.1f} s")
        print(f"{'soort':<26}{'niveau':<9}" + "".join(f"{'@' + str(k):>8}" for k in KS))
        for soort in SOORTEN:
            for niveau in ("artikel", "wet"):
                print(f"{soort:<26}{niveau:<9}" + "".join(f"{r[(soort, niveau, k)]:>8.2f}" for k in KS))
        print("gevonden in de top 50 (artikelniveau):", ", ".join(r["gevonden"]))

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
