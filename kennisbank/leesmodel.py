"""The read model of editorial resources (knelpunt, praktijkvoorbeeld), from their triples.

ONE description per resource type, used by the API (api/beschrijf.py re-exports it), the history
(kennisbank/geschiedenis.py), the static site (kennisbank/site/data.py) and the search index
(kennisbank/zoek/documenten.py), so none of them can show a knelpunt differently:

- `knelpunt_json` / `praktijk_json`: the JSON of one resource from its triples;
- `knelpunten(ctx, store, iris)` / `praktijkvoorbeelden(...)`: many resources at once as `Bron`s (the triples,
  the JSON and the raw properties with their IRIs, for pages that link and label them), batch-loaded: one
  query for every resource of a type, or one per BLOK IRIs; never one per resource.

`ctx` needs `.iris` and `.q` (kennisbank/vragen.py); `Lezer(iris)` is the minimal one outside the server.
`bepalingen` maps provision IRIs to (bwb, artikel, lid, onderdeel) when known.
"""

from __future__ import annotations

import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"


def laatste(iri: str) -> str:
    from urllib.parse import unquote

    return unquote(iri.rstrip("/").rsplit("/", 1)[-1])


def nn(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _by(triples: list[ox.Triple], subject) -> dict[str, list]:
    props: dict[str, list] = {}
    for t in triples:
        if t.subject == subject:
            props.setdefault(t.predicate.value, []).append(t.object)
    return props


def code(iri: str) -> str:
    """The short code of a concept / TOOI IRI: `…/mechanisme/prikkelconflict` -> `prikkelconflict`."""
    return laatste(iri)


def knelpunt_json(kb, iri: str, triples: list[ox.Triple], bepalingen: dict[str, tuple] | None = None) -> dict:
    k = _by(triples, nn(iri))
    term = kb.iris.term
    v = lambda p: [o.value for o in k.get(p, [])]
    one = lambda p: (v(p) or [None])[0]
    citeringen = []
    for c in k.get(term("citeert"), []):
        cp = _by(triples, c)
        b = (cp.get(term("bepaling")) or [None])[0]
        plek = (bepalingen or {}).get(b.value) if b is not None else None
        citeringen.append({
            "bepaling": b.value if b is not None else None,
            "regeling": plek[0] if plek else None,
            "artikel": plek[1] if plek else None,
            "lid": plek[2] if plek else None,
            "onderdeel": plek[3] if plek else None,
            "peildatum": (cp.get(term("peildatum")) or [ox.Literal("")])[0].value or None,
            "rol": (cp.get(term("rol")) or [ox.Literal("")])[0].value or None,
            # the editorial note as before (a note, never the check) and the check the build derived
            "verificatie": (cp.get(term("verificatie")) or [ox.Literal("")])[0].value or None,
            "controle": _verificatie(cp, term),
        })
    citeringen.sort(key=lambda c: (c["bepaling"] or "", c["peildatum"] or ""))
    ident = laatste(iri)
    return {
        "id": ident,
        "iri": iri,
        "kenmerk": one(DCT + "identifier"),
        "titel": one(DCT + "title"),
        "beschrijving": one(DCT + "description"),
        "citeringen": citeringen,
        "regelingen": sorted({c["regeling"] for c in citeringen if c["regeling"]}),
        "mechanismen": sorted(code(x) for x in v(term("mechanisme"))),
        "mechanismeToelichting": one(term("mechanismeToelichting")),
        "status": code(one(term("status"))) if one(term("status")) else None,
        "domeinen": sorted(code(x) for x in v(term("domein"))),
        "doelgroepen": sorted(code(x) for x in v(term("doelgroep"))),
        "oplossingsrichtingen": sorted(code(x) for x in v(term("oplossingsrichting"))),
        "oplossing": one(term("oplossing")),
        "wetswijziging": one(term("wetswijziging")),
        "ministeries": sorted(code(x) for x in v(term("verantwoordelijkMinisterie"))),
        "experimenten": sorted(code(x) for x in v(term("experiment"))),
        "praktijkvoorbeelden": sorted(code(x) for x in v(term("onderbouwdDoor"))),
        "gesignaleerdDoor": sorted(v(term("gesignaleerdDoor"))),
        "bronnen": sorted(v(PROV + "wasDerivedFrom")),
        "bronsoorten": _bronsoorten(triples, k.get(PROV + "wasDerivedFrom", []), term),
        "geenPrimaireBron": one(term("geenPrimaireBron")),
        "uitvoerders": sorted(v(term("uitvoerder"))),
        "escalatieniveau": code(one(term("escalatieniveau"))) if one(term("escalatieniveau")) else None,
        "escalatieInstrumenten": sorted(code(x) for x in v(term("escalatieInstrument"))),
        "signaalbronnen": sorted(code(x) for x in v(term("signaalbron"))),
        "gesignaleerdOp": one(term("gesignaleerdOp")),
        "leerpunten": [_leerpunt(_by(triples, lp), term) for lp in k.get(term("leerpunt"), [])],
        "vindplaatsen": [{"iri": b, "soort": _bronsoorten(triples, [ox.NamedNode(b)], term).get(b)}
                         for b in sorted(v(term("vindplaats")))],
        "aangemaakt": one(DCT + "created"),
        "gewijzigd": one(DCT + "modified"),
        "_links": {"self": {"href": f"/v1/knelpunten/{ident}"}, "describedby": {"href": kb.iris.doc(iri)}},
    }


def praktijk_json(kb, iri: str, triples: list[ox.Triple], bepalingen: dict[str, tuple] | None = None) -> dict:
    p = _by(triples, nn(iri))
    term = kb.iris.term
    v = lambda x: [o.value for o in p.get(x, [])]
    one = lambda x: (v(x) or [None])[0]
    kosten = [dict(k, geldstroom=code(k["geldstroom"]) if k["geldstroom"] else None)
              for k in kosten_van(triples, p, term)]
    regels = []
    for b in sorted(v(term("betreftBepaling"))):
        plek = (bepalingen or {}).get(b)
        regels.append({"iri": b, "regeling": plek[0] if plek else None, "artikel": plek[1] if plek else None,
                       "lid": plek[2] if plek else None, "onderdeel": plek[3] if plek else None})
    ident = laatste(iri)
    status = one(term("beoordelingsstatus"))
    gemeente = one(term("gemeente"))
    return {
        "id": ident,
        "iri": iri,
        "titel": one(DCT + "title"),
        "beschrijving": one(DCT + "description"),
        "soort": voorbeeldsoort(one(term("voorbeeldsoort"))),
        "illustratie": voorbeeldsoort(one(term("voorbeeldsoort"))) == "illustratie",
        "gemeente": code(gemeente) if gemeente else None,
        "gemeenteBekend": gemeente is not None,
        "domeinen": sorted(code(x) for x in v(term("domein"))),
        "regels": regels,
        "knelpunten": sorted(code(x) for x in v(term("ondersteunt"))),
        "uitkomst": code(one(term("uitkomst"))) if one(term("uitkomst")) else None,
        "kosten": kosten,
        "datum": one(DCT + "date"),
        "status": code(status) if status else "gepubliceerd",
        "ingediend": one(PROV + "generatedAtTime"),
        "gepubliceerd": one(DCT + "issued"),
        "bronnen": sorted(v(PROV + "wasDerivedFrom")),
        "_links": {"self": {"href": f"/v1/praktijkvoorbeelden/{ident}"}, "describedby": {"href": kb.iris.doc(iri)}},
    }


def kosten_van(triples: list[ox.Triple], p: dict, term) -> list[dict]:
    """A case's costs with the geldstroom as its IRI (the JSON shows its code, the site its label)."""
    kosten = []
    for k in p.get(term("kosten"), []):
        kp = _by(triples, k)
        g = (kp.get(term("geldstroom")) or [None])[0]
        b = (kp.get(term("bedrag")) or [None])[0]
        per = (kp.get(term("periode")) or [None])[0]
        schatting = (kp.get(term("schatting")) or [None])[0]
        grondslag = (kp.get(term("grondslag")) or [None])[0]
        kosten.append({"geldstroom": g.value if g is not None else None,
                       "bedrag": float(b.value) if b is not None else None,
                       "periode": per.value if per is not None else None,
                       "schatting": schatting is not None and schatting.value == "true",
                       "grondslag": grondslag.value if grondslag is not None else None})
    return kosten


def _verificatie(cp: dict, term) -> dict | None:
    """What the build checked the citation against (derived, kennisbank/verificatie.py); None if not checked."""
    from kennisbank.verificatie import GEVERIFIEERD, OMSCHRIJVING

    soort = (cp.get(term("tekstsoort")) or [None])[0]
    if soort is None:
        return None
    slug = code(soort.value)
    tegen = (cp.get(term("geverifieerdTegen")) or [None])[0]
    return {"tekstsoort": slug, "geverifieerd": slug in GEVERIFIEERD, "omschrijving": OMSCHRIJVING.get(slug),
            "gecontroleerdTegen": tegen.value if tegen is not None else None}


def _bronsoorten(triples: list[ox.Triple], bronnen, term) -> dict[str, str]:
    out = {}
    for b in bronnen:
        soort = (_by(triples, b).get(term("bronsoort")) or [None])[0]
        if soort is not None:
            out[b.value] = code(soort.value)
    return dict(sorted(out.items()))


def _leerpunt(lp: dict, term) -> dict:
    one = lambda p: (lp.get(p) or [ox.Literal("")])[0].value or None
    return {"omschrijving": one(DCT + "description"), "geadresseerde": one(term("geadresseerde")),
            "teruggekoppeldOp": one(term("teruggekoppeldOp")), "antwoord": one(term("antwoord")),
            "antwoordOp": one(term("antwoordOp"))}


def voorbeeldsoort(iri: str | None) -> str:
    """A case without a kind is reported as an illustration: nothing is presented as fact unmarked."""
    soort = code(iri) if iri else ""
    return soort if soort in ("praktijkgeval", "inzending") else "illustratie"


def plek_uit_rij(r) -> tuple:
    soort = r["soort"].value.rsplit("#", 1)[-1]
    nummer = r["nummer"].value
    bwb = r["bwb"].value
    if soort == "Artikel":
        return bwb, nummer, None, None
    if soort == "Lid":
        return bwb, r["ouderNummer"].value if "ouderNummer" in r else None, nummer, None
    # Onderdeel: parent is a Lid (grandparent the Artikel) or the Artikel itself
    ouder_soort = r["ouderSoort"].value.rsplit("#", 1)[-1] if "ouderSoort" in r else None
    if ouder_soort == "Lid":
        return bwb, r["opaNummer"].value if "opaNummer" in r else None, r["ouderNummer"].value, nummer
    return bwb, r["ouderNummer"].value if "ouderNummer" in r else None, None, nummer



def bepaling_plekken(kb, store, triples: list[ox.Triple]) -> dict[str, tuple]:
    """(bwb, artikel, lid, onderdeel) for every provision the triples point to, in one query."""
    from .store.base import values_lijst

    targets = sorted({t.object.value for t in triples
                      if isinstance(t.object, ox.NamedNode) and "/id/regeling/" in t.object.value})
    if not targets:
        return {}
    # only a build changes a law's structure: the server remembers places per opened store and build
    geheugen = kb.bouwgeheugen() if hasattr(kb, "bouwgeheugen") and store is kb.store else None
    bekend = geheugen.get("bepaling_plekken") if geheugen is not None else None
    if bekend is None:
        bekend = {}
        if geheugen is not None:
            geheugen.put("bepaling_plekken", bekend)
    out = {t: bekend[t] for t in targets if t in bekend}
    nieuw = [t for t in targets if t not in bekend]
    for i in range(0, len(nieuw), BLOK):  # small VALUES blocks: Oxigraph joins a long one much more slowly
        q = kb.q.citering_bepalingen.replace(
            "WHERE {", "WHERE {\n  " + values_lijst("b", [nn(t) for t in nieuw[i:i + BLOK]]), 1)
        for r in store.select(q):
            out.setdefault(r["b"].value, plek_uit_rij(r))
    if geheugen is not None and len(bekend) < 200_000:
        bekend.update({t: out[t] for t in nieuw if t in out})
    return out


#: IRIs per VALUES block in batch queries (measured: benchmarks/leesmodel.py)
BLOK = 10


# --- batch loading ----------------------------------------------------------------------------------------------------
def beschrijvingen(store, q, iris: list[str] | None, klasse: str | None = None) -> dict[str, list[ox.Triple]]:
    """The concise bounded descriptions of many resources (their triples, their blank nodes' triples, and the
    derived links) keyed by IRI in the order asked: one query per BLOK IRIs; with `iris=None` every resource of
    class `klasse` (an IRI)."""
    from .store.base import values_lijst

    if iris is None:  # the IRIs first: one query for all descriptions is slower than the blocks (Oxigraph)
        iris = [r["k"].value for r in store.select("SELECT DISTINCT ?k WHERE { ?k a %s }" % nn(klasse))]
    out: dict[str, list[ox.Triple]] = {i: [] for i in iris}
    if not iris:
        return out
    rows = []
    for i in range(0, len(iris), BLOK):
        query = q.knelpunt_details.replace(
            "WHERE {", "WHERE {\n  " + values_lijst("k", [nn(x) for x in iris[i:i + BLOK]]), 1)
        rows += store.select(query)
    seen: dict[str, set] = {i: set() for i in out}
    for r in rows:
        k = r["k"].value
        if k not in out:
            continue
        subject = nn(k)
        t = ox.Triple(subject, r["p"], r["o"])
        if t not in seen[k]:
            seen[k].add(t)
            out[k].append(t)
        if "cp" in r:
            t2 = ox.Triple(r["o"], r["cp"], r["co"])
            if t2 not in seen[k]:
                seen[k].add(t2)
                out[k].append(t2)
    return out


def knelpunten_json(kb, store, iris: list[str]) -> list[dict]:
    """Many knelpunten as JSON: descriptions and provision places, each in one query per BLOK IRIs."""
    alle = beschrijvingen(store, kb.q, iris)
    plekken = bepaling_plekken(kb, store, [t for ts in alle.values() for t in ts])
    return [knelpunt_json(kb, i, alle[i], plekken) for i in iris if alle[i]]


def begrippen_van(ctx, soort: str) -> list[tuple[str, str]]:
    """(code, label) of every concept of one SKOS scheme (`soort`: domein, mechanisme, doelgroep …), sorted by
    label: for choosing a concept by its name in a form, never by its internal code."""
    rows = ctx.store.select(ctx.q.prefixes + "SELECT ?c ?label WHERE { ?c skos:inScheme ?schema . "
                            "OPTIONAL { ?c skos:prefLabel ?label FILTER(lang(?label) = 'nl' || lang(?label) = '') } }",
                            {"schema": nn(ctx.iris.scheme(soort))})
    out = {}
    for r in rows:
        code = r["c"].value.rsplit("/", 1)[-1]
        out.setdefault(code, r["label"].value if r.get("label") is not None else code)
    return sorted(out.items(), key=lambda x: x[1].lower())


class Lezer:
    """The context the read model needs (`.iris`, `.q`) for a caller without a server (site, search, build)."""

    def __init__(self, iris):
        from .vragen import Queries

        self.iris = iris
        self.q = Queries(iris.kb, iris.base)


class Bron:
    """One resource as the read model sees it: its triples, its JSON (as the API serves it) and its raw
    properties `{kb: local name or full predicate IRI: [values]}` with IRIs kept (for pages that link and
    label them). All three come from the same triples."""

    __slots__ = ("iri", "triples", "json", "_eigenschappen", "_kb")

    def __init__(self, iri: str, triples: list[ox.Triple], json: dict, kb: str):
        self.iri, self.triples, self.json, self._kb = iri, triples, json, kb
        self._eigenschappen = None

    @property
    def eigenschappen(self) -> dict[str, list[str]]:
        if self._eigenschappen is None:
            self._eigenschappen = eigenschappen(self.triples, self.iri, self._kb)
        return self._eigenschappen


def eigenschappen(triples: list[ox.Triple], iri: str, kb: str) -> dict[str, list[str]]:
    """{predicate: [values]} of the resource's own triples (blank nodes left out); kb: terms by local name."""
    out: dict[str, list[str]] = {}
    subject = nn(iri)
    for t in triples:
        if t.subject != subject or isinstance(t.object, ox.BlankNode):
            continue
        p = t.predicate.value
        vals = out.setdefault(p[len(kb):] if p.startswith(kb) else p, [])
        if t.object.value not in vals:
            vals.append(t.object.value)
    return out


def _bronnen(ctx, store, iris: list[str] | None, klasse: str, maak) -> dict[str, Bron]:
    alle = beschrijvingen(store, ctx.q, iris, ctx.iris.term(klasse))
    soort = nn(ctx.iris.term(klasse))
    alle = {i: ts for i, ts in alle.items()
            if any(t.object == soort and t.predicate.value == RDF_TYPE and t.subject.value == i for t in ts)}
    plekken = bepaling_plekken(ctx, store, [t for ts in alle.values() for t in ts])
    return {i: Bron(i, ts, maak(ctx, i, ts, plekken), ctx.iris.kb) for i, ts in alle.items()}


def knelpunten(ctx, store, iris: list[str] | None = None) -> dict[str, Bron]:
    """Every knelpunt (iris=None) or those among `iris`, batch-loaded; IRIs that are no knelpunt are left out."""
    return _bronnen(ctx, store, iris, "Knelpunt", knelpunt_json)


def praktijkvoorbeelden(ctx, store, iris: list[str] | None = None, openbaar: bool = True) -> dict[str, Bron]:
    """Every case (iris=None) or those among `iris`, batch-loaded. `openbaar`: only published ones (a case
    without a review status, a curated file, counts as published)."""
    uit = _bronnen(ctx, store, iris, "Praktijkvoorbeeld", praktijk_json)
    if openbaar:
        uit = {i: b for i, b in uit.items() if b.json["status"] == "gepubliceerd"}
    return uit


#: IRIs per VALUES block of the label lookup (a plain index lookup per IRI: large blocks are fine)
LABEL_BLOK = 500


def labels(store, iris) -> dict[str, str]:
    """The Dutch (else untagged, else any) skos:prefLabel or rdfs:label of each IRI that has one."""
    from .store.base import values_lijst

    doelen = sorted(set(iris))
    gevonden: dict[str, dict[str, str]] = {}
    for i in range(0, len(doelen), LABEL_BLOK):
        q = ("SELECT ?s ?label WHERE { %s { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?label } UNION "
             "{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } }"
             % values_lijst("s", [nn(x) for x in doelen[i:i + LABEL_BLOK]]))
        for r in store.select(q):
            gevonden.setdefault(r["s"].value, {}).setdefault(getattr(r["label"], "language", None) or "",
                                                             r["label"].value)
    return {s: v.get("nl") or v.get("") or next(iter(v.values())) for s, v in gevonden.items()}


# --- knelpunten as JSON, kept across writes that name what they touched -------------------------------------------
class Knelpuntgeheugen:
    """The read model's JSON of knelpunten, remembered for one store handle and kept across writes.

    Like `Knelpuntenlijst`: valid for one generation; a write through the domain layer names the knelpunten whose
    description it changed (the knelpunt itself; for a case, the knelpunten it supported before or after, whose
    derived `praktijkvoorbeelden` change) and only those are forgotten. Any other change resets it."""

    MAXIMUM = 50_000

    def __init__(self, remote: bool = False):
        import threading

        self.remote = remote
        self._lock = threading.Lock()
        self._store = None
        self._generatie: str | None = None
        self._json: dict[str, dict] = {}

    def knelpunten_json(self, ctx, store, iris: list[str], generatie) -> list[dict]:
        """Like `knelpunten_json`, from memory where valid; `generatie()` gives the current generation."""
        gen = generatie()
        with self._lock:
            if store is not self._store or gen is None or gen != self._generatie:
                self._store, self._generatie, self._json = store, gen, {}
            bekend = {i: self._json[i] for i in iris if i in self._json}
        ontbreekt = [i for i in iris if i not in bekend]
        if ontbreekt:
            nieuw = {d["iri"]: d for d in knelpunten_json(ctx, store, ontbreekt)}
            with self._lock:  # only if no write came in between (it may have changed what was read)
                if self._store is store and gen is not None and self._generatie == gen and len(self._json) < self.MAXIMUM:
                    self._json.update(nieuw)
            bekend.update(nieuw)
        return [bekend[i] for i in iris if i in bekend]

    def gewijzigd(self, store, iris: list[str], voor: str | None, na: str | None) -> None:
        """A write to `store` moved the generation from `voor` to `na` and changed the descriptions of `iris`."""
        with self._lock:
            if self.remote or na is None or store is not self._store or self._generatie != voor:
                self._generatie, self._json = None, {}
                return
            for i in iris:
                self._json.pop(i, None)
            self._generatie = na


# --- the list of all knelpunten, kept up to date per write -------------------------------------------------------------
def _sleutel(r) -> tuple:
    """SPARQL's `ORDER BY ?id ?titel ?k` (unbound first) as a Python sort key."""
    def waarde(naam):
        t = r.get(naam)
        return (0, "") if t is None else (1, t.value)

    return (waarde("id"), waarde("titel"), r["k"].value)


def gesorteerd(rows) -> list[str]:
    """The knelpunt IRIs of `knelpunten_lijst` rows in `ORDER BY ?id ?titel ?k` order, each once."""
    seen, alle = set(), []
    for r in sorted(rows, key=_sleutel):
        if r["k"].value not in seen:
            seen.add(r["k"].value)
            alle.append(r["k"].value)
    return alle


class Knelpuntenlijst:
    """The sorted IRIs of every knelpunt (the unfiltered list behind every page of `GET /v1/knelpunten`).

    Valid for one store handle and one generation (kennisbank/generatie.py). A write through the domain layer in
    this process (kennisbank/domein.py, under its write lock) calls `gewijzigd` with the knelpunten it wrote: only
    their entries are read again and moved, and the list is valid for the generation that write made. Any other
    change (a build switch, another process, a remote store) finds an unknown generation: then, once, the whole
    list is read again."""

    def __init__(self, q, remote: bool = False):
        import threading

        self.q = q
        self.remote = remote
        self._lock = threading.Lock()
        self._store = None
        self._generatie: str | None = None
        self._sleutels: dict[str, tuple] = {}
        self._volgorde: list[tuple] = []
        self._lijst: list[str] = []

    def _vraag(self) -> str:
        return self.q.knelpunten_lijst({}).replace("{VALUES}", "")

    def lijst(self, store, generatie) -> list[str]:
        """The sorted IRIs for `store`; `generatie()` gives the current generation (None: unknown)."""
        gen = generatie()
        if gen is not None and store is self._store and gen == self._generatie:
            return self._lijst
        sleutels: dict[str, tuple] = {}
        for r in store.select(self._vraag()):
            k, sl = r["k"].value, _sleutel(r)
            if k not in sleutels or sl < sleutels[k]:
                sleutels[k] = sl
        volgorde = sorted(sleutels.values())
        lijst = [sl[2] for sl in volgorde]
        if gen is not None and generatie() == gen:  # nothing changed meanwhile: valid for this generation
            with self._lock:
                self._store, self._generatie = store, gen
                self._sleutels, self._volgorde, self._lijst = sleutels, volgorde, lijst
        return lijst

    def gewijzigd(self, store, iris: list[str], voor: str | None, na: str | None) -> None:
        """A write to `store` moved the generation from `voor` to `na`; `iris` are the knelpunten it wrote
        (created, changed or removed; none for a case). Only valid if the list was current at `voor`."""
        import bisect

        from .store.base import values_lijst

        with self._lock:
            if (self.remote or na is None or store is not self._store or self._generatie is None
                    or self._generatie != voor):
                self._generatie = None  # read again in full at the next request
                return
            if not iris:
                self._generatie = na
                return
            query = self._vraag().replace("WHERE {", "WHERE {\n  " + values_lijst("k", [nn(i) for i in iris]), 1)
            nieuw: dict[str, tuple] = {}
            for r in store.select(query):
                k, sl = r["k"].value, _sleutel(r)
                if k not in nieuw or sl < nieuw[k]:
                    nieuw[k] = sl
            volgorde = list(self._volgorde)
            for i in iris:
                oud = self._sleutels.pop(i, None)
                if oud is not None:
                    del volgorde[bisect.bisect_left(volgorde, oud)]
                if i in nieuw:
                    self._sleutels[i] = nieuw[i]
                    bisect.insort(volgorde, nieuw[i])
            self._volgorde, self._lijst = volgorde, [sl[2] for sl in volgorde]
            self._generatie = na
