"""The SHACL shapes: well-formed (SHACL-for-SHACL), Dutch messages everywhere, and positive/negative examples
validated the way the build does it: one file's own triples, plus the rdf:type and skos:inScheme triples of
the IRIs it points to, plus the ontology's rdfs:subClassOf axioms. Nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH, SKOS

import pyoxigraph as ox

from kennisbank.validate import TypeIndex, Validator

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGIE = ROOT / "ontologie"
KB = Namespace("https://kennisbank.botsenderegels.nl/def/kb#")

PREFIXES = """
@prefix kb:    <https://kennisbank.botsenderegels.nl/def/kb#> .
@prefix regel: <https://kennisbank.botsenderegels.nl/id/regeling/> .
@prefix eli:   <http://data.europa.eu/eli/ontology#> .
@prefix skos:  <http://www.w3.org/2004/02/skos/core#> .
@prefix dct:   <http://purl.org/dc/terms/> .
@prefix prov:  <http://www.w3.org/ns/prov#> .
@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl:   <http://www.w3.org/2002/07/owl#> .
@prefix tooi:  <https://identifier.overheid.nl/tooi/id/> .
@prefix bk:    <https://kennisbank.botsenderegels.nl/id/begrippenkader/> .
@prefix kp:    <https://kennisbank.botsenderegels.nl/id/knelpunt/> .
@prefix pv:    <https://kennisbank.botsenderegels.nl/id/praktijkvoorbeeld/> .
@prefix mech:  <https://kennisbank.botsenderegels.nl/id/mechanisme/> .
@prefix status: <https://kennisbank.botsenderegels.nl/id/status/> .
@prefix geldstroom: <https://kennisbank.botsenderegels.nl/id/geldstroom/> .
@prefix uitkomst: <https://kennisbank.botsenderegels.nl/id/uitkomst/> .
@prefix normtype: <https://kennisbank.botsenderegels.nl/id/normtype/> .
@prefix richting: <https://kennisbank.botsenderegels.nl/id/richting/> .
"""

# What other files say about the things our examples point to (only types and scheme membership leak out).
ELSEWHERE = PREFIXES + """
regel:BWBR0015703 a kb:Wet .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a> a kb:Artikel .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a/lid/1> a kb:Lid .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0035362/artikel/2.3.5> a kb:Artikel .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a/versie/2024-01-01> a kb:Versie .
mech:prikkelconflict a skos:Concept ; skos:inScheme bk:mechanismen .
kp:ander-knelpunt a kb:Knelpunt .
"""


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGIE / "shapes.ttl")


@pytest.fixture(scope="module")
def context_source() -> Graph:
    g = Graph().parse(data=ELSEWHERE, format="turtle")
    for f in (ONTOLOGIE / "begrippen").glob("*.ttl"):
        g.parse(f)
    return g


@pytest.fixture(scope="module")
def subclass_axioms() -> Graph:
    kb = Graph().parse(ONTOLOGIE / "kb.ttl")
    out = Graph()
    for t in kb.triples((None, RDFS.subClassOf, None)):
        if isinstance(t[0], URIRef) and isinstance(t[2], URIRef):
            out.add(t)
    return out


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator((ONTOLOGIE / "shapes.ttl").read_text(encoding="utf-8"))


@pytest.fixture
def check(validator, context_source, subclass_axioms):
    """Validate one file's Turtle exactly as the build does (kennisbank.validate); return
    [(focus, path, message)]. A citering's focus reads as its holder, e.g. `…/knelpunt/x › citeert`."""

    def run(ttl: str) -> list[tuple[str, str | None, str]]:
        triples = [q.triple for q in ox.parse((PREFIXES + ttl).encode("utf-8"), format=ox.RdfFormat.TURTLE)]
        index = TypeIndex()
        index.add_triples(q.triple for q in ox.parse(
            context_source.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
        axioms = [(str(s), str(p), str(o)) for s, p, o in subclass_axioms]
        found = validator.validate(triples, index.context_for(triples) + axioms)
        return sorted({(s.focus, s.pad, s.bericht) for s in found}, key=lambda r: (r[0], r[1] or "", r[2]))

    return run


# --- the shapes graph itself ------------------------------------------------------------------------------------

def test_shapes_graph_is_valid_shacl(shapes):
    import pyshacl
    shacl_shacl = Graph().parse(Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl")
    conforms, _, text = validate(shapes, shacl_graph=shacl_shacl, inference="none")
    assert conforms, text


def _property_shapes(g: Graph):
    return set(g.objects(None, SH.property))


def test_every_shape_has_a_dutch_message_and_name(shapes):
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    assert len(node_shapes) > 20
    for s in node_shapes:
        assert any(m.language == "nl" for m in shapes.objects(s, SH.message)), s
    props = _property_shapes(shapes)
    assert len(props) > 80
    for p in props:
        assert any(m.language == "nl" for m in shapes.objects(p, SH.message)), shapes.value(p, SH.path)
        assert any(n.language == "nl" for n in shapes.objects(p, SH.name)), shapes.value(p, SH.path)
        assert isinstance(shapes.value(p, SH.path), URIRef), "simple paths only: the API maps them to fields"


def test_every_model_class_is_targeted(shapes):
    targeted = set(shapes.objects(None, SH.targetClass))
    for cls in ("Knelpunt", "Citering", "Praktijkvoorbeeld", "Kostenpost", "Regeling", "Bepaling",
                "Structuurelement", "Versie", "Norm", "Experiment", "Samenwerkingsverband", "Organisatie",
                "Bron", "Geldstroom", "Normbegrip"):
        assert KB[cls] in targeted, cls


# --- knelpunten ---------------------------------------------------------------------------------------------------

KNELPUNT = """
kp:kostendelersnorm-onderdak a kb:Knelpunt ;
    dct:title "Kostendelersnorm ontmoedigt onderdak bieden"@nl ;
    dct:description "Wie een dakloze in huis neemt, krijgt minder bijstand."@nl ;
    dct:identifier "KP-01" ;
    kb:citeert [ kb:bepaling <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a/lid/1> ;
                 kb:peildatum "2026-01-01"^^xsd:date ; kb:rol "verlaagt de norm"@nl ] ,
               [ kb:bepaling <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0035362/artikel/2.3.5> ;
                 kb:peildatum "2026-07-01"^^xsd:date ] ;
    kb:mechanisme mech:prikkelconflict ;
    kb:status status:geanalyseerd ;
    kb:verantwoordelijkMinisterie tooi:ministerie\\/mnre1073 ;
    prov:wasDerivedFrom <https://www.divosa.nl/maatwerk> .
<https://www.divosa.nl/maatwerk> a kb:Bron ; dct:title "Divosa over maatwerk"@nl .
"""


def test_valid_knelpunt_passes(check):
    assert check(KNELPUNT) == []


def test_knelpunt_with_one_citation_fails_in_dutch(check):
    ttl = KNELPUNT.replace("""] ,
               [ kb:bepaling <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0035362/artikel/2.3.5> ;
                 kb:peildatum "2026-07-01"^^xsd:date ]""", "]")
    result = check(ttl)
    assert result == [(str(KB) .replace("def/kb#", "id/knelpunt/kostendelersnorm-onderdak"), str(KB.citeert),
                       "Een knelpunt moet ten minste twee wetsbepalingen noemen die met elkaar botsen.")]


def test_citation_of_unknown_or_wrong_class_fails(check):
    ttl = KNELPUNT.replace("BWBR0035362/artikel/2.3.5", "BWBR0035362/artikel/99")
    assert [(p, m) for _, p, m in check(ttl)] == [(str(KB.bepaling),
        "Elke genoemde bepaling moet precies één artikel, lid of onderdeel zijn dat in de kennisbank bekend is.")]
    # a knelpunt IRI where a provision belongs: wrong class
    ttl = KNELPUNT.replace("<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0035362/artikel/2.3.5>",
                           "kp:ander-knelpunt")
    assert [p for _, p, _ in check(ttl)] == [str(KB.bepaling)]


def test_citation_needs_a_date(check):
    ttl = KNELPUNT.replace('kb:peildatum "2026-07-01"^^xsd:date', 'kb:peildatum "1 juli 2026"')
    assert [(p, m) for _, p, m in check(ttl)] == [(str(KB.peildatum),
        "Elke genoemde bepaling moet precies één peildatum hebben (jjjj-mm-dd): de datum van de tekst die is gelezen.")]


def test_unknown_concept_fails(check):
    ttl = KNELPUNT.replace("mech:prikkelconflict", "mech:bestaat-niet")
    assert [(p, m) for _, p, m in check(ttl)] == [(str(KB.mechanisme),
        "Een knelpunt moet ten minste één mechanisme hebben uit de lijst van mechanismen.")]
    # a concept from the wrong scheme: a status where a mechanism belongs
    ttl = KNELPUNT.replace("kb:mechanisme mech:prikkelconflict", "kb:mechanisme status:opgelost")
    assert [p for _, p, _ in check(ttl)] == [str(KB.mechanisme)]
    ttl = KNELPUNT.replace("status:geanalyseerd", "status:bijna-klaar")
    assert [p for _, p, _ in check(ttl)] == [str(KB.status)]


def test_knelpunt_needs_source_title_and_dutch_text(check):
    ttl = KNELPUNT.replace(" ;\n    prov:wasDerivedFrom <https://www.divosa.nl/maatwerk> .", " .")
    assert [p for _, p, _ in check(ttl)] == [str(prov("wasDerivedFrom"))]
    ttl = KNELPUNT.replace('"Kostendelersnorm ontmoedigt onderdak bieden"@nl', '"Kostendelersnorm"')
    assert {(p, m) for _, p, m in check(ttl)} == {("http://purl.org/dc/terms/title",
        "Een knelpunt moet precies één Nederlandse titel hebben.")}


def test_referenced_resources_are_not_checked_in_someone_elses_file(check):
    """The cited articles and the concept are only typed in the context; they must not be reported."""
    foci = {f for f, _, _ in check(KNELPUNT.replace("kb:status status:geanalyseerd ;", ""))}
    assert foci == {"https://kennisbank.botsenderegels.nl/id/knelpunt/kostendelersnorm-onderdak"}


def prov(local: str) -> URIRef:
    return URIRef("http://www.w3.org/ns/prov#" + local)


# --- praktijkvoorbeelden ------------------------------------------------------------------------------------------

PRAKTIJK = """
pv:pv-001 a kb:Praktijkvoorbeeld ;
    dct:title "Moeder neemt dakloze zoon in huis"@nl ;
    dct:description "Een moeder in de bijstand wil haar zoon van 28 opvangen; haar uitkering daalt."@nl ;
    kb:gemeente tooi:gemeente\\/gm0772 ;
    kb:voorbeeldsoort <https://kennisbank.botsenderegels.nl/id/voorbeeldsoort/illustratie> ;
    kb:betreftBepaling <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a> ;
    kb:ondersteunt kp:ander-knelpunt ;
    kb:uitkomst uitkomst:maatwerk ;
    kb:kosten [ kb:geldstroom geldstroom:participatiewet ; kb:bedrag 1250.00 ; kb:periode "per jaar"@nl ;
                kb:schatting true ; kb:grondslag "Geschat op de norm van 2024."@nl ] .
"""


def test_valid_praktijkvoorbeeld_passes(check):
    assert check(PRAKTIJK) == []


def test_praktijkvoorbeeld_gemeente_must_be_tooi(check):
    ttl = PRAKTIJK.replace("tooi:gemeente\\/gm0772", "<https://example.org/eindhoven>")
    assert [(p, m) for _, p, m in check(ttl)] == [(str(KB.gemeente),
        "Een praktijkvoorbeeld heeft hooguit één gemeente, aangeduid met haar TOOI-identificatie "
        "(https://identifier.overheid.nl/tooi/id/gemeente/gm…); laat de gemeente weg als die onbekend is.")]
    # the gemeente is optional: "onbekend" is allowed (issue 13)
    assert check(PRAKTIJK.replace("kb:gemeente tooi:gemeente\\/gm0772 ;", "")) == []


def test_praktijkvoorbeeld_needs_its_kind_and_a_real_case_its_source(check):
    ttl = PRAKTIJK.replace("kb:voorbeeldsoort <https://kennisbank.botsenderegels.nl/id/voorbeeldsoort/illustratie> ;", "")
    assert [(p, m) for _, p, m in check(ttl)] == [(str(KB.voorbeeldsoort),
        "Een praktijkvoorbeeld moet precies één soort hebben: echte casus (met bron), ingezonden casus of illustratie.")]
    echt = PRAKTIJK.replace("voorbeeldsoort/illustratie", "voorbeeldsoort/praktijkgeval")
    assert [m for _, _, m in check(echt)] == [
        "Een echte casus moet de bron noemen waarin zij staat (prov:wasDerivedFrom); is er geen bron, dan is het een illustratie."]
    assert check(echt.replace("kb:uitkomst uitkomst:maatwerk ;",
                              "kb:uitkomst uitkomst:maatwerk ; prov:wasDerivedFrom <https://www.divosa.nl/x> ;")
                 + "<https://www.divosa.nl/x> a kb:Bron ; dct:title \"Divosa\"@nl .") == []


def test_amount_needs_a_source_or_an_estimate_mark(check):
    ttl = PRAKTIJK.replace('kb:schatting true ; kb:grondslag "Geschat op de norm van 2024."@nl ', "")
    found = check(ttl)
    assert found and all("kosten" in f for f, _, _ in found), found
    ttl = PRAKTIJK.replace('kb:grondslag "Geschat op de norm van 2024."@nl ', "")
    assert check(ttl), "een schatting zonder grondslag is niet genoeg"


def test_praktijkvoorbeeld_description_not_empty(check):
    ttl = PRAKTIJK.replace('"Een moeder in de bijstand wil haar zoon van 28 opvangen; haar uitkering daalt."@nl',
                           '"   "@nl')
    assert {p for _, p, _ in check(ttl)} == {"http://purl.org/dc/terms/description"}


def test_kosten_need_non_negative_decimal_and_known_geldstroom(check):
    ttl = PRAKTIJK.replace("1250.00", "-5.00")
    assert [(p, m) for _, p, m in check(ttl)] == [(str(KB.bedrag),
        "Elke kostenpost moet precies één bedrag in euro hebben, als decimaal getal van nul of meer "
        "(bijvoorbeeld 1250.00).")]
    assert {p for _, p, _ in check(PRAKTIJK.replace("1250.00", '"veel"'))} == {str(KB.bedrag)}
    assert {p for _, p, _ in check(PRAKTIJK.replace("geldstroom:participatiewet", "geldstroom:loterij"))} \
        == {str(KB.geldstroom)}


def test_wrong_class_for_knelpunt_link(check):
    ttl = PRAKTIJK.replace("kb:ondersteunt kp:ander-knelpunt",
                           "kb:ondersteunt <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a>")
    assert [p for _, p, _ in check(ttl)] == [str(KB.ondersteunt)]


# --- regelingen, artikelen, versies, normen ---------------------------------------------------------------------

REGELING = """
regel:BWBR0015703 a kb:Wet ;
    dct:title "Participatiewet"@nl ;
    kb:bwbId "BWBR0015703" ;
    kb:afkorting "Pw" ;
    kb:verantwoordelijkMinisterie tooi:ministerie\\/mnre1073 ;
    kb:citeertitel [ rdfs:label "Participatiewet"@nl ; kb:geldigVanaf "2015-01-01"^^xsd:date ] .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/hoofdstuk/3> a kb:Hoofdstuk ;
    kb:regeling regel:BWBR0015703 ; eli:is_part_of regel:BWBR0015703 ; eli:id_local "3" ; kb:volgorde 3 ;
    rdfs:label "Hoofdstuk 3" .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a> a kb:Artikel ;
    kb:regeling regel:BWBR0015703 ;
    eli:is_part_of <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/hoofdstuk/3> ;
    eli:id_local "22a" ; kb:volgorde 40 ; rdfs:label "Artikel 22a" ;
    kb:versie <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a/versie/2024-01-01> ;
    kb:norm <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a/norm/1> .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a/lid/1> a kb:Lid ;
    kb:regeling regel:BWBR0015703 ;
    eli:is_part_of <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a> ;
    eli:id_local "1" ; kb:volgorde 41 .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a/versie/2024-01-01> a kb:Versie ;
    kb:tekst "De norm bedraagt ..."@nl ;
    kb:geldigVanaf "2024-01-01"^^xsd:date ;
    kb:toestand <http://wetten.overheid.nl/id/BWBR0015703/2024-01-01/0> ;
    kb:juriconnect "jci1.3:c:BWBR0015703&artikel=22a&g=2024-01-01" ;
    kb:wettenLink <https://wetten.overheid.nl/BWBR0015703/2024-01-01#Hoofdstuk3_Artikel22a> .
<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a/norm/1> a kb:Norm ;
    kb:normtype normtype:prikkel ; kb:richting richting:ontmoedigt .
"""


def test_valid_regeling_with_parts_passes(check):
    assert check(REGELING) == []


def test_bwb_id_required_and_well_formed(check):
    assert [(p, m) for _, p, m in check(REGELING.replace('kb:bwbId "BWBR0015703"', 'kb:bwbId "BWB15703"'))] == [
        (str(KB.bwbId), "Een BWB-identificatie bestaat uit BWBR en zeven cijfers, zoals BWBR0015703; "
                        "een regeling heeft er hooguit één.")]
    result = check(REGELING.replace('kb:bwbId "BWBR0015703" ;', ""))
    assert [(p, m) for _, p, m in result] == [(None,
        "Een wet, AMvB, ministeriële regeling of andere regeling uit het Basiswettenbestand moet een "
        "BWB-identificatie hebben (zoals BWBR0015703).")]


def test_eu_verordening_needs_eli_not_bwb(check):
    eu = """<https://kennisbank.botsenderegels.nl/id/regeling/eu-2016-679> a kb:EUVerordening ;
        dct:title "Algemene verordening gegevensbescherming"@nl ;
        owl:sameAs <http://data.europa.eu/eli/reg/2016/679/oj> ."""
    assert check(eu) == []
    assert [p for _, p, _ in check(eu.replace("http://data.europa.eu/eli/reg/2016/679/oj", "https://example.org/avg"))] \
        == [str(URIRef("http://www.w3.org/2002/07/owl#sameAs"))]


def test_lid_must_be_part_of_an_artikel(check):
    ttl = REGELING.replace(
        "eli:is_part_of <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a> ;",
        "eli:is_part_of <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/hoofdstuk/3> ;")
    assert [(p, m) for _, p, m in check(ttl)] == [
        ("http://data.europa.eu/eli/ontology#is_part_of", "Een lid moet deel zijn van een artikel.")]


def test_bepaling_needs_its_regeling(check):
    ttl = REGELING.replace("""a kb:Lid ;
    kb:regeling regel:BWBR0015703 ;""", "a kb:Lid ;")
    assert [(p, m) for _, p, m in check(ttl)] == [(str(KB.regeling),
        "Elk hoofdstuk, artikel, lid en onderdeel moet bij precies één bekende regeling horen.")]


def test_versie_needs_text_or_summary_unless_vervallen(check):
    no_text = REGELING.replace('kb:tekst "De norm bedraagt ..."@nl ;', "")
    assert [m for _, _, m in check(no_text)] == [
        "Een versie van een bepaling moet de officiële tekst of een samenvatting hebben, tenzij de bepaling in die versie is vervallen."]
    summary = REGELING.replace('kb:tekst "De norm bedraagt ..."@nl ;', 'kb:samenvatting "Lagere norm bij medebewoners."@nl ;')
    assert check(summary) == []
    vervallen = REGELING.replace('kb:tekst "De norm bedraagt ..."@nl ;',
                                 "kb:wijzigingsaard <https://kennisbank.botsenderegels.nl/id/wijzigingsaard/vervallen> ;")
    assert check(vervallen) == []
    untagged = REGELING.replace('"De norm bedraagt ..."@nl', '"De norm bedraagt ..."')
    assert {p for _, p, _ in check(untagged)} == {str(KB.tekst)}


def test_norm_needs_a_normtype_from_the_scheme(check):
    ttl = REGELING.replace("kb:normtype normtype:prikkel ; ", "kb:normtype richting:stimuleert ; ")
    assert [(p, m) for _, p, m in check(ttl)] == [(str(KB.normtype),
        "Een norm moet precies één normtype hebben, zoals gebod, verbod of prikkel.")]


# --- concepts and organisations -----------------------------------------------------------------------------------

@pytest.mark.parametrize("f", sorted(p.name for p in (ONTOLOGIE / "begrippen").glob("*.ttl")))
def test_every_concept_scheme_file_passes(check, f):
    assert check((ONTOLOGIE / "begrippen" / f).read_text(encoding="utf-8")) == []


def test_concept_without_definition_or_place_fails(check):
    ttl = """<https://kennisbank.botsenderegels.nl/id/mechanisme/nieuw> a skos:Concept ;
        skos:prefLabel "nieuw"@nl ; skos:inScheme bk:mechanismen ."""
    msgs = {m for _, _, m in check(ttl)}
    assert "Een begrip moet een Nederlandse definitie hebben." in msgs
    assert "Een begrip moet een bovenliggend begrip hebben of een topbegrip van zijn begrippenkader zijn." in msgs


def test_organisations(check):
    ok = """tooi:gemeente\\/gm0772 a kb:Gemeente ; rdfs:label "Eindhoven"@nl .
            tooi:ministerie\\/mnre1073 a kb:Ministerie ; skos:prefLabel "Ministerie van SZW"@nl ."""
    assert check(ok) == []
    bad = """<https://example.org/eindhoven> a kb:Gemeente ; rdfs:label "Eindhoven"@nl ."""
    assert [m for _, _, m in check(bad)] == [
        "Een gemeente moet worden aangeduid met haar TOOI-identificatie (https://identifier.overheid.nl/tooi/id/gemeente/gm…)."]


def test_norms_file_about_provisions_described_elsewhere_passes(check):
    """regels/normen/: norms point at an article (kb:normVan) whose own file gives its regeling and place."""
    ttl = """<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a/norm/1> a kb:Norm ;
            kb:normVan <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a> ;
            kb:normtype normtype:prikkel ; kb:richting richting:ontmoedigt .
        """
    assert check(ttl) == []
    # One resource per file: saying more about the article here makes this file describe it too, and then
    # it must describe it fully (kb:norm is derived from kb:normVan by the reasoner).
    more = ttl + """<https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a>
            kb:norm <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/artikel/22a/norm/1> ."""
    assert [p for _, p, _ in check(more)] == [str(KB.regeling)]


def test_version_of_a_regeling_needs_no_text(check):
    ttl = REGELING.replace('kb:afkorting "Pw" ;', """kb:afkorting "Pw" ;
        kb:versie <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/versie/2026-01-01> ;""") + """
        <https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703/versie/2026-01-01> a kb:Versie ;
            kb:geldigVanaf "2026-01-01"^^xsd:date ;
            kb:toestand <http://wetten.overheid.nl/id/BWBR0015703/2026-01-01/0> ."""
    assert check(ttl) == []
