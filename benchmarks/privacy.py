"""Benchmark of the privacy guard: `.venv/bin/python -m benchmarks.privacy`.

Prints, for texts of 20,000 characters (the longest beschrijving a submission may have):
- ordinary text (the `toestaan` illustrations of tests/privacy_teksten.yaml repeated): ms per text;
- the slowest of a set of adversarial texts (long runs of digits, dashes, titles, phone-like groups …): ms;
- as a baseline from the same run, the time to NFKC-normalise and scan the same ordinary text once with one
  simple regular expression, and the ratio of the guard to it.
"""

from __future__ import annotations

import re
import time
import unicodedata
from pathlib import Path

import yaml

from kennisbank.privacy import zoek_persoonsgegevens

ROOT = Path(__file__).resolve().parent.parent
LENGTE = 20_000


def _ms(f, tekst: str, keer: int = 3) -> float:
    best = float("inf")
    for _ in range(keer):
        t = time.perf_counter()
        f(tekst)
        best = min(best, time.perf_counter() - t)
    return best * 1000


def main() -> None:
    data = yaml.safe_load((ROOT / "tests" / "privacy_teksten.yaml").read_text(encoding="utf-8"))
    gewoon = " ".join(data["toestaan"])
    gewoon = (gewoon + " ") * (LENGTE // len(gewoon) + 1)
    gewoon = gewoon[:LENGTE]
    basis = _ms(lambda t: list(re.finditer(r"\d+", unicodedata.normalize("NFKC", t))), gewoon)
    bewaker = _ms(zoek_persoonsgegevens, gewoon)
    aanvallen = ["06 " * 7000, "1-" * 10000, "-" * LENGTE, "a." * 10000, "12 34 " * 3500, "AB-" * 7000,
                 "mevrouw A. " * 2000, "Kerkstraat 1 " * 1500, "a [at] b [dot] " * 1300, "\u200b1" * 10000]
    slechtst = max((_ms(zoek_persoonsgegevens, a[:LENGTE], 1), a[:12]) for a in aanvallen)
    print(f"privacybewaker, gewone tekst van {LENGTE} tekens: {bewaker:.1f} ms "
          f"(basis NFKC + één regex: {basis:.1f} ms; verhouding {bewaker / basis:.0f}×)")
    print(f"privacybewaker, slechtste van {len(aanvallen)} aanvalsteksten van {LENGTE} tekens: "
          f"{slechtst[0]:.1f} ms ({slechtst[1]!r}…)")


if __name__ == "__main__":
    main()
