"""`kennisbank export`: write the public store back to files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..config import Config
from ..fouten import KennisbankFout

FORMATEN = {"nquads": "application/n-quads", "trig": "application/trig", "turtle": "text/turtle",
            "ntriples": "application/n-triples"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="schrijf de (openbare) kennisbank naar een bestand",
                       description="Schrijft de openbare grafen van de opslag naar een bestand of naar de "
                       "standaarduitvoer. Niet-gepubliceerde inzendingen worden nooit geëxporteerd.")
    p.add_argument("--formaat", choices=sorted(FORMATEN), default="nquads",
                   help="uitvoerformaat (standaard: nquads; turtle en ntriples voegen alle grafen samen)")
    p.add_argument("--graaf", action="append", metavar="IRI", help="alleen deze graaf (mag vaker)")
    p.add_argument("--uit", metavar="BESTAND", help="schrijf naar dit bestand in plaats van de standaarduitvoer")
    p.add_argument("--bestanden", action="store_true",
                   help="schrijf de geldende versie van elk knelpunt, praktijkvoorbeeld en experiment terug naar de "
                   "eigen bestanden van de repository (knelpunten/…ttl enz.), om te beoordelen en vast te leggen")
    p.add_argument("--map", metavar="MAP", help="met --bestanden: schrijf onder deze map in plaats van de repository")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.bestanden:
        from ..exporteer import exporteer_bestanden

        config = Config.from_env()
        try:
            geschreven = exporteer_bestanden(config, Path(args.map) if args.map else None)
        except OSError as exc:
            raise KennisbankFout(f"De bestanden konden niet worden geschreven: {exc.strerror or exc}.") from exc
        for rel, wat in geschreven:
            print(f"  {wat}: {rel}")
        print(f"{len(geschreven)} bestand(en) bijgewerkt met de geldende versie; de rest was al gelijk. "
              "Bekijk de wijzigingen met 'git diff' en leg ze vast.", file=sys.stderr)
        return 0
    from ..store import open_store

    store = open_store(Config.from_env(), read_only=True)
    try:
        graphs = args.graaf
        if graphs:
            known = set(store.graphs())
            missing = [g for g in graphs if g not in known]
            if missing:
                raise KennisbankFout(f"De graaf '{missing[0]}' bestaat niet in de kennisbank.")
        data = store.export(FORMATEN[args.formaat], graphs)
    finally:
        store.close()
    if args.uit:
        try:
            Path(args.uit).write_bytes(data)
        except OSError as exc:
            raise KennisbankFout(f"Het bestand '{args.uit}' kan niet worden geschreven: {exc.strerror or exc}.") from exc
        print(f"Geëxporteerd naar {args.uit} ({len(data)} bytes).", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0
