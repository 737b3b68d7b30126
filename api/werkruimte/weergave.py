"""Shared by the werkruimte's pages: domain errors next to their fields, references with the law's name."""

from __future__ import annotations

from kennisbank import inzendingen


def fouten_per_veld(exc: inzendingen.Ongeldig, velden: tuple[str, ...]) -> tuple[dict[str, list[str]], str | None]:
    """The domain's errors[] (JSON pointers such as /beschrijving or /regels/2) per form field; what belongs to no
    field goes into the general message."""
    per_veld: dict[str, list[str]] = {}
    los = []
    for e in exc.errors:
        veld = (e.get("location") or "").lstrip("/").split("/", 1)[0]
        if veld in velden:
            per_veld.setdefault(veld, []).append(e.get("detail") or "Dit veld klopt niet.")
        else:
            los.append(e.get("detail") or "")
    n = len(exc.errors)
    algemeen = exc.detail or (f"De inzending bevat {n} {'fout' if n == 1 else 'fouten'}; er is niets opgeslagen.")
    if los:
        algemeen += " " + " ".join(x for x in los if x)
    return per_veld, algemeen


def verwijzingen_voor(kb, inz: dict, antwoord: dict | None, alleen_opgeslagen: bool = False) -> tuple[list, list]:
    """(recognised references with the law's name and article title, references that were not found) of a
    submission: from the answer of the submission itself when there is one, else read afresh from the stored
    provisions and the text."""
    if antwoord is not None:
        return uniek(antwoord.get("herkendeVerwijzingen") or []), antwoord.get("onopgelosteVerwijzingen") or []
    herkenner = kb.herkenner()
    herkend = []
    for iri in inz.get("bepalingen") or []:
        plek = herkenner.plek(iri)
        if plek is None:
            continue
        bwb, artikel, lid, onderdeel = plek
        herkend.append({"iri": iri, "regeling": bwb, "artikel": artikel, "lid": lid, "onderdeel": onderdeel,
                        "tekst": None})
    inzendingen.beschrijf_verwijzingen(kb, herkend)
    if alleen_opgeslagen:
        return herkend, []
    niet = [{"veld": "beschrijving", "tekst": v.get("tekst"), "positie": v.get("begin"),
             "reden": inzendingen._reden_niet_gevonden(v)}
            for v in herkenner.herken(inz.get("beschrijving") or "")
            if not (v.get("iri") and v.get("status") == "gevonden") and v.get("soort") != "normbegrip"]
    return herkend, niet


def uniek(herkend: list[dict]) -> list[dict]:
    """One line per provision: what the text said about it (several phrases may point to one article) joined."""
    per_iri: dict[str, dict] = {}
    for v in herkend:
        iri = v.get("iri") or id(v)
        if iri in per_iri:
            eerder = per_iri[iri]
            if v.get("tekst") and v["tekst"] not in (eerder.get("tekst") or ""):
                eerder["tekst"] = f"{eerder['tekst']}’, ‘{v['tekst']}" if eerder.get("tekst") else v["tekst"]
        else:
            per_iri[iri] = dict(v)
    return list(per_iri.values())


def citeer(v: dict) -> str:
    """'artikel 22a lid 1 Participatiewet': a reference as text the recogniser reads back (amending a case)."""
    delen = [f"artikel {v['artikel']}"] if v.get("artikel") else []
    if v.get("lid"):
        delen.append(f"lid {v['lid']}")
    if v.get("onderdeel"):
        delen.append(f"onderdeel {v['onderdeel']}")
    delen.append(v.get("regelingNaam") or v.get("regeling") or "")
    return " ".join(d for d in delen if d)
