"""`kennisbank reken`: the rekenhulp on the command line (YAML or JSON in, a Dutch table out)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..config import Config
from ..fouten import KennisbankFout

VOORBEELD = """peildatum: 2026-07-01
aanvrager: {leeftijd: 35, urenPerWeek: 8, nettoUurloon: 12.50}
kinderen: [4]
medebewoners: [{leeftijd: 27}]
"""

_MELDING = {"missing": "ontbreekt", "extra_forbidden": "is geen bekend veld", "greater_than_equal": "is te klein",
            "less_than_equal": "is te groot", "date_from_datetime_parsing": "is geen datum (JJJJ-MM-DD)",
            "date_parsing": "is geen datum (JJJJ-MM-DD)", "int_parsing": "moet een geheel getal zijn",
            "decimal_parsing": "moet een getal zijn", "bool_parsing": "moet true of false zijn",
            "too_long": "heeft te veel elementen", "literal_error": "heeft een onbekende waarde"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "reken", help="reken door wat de regels samen doen met één huishouden",
        description="Leest een huishouden (YAML of JSON; '-' is standaardinvoer) en toont per regel het bedrag per "
        "maand en per jaar, met de bepaling en de versie van de wettekst waaruit het komt. Voorbeeld van een "
        "invoerbestand:\n\n" + VOORBEELD, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("bestand", help="YAML- of JSON-bestand met het huishouden, of '-'")
    p.add_argument("--vergelijk", metavar="DATUM", help="reken ook op deze peildatum en toon wat veranderde")
    p.add_argument("--scenario", action="append", default=[], metavar="NAAM",
                   choices=["meer-werken", "medebewoner", "leeftijd", "vrijwilligersvergoeding", "eigen-risico"],
                   help="reken een scenario door (meer-werken, medebewoner, leeftijd, vrijwilligersvergoeding, "
                   "eigen-risico); mag vaker")
    p.add_argument("--json", action="store_true", help="geef de uitkomst als JSON (zoals de API)")
    p.set_defaults(func=run)


def _lees(bestand: str) -> dict:
    import yaml

    try:
        tekst = sys.stdin.read() if bestand == "-" else Path(bestand).read_text(encoding="utf-8")
    except OSError as exc:
        raise KennisbankFout(f"Kan {bestand} niet lezen: {exc.strerror or exc}.") from None
    try:
        data = yaml.safe_load(tekst)
    except yaml.YAMLError as exc:
        raise KennisbankFout(f"{bestand} is geen geldige YAML of JSON ({exc.__class__.__name__}).") from None
    if not isinstance(data, dict):
        raise KennisbankFout(f"{bestand} moet één huishouden (een object met velden) bevatten.")
    return data


def run(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from ..rekenen.model import BerekeningVraag
    from ..rekenen.scenarios import doorreken, euro_nl
    from ..rekenen.wetteksten import uit_repo

    data = _lees(args.bestand)
    if args.vergelijk:
        data["vergelijkPeildatum"] = args.vergelijk
    data["scenarios"] = [*data.get("scenarios", []), *args.scenario]
    try:
        vraag = BerekeningVraag.model_validate(data)
    except ValidationError as exc:
        regels = [f"{'.'.join(str(x) for x in e['loc']) or '(geheel)'}: {_MELDING.get(e['type'], 'is ongeldig')}"
                  for e in exc.errors()]
        raise KennisbankFout(f"Het huishouden in {args.bestand} bevat {len(regels)} "
                             f"{'fout' if len(regels) == 1 else 'fouten'}.", regels) from None
    uit = doorreken(vraag, uit_repo(str(Config.from_env().source_root / "regels")))
    if args.json:
        print(json.dumps(uit, ensure_ascii=False, indent=2))
        return 0
    b = uit["berekening"]
    print(f"Berekening op peildatum {b['peildatum']}")
    _tabel([*b["posten"], b["besteedbaarPerMaand"]], euro_nl)
    print("\nOpbouw van de bijstand")
    _tabel(b["bijstandOpbouw"], euro_nl)
    for m in b["meldingen"]:
        print(f"Let op: {m}")
    v = uit.get("vergelijking")
    if v:
        print(f"\nVergelijking {v['van']} -> {v['naar']}")
        for r in v["posten"]:
            waarom = "; ".join(f"{w['label']}: andere versie" for w in r["waarom"]) or "geen andere wettekst"
            print(f"  {r['omschrijving'][:44]:44} {euro_nl(r['van'] or 0):>12} -> {euro_nl(r['naar'] or 0):>12}  ({waarom})")
    for s in uit["scenarios"]:
        print(f"\n{s['titel']}\n{s['uitleg']}")
        breedte = [max(len(str(x)) for x in kol) for kol in zip(s["kolommen"], *s["rijen"])]
        for rij in [s["kolommen"], *s["rijen"]]:
            print("  " + "  ".join(str(x).ljust(w) for x, w in zip(rij, breedte)))
    return 0


def _tabel(posten: list[dict], euro_nl) -> None:
    print(f"  {'post':44} {'per maand':>12} {'per jaar':>13}  bepaling (versie)")
    for p in posten:
        h = p["herkomst"][0]
        waar = f"{h['label']} ({h['geldigVanaf'] or h.get('bron') or ''})"
        meer = len(p["herkomst"]) - 1
        print(f"  {p['omschrijving'][:44]:44} {euro_nl(p['perMaand']):>12} {euro_nl(p['perJaar']):>13}  {waar}"
              + (f" +{meer}" if meer else ""))
