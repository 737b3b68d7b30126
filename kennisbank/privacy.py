"""Privacy guard: refuse submissions that contain personal data.

`zoek_persoonsgegevens(tekst)` returns every hit with its kind and its character position in the text as the
user typed it. The text is first normalised (NFKC, so full-width digits and odd spaces count; zero-width
characters and soft hyphens removed; every kind of dash read as '-'); positions are mapped back to the original.

What counts:
- BSN: 9 digits, also split by spaces, dots or dashes in any grouping ("123-456-782", "12 34 56 782"), that pass
  the elfproef;
- IBAN: a Dutch or other IBAN with a valid mod-97 checksum (with or without spaces);
- e-mail addresses, also written around the '@' ("piet(at)gmail.com", "piet [at] gmail [dot] com",
  "piet apenstaartje gmail punt com");
- phone numbers: found and validated with `phonenumbers` (Google's libphonenumber, for the Dutch numbering plan
  and international numbers), so "06 - 12 34 56 78", "(06) 1234 5678", "+31 (0)20 …", "0031 6 …" and landlines
  count; numbers of organisations (0800, 0900, 0906/0909, 14 0xx) do not;
- postcode with house number ("1234 AB 12", "1234ab 12a", "1234 ab 12");
- dates of birth: a date near a birth word, in either order ("geboren op 3 maart 1990", "op 3 maart 1987
  geboren", "geb. 03-03-1990", "geboortedatum: …", "geboren in 1987"), and the word geboortedatum itself;
- Dutch licence plates in all sidecode formats, any case ("12-ABC-3", "xx-123-x");
- street and house number ("Kerkstraat 12", "Lange Nieuwstraat 3a");
- a person's name after a title ("mevrouw Jansen", "Dhr. P. de Vries", "mw. De Boer", "meneer Yilmaz").

Ordinary texts pass: amounts ("€ 1.234,56"), article numbers ("art. 22a lid 1 Pw", "8:69 Awb"), case numbers
(ECLI, "23/1234 PW"), dates without a birth context, names of organisations, laws and places. The guard errs
on the side of refusing: a wijkteam can always rephrase.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import phonenumbers

from .spans import longest_first


@dataclass(frozen=True)
class Persoonsgegeven:
    soort: str  # bsn, iban, e-mail, telefoonnummer, postcode, geboortedatum, kenteken, adres, naam
    begin: int  # position in the original text
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
    "adres": "een straat met huisnummer",
    "naam": "een naam met aanhef (zoals 'mevrouw Jansen')",
}

# --- normalisation -----------------------------------------------------------------------------------------------
_WEG = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u2061", "\u2062", "\u2063", "\u2064"}
_STREEPJES = {"\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\ufe58", "\ufe63", "\uff0d"}


def normaliseer(tekst: str) -> tuple[str, list[int]]:
    """(normalised text, for every character of it the position in `tekst` it came from; plus one sentinel)."""
    uit: list[str] = []
    plek: list[int] = []
    for i, c in enumerate(tekst):
        if c in _WEG or unicodedata.category(c) == "Cf":
            continue
        n = "-" if c in _STREEPJES else unicodedata.normalize("NFKC", c)
        for d in n:
            uit.append("-" if d in _STREEPJES else " " if d.isspace() and d not in "\n\r\t" else d)
            plek.append(i)
    plek.append(len(tekst))
    return "".join(uit), plek


# --- patterns (on the normalised text) ------------------------------------------------------------------------
_MAANDEN = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
            "jan|feb|febr|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec")
_DAG = r"\d{1,2}(?:e|ste|de)?"
_DATUM = (rf"(?:\d{{1,2}}\s?[-/.]\s?\d{{1,2}}\s?[-/.]\s?(?:\d{{4}}|\d{{2}})(?!\d)"
          rf"|{_DAG}\s+(?:{_MAANDEN})\.?\s+'?\d{{2,4}}(?!\d)"
          rf"|\d{{4}}-\d{{2}}-\d{{2}}"
          rf"|(?:{_MAANDEN})\.?\s+\d{{4}}(?!\d))")
_JAAR = r"(?:19|20)\d{2}(?!\d)"

# Not preceded/followed by a letter or digit, so parts of longer numbers and words do not match.
_L = r"(?<![\w])"
_R = r"(?![\w])"

# 9 digits, each separated by at most one space, dot or dash; not part of a longer run of such digits
_BSN = re.compile(r"(?<![\w])(?<!\d[ .\-])\d(?:[ .\-]?\d){8}(?![\w])(?![ .\-]\d)")
_IBAN = re.compile(rf"{_L}[A-Z]{{2}}\d{{2}}(?:[A-Z0-9]{{11,30}}|(?: [A-Z0-9]{{1,4}}){{3,8}}){_R}", re.IGNORECASE)
# Local parts start where such characters start and are at most 64 long (RFC 5321): linear time on any text.
_LOKAAL = r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{1,64}"
_EMAIL = re.compile(rf"{_LOKAAL}@[A-Za-z0-9\-]{{1,63}}(?:\.[A-Za-z0-9\-]{{1,63}}){{0,8}}\.[A-Za-z]{{2,24}}")
_AT = r"(?:\s*[(\[{<]\s*(?:at|apenstaartje|a)\s*[)\]}>]\s*|\s+(?:at|apenstaartje)\s+|\s*@\s*)"
_DOT = r"(?:\s*[(\[{<]\s*(?:dot|punt)\s*[)\]}>]\s*|\s+(?:dot|punt)\s+|\.)"
_EMAIL_VERHULD = re.compile(
    rf"{_LOKAAL}{_AT}[A-Za-z0-9\-]{{1,63}}(?:{_DOT}[A-Za-z0-9\-]{{1,63}}){{0,8}}{_DOT}(?:[a-z]{{2,6}}|[A-Z]{{2,6}}){_R}",
    re.IGNORECASE)
# Two-letter Dutch words that, lower case after four digits, are a sentence rather than a postcode ("2023 de 12").
_GEEN_POSTCODE = {"de", "en", "in", "op", "om", "te", "al", "is", "na", "zo", "ze", "we", "je", "er", "of", "ik",
                  "nu", "ja", "uw", "nr", "tm", "ca", "sa", "sd", "ss", "af", "aan"}
_POSTCODE = re.compile(rf"{_L}[1-9]\d{{3}}\s?([A-Za-z]{{2}})[\s,]+(?:nr\.?\s*)?\d{{1,5}}(?:\s?[a-zA-Z])?{_R}")
_GEBOORTEWOORD = r"(?:geboren|geb\.?|geboortedatum|geboortedag|geb\.?\s?datum|geboortejaar|geboorte)"
_GEBOORTE = re.compile(
    rf"{_L}{_GEBOORTEWOORD}[^.;!?\n]{{0,40}}?(?:{_DATUM}|(?<=in ){_JAAR}|(?<=jaar ){_JAAR}|(?<=: ){_JAAR})"
    rf"|{_L}(?:{_DATUM})[^;!?\n]{{0,25}}?{_L}(?:geboren|geb\.)"
    rf"|{_L}(?:geboortedatum|geboortedag|geb\.\s?datum){_R}",
    re.IGNORECASE,
)
# Sidecodes 1-14 (letters without vowels are not checked: any letters count, the shape is enough).
_KENTEKEN = re.compile(
    rf"{_L}(?:"
    r"[A-Z]{2}-\d{2}-\d{2}|\d{2}-\d{2}-[A-Z]{2}|\d{2}-[A-Z]{2}-\d{2}|[A-Z]{2}-\d{2}-[A-Z]{2}"
    r"|[A-Z]{2}-[A-Z]{2}-\d{2}|\d{2}-[A-Z]{2}-[A-Z]{2}|\d{2}-[A-Z]{3}-\d|\d-[A-Z]{3}-\d{2}"
    r"|[A-Z]{2}-\d{3}-[A-Z]|[A-Z]-\d{3}-[A-Z]{2}|[A-Z]{3}-\d{2}-[A-Z]|[A-Z]-\d{2}-[A-Z]{3}"
    r"|\d-[A-Z]{2}-\d{3}|\d{3}-[A-Z]{2}-\d"
    rf"){_R}",
    re.IGNORECASE,
)
_MAAND_AFKORTINGEN = set(_MAANDEN.split("|"))
_STRAAT_ACHTER = ("straat|laan|weg|plein|gracht|kade|singel|dreef|hof|steeg|pad|dijk|markt|plantsoen|boulevard|"
                  "hofje|pleintje|wal|haven|park")
# A house number, not followed by a unit (then it is an amount or a duration, not an address).
_HUISNUMMER = (r"\d{1,4}(?!\d)(?:\s?[-/]\s?\d{1,4}(?!\d))?(?:\s?[a-zA-Z](?![\w]))?(?:\s?(?:bis|hs|bg|zw|rd|I{1,3})(?![\w]))?"
               r"(?![\d,.:]\d)(?!\s*(?:%|procent|jaar|jaren|maanden|maand|weken|week|dagen|dag|uur|uren|keer|"
               r"euro|eur|km|kilometer|meter|minuten|personen|mensen|kinderen|gezinnen|huishoudens|cliënten|"
               r"woningen|gevallen|leden|x)(?![\w]))")
_GEEN_STRAAT = {"onderweg", "halfweg", "zijweg", "snelweg", "uitweg", "omweg", "ereweg", "hof", "weg", "pad", "baan",
                "loopbaan", "dam", "wal", "erf", "veld", "park", "lei", "burg", "oord", "haven", "markt", "kanaal",
                "arbeidsmarkt", "woningmarkt", "gerechtshof", "werkveld", "speelveld", "startbaan", "vaarweg"}
_ADRES = re.compile(
    rf"(?<![\w'\-])((?:[A-Z][\w'\-]{{0,30}}\s+){{0,2}}(?:[^\W\d_][\w'\-]{{0,40}}?)?(?i:{_STRAAT_ACHTER}))"
    rf"\s+(?:nr\.?\s*|nummer\s+)?{_HUISNUMMER}")
_TITELS = (r"mevrouw|mevr\.?|mw\.?|mvr\.?|meneer|mijnheer|mnr\.?|dhr\.?|de\s+heer|juffrouw|"
           r"mr\.|dr\.|drs\.|ir\.|ing\.|prof\.")
_TUSSENVOEGSEL = r"(?:(?:van|de|der|den|ter|ten|te|het|'t|in|op|el|al|le|la|du|da|dos|di|von|zu|vd|v\.d\.)\s+){0,3}"
_NAAM = re.compile(
    rf"(?<![\w])(?:{_TITELS})\s+(?:(?:[A-Z]\.\s?){{1,4}}\s*)?{_TUSSENVOEGSEL}([A-Z][a-zà-ÿ'\-]+(?:-[A-Z][a-zà-ÿ'\-]+)?)",
    re.IGNORECASE)
# Capitalised words after a title that are no name (placeholders of an anonymised text, ordinary words).
_GEEN_NAAM = {"x", "y", "z", "a", "b", "c", "n", "nn", "de", "het", "een", "is", "was", "en", "die", "dat", "zelf",
              "heeft", "had", "kan", "zou", "wil", "werd", "wordt", "uit", "voorzitter", "minister", "staatssecretaris",
              "wethouder", "burgemeester", "rechter", "advocaat", "cliënt", "client", "bewindvoerder"}


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


_ORGANISATIE_NUMMERS = {phonenumbers.PhoneNumberType.TOLL_FREE, phonenumbers.PhoneNumberType.PREMIUM_RATE,
                        phonenumbers.PhoneNumberType.SHARED_COST, phonenumbers.PhoneNumberType.UAN}


def _telefoonnummers(tekst: str):
    """(begin, end) of phone numbers, by libphonenumber (valid numbers only, Dutch numbering plan as default)."""
    for m in phonenumbers.PhoneNumberMatcher(tekst, "NL", leniency=phonenumbers.Leniency.VALID):
        raw = m.raw_string.lstrip()
        if not raw[:1] in "0+(":  # a bare 9-digit number is no phone number written by a person
            continue
        if phonenumbers.number_type(m.number) in _ORGANISATIE_NUMMERS or raw.replace(" ", "").startswith("14"):
            continue
        yield m.start, m.end


def _zoek(norm: str) -> list[tuple[str, int, int]]:
    hits: list[tuple[str, int, int]] = []
    for m in _BSN.finditer(norm):
        if elfproef(re.sub(r"\D", "", m.group())) and not re.search(r"(?:€|eur|euro)\s*$", norm[max(0, m.start() - 6):m.start()], re.I):
            hits.append(("bsn", m.start(), m.end()))
    for m in _IBAN.finditer(norm):
        # A spaced IBAN may run into the next word ("… 00 leeg"): drop trailing groups until it checks.
        text = m.group()
        while text:
            if iban_geldig(text):
                hits.append(("iban", m.start(), m.start() + len(text)))
                break
            if " " not in text:
                break
            text = text.rsplit(" ", 1)[0]
    for m in _EMAIL.finditer(norm):
        hits.append(("e-mail", m.start(), m.end()))
    for m in _EMAIL_VERHULD.finditer(norm):
        hits.append(("e-mail", m.start(), m.end()))
    for begin, eind in _telefoonnummers(norm):
        hits.append(("telefoonnummer", begin, eind))
    for m in _POSTCODE.finditer(norm):
        letters = m.group(1)
        if letters.upper() in ("SA", "SD", "SS") or (letters.lower() in _GEEN_POSTCODE and not letters.isupper()):
            continue
        hits.append(("postcode", m.start(), m.end()))
    for m in _GEBOORTE.finditer(norm):
        hits.append(("geboortedatum", m.start(), m.end()))
    for m in _KENTEKEN.finditer(norm):
        if any(part.lower() in _MAAND_AFKORTINGEN for part in m.group().split("-")):
            continue  # 1-jan-23 is a date
        hits.append(("kenteken", m.start(), m.end()))
    for m in _ADRES.finditer(norm):
        straat = m.group(1).split()[-1].lower()
        if straat in _GEEN_STRAAT:
            continue
        hits.append(("adres", m.start(), m.end()))
    for m in _NAAM.finditer(norm):
        naam = m.group(1)
        if not naam[0].isupper() or naam.lower().strip(".") in _GEEN_NAAM:
            continue
        hits.append(("naam", m.start(), m.end()))
    return hits


def zoek_persoonsgegevens(tekst: str) -> list[Persoonsgegeven]:
    """Every personal-data hit in `tekst`, by position in `tekst` (overlapping hits: the first and longest wins)."""
    norm, plek = normaliseer(tekst)
    hits = [Persoonsgegeven(soort, plek[b], plek[e - 1] + 1) for soort, b, e in _zoek(norm)]
    return longest_first(hits)


def controleer_velden(velden: dict[str, str]) -> list[tuple[str, Persoonsgegeven]]:
    """(field, hit) for every field (JSON pointer or name -> text) that contains personal data."""
    out = []
    for veld, tekst in velden.items():
        if isinstance(tekst, str):
            for hit in zoek_persoonsgegevens(tekst):
                out.append((veld, hit))
    return out
