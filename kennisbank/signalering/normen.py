"""Norms for every Artikel and Lid of the imported laws: curated where a person wrote one, derived otherwise.

A derived norm comes from one sentence of the text valid today: its modality (modaliteit.py), the handeling
and doelgroep its words name (begrippen.py) and the age and time conditions in it (voorwaarden.py). Where the
sentence names no doelgroep, the provision's whole text and then its age conditions are tried; last comes the
doelgroep that the curated norms of the same law name most often (lower confidence). Curated norms
(`regels/normen/`, `kb:Norm` resources) override derived ones for their provision.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass, field

from .begrippen import Begrippenzoeker
from .gegevens import Gegevens
from .modaliteit import _DEFINITIE, modaliteit, zinnen
from .voorwaarden import Leeftijd, Termijn, leeftijden, termijnen

MAX_PER_BEPALING = 3
#: Doelgroepen that name who carries out a law rather than whom it is about: chosen only when nothing else is.
UITVOERDERS = ("gemeenten", "hulpverleners")
_ITEM = re.compile(r"^\s*(?:[a-z]{1,2}\.|\d+°|[-–•])\s")


@dataclass
class Afgeleid:
    """A norm of one provision (curated or derived) in the terms signalering compares."""

    iri: str
    bepaling: str  # the Lid or Artikel
    normtype: str  # slug
    richting: str  # slug
    handeling: str | None  # concept IRI
    doelgroep: str | None
    zekerheid: float
    zin: str
    afgeleid: bool = True
    signaal: str = ""
    handeling_label: str = ""
    doelgroep_label: str = ""
    leeftijden: list[Leeftijd] = field(default_factory=list)
    termijnen: list[Termijn] = field(default_factory=list)


def _slug(iri: str | None) -> str:
    return (iri or "").rsplit("/", 1)[-1]


def eenheden(g: Gegevens) -> list[str]:
    """The provisions norms are derived for: every Lid, and every Artikel without leden."""
    met_leden = {b.ouder for b in g.bepalingen.values() if b.soort == "Lid"}
    return sorted(i for i, b in g.bepalingen.items()
                  if b.soort == "Lid" or (b.soort == "Artikel" and i not in met_leden))


def leid_af(g: Gegevens, zoeker: Begrippenzoeker, uitgesloten_normen: set[str] = frozenset(),
            geheugen: dict | None = None) -> dict[str, list[Afgeleid]]:
    """All norms per provision (Lid or Artikel without leden): curated ones win, the rest is derived.

    `geheugen` (optional, kept by the caller between runs on the same texts and schemes, e.g. the benchmark's
    leave-one-out) holds each provision's derived norms per fallback doelgroep of its law."""
    labels = {c.iri: (c.labels[0] if c.labels else _slug(c.iri)) for c in g.begrippen.values()}
    curated: dict[str, list[Afgeleid]] = {}
    per_wet: dict[str, Counter] = {}
    for n in g.normen.values():
        if n.iri in uitgesloten_normen:
            continue
        unit = g.lid_of_artikel(n.bepaling)
        tekst = g.tekst(unit)
        curated.setdefault(unit, []).append(Afgeleid(
            n.iri, unit, _slug(n.normtype), _slug(n.richting) or "neutraal", n.handeling, n.doelgroep, 1.0,
            n.label, afgeleid=False, handeling_label=labels.get(n.handeling or "", ""),
            doelgroep_label=labels.get(n.doelgroep or "", ""), leeftijden=leeftijden(tekst), termijnen=termijnen(tekst)))
        b = g.bepalingen.get(unit)
        if b is not None and n.doelgroep:
            per_wet.setdefault(b.regeling, Counter())[n.doelgroep] += 1
    curated_artikelen = {g.artikel_van(u) for u in curated}
    out: dict[str, list[Afgeleid]] = dict(curated)
    for unit in eenheden(g):
        if unit in curated:
            continue
        b = g.bepalingen[unit]
        if b.soort == "Lid" and b.ouder in curated_artikelen and b.ouder in curated:
            continue
        fallback = per_wet[b.regeling].most_common(1)[0][0] if per_wet.get(b.regeling) else None
        sleutel = (unit, fallback)
        if geheugen is not None and sleutel in geheugen:
            norms = [copy.copy(n) for n in geheugen[sleutel]]
        else:
            norms = _leid_af_voor(g, zoeker, unit, b, labels, per_wet)
            if geheugen is not None:
                geheugen[sleutel] = [copy.copy(n) for n in norms]
        if norms:
            out[unit] = norms
    _definities_krijgen_handeling(g, out, labels)
    return out


def _leid_af_voor(g: Gegevens, zoeker: Begrippenzoeker, unit: str, b, labels: dict[str, str],
                  per_wet: dict[str, Counter]) -> list[Afgeleid]:
    """The derived norms of one provision (Lid, or Artikel without leden)."""
    tekst = g.tekst(unit)
    if not tekst:
        return []
    art = g.bepalingen.get(g.artikel_van(unit) or "")
    opschrift = art.opschrift if art else ""
    heel_dg = zoeker.zoek("doelgroep", tekst + " " + opschrift)
    heel_hd = zoeker.zoek("handeling", opschrift) if opschrift else []
    lft, trm = leeftijden(tekst), termijnen(tekst)
    norms: list[Afgeleid] = []
    seen: set[str] = set()
    inleiding = None  # the modality of a line ending in ':' carries over to its list items
    inleiding_lft: list[Leeftijd] = []
    for zin in zinnen(tekst):
        mod = modaliteit(zin)
        item = _ITEM.match(zin) is not None
        if mod is None and inleiding is not None and item:
            mod = inleiding
        # age and time conditions of this sentence (a list item also those of its lead-in)
        z_lft = leeftijden(zin) or (inleiding_lft if item else [])
        z_trm = termijnen(zin)
        if not item:
            inleiding = mod if (mod is not None and zin.rstrip().endswith(":")) else None
            inleiding_lft = leeftijden(zin) if zin.rstrip().endswith(":") else []
        if mod is None:
            if _DEFINITIE.match(zin) and z_lft and len(norms) < MAX_PER_BEPALING:
                # a definition with an age ("- jeugdige: persoon die de leeftijd van achttien jaar nog niet
                # heeft bereikt"): no handeling, but a threshold the drempels compare
                doelgroep, dz = _kies_doelgroep(zoeker.zoek("doelgroep", zin), [])
                doelgroep = doelgroep or _leeftijdsgroep(g, z_lft)
                norms.append(Afgeleid(
                    f"{unit}/norm/afgeleid-{len(norms) + 1}", unit, "voorwaarde", "neutraal", None, doelgroep,
                    0.6, zin[:600], signaal="definitie", doelgroep_label=labels.get(doelgroep or "", ""),
                    leeftijden=z_lft, termijnen=z_trm))
            continue
        hd = (zoeker.zoek("handeling", zin) or heel_hd)[:1]
        for h in hd:
            if h.begrip in seen or len(norms) >= MAX_PER_BEPALING:
                continue
            seen.add(h.begrip)
            doelgroep, dz = _kies_doelgroep(zoeker.zoek("doelgroep", zin), heel_dg)
            if doelgroep is None:
                doelgroep, dz = _leeftijdsgroep(g, z_lft or lft), 0.8
            if (doelgroep is None or _slug(doelgroep) in UITVOERDERS) and per_wet.get(b.regeling):
                doelgroep, dz = per_wet[b.regeling].most_common(1)[0][0], 0.6
            zekerheid = round(mod.zekerheid * h.zekerheid * (dz if doelgroep else 0.5), 3)
            norms.append(Afgeleid(
                f"{unit}/norm/afgeleid-{len(norms) + 1}", unit, mod.normtype, mod.richting, h.begrip, doelgroep,
                zekerheid, zin[:600], signaal=mod.signaal, handeling_label=labels.get(h.begrip, ""),
                doelgroep_label=labels.get(doelgroep or "", ""), leeftijden=z_lft, termijnen=z_trm))
        if len(norms) >= MAX_PER_BEPALING:
            break
    return norms


def _definities_krijgen_handeling(g: Gegevens, normen: dict[str, list[Afgeleid]], labels: dict[str, str]) -> None:
    """A definition with an age ("- jeugdige: …") names no handeling; it gets what its law is mostly about (the
    handeling its norms name most often), so the threshold can be compared with limits on the same handeling."""
    per_wet: dict[str, Counter] = {}
    for unit, lst in normen.items():
        b = g.bepalingen.get(unit)
        for n in lst:
            if b is not None and n.handeling:
                per_wet.setdefault(b.regeling, Counter())[n.handeling] += 1
    for unit, lst in normen.items():
        b = g.bepalingen.get(unit)
        for n in lst:
            if n.handeling is None and n.signaal == "definitie" and b is not None and per_wet.get(b.regeling):
                n.handeling = per_wet[b.regeling].most_common(1)[0][0]
                n.handeling_label = labels.get(n.handeling, "")
                n.zekerheid = round(n.zekerheid * 0.8, 3)


def _kies_doelgroep(in_zin, in_tekst) -> tuple[str | None, float]:
    """The sentence's own target group first, then the provision's; uitvoerders only when nothing else."""
    for lijst, z in ((in_zin, 1.0), (in_tekst, 0.85)):
        for t in lijst:
            if _slug(t.begrip) not in UITVOERDERS:
                return t.begrip, z
    for lijst, z in ((in_zin, 0.7), (in_tekst, 0.6)):
        if lijst:
            return lijst[0].begrip, z
    return None, 1.0


def _leeftijdsgroep(g: Gegevens, lft: list[Leeftijd]) -> str | None:
    """A doelgroep for an age condition, when the scheme has one (jeugdigen, jongeren-18-21, jongeren-18-27)."""
    base = next(iter(g.begrippen), "").split("/id/")[0]
    for x in lft:
        if x.soort == "onder" and x.grens <= 18:
            iri = f"{base}/id/doelgroep/jeugdigen"
        elif x.soort == "onder" and x.grens <= 21:
            iri = f"{base}/id/doelgroep/jongeren-18-21"
        elif x.soort == "onder" and x.grens <= 27:
            iri = f"{base}/id/doelgroep/jongeren-18-27"
        else:
            continue
        if iri in g.begrippen:
            return iri
    return None
