"""Every SPARQL query of the site, by type: a handful of queries for the whole store, never one per page.

Knelpunten and praktijkvoorbeelden come from the read model (kennisbank/leesmodel.py, batch-loaded), so a page
shows what the API and the search index show; `knelpunten`/`praktijk` keep their template-facing form
(`{predicate: [values]}`) and `knelpunt_json`/`praktijk_json` hold the read model's JSON itself.

`laad(store, iris)` returns a `SiteData` with plain Python values (strings, dicts); the renderer never talks to
the store. `triples_per_onderwerp(store)` reads the public graph once for the per-resource Turtle/JSON-LD files.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from .. import leesmodel
from ..iri import Iris

#: The classes of things that address knelpunten (kb:Aanpak): shown together as "experimenten en wetswijzigingen".
AANPAK_KLASSEN = ("Experiment", "Uitspraak", "Wetswijziging")

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
ELI = "http://data.europa.eu/eli/ontology#"
OWL = "http://www.w3.org/2002/07/owl#"
SH = "http://www.w3.org/ns/shacl#"

PARTSOORTEN = ("Artikel", "Lid", "Onderdeel", "Hoofdstuk", "Paragraaf", "Afdeling", "Titeldeel")
REGELINGSOORTEN = ("Wet", "AMvB", "MinisterieleRegeling", "GemeentelijkeVerordening", "Beleidsregel",
                   "Beroepscode", "EUVerordening")


def _prefixes(iris: Iris) -> str:
    return (f"PREFIX kb: <{iris.kb}>\nPREFIX dct: <{DCT}>\nPREFIX skos: <{SKOS}>\nPREFIX rdfs: <{RDFS}>\n"
            f"PREFIX eli: <{ELI}>\nPREFIX prov: <{PROV}>\nPREFIX owl: <{OWL}>\nPREFIX sh: <{SH}>\n")


Q_LABELS = """SELECT ?s ?p ?l WHERE { VALUES ?p { skos:prefLabel dct:title rdfs:label } ?s ?p ?l
  FILTER(isIRI(?s) && (lang(?l) = "nl" || lang(?l) = "")) }"""

Q_REGELINGEN = """SELECT ?r ?soort ?bwb ?afgeleid ?min ?afk WHERE { ?r a kb:Regeling .
  OPTIONAL { ?r a ?soort . VALUES ?soort { %s } }
  OPTIONAL { ?r kb:bwbId ?bwb } OPTIONAL { ?r kb:afgeleid ?afgeleid }
  OPTIONAL { ?r kb:verantwoordelijkMinisterie ?min } OPTIONAL { ?r kb:afkorting ?afk } }"""

Q_DELEN = """SELECT ?x ?soort ?r ?ouder ?nr ?volgorde ?opschrift WHERE {
  VALUES ?soort { %s }
  ?x a ?soort ; kb:regeling ?r ; eli:is_part_of ?ouder .
  OPTIONAL { ?x eli:id_local ?nr } OPTIONAL { ?x kb:volgorde ?volgorde } OPTIONAL { ?x kb:opschrift ?opschrift } }"""

Q_VERSIES = """SELECT ?b ?v ?tekst ?samenvatting ?vanaf ?tot ?aard ?link WHERE { ?b kb:versie ?v .
  OPTIONAL { ?v kb:tekst ?tekst } OPTIONAL { ?v kb:samenvatting ?samenvatting }
  OPTIONAL { ?v kb:geldigVanaf ?vanaf } OPTIONAL { ?v kb:geldigTot ?tot }
  OPTIONAL { ?v kb:wijzigingsaard ?aard } OPTIONAL { ?v kb:wettenLink ?link } }"""

Q_VERWIJZINGEN = """SELECT DISTINCT ?a ?doel WHERE { ?a a kb:Artikel ; kb:verwijstNaar ?doel }"""

Q_PER_TYPE = """SELECT ?s ?p ?o WHERE { ?s a <%s> ; ?p ?o FILTER(isIRI(?s)) }"""

Q_BRONSOORTEN = """SELECT ?b ?soort ?primair WHERE { ?b a kb:Bron ; kb:bronsoort ?soort .
  OPTIONAL { ?soort kb:primair ?primair } }"""

Q_BEGRIPPEN = """SELECT ?c ?schema ?def ?breder ?alt WHERE { ?c a skos:Concept ; skos:inScheme ?schema .
  OPTIONAL { ?c skos:definition ?def } OPTIONAL { ?c skos:broader ?breder } OPTIONAL { ?c skos:altLabel ?alt } }"""

Q_SCHEMAS = """SELECT ?s ?def WHERE { ?s a skos:ConceptScheme OPTIONAL { ?s skos:definition|dct:description|rdfs:comment ?def } }"""

Q_ORGANISATIES = """SELECT ?o ?soort WHERE { VALUES ?soort { kb:Gemeente kb:Ministerie kb:Organisatie kb:Samenwerkingsverband }
  ?o a ?soort }"""

Q_BRONNEN = """SELECT ?b ?titel WHERE { ?b a kb:Bron OPTIONAL { ?b dct:title ?titel } }"""

Q_KLASSEN = """SELECT ?c ?label ?def ?super WHERE { ?c a owl:Class FILTER(isIRI(?c) && STRSTARTS(STR(?c), STR(kb:)))
  OPTIONAL { ?c rdfs:label ?label FILTER(lang(?label) = "nl") }
  OPTIONAL { ?c skos:definition|rdfs:comment ?def FILTER(lang(?def) = "nl" || lang(?def) = "") }
  OPTIONAL { ?c rdfs:subClassOf ?super FILTER(isIRI(?super)) } }"""

Q_EIGENSCHAPPEN = """SELECT ?p ?soort ?label ?def ?domein ?bereik WHERE {
  VALUES ?soort { owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty }
  ?p a ?soort FILTER(STRSTARTS(STR(?p), STR(kb:)))
  OPTIONAL { ?p rdfs:label ?label FILTER(lang(?label) = "nl") }
  OPTIONAL { ?p skos:definition|rdfs:comment ?def FILTER(lang(?def) = "nl" || lang(?def) = "") }
  OPTIONAL { ?p rdfs:domain ?domein FILTER(isIRI(?domein)) } OPTIONAL { ?p rdfs:range ?bereik FILTER(isIRI(?bereik)) } }"""

Q_VORMEN = """SELECT ?vorm ?doel ?pad ?bericht ?naam WHERE { ?vorm a sh:NodeShape .
  OPTIONAL { ?vorm sh:targetClass ?doel }
  OPTIONAL { ?vorm sh:property ?ps . ?ps sh:path ?pad FILTER(isIRI(?pad))
             OPTIONAL { ?ps sh:message ?bericht } OPTIONAL { ?ps sh:name ?naam } }
  OPTIONAL { ?vorm sh:message ?bericht } }"""


def _v(row, name):
    t = row.get(name)
    return t.value if t is not None else None


@dataclass
class Versie:
    iri: str
    tekst: str | None
    samenvatting: str | None
    vanaf: str | None
    tot: str | None
    aard: str | None
    link: str | None

    @property
    def inhoud(self) -> str | None:
        return self.tekst or self.samenvatting

    def geldig_op(self, datum: str) -> bool:
        return (self.vanaf is None or self.vanaf <= datum) and (self.tot is None or datum <= self.tot)


@dataclass
class Deel:
    """A structural part or provision of a Regeling."""
    iri: str
    soort: str
    regeling: str
    ouder: str
    nr: str
    volgorde: int
    opschrift: str | None
    kinderen: list[str] = field(default_factory=list)


@dataclass
class SiteData:
    iris: Iris
    labels: dict[str, str]
    regelingen: dict[str, dict]
    delen: dict[str, Deel]
    versies: dict[str, list[Versie]]
    verwijzingen: dict[str, set[str]]
    knelpunten: dict[str, dict[str, list[str]]]
    citeringen: dict[str, list[dict]]
    praktijk: dict[str, dict[str, list[str]]]
    kosten: dict[str, list[dict]]
    begrippen: dict[str, dict]
    schemas: dict[str, dict]
    organisaties: dict[str, set[str]]
    experimenten: dict[str, dict[str, list[str]]]
    bronnen: dict[str, str]
    klassen: dict[str, dict]
    eigenschappen: dict[str, dict]
    vormen: dict[str, dict]
    leerpunten: dict[str, list[dict]] = field(default_factory=dict)
    bronsoorten: dict[str, dict] = field(default_factory=dict)  # {bron IRI: {"soort": concept IRI, "primair": bool}}
    #: the read model's JSON of every knelpunt and public case (kennisbank/leesmodel.py), as the API serves it
    knelpunt_json: dict[str, dict] = field(default_factory=dict)
    praktijk_json: dict[str, dict] = field(default_factory=dict)

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1]


def _per_type(store, q: str, iris: Iris) -> dict[str, dict[str, list[str]]]:
    """{subject: {predicate (kb: terms shortened to their local name): [values]}} for one class."""
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    kb = iris.kb
    for r in store.select(q):
        p = r["p"].value
        o = r["o"]
        if isinstance(o, ox.BlankNode):
            continue
        key = p[len(kb):] if p.startswith(kb) else p
        vals = out[r["s"].value][key]
        if o.value not in vals:
            vals.append(o.value)
    return {s: dict(v) for s, v in out.items()}


def laad(store, iris: Iris) -> SiteData:
    pre = _prefixes(iris)
    q = lambda text: store.select(pre + text)

    labels: dict[str, str] = {}
    rank: dict[str, int] = {}
    order = {SKOS + "prefLabel": 0, DCT + "title": 1, RDFS + "label": 2}
    for r in q(Q_LABELS):
        s, p, lab = r["s"].value, r["p"].value, r["l"]
        k = order[p] * 2 + (0 if getattr(lab, "language", None) == "nl" else 1)
        if s not in rank or k < rank[s]:
            rank[s], labels[s] = k, lab.value

    regelingen: dict[str, dict] = {}
    for r in q(Q_REGELINGEN % " ".join(f"kb:{s}" for s in REGELINGSOORTEN)):
        reg = regelingen.setdefault(r["r"].value, {"iri": r["r"].value, "soort": None, "bwb": None,
                                                   "afgeleid": False, "ministeries": [], "afkortingen": []})
        if _v(r, "soort"):
            reg["soort"] = _v(r, "soort").rsplit("#", 1)[-1]
        if _v(r, "bwb"):
            reg["bwb"] = _v(r, "bwb")
        if _v(r, "afgeleid") == "true":
            reg["afgeleid"] = True
        for key, name in (("ministeries", "min"), ("afkortingen", "afk")):
            val = _v(r, name)
            if val and val not in reg[key]:
                reg[key].append(val)
    for reg in regelingen.values():
        reg["ref"] = reg["iri"].rsplit("/", 1)[-1]
        reg["afkortingen"].sort()

    delen: dict[str, Deel] = {}
    for r in q(Q_DELEN % " ".join(f"kb:{s}" for s in PARTSOORTEN)):
        x = r["x"].value
        if x in delen:
            continue
        vol = _v(r, "volgorde")
        try:
            volgorde = int(vol) if vol is not None else 0
        except ValueError:
            volgorde = 0
        delen[x] = Deel(x, r["soort"].value.rsplit("#", 1)[-1], r["r"].value, r["ouder"].value,
                        _v(r, "nr") or x.rsplit("/", 1)[-1], volgorde, _v(r, "opschrift"))
    for d in sorted(delen.values(), key=lambda d: d.volgorde):
        ouder = delen.get(d.ouder)
        if ouder is not None:
            ouder.kinderen.append(d.iri)
        elif d.ouder in regelingen:
            regelingen[d.ouder].setdefault("kinderen", []).append(d.iri)

    versies: dict[str, list[Versie]] = defaultdict(list)
    for r in q(Q_VERSIES):
        versies[r["b"].value].append(Versie(r["v"].value, _v(r, "tekst"), _v(r, "samenvatting"), _v(r, "vanaf"),
                                            _v(r, "tot"), _v(r, "aard"), _v(r, "link")))
    for lst in versies.values():
        seen, uniq = set(), []
        for v in lst:
            if v.iri not in seen:
                seen.add(v.iri)
                uniq.append(v)
        uniq.sort(key=lambda v: v.vanaf or "")
        lst[:] = uniq

    verwijzingen: dict[str, set[str]] = defaultdict(set)
    for r in q(Q_VERWIJZINGEN):
        verwijzingen[r["a"].value].add(r["doel"].value)

    # knelpunten and cases from the read model (kennisbank/leesmodel.py), as the API and search describe them
    lezer = leesmodel.Lezer(iris)
    kp_bronnen = leesmodel.knelpunten(lezer, store)
    knelpunten = {k: b.eigenschappen for k, b in kp_bronnen.items()}
    citeringen = {k: [_site_citering(c) for c in b.json["citeringen"] if c["bepaling"]] for k, b in kp_bronnen.items()}
    citeringen = {k: cs for k, cs in citeringen.items() if cs}
    leerpunten = {k: b.json["leerpunten"] for k, b in kp_bronnen.items() if b.json["leerpunten"]}

    pv_bronnen = leesmodel.praktijkvoorbeelden(lezer, store)  # the public store holds only published cases
    praktijk = {s: b.eigenschappen for s, b in pv_bronnen.items()}
    # an illustration is marked as such wherever its name appears (lists, links, its own page)
    illustratie = iris.concept("voorbeeldsoort", "illustratie")
    for s, b in pv_bronnen.items():
        if illustratie in b.eigenschappen.get("voorbeeldsoort", []) and s in labels and not labels[s].endswith(" (illustratie)"):
            labels[s] = labels[s] + " (illustratie)"
    kosten = {s: k for s, b in pv_bronnen.items()
              if (k := [x for x in leesmodel.kosten_van(b.triples, leesmodel._by(b.triples, leesmodel.nn(s)), iris.term)
                        if x["geldstroom"] and x["bedrag"] is not None])}
    bronsoorten: dict[str, dict] = {}
    for r in q(Q_BRONSOORTEN):
        bronsoorten[r["b"].value] = {"soort": r["soort"].value, "primair": _v(r, "primair") == "true"}

    begrippen: dict[str, dict] = {}
    for r in q(Q_BEGRIPPEN):
        c = begrippen.setdefault(r["c"].value, {"iri": r["c"].value, "schema": r["schema"].value, "definitie": None,
                                                "breder": None, "alt": []})
        c["definitie"] = c["definitie"] or _v(r, "def")
        c["breder"] = c["breder"] or _v(r, "breder")
        if _v(r, "alt") and _v(r, "alt") not in c["alt"]:
            c["alt"].append(_v(r, "alt"))
    schemas = {}
    for r in q(Q_SCHEMAS):
        s = schemas.setdefault(r["s"].value, {"iri": r["s"].value, "definitie": None})
        s["definitie"] = s["definitie"] or _v(r, "def")

    organisaties: dict[str, set[str]] = defaultdict(set)
    for r in q(Q_ORGANISATIES):
        organisaties[r["o"].value].add(r["soort"].value.rsplit("#", 1)[-1])

    # experiments, rulings and law changes: every kind of kb:Aanpak, each with its own class
    experimenten = {}
    for klasse in AANPAK_KLASSEN:
        experimenten.update(_per_type(store, pre + Q_PER_TYPE % iris.term(klasse), iris))
    bronnen = {r["b"].value: _v(r, "titel") or r["b"].value for r in q(Q_BRONNEN)}

    klassen: dict[str, dict] = {}
    for r in q(Q_KLASSEN):
        k = klassen.setdefault(r["c"].value, {"iri": r["c"].value, "label": None, "definitie": None, "super": []})
        k["label"] = k["label"] or _v(r, "label")
        k["definitie"] = k["definitie"] or _v(r, "def")
        if _v(r, "super") and _v(r, "super") not in k["super"]:
            k["super"].append(_v(r, "super"))
    eigenschappen: dict[str, dict] = {}
    for r in q(Q_EIGENSCHAPPEN):
        e = eigenschappen.setdefault(r["p"].value, {"iri": r["p"].value, "soort": r["soort"].value.rsplit("#", 1)[-1],
                                                    "label": None, "definitie": None, "domein": None, "bereik": None})
        for key, name in (("label", "label"), ("definitie", "def"), ("domein", "domein"), ("bereik", "bereik")):
            e[key] = e[key] or _v(r, name)
    vormen: dict[str, dict] = {}
    for r in q(Q_VORMEN):
        naam = r["vorm"].value if isinstance(r["vorm"], ox.NamedNode) else None
        if naam is None:
            continue
        v = vormen.setdefault(naam, {"iri": naam, "doel": None, "regels": {}, "bericht": None})
        v["doel"] = v["doel"] or _v(r, "doel")
        if _v(r, "pad"):
            v["regels"].setdefault(_v(r, "pad"), set())
            if _v(r, "bericht"):
                v["regels"][_v(r, "pad")].add(_v(r, "bericht"))
        elif _v(r, "bericht"):
            v["bericht"] = _v(r, "bericht")

    return SiteData(iris, labels, regelingen, delen, dict(versies), dict(verwijzingen), knelpunten, citeringen,
                    praktijk, kosten, begrippen, schemas, dict(organisaties), experimenten, bronnen, klassen,
                    eigenschappen, vormen, leerpunten, bronsoorten,
                    {k: b.json for k, b in kp_bronnen.items()}, {s: b.json for s, b in pv_bronnen.items()})


def _site_citering(c: dict) -> dict:
    """A citation of the read model's JSON in the form the site's templates use."""
    controle = c.get("controle") or {}
    return {"bepaling": c["bepaling"], "peildatum": c["peildatum"], "rol": c["rol"], "aantekening": c["verificatie"],
            "tekstsoort": controle.get("tekstsoort"), "geverifieerd": controle.get("geverifieerd"),
            "controle": controle.get("omschrijving"), "gecontroleerdTegen": controle.get("gecontroleerdTegen")}


# --- raw triples for the per-resource Turtle / JSON-LD files and the downloads ------------------------------------
def alle_quads(store) -> list[ox.Quad]:
    """The whole public graph once (the store never holds unpublished submissions)."""
    return list(ox.parse(store.export("application/n-quads"), format=ox.RdfFormat.N_QUADS))


def triples_per_onderwerp(quads) -> dict:
    """{subject term: [triples]} with duplicates across graphs removed."""
    out: dict = defaultdict(dict)
    for qd in quads:
        t = qd.triple
        out[t.subject][t] = None
    return {s: list(ts) for s, ts in out.items()}


def beschrijving(per_onderwerp: dict, iri: str, extra: list[str] = ()) -> list[ox.Triple]:
    """Triples about `iri` (and `extra` IRIs), with the blank nodes they point to, recursively."""
    out: dict = {}
    todo = [ox.NamedNode(iri)] + [ox.NamedNode(e) for e in extra]
    seen = set()
    while todo:
        s = todo.pop()
        if s in seen:
            continue
        seen.add(s)
        for t in per_onderwerp.get(s, ()):
            out[t] = None
            if isinstance(t.object, ox.BlankNode):
                todo.append(t.object)
    return list(out)


def select_quads_van(store, iris: list[str]) -> list[ox.Quad]:
    """Only the triples about some IRIs and the blank nodes below them (for incremental updates): two queries."""
    if not iris:
        return []
    values = " ".join(str(ox.NamedNode(i)) for i in iris)
    rows = store.select("SELECT ?s ?p ?o WHERE { VALUES ?s { %s } ?s ?p ?o }" % values)
    rows += store.select("SELECT ?s ?p ?o WHERE { VALUES ?r { %s } ?r ?q ?s FILTER(isBlank(?s)) ?s ?p ?o }" % values)
    return [ox.Quad(r["s"], r["p"], r["o"]) for r in rows]
