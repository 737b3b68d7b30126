"""`kennisbank`: the command line. Dutch help everywhere; errors as one Dutch sentence unless --debug.

Each command group lives in its own module with `register(subparsers)`; add new ones to COMMANDS.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from . import nederlands  # noqa: F401  (Dutch argparse messages)
from ..fouten import KennisbankFout

COMMANDS = ["build", "serve", "export", "regels", "token", "site", "inhoud", "signaleer", "reken"]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kennisbank",
        description="Kennisbank Botsende Regels: bouw, bevraag en publiceer de kennisbank.",
        epilog="Omgevingsvariabelen: KENNISBANK_DATA (datamap, standaard .kennisbank/), "
        "KENNISBANK_SPARQL_URL (SPARQL-server in plaats van de ingebouwde opslag), "
        "KENNISBANK_BASE_IRI (basis van alle IRI's).",
    )
    p.add_argument("--debug", action="store_true", help="toon bij een fout de volledige technische melding")
    sub = p.add_subparsers(dest="opdracht", metavar="OPDRACHT", title="opdrachten")
    sub.required = True
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{name}":
                continue  # command group not built yet
            raise
        module.register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    try:
        args = parser().parse_args(argv)
        return int(args.func(args) or 0)
    except KennisbankFout as exc:
        if debug:
            raise
        print(f"Fout: {exc.bericht}", file=sys.stderr)
        for line in exc.details:
            print(f"  {line}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Afgebroken.", file=sys.stderr)
        return 130
    except Exception as exc:  # never a traceback for users
        if debug:
            raise
        print(
            f"Fout: er ging iets onverwachts mis ({type(exc).__name__}: {exc}). "
            "Draai de opdracht opnieuw met --debug voor de technische details.",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
