"""Modality of a Dutch legal sentence: what kind of norm it states (normtype) and which way it pushes (richting).

Rules on the phrasing of Dutch legislation, strongest first: an exclusion or prohibition ("wordt geen …
verleend", "heeft geen recht op", "is niet van toepassing", "is verboden") beats a sanction ("kan … verlagen",
"legt een bestuurlijke boete op"), which beats an obligation ("is verplicht", "dient", "draagt zorg"), a right
("heeft recht op"), an incentive ("buiten beschouwing gelaten", "vrijlating"), a power ("kan", "is bevoegd")
and a condition ("indien", "voor zover"). Qualifiers ("met dien verstande", "in afwijking van",
"onverminderd", "tenzij") are reported separately: they make a provision an exception to another one.

The result's codes are the slugs of the normtypen and richtingen schemes (ontologie/begrippen/).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_F = re.IGNORECASE


@dataclass(frozen=True)
class Modaliteit:
    normtype: str  # gebod, verbod, sanctie, aanspraak, prikkel, bevoegdheid, voorwaarde
    richting: str  # stimuleert, ontmoedigt, neutraal
    zekerheid: float
    signaal: str  # the phrase that decided it
    kwalificaties: tuple[str, ...] = field(default=())


# (normtype, richting, zekerheid, pattern) — strongest first
_REGELS: list[tuple[str, str, float, re.Pattern]] = [
    ("verbod", "ontmoedigt", 0.9, re.compile(
        r"\b(?:wordt|worden)\s+geen\b[^.;]{0,120}?\b(?:verleend|toegekend|verstrekt|betaald)\b"
        r"|\b(?:heeft|hebben)\s+geen\s+(?:recht|aanspraak)\b"
        r"|\bgeen\s+recht\s+op\b"
        r"|\b(?:is|zijn)\s+(?:het\s+)?verboden\b|\bverbiedt\b"
        r"|\b(?:mag|mogen)\s+(?:geen|niet)\b|\b(?:is|zijn)\s+niet\s+toegestaan\b"
        r"|\bkomt\s+niet\s+in\s+aanmerking\b|\bkomen\s+niet\s+in\s+aanmerking\b"
        r"|\b(?:wordt|worden)\s+niet\s+(?:verleend|toegekend|verstrekt)\b", _F)),
    ("voorwaarde", "ontmoedigt", 0.75, re.compile(
        r"\b(?:is|zijn)\s+niet\s+van\s+toepassing\b|\bgeldt\s+niet\b|\bgelden\s+niet\b"
        r"|\b(?:is|zijn)\s+niet\s+gehouden\b", _F)),
    ("sanctie", "ontmoedigt", 0.85, re.compile(
        r"\b(?:kan|kunnen|zal|zullen)\b[^.;]{0,100}?\b(?:verlag\w*|verlaagd|weiger\w*|intrek\w*|ingetrokken|"
        r"terug\s*te\s*vorderen|terugvorder\w*|teruggevorderd|opschort\w*|beëindig\w*|herzien)\b"
        r"|\b(?:verlaagt|weigert|vordert)\b"
        r"|\b(?:legt|leggen)\b[^.;]{0,60}?\bboete\b|\bbestuurlijke\s+boete\b|\bboete\b"
        r"|\b(?:wordt|worden)\b[^.;]{0,80}?\b(?:verlaagd|teruggevorderd|ingetrokken|verhoogd\s+met)\b"
        r"|\bstrafbaar\b|\bwordt\s+gestraft\b|\bmaatregel\b", _F)),
    ("gebod", "stimuleert", 0.85, re.compile(
        r"\b(?:is|zijn)\s+verplicht\b|\bverplicht\s+(?:zich|is)\b|\bverplichting\b"
        r"|\b(?:dient|dienen)\b|\b(?:moet|moeten)\b"
        r"|\b(?:draagt|dragen)\s+(?:er\s+)?zorg\b|\bzorgt\s+(?:er\s+)?voor\b"
        r"|\bgeeft\s+(?:onverwijld\s+)?gelegenheid\b|\b(?:doet|doen)\s+(?:onverwijld\s+)?mededeling\b"
        r"|\bverstrekt\b|\btreft\b|\bbiedt\b|\bbeslist\b|\bneemt\b[^.;]{0,40}\bbesluit\b"
        r"|\b(?:heeft|hebben)\s+tot\s+taak\b|\bverplicht\b", _F)),
    ("aanspraak", "stimuleert", 0.85, re.compile(
        r"\b(?:heeft|hebben)\s+recht\s+op\b|\brecht\s+op\b|\b(?:heeft|hebben)\s+aanspraak\b"
        r"|\bkomt\s+in\s+aanmerking\b|\bkomen\s+in\s+aanmerking\b|\bwordt\s+verleend\b|\bkent\b[^.;]{0,60}\btoe\b", _F)),
    ("prikkel", "stimuleert", 0.7, re.compile(
        r"\bbuiten\s+beschouwing\b|\bvrijlating\b|\bvrijgelaten\b|\bpremie\b|\bniet\s+in\s+aanmerking\s+genomen\b", _F)),
    ("bevoegdheid", "neutraal", 0.65, re.compile(
        r"\b(?:kan|kunnen)\b|\b(?:is|zijn)\s+bevoegd\b|\b(?:mag|mogen)\b|\bontheffing\b|\bvrijstelling\b"
        r"|\bafzien\b|\bstemt\b[^.;]{0,80}\baf\b", _F)),
    ("voorwaarde", "neutraal", 0.55, re.compile(
        r"\bindien\b|\bvoor\s+zover\b|\bmits\b|\bvoorwaarde\b|\bslechts\b|\buitsluitend\b", _F)),
]

_KWALIFICATIES = [
    ("met dien verstande", re.compile(r"\bmet\s+dien\s+verstande\b", _F)),
    ("in afwijking van", re.compile(r"\bin\s+afwijking\s+van\b", _F)),
    ("onverminderd", re.compile(r"\bonverminderd\b", _F)),
    ("tenzij", re.compile(r"\btenzij\b", _F)),
    ("behoudens", re.compile(r"\bbehoudens\b", _F)),
]

#: Powers whose object is an exemption push the handeling the other way ("ontheffing van de arbeidsverplichting").
_ONTHEFFING = re.compile(r"\bontheffing\b|\bvrijstelling\b|\bvrijgesteld\b|\bafzien\b|\bbuiten\s+toepassing\b", _F)


#: "… aan een persoon die geen recht op bijstand heeft": a relative clause describes someone, it is not the norm.
_RELATIEF = re.compile(r"\b(?:die|dat|wie)\s+(?:\w+\s+)?$", _F)


#: A definition in a list of definitions ("- accommodatie: …") states no norm.
_DEFINITIE = re.compile(r"^\s*[-–•]\s*[^:;.]{1,60}:")


def modaliteit(zin: str) -> Modaliteit | None:
    """The modality of one sentence, or None when it states no norm (a definition, a reference …)."""
    if not zin or not zin.strip() or _DEFINITIE.match(zin):
        return None
    kwal = tuple(naam for naam, pat in _KWALIFICATIES if pat.search(zin))
    for normtype, richting, zekerheid, pat in _REGELS:
        m = next((m for m in pat.finditer(zin) if not _RELATIEF.search(zin[max(0, m.start() - 12):m.start()])), None)
        if m is None:
            continue
        if normtype == "bevoegdheid" and _ONTHEFFING.search(zin):
            richting = "ontmoedigt"
        if kwal:
            zekerheid = round(zekerheid * 0.9, 3)
        return Modaliteit(normtype, richting, zekerheid, m.group(0).strip(), kwal)
    if kwal:
        return Modaliteit("voorwaarde", "neutraal", 0.5, kwal[0], kwal)
    return None


_ZIN = re.compile(r"(?<=[.;:])\s+(?=[A-Z0-9])|\n+")


def zinnen(tekst: str) -> list[str]:
    """Split a provision's text into sentences and list items (one line per alinea/item in the data)."""
    out = []
    for deel in _ZIN.split(tekst or ""):
        deel = deel.strip()
        if len(deel) >= 8:
            out.append(deel)
    return out
