"""The knelpunten: one Turtle file per corpus entry, each citing real provisions and public sources.

Checks every `knelpunten/*.ttl` against the data contract in docs/model.md: it parses, describes one
kb:Knelpunt with at least two citations (provision + peildatum), names public sources, uses only concepts
from the content schemes, contains no personal data, and cites only provisions that `regels/*.ttl`
defines (the importer's files plus the hand-made ones). Every corpus id is covered exactly once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

ROOT = Path(__file__).resolve().parent.parent
KNELPUNTEN = sorted((ROOT / "knelpunten").glob("*.ttl"))
CORPUS = ROOT.parent / "shared" / "corpus" / "knelpunten-bronnen.yaml"
BASE = "https://kennisbank.botsenderegels.nl"
KB = Namespace(f"{BASE}/def/kb#")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")

SCHEMES = {
    KB.mechanisme: "mechanismen",
    KB.doelgroep: "doelgroepen",
    KB.domein: "domeinen",
    KB.oplossingsrichting: "oplossingsrichtingen",
}

# The ids and slugs other helpers link to (cases, experiments, organisations).
EXPECTED_SLUGS = {
    "KP-01": "kostendelersnorm-onderdak", "KP-03": "mantelzorg-arbeidsverplichting",
    "KP-05": "participatie-versus-arbeidsplicht", "KP-07": "deeltijdwerk-vrijlating-verrekening",
    "KP-08": "toeslagen-terugvordering", "KP-10": "vermogen-auto-interen",
    "KP-11": "fraudewet-boete-terugvordering", "KP-13": "geuniformeerde-verplichtingen-verlaging",
    "KP-15": "cjib-verhogingen", "KP-16": "schuldregeling-auto-leerlingenvervoer",
    "KP-17": "beschermingsbewind-kosten", "KP-18": "dakloze-aanvrager-bewijslast",
    "KP-20": "zoektermijn-jongeren", "KP-22": "jongerennorm-onderhoudsplicht",
    "KP-23": "achttiende-verjaardag", "KP-24": "minderjarige-moeder", "KP-25": "overgang-jeugdwet-wmo",
    "KP-27": "eigen-risico-bijzondere-bijstand", "KP-30": "woonplaatsbeginsel-jeugdwet",
    "KP-31": "beschermd-wonen-woonplaatsbeginsel", "KP-33": "onderwijs-zorg-thuiszitters",
    "KP-34": "schotten-geldstromen", "KP-35": "twee-petten-wijkteam", "KP-36": "gegevensdeling-doelbinding",
    "KP-38": "partnersignaal-kindgebonden-budget", "KP-40": "aanvraagdatum-terugwerkende-kracht",
    "KP-42": "schijnconflict-dat-mag-niet", "KP-43": "ontruiming-afsluiting-schuldhulp",
}
# Knelpunten added after the corpus (issue 13), each with its own primary sources; numbering continues the corpus.
ADDED_SLUGS = {
    "KP-44": "partnerbegrip-verschilt-per-wet", "KP-45": "medeterugvordering-samenwonen",
    "KP-46": "verblijf-buitenland-vier-weken", "KP-47": "aio-niet-gebruik", "KP-48": "uitstroom-detentie",
    "KP-49": "kinderopvangtoeslag-werkhervatting", "KP-50": "taaleis-zelfredzaamheidsroute",
    "KP-51": "risicoprofilering-gegevenskoppeling", "KP-52": "toeslagschuld-in-schuldregeling",
    "KP-53": "kwijtschelding-vermogensnorm", "KP-54": "briefadres-dakloos", "KP-55": "wanbetalersregeling-zorgpremie",
    "KP-56": "aow-partnertoeslag-jongere-partner", "KP-57": "schuldhulp-weigering-wsnp-toegang",
    "KP-58": "huisbezoek-woonsituatie",
}


@lru_cache(maxsize=None)
def graph(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def knelpunt(g: Graph) -> URIRef:
    nodes = list(g.subjects(RDF.type, KB.Knelpunt))
    assert len(nodes) == 1, f"expected one kb:Knelpunt, found {len(nodes)}"
    return nodes[0]


@lru_cache(maxsize=None)
def scheme_concepts(meervoud: str) -> frozenset[URIRef]:
    g = Graph().parse(ROOT / "ontologie" / "begrippen" / f"{meervoud}.ttl", format="turtle")
    scheme = URIRef(f"{BASE}/id/begrippenkader/{meervoud}")
    return frozenset(c for c in g.subjects(SKOS.inScheme, scheme) if (c, RDF.type, SKOS.Concept) in g)


@lru_cache(maxsize=None)
def defined_provisions() -> frozenset[str]:
    """Subjects typed kb:Artikel, kb:Lid or kb:Onderdeel in regels/*.ttl (pyoxigraph: fast on ~7 MB)."""
    kinds = {ox.NamedNode(str(KB[k])) for k in ("Artikel", "Lid", "Onderdeel")}
    rdf_type = ox.NamedNode(str(RDF.type))
    found: set[str] = set()
    for path in sorted((ROOT / "regels").glob("*.ttl")):
        with path.open("rb") as fh:
            for t in ox.parse(fh, format=ox.RdfFormat.TURTLE):
                if t.predicate == rdf_type and t.object in kinds:
                    found.add(t.subject.value)
    return frozenset(found)


def ids(paths):
    return [p.stem for p in paths]


def test_every_corpus_entry_has_one_file_with_the_agreed_slug():
    assert CORPUS.exists(), f"het onderzoekscorpus ontbreekt: {CORPUS} (../shared hoort naast de checkout)"
    corpus_ids = {entry["id"] for entry in yaml.safe_load(CORPUS.read_text(encoding="utf-8"))}
    assert corpus_ids == set(EXPECTED_SLUGS)
    found = {}
    for path in KNELPUNTEN:
        g = graph(path)
        k = knelpunt(g)
        identifier = str(g.value(k, DCTERMS.identifier))
        assert identifier not in found, f"{identifier} in two files"
        found[identifier] = path.stem
        assert str(k) == f"{BASE}/id/knelpunt/{path.stem}", "IRI must match the file name"
    assert found == EXPECTED_SLUGS | ADDED_SLUGS
    assert len(found) >= 43


@pytest.mark.parametrize("path", KNELPUNTEN, ids=ids(KNELPUNTEN))
def test_knelpunt_is_complete(path):
    g = graph(path)
    k = knelpunt(g)
    for prop in (DCTERMS.title, DCTERMS.description, KB.mechanismeToelichting, KB.oplossing):
        value = g.value(k, prop)
        assert isinstance(value, Literal) and value.language == "nl" and len(str(value)) > 20, prop
    description = str(g.value(k, DCTERMS.description))
    assert description.count(". ") + 1 >= 3, "description: at least three sentences"
    corpus_entry = path.stem in EXPECTED_SLUGS.values()
    assert g.value(k, DCTERMS.created) == Literal("2026-11-22" if corpus_entry else "2026-12-03", datatype=XSD_DATE)
    assert re.fullmatch(r"KP-\d\d", str(g.value(k, DCTERMS.identifier)))
    status = g.value(k, KB.status)
    assert status is not None and str(status).startswith(f"{BASE}/id/status/")
    ministeries = list(g.objects(k, KB.verantwoordelijkMinisterie))
    assert ministeries and all(str(m).startswith("https://identifier.overheid.nl/tooi/id/ministerie/mnre")
                               for m in ministeries)
    # links are stated once, on the other side: cases say kb:ondersteunt, experiments say kb:adresseert
    assert not list(g.objects(k, KB.experiment)) and not list(g.objects(k, KB.onderbouwdDoor))


@pytest.mark.parametrize("path", KNELPUNTEN, ids=ids(KNELPUNTEN))
def test_citations_have_provision_peildatum_rol_and_verificatie(path):
    g = graph(path)
    citations = list(g.objects(knelpunt(g), KB.citeert))
    assert len(citations) >= 2
    for c in citations:
        assert (c, RDF.type, KB.Citering) in g
        bepaling = g.value(c, KB.bepaling)
        assert isinstance(bepaling, URIRef) and str(bepaling).startswith(f"{BASE}/id/regeling/")
        assert re.search(r"/artikel/[^/]+(/lid/[^/]+)?(/onderdeel/[^/]+)?$", str(bepaling)), bepaling
        peildatum = g.value(c, KB.peildatum)
        assert isinstance(peildatum, Literal) and peildatum.datatype == XSD_DATE
        for prop in (KB.rol, KB.verificatie):
            text = g.value(c, prop)
            assert isinstance(text, Literal) and text.language == "nl" and str(text).strip(), prop
    # Citations of different laws: a collision needs at least two provisions, and they must differ.
    assert len({str(g.value(c, KB.bepaling)) for c in citations}) >= 2


@pytest.mark.parametrize("path", KNELPUNTEN, ids=ids(KNELPUNTEN))
def test_sources_are_public_bronnen_with_a_title(path):
    g = graph(path)
    bronnen = list(g.objects(knelpunt(g), PROV.wasDerivedFrom))
    assert bronnen
    for b in bronnen:
        assert re.match(r"https?://", str(b)), b
        assert (b, RDF.type, KB.Bron) in g
        title = g.value(b, DCTERMS.title)
        assert isinstance(title, Literal) and str(title).strip()


@pytest.mark.parametrize("path", KNELPUNTEN, ids=ids(KNELPUNTEN))
def test_classification_uses_concepts_from_the_schemes(path):
    g = graph(path)
    k = knelpunt(g)
    for prop, meervoud in SCHEMES.items():
        values = list(g.objects(k, prop))
        assert values, f"no {prop}"
        unknown = set(values) - scheme_concepts(meervoud)
        assert not unknown, f"{prop}: not in begrippen/{meervoud}.ttl: {unknown}"


def elfproef(number: str) -> bool:
    digits = [int(d) for d in number]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1))) - digits[8]
    return total % 11 == 0


@pytest.mark.parametrize("path", KNELPUNTEN, ids=ids(KNELPUNTEN))
def test_no_personal_data(path):
    text = path.read_text(encoding="utf-8")
    # Literals only: IRIs may contain long numbers (document ids) that are not personal data.
    literals = " ".join(str(o) for o in graph(path).objects() if isinstance(o, Literal))
    for candidate in re.findall(r"(?<!\d)\d{9}(?!\d)", literals):
        assert not elfproef(candidate), f"possible BSN: {candidate}"
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text), "e-mail address"
    assert not re.search(r"\b\d{4}\s?[A-Z]{2}\s+\d+\b", literals), "postcode with house number"
    assert not re.search(r"\b(geboren|geboortedatum)\b", literals, re.I)


def test_elfproef_recognises_a_valid_number():
    assert elfproef("111222333")
    assert not elfproef("123456789")


@pytest.mark.parametrize("path", KNELPUNTEN, ids=ids(KNELPUNTEN))
def test_cited_provisions_exist_in_regels(path):
    """Needs the importer's regels/*.ttl; the hand-made files cover the other laws."""
    g = graph(path)
    defined = defined_provisions()
    missing = {str(g.value(c, KB.bepaling)) for c in g.objects(knelpunt(g), KB.citeert)} - defined
    assert not missing, f"cited but not defined in regels/*.ttl: {sorted(missing)}"


def test_every_cited_provision_has_a_norm():
    normen = Graph()
    for p in (ROOT / "regels" / "normen").glob("*.ttl"):
        normen.parse(p, format="turtle")
    with_norm = {str(p) for p in normen.objects(None, KB.normVan)}
    cited = {str(graph(p).value(c, KB.bepaling)) for p in KNELPUNTEN
             for c in graph(p).objects(knelpunt(graph(p)), KB.citeert)}
    assert cited <= with_norm, sorted(cited - with_norm)
    for norm in normen.subjects(RDF.type, KB.Norm):
        assert str(norm).endswith("/norm/1") and str(normen.value(norm, KB.normVan)) + "/norm/1" == str(norm)
        for prop, soort in ((KB.normtype, "normtype"), (KB.handeling, "handeling"), (KB.doelgroep, "doelgroep"),
                            (KB.richting, "richting")):
            assert str(normen.value(norm, prop)).startswith(f"{BASE}/id/{soort}/"), (norm, prop)
        handeling, doelgroep = normen.value(norm, KB.handeling), normen.value(norm, KB.doelgroep)
        assert handeling in scheme_concepts("handelingen") and doelgroep in scheme_concepts("doelgroepen")
