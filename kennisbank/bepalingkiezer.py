"""The provision picker: from what a project leader types to a provision, with the text valid on a peildatum.

Two steps, each usable without JavaScript (the werkruimte's forms call them on the server):

1. `kandidaten(ctx, invoer)`: "art. 22a lid 1 Pw", "artikel 19 Zvw" or a named norm ("kostendelersnorm") goes
   through the reference recogniser (kennisbank/regels/herken.py); words that name no provision go through the
   search module (kennisbank/zoek/, articles only). A reference to a provision that is not in the kennisbank
   ("artikel 999 Participatiewet") comes back under `nietGevonden`, never dropped.
2. `leden(artikel)`: the choices inside one article — the article itself and every lid and onderdeel — with the
   text valid on the peildatum. `artikel` is the article-on-a-date read model (api/regelingen.artikelen, the same
   answer as GET /v1/regelingen/{bwb}/artikelen/{nr}?peildatum=…); the caller passes it in, so there is one
   read model and this package does not import `api`.
"""

from __future__ import annotations

import logging

log = logging.getLogger("kennisbank.bepalingkiezer")

MAXIMUM = 10


def label(regeling_naam: str | None, artikel: str | None, lid: str | None = None, onderdeel: str | None = None) -> str:
    """'artikel 22a, lid 1, Participatiewet' (Dutch, for people)."""
    delen = []
    if artikel:
        delen.append(f"artikel {artikel}")
    if lid:
        delen.append(f"lid {lid}")
    if onderdeel:
        delen.append(f"onderdeel {onderdeel}")
    return ", ".join(delen + ([regeling_naam] if regeling_naam else []))


def kandidaten(ctx, invoer: str, maximum: int = MAXIMUM) -> dict:
    """{"kandidaten": [{iri, regeling, regelingNaam, artikel, lid, onderdeel, label, via}],
    "nietGevonden": [{tekst, reden}]}; `via` is "verwijzing", "normbegrip" or "zoeken"."""
    invoer = (invoer or "").strip()[:500]
    out: list[dict] = []
    niet: list[dict] = []
    if not invoer:
        return {"kandidaten": out, "nietGevonden": niet}
    herkenner = ctx.herkenner()
    index = herkenner.index
    gezien: set[str] = set()
    if index is not None:
        from .regels.herken import herken

        for v in herken(invoer, index):
            if v.status != "gevonden" or not v.iri:
                niet.append({"tekst": v.tekst, "reden": _reden(v)})
                continue
            if v.iri in gezien:
                continue
            gezien.add(v.iri)
            out.append({"iri": v.iri, "regeling": v.regeling, "regelingNaam": v.regeling_naam, "artikel": v.artikel,
                        "lid": v.lid, "onderdeel": v.onderdeel,
                        "label": label(v.regeling_naam, v.artikel, v.lid, v.onderdeel),
                        "via": "normbegrip" if v.soort == "normbegrip" else "verwijzing"})
    if not out and not niet:
        out += _gezocht(ctx, invoer, maximum, gezien)
    return {"kandidaten": out[:maximum], "nietGevonden": niet}


def _reden(v) -> str:
    naam = v.regeling_naam or v.regeling
    if v.status == "onbekend artikel":
        return f"Artikel {v.artikel} staat niet in de kennisbank" + (f" ({naam})." if naam else ".")
    if v.status == "onbekend lid":
        return f"Artikel {v.artikel} van de {naam} heeft geen lid {v.lid} in de kennisbank."
    if v.status == "onbekend onderdeel":
        return f"Onderdeel {v.onderdeel} van artikel {v.artikel} ({naam}) staat niet in de kennisbank."
    if v.status == "regeling ontbreekt":
        return "Deze regeling staat (nog) niet in de kennisbank."
    return "Deze verwijzing kon niet aan een bepaling in de kennisbank worden gekoppeld."


def _gezocht(ctx, invoer: str, maximum: int, gezien: set[str]) -> list[dict]:
    """Articles found by the search module for words that name no provision."""
    try:
        from . import zoek

        res = zoek.zoek(ctx.config, invoer, soort="artikel", per_pagina=maximum, log=False)
    except Exception as exc:  # noqa: BLE001 - no index yet: the picker still answers (with nothing found)
        log.warning("zoeken in de bepalingkiezer mislukt: %s", exc)
        return []
    herkenner = ctx.herkenner()
    out = []
    for t in res.treffers:
        if t.iri in gezien:
            continue
        plek = herkenner.plek(t.iri)
        if plek is None:
            continue
        bwb, artikel, lid, onderdeel = plek
        gezien.add(t.iri)
        reg = herkenner.index.regeling(bwb) if herkenner.index is not None else None
        naam = reg.titel if reg is not None else None
        out.append({"iri": t.iri, "regeling": bwb, "regelingNaam": naam, "artikel": artikel, "lid": lid,
                    "onderdeel": onderdeel, "label": label(naam, artikel, lid, onderdeel), "titel": t.titel,
                    "via": "zoeken"})
    return out


def leden(artikel: dict) -> list[dict]:
    """The choices inside one article on its peildatum: the article, then every lid and onderdeel in order.
    Each: {iri, soort, nummer, label, tekst, geldigVanaf, geldigTot, officieleTekst, diepte}. `tekst` is None when
    the kennisbank has no text of it on that date."""
    out = [_keuze(artikel, "artikel", f"artikel {artikel['nummer']} (het hele artikel)", 0)]

    def loop(items: list[dict], ouder: str, diepte: int) -> None:
        for x in items:
            naam = f"lid {x['nummer']}" if x["soort"] == "lid" else f"onderdeel {x['nummer']}"
            volledig = f"{ouder}, {naam}" if ouder else naam
            out.append(_keuze(x, x["soort"], volledig, diepte))
            loop(x.get("onderdelen") or [], volledig, diepte + 1)

    loop(artikel.get("leden") or [], "", 1)
    return out


def _keuze(x: dict, soort: str, naam: str, diepte: int) -> dict:
    versie = x.get("versie") or {}
    return {"iri": x["iri"], "soort": soort, "nummer": x.get("nummer"), "label": naam, "tekst": x.get("tekst"),
            "geldigVanaf": versie.get("geldigVanaf"), "geldigTot": versie.get("geldigTot"),
            "officieleTekst": bool(versie.get("officieleTekst")), "diepte": diepte}

