"""Projectleider pages for knelpunten: the list, the create and edit forms (with the provision picker), the
history with field diffs and the status history, and the conflict when someone else changed the knelpunt.

Every write goes through the domain layer (kennisbank/domein.py: `maak_knelpunt`, `wijzig_knelpunt`), the same
path as POST/PATCH /v1/knelpunten; errors come back next to their field (kennisbank/formulierfouten.py). The
form works without JavaScript: one form with three buttons (`actie`): "zoek" (find provisions for the words or
reference typed, shown with their text on the peildatum), "voeg toe" (add the chosen lid as a citation) and
"opslaan". Everything typed so far travels along with each step.

Concurrent edits: the form carries the ETag and revision number it was opened on; saving sends them as If-Match.
When the knelpunt changed meanwhile the domain layer refuses (412): nothing is overwritten, the page says so,
shows what the other person changed and keeps what you typed, so you can save again knowingly.
"""

from __future__ import annotations

import datetime as dt
import re

from fastapi import APIRouter, Depends, Request

from kennisbank import domein, geschiedenis
from kennisbank.bepalingkiezer import kandidaten, leden
from kennisbank.formulierfouten import veldfouten
from kennisbank.keuzelijsten import keuzelijsten, labels
from kennisbank.leesmodel import bepaling_plekken, knelpunt_json, laatste
from kennisbank.revisies import journaal
from kennisbank.werkruimte import Sessie

from ..beschrijf import beschrijving
from .basis import kb_van as _kb, token_van, Formulier, WerkFout, formulier, meld, naar, pagina, vereis

router = APIRouter(include_in_schema=False)
projectleider = vereis("projectleider")
SLUG = re.compile(r"[a-z0-9][a-z0-9\-]{0,119}\Z")
DATUM = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
BEGRIPVELDEN = ("mechanismen", "doelgroepen", "domeinen", "oplossingsrichtingen")
LIJSTVELDEN = {"mechanismen": "mechanisme", "doelgroepen": "doelgroep", "domeinen": "domein",
               "oplossingsrichtingen": "oplossingsrichting", "ministeries": "ministerie", "experimenten": "experiment"}
VELDEN = {"titel", "beschrijving", "mechanismeToelichting", "oplossing", "wetswijziging", "status", "citeringen",
          "bronnen", "vindplaatsen", "praktijkvoorbeelden", "notitie", "kenmerk", *LIJSTVELDEN}
MAX_KANDIDATEN = 5


class _Werkruimtetoken:
    """The session's token for the domain layer, with the revision's source 'werkruimte'."""

    bron = "werkruimte"

    def __init__(self, token):
        self.id, self.rol = token.id, token.rol
        self.gemeente = getattr(token, "gemeente", None)


def _token(request: Request, s: Sessie) -> _Werkruimtetoken:
    return _Werkruimtetoken(token_van(request, s))


def _vandaag() -> str:
    return dt.date.today().isoformat()


# --- the list ----------------------------------------------------------------------------------------------------
@router.get("/werkruimte/knelpunten")
def lijst(request: Request, s: Sessie = Depends(projectleider)):
    kb = _kb(request)
    rows = kb.store.select(kb.q.prefixes + """SELECT ?k ?id ?titel ?status ?gewijzigd WHERE { ?k a kb:Knelpunt .
      OPTIONAL { ?k dct:identifier ?id } OPTIONAL { ?k dct:title ?titel } OPTIONAL { ?k kb:status ?status }
      OPTIONAL { ?k dct:modified ?gewijzigd } }""")
    statuslabels = labels(keuzelijsten(kb)).get("status", {})
    items: dict[str, dict] = {}
    for r in rows:
        k = r["k"].value
        if k in items:
            continue
        status = laatste(r["status"].value) if r.get("status") is not None else None
        items[k] = {"id": laatste(k), "kenmerk": r["id"].value if r.get("id") is not None else "",
                    "titel": r["titel"].value if r.get("titel") is not None else laatste(k),
                    "status": statuslabels.get(status, status or "–"),
                    "gewijzigd": r["gewijzigd"].value if r.get("gewijzigd") is not None else None}
    knelpunten = sorted(items.values(), key=lambda x: (_kenmerk_nr(x["kenmerk"]), x["titel"].lower()))
    return pagina(request, "werkruimte/knelpunten.html", titel="Knelpunten", knelpunten=knelpunten)


def _kenmerk_nr(kenmerk: str) -> tuple:
    m = re.match(r"KP-(\d+)", kenmerk or "")
    return (0, -int(m.group(1))) if m else (1, 0)


# --- form state ----------------------------------------------------------------------------------------------------
def _leeg() -> dict:
    return {"titel": "", "beschrijving": "", "mechanismeToelichting": "", "oplossing": "", "wetswijziging": "",
            "status": "gesignaleerd", "citeringen": [], "bronnen": [], "vindplaatsen": [], "praktijkvoorbeelden": "",
            "notitie": "", **{k: [] for k in LIJSTVELDEN}}


def _uit_knelpunt(kb, iri: str) -> dict | None:
    """The form's values of a stored knelpunt (the read model, plus the titles and kinds of its sources)."""
    triples = beschrijving(kb.store, kb.q, iri)
    if not triples:
        return None
    k = knelpunt_json(kb, iri, triples, bepaling_plekken(kb, kb.store, triples))
    waarden = _leeg()
    for veld in ("titel", "beschrijving", "mechanismeToelichting", "oplossing", "wetswijziging"):
        waarden[veld] = k.get(veld) or ""
    waarden["status"] = k.get("status") or ""
    for veld in LIJSTVELDEN:
        waarden[veld] = list(k.get(veld) or [])
    waarden["praktijkvoorbeelden"] = " ".join(k.get("praktijkvoorbeelden") or [])
    waarden["citeringen"] = [{"bepaling": c["bepaling"], "peildatum": c.get("peildatum") or "", "rol": c.get("rol") or "",
                              "verificatie": c.get("verificatie") or ""} for c in k["citeringen"] if c.get("bepaling")]
    info = _bron_info(kb, list(k.get("bronnen") or []) + [v["iri"] for v in k.get("vindplaatsen") or []])
    waarden["bronnen"] = [{"url": b, **info.get(b, {})} for b in k.get("bronnen") or []]
    waarden["vindplaatsen"] = [{"url": v["iri"], **info.get(v["iri"], {})} for v in k.get("vindplaatsen") or []]
    waarden["kenmerk"] = k.get("kenmerk")
    return waarden


def _bron_info(kb, urls: list[str]) -> dict[str, dict]:
    import pyoxigraph as ox

    from kennisbank.store.base import values_lijst

    out: dict[str, dict] = {}
    for i in range(0, len(urls), 20):
        deel = [ox.NamedNode(u) for u in urls[i:i + 20]]
        q = kb.q.prefixes + "SELECT ?b ?titel ?soort WHERE { " + values_lijst("b", deel) + \
            " OPTIONAL { ?b dct:title ?titel } OPTIONAL { ?b kb:bronsoort ?soort } }"
        for r in kb.store.select(q):
            d = out.setdefault(r["b"].value, {"titel": "", "soort": ""})
            if r.get("titel") is not None:
                d["titel"] = r["titel"].value
            if r.get("soort") is not None:
                d["soort"] = laatste(r["soort"].value)
    return out


def _uit_formulier(f: Formulier) -> dict:
    """The form's values as typed (rows of citations and sources kept in order; emptied rows dropped)."""
    w = _leeg()
    for veld in ("titel", "beschrijving", "mechanismeToelichting", "oplossing", "wetswijziging", "status",
                 "praktijkvoorbeelden", "notitie"):
        w[veld] = f.get(veld).strip()
    for veld in LIJSTVELDEN:
        w[veld] = [x for x in f.lijst(veld) if x]
    weg = set(f.lijst("c_weg"))
    rijen = zip(f.lijst("c_bepaling"), f.lijst("c_peildatum"), f.lijst("c_rol"), f.lijst("c_verificatie"))
    w["citeringen"] = [{"bepaling": b, "peildatum": p.strip(), "rol": r.strip(), "verificatie": v}
                       for i, (b, p, r, v) in enumerate(rijen) if b and str(i) not in weg]
    for veld, prefix in (("bronnen", "b"), ("vindplaatsen", "v")):
        w[veld] = [{"url": u.strip(), "titel": t.strip(), "soort": s}
                   for u, t, s in zip(f.lijst(f"{prefix}_url"), f.lijst(f"{prefix}_titel"), f.lijst(f"{prefix}_soort"))
                   if u.strip() or t.strip()]
    w["kenmerk"] = f.get("kenmerk") or None
    return w


def _naar_invoer(w: dict, nieuw: bool) -> dict:
    """The domain layer's input (the API's JSON) from the form's values."""
    # a new knelpunt without a title or description: absent, so the domain layer says it is required
    data: dict = {k: w[k] for k in ("titel", "beschrijving") if w[k] or not nieuw}
    for veld in ("mechanismeToelichting", "oplossing", "wetswijziging"):
        if w[veld]:
            data[veld] = w[veld]
        elif not nieuw:
            data[veld] = None  # emptied: removed
    if w["status"]:
        data["status"] = w["status"]
    for veld in LIJSTVELDEN:
        data[veld] = list(w[veld])
    data["praktijkvoorbeelden"] = [x for x in re.split(r"[\s,]+", w["praktijkvoorbeelden"]) if x]
    data["citeringen"] = [{k: v for k, v in c.items() if v} for c in w["citeringen"]]
    for veld in ("bronnen", "vindplaatsen"):
        data[veld] = [{k: v for k, v in b.items() if v} for b in w[veld]]
    if w.get("notitie"):
        data["notitie"] = w["notitie"]
    return data


# --- the provision picker ------------------------------------------------------------------------------------------
def _artikel(kb, bwb: str, artikel: str, peildatum: str) -> dict | None:
    from ..regelingen import artikelen  # the article-on-a-date read model of GET /v1/regelingen/{bwb}/artikelen/{nr}

    lijst = artikelen(kb, bwb, peildatum, artikel)
    return lijst[0] if lijst else None


def _kiezer(kb, zoek: str, peildatum: str) -> dict:
    """Candidates for what was typed, each article with its leden and their text on the peildatum."""
    gevonden = kandidaten(kb, zoek, MAX_KANDIDATEN)
    artikelen, gezien = [], set()
    for k in gevonden["kandidaten"]:
        if not k.get("artikel") or (k["regeling"], k["artikel"]) in gezien:
            continue
        gezien.add((k["regeling"], k["artikel"]))
        a = _artikel(kb, k["regeling"], k["artikel"], peildatum)
        if a is None:
            continue
        artikelen.append({"kandidaat": k, "titel": f"{k.get('regelingNaam') or k['regeling']}, artikel {k['artikel']}"
                          + (f" ({a['opschrift']})" if a.get("opschrift") else ""), "keuzes": leden(a)})
    return {"zoek": zoek, "peildatum": peildatum, "artikelen": artikelen, "nietGevonden": gevonden["nietGevonden"],
            "via": gevonden["kandidaten"][0]["via"] if gevonden["kandidaten"] else None}


def _citeringen_weergave(kb, rijen: list[dict]) -> list[dict]:
    """Each citation row with its label and the text of the provision on its peildatum."""
    herkenner = kb.herkenner()
    namen = {}
    index = herkenner.index
    out = []
    cache: dict = {}
    for c in rijen:
        plek = herkenner.plek(c["bepaling"])
        item = dict(c, label=c["bepaling"], tekst=None, geldig=None)
        if plek is not None:
            bwb, artikel, lid, onderdeel = plek
            if bwb not in namen:
                reg = index.regeling(bwb) if index is not None else None
                namen[bwb] = reg.titel if reg is not None and reg.titel else bwb
            from kennisbank.bepalingkiezer import label

            item["label"] = label(namen[bwb], artikel, lid, onderdeel)
            peil = c["peildatum"] if DATUM.match(c.get("peildatum") or "") else _vandaag()
            sleutel = (bwb, artikel, peil)
            if sleutel not in cache:
                a = _artikel(kb, bwb, artikel, peil) if artikel else None
                cache[sleutel] = {x["iri"]: x for x in leden(a)} if a else {}
            keuze = cache[sleutel].get(c["bepaling"])
            if keuze is not None:
                item["tekst"] = keuze["tekst"]
                item["geldig"] = keuze["geldigVanaf"]
        out.append(item)
    return out


# --- rendering ------------------------------------------------------------------------------------------------------
def _formulier(request: Request, *, waarden: dict, slug: str | None, etag: str | None = None,
               revisie: int | None = None, fouten: dict | None = None, kiezer: dict | None = None,
               conflict: dict | None = None, status: int = 200, kenmerk: str | None = None):
    kb = _kb(request)
    lijsten = keuzelijsten(kb)
    titel = f"Knelpunt bewerken: {waarden['titel'] or slug}" if slug else "Nieuw knelpunt"
    return pagina(request, "werkruimte/knelpunt_formulier.html", titel=titel, status=status, slug=slug,
                  waarden=waarden, citeringen=_citeringen_weergave(kb, waarden["citeringen"]), lijsten=lijsten,
                  fouten=fouten or {}, kiezer=kiezer, etag=etag or "", revisie=revisie or "", conflict=conflict,
                  kenmerk=kenmerk, vandaag=_vandaag(),
                  actie=f"/werkruimte/knelpunten/{slug}" if slug else "/werkruimte/knelpunten/nieuw")


def _stap(request: Request, f: Formulier, waarden: dict, slug: str | None, **extra):
    """The picker's steps: 'zoek' shows candidates, 'voeg-toe' adds the chosen provision as a citation."""
    actie = f.get("actie")
    zoek = f.get("zoek_bepaling").strip()
    peil = f.get("zoek_peildatum").strip() or _vandaag()
    fouten = {}
    if not DATUM.match(peil):
        fouten["zoek_bepaling"] = [f"'{peil}' is geen datum; gebruik jjjj-mm-dd."]
        peil = _vandaag()
    kiezer = None
    if actie == "voeg-toe":
        gekozen = f.get("kies_bepaling")
        if gekozen:
            if not any(c["bepaling"] == gekozen and c["peildatum"] == peil for c in waarden["citeringen"]):
                waarden["citeringen"].append({"bepaling": gekozen, "peildatum": peil, "rol": f.get("kies_rol").strip(),
                                              "verificatie": ""})
            zoek = ""
        else:
            fouten["zoek_bepaling"] = ["Kies eerst een artikel of lid uit de lijst."]
            kiezer = _kiezer(_kb(request), zoek, peil) if zoek else None
    elif not zoek:
        fouten["zoek_bepaling"] = ["Typ een verwijzing (bijvoorbeeld 'art. 22a lid 1 Pw') of zoekwoorden."]
    else:
        kiezer = _kiezer(_kb(request), zoek, peil)
    return _formulier(request, waarden=waarden, slug=slug, fouten=fouten, kiezer=kiezer or {"zoek": zoek, "peildatum": peil},
                      **extra)


# --- create ---------------------------------------------------------------------------------------------------------
@router.get("/werkruimte/knelpunten/nieuw")
def nieuw(request: Request, s: Sessie = Depends(projectleider)):
    return _formulier(request, waarden=_leeg(), slug=None, kiezer={"zoek": "", "peildatum": _vandaag()})


@router.post("/werkruimte/knelpunten/nieuw")
def maak(request: Request, s: Sessie = Depends(projectleider), f: Formulier = Depends(formulier)):
    waarden = _uit_formulier(f)
    if f.get("actie") in ("zoek", "voeg-toe"):
        return _stap(request, f, waarden, None)
    kb = _kb(request)
    try:
        rev = domein.maak_knelpunt(kb, _token(request, s), _naar_invoer(waarden, nieuw=True))
    except domein.Ongeldig as exc:
        return _fout(request, exc, waarden, None, f)
    slug = laatste(rev.iri)
    meld(request, f"Het knelpunt ‘{waarden['titel']}’ is vastgelegd. Het staat in de openbare kennisbank en in "
                  "het zoeken zodra de site is bijgewerkt.")
    return naar(request, f"/werkruimte/knelpunten/{slug}")


def _fout(request: Request, exc: domein.Ongeldig, waarden: dict, slug: str | None, f: Formulier, **extra):
    fouten = veldfouten(exc.errors, VELDEN)
    if exc.detail and exc.status != 400:
        fouten.setdefault("formulier", []).insert(0, exc.detail)
    if not fouten:
        fouten["formulier"] = [exc.detail or "Het knelpunt kon niet worden opgeslagen."]
    return _formulier(request, waarden=waarden, slug=slug, fouten=fouten, status=409 if exc.status == 409 else 400,
                      kiezer={"zoek": f.get("zoek_bepaling"), "peildatum": f.get("zoek_peildatum") or _vandaag()},
                      **extra)


# --- edit -------------------------------------------------------------------------------------------------------------
def _slug(slug: str) -> str:
    if not SLUG.match(slug):
        raise WerkFout(404, "Dit knelpunt bestaat niet.")
    return slug


def _versie(kb, iri: str) -> tuple[str | None, int | None]:
    rev = domein.huidige_revisie(kb, iri)
    return domein.etag_van(kb, iri), (rev.nr if rev is not None else None)


@router.get("/werkruimte/knelpunten/{slug}")
def bewerk(request: Request, slug: str, s: Sessie = Depends(projectleider)):
    kb = _kb(request)
    iri = kb.iris.knelpunt(_slug(slug))
    waarden = _uit_knelpunt(kb, iri)
    if waarden is None:
        raise WerkFout(404, "Dit knelpunt bestaat niet.")
    etag, revisie = _versie(kb, iri)
    return _formulier(request, waarden=waarden, slug=slug, etag=etag, revisie=revisie, kenmerk=waarden.get("kenmerk"),
                      kiezer={"zoek": "", "peildatum": _vandaag()})


@router.post("/werkruimte/knelpunten/{slug}")
def sla_op(request: Request, slug: str, s: Sessie = Depends(projectleider), f: Formulier = Depends(formulier)):
    kb = _kb(request)
    iri = kb.iris.knelpunt(_slug(slug))
    waarden = _uit_formulier(f)
    basis = {"etag": f.get("etag"), "revisie": _int(f.get("revisie")), "kenmerk": f.get("kenmerk") or None}
    if f.get("actie") in ("zoek", "voeg-toe"):
        return _stap(request, f, waarden, slug, **basis)
    data = _naar_invoer(waarden, nieuw=False)
    data.pop("kenmerk", None)
    try:
        domein.wijzig_knelpunt(kb, _token(request, s), slug, data, if_match=basis["etag"] or None)
    except domein.Ongeldig as exc:
        if exc.status == 404:
            raise WerkFout(404, "Dit knelpunt bestaat niet (meer).") from None
        if exc.status == 412:
            return _conflict(request, slug, iri, waarden, basis, f)
        return _fout(request, exc, waarden, slug, f, **basis)
    meld(request, f"De wijzigingen in ‘{waarden['titel']}’ zijn opgeslagen.")
    return naar(request, f"/werkruimte/knelpunten/{slug}")


def _int(v: str) -> int | None:
    return int(v) if v and v.isdigit() else None


def _conflict(request: Request, slug: str, iri: str, waarden: dict, basis: dict, f: Formulier):
    """Someone else saved first: nothing is overwritten; show what they changed, keep what this user typed and
    give the form the current version, so saving again is a deliberate choice."""
    kb = _kb(request)
    etag, revisie = _versie(kb, iri)
    wijzigingen = None
    if basis["revisie"] and revisie:
        v = geschiedenis.vergelijk(journaal(kb.config.data_dir), kb.iris, iri, basis["revisie"], revisie)
        wijzigingen = v["wijzigingen"] if v else None
    conflict = {"van": basis["revisie"], "tot": revisie, "wijzigingen": wijzigingen,
                "link": f"/werkruimte/knelpunten/{slug}/geschiedenis"
                        + (f"?van={basis['revisie']}&tot={revisie}" if basis["revisie"] and revisie else "")}
    return _formulier(request, waarden=waarden, slug=slug, etag=etag, revisie=revisie, kenmerk=basis["kenmerk"],
                      conflict=conflict, status=409,
                      kiezer={"zoek": f.get("zoek_bepaling"), "peildatum": f.get("zoek_peildatum") or _vandaag()})


# --- history ----------------------------------------------------------------------------------------------------------
@router.get("/werkruimte/knelpunten/{slug}/geschiedenis")
def geschiedenis_pagina(request: Request, slug: str, van: str | None = None, tot: str | None = None,
                        s: Sessie = Depends(projectleider)):
    kb = _kb(request)
    iri = kb.iris.knelpunt(_slug(slug))
    j = journaal(kb.config.data_dir)
    g = geschiedenis.geschiedenis(j, kb.iris, iri)
    if g is None:
        if beschrijving(kb.store, kb.q, iri):
            g = {"revisies": [], "statusgeschiedenis": [], "conflicten": [], "huidigeRevisie": None}
        else:
            raise WerkFout(404, "Dit knelpunt bestaat niet.")
    vergelijking = None
    if van and tot:
        if not (van.isdigit() and tot.isdigit()):
            raise WerkFout(400, "Kies twee revisienummers om te vergelijken.")
        vergelijking = geschiedenis.vergelijk(j, kb.iris, iri, int(van), int(tot))
        if vergelijking is None:
            raise WerkFout(404, "Een van deze revisies bestaat niet.")
    titel = (_uit_knelpunt(kb, iri) or {}).get("titel") or slug
    leesbaar = _leesbaar(kb)
    for r in g["revisies"]:
        r["wijzigingen"] = leesbaar(r.get("wijzigingen") or [])
    if vergelijking:
        vergelijking["wijzigingen"] = leesbaar(vergelijking["wijzigingen"])
    return pagina(request, "werkruimte/knelpunt_geschiedenis.html", titel=f"Geschiedenis: {titel}", slug=slug,
                  knelpunt_titel=titel, g=g, vergelijking=vergelijking, lijsten=labels(keuzelijsten(kb)))


#: history field -> the choice list whose labels replace its codes
CODE_LIJST = {"mechanismen": "mechanisme", "doelgroepen": "doelgroep", "domeinen": "domein",
              "oplossingsrichtingen": "oplossingsrichting", "status": "status", "ministeries": "ministerie",
              "experimenten": "experiment"}


def _leesbaar(kb):
    """Field diffs with labels instead of codes and provision IRIs (people read 'Prikkelconflict' and
    'artikel 22a, lid 1, Participatiewet', not `prikkelconflict` and an IRI)."""
    from kennisbank.bepalingkiezer import label

    namen = labels(keuzelijsten(kb))
    herkenner = kb.herkenner()
    iri_patroon = re.compile(re.escape(kb.iris.base) + r"/id/regeling/\S+?(?=[ ,)]|$)")

    def bepaling(m: re.Match) -> str:
        plek = herkenner.plek(m.group(0))
        if plek is None:
            return m.group(0)
        reg = herkenner.index.regeling(plek[0]) if herkenner.index is not None else None
        return label(reg.titel if reg is not None and reg.titel else plek[0], plek[1], plek[2], plek[3])

    def waarde(veld: str, v):
        if isinstance(v, list):
            return [waarde(veld, x) for x in v]
        if not isinstance(v, str):
            return v
        if veld in CODE_LIJST:
            return namen.get(CODE_LIJST[veld], {}).get(v, v)
        return iri_patroon.sub(bepaling, v) if veld == "citeringen" else v

    def omzetten(lijst: list[dict]) -> list[dict]:
        res = []
        for w in lijst:
            w = dict(w)
            for k in ("oud", "nieuw", "toegevoegd", "verwijderd"):
                if k in w:
                    w[k] = waarde(w["veld"], w[k])
            res.append(w)
        return res
    return omzetten
