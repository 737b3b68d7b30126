"""`kennisbank token maak|intrekken|lijst`: API tokens for wijkteams and projectleiders."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("token", help="maak, toon en trek API-tokens in",
                       description="Beheer de tokens waarmee wijkteams en projectleiders de API gebruiken. "
                       "Alleen een hash van elk token wordt bewaard.")
    tsub = p.add_subparsers(dest="tokenopdracht", metavar="OPDRACHT", title="opdrachten")
    tsub.required = True
    m = tsub.add_parser("maak", help="maak een nieuw token (het token wordt één keer getoond)",
                        description="Maak een nieuw token. Het token staat als laatste woord in de uitvoer.")
    m.add_argument("--rol", required=True, choices=["wijkteam", "projectleider"], help="rol van het token")
    m.add_argument("--gemeente", help="TOOI-code van de gemeente (verplicht voor een wijkteam), bijv. gm0772")
    m.add_argument("--adres", default=None,
                   help="adres van de server voor de eenmalige inloglink (standaard $KENNISBANK_ADRES of "
                        "http://127.0.0.1:8000)")
    m.set_defaults(func=maak)
    link = tsub.add_parser("inloglink", help="maak een nieuwe eenmalige inloglink voor de werkruimte",
                           description="Maak een eenmalige inloglink naar de werkruimte voor een bestaand token. "
                           "De link bevat niet het token maar een aparte code, die 15 minuten geldig is en één keer werkt.")
    link.add_argument("id", metavar="TOKEN-ID", help="het id van het token (zie 'kennisbank token lijst')")
    link.add_argument("--adres", default=None, help="adres van de server (standaard $KENNISBANK_ADRES of http://127.0.0.1:8000)")
    link.set_defaults(func=inloglink)
    i = tsub.add_parser("intrekken", help="trek een token in (met het token zelf of zijn id)",
                        description="Trek een token in; het werkt daarna niet meer.")
    i.add_argument("token", metavar="TOKEN-OF-ID", help="het token of zijn id (zie 'kennisbank token lijst')")
    i.set_defaults(func=intrekken)
    lst = tsub.add_parser("lijst", help="toon alle tokens (zonder de tokens zelf)",
                          description="Toon id, rol, gemeente en status van alle tokens.")
    lst.set_defaults(func=lijst)


def _tokens():
    from ..config import Config
    from ..tokens import Tokens

    return Tokens(Config.from_env().data_dir)


def _link(token_id: str, adres: str | None) -> str:
    import os

    from ..config import Config
    from ..werkruimte import Inlogcodes

    adres = (adres or os.environ.get("KENNISBANK_ADRES") or "http://127.0.0.1:8000").rstrip("/")
    code = Inlogcodes(Config.from_env().data_dir).maak(token_id)
    return f"{adres}/werkruimte/inloggen/link?code={code}"


def maak(args) -> int:
    record, text = _tokens().maak(args.rol, args.gemeente)
    waar = f" voor {record.gemeente}" if record.gemeente else ""
    print("Eenmalige inloglink voor de werkruimte (15 minuten geldig, werkt één keer; bevat niet het token):")
    print(_link(record.id, args.adres))
    print(f"Nieuw token (id {record.id}, rol {record.rol}{waar}). Bewaar het goed; het wordt niet nog eens getoond:")
    print(text)
    return 0


def inloglink(args) -> int:
    from ..fouten import KennisbankFout

    if _tokens().op_id(args.id) is None:
        raise KennisbankFout(f"Er is geen actief token met id '{args.id}' (zie 'kennisbank token lijst').")
    print("Eenmalige inloglink voor de werkruimte (15 minuten geldig, werkt één keer; bevat niet het token):")
    print(_link(args.id, args.adres))
    return 0


def intrekken(args) -> int:
    record = _tokens().intrekken(args.token)
    print(f"Token {record.id} ({record.rol}) is ingetrokken op {record.ingetrokken}.")
    return 0


def lijst(args) -> int:
    tokens = _tokens().lijst()
    if not tokens:
        print("Er zijn nog geen tokens. Maak er een met 'kennisbank token maak --rol …'.")
        return 0
    print(f"{'id':<14}{'rol':<15}{'gemeente':<10}{'aangemaakt':<27}status")
    for t in tokens:
        status = "actief" if t.actief else f"ingetrokken {t.ingetrokken}"
        print(f"{t.id:<14}{t.rol:<15}{(t.gemeente or '-'):<10}{t.aangemaakt:<27}{status}")
    return 0
