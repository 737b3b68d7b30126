"""`kennisbank regels`: import the regulations from official BWB XML (or harvested YAML)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..config import Config


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "regels",
        help="lees wetten en regelingen in (officiële BWB-XML)",
        description="Lees wetten en regelingen in als regels/{BWBID}.ttl, met hun versies.",
    )
    regels_subparsers = p.add_subparsers(dest="regels_opdracht", metavar="OPDRACHT", title="opdrachten")
    regels_subparsers.required = True

    imp = regels_subparsers.add_parser(
        "importeer",
        help="lees een BWB-toestand (.xml) of een geoogste tekst (.yaml) in",
        description="Lees een officiële BWB-toestand (.xml) of een geoogste wettekst (.yaml) in en voeg die als "
        "versie toe aan regels/{BWBID}.ttl. Eerder ingelezen versies blijven behouden.",
    )
    imp.add_argument("pad", metavar="PAD", help="het XML- of YAML-bestand")
    imp.add_argument("--uit", metavar="MAP", help="map voor het Turtle-bestand (standaard: regels/ in de bronmap)")
    imp.add_argument("--wti", metavar="PAD", help="WTI-bestand (wetstechnische informatie) van dezelfde regeling")
    imp.set_defaults(func=_importeer)

    haal = regels_subparsers.add_parser(
        "haal",
        help="haal een regeling op uit de officiële BWB-repository en lees haar in",
        description="Haal de versie van een regeling die op een datum gold op uit de BWB-repository van KOOP "
        "en lees haar in.",
    )
    haal.add_argument("bwb_id", metavar="BWBID", help="het BWB-id, bijvoorbeeld BWBR0035362")
    haal.add_argument("--datum", metavar="JJJJ-MM-DD", help="de versie die op deze datum gold (standaard: vandaag)")
    haal.add_argument("--repository", metavar="URL", help="adres van de repository (standaard: "
                      "https://repository.officiele-overheidspublicaties.nl)")
    haal.add_argument("--wti", action="store_true", help="haal ook de wetstechnische informatie (WTI) op")
    haal.add_argument("--uit", metavar="MAP", help="map voor het Turtle-bestand (standaard: regels/ in de bronmap)")
    haal.set_defaults(func=_haal)

    try:
        from .regels_herken import register as _reg_herken
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.regels_herken":
            raise
    else:
        _reg_herken(regels_subparsers)


def _importeer(args: argparse.Namespace) -> int:
    from ..regels import importeer

    r = importeer(Path(args.pad), uit=Path(args.uit) if args.uit else None,
                  wti=Path(args.wti) if args.wti else None, config=Config.from_env())
    print(samenvatting(r))
    return 0


def _haal(args: argparse.Namespace) -> int:
    from ..regels.haal import haal

    r, gekozen = haal(args.bwb_id, datum=args.datum, repository=args.repository, met_wti=args.wti,
                      uit=Path(args.uit) if args.uit else None, config=Config.from_env())
    print(f"Opgehaald: {args.bwb_id.upper()} versie {gekozen.label} (geldig vanaf {gekozen.datum}).")
    print(samenvatting(r))
    return 0


def _lijst(nummers: list[str], max_aantal: int = 40) -> str:
    if len(nummers) <= max_aantal:
        return ", ".join(nummers)
    return ", ".join(nummers[:max_aantal]) + f" en {len(nummers) - max_aantal} meer"


def samenvatting(r) -> str:
    """The Dutch summary of one import."""
    v = r.verschil
    regels = [f"{r.titel} ({r.bwb_id}), versie {r.datum}: {r.aantal_artikelen} artikelen ingelezen naar {r.pad}."]
    if r.vorige is None:
        regels.append("Dit is de eerste ingelezen versie.")
    elif r.richting == "na":
        regels.append(f"Wijzigingen ten opzichte van de versie van {r.vorige}:")
    else:
        regels.append(f"Deze versie is ouder dan de al ingelezen versie van {r.vorige}; wijzigingen van deze "
                      f"versie naar die van {r.vorige}:")
    if r.vorige is not None:
        b = v.bepalingen
        regels.append(f"  artikelen: {len(v.toegevoegd)} toegevoegd, {len(v.gewijzigd)} gewijzigd, "
                      f"{len(v.vervallen)} vervallen, {v.ongewijzigd} ongewijzigd")
        regels.append(f"  alle bepalingen (artikelen, leden, onderdelen): {b['toegevoegd']} toegevoegd, "
                      f"{b['gewijzigd']} gewijzigd, {b['vervallen']} vervallen, {b['ongewijzigd']} ongewijzigd")
        if v.toegevoegd:
            regels.append(f"  toegevoegde artikelen: {_lijst(v.toegevoegd)}")
        if v.vervallen:
            regels.append(f"  vervallen artikelen: {_lijst(v.vervallen)}")
        if v.gewijzigd:
            regels.append(f"  gewijzigde artikelen: {_lijst(v.gewijzigd)}")
    regels.append(f"Versies in het bestand: {', '.join(r.toestanden)} ({r.aantal_triples} triples).")
    for w in r.waarschuwingen:
        regels.append(f"Let op: {w}")
    return "\n".join(regels)
