"""The reasoner: owlready2 + HermiT over kb.ttl plus IRI-to-IRI data, as the build calls it."""

from __future__ import annotations

from pathlib import Path

import owlready2
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from kennisbank.fouten import KennisbankFout
from kennisbank.reason import reason, reasoner_input, redeneer

ROOT = Path(__file__).resolve().parent.parent
KB = Namespace("https://kennisbank.botsenderegels.nl/def/kb#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
ID = "https://kennisbank.botsenderegels.nl/id/"

PREFIXES = """
@prefix kb:  <https://kennisbank.botsenderegels.nl/def/kb#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix r:   <https://kennisbank.botsenderegels.nl/id/regeling/> .
@prefix kp:  <https://kennisbank.botsenderegels.nl/id/knelpunt/> .
@prefix pv:  <https://kennisbank.botsenderegels.nl/id/praktijkvoorbeeld/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

DATA = PREFIXES + """
r:BWBR0015703 a kb:Wet .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a> a kb:Artikel ;
    eli:is_part_of r:BWBR0015703 ;
    kb:norm <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a/norm/1> .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a/lid/1> a kb:Lid ;
    eli:is_part_of <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a> .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a/versie/2024-01-01> a kb:Versie ;
    kb:tekst "Geheime tekst die niet naar Java mag."@nl .
kp:kostendelersnorm a kb:Knelpunt ;
    kb:citeert [ kb:bepaling <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a/lid/1> ;
                 kb:peildatum "2026-01-01"^^xsd:date ] ,
               [ kb:bepaling <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0035362/artikel/2.3.5> ] .
pv:eindhoven-1 kb:ondersteunt kp:kostendelersnorm .
"""


@pytest.fixture(scope="module")
def tbox() -> Graph:
    g = Graph().parse(ROOT / "ontologie" / "kb.ttl")
    for f in sorted((ROOT / "ontologie" / "begrippen").glob("*.ttl")):
        g.parse(f)
    return g


@pytest.fixture(scope="module")
def kb_only() -> Graph:
    return Graph().parse(ROOT / "ontologie" / "kb.ttl")


@pytest.fixture(scope="module")
def inferred(tbox) -> set[tuple[str, str, str]]:
    return set(reason(tbox, Graph().parse(data=DATA, format="turtle")))


def art(path: str) -> str:
    return f"{ID}regeling/{path}"


def test_subclass_types_are_inferred(inferred):
    lid = art("BWBR0015703/artikel/22a/lid/1")
    assert (lid, str(RDF.type), str(KB.Bepaling)) in inferred
    assert (lid, str(RDF.type), str(ELI.LegalResource)) in inferred
    assert (art("BWBR0015703"), str(RDF.type), str(KB.Regeling)) in inferred


def test_range_types_an_untyped_cited_provision(inferred):
    assert (art("BWBR0035362/artikel/2.3.5"), str(RDF.type), str(KB.Bepaling)) in inferred
    assert (f"{ID}praktijkvoorbeeld/eindhoven-1", str(RDF.type), str(KB.Praktijkvoorbeeld)) in inferred
    assert (f"{ID}praktijkvoorbeeld/eindhoven-1", str(RDF.type), str(PROV.Entity)) in inferred


def test_inverse_properties_are_inferred(inferred):
    assert (art("BWBR0015703/artikel/22a/norm/1"), str(KB.normVan), art("BWBR0015703/artikel/22a")) in inferred
    assert (f"{ID}knelpunt/kostendelersnorm", str(KB.onderbouwdDoor), f"{ID}praktijkvoorbeeld/eindhoven-1") in inferred
    assert (art("BWBR0015703"), str(ELI.has_part), art("BWBR0015703/artikel/22a")) in inferred


def test_only_new_iri_triples_come_back(inferred):
    assert (art("BWBR0015703/artikel/22a/lid/1"), str(RDF.type), str(KB.Lid)) not in inferred  # asserted
    assert all(s.startswith("http") and o.startswith("http") for s, _, o in inferred), "no blank-node stand-ins"
    assert {p for _, p, _ in inferred} <= {str(RDF.type), str(KB.normVan), str(KB.norm), str(KB.onderbouwdDoor),
                                           str(KB.ondersteunt), str(ELI.has_part), str(ELI.is_part_of),
                                           "http://www.w3.org/2004/02/skos/core#narrower",
                                           "http://www.w3.org/2004/02/skos/core#broader",
                                           "http://www.w3.org/2004/02/skos/core#inScheme",
                                           "http://www.w3.org/2004/02/skos/core#hasTopConcept",
                                           "http://www.w3.org/2004/02/skos/core#topConceptOf",
                                           str(KB.regeling), str(KB.citeert), str(KB.bepaling)}


def test_no_literal_goes_to_java(tbox):
    program = reasoner_input(tbox, Graph().parse(data=DATA, format="turtle"))
    texts = [o for o in program.objects() if isinstance(o, Literal)]
    assert not any("Geheime tekst" in str(t) for t in texts)
    assert not any(t.language for t in texts), "no labels or definitions either"
    assert not list(program.triples((None, URIRef("http://www.w3.org/2002/07/owl#imports"), None)))


def test_disjoint_classes_raise_a_dutch_error(kb_only):
    data = Graph().parse(data=PREFIXES + """
        kp:verward a kb:Knelpunt , kb:Artikel .
        kp:ander a kb:Knelpunt .""", format="turtle")
    with pytest.raises(KennisbankFout) as e:
        reason(kb_only, data)
    msg = str(e.value)
    assert msg.startswith("De gegevens spreken de ontologie tegen")
    assert f"{ID}knelpunt/verward" in msg and "Knelpunt" in msg and "Artikel" in msg
    assert f"{ID}knelpunt/ander" not in msg


def test_wrong_class_through_a_property_is_caught(kb_only):
    """A praktijkvoorbeeld that 'supports' an article: the article would have to be a Knelpunt too."""
    data = Graph().parse(data=PREFIXES + """
        <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a> a kb:Artikel .
        pv:p1 kb:ondersteunt <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a> .""",
                        format="turtle")
    with pytest.raises(KennisbankFout) as e:
        redeneer(kb_only, data, property_values=False)
    assert art("BWBR0015703/artikel/22a") in str(e.value)


def test_repeatable_in_one_process_and_default_world_untouched(tbox, inferred):
    before = len(list(owlready2.default_world.individuals()))
    again = set(reason(tbox, Graph().parse(data=DATA, format="turtle"), property_values=False))
    assert again == inferred
    assert len(list(owlready2.default_world.individuals())) == before


def test_empty_abox_is_cheap(kb_only):
    assert reason(kb_only, Graph()) == []
