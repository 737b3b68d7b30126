"""The OWL ontology and the structural SKOS schemes: they parse, are documented in Dutch and English,
and owlready2 + HermiT load them and find them consistent."""

from __future__ import annotations

import io
from pathlib import Path

import owlready2
import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGIE = ROOT / "ontologie"
KB = Namespace("https://kennisbank.botsenderegels.nl/def/kb#")
BASE = "https://kennisbank.botsenderegels.nl"
DCT = Namespace("http://purl.org/dc/terms/")

STRUCTURAL = {
    "statussen": ("status", {"gesignaleerd", "geanalyseerd", "geagendeerd", "in-experiment",
                             "oplossing-in-voorbereiding", "opgelost", "geevalueerd"}),
    "normtypen": ("normtype", {"gebod", "verbod", "prikkel", "sanctie", "voorwaarde", "bevoegdheid", "aanspraak"}),
    "richtingen": ("richting", {"stimuleert", "ontmoedigt", "neutraal"}),
    "uitkomsten": ("uitkomst", {"maatwerk", "uitzondering", "escalatie", "geen"}),
    "beoordelingsstatussen": ("beoordelingsstatus", {"ingediend", "gepubliceerd", "afgewezen", "teruggestuurd", "ingetrokken"}),
    "wijzigingsaarden": ("wijzigingsaard", {"toegevoegd", "gewijzigd", "vervallen", "ongewijzigd"}),
    "geldstromen": ("geldstroom", {"participatiewet", "wmo", "jeugdwet", "zorgverzekeringswet",
                                   "wet-langdurige-zorg", "schuldhulpverlening", "toeslagen", "onderwijs",
                                   "overig"}),
}


@pytest.fixture(scope="module")
def kb() -> Graph:
    return Graph().parse(ONTOLOGIE / "kb.ttl")


def _langs(g: Graph, s, p) -> set[str]:
    return {o.language for o in g.objects(s, p) if isinstance(o, Literal) and o.language}


def _kb_terms(g: Graph, kind) -> list[URIRef]:
    return sorted(s for s in g.subjects(RDF.type, kind) if isinstance(s, URIRef) and s.startswith(str(KB)))


def test_ontology_header(kb):
    onto = URIRef(BASE + "/def/kb")
    assert (onto, RDF.type, OWL.Ontology) in kb
    assert kb.value(onto, OWL.versionInfo) is not None
    assert "nl" in _langs(kb, onto, DCT.title) and "nl" in _langs(kb, onto, DCT.description)
    assert "eupl" in str(kb.value(onto, DCT.license)).lower()
    assert not list(kb.objects(onto, OWL.imports)), "no remote imports: the reasoner must run offline"


def test_every_term_has_dutch_and_english_label_and_dutch_definition(kb):
    terms = [t for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty) for t in _kb_terms(kb, kind)]
    assert len(terms) > 80
    missing = [t for t in terms if not {"nl", "en"} <= _langs(kb, t, RDFS.label) or "nl" not in _langs(kb, t, SKOS.definition)]
    assert missing == []


def test_model_classes_and_properties_are_declared(kb):
    classes = {t.removeprefix(str(KB)) for t in _kb_terms(kb, OWL.Class)}
    assert {"Regeling", "Wet", "AMvB", "MinisterieleRegeling", "GemeentelijkeVerordening", "Beleidsregel",
            "Beroepscode", "EUVerordening", "Structuurelement", "Hoofdstuk", "Titeldeel", "Afdeling", "Paragraaf",
            "Bepaling", "Artikel", "Lid", "Onderdeel", "Versie", "Norm", "Knelpunt", "Citering",
            "Praktijkvoorbeeld", "Kostenpost", "Experiment", "Samenwerkingsverband", "Organisatie", "Gemeente",
            "Ministerie", "Bron", "Geldstroom", "Normbegrip"} <= classes
    props = {t.removeprefix(str(KB)) for k in (OWL.ObjectProperty, OWL.DatatypeProperty) for t in _kb_terms(kb, k)}
    assert {"citeert", "bepaling", "peildatum", "norm", "normVan", "ondersteunt", "onderbouwdDoor", "experiment",
            "adresseert", "gemeente", "kosten", "bedrag", "geldstroom", "versie", "tekst", "geldigVanaf",
            "bwbId", "regeling", "verwijstNaar"} <= props
    assert (KB.normVan, OWL.inverseOf, KB.norm) in kb or (KB.norm, OWL.inverseOf, KB.normVan) in kb
    assert (KB.ondersteunt, OWL.inverseOf, KB.onderbouwdDoor) in kb or (KB.onderbouwdDoor, OWL.inverseOf, KB.ondersteunt) in kb
    assert (KB.experiment, OWL.inverseOf, KB.adresseert) in kb or (KB.adresseert, OWL.inverseOf, KB.experiment) in kb


def test_alignment_with_eli_prov_skos(kb):
    eli = Namespace("http://data.europa.eu/eli/ontology#")
    prov = Namespace("http://www.w3.org/ns/prov#")
    for cls, sup in [(KB.Regeling, eli.LegalResource), (KB.Bepaling, eli.LegalResource),
                     (KB.Structuurelement, eli.LegalResource), (KB.Versie, eli.LegalExpression),
                     (KB.Praktijkvoorbeeld, prov.Entity), (KB.Bron, prov.Entity), (KB.Experiment, prov.Activity),
                     (KB.Organisatie, prov.Organization), (KB.Geldstroom, SKOS.Concept),
                     (KB.Normbegrip, SKOS.Concept)]:
        assert (cls, RDFS.subClassOf, sup) in kb, (cls, sup)


def test_owl2_dl_hygiene(kb):
    """Every property used in an axiom is typed, and no IRI is both a class and a property or individual."""
    classes = set(kb.subjects(RDF.type, OWL.Class))
    props = set(kb.subjects(RDF.type, OWL.ObjectProperty)) | set(kb.subjects(RDF.type, OWL.DatatypeProperty))
    annos = set(kb.subjects(RDF.type, OWL.AnnotationProperty))
    assert not classes & props and not props & annos and not classes & annos
    builtin = {RDF.type, RDFS.label, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, RDFS.seeAlso,
               OWL.inverseOf, OWL.disjointWith, OWL.members, OWL.versionInfo, OWL.versionIRI, RDF.first, RDF.rest}
    used = set(kb.predicates()) - builtin
    assert used <= props | annos, used - props - annos


def _owlready_world(g: Graph) -> owlready2.World:
    world = owlready2.World()
    data = g.serialize(format="nt", encoding="utf-8")
    world.get_ontology(BASE + "/def/kb").load(fileobj=io.BytesIO(data), format="ntriples")
    return world


def test_hermit_finds_ontology_and_schemes_consistent(kb):
    g = Graph()
    g += kb
    for f in (ONTOLOGIE / "begrippen").glob("*.ttl"):
        g.parse(f)
    world = _owlready_world(g)
    assert world[str(KB.Lid)] is not None
    assert world[str(KB.Bepaling)] in world[str(KB.Lid)].ancestors()
    # xsd:date and rdf:langString are outside HermiT's OWL 2 datatype map; no literal reaches the reasoner.
    owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)
    assert list(world.inconsistent_classes()) == []


@pytest.mark.parametrize("meervoud", sorted(STRUCTURAL))
def test_structural_scheme(meervoud):
    soort, slugs = STRUCTURAL[meervoud]
    g = Graph().parse(ONTOLOGIE / "begrippen" / f"{meervoud}.ttl")
    scheme = URIRef(f"{BASE}/id/begrippenkader/{meervoud}")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g
    assert "nl" in _langs(g, scheme, SKOS.prefLabel) and "nl" in _langs(g, scheme, SKOS.definition)
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    assert {str(c) for c in concepts} == {f"{BASE}/id/{soort}/{s}" for s in slugs}
    for c in concepts:
        assert len(_langs(g, c, SKOS.prefLabel)) == 1 and len(list(g.objects(c, SKOS.prefLabel))) == 1
        assert "nl" in _langs(g, c, SKOS.definition)
        assert (c, SKOS.inScheme, scheme) in g
        assert (c, SKOS.topConceptOf, scheme) in g or (c, SKOS.broader, None) in g
        if (c, SKOS.topConceptOf, scheme) in g:
            assert (scheme, SKOS.hasTopConcept, c) in g


def test_geldstromen_point_to_their_law():
    g = Graph().parse(ONTOLOGIE / "begrippen" / "geldstromen.ttl")
    expected = {"participatiewet": "BWBR0015703", "wmo": "BWBR0035362", "jeugdwet": "BWBR0034925",
                "zorgverzekeringswet": "BWBR0018450", "schuldhulpverlening": "BWBR0031331"}
    for slug, bwb in expected.items():
        c = URIRef(f"{BASE}/id/geldstroom/{slug}")
        assert (c, RDF.type, KB.Geldstroom) in g
        assert g.value(c, KB.regeling) == URIRef(f"{BASE}/id/regeling/{bwb}")
