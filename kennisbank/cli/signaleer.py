"""`kennisbank signaleer`: the ranked list of signals, computed afresh from the public store."""

from __future__ import annotations

import argparse
import json
import sys

from ..config import Config


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "signaleer",
        help="zoek bepalingen die mogelijk botsen en toon de signalen, best eerst",
        description="Leidt normen af voor alle artikelen en leden van de geïmporteerde wetten en zoekt vier "
        "soorten signalen: tegengestelde normen, drempels en overgangen, samen geciteerd en gewijzigd sinds. "
        "Leest de openbare opslag (draai eerst 'kennisbank build'). Beoordelingen van projectleiders staan "
        "erbij (open, bevestigd, afgewezen).",
    )
    p.add_argument("--json", action="store_true", help="geef de signalen als JSON (een lijst van objecten)")
    p.add_argument("--aantal", type=int, default=50, metavar="N", help="toon de beste N signalen (standaard 50; 0 = alle)")
    p.add_argument("--soort", choices=["tegengestelde-normen", "drempels-en-overgangen", "samen-geciteerd",
                                       "gewijzigd-sinds"], help="alleen signalen van deze soort")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..fouten import KennisbankFout
    from ..iri import Iris
    from ..signalering import bereken
    from ..signalering.opslag import lees_beoordelingen, status
    from ..signalering.signaal import bepaling_json, tekst_hash
    from ..store import open_store

    config = Config.from_env()
    iris = Iris(config.base_iri)
    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, disable=args.json or not console.is_terminal, transient=True) as bar:
        taak = bar.add_task("Opslag lezen", total=5)
        try:
            store = open_store(config, read_only=True)
        except KennisbankFout:
            raise
        try:
            import pyoxigraph as ox

            data = store.export("application/n-quads")
        finally:
            store.close()
        if not data:
            raise KennisbankFout("De opslag is leeg. Draai eerst 'kennisbank build'.")
        triples = [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)]

        def voortgang(stap: str, gedaan: int, totaal: int) -> None:
            bar.update(taak, description=stap.capitalize(), completed=gedaan, total=totaal)

        res = bereken(triples, iris.kb, voortgang=voortgang)
    beoordelingen = lees_beoordelingen(config.data_dir)
    lijst = [s for s in res.signalen if not args.soort or s.soort == args.soort]
    if args.aantal:
        lijst = lijst[: args.aantal]
    uit = []
    for s in lijst:
        d = {"id": s.id, "soort": s.soort, "score": s.score, "uitleg": s.uitleg,
             "status": status({"id": s.id, "tekstHash": tekst_hash(res.gegevens, s.bepalingen)}, beoordelingen),
             "bepalingen": [bepaling_json(res.gegevens, b) for b in s.bepalingen]}
        uit.append(d)
    if args.json:
        json.dump(uit, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"{len(res.signalen)} signalen in {res.seconden.get('totaal', 0):.1f} s; de beste {len(uit)}:")
    for i, d in enumerate(uit, 1):
        namen = ", ".join(b["naam"] for b in d["bepalingen"][:3])
        print(f"{i:>3}. [{d['soort']}] score {d['score']:.2f} ({d['status']}) — {namen}")
        print(f"     {d['uitleg']}")
    return 0
