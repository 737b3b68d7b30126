"""The domain layer for every write to editorial resources: one order, with recovery.

Every write (create or edit a knelpunt; submit and review a praktijkvoorbeeld, see inzendingen.py) goes:

1. validation: input rules (field by field, Dutch errors), privacy guard, concepts in their schemes, SHACL;
2. the revision, appended to the journal (kennisbank/revisies.py) and fsynced: the commit point — once it is
   there the write is acknowledged and survives anything;
3. the public store (the resource's graph replaced by the current state);
4. the search index;
5. the static site: a durable record in `{data}/site-wachtrij/` (pages, lists, matrix, feed are rewritten by
   the server's background worker);
6. the journal position that is fully applied (`{data}/revisies/toegepast`).

Recovery: `herstel(ctx)` replays every revision after the applied position (and after the position the
current store's build read, see build.py) — steps 3–5 are idempotent ("make the store, index and site show
the current revision"), so a crash at any step converges at the next start or store reopen, without a build.

`ctx` is the server's context (kennisbank/context.py: `.store`, `.inbox`, `.iris`, `.q`, `.config`, `.validator`,
`.type_context()`, `.herkenner()`, `.write_lock`, `.site_wachtrij`); this module never imports `api`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import unicodedata
from pathlib import Path

import pyoxigraph as ox

from .inzendingen import Ongeldig
from .iri import gemeente as gemeente_iri, ministerie as ministerie_iri
from .privacy import controleer_velden
from .revisies import Journaal, Revisie, canoniek, journaal

log = logging.getLogger("kennisbank.domein")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"
N, L = ox.NamedNode, ox.Literal
SLUG = re.compile(r"[a-z0-9][a-z0-9\-]{0,119}\Z")
_CODE = re.compile(r"[a-z0-9][a-z0-9\-]{0,80}\Z")
KENMERK = re.compile(r"KP-(\d{1,6})\Z")


def fout(in_: str, location: str, code: str, detail: str) -> dict:
    return {"in": in_, "location": location, "code": code, "detail": detail}


# --- knelpunt fields ----------------------------------------------------------------------------------------------
VELDEN = {"id", "kenmerk", "titel", "beschrijving", "citeringen", "mechanismen", "mechanismeToelichting", "status",
          "domeinen", "doelgroepen", "oplossingsrichtingen", "oplossing", "wetswijziging", "ministeries",
          "experimenten", "praktijkvoorbeelden", "gesignaleerdDoor", "bronnen", "vindplaatsen", "notitie"}
TEKST = {"titel": DCT + "title", "beschrijving": DCT + "description", "mechanismeToelichting": "mechanismeToelichting",
         "oplossing": "oplossing", "wetswijziging": "wetswijziging"}
BEGRIP = {"mechanismen": ("mechanisme", "mechanisme"), "domeinen": ("domein", "domein"),
          "doelgroepen": ("doelgroep", "doelgroep"), "oplossingsrichtingen": ("oplossingsrichting", "oplossingsrichting")}

#: SHACL path -> field, to map violations back to the JSON.
PAD_VELD = {DCT + "title": "/titel", DCT + "description": "/beschrijving", DCT + "identifier": "/kenmerk",
            "citeert": "/citeringen", PROV + "wasDerivedFrom": "/bronnen", "mechanisme": "/mechanismen",
            "status": "/status", "domein": "/domeinen", "doelgroep": "/doelgroepen",
            "oplossingsrichting": "/oplossingsrichtingen", "mechanismeToelichting": "/mechanismeToelichting",
            "oplossing": "/oplossing", "wetswijziging": "/wetswijziging", "verantwoordelijkMinisterie": "/ministeries",
            "experiment": "/experimenten", "onderbouwdDoor": "/praktijkvoorbeelden", "gesignaleerdDoor": "/gesignaleerdDoor",
            "bepaling": "/citeringen", "peildatum": "/citeringen", "rol": "/citeringen", "vindplaats": "/vindplaatsen",
            "bronsoort": "/bronnen"}

#: Dutch labels of the fields (history and diffs).
LABELS = {"kenmerk": "Kenmerk", "titel": "Titel", "beschrijving": "Beschrijving", "citeringen": "Citeringen",
          "mechanismen": "Mechanismen", "mechanismeToelichting": "Toelichting op het mechanisme", "status": "Status",
          "domeinen": "Domeinen", "doelgroepen": "Doelgroepen", "oplossingsrichtingen": "Oplossingsrichtingen",
          "oplossing": "Oplossing", "wetswijziging": "Wetswijziging", "ministeries": "Verantwoordelijke ministeries",
          "experimenten": "Experimenten", "praktijkvoorbeelden": "Praktijkvoorbeelden",
          "gesignaleerdDoor": "Gesignaleerd door", "bronnen": "Bronnen", "aangemaakt": "Aangemaakt",
          "gewijzigd": "Gewijzigd", "gemeente": "Gemeente", "regels": "Bepalingen", "knelpunten": "Knelpunten",
          "uitkomst": "Uitkomst", "kosten": "Kosten", "datum": "Datum", "gepubliceerd": "Gepubliceerd",
          "ingediend": "Ingediend", "adresseert": "Adresseert", "startdatum": "Startdatum", "einddatum": "Einddatum",
          "bronsoorten": "Soorten bronnen", "geenPrimaireBron": "Reden zonder primaire bron",
          "uitvoerders": "Betrokken uitvoerders", "escalatieniveau": "Escalatieniveau",
          "escalatieInstrumenten": "Escalatie-instrumenten", "signaalbronnen": "Signaalbronnen",
          "gesignaleerdOp": "Gesignaleerd op", "leerpunten": "Leerpunten en opvolging", "vindplaatsen": "Vindplaatsen",
          "soort": "Soort voorbeeld"}


def slugify(text: str, maximum: int = 60) -> str:
    """An id from a title: lower case ASCII words joined by '-', at most `maximum` characters, never cutting a
    word in half (a first word longer than the maximum is the only thing ever shortened)."""
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    woorden = [w for w in re.split(r"[^a-z0-9]+", t) if w]
    uit = ""
    for w in woorden:
        kandidaat = f"{uit}-{w}" if uit else w
        if len(kandidaat) > maximum:
            break
        uit = kandidaat
    if not uit and woorden:
        uit = woorden[0][:maximum]
    return uit or "knelpunt"


def _pred(iris, p: str) -> ox.NamedNode:
    return N(p if p.startswith("http") else iris.term(p))


def velden_naar_triples(ctx, subject: ox.NamedNode, data: dict, errors: list[dict]) -> tuple[list[ox.Triple], set[str]]:
    """Triples for the fields in `data`; returns them and the predicates they replace."""
    iris, t, touched = ctx.iris, [], set()
    term = iris.term

    def lijst(naam):
        v = data[naam]
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, (str, dict)) for x in v):
            errors.append(fout("body", f"/{naam}", "geen_lijst", f"'{naam}' moet een lijst zijn."))
            return []
        return v

    for naam, p in TEKST.items():
        if naam in data:
            touched.add(_pred(iris, p).value)
            v = data[naam]
            if v is None:
                continue
            if not isinstance(v, str) or not v.strip() or len(v) > 20000:
                errors.append(fout("body", f"/{naam}", "geen_tekst", f"'{naam}' moet een niet-lege tekst zijn."))
                continue
            t.append(ox.Triple(subject, _pred(iris, p), L(v.strip(), language="nl")))
    if "kenmerk" in data:
        touched.add(DCT + "identifier")
        if data["kenmerk"] is not None:
            if not isinstance(data["kenmerk"], str) or not re.fullmatch(r"[A-Za-z0-9\-]{1,20}", data["kenmerk"]):
                errors.append(fout("body", "/kenmerk", "ongeldig_kenmerk", "Een kenmerk is kort, bijvoorbeeld KP-44."))
            else:
                t.append(ox.Triple(subject, N(DCT + "identifier"), L(data["kenmerk"])))
    for naam, (kind, prop) in BEGRIP.items():
        if naam in data:
            touched.add(term(prop))
            for i, v in enumerate(lijst(naam)):
                if not isinstance(v, str) or not _CODE.match(v):
                    errors.append(fout("body", f"/{naam}/{i}", "ongeldige_code", f"'{v}' is geen geldige code."))
                    continue
                t.append(ox.Triple(subject, N(term(prop)), N(iris.concept(kind, v))))
    if "status" in data:
        touched.add(term("status"))
        v = data["status"]
        if v is not None:
            if not isinstance(v, str) or not _CODE.match(v):
                errors.append(fout("body", "/status", "ongeldige_code", "De status is een code, bijv. gesignaleerd."))
            else:
                t.append(ox.Triple(subject, N(term("status")), N(iris.concept("status", v))))
    if "ministeries" in data:
        touched.add(term("verantwoordelijkMinisterie"))
        for i, v in enumerate(lijst("ministeries")):
            if not isinstance(v, str) or not re.fullmatch(r"mnre\d{4}", v.lower()):
                errors.append(fout("body", f"/ministeries/{i}", "ongeldige_code", f"'{v}' is geen TOOI-code van een ministerie (mnre…)."))
            else:
                t.append(ox.Triple(subject, N(term("verantwoordelijkMinisterie")), N(ministerie_iri(v))))
    for naam, prop, mint in (("experimenten", "experiment", iris.experiment),
                             ("praktijkvoorbeelden", "onderbouwdDoor", iris.praktijkvoorbeeld)):
        if naam in data:
            touched.add(term(prop))
            for i, v in enumerate(lijst(naam)):
                if not isinstance(v, str) or not (SLUG.match(v) or v.startswith(iris.base + "/id/")):
                    errors.append(fout("body", f"/{naam}/{i}", "ongeldige_code", f"'{v}' is geen geldige code."))
                else:
                    t.append(ox.Triple(subject, N(term(prop)), N(v if v.startswith("http") else mint(v))))
    if "gesignaleerdDoor" in data:
        touched.add(term("gesignaleerdDoor"))
        for i, v in enumerate(lijst("gesignaleerdDoor")):
            if isinstance(v, str) and re.fullmatch(r"gm\d{4}", v.lower()):
                t.append(ox.Triple(subject, N(term("gesignaleerdDoor")), N(gemeente_iri(v))))
            elif isinstance(v, str) and re.fullmatch(r"mnre\d{4}", v.lower()):
                t.append(ox.Triple(subject, N(term("gesignaleerdDoor")), N(ministerie_iri(v))))
            elif isinstance(v, str) and v.startswith("https://"):
                try:
                    t.append(ox.Triple(subject, N(term("gesignaleerdDoor")), N(v)))
                except ValueError:
                    errors.append(fout("body", f"/gesignaleerdDoor/{i}", "ongeldige_iri", f"'{v}' is geen geldige IRI."))
            else:
                errors.append(fout("body", f"/gesignaleerdDoor/{i}", "ongeldige_code",
                                   "Gebruik een TOOI-code (gm…, mnre…) of de IRI van een organisatie."))
    for naam, prop in (("bronnen", PROV + "wasDerivedFrom"), ("vindplaatsen", term("vindplaats"))):
        if naam in data:
            touched.add(prop)
            for i, v in enumerate(lijst(naam)):
                t += _bron_triples(ctx, subject, prop, naam, i, v, errors, touched)
    return t, touched


BRON_VELDEN = {"url", "titel", "soort"}


def _bron_triples(ctx, subject, prop: str, naam: str, i: int, v, errors: list[dict], touched: set[str]) -> list[ox.Triple]:
    """A source (`bronnen`) or an official publication of the remedy (`vindplaatsen`): a URL, or an object with
    `url`, `titel` and `soort` (a code of the bronsoorten scheme: kamerstuk, uitspraak, staatsblad …). A title
    or kind given replaces the one the source had (recorded in `touched` as "subject predicate")."""
    term = ctx.iris.term
    if isinstance(v, dict):
        for k in sorted(set(v) - BRON_VELDEN):
            errors.append(fout("body", f"/{naam}/{i}/{k}", "onbekend_veld", f"Het veld '{k}' bestaat niet in een bron."))
    url, titel, soort = (v, None, None) if isinstance(v, str) else (v.get("url"), v.get("titel"), v.get("soort"))
    if not isinstance(url, str) or not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]{3,2000}", url):
        errors.append(fout("body", f"/{naam}/{i}/url" if isinstance(v, dict) else f"/{naam}/{i}", "ongeldige_url",
                           "Een bron is een webadres (https://…)."))
        return []
    bron = N(url)
    out = [ox.Triple(subject, N(prop), bron), ox.Triple(bron, N(RDF_TYPE), N(term("Bron")))]
    if titel is not None:
        touched.add(f"{url} {DCT}title")
        if not isinstance(titel, str) or len(titel) > 500:
            errors.append(fout("body", f"/{naam}/{i}/titel", "geen_tekst", "De titel van een bron is een korte tekst."))
        elif titel.strip():
            out.append(ox.Triple(bron, N(DCT + "title"), L(titel.strip(), language="nl")))
    if soort is not None:
        touched.add(f"{url} {term('bronsoort')}")
        if not isinstance(soort, str) or not _CODE.match(soort):
            errors.append(fout("body", f"/{naam}/{i}/soort", "ongeldige_code", f"'{soort}' is geen geldige soort bron."))
        else:
            out.append(ox.Triple(bron, N(term("bronsoort")), N(ctx.iris.concept("bronsoort", soort))))
    return out


def citeringen_naar_triples(ctx, subject, data: dict, errors: list[dict],
                            posities: dict | None = None) -> list[ox.Triple]:
    """Triples for `data['citeringen']`. A citation without peildatum is dated today (the law text that
    applies now); `posities` (optional) receives citation node -> (index in the list, dated today)."""
    term = ctx.iris.term
    raw = data["citeringen"]
    if not isinstance(raw, list):
        errors.append(fout("body", "/citeringen", "geen_lijst", "'citeringen' moet een lijst zijn."))
        return []
    herkenner = ctx.herkenner()
    out = []
    today = dt.date.today().isoformat()
    for i, c in enumerate(raw):
        item = {"bepaling": c} if isinstance(c, str) else c
        if not isinstance(item, dict) or not isinstance(item.get("bepaling"), str):
            errors.append(fout("body", f"/citeringen/{i}", "ongeldige_citering",
                               "Een citering is een tekst ('art. 22a Pw'), een IRI, of een object met 'bepaling'."))
            continue
        onbekend = set(item) - {"bepaling", "peildatum", "rol", "verificatie"}
        for k in sorted(onbekend):
            errors.append(fout("body", f"/citeringen/{i}/{k}", "onbekend_veld", f"Het veld '{k}' bestaat niet in een citering."))
        found, resolved = herkenner.los_op(item["bepaling"])
        if not resolved:
            errors.append(fout("body", f"/citeringen/{i}/bepaling", "onbekende_bepaling",
                               f"'{item['bepaling']}' kon niet aan een bekend artikel, lid of onderdeel worden gekoppeld."))
            continue
        peil = item.get("peildatum") or today
        try:
            if not isinstance(peil, str) or len(peil) != 10:
                raise ValueError
            dt.date.fromisoformat(peil)
        except ValueError:
            errors.append(fout("body", f"/citeringen/{i}/peildatum", "ongeldige_datum", f"'{peil}' is geen geldige datum (JJJJ-MM-DD)."))
            continue
        for v in found:
            node = ox.BlankNode()
            if posities is not None:
                posities[node] = (i, not item.get("peildatum"))
            out += [ox.Triple(subject, N(term("citeert")), node), ox.Triple(node, N(RDF_TYPE), N(term("Citering"))),
                    ox.Triple(node, N(term("bepaling")), N(v["iri"])),
                    ox.Triple(node, N(term("peildatum")), L(peil, datatype=N(XSD + "date")))]
            for k in ("rol", "verificatie"):
                if isinstance(item.get(k), str) and item[k].strip():
                    out.append(ox.Triple(node, N(term(k)), L(item[k].strip(), language="nl")))
    return out


def controleer(ctx, triples: list[ox.Triple]) -> list[dict]:
    """Unknown concepts (not in their scheme) and SHACL violations, mapped back to fields."""
    context = ctx.type_context(triples)
    errors = []
    schemes: dict[str, set] = {}
    for s, p, o in context:
        if p.endswith("inScheme"):
            schemes.setdefault(s, set()).add(o)
    term = ctx.iris.term
    for t in triples:
        for field, (kind, prop) in list(BEGRIP.items()) + [("status", ("status", "status")),
                                                            ("bronnen", ("bronsoort", "bronsoort"))]:
            if t.predicate.value == term(prop) and ctx.iris.scheme(kind) not in schemes.get(t.object.value, ()):
                errors.append(fout("body", f"/{field}", f"onbekend_{kind}",
                                   f"'{t.object.value.rsplit('/', 1)[-1]}' is geen bekende {kind}." if kind == "bronsoort"
                                   else f"'{t.object.value.rsplit('/', 1)[-1]}' is geen bekend {kind}."))
    if errors or ctx.validator is None:
        return errors
    from .formulierfouten import schendingen_naar_fouten

    return schendingen_naar_fouten(ctx.validator.validate(triples, context), ctx.iris)


def controleer_verificatie(ctx, triples: list[ox.Triple], posities: dict, slug: str) -> list[dict]:
    """The build's citation rules (kennisbank/verificatie.py, one implementation) on the knelpunt's full new
    state, with the law texts in the store: a write the build would refuse is refused here, so an acknowledged
    edit never stops a build."""
    from .verificatie import controleer_knelpunt

    errors = []
    for b in controleer_knelpunt(ctx.store, ctx.iris, triples, f"knelpunten/{slug}.ttl"):
        status = f"'{b.status}'" if b.status else "Deze status"
        if b.soort == "peildatum":
            i, vandaag = posities.get(b.citering, (None, False))
            pad = f"/citeringen/{i}/peildatum" if i is not None else "/citeringen"
            perioden = [("vanaf " + v if v else "") + (" tot en met " + t if t else "") or "zonder begindatum"
                        for v, t in b.geldig]
            waar = (f"De tekst in de kennisbank geldt {' en '.join(p.strip() for p in perioden)}."
                    if perioden else "Er staat geen tekst of samenvatting van deze bepaling in de kennisbank.")
            uitleg = " (zonder peildatum geldt de datum van vandaag)" if vandaag else ""
            errors.append(fout("body", pad, "geen_tekst_op_peildatum",
                               f"{b.naam} heeft op {b.peildatum}{uitleg} geen tekst in de kennisbank. {waar} Kies "
                               "een peildatum waarop de tekst gold, of citeer de bepaling die toen gold."))
        elif b.soort == "samenvatting":
            errors.append(fout("body", "/status", "citering_niet_gecontroleerd",
                               f"{status} vraagt dat elke citering tegen een wettekst is gecontroleerd, maar "
                               f"{b.naam} (peildatum {b.peildatum}) heeft in de kennisbank alleen een samenvatting. "
                               "Kies een lagere status (bijvoorbeeld 'gesignaleerd'), of citeer een bepaling met "
                               "wettekst op de peildatum."))
        else:
            errors.append(fout("body", "/status", "vindplaats_ontbreekt",
                               f"{status} vraagt de vindplaats van de oplossing die geldt (Staatsblad, kamerstuk of "
                               "uitspraak), maar dit knelpunt noemt er geen. Vul bij 'vindplaatsen' het webadres "
                               "van die publicatie in (met haar soort, bijvoorbeeld staatsblad), of kies een lagere "
                               "status."))
    return errors


def _pointer(parts) -> str:
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts) if parts else ""


def privacy(data: dict) -> list[dict]:
    velden: dict[str, str] = {}  # every text in the body, nested ones too (citeringen, bronnen …), by JSON pointer
    stack = [(data, [])]
    while stack:
        value, pad = stack.pop()
        if isinstance(value, str):
            velden[_pointer(pad)] = value
        elif isinstance(value, dict):
            stack += [(v, pad + [k]) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [(v, pad + [i]) for i, v in enumerate(value)]
    velden = dict(sorted(velden.items()))
    return [fout("body", veld, "persoonsgegevens", f"Dit veld bevat {hit.omschrijving} op positie {hit.begin}.")
            for veld, hit in controleer_velden(velden)]


def notitie_van(data: dict, errors: list[dict]) -> str | None:
    v = data.get("notitie")
    if v is None:
        return None
    if not isinstance(v, str) or len(v) > 2000:
        errors.append(fout("body", "/notitie", "geen_tekst", "De notitie is een tekst van hoogstens 2000 tekens."))
        return None
    return v.strip() or None


# --- current state, kenmerken ----------------------------------------------------------------------------------------
def _journaal(ctx) -> Journaal:
    return journaal(ctx.config.data_dir)


def huidige_revisie(ctx, iri: str) -> Revisie | None:
    return _journaal(ctx).huidig(iri)


def _graaf_in_store(ctx, iri: str) -> str | None:
    rows = ctx.store.select("SELECT ?g WHERE { GRAPH ?g { ?k a ?c } }",
                            {"k": N(iri), "c": N(ctx.iris.term("Knelpunt"))})
    return rows[0]["g"].value if rows else None


def _basisrevisie(ctx, iri: str, soort: str = "knelpunt") -> Revisie | None:
    """A resource that has no revision yet (a store built before revisions existed): its state in the store,
    attributed to its file when the build's provenance names one."""
    graaf = _graaf_in_store(ctx, iri)
    if graaf is None:
        return None
    triples = [q.triple for q in ox.parse(ctx.store.export("application/n-triples", [graaf]), format=ox.RdfFormat.N_TRIPLES)]
    rows = ctx.store.select("SELECT ?bestand ?sha WHERE { GRAPH ?h { ?g ?pb ?bestand ; ?ps ?sha } }",
                            {"h": N(f"{ctx.iris.base}/graaf/afgeleid/herkomst"), "g": N(graaf),
                             "pb": N(ctx.iris.term("bronbestand")), "ps": N(ctx.iris.term("sha256"))})
    if rows:
        return Revisie(iri=iri, soort=soort, graaf=graaf, rol="bestand", bron="bestand", bestand=rows[0]["bestand"].value,
                       sha=rows[0]["sha"].value, inhoud=canoniek(triples), velden=["*"], notitie="eerste import")
    return Revisie(iri=iri, soort=soort, graaf=graaf, rol="systeem", bron="systeem", inhoud=canoniek(triples), velden=["*"])


def etag(revisie: Revisie | None, inhoud: str | None = None) -> str:
    """The ETag of a resource's current state: its content hash (the same for the same state, whatever read it)."""
    import hashlib

    h = revisie.hash if revisie is not None else hashlib.sha256((inhoud or "").encode("utf-8")).hexdigest()
    return f'"{h[:32]}"'


def etag_van(ctx, iri: str) -> str | None:
    r = huidige_revisie(ctx, iri)
    if r is not None:
        return etag(r)
    graaf = _graaf_in_store(ctx, iri)
    if graaf is None:
        return None
    return etag(None, canoniek(ox.parse(ctx.store.export("application/n-triples", [graaf]), format=ox.RdfFormat.N_TRIPLES)))


def _kenmerken(ctx) -> dict[str, str]:
    """kenmerk -> knelpunt IRI, over the public store and the current revisions."""
    rows = ctx.store.select("SELECT ?k ?id WHERE { ?k a ?c ; ?pid ?id }",
                            {"c": N(ctx.iris.term("Knelpunt")), "pid": N(DCT + "identifier")})
    out = {r["id"].value: r["k"].value for r in rows}
    j = _journaal(ctx)
    for iri in j.bronnen("knelpunt"):
        h = j.huidig(iri)
        if h is None:
            continue
        kop = f"<{iri}> <{DCT}identifier> "
        for regel in h.inhoud.splitlines():  # canonical N-Triples: no parsing needed to find one line
            if regel.startswith(kop):
                for t in ox.parse(regel.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
                    out[t.object.value] = iri
    return out


def volgend_kenmerk(ctx) -> str:
    nummers = [int(m.group(1)) for k in _kenmerken(ctx) if (m := KENMERK.match(k))]
    return f"KP-{(max(nummers) if nummers else 0) + 1:02d}"


def _dubbel_kenmerk(ctx, kenmerk: str, iri: str) -> None:
    ander = _kenmerken(ctx).get(kenmerk)
    if ander is not None and ander != iri:
        raise Ongeldig([fout("body", "/kenmerk", "kenmerk_bestaat", f"Het kenmerk '{kenmerk}' hoort al bij knelpunt "
                             f"'{ander.rsplit('/', 1)[-1]}'.")], status=409,
                       detail=f"Het kenmerk '{kenmerk}' is al in gebruik bij knelpunt '{ander.rsplit('/', 1)[-1]}'; "
                              "elk knelpunt heeft een eigen kenmerk. Laat 'kenmerk' weg voor het volgende vrije nummer.")


# --- knelpunten: create and edit -------------------------------------------------------------------------------------
def maak_knelpunt(ctx, token, data: dict) -> Revisie:
    """Create a knelpunt. Raises Ongeldig (400 input, 409 id or kenmerk taken)."""
    errors = [fout("body", f"/{k}", "onbekend_veld", f"Het veld '{k}' bestaat niet.") for k in data if k not in VELDEN]
    for k in ("titel", "beschrijving", "citeringen"):
        if k not in data:
            errors.append(fout("body", f"/{k}", "verplicht", f"Het veld '{k}' is verplicht."))
    if errors:
        raise Ongeldig(errors)
    slug = data.get("id") or slugify(str(data.get("titel")))
    if not isinstance(slug, str) or not SLUG.match(slug):
        raise Ongeldig([fout("body", "/id", "ongeldig_id", "Een id bestaat uit kleine letters, cijfers en streepjes.")])
    errors = privacy(data)
    if errors:
        raise Ongeldig(errors, detail="Het knelpunt bevat persoonsgegevens; er is niets opgeslagen.")
    notitie = notitie_van(data, errors)
    iri = ctx.iris.knelpunt(slug)
    subject = N(iri)
    vandaag = dt.date.today().isoformat()
    invoer = {k: v for k, v in data.items() if k not in ("id", "notitie")}
    with ctx.write_lock:
        if ctx.store.ask(ctx.q.bestaat, {"s": subject}) or huidige_revisie(ctx, iri) is not None:
            raise Ongeldig([], status=409, detail=f"Er bestaat al een knelpunt met id '{slug}'; kies een ander id of gebruik PATCH.")
        if invoer.get("kenmerk") is None:
            invoer["kenmerk"] = volgend_kenmerk(ctx)
        triples, _ = velden_naar_triples(ctx, subject, invoer, errors)
        posities: dict = {}
        triples += citeringen_naar_triples(ctx, subject, invoer, errors, posities)
        triples += [ox.Triple(subject, N(RDF_TYPE), N(ctx.iris.term("Knelpunt"))),
                    ox.Triple(subject, N(DCT + "created"), L(vandaag, datatype=N(XSD + "date"))),
                    ox.Triple(subject, N(DCT + "modified"), L(vandaag, datatype=N(XSD + "date")))]
        if not errors:
            errors = controleer(ctx, triples)
        if not errors:
            errors = controleer_verificatie(ctx, triples, posities, slug)
        if errors:
            raise Ongeldig(errors)
        _dubbel_kenmerk(ctx, invoer["kenmerk"], iri)  # after the input checks: 400 before 409
        rev = Revisie(iri=iri, soort="knelpunt", graaf=ctx.iris.graph(f"knelpunten/{slug}.ttl"), rol=token.rol,
                      token=token.id, bron=getattr(token, "bron", "api"), notitie=notitie, inhoud=canoniek(triples),
                      velden=sorted(k for k in invoer if k in LABELS))
        with toepassing(ctx) as klaar:
            _journaal(ctx).voeg_toe([rev])  # the commit point
            _schrijf_store(ctx, rev)
    _na_schrijven(ctx, [rev], klaar)
    return rev


def wijzig_knelpunt(ctx, token, slug: str, data: dict, if_match: str | None = None) -> Revisie:
    """Edit a knelpunt (merge-patch). Raises Ongeldig (400, 404, 409 kenmerk taken, 412 If-Match)."""
    iri = ctx.iris.knelpunt(slug)
    subject = N(iri)
    errors = [fout("body", f"/{k}", "onbekend_veld", f"Het veld '{k}' bestaat niet of kan niet worden gewijzigd.")
              for k in data if k not in VELDEN or k == "id"]
    errors += privacy(data)
    notitie = notitie_van(data, errors)
    if errors:
        raise Ongeldig(errors)
    invoer = {k: v for k, v in data.items() if k != "notitie"}
    with ctx.write_lock:
        j = _journaal(ctx)
        basis = j.huidig(iri)
        nieuwe_basis = None
        if basis is None:
            basis = nieuwe_basis = _basisrevisie(ctx, iri)
        if basis is None or basis.verwijderd:
            raise Ongeldig([], status=404, detail=f"Er is geen knelpunt '{slug}'.")
        if if_match is not None and not _past(if_match, etag(basis)):
            raise Ongeldig([], status=412, detail=(
                f"Het knelpunt '{slug}' is intussen gewijzigd (de huidige versie is {etag(basis)}, uw wijziging "
                f"gaat uit van {if_match}). Haal het knelpunt opnieuw op, bekijk de verschillen via "
                f"/v1/knelpunten/{slug}/revisies en stuur uw wijziging opnieuw."))
        nieuw, touched = velden_naar_triples(ctx, subject, invoer, errors)
        posities: dict = {}
        if "citeringen" in invoer:
            touched.add(ctx.iris.term("citeert"))
            nieuw += citeringen_naar_triples(ctx, subject, invoer, errors, posities)
        touched.add(DCT + "modified")
        nieuw.append(ox.Triple(subject, N(DCT + "modified"), L(dt.date.today().isoformat(), datatype=N(XSD + "date"))))
        alles = basis.triples()
        weg_blank = {t.object for t in alles if t.subject == subject and t.predicate.value in touched
                     and isinstance(t.object, ox.BlankNode)}
        behouden = [t for t in alles if not (t.subject == subject and t.predicate.value in touched)
                    and t.subject not in weg_blank
                    and f"{t.subject.value} {t.predicate.value}" not in touched]  # a source's replaced title/kind
        triples = behouden + nieuw
        if not errors:
            errors = controleer(ctx, triples)
        if not errors:
            errors = controleer_verificatie(ctx, triples, posities, slug)
        if errors:
            raise Ongeldig(errors)
        if isinstance(invoer.get("kenmerk"), str):
            _dubbel_kenmerk(ctx, invoer["kenmerk"], iri)
        rev = Revisie(iri=iri, soort="knelpunt", graaf=basis.graaf, rol=token.rol, token=token.id,
                      bron=getattr(token, "bron", "api"), notitie=notitie, inhoud=canoniek(triples),
                      velden=sorted(k for k in invoer if k in LABELS))

        def controle(journaal: Journaal) -> None:  # another process (a build) may have appended meanwhile
            laatste = journaal.huidig(iri)
            if nieuwe_basis is None and laatste is not None and laatste.hash != basis.hash and if_match is not None:
                raise Ongeldig([], status=412, detail=f"Het knelpunt '{slug}' is intussen gewijzigd; haal het opnieuw op.")

        with toepassing(ctx) as klaar:
            j.voeg_toe(([nieuwe_basis] if nieuwe_basis is not None else []) + [rev], controle)  # the commit point
            _schrijf_store(ctx, rev)
    _na_schrijven(ctx, [rev], klaar)
    return rev


def _past(if_match: str, huidig: str) -> bool:
    if if_match.strip() == "*":
        return True
    kandidaten = [x.strip() for x in if_match.split(",")]
    return any(k.removeprefix("W/") == huidig for k in kandidaten)


# --- applying revisions: store, index, site ---------------------------------------------------------------------------
def schrijf_openbaar(ctx, schrijf, knelpunten: list[str] = (), praktijk: str | None = None) -> None:
    """Run `schrijf()` (a write to the public store, under `ctx.write_lock`) and tell the read model's memory
    (kennisbank/leesmodel.py `Knelpuntenlijst`, `Knelpuntgeheugen`) what it changed, so the next page reads only
    that instead of everything again: `knelpunten` it wrote; for a case (`praktijk`), the knelpunten it supports
    before and after the write (their derived `praktijkvoorbeelden` change)."""
    from . import generatie

    lijst = getattr(ctx, "knelpuntenlijst", None)
    geheugen = getattr(ctx, "knelpuntgeheugen", None)
    store = ctx.store
    voor = generatie.current(ctx.config.data_dir) if lijst is not None or geheugen is not None else None
    gekoppeld = _ondersteunt(ctx, store, praktijk) if praktijk and geheugen is not None else set()
    schrijf()
    if lijst is not None or geheugen is not None:
        na = generatie.current(ctx.config.data_dir)
        if lijst is not None:
            lijst.gewijzigd(store, list(knelpunten), voor, na)
        if geheugen is not None:
            if praktijk:
                gekoppeld |= _ondersteunt(ctx, store, praktijk)
            geheugen.gewijzigd(store, list(knelpunten) + sorted(gekoppeld), voor, na)
    gewijzigd = getattr(ctx, "openbaar_gewijzigd", None)
    if gewijzigd is not None:  # the API's memos of public case counts
        gewijzigd()


def _ondersteunt(ctx, store, praktijk: str) -> set[str]:
    """The knelpunten a case supports in the public store."""
    rows = store.select("SELECT ?k WHERE { ?p ?o ?k }", {"p": N(praktijk), "o": N(ctx.iris.term("ondersteunt"))})
    return {r["k"].value for r in rows}


def _schrijf_store(ctx, rev: Revisie) -> None:
    if rev.soort == "praktijkvoorbeeld":
        schrijf_openbaar(ctx, lambda: _praktijk_naar_store(ctx, rev), praktijk=rev.iri)
        return
    huidig = _journaal(ctx).huidig(rev.iri) or rev
    store = ctx.store
    if huidig.verwijderd:
        schrijf_openbaar(ctx, lambda: store.remove_graph(huidig.graaf), [rev.iri])
    elif huidig.soort == "knelpunt":
        # with the verification of its citations, derived as at build (kennisbank/verificatie.py)
        from .bronnen import to_ntriples
        from .verificatie import met_verificatie

        schrijf_openbaar(ctx, lambda: store.replace_graph(
            huidig.graaf, to_ntriples(met_verificatie(store, ctx.iris, huidig.triples()))), [rev.iri])
    else:
        schrijf_openbaar(ctx, lambda: store.replace_graph(huidig.graaf, huidig.inhoud.encode("utf-8")), [rev.iri])


def _praktijk_naar_store(ctx, rev: Revisie) -> None:
    """A case's public copy follows the inbox (its source of truth): published -> copied, otherwise absent."""
    graaf = rev.graaf
    data = ctx.inbox.export("application/n-triples", [graaf])
    gepubliceerd = ctx.iris.concept("beoordelingsstatus", "gepubliceerd")
    if data and gepubliceerd.encode("utf-8") in data:
        ctx.store.replace_graph(graaf, data)
    else:
        ctx.store.remove_graph(graaf)


def werk_index_bij(ctx, iris: list[str]) -> None:
    """Tell the search index about changed resources; a failure is logged (recovery or a build repairs it)."""
    try:
        from . import zoek

        zoek.werk_bij(ctx.config, ctx.store, iris)
    except Exception as exc:  # noqa: BLE001 - the write stands; the index is repaired by replay or a build
        log.warning("zoekindex niet bijgewerkt voor %s: %s", iris, exc)


class toepassing:
    """Tracks a write from before its journal append until it is fully applied (store, index, site queue), so
    the applied position never passes a revision that another thread has not finished applying: a crash then
    replays it. `with toepassing(ctx) as klaar: append; store` and later `_na_schrijven(ctx, revs, klaar)`
    (or `klaar()` once index and site are done). On an exception before the append the write is dropped."""

    _lock = threading.Lock()
    _bezig: dict[int, tuple[str, int]] = {}  # nr -> (data folder, position)
    _teller = 0

    def __init__(self, ctx):
        self.ctx = ctx
        self.map = str(Path(ctx.config.data_dir).resolve())

    def __enter__(self):
        cls = type(self)
        with cls._lock:
            cls._teller += 1
            self.nr = cls._teller
            cls._bezig[self.nr] = (self.map, _journaal(self.ctx).positie())  # at or before the start of our lines
        return self.klaar

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self.klaar()
        return False

    def klaar(self) -> None:
        cls = type(self)
        with cls._lock:
            if cls._bezig.pop(self.nr, None) is None:
                return
            open_ = [p for m, p in cls._bezig.values() if m == self.map]
            _zet_toegepast(self.ctx, min(open_) if open_ else _journaal(self.ctx).positie())


def _na_schrijven(ctx, revisies: list[Revisie], klaar=None) -> None:
    """Steps 4-6 after the store: the search index, the site queue, the applied position."""
    iris = list(dict.fromkeys(r.iri for r in revisies))
    werk_index_bij(ctx, iris)
    wachtrij = getattr(ctx, "site_wachtrij", None)
    if wachtrij is not None and wachtrij.site_aanwezig():
        wachtrij.noteer(iris + _vorige_verwijzingen(ctx, revisies))
        wachtrij.meld()
    if klaar is not None:
        klaar()


def _vorige_verwijzingen(ctx, revisies: list[Revisie]) -> list[str]:
    """What a knelpunt pointed to before its latest revision (provisions, concepts, organisations): their pages
    may list it no longer."""
    out: list[str] = []
    j = _journaal(ctx)
    for r in revisies:
        if r.soort != "knelpunt":
            continue
        eerder = [x for x in j.revisies(r.iri) if x.geldend and x.nr < r.nr]
        if eerder:
            out += [t.object.value for t in eerder[-1].triples() if isinstance(t.object, ox.NamedNode)
                    and t.predicate.value != RDF_TYPE]
    return list(dict.fromkeys(out))


def _toegepast_pad(ctx) -> Path:
    return Path(ctx.config.data_dir) / "revisies" / "toegepast"


def _zet_toegepast(ctx, positie: int) -> None:
    try:
        from .duurzaam import schrijf_atomisch

        pad = _toegepast_pad(ctx)
        pad.parent.mkdir(parents=True, exist_ok=True)
        schrijf_atomisch(pad, str(positie))
    except OSError:
        pass  # at worst more is replayed at the next start


def toegepast(ctx) -> int:
    try:
        return int(_toegepast_pad(ctx).read_text(encoding="utf-8").strip() or 0)
    except (OSError, ValueError):
        return 0


def herstel(ctx, vanaf: int | None = None) -> int:
    """Replay the revisions after `vanaf` (default: the applied position) into the store, the search index and
    the site queue. Idempotent. Returns the number of resources replayed."""
    j = _journaal(ctx)
    positie = toegepast(ctx) if vanaf is None else vanaf
    revs = j.na(positie)
    if not revs:
        return 0
    laatste: dict[str, Revisie] = {}
    for r in revs:
        if r.bron != "bestand":  # a build's file revisions are in the store that build wrote
            laatste[r.iri] = r
    if not laatste:
        with toepassing(ctx) as klaar:
            pass
        klaar()
        return 0
    with ctx.write_lock, toepassing(ctx) as klaar:
        for r in laatste.values():
            try:
                _schrijf_store(ctx, r)
            except Exception as exc:  # noqa: BLE001 - one bad resource must not stop the others
                log.warning("herstel van %s mislukt: %s", r.iri, exc)
    _na_schrijven(ctx, list(laatste.values()), klaar)
    log.info("herstel: %d bron(nen) opnieuw toegepast", len(laatste))
    return len(laatste)


def bouw_positie(store, iris) -> int | None:
    """The journal position the build of this store read (from its provenance), or None."""
    rows = store.select("SELECT ?p WHERE { GRAPH ?h { ?a ?pos ?p } }",
                        {"h": N(f"{iris.base}/graaf/afgeleid/herkomst"), "pos": N(iris.term("journaalPositie"))})
    try:
        return min(int(r["p"].value) for r in rows) if rows else None
    except ValueError:
        return None
