"""Errors of the domain layer and SHACL results, mapped to the fields of a form, in Dutch.

The domain layer (kennisbank/domein.py, kennisbank/inzendingen.py) reports every problem as
`{"in", "location", "code", "detail"}` with a JSON pointer (`/titel`, `/citeringen/1/peildatum`,
`/bronnen/0/url`); SHACL results (kennisbank/validate.py `Schending`) carry the property path, mapped to the same
pointers through `domein.PAD_VELD`. A form shows each message next to its field: `veldfouten` groups them by
form field name. A field of a list keeps its position (`citeringen.1`, `bronnen.0`), so a form with one row per
citation or source can put the message in the right row; the list's own name collects them too.

Messages written for API clients ("'citeringen' moet een lijst zijn") are replaced by ones for a person filling
in a form, by error code; messages that already speak to a person (privacy, peildatum, status rules) are kept.
"""

from __future__ import annotations

ALGEMEEN = "formulier"

#: Error code -> the message in a form (None: keep the domain layer's own message).
FORMULIERTEKST = {
    "verplicht": "Vul dit veld in.",
    "geen_tekst": "Vul hier een tekst in.",
    "geen_lijst": "Kies een of meer waarden uit de lijst.",
    "ongeldige_code": "Kies een waarde uit de lijst.",
    "ongeldige_url": "Vul een volledig webadres in, dat begint met https://.",
    "ongeldige_citering": "Kies een bepaling met de bepalingkiezer, of typ een verwijzing zoals 'art. 22a lid 1 Pw'.",
    "ongeldig_kenmerk": "Een kenmerk is kort, bijvoorbeeld KP-44.",
    "ongeldig_id": "Een id bestaat uit kleine letters, cijfers en streepjes.",
}


def _delen(location: str) -> list[str]:
    return [p.replace("~1", "/").replace("~0", "~") for p in location.strip("/").split("/") if p != ""]


def veld_van(location: str | None) -> tuple[str, str | None]:
    """(list or field name, 'name.index' of a row or None) of a JSON pointer: `/citeringen/1/peildatum` ->
    ('citeringen', 'citeringen.1'); `/titel` -> ('titel', None); `/` -> ('formulier', None)."""
    delen = _delen(location or "")
    if not delen:
        return ALGEMEEN, None
    naam = delen[0]
    if len(delen) > 1 and delen[1].isdigit():
        return naam, f"{naam}.{delen[1]}"
    return naam, None


def bericht(fout: dict) -> str:
    return FORMULIERTEKST.get(fout.get("code") or "") or fout.get("detail") or "Dit gegeven is niet goed ingevuld."


def veldfouten(errors: list[dict], velden: set[str] | None = None) -> dict[str, list[str]]:
    """{form field: [Dutch messages]}. A message for a field the form does not have (`velden`) goes to
    'formulier', shown above the form, so nothing is lost."""
    out: dict[str, list[str]] = {}

    def voeg(veld: str, tekst: str) -> None:
        lijst = out.setdefault(veld, [])
        if tekst not in lijst:
            lijst.append(tekst)

    for f in errors:
        naam, rij = veld_van(f.get("location"))
        if f.get("in") == "header":
            naam, rij = ALGEMEEN, None
        if velden is not None and naam not in velden:
            naam, rij = ALGEMEEN, None
        tekst = bericht(f)
        voeg(naam, tekst)
        if rij is not None:
            voeg(rij, tekst)
    return out


def schendingen_naar_fouten(schendingen, iris) -> list[dict]:
    """SHACL results (`Schending`, errors only) as domain-layer errors with the field's JSON pointer."""
    from .domein import PAD_VELD, fout

    out = []
    for s in schendingen:
        if getattr(s, "ernst", "fout") != "fout":
            continue
        pad = s.pad or ""
        key = pad[len(iris.kb):] if pad.startswith(iris.kb) else pad
        out.append(fout("body", PAD_VELD.get(key, "/"), "vormregel", s.bericht))
    return out
