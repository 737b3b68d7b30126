"""`kennisbank regels herken`: find references to provisions in a Dutch text.

The owner of `kennisbank/cli/regels.py` calls `register(regels_subparsers)`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date

from ..fouten import KennisbankFout


def register(regels_subparsers) -> argparse.ArgumentParser:
    p = regels_subparsers.add_parser(
        "herken",
        help="herken verwijzingen naar wetsartikelen in een tekst",
        description="Zoekt verwijzingen naar wetsartikelen in een Nederlandse tekst (zoals 'artikel 22a Pw', "
        "'art. 18 lid 2 Participatiewet', JuriConnect-verwijzingen, links naar wetten.overheid.nl en begrippen "
        "als 'kostendelersnorm') en koppelt ze aan de bepalingen in de kennisbank.",
        epilog="Voorbeeld: kennisbank regels herken \"Volgens artikel 17, eerste lid, van de Participatiewet ...\" --json",
    )
    p.add_argument("tekst", metavar="TEKST", help="de tekst; gebruik '-' om de tekst van standaardinvoer te lezen")
    p.add_argument("--json", action="store_true", help="geef het resultaat als JSON-lijst (voor scripts)")
    p.add_argument("--peildatum", metavar="JJJJ-MM-DD",
                   help="kies de versie van de bepaling die op deze datum gold")
    p.add_argument("--regeling", metavar="REGELING",
                   help="regeling voor artikelnummers zonder wet in de tekst (BWB-id, naam of afkorting, bv. Pw)")
    p.set_defaults(func=run)
    return p


def _peildatum(value: str | None) -> str | None:
    if value is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise KennisbankFout(f"De peildatum '{value}' is geen datum in de vorm JJJJ-MM-DD.")
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise KennisbankFout(f"De peildatum '{value}' bestaat niet.") from None


def run(args) -> int:
    from ..config import Config
    from ..regels.herken import herken
    from ..regels.herken_index import laad_index

    peildatum = _peildatum(args.peildatum)
    tekst = sys.stdin.read() if args.tekst == "-" else args.tekst
    index = laad_index(Config.from_env())
    if len(index) == 0:
        raise KennisbankFout("Er zijn geen regelingen gevonden: bouw de kennisbank of voeg bestanden toe in regels/.")
    regeling = getattr(args, "regeling", None)
    if regeling and index.regeling(regeling) is None and index.regeling_bij_naam(regeling) is None:
        raise KennisbankFout(f"De regeling '{regeling}' staat niet in de kennisbank.")
    gevonden = herken(tekst, index, regeling=regeling, peildatum=peildatum)
    if args.json:
        json.dump([v.als_dict() for v in gevonden], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not gevonden:
        print("Geen verwijzingen gevonden.")
        return 0
    print(_tabel(gevonden))
    n = len(gevonden)
    print(f"\n{n} verwijzing{'en' if n != 1 else ''} gevonden; zekerheid loopt van 0 (gok) tot 1 (zeker).")
    return 0


def _tabel(gevonden) -> str:
    kop = ["Tekst", "Regeling", "Artikel", "Lid", "Onderdeel", "Status", "Zekerheid", "IRI"]
    rijen = []
    for v in gevonden:
        tekst = " ".join(v.tekst.split())
        if len(tekst) > 48:
            tekst = tekst[:45] + "..."
        regeling = v.regeling_naam or v.regeling or "-"
        if v.soort == "normbegrip":
            tekst = f"{tekst} (begrip)"
        rijen.append([tekst, regeling, v.artikel or "-", v.lid or "-", v.onderdeel or "-", v.status,
                      f"{v.zekerheid:.2f}".replace(".", ","), v.iri or "-"])
    breedte = [max(len(str(r[i])) for r in rijen + [kop]) for i in range(len(kop))]
    regels = ["  ".join(str(c).ljust(breedte[i]) for i, c in enumerate(kop)).rstrip(),
              "  ".join("-" * b for b in breedte)]
    for r in rijen:
        regels.append("  ".join(str(c).ljust(breedte[i]) for i, c in enumerate(r)).rstrip())
    return "\n".join(regels)
