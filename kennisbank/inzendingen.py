"""Submissions of praktijkvoorbeelden: JSON -> privacy guard -> references -> RDF -> SHACL -> inbox; review.

The inbox store (`{data}/inbox`) is the source of truth for every submission: each lives in its own graph
`Iris.submission_graph(id)` with `kb:beoordelingsstatus` ingediend / gepubliceerd / afgewezen. Bookkeeping
that must never become public (which token submitted, idempotency keys, the reviewer's note) lives in a
separate bookkeeping graph of the inbox.

Order of writes on publication: a durable record of the pending site update (when a static site exists),
the inbox (status gepubliceerd), the public copy, the search index. If the process dies in between, the
server's re-sync on start/reopen and every build copy published inbox graphs into the public store again,
so nothing is lost. The static site's pages are rewritten afterwards by the server's background worker
(`kennisbank.context.SiteWachtrij`), never inside the review request; it handles leftover records on start.

Every submission and review is also a revision in the journal (kennisbank/revisies.py): the public history
of a published case, and the trigger that replays the store, search index and site after a crash
(kennisbank/domein.py). `ctx` is the server's context (kennisbank/context.py): `.store`, `.inbox`, `.iris`, `.q`, `.validator`,
`.type_context()`, `.herkenner()`, `.beheer_graaf`, `.write_lock`. RDF is built from pyoxigraph terms and
serialised by pyoxigraph; no user text is ever pasted into SPARQL or Turtle.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from .privacy import controleer_velden

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCT = "http://purl.org/dc/terms/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"
N, L = ox.NamedNode, ox.Literal

VELDEN = {"titel", "beschrijving", "domeinen", "regels", "datum", "uitkomst", "kosten"}
KOSTEN_VELDEN = {"geldstroom", "bedrag", "periode"}

#: SHACL result path -> JSON field of a submission.
PAD_NAAR_VELD = {
    DCT + "title": "/titel",
    DCT + "description": "/beschrijving",
    "kb:domein": "/domeinen",
    "kb:betreftBepaling": "/regels",
    DCT + "date": "/datum",
    "kb:uitkomst": "/uitkomst",
    "kb:kosten": "/kosten",
    "kb:gemeente": "/gemeente",
    "kb:beoordelingsstatus": "/status",
    "kb:ondersteunt": "/knelpunten",
}
KOSTEN_PAD = {"kb:geldstroom": "geldstroom", "kb:bedrag": "bedrag", "kb:periode": "periode"}


class Ongeldig(Exception):
    """Invalid submission: every problem as an errors[] item."""

    def __init__(self, errors: list[dict], status: int = 400, detail: str | None = None):
        super().__init__(detail or "ongeldige inzending")
        self.errors = errors
        self.status = status
        self.detail = detail


def _fout(location: str, code: str, detail: str, in_: str = "body") -> dict:
    return {"in": in_, "location": location, "code": code, "detail": detail}


@dataclass
class Invoer:
    titel: str
    beschrijving: str
    domeinen: list[str] = field(default_factory=list)
    regels: list[str] = field(default_factory=list)
    datum: str | None = None
    uitkomst: str | None = None
    kosten: list[dict] = field(default_factory=list)


# --- 1. structure -------------------------------------------------------------------------------------------
def lees_invoer(data: dict) -> Invoer:
    errors: list[dict] = []
    for k in data:
        if k not in VELDEN:
            errors.append(_fout(f"/{k}", "onbekend_veld", f"Het veld '{k}' bestaat niet; toegestaan: {', '.join(sorted(VELDEN))}."))

    def tekst(naam: str, verplicht: bool, maximum: int) -> str | None:
        v = data.get(naam)
        if v is None:
            if verplicht:
                errors.append(_fout(f"/{naam}", "verplicht", f"Het veld '{naam}' is verplicht."))
            return None
        if not isinstance(v, str):
            errors.append(_fout(f"/{naam}", "geen_tekst", f"'{naam}' moet een tekst zijn."))
            return None
        if verplicht and not v.strip():
            errors.append(_fout(f"/{naam}", "leeg", f"'{naam}' mag niet leeg zijn."))
            return None
        if len(v) > maximum:
            errors.append(_fout(f"/{naam}", "te_lang", f"'{naam}' mag hoogstens {maximum} tekens bevatten."))
            return None
        return v.strip()

    def lijst(naam: str, maximum: int) -> list[str]:
        v = data.get(naam)
        if v is None:
            return []
        if not isinstance(v, list):
            errors.append(_fout(f"/{naam}", "geen_lijst", f"'{naam}' moet een lijst zijn."))
            return []
        if len(v) > maximum:
            errors.append(_fout(f"/{naam}", "te_lang", f"'{naam}' mag hoogstens {maximum} elementen bevatten."))
            return []
        out = []
        for i, item in enumerate(v):
            if not isinstance(item, str) or not item.strip() or len(item) > 500:
                errors.append(_fout(f"/{naam}/{i}", "geen_tekst", "Elk element moet een niet-lege tekst van hoogstens 500 tekens zijn."))
            else:
                out.append(item.strip())
        return out

    titel = tekst("titel", True, 300)
    beschrijving = tekst("beschrijving", True, 20000)
    domeinen = lijst("domeinen", 20)
    regels = lijst("regels", 50)
    datum = tekst("datum", False, 10)
    if datum is not None:
        try:
            if len(datum) != 10:
                raise ValueError
            datum = dt.date.fromisoformat(datum).isoformat()
        except ValueError:
            errors.append(_fout("/datum", "ongeldige_datum", f"'{datum}' is geen geldige datum (JJJJ-MM-DD)."))
            datum = None
    uitkomst = tekst("uitkomst", False, 100)
    kosten: list[dict] = []
    raw = data.get("kosten")
    if raw is not None:
        if not isinstance(raw, list) or len(raw) > 20:
            errors.append(_fout("/kosten", "geen_lijst", "'kosten' moet een lijst van hoogstens 20 kostenposten zijn."))
        else:
            for i, post in enumerate(raw):
                if not isinstance(post, dict):
                    errors.append(_fout(f"/kosten/{i}", "geen_object", "Een kostenpost is een object met geldstroom, bedrag en periode."))
                    continue
                for k in post:
                    if k not in KOSTEN_VELDEN:
                        errors.append(_fout(f"/kosten/{i}/{k}", "onbekend_veld", f"Het veld '{k}' bestaat niet in een kostenpost."))
                g = post.get("geldstroom")
                if not isinstance(g, str) or not g.strip():
                    errors.append(_fout(f"/kosten/{i}/geldstroom", "verplicht", "Elke kostenpost heeft een geldstroom."))
                b = post.get("bedrag")
                bedrag = None
                if isinstance(b, bool) or not isinstance(b, (int, float, str)):
                    errors.append(_fout(f"/kosten/{i}/bedrag", "verplicht", "Elke kostenpost heeft een bedrag in euro (getal)."))
                else:
                    try:
                        bedrag = Decimal(str(b))
                        if not bedrag.is_finite() or bedrag < 0 or bedrag > Decimal("1e12"):
                            raise InvalidOperation
                    except InvalidOperation:
                        errors.append(_fout(f"/kosten/{i}/bedrag", "ongeldig_bedrag", f"'{b}' is geen geldig bedrag van nul of meer."))
                        bedrag = None
                p = post.get("periode")
                if p is not None and (not isinstance(p, str) or len(p) > 100):
                    errors.append(_fout(f"/kosten/{i}/periode", "geen_tekst", "De periode is een korte tekst, bijvoorbeeld 'per jaar'."))
                    p = None
                kosten.append({"geldstroom": g.strip() if isinstance(g, str) else None, "bedrag": bedrag,
                               "periode": p.strip() if isinstance(p, str) and p.strip() else None})
    if errors:
        raise Ongeldig(errors)
    return Invoer(titel, beschrijving, domeinen, regels, datum, uitkomst, kosten)


# --- 2. privacy --------------------------------------------------------------------------------------------
def privacy_fouten(invoer: Invoer) -> list[dict]:
    velden = {"/titel": invoer.titel, "/beschrijving": invoer.beschrijving}
    for i, r in enumerate(invoer.regels):
        velden[f"/regels/{i}"] = r
    for i, d in enumerate(invoer.domeinen):
        velden[f"/domeinen/{i}"] = d
    if invoer.uitkomst:
        velden["/uitkomst"] = invoer.uitkomst
    for i, k in enumerate(invoer.kosten):
        if k.get("periode"):
            velden[f"/kosten/{i}/periode"] = k["periode"]
    out = []
    for veld, hit in controleer_velden(velden):
        out.append(_fout(veld, "persoonsgegevens",
                         f"Dit veld bevat {hit.omschrijving} op positie {hit.begin} (tekens {hit.begin}–{hit.eind}); "
                         "haal persoonsgegevens weg en stuur het opnieuw."))
        out[-1]["positie"] = hit.begin
        out[-1]["soort"] = hit.soort
    return out


# --- 3. RDF --------------------------------------------------------------------------------------------------
def nu() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def bouw_rdf(ctx, ident: str, invoer: Invoer, gemeente_iri: str, bepalingen: list[str]) -> tuple[list[ox.Triple], dict]:
    """The submission's triples, and for every blank node the JSON pointer it came from."""
    iris = ctx.iris
    kb = lambda local: N(iris.term(local))
    s = N(iris.praktijkvoorbeeld(ident))
    t = [
        ox.Triple(s, N(RDF_TYPE), kb("Praktijkvoorbeeld")),
        ox.Triple(s, N(DCT + "title"), L(invoer.titel, language="nl")),
        ox.Triple(s, N(DCT + "description"), L(invoer.beschrijving, language="nl")),
        ox.Triple(s, kb("gemeente"), N(gemeente_iri)),
        ox.Triple(s, kb("voorbeeldsoort"), N(iris.concept("voorbeeldsoort", "inzending"))),
        ox.Triple(s, kb("beoordelingsstatus"), N(iris.concept("beoordelingsstatus", "ingediend"))),
        ox.Triple(s, N(PROV + "generatedAtTime"), L(nu(), datatype=N(XSD + "dateTime"))),
        ox.Triple(s, N(PROV + "wasAttributedTo"), N(gemeente_iri)),
    ]
    for d in invoer.domeinen:
        t.append(ox.Triple(s, kb("domein"), N(iris.concept("domein", d))))
    for b in dict.fromkeys(bepalingen):
        t.append(ox.Triple(s, kb("betreftBepaling"), N(b)))
    if invoer.datum:
        t.append(ox.Triple(s, N(DCT + "date"), L(invoer.datum, datatype=N(XSD + "date"))))
    if invoer.uitkomst:
        t.append(ox.Triple(s, kb("uitkomst"), N(iris.concept("uitkomst", invoer.uitkomst))))
    blanks = {}
    for i, k in enumerate(invoer.kosten):
        post = ox.BlankNode()
        blanks[post.value] = f"/kosten/{i}"
        t.append(ox.Triple(s, kb("kosten"), post))
        t.append(ox.Triple(post, N(RDF_TYPE), kb("Kostenpost")))
        t.append(ox.Triple(post, kb("geldstroom"), N(iris.concept("geldstroom", k["geldstroom"]))))
        t.append(ox.Triple(post, kb("bedrag"), L(format(k["bedrag"], "f"), datatype=N(XSD + "decimal"))))
        # the amount is as the submitting wijkteam reported it: its source is the submitter
        t.append(ox.Triple(post, N(PROV + "wasAttributedTo"), N(gemeente_iri)))
        if k.get("periode"):
            t.append(ox.Triple(post, kb("periode"), L(k["periode"], language="nl")))
    return t, blanks


def _concept_fouten(ctx, invoer: Invoer, context: list[tuple[str, str, str]]) -> list[dict]:
    """Unknown domein/uitkomst/geldstroom slugs: not a concept of the right scheme in the store."""
    schemes = {}
    for s, p, o in context:
        if p.endswith("inScheme"):
            schemes.setdefault(s, set()).add(o)
    iris = ctx.iris
    errors = []

    def check(kind: str, slug: str, where: str):
        try:
            iri = iris.concept(kind, slug)
        except ValueError:
            iri = None
        if iri is None or iris.scheme(kind) not in schemes.get(iri, ()):
            errors.append(_fout(where, f"onbekend_{kind}", f"'{slug}' is geen bekend {kind}."))

    for i, d in enumerate(invoer.domeinen):
        check("domein", d, f"/domeinen/{i}")
    if invoer.uitkomst:
        check("uitkomst", invoer.uitkomst, "/uitkomst")
    for i, k in enumerate(invoer.kosten):
        check("geldstroom", k["geldstroom"], f"/kosten/{i}/geldstroom")
    return errors


def shacl_fouten(ctx, triples: list[ox.Triple], context, blanks: dict) -> list[dict]:
    validator = getattr(ctx, "inzending_validator", None) or ctx.validator
    if validator is None:
        return []
    kbns = ctx.iris.kb
    out = []
    for s in validator.validate(triples, context):
        if s.ernst != "fout":
            continue
        pad = s.pad or ""
        kort = "kb:" + pad[len(kbns):] if pad.startswith(kbns) else pad
        if kort in KOSTEN_PAD and s.focus == "[naamloos onderdeel]":
            loc = f"/kosten/{KOSTEN_PAD[kort]}"
        else:
            loc = PAD_NAAR_VELD.get(kort) or PAD_NAAR_VELD.get(pad) or "/"
        out.append(_fout(loc, "vormregel", s.bericht))
    return out


# --- 4. submit ---------------------------------------------------------------------------------------------
def _beheer_triples(ctx, graaf: str, token_id: str, sleutel: str | None, verzoek_hash: str, antwoord: dict):
    kb = lambda local: N(ctx.iris.term(local))
    g = N(graaf)
    t = [ox.Triple(g, kb("ingediendMetToken"), L(token_id))]
    if sleutel:
        k = N(f"{ctx.iris.base}/id/idempotentie/{sleutel}")
        t += [ox.Triple(k, kb("inzending"), g), ox.Triple(k, kb("verzoekHash"), L(verzoek_hash)),
              ox.Triple(k, kb("antwoord"), L(json.dumps(antwoord, ensure_ascii=False)))]
    return t


def idempotentie_sleutel(token_id: str, key: str) -> str:
    return hashlib.sha256(f"{token_id}\x1f{key}".encode("utf-8")).hexdigest()


def eerder_antwoord(ctx, sleutel: str) -> tuple[str, dict] | None:
    rows = ctx.inbox.select(
        "SELECT ?hash ?antwoord WHERE { GRAPH ?beheer { ?k ?ph ?hash . ?k ?pa ?antwoord } }",
        {"beheer": N(ctx.beheer_graaf), "k": N(f"{ctx.iris.base}/id/idempotentie/{sleutel}"),
         "ph": N(ctx.iris.term("verzoekHash")), "pa": N(ctx.iris.term("antwoord"))})
    if not rows:
        return None
    return rows[0]["hash"].value, json.loads(rows[0]["antwoord"].value)


def _herhaling(ctx, sleutel: str, verzoek_hash: str) -> dict | None:
    """The stored answer when this key was used before for the same body; Ongeldig (409) for another body."""
    eerder = eerder_antwoord(ctx, sleutel)
    if eerder is None:
        return None
    if eerder[0] != verzoek_hash:
        raise Ongeldig([_fout("Idempotency-Key", "sleutel_hergebruikt",
                              "Deze Idempotency-Key is al gebruikt voor een ander verzoek.", "header")],
                       status=409, detail="Deze Idempotency-Key hoort bij een ander verzoek.")
    return eerder[1]


def _controleer(ctx, token, data: dict, ident: str) -> tuple[list[ox.Triple], dict]:
    """Every check of a submission (structure, privacy, references, concepts, SHACL) and its triples, for a new
    submission and for an amended one alike. Returns (triples, the answer's fields). Raises Ongeldig."""
    invoer = lees_invoer(data)
    errors = privacy_fouten(invoer)
    if errors:
        raise Ongeldig(errors, detail="De inzending bevat persoonsgegevens; er is niets opgeslagen.")

    herkenner = ctx.herkenner()
    herkend, onopgelost = [], []
    for v in herkenner.herken(invoer.beschrijving):
        if v.get("iri") and v.get("status") == "gevonden":
            herkend.append(dict(v, veld="beschrijving"))
        elif v.get("soort") != "normbegrip":  # a reference the text makes that is not in the knowledge base
            onopgelost.append({"veld": "beschrijving", "tekst": v.get("tekst"), "positie": v.get("begin"),
                               "reden": _reden_niet_gevonden(v)})
    for i, ref in enumerate(invoer.regels):
        found, ok = herkenner.los_op(ref)
        if ok:
            herkend.extend(dict(v, veld=f"regels/{i}") for v in found)
        else:
            onopgelost.append({"index": i, "tekst": ref,
                               "reden": "Deze verwijzing kon niet aan een bekend artikel worden gekoppeld."})
    beschrijf_verwijzingen(ctx, herkend)
    bepalingen = [v["iri"] for v in herkend]

    gemeente_iri = ctx.gemeente_iri(token.gemeente)
    triples, blanks = bouw_rdf(ctx, ident, invoer, gemeente_iri, bepalingen)
    context = ctx.type_context(triples)
    errors = _concept_fouten(ctx, invoer, context)
    if errors:
        raise Ongeldig(errors)
    errors = shacl_fouten(ctx, triples, context, blanks)
    if errors:
        raise Ongeldig(errors, detail="De inzending voldoet niet aan de vormregels; er is niets opgeslagen.")
    velden = {
        "herkendeVerwijzingen": herkend,
        "onopgelosteVerwijzingen": onopgelost,
        "vergelijkbareKnelpunten": suggesties(ctx, bepalingen, invoer.titel + " " + invoer.beschrijving),
    }
    return triples, velden


def _reden_niet_gevonden(v: dict) -> str:
    status = v.get("status") or "niet gevonden"
    return {"onbekende regeling": "De regeling is niet bekend in de kennisbank.",
            "onbekend artikel": "Dit artikel is niet gevonden in de regeling.",
            "onbekend lid": "Dit lid is niet gevonden in het artikel.",
            "onbekend onderdeel": "Dit onderdeel is niet gevonden.",
            "regeling ontbreekt": "Er staat niet bij uit welke regeling dit artikel komt."}.get(
        status, "Deze verwijzing is niet gevonden in de kennisbank.")


def beschrijf_verwijzingen(ctx, verwijzingen: list[dict]) -> list[dict]:
    """Add the law's name (`regelingNaam`) and the article's heading (`artikelTitel`) to recognised references,
    in place (one query), so people read "Participatiewet, artikel 22a (Kostendelersnorm)", not a BWB id."""
    from .store.base import values_lijst

    artikelen = {}
    for v in verwijzingen:
        iri = v.get("iri") or ""
        if "/artikel/" in iri:
            head, rest = iri.split("/artikel/", 1)
            artikelen[iri] = f"{head}/artikel/{rest.split('/', 1)[0]}"
    if not artikelen:
        return verwijzingen
    namen: dict[str, tuple[str | None, str | None]] = {}
    uniek = sorted(set(artikelen.values()))
    for i in range(0, len(uniek), 10):
        q = (ctx.q.prefixes + "SELECT ?a ?naam ?opschrift WHERE { "
             + values_lijst("a", [N(a) for a in uniek[i:i + 10]])
             + " ?a kb:regeling ?r . OPTIONAL { ?r dct:title ?naam } OPTIONAL { ?a kb:opschrift ?opschrift } }")
        for r in ctx.store.select(q):
            namen[r["a"].value] = (r["naam"].value if r.get("naam") is not None else None,
                                   r["opschrift"].value if r.get("opschrift") is not None else None)
    for v in verwijzingen:
        naam, opschrift = namen.get(artikelen.get(v.get("iri") or "", ""), (None, None))
        v["regelingNaam"] = naam
        v["artikelTitel"] = opschrift
    return verwijzingen


def suggesties(ctx, bepalingen: list[str], tekst: str) -> list[dict]:
    """The knelpunten to suggest for a case (the one call site of the suggestion engine: the API's answer,
    the werkruimte's submission and review pages)."""
    return vergelijkbare_knelpunten(ctx, bepalingen, tekst)


def dien_in(ctx, token, data: dict, idempotency_key: str | None = None) -> tuple[dict, bool]:
    """Validate and store a submission. Returns (response body, created now). Raises Ongeldig."""
    verzoek_hash = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
    sleutel = idempotentie_sleutel(token.id, idempotency_key) if idempotency_key else None
    if sleutel:
        eerder = _herhaling(ctx, sleutel, verzoek_hash)
        if eerder is not None:
            return eerder, False

    ident = dt.date.today().strftime("%Y%m%d") + "-" + secrets.token_hex(4)
    triples, velden = _controleer(ctx, token, data, ident)
    antwoord = {
        "id": ident,
        "iri": ctx.iris.praktijkvoorbeeld(ident),
        "status": "ingediend",
        "gemeente": token.gemeente,
        **velden,
    }
    graaf = ctx.iris.submission_graph(ident)
    beheer = _beheer_triples(ctx, graaf, token.id, sleutel, verzoek_hash, antwoord)
    with ctx.write_lock:
        if sleutel:  # a concurrent request with the same key may have won the race: same body, its answer; else 409
            eerder = _herhaling(ctx, sleutel, verzoek_hash)
            if eerder is not None:
                return eerder, False
        ctx.inbox.update(insert_data({graaf: triples, ctx.beheer_graaf: beheer}))
        _revisie(ctx, token, antwoord["iri"], graaf, triples, sorted(k for k in data if k in VELDEN))
    return antwoord, True


def _revisie(ctx, token, iri: str, graaf: str, triples: list[ox.Triple], velden: list[str], notitie: str | None = None):
    """The case's revision in the journal (history; and the trigger that replays store, index and site after a
    crash). The inbox stays the source of truth of submissions."""
    from .revisies import Revisie, canoniek, journaal

    rev = Revisie(iri=iri, soort="praktijkvoorbeeld", graaf=graaf, rol=token.rol, token=token.id, bron="api",
                  notitie=notitie, inhoud=canoniek(triples), velden=velden)
    journaal(ctx.config.data_dir).voeg_toe([rev])
    return rev


def insert_data(graphs: dict[str, list[ox.Triple]]) -> str:
    """One INSERT DATA request for several graphs (one transaction), from pyoxigraph-serialised terms."""
    parts = []
    for g, triples in graphs.items():
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        parts.append(f"GRAPH {N(g)} {{\n{body}}}")
    return "INSERT DATA {\n" + "\n".join(parts) + "\n}"


# --- similar knelpunten --------------------------------------------------------------------------------------
def vergelijkbare_knelpunten(ctx, bepalingen: list[str], tekst: str, maximum: int = 5) -> list[dict]:
    """The knelpunten most like a submission (one engine for every suggestion: kennisbank/soortgelijk.py)."""
    from .soortgelijk import soortgelijke_knelpunten

    return [{"id": x["id"], "iri": x["iri"], "titel": x["titel"], "score": round(x["score"], 3)}
            for x in soortgelijke_knelpunten(ctx, tekst, bepalingen, maximum)]


# --- 5. review ---------------------------------------------------------------------------------------------------
def inzending_graaf(ctx, ident: str) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(ctx.inbox.export("application/n-triples", [ctx.iris.submission_graph(ident)]),
                                      format=ox.RdfFormat.N_TRIPLES)] if ident else []


def lees_beoordeling(ctx, data: dict) -> tuple[str, str | None, list[str]]:
    """A review's input -> (besluit, toelichting, knelpunt IRIs). Raises Ongeldig with every problem at once."""
    import re

    errors = [_fout(f"/{k}", "onbekend_veld", f"Het veld '{k}' bestaat niet.") for k in data
              if k not in ("besluit", "toelichting", "knelpunten")]
    besluit = data.get("besluit")
    if besluit not in ("publiceren", "afwijzen"):
        errors.append(_fout("/besluit", "ongeldig_besluit", "Het besluit is 'publiceren' of 'afwijzen'."))
    toelichting = data.get("toelichting")
    if toelichting is not None and (not isinstance(toelichting, str) or len(toelichting) > 5000):
        errors.append(_fout("/toelichting", "geen_tekst", "De toelichting is een tekst van hoogstens 5000 tekens."))
    knelpunten = []
    raw = data.get("knelpunten") or []
    if not isinstance(raw, list):
        errors.append(_fout("/knelpunten", "geen_lijst", "'knelpunten' moet een lijst zijn."))
        raw = []
    slug = re.compile(r"[a-z0-9][a-z0-9\-]{0,119}\Z")
    for i, k in enumerate(raw):
        iri = k if isinstance(k, str) and k.startswith(ctx.iris.base + "/id/knelpunt/") else \
            (ctx.iris.knelpunt(k) if isinstance(k, str) and slug.match(k) else None)
        if iri is None or not ctx.store.ask(ctx.q.knelpunt_bestaat, {"k": N(iri)}):
            errors.append(_fout(f"/knelpunten/{i}", "onbekend_knelpunt", f"'{k}' is geen bekend knelpunt."))
        else:
            knelpunten.append(iri)
    if errors:
        raise Ongeldig(errors)
    return besluit, toelichting, knelpunten


def beoordeel(ctx, token, ident: str, besluit: str, toelichting: str | None, knelpunten: list[str]) -> dict:
    """Publish or reject a submission. Inbox first, public store second, search index last."""
    iris = ctx.iris
    graaf = iris.submission_graph(ident)
    subject = N(iris.praktijkvoorbeeld(ident))
    status_p = N(iris.term("beoordelingsstatus"))
    with ctx.write_lock:
        triples = inzending_graaf(ctx, ident)
        if not triples:
            return None
        huidig = next((t.object.value for t in triples if t.subject == subject and t.predicate == status_p), None)
        if huidig != iris.concept("beoordelingsstatus", "ingediend"):
            status = (huidig or "").rsplit("/", 1)[-1]
            raise Ongeldig([], status=409, detail={
                "teruggestuurd": "Dit praktijkvoorbeeld is met vragen teruggestuurd; het wacht op het wijkteam.",
                "ingetrokken": "Het wijkteam heeft dit praktijkvoorbeeld ingetrokken."}.get(
                status, "Dit praktijkvoorbeeld is al beoordeeld."))
        nieuw_status = "gepubliceerd" if besluit == "publiceren" else "afgewezen"
        wachtrij = getattr(ctx, "site_wachtrij", None)
        site = "niet van toepassing"
        if besluit == "publiceren" and wachtrij is not None and wachtrij.site_aanwezig():
            # recorded durably BEFORE the publication is written: a process that stops halfway leaves the
            # record, and the server handles it on its next start (a record for nothing new is harmless)
            wachtrij.noteer([subject.value])
            site = "wordt bijgewerkt"
        kept = [t for t in triples if not (t.subject == subject and t.predicate == status_p)]
        kept.append(ox.Triple(subject, status_p, N(iris.concept("beoordelingsstatus", nieuw_status))))
        if besluit == "publiceren":
            activiteit = N(f"{iris.base}/id/beoordeling/{ident}")
            kept += [
                ox.Triple(subject, N(DCT + "issued"), L(dt.date.today().isoformat(), datatype=N(XSD + "date"))),
                ox.Triple(subject, N(PROV + "wasGeneratedBy"), activiteit),
                ox.Triple(activiteit, N(RDF_TYPE), N(PROV + "Activity")),
                ox.Triple(activiteit, N(PROV + "endedAtTime"), L(nu(), datatype=N(XSD + "dateTime"))),
            ]
            # who reviewed: only the role, never anything derived from the token (that stays in the inbox)
            associatie = N(f"{activiteit.value}/associatie")
            rol = N(f"{iris.base}/id/rol/{token.rol}")
            kept += [
                ox.Triple(activiteit, N(PROV + "qualifiedAssociation"), associatie),
                ox.Triple(associatie, N(RDF_TYPE), N(PROV + "Association")),
                ox.Triple(associatie, N(PROV + "hadRole"), rol),
                ox.Triple(rol, N(RDF_TYPE), N(PROV + "Role")),
                ox.Triple(rol, N(RDFS + "label"), L(token.rol, language="nl")),
            ]
            for k in knelpunten:
                kept.append(ox.Triple(subject, N(iris.term("ondersteunt")), N(k)))
        beheer = [ox.Triple(N(graaf), N(iris.term("besluitDoor")), L(token.id)),
                  ox.Triple(N(graaf), N(iris.term("besluitOp")), L(nu(), datatype=N(XSD + "dateTime")))]
        if toelichting:
            beheer.append(ox.Triple(N(graaf), N(iris.term("toelichting")), L(toelichting, language="nl")))
        data = ox.serialize(kept, format=ox.RdfFormat.N_TRIPLES)
        ctx.inbox.replace_graph(graaf, data)  # 1. the source of truth
        ctx.inbox.update(insert_data({ctx.beheer_graaf: beheer}))
        # 1b. the revision: from here on a crash is repaired by the replay at the next start (domein.herstel)
        from .domein import toepassing

        bijhouden = toepassing(ctx)
        klaar = bijhouden.__enter__()
        _revisie(ctx, token, subject.value, graaf, kept,
                 ["status"] + (["knelpunten"] if knelpunten else []), toelichting if besluit == "publiceren" else None)
        from .domein import schrijf_openbaar

        store = ctx.store
        if besluit == "publiceren":  # 2. the public copy
            schrijf_openbaar(ctx, lambda: store.replace_graph(graaf, data), praktijk=subject.value)
        else:
            schrijf_openbaar(ctx, lambda: store.remove_graph(graaf), praktijk=subject.value)
    from .domein import werk_index_bij

    werk_index_bij(ctx, [subject.value])  # 3. the search index
    if besluit == "publiceren":
        from .signalering.bijwerken import na_publicatie

        na_publicatie(ctx, subject.value, kept)  # "samen geciteerd" signals (kennisbank/signalering/)
        if wachtrij is not None:
            wachtrij.meld()  # 4. the static site's pages: by the background worker, not in this request
        else:  # no server process (a script): update the pages here
            if _werk_site_bij(ctx, [subject.value]):
                site = "bijgewerkt"
    klaar()  # 5. fully applied: the replay position may pass this revision
    return {"id": ident, "iri": subject.value, "status": nieuw_status, "knelpunten": knelpunten,
            "site": site, "siteBijgewerkt": site == "bijgewerkt"}


def _werk_site_bij(ctx, iris: list[str]) -> bool:
    """Refresh the static site's pages for a publication (True when done). Never undoes or fails the
    publication: errors are logged."""
    import logging
    from pathlib import Path

    try:
        if not (Path(ctx.config.data_dir) / "site").is_dir():
            return False
        from .site import werk_site_bij

        werk_site_bij(ctx.config, ctx.store, iris)
        return True
    except Exception:  # the publication stands; the next `kennisbank site bouw` repairs the pages
        logging.getLogger(__name__).exception("site bijwerken na publicatie mislukt")
        return False


def openbare_kopie(inbox, graaf: str, iris) -> bytes:
    """The public copy of an inbox graph (N-Triples). Older publications named the reviewer by token id
    (`…/id/beoordelaar/{token id}`); such triples are left out, so no token id is ever copied out."""
    data = inbox.export("application/n-triples", [graaf])
    oud = f"<{iris.base}/id/beoordelaar/".encode("utf-8")
    if oud not in data:
        return data
    return b"\n".join(line for line in data.split(b"\n") if oud not in line) + b"\n"


def openbare_inbox_grafen(inbox, iris) -> list[str]:
    """The inbox graphs that belong in the public store: published submissions and knelpunten made through
    the API. The inbox is the source of truth for both; the build and the server copy them into every new
    public store."""
    rows = inbox.select(
        "SELECT DISTINCT ?g WHERE { { GRAPH ?g { ?s ?status ?gepubliceerd } } UNION "
        "{ GRAPH ?beheer { ?g ?openbaar true } } }",
        {"status": ox.NamedNode(iris.term("beoordelingsstatus")),
         "gepubliceerd": ox.NamedNode(iris.concept("beoordelingsstatus", "gepubliceerd")),
         "beheer": ox.NamedNode(iris.inbox_admin_graph()), "openbaar": ox.NamedNode(iris.term("openbareGraaf"))},
    )
    return sorted(r["g"].value for r in rows if isinstance(r.get("g"), ox.NamedNode))


# --- 6. the werkruimte's steps: send back, amend and resubmit, withdraw; reading the inbox -------------------------
#: Bookkeeping about a submission's review (in the inbox's private bookkeeping graph, never public).
BEHEER = ("ingediendMetToken", "besluitDoor", "besluitOp", "toelichting", "vragen", "teruggestuurdOp",
          "opnieuwIngediendOp", "ingetrokkenOp")


def _status_van(ctx, triples: list[ox.Triple], ident: str) -> str | None:
    subject = N(ctx.iris.praktijkvoorbeeld(ident))
    status_p = N(ctx.iris.term("beoordelingsstatus"))
    iri = next((t.object.value for t in triples if t.subject == subject and t.predicate == status_p), None)
    return iri.rsplit("/", 1)[-1] if iri else None


def _met_status(ctx, triples: list[ox.Triple], ident: str, status: str) -> list[ox.Triple]:
    subject = N(ctx.iris.praktijkvoorbeeld(ident))
    status_p = N(ctx.iris.term("beoordelingsstatus"))
    kept = [t for t in triples if not (t.subject == subject and t.predicate == status_p)]
    kept.append(ox.Triple(subject, status_p, N(ctx.iris.concept("beoordelingsstatus", status))))
    return kept


def _wis_beheer(ctx, graaf: str, namen: tuple[str, ...]) -> None:
    for naam in namen:
        ctx.inbox.update(f"DELETE WHERE {{ GRAPH {N(ctx.beheer_graaf)} {{ {N(graaf)} {N(ctx.iris.term(naam))} ?o }} }}")


def _van_token(ctx, ident: str, token_id: str) -> bool:
    return ctx.inbox.ask(ctx.q.ingediend_met_token, {"beheer": N(ctx.beheer_graaf),
                                                     "g": N(ctx.iris.submission_graph(ident)), "token": L(token_id)})


def stuur_terug(ctx, token, ident: str, vragen: str) -> dict | None:
    """A projectleider sends a new submission back to its wijkteam with questions (status teruggestuurd).
    None when there is no such submission; Ongeldig (400 no questions, 409 not waiting for review)."""
    vragen = (vragen or "").strip()
    if not vragen or len(vragen) > 5000:
        raise Ongeldig([_fout("/vragen", "verplicht", "Schrijf de vragen voor het wijkteam (hoogstens 5000 tekens).")])
    graaf = ctx.iris.submission_graph(ident)
    with ctx.write_lock:
        triples = inzending_graaf(ctx, ident)
        if not triples:
            return None
        if _status_van(ctx, triples, ident) != "ingediend":
            raise Ongeldig([], status=409, detail="Dit praktijkvoorbeeld wacht niet op beoordeling.")
        kept = _met_status(ctx, triples, ident, "teruggestuurd")
        ctx.inbox.replace_graph(graaf, ox.serialize(kept, format=ox.RdfFormat.N_TRIPLES))
        _wis_beheer(ctx, graaf, ("vragen", "teruggestuurdOp"))
        g = N(graaf)
        ctx.inbox.update(insert_data({ctx.beheer_graaf: [
            ox.Triple(g, N(ctx.iris.term("vragen")), L(vragen, language="nl")),
            ox.Triple(g, N(ctx.iris.term("teruggestuurdOp")), L(nu(), datatype=N(XSD + "dateTime"))),
            ox.Triple(g, N(ctx.iris.term("besluitDoor")), L(token.id))]}))
        _revisie(ctx, token, ctx.iris.praktijkvoorbeeld(ident), graaf, kept, ["status"])
    return {"id": ident, "status": "teruggestuurd"}


def dien_opnieuw_in(ctx, token, ident: str, data: dict) -> dict | None:
    """The wijkteam that submitted a case amends it after it was sent back, and submits it again (status
    ingediend), with every check of a new submission. None when it is not this token's submission."""
    graaf = ctx.iris.submission_graph(ident)
    if not _van_token(ctx, ident, token.id):
        return None
    triples, velden = _controleer(ctx, token, data, ident)
    with ctx.write_lock:
        oud = inzending_graaf(ctx, ident)
        if not oud:
            return None
        if _status_van(ctx, oud, ident) != "teruggestuurd":
            raise Ongeldig([], status=409, detail="Alleen een teruggestuurd praktijkvoorbeeld kan worden aangepast.")
        tijd = N(PROV + "generatedAtTime")
        eerst = [t for t in oud if t.predicate == tijd]  # the first submission's time stays
        if eerst:
            triples = [t for t in triples if t.predicate != tijd] + eerst
        ctx.inbox.replace_graph(graaf, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
        _wis_beheer(ctx, graaf, ("opnieuwIngediendOp",))
        ctx.inbox.update(insert_data({ctx.beheer_graaf: [
            ox.Triple(N(graaf), N(ctx.iris.term("opnieuwIngediendOp")), L(nu(), datatype=N(XSD + "dateTime")))]}))
        _revisie(ctx, token, ctx.iris.praktijkvoorbeeld(ident), graaf, triples,
                 sorted(k for k in data if k in VELDEN) + ["status"])
    return {"id": ident, "iri": ctx.iris.praktijkvoorbeeld(ident), "status": "ingediend", **velden}


def trek_in(ctx, token, ident: str) -> dict | None:
    """The wijkteam withdraws its own submission before a decision (status ingetrokken; never public).
    None when it is not this token's submission; Ongeldig 409 once it was published or rejected."""
    graaf = ctx.iris.submission_graph(ident)
    if not _van_token(ctx, ident, token.id):
        return None
    with ctx.write_lock:
        triples = inzending_graaf(ctx, ident)
        if not triples:
            return None
        if _status_van(ctx, triples, ident) not in ("ingediend", "teruggestuurd"):
            raise Ongeldig([], status=409, detail="Dit praktijkvoorbeeld is al beoordeeld of ingetrokken.")
        kept = _met_status(ctx, triples, ident, "ingetrokken")
        ctx.inbox.replace_graph(graaf, ox.serialize(kept, format=ox.RdfFormat.N_TRIPLES))
        ctx.inbox.update(insert_data({ctx.beheer_graaf: [
            ox.Triple(N(graaf), N(ctx.iris.term("ingetrokkenOp")), L(nu(), datatype=N(XSD + "dateTime")))]}))
        _revisie(ctx, token, ctx.iris.praktijkvoorbeeld(ident), graaf, kept, ["status"])
    return {"id": ident, "status": "ingetrokken"}


def _beheer(ctx, grafen: list[str] | None = None) -> dict[str, dict]:
    """graph -> {bookkeeping name: value} for the review bookkeeping (no idempotency records)."""
    from .store.base import values_lijst

    namen = {ctx.iris.term(n): n for n in BEHEER}
    q = ("SELECT ?g ?p ?o WHERE { " + values_lijst("p", [N(p) for p in namen])
         + (values_lijst("g", [N(g) for g in grafen]) if grafen is not None else "")
         + " GRAPH ?beheer { ?g ?p ?o } }")
    out: dict[str, dict] = {}
    for r in ctx.inbox.select(q, {"beheer": N(ctx.beheer_graaf)}):
        out.setdefault(r["g"].value, {})[namen[r["p"].value]] = r["o"].value
    return out


def overzicht(ctx, token_id: str | None = None, statussen: tuple[str, ...] | None = None) -> list[dict]:
    """Submissions in the inbox, newest first: those of one token (a wijkteam's own), or all (a projectleider),
    with status, dates and the reviewer's reason or questions. The token id is never part of the result."""
    from pathlib import Path

    if not (Path(ctx.config.data_dir) / "inbox").is_dir():
        return []
    if token_id is not None:
        rows = ctx.inbox.select(ctx.q.inbox_lijst_van_token, {"beheer": N(ctx.beheer_graaf), "token": L(token_id)})
    else:
        rows = ctx.inbox.select(ctx.q.inbox_lijst)
    beheer = _beheer(ctx)
    out = []
    for r in rows:
        status = r["status"].value.rsplit("/", 1)[-1]
        if statussen is not None and status not in statussen:
            continue
        b = beheer.get(r["g"].value, {})
        out.append({
            "id": r["p"].value.rsplit("/", 1)[-1], "iri": r["p"].value, "status": status,
            "titel": r["titel"].value if r.get("titel") is not None else None,
            "gemeente": r["gemeente"].value.rsplit("/", 1)[-1],
            "ingediend": r["ingediend"].value if r.get("ingediend") is not None else None,
            "besluitOp": b.get("besluitOp"), "toelichting": b.get("toelichting"), "vragen": b.get("vragen"),
            "teruggestuurdOp": b.get("teruggestuurdOp"), "opnieuwIngediendOp": b.get("opnieuwIngediendOp"),
            "ingetrokkenOp": b.get("ingetrokkenOp"),
        })
    out.sort(key=lambda x: (x.get("opnieuwIngediendOp") or x.get("ingediend") or "", x["id"]), reverse=True)
    return out


def laatste_besluit(item: dict) -> str | None:
    """When the latest decision about a submission was taken (published, rejected or sent back), if any."""
    if item["status"] in ("gepubliceerd", "afgewezen"):
        return item.get("besluitOp")
    if item["status"] == "teruggestuurd":
        return item.get("teruggestuurdOp")
    return None


def inzending(ctx, ident: str) -> dict | None:
    """One submission from the inbox as fields (for review and for amending), or None."""
    triples = inzending_graaf(ctx, ident)
    if not triples:
        return None
    iris = ctx.iris
    s = N(iris.praktijkvoorbeeld(ident))
    term = iris.term

    def een(p: str):
        return next((t.object for t in triples if t.subject == s and t.predicate.value == p), None)

    def alle(p: str):
        return [t.object for t in triples if t.subject == s and t.predicate.value == p]

    kosten = []
    for post in alle(term("kosten")):
        velden = {t.predicate.value: t.object for t in triples if t.subject == post}
        g = velden.get(term("geldstroom"))
        kosten.append({"geldstroom": g.value.rsplit("/", 1)[-1] if g is not None else None,
                       "bedrag": velden[term("bedrag")].value if term("bedrag") in velden else None,
                       "periode": velden[term("periode")].value if term("periode") in velden else None})
    datum, uitkomst = een(DCT + "date"), een(term("uitkomst"))
    tijd = een(PROV + "generatedAtTime")
    b = _beheer(ctx, [iris.submission_graph(ident)]).get(iris.submission_graph(ident), {})
    return {
        "id": ident, "iri": s.value, "status": _status_van(ctx, triples, ident),
        "titel": (een(DCT + "title") or L("")).value, "beschrijving": (een(DCT + "description") or L("")).value,
        "gemeente": (een(term("gemeente")) or N("urn:x")).value.rsplit("/", 1)[-1],
        "domeinen": sorted(o.value.rsplit("/", 1)[-1] for o in alle(term("domein"))),
        "bepalingen": sorted(o.value for o in alle(term("betreftBepaling"))),
        "knelpunten": sorted(o.value.rsplit("/", 1)[-1] for o in alle(term("ondersteunt"))),
        "datum": datum.value if datum is not None else None,
        "uitkomst": uitkomst.value.rsplit("/", 1)[-1] if uitkomst is not None else None,
        "kosten": kosten, "ingediend": tijd.value if tijd is not None else None,
        **{k: b.get(k) for k in ("besluitOp", "toelichting", "vragen", "teruggestuurdOp", "opnieuwIngediendOp",
                                 "ingetrokkenOp")},
        "_token": b.get("ingediendMetToken"),  # for the ownership check only; never shown
    }
