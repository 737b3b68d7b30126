"""Privacy guard: refuse submissions that contain personal data.

`zoek_persoonsgegevens(tekst)` returns every hit with its kind and character position. What counts:

- BSN: 9 digits (also written with dots or spaces in groups 3-3-3 or 4-2-3) that pass the elfproef;
- IBAN: a Dutch or other IBAN with a valid mod-97 checksum (with or without spaces);
- e-mail addresses;
- Dutch phone numbers: mobile (06-…, 06 …, +31 6 …), landline (0xx-…, +31 xx …);
- postcode with house number ("1234 AB 12", "1234AB 12a");
- dates of birth ("geboren op 3 maart 1990", "geb. 03-03-1990", "geboortedatum: …");
- Dutch licence plates in the sidecode formats ("12-ABC-3", "AB-123-C", "1-ABC-23", …).

Numbers that fail the check pass: a case number, an amount ("€ 120.000"), a 9-digit number that fails the
elfproef, article numbers. The guard errs on the side of refusing: a wijkteam can always rephrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .spans import longest_first


@dataclass(frozen=True)
class Persoonsgegeven:
    soort: str  # bsn, iban, e-mail, telefoonnummer, postcode, geboortedatum, kenteken
    begin: int
    eind: int

    @property
    def omschrijving(self) -> str:
        return OMSCHRIJVING[self.soort]


OMSCHRIJVING = {
    "bsn": "een burgerservicenummer (BSN)",
    "iban": "een bankrekeningnummer (IBAN)",
    "e-mail": "een e-mailadres",
    "telefoonnummer": "een telefoonnummer",
    "postcode": "een postcode met huisnummer",
    "geboortedatum": "een geboortedatum",
    "kenteken": "een kenteken",
}

_MAANDEN = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
            "jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec")
_DATUM = rf"(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:\d{{4}}|\d{{2}})|\d{{1,2}}\s+(?:{_MAANDEN})\.?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"

# Not preceded/followed by a digit or letter, so parts of longer numbers and words do not match.
_L = r"(?<![\w])"
_R = r"(?![\w])"

_BSN = re.compile(rf"{_L}(?:\d{{9}}|\d{{3}}[. ]\d{{3}}[. ]\d{{3}}|\d{{4}}[. ]\d{{2}}[. ]\d{{3}}){_R}")
_IBAN = re.compile(rf"{_L}[A-Z]{{2}}\d{{2}}(?:[A-Z0-9]{{11,30}}|(?: [A-Z0-9]{{1,4}}){{3,8}}){_R}", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_TELEFOON = re.compile(
    rf"{_L}(?:"
    r"(?:\+31|0031)[\s\-]?(?:\(0\))?[\s\-]?6(?:[\s\-]?\d){8}"  # +31 6 12345678
    r"|06(?:[\s\-]?\d){8}"  # 06-12345678, 06 12 34 56 78
    r"|(?:\+31|0031)[\s\-]?(?:\(0\))?[\s\-]?[1-57-9]\d(?:[\s\-]?\d){7}"  # +31 20 1234567
    r"|0[1-57-9]\d{1,2}[\s\-](?:\d[\s\-]?){6,7}\d?"  # 020-1234567, 0591-123456
    r"|0[1-57-9]\d{8}"  # 0201234567
    rf"){_R}"
)
_POSTCODE = re.compile(rf"{_L}[1-9]\d{{3}}\s?(?!SA|SD|SS)[A-Z]{{2}}[\s,]+(?:nr\.?\s*)?\d{{1,5}}(?:\s?[a-zA-Z])?{_R}")
_GEBOORTE = re.compile(
    rf"(?:geboren\s+(?:op\s+)?(?:de\s+)?{_DATUM}"
    rf"|geb\.?\s*(?:op\s+)?{_DATUM}"
    rf"|geboortedatum\b(?:\s*[:=]?\s*{_DATUM})?"
    rf"|geboortedag\b)",
    re.IGNORECASE,
)
# Sidecodes 1-14 (letters without vowels are not checked: any letters count, the shape is enough).
_KENTEKEN = re.compile(
    rf"{_L}(?:"
    r"[A-Z]{2}-\d{2}-\d{2}|\d{2}-\d{2}-[A-Z]{2}|\d{2}-[A-Z]{2}-\d{2}|[A-Z]{2}-\d{2}-[A-Z]{2}"
    r"|[A-Z]{2}-[A-Z]{2}-\d{2}|\d{2}-[A-Z]{2}-[A-Z]{2}|\d{2}-[A-Z]{3}-\d|\d-[A-Z]{3}-\d{2}"
    r"|[A-Z]{2}-\d{3}-[A-Z]|[A-Z]-\d{3}-[A-Z]{2}|[A-Z]{3}-\d{2}-[A-Z]|[A-Z]-\d{2}-[A-Z]{3}"
    r"|\d-[A-Z]{2}-\d{3}|\d{3}-[A-Z]{2}-\d"
    rf"){_R}"
)


def elfproef(digits: str) -> bool:
    """The BSN check: sum(9*d1 + 8*d2 + … + 2*d8 - 1*d9) divisible by 11 (and not all zeros)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


def iban_geldig(value: str) -> bool:
    iban = value.replace(" ", "").upper()
    if not (15 <= len(iban) <= 34) or not iban[:2].isalpha() or not iban[2:4].isdigit():
        return False
    if iban[:2] == "NL" and len(iban) != 18:
        return False
    rearranged = iban[4:] + iban[:4]
    try:
        number = int("".join(str(int(ch, 36)) for ch in rearranged))
    except ValueError:
        return False
    return number % 97 == 1


def zoek_persoonsgegevens(tekst: str) -> list[Persoonsgegeven]:
    """Every personal-data hit in `tekst`, by position (overlapping hits: the first and longest wins)."""
    hits: list[Persoonsgegeven] = []
    for m in _BSN.finditer(tekst):
        if elfproef(re.sub(r"\D", "", m.group())):
            hits.append(Persoonsgegeven("bsn", m.start(), m.end()))
    for m in _IBAN.finditer(tekst):
        # A spaced IBAN may run into the next word ("… 00 leeg"): drop trailing groups until it checks.
        text = m.group()
        while text:
            if iban_geldig(text):
                hits.append(Persoonsgegeven("iban", m.start(), m.start() + len(text)))
                break
            if " " not in text:
                break
            text = text.rsplit(" ", 1)[0]
    for m in _EMAIL.finditer(tekst):
        hits.append(Persoonsgegeven("e-mail", m.start(), m.end()))
    for m in _TELEFOON.finditer(tekst):
        hits.append(Persoonsgegeven("telefoonnummer", m.start(), m.end()))
    for m in _POSTCODE.finditer(tekst):
        hits.append(Persoonsgegeven("postcode", m.start(), m.end()))
    for m in _GEBOORTE.finditer(tekst):
        hits.append(Persoonsgegeven("geboortedatum", m.start(), m.end()))
    for m in _KENTEKEN.finditer(tekst):
        hits.append(Persoonsgegeven("kenteken", m.start(), m.end()))
    return longest_first(hits)


def controleer_velden(velden: dict[str, str]) -> list[tuple[str, Persoonsgegeven]]:
    """(field, hit) for every field (JSON pointer or name -> text) that contains personal data."""
    out = []
    for veld, tekst in velden.items():
        if isinstance(tekst, str):
            for hit in zoek_persoonsgegevens(tekst):
                out.append((veld, hit))
    return out
