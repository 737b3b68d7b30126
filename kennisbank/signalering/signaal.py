"""The Signaal: kind, provisions, score, plain-Dutch explanation, and its stable id."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from .gegevens import Gegevens

SOORTEN = {
    "tegengestelde-normen": "Tegengestelde normen",
    "drempels-en-overgangen": "Drempels en overgangen",
    "samen-geciteerd": "Samen geciteerd",
    "gewijzigd-sinds": "Gewijzigd sinds",
}
STATUSSEN = ("open", "bevestigd", "afgewezen")


@dataclass
class Signaal:
    soort: str
    bepalingen: list[str]  # provision IRIs (Lid or Artikel), in the order the explanation names them
    score: float
    uitleg: str
    details: dict = field(default_factory=dict)
    knelpunt: str | None = None  # gewijzigd-sinds: the knelpunt to review
    id: str = ""

    def __post_init__(self):
        if not self.id:
            self.id = signaal_id(self.soort, self.bepalingen, self.knelpunt)


def signaal_id(soort: str, bepalingen: list[str], knelpunt: str | None = None) -> str:
    """Stable: the same kind and provisions give the same id in every build."""
    h = hashlib.sha256("\n".join([soort, knelpunt or "", *sorted(set(bepalingen))]).encode("utf-8"))
    return h.hexdigest()[:16]


def tekst_hash(g: Gegevens, bepalingen: list[str]) -> str:
    """A hash of the texts valid today: a dismissal holds as long as this stays the same."""
    h = hashlib.sha256()
    for b in sorted(set(bepalingen)):
        h.update(b.encode("utf-8") + b"\x1f" + g.tekst(b).encode("utf-8") + b"\x1e")
    return h.hexdigest()[:16]


def naam(g: Gegevens, iri: str) -> str:
    """'artikel 9, eerste lid, Participatiewet' style, short: 'art. 9 lid 1 Participatiewet'."""
    b = g.bepalingen.get(iri)
    if b is None:
        return iri.rsplit("/id/", 1)[-1]
    art = g.bepalingen.get(g.artikel_van(iri) or "")
    r = g.regelingen.get(b.regeling)
    wet = (r.titel or r.bwb) if r else b.regeling.rsplit("/", 1)[-1]
    out = f"art. {art.nummer if art else b.nummer}"
    if b.soort == "Lid":
        out += f" lid {b.nummer}"
    elif b.soort == "Onderdeel":
        lid = g.bepalingen.get(b.ouder or "")
        if lid is not None and lid.soort == "Lid":
            out += f" lid {lid.nummer}"
        out += f" onder {b.nummer}"
    return f"{out} {wet}"


def bepaling_json(g: Gegevens, iri: str) -> dict:
    """The API shape of one provision: regeling (BWB id), artikel, lid, iri, tekst valid today, url."""
    b = g.bepalingen.get(iri)
    art = g.bepalingen.get(g.artikel_van(iri) or "")
    lid = None
    if b is not None and b.soort == "Lid":
        lid = b.nummer
    elif b is not None and b.soort == "Onderdeel":
        ouder = g.bepalingen.get(b.ouder or "")
        lid = ouder.nummer if ouder is not None and ouder.soort == "Lid" else None
    r = g.regelingen.get(b.regeling) if b else None
    versie = b.geldig(g.vandaag) if b else None
    bwb = (r.bwb if r else "") or iri.split("/id/regeling/")[-1].split("/")[0]
    url = (versie.link if versie and versie.link else None) or (
        f"https://wetten.overheid.nl/{bwb}" if bwb.startswith("BWBR") else None)
    return {
        "regeling": bwb,
        "regelingNaam": r.titel if r else "",
        "artikel": art.nummer if art else (b.nummer if b else None),
        "lid": lid,
        "iri": iri,
        "naam": naam(g, iri),
        "tekst": (versie.tekst if versie and not versie.vervallen else "") or "",
        "url": url,
    }


def wat_botst(s: Signaal) -> list[str]:
    """What a signal's explanation must name (the handeling, doelgroep, threshold or change that collides), from
    its details: the labels, the threshold values with their unit, the reviewed knelpunt's title."""
    d = s.details
    out = [d.get("handelingLabel") or "", d.get("doelgroepLabel") or "", d.get("knelpuntTitel") or ""]
    if d.get("drempel") == "leeftijd":
        out += [f"{w} jaar" for w in d.get("waarden", [])]
    elif d.get("drempel") == "termijn":
        out += [t for t in d.get("teksten", [])]
    return [x for x in out if x]
