"""Dutch texts for argparse's own messages (usage, help, errors)."""

import argparse

_TEKSTEN = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "optional arguments": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "invalid %(type)s value: %(value)r": "ongeldige waarde: %(value)r",
    "expected one argument": "verwacht één waarde",
    "expected at most one argument": "verwacht hoogstens één waarde",
    "expected at least one argument": "verwacht ten minste één waarde",
    "ambiguous option: %(option)s could match %(matches)s": "dubbelzinnige optie: %(option)s kan %(matches)s zijn",
    "not allowed with argument %s": "niet toegestaan samen met %s",
    "one of the arguments %s is required": "een van deze argumenten is verplicht: %s",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
}


def _vertaal(tekst: str) -> str:
    return _TEKSTEN.get(tekst, tekst)


argparse._ = _vertaal  # argparse looks its messages up through this name


def ngettext(enkel: str, meervoud: str, n: int) -> str:
    return _vertaal(enkel if n == 1 else meervoud)


argparse.ngettext = ngettext
