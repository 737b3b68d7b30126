"""`kennisbank inhoud tellingen`: what the content holds, counted the way the build checks it."""

from __future__ import annotations

import argparse
import json

from ..config import Config

SOORTEN = {"praktijkgeval": "echte casus (met bron)", "illustratie": "illustratie (samengesteld)",
           "inzending": "ingezonden casus"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("inhoud", help="vragen over de inhoud van de kennisbank (tellingen)",
                       description="Vragen over de inhoud in de bestanden van de kennisbank.")
    isub = p.add_subparsers(dest="inhoud_opdracht", metavar="OPDRACHT", title="opdrachten")
    isub.required = True
    t = isub.add_parser(
        "tellingen", help="tel knelpunten, praktijkvoorbeelden per soort en citeringen per soort tekst",
        description="Telt de knelpunten (per status, met of zonder primaire bron), de praktijkvoorbeelden per "
        "soort (echte casus of illustratie) en de citeringen naar de soort tekst waartegen de bouw ze controleert "
        "(officiële tekst, geoogste tekst, alleen samenvatting). Leest de bestanden zoals de bouw dat doet; een "
        "citering zonder tekst op haar peildatum geeft dezelfde fout als bij de bouw.")
    t.add_argument("--json", action="store_true", help="geef de tellingen als JSON")
    t.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..inhoud import tellingen
    from ..verificatie import LABEL

    n = tellingen(Config.from_env())
    if args.json:
        print(json.dumps(n, ensure_ascii=False, indent=2))
        return 0
    print(f"Knelpunten: {n['knelpunten']}")
    for status, aantal in n["knelpuntenPerStatus"].items():
        print(f"  {status.replace('-', ' ')}: {aantal}")
    print(f"  met een primaire bron: {n['knelpuntenMetPrimaireBron']}; zonder, met reden: "
          f"{n['knelpuntenZonderPrimaireBronMetReden']}; zonder en zonder reden: "
          f"{len(n['knelpuntenZonderPrimaireBronEnZonderReden'])}")
    print(f"Praktijkvoorbeelden: {n['praktijkvoorbeelden']}")
    for soort, aantal in n["praktijkvoorbeeldenPerSoort"].items():
        print(f"  {SOORTEN.get(soort, soort)}: {aantal}")
    print(f"  zonder gemeente (onbekend): {n['praktijkvoorbeeldenZonderGemeente']}")
    if n["kostenposten"]:
        print("Kostenposten: " + ", ".join(f"{k}: {v}" for k, v in n["kostenposten"].items()))
    print(f"Citeringen: {n['citeringen']}")
    for soort, aantal in n["citeringenPerTekstsoort"].items():
        print(f"  {LABEL.get(soort, soort)}: {aantal}")
    return 0
