"""`kennisbank build`."""

from __future__ import annotations

import argparse

from ..config import Config

STAPPEN = {"inlezen": "Bestanden inlezen", "controleren": "Vormregels controleren (SHACL)",
           "redeneren": "Redeneren (OWL)", "opslaan": "Opslaan", "zoekindex": "Zoekindex bouwen",
           "signaleren": "Signaleren (botsende normen)"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "build",
        help="bouw de kennisbank uit de bestanden (inlezen, controleren, redeneren, opslaan)",
        description="Leest alle Turtle-bestanden onder ontologie/, regels/, organisaties/, experimenten/, "
        "knelpunten/ en praktijkvoorbeelden/, controleert ze met de SHACL-vormregels, laat de redeneerder "
        "de ontologie toetsen en schrijft alles naar de opslag. Bij een fout verandert er niets.",
    )
    p.add_argument("--zonder-redeneerder", action="store_true",
                   help="sla de OWL-redeneerder over (sneller; alleen voor ontwikkelwerk)")
    p.add_argument("--stil", action="store_true", help="toon geen voortgang, alleen de samenvatting")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..build import build

    config = Config.from_env()
    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, disable=args.stil, transient=False) as bar:
        tasks: dict[str, int] = {}

        def progress(stap: str, gedaan: int, totaal: int) -> None:
            if stap not in tasks:
                tasks[stap] = bar.add_task(STAPPEN.get(stap, stap), total=totaal)
            bar.update(tasks[stap], completed=gedaan, total=totaal)

        result = build(config, progress, reason=not args.zonder_redeneerder)

    s = result.seconds
    print(f"Kennisbank gebouwd in {s.get('totaal', 0):.1f} s.")
    print(f"  bestanden: {result.files}, triples: {result.triples}")
    print(f"  gecontroleerd: {result.validated} (uit cache: {result.from_cache}) in {s.get('controleren', 0):.1f} s")
    if args.zonder_redeneerder:
        print("  redeneerder: overgeslagen")
    else:
        print(f"  redeneerder: consistent, {result.inferred} afgeleide triples in {s.get('redeneren', 0):.1f} s")
    if result.citeringen:
        from ..verificatie import LABEL
        delen = ", ".join(f"{n} {LABEL.get(k, k)}" for k, n in result.citeringen.items())
        print(f"  citeringen gecontroleerd tegen de wettekst: {delen}")
    print(f"  gepubliceerde inzendingen overgenomen: {result.submissions}")
    print(f"  nieuwe revisies uit bestanden: {result.revisies}")
    if result.conflicten:
        print(f"  CONFLICTEN ({len(result.conflicten)}): bestand en API veranderden dezelfde bron; de bewerking via de "
              "API blijft geldend, de bestandsversie is bewaard als revisie (zie README, 'Revisies en conflicten'):")
        for regel in result.conflicten:
            print(f"    - {regel}")
    if result.verificatiemeldingen:
        print(f"  NIET GECONTROLEERD ({len(result.verificatiemeldingen)}): een geldende bewerking voldoet niet aan de "
              "regels voor citeringen en statussen; zij blijft geldend (zie README, 'Revisies en conflicten'):")
        for regel in result.verificatiemeldingen:
            print(f"    - {regel}")
    print(f"  signalen: {result.signals} in {s.get('signaleren', 0):.1f} s")
    print(f"  zoekindex: {result.search_documents} documenten in {s.get('zoekindex', 0):.1f} s")
    if result.removed_graphs:
        print(f"  verwijderde grafen (bestand bestaat niet meer): {len(result.removed_graphs)}")
    print(f"  opslag: {result.store}")
    return 0
