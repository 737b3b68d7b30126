"""`kennisbank site bouw`: the static site from the public store."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("site", help="bouw de statische site", description="De statische, toegankelijke site van de kennisbank.")
    s = p.add_subparsers(dest="site_opdracht", metavar="OPDRACHT", title="opdrachten")
    s.required = True
    b = s.add_parser("bouw", help="schrijf de hele site uit de openbare opslag",
                     description="Schrijft de hele site (HTML, Turtle, JSON-LD, CSV, feed) uit de openbare opslag. "
                     "Alle links zijn relatief: de map werkt op elke webserver en vanaf schijf.")
    b.add_argument("--uit", metavar="MAP", default=None, help="doelmap (standaard KENNISBANK_DATA/site, die de server op / toont)")
    b.set_defaults(func=bouw)


def bouw(args: argparse.Namespace) -> int:
    from ..config import Config
    from ..site import bouw_site

    r = bouw_site(Config.from_env(), uit=args.uit)
    print(f"Site geschreven naar {r['uit']}: {r['bestanden']} bestanden, {r['bytes'] / 1e6:.1f} MB in {r['seconden']} s "
          f"({r['knelpunten']} knelpunten, {r['praktijk']} praktijkvoorbeelden, {r['artikelen']} artikelen).")
    return 0
