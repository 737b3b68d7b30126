"""Rekenhulp (kennisbank/rekenen/): time to compute

- one household (target ≤ 50 ms), median of 50 runs;
- the marginal-rate curve 0–40 hours a week in 1-hour steps, 41 computations (target ≤ 2 s);
- 1,000 random households (fixed seed; target ≤ 10 s);

and, as a baseline from the same run, the time to validate and dump the same households with pydantic only (what
any API request pays anyway), with the ratio. Reading the law texts from the `regels/` files is measured once
and reported apart (the API reads them once per store generation). Timings on a shared machine are upper bounds.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date
from decimal import Decimal

from kennisbank.config import Config
from kennisbank.rekenen import Huishouden, bereken
from kennisbank.rekenen.scenarios import curve
from kennisbank.rekenen.wetteksten import Wetteksten

DOEL_EEN, DOEL_CURVE, DOEL_DUIZEND = 0.050, 2.0, 10.0


def willekeurig(rnd: random.Random) -> dict:
    def persoon():
        return {"leeftijd": rnd.randint(18, 80), "pensioengerechtigd": rnd.random() < 0.1,
                "urenPerWeek": str(rnd.choice([0, 0, 4, 8, 12, 16, 24, 32, 36])),
                "nettoUurloon": str(Decimal(rnd.randint(1100, 2500)) / 100),
                "overigNettoInkomenPerMaand": str(rnd.choice([0, 0, 150, 400])),
                "vrijwilligersvergoedingPerMaand": str(rnd.choice([0, 0, 0, 100]))}
    return {"peildatum": rnd.choice(["2025-06-01", "2026-07-01", "2027-03-01"]), "aanvrager": persoon(),
            "partner": persoon() if rnd.random() < 0.4 else None,
            "kinderen": [rnd.randint(0, 17) for _ in range(rnd.choice([0, 0, 1, 2, 3]))],
            "medebewoners": [{"leeftijd": rnd.randint(18, 80)} for _ in range(rnd.choice([0, 0, 0, 1, 2]))],
            "vermogen": str(rnd.choice([0, 500, 5000, 12000])), "zorgrekening": str(rnd.choice([0, 0, 120, 385]))}


def main() -> None:
    t = time.perf_counter()
    wt = Wetteksten.uit_bestanden(Config.from_env().source_root / "regels")
    lezen = time.perf_counter() - t
    print(f"wetteksten lezen uit regels/ (eenmalig): {lezen:.2f} s, {len(wt.versies)} bepalingen")

    een = Huishouden.model_validate({"peildatum": date(2026, 7, 1), "aanvrager": {"leeftijd": 35, "urenPerWeek": 8,
                                     "nettoUurloon": "12.50"}, "kinderen": [4], "medebewoners": [{"leeftijd": 30}],
                                     "zorgrekening": "200"})
    bereken(een, wt)  # warm
    tijden = []
    for _ in range(50):
        t = time.perf_counter()
        bereken(een, wt)
        tijden.append(time.perf_counter() - t)
    p50 = statistics.median(tijden)
    print(f"één huishouden: mediaan {p50 * 1000:.2f} ms, max {max(tijden) * 1000:.2f} ms "
          f"(doel ≤ {DOEL_EEN * 1000:.0f} ms: {'gehaald' if p50 <= DOEL_EEN else 'NIET gehaald'})")

    t = time.perf_counter()
    punten = curve(een.model_copy(update={"aanvrager": een.aanvrager.model_copy(update={"urenPerWeek": Decimal(0)})}), wt)
    c = time.perf_counter() - t
    print(f"marginale-drukcurve 0–40 uur ({len(punten)} berekeningen): {c:.3f} s "
          f"(doel ≤ {DOEL_CURVE:.0f} s: {'gehaald' if c <= DOEL_CURVE else 'NIET gehaald'})")

    rnd = random.Random(15)
    ruw = [willekeurig(rnd) for _ in range(1000)]
    t = time.perf_counter()
    for d in ruw:
        Huishouden.model_validate(d).model_dump(mode="json")
    basis = time.perf_counter() - t
    t = time.perf_counter()
    for d in ruw:
        bereken(Huishouden.model_validate(d), wt)
    duizend = time.perf_counter() - t
    print(f"1.000 willekeurige huishoudens: {duizend:.2f} s (doel ≤ {DOEL_DUIZEND:.0f} s: "
          f"{'gehaald' if duizend <= DOEL_DUIZEND else 'NIET gehaald'}); basis alleen pydantic valideren en "
          f"uitvoeren: {basis:.3f} s; verhouding {duizend / basis:.1f}×")


if __name__ == "__main__":
    main()
