"""Praktijkvoorbeelden, organisaties, the City Deal and its experiments: the content contract.

Each praktijkvoorbeeld file parses, names a gemeente defined in organisaties/, has a description, domains,
knelpunten from the agreed list, provisions that exist in regels/, well-formed cost items, and no personal data.
The seed cases must be present, and the City Deal must have its date, partners and experiments.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

REPO = Path(__file__).resolve().parent.parent
BASE = "https://kennisbank.botsenderegels.nl"
KB = Namespace(f"{BASE}/def/kb#")
TOOI_GEMEENTE = "https://identifier.overheid.nl/tooi/id/gemeente/"
TOOI_MINISTERIE = "https://identifier.overheid.nl/tooi/id/ministerie/"
CITY_DEAL = URIRef(f"{BASE}/id/samenwerking/city-deal-inclusieve-stad")

KNELPUNTEN = {
    f"{BASE}/id/knelpunt/{slug}"
    for slug in """kostendelersnorm-onderdak mantelzorg-arbeidsverplichting participatie-versus-arbeidsplicht
    deeltijdwerk-vrijlating-verrekening toeslagen-terugvordering vermogen-auto-interen fraudewet-boete-terugvordering
    geuniformeerde-verplichtingen-verlaging cjib-verhogingen schuldregeling-auto-leerlingenvervoer
    beschermingsbewind-kosten dakloze-aanvrager-bewijslast zoektermijn-jongeren jongerennorm-onderhoudsplicht
    achttiende-verjaardag minderjarige-moeder overgang-jeugdwet-wmo eigen-risico-bijzondere-bijstand
    woonplaatsbeginsel-jeugdwet beschermd-wonen-woonplaatsbeginsel onderwijs-zorg-thuiszitters schotten-geldstromen
    twee-petten-wijkteam gegevensdeling-doelbinding partnersignaal-kindgebonden-budget
    aanvraagdatum-terugwerkende-kracht schijnconflict-dat-mag-niet ontruiming-afsluiting-schuldhulp""".split()
}
assert len(KNELPUNTEN) == 28

DOMEINEN = {
    f"{BASE}/id/domein/{d}"
    for d in """inkomen werk-en-participatie schulden zorg-en-ondersteuning jeugd gezondheidszorg toeslagen onderwijs
    wonen veiligheid-en-justitie privacy""".split()
}
UITKOMSTEN = {f"{BASE}/id/uitkomst/{u}" for u in ("maatwerk", "uitzondering", "escalatie", "geen")}
GELDSTROMEN = {
    f"{BASE}/id/geldstroom/{g}"
    for g in """participatiewet wmo jeugdwet zorgverzekeringswet wet-langdurige-zorg schuldhulpverlening toeslagen
    onderwijs overig""".split()
}
GEPUBLICEERD = URIRef(f"{BASE}/id/beoordelingsstatus/gepubliceerd")
BEPALING = re.compile(rf"^{re.escape(BASE)}/id/regeling/(BWBR\d{{7}})/artikel/[^/]+(/lid/[^/]+)?(/onderdeel/[^/]+)?$")

PV_FILES = sorted((REPO / "praktijkvoorbeelden").glob("*.ttl"))


def _parse(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


@pytest.fixture(scope="module")
def praktijkvoorbeelden() -> dict[str, tuple[URIRef, Graph]]:
    """file name -> (the praktijkvoorbeeld IRI, its graph)."""
    out = {}
    for path in PV_FILES:
        g = _parse(path)
        subjects = list(g.subjects(RDF.type, KB.Praktijkvoorbeeld))
        assert len(subjects) == 1, f"{path.name}: precies één praktijkvoorbeeld per bestand"
        out[path.name] = (subjects[0], g)
    return out


@pytest.fixture(scope="module")
def organisaties() -> Graph:
    g = Graph()
    for path in sorted((REPO / "organisaties").glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


@pytest.fixture(scope="module")
def experimenten() -> Graph:
    g = Graph()
    for path in sorted((REPO / "experimenten").glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


def _text(g: Graph, s: URIRef) -> str:
    """All literal text about one resource (title, description, comment, labels)."""
    return " ".join(str(o) for o in g.objects(s, None) if isinstance(o, Literal))


# --------------------------------------------------------------------------- praktijkvoorbeelden


def test_at_least_twenty_cases_one_per_file(praktijkvoorbeelden):
    assert len(praktijkvoorbeelden) >= 20
    for name, (s, _) in praktijkvoorbeelden.items():
        assert str(s) == f"{BASE}/id/praktijkvoorbeeld/{name[:-4]}", "IRI volgt de bestandsnaam"


def test_each_case_is_complete(praktijkvoorbeelden, organisaties):
    gemeenten = {str(s) for s in organisaties.subjects(RDF.type, KB.Gemeente)}
    assert len(gemeenten) >= 7
    for name, (s, g) in praktijkvoorbeelden.items():
        titles = [o for o in g.objects(s, DCTERMS.title) if o.language == "nl"]
        assert titles and str(titles[0]).strip(), name
        descs = [o for o in g.objects(s, DCTERMS.description) if isinstance(o, Literal) and o.language == "nl"]
        assert len(descs) == 1 and len(str(descs[0]).split()) >= 40, f"{name}: beschrijving in het Nederlands"
        sentences = [x for x in re.split(r"(?<=[.!?])\s+", str(descs[0]).strip()) if x]
        assert 5 <= len(sentences) <= 12, f"{name}: 5-12 zinnen, nu {len(sentences)}"

        # the gemeente is optional ("onbekend"); when given it is a TOOI gemeente from organisaties/
        gm = [str(o) for o in g.objects(s, KB.gemeente)]
        assert len(gm) <= 1, name
        for x in gm:
            assert x.startswith(TOOI_GEMEENTE) and x in gemeenten, f"{name}: gemeente {x} ontbreekt in organisaties/"

        domeinen = {str(o) for o in g.objects(s, KB.domein)}
        assert domeinen and domeinen <= DOMEINEN, f"{name}: domeinen {domeinen - DOMEINEN}"

        kps = {str(o) for o in g.objects(s, KB.ondersteunt)}
        assert kps and kps <= KNELPUNTEN, f"{name}: onbekende knelpunten {kps - KNELPUNTEN}"

        uitkomst = [str(o) for o in g.objects(s, KB.uitkomst)]
        assert len(uitkomst) == 1 and uitkomst[0] in UITKOMSTEN, name
        assert (s, KB.beoordelingsstatus, GEPUBLICEERD) in g, name

        dates = list(g.objects(s, DCTERMS.date))
        assert len(dates) == 1 and dates[0].datatype == URIRef("http://www.w3.org/2001/XMLSchema#date"), name
        assert 2014 <= dates[0].toPython().year <= 2030, name

        for b in g.objects(s, KB.betreftBepaling):
            assert BEPALING.match(str(b)), f"{name}: geen bepaling-IRI: {b}"

        bronnen = list(g.objects(s, PROV.wasDerivedFrom))
        assert bronnen, f"{name}: herkomst ontbreekt"
        for bron in bronnen:
            assert (bron, RDF.type, KB.Bron) in g and list(g.objects(bron, DCTERMS.title)), f"{name}: {bron}"


def test_cost_items_are_well_formed(praktijkvoorbeelden):
    with_costs, flows = 0, set()
    for name, (s, g) in praktijkvoorbeelden.items():
        posten = list(g.objects(s, KB.kosten))
        if posten:
            with_costs += 1
        for k in posten:
            assert (k, RDF.type, KB.Kostenpost) in g, name
            gs = [str(o) for o in g.objects(k, KB.geldstroom)]
            assert len(gs) == 1 and gs[0] in GELDSTROMEN, f"{name}: geldstroom {gs}"
            flows.add(gs[0])
            bedrag = list(g.objects(k, KB.bedrag))
            assert len(bedrag) == 1 and bedrag[0].datatype == URIRef("http://www.w3.org/2001/XMLSchema#decimal")
            assert isinstance(bedrag[0].toPython(), Decimal) and bedrag[0].toPython() >= 0, name
            periode = list(g.objects(k, KB.periode))
            assert len(periode) == 1 and periode[0].language == "nl" and str(periode[0]).strip(), name
    # invented amounts were removed (issue 13); what is left spreads over several money flows
    assert with_costs >= 1, "minstens één praktijkvoorbeeld met kosten"
    assert len(flows) >= 3, "kosten over minstens drie geldstromen, zodat schotten zichtbaar zijn"


def test_every_amount_has_a_source_or_is_marked_as_estimate(praktijkvoorbeelden):
    for name, (s, g) in praktijkvoorbeelden.items():
        for k in g.objects(s, KB.kosten):
            sourced = list(g.objects(k, PROV.wasDerivedFrom)) or list(g.objects(k, PROV.wasAttributedTo))
            schatting = g.value(k, KB.schatting)
            basis = [o for o in g.objects(k, KB.grondslag) if isinstance(o, Literal) and o.language == "nl"]
            assert sourced or (schatting is not None and schatting.toPython() is True and basis), \
                f"{name}: bedrag zonder bron en zonder 'schatting' met grondslag"


VOORBEELDSOORT = f"{BASE}/id/voorbeeldsoort/"


def test_every_case_says_whether_it_is_a_real_case_or_an_illustration(praktijkvoorbeelden):
    kinds = {}
    for name, (s, g) in praktijkvoorbeelden.items():
        soort = [str(o) for o in g.objects(s, KB.voorbeeldsoort)]
        assert len(soort) == 1 and soort[0] in {VOORBEELDSOORT + "praktijkgeval", VOORBEELDSOORT + "illustratie"}, name
        kinds[name] = soort[0].rsplit("/", 1)[-1]
        if kinds[name] == "praktijkgeval":
            assert list(g.objects(s, PROV.wasDerivedFrom)), f"{name}: een echte casus noemt haar bron"
        elif list(g.objects(s, KB.gemeente)):
            # an illustration only names a gemeente when its source places the situation there, and says so
            note = " ".join(str(o) for o in g.objects(s, URIRef("http://www.w3.org/2004/02/skos/core#editorialNote")))
            assert "bron" in note.lower(), f"{name}: illustratie met gemeente zonder verantwoording"
    assert sum(1 for k in kinds.values() if k == "illustratie") >= 20


def test_anonymous_sources_are_not_given_a_real_gemeente(praktijkvoorbeelden):
    """The 'twee petten' article (Sociale Vraagstukken) names no gemeente: none of its cases may name one."""
    anoniem = "https://www.socialevraagstukken.nl/hulpverlenen-of-handhaven-dilemma-voor-wijkteamwerker/"
    cases = [(name, s, g) for name, (s, g) in praktijkvoorbeelden.items()
             if URIRef(anoniem) in set(g.objects(s, PROV.wasDerivedFrom))]
    assert len(cases) >= 3
    for name, s, g in cases:
        assert not list(g.objects(s, KB.gemeente)), f"{name}: de bron noemt geen gemeente"


def test_family_of_120000_adds_up(praktijkvoorbeelden):
    matches = [(s, g) for s, g in praktijkvoorbeelden.values() if re.search(r"120\.?000", _text(g, s))]
    assert matches, "het gezin met 120.000 euro hulp per jaar ontbreekt"
    s, g = matches[0]
    total = sum(Decimal(str(g.value(k, KB.bedrag))) for k in g.objects(s, KB.kosten))
    assert total == Decimal(120000)
    assert len(set(g.objects(s, KB.kosten))) >= 3
    assert "illustratief" in _text(g, s)


@pytest.mark.parametrize(
    "keywords",
    [
        ("dakloze", "uitkering"),              # Zwolle: young homeless man
        ("auto", "schuldsanering"),            # mother must sell her car
        ("CJIB",),                             # fine at the poverty line
        ("zeventien",),                        # 17-year-old mother
        ("4.000", "keuken"),                   # kitchen renovation seen at the kitchen table
        ("schoenen",),                         # working for the children's shoes
        ("maatwerkbudget", "Zaanstad"),        # budget left unspent
        ("twee", "casussen", "preventie"),     # Almere: two cases analysed
        ("maatregel", "participatietraject"),  # Zwolle: maatregel not executed
        ("opzet",),                            # fraud from not knowing
        ("vertrouwensband",),                  # the worker who does not report
    ],
)
def test_seed_cases_present(praktijkvoorbeelden, keywords):
    texts = [_text(g, s).lower() for s, g in praktijkvoorbeelden.values()]
    assert any(all(k.lower() in t for k in keywords) for t in texts), f"seedcasus ontbreekt: {keywords}"


def test_seed_cases_cite_the_seed_gemeenten(praktijkvoorbeelden):
    by_gemeente = {}
    for s, g in praktijkvoorbeelden.values():
        by_gemeente.setdefault(str(g.value(s, KB.gemeente)), []).append(_text(g, s))
    assert any("dakloze" in t for t in by_gemeente[TOOI_GEMEENTE + "gm0193"]), "Zwolle"
    assert any("Handhaving in balans" in t for t in by_gemeente[TOOI_GEMEENTE + "gm0034"]), "Almere"
    assert any("maatwerkbudget" in t for t in by_gemeente[TOOI_GEMEENTE + "gm0479"]), "Zaanstad"
    assert any("CJIB" in t for t in by_gemeente[TOOI_GEMEENTE + "gm0153"]), "Enschede"


FIRST_NAMES = """Piet Jan Kees Henk Klaas Gerrit Johan Willem Hans Peter Marco Dennis Kevin Daan Sem Lucas Finn Bram Thijs
Maria Anna Johanna Cornelia Elisabeth Wilhelmina Petra Sandra Linda Monique Anouk Sanne Lisa Emma Julia Sophie Tess
Fatima Mohamed Ahmed Ayoub Noor Priya""".split()
_NAME = re.compile(r"\b(" + "|".join(FIRST_NAMES) + r")\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_PHONE = re.compile(r"(\+31|\b0)[1-9](?:[\s-]?\d){8}\b")
_POSTCODE_HUISNUMMER = re.compile(r"\b[1-9]\d{3}\s?[A-Z]{2}\b")
_NINE_DIGITS = re.compile(r"(?<![\d.,])\d{9}(?![\d.,])")


def _elfproef(number: str) -> bool:
    digits = [int(c) for c in number]
    return sum(d * w for d, w in zip(digits, [9, 8, 7, 6, 5, 4, 3, 2, -1])) % 11 == 0


def test_elfproef_helper():
    assert _elfproef("111222333") and not _elfproef("123456789")


def test_no_personal_data(praktijkvoorbeelden):
    for name, (s, g) in praktijkvoorbeelden.items():
        for o in g.objects(None, None):
            if not isinstance(o, Literal):
                continue
            text = str(o)
            assert not _NAME.search(text), f"{name}: voornaam {_NAME.search(text).group(0)!r}"
            assert not _EMAIL.search(text), f"{name}: e-mailadres"
            assert not _PHONE.search(text), f"{name}: telefoonnummer"
            assert not _POSTCODE_HUISNUMMER.search(text), f"{name}: postcode"
            for nine in _NINE_DIGITS.findall(text):
                assert not _elfproef(nine), f"{name}: mogelijk BSN"


def test_personal_data_checks_catch_examples():
    assert _NAME.search("Hé Piet, hoe is het?")
    assert _POSTCODE_HUISNUMMER.search("Dorpsstraat 1, 1234 AB")
    assert _PHONE.search("bel 06-12345678") and _EMAIL.search("iemand@example.org")
    assert not _NAME.search("Piëtisme in januari") and not _POSTCODE_HUISNUMMER.search("in 2016 CJIB")


def _regels_subjects(bwb_id: str, cache: dict) -> set[str] | None:
    if bwb_id not in cache:
        path = REPO / "regels" / f"{bwb_id}.ttl"
        cache[bwb_id] = (
            {q.subject.value for q in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)}
            if path.is_file() else None
        )
    return cache[bwb_id]


def test_cited_provisions_exist_in_regels(praktijkvoorbeelden):
    """Passes once the importers have written regels/{BWBID}.ttl for every cited law."""
    cache: dict = {}
    missing = []
    for name, (s, g) in praktijkvoorbeelden.items():
        for b in g.objects(s, KB.betreftBepaling):
            bwb_id = BEPALING.match(str(b)).group(1)
            subjects = _regels_subjects(bwb_id, cache)
            if subjects is None:
                missing.append(f"{name}: regels/{bwb_id}.ttl ontbreekt")
            elif str(b) not in subjects:
                missing.append(f"{name}: {b} niet in regels/{bwb_id}.ttl")
    assert not missing, "\n".join(sorted(set(missing)))


# --------------------------------------------------------------------------- organisations and City Deal


def test_organisaties(organisaties):
    gemeenten = {str(s) for s in organisaties.subjects(RDF.type, KB.Gemeente)}
    for code in ("gm0772", "gm0153", "gm0080", "gm0344", "gm0479", "gm0193", "gm0034"):
        assert TOOI_GEMEENTE + code in gemeenten
    ministeries = {str(s) for s in organisaties.subjects(RDF.type, KB.Ministerie)}
    for code in ("mnre1034", "mnre1073", "mnre1025", "mnre1058", "mnre1109", "mnre1090"):
        assert TOOI_MINISTERIE + code in ministeries
    assert (URIRef(f"{BASE}/id/organisatie/vng"), RDF.type, KB.Organisatie) in organisaties
    for s in set(organisaties.subjects(RDF.type, None)):
        labels = [o for o in organisaties.objects(s, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))]
        assert len(labels) == 1 and labels[0].language == "nl", s
    assert str(organisaties.value(URIRef(TOOI_GEMEENTE + "gm0772"),
                                  URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))) == "Gemeente Eindhoven"


def test_city_deal(experimenten, organisaties):
    g = experimenten
    assert (CITY_DEAL, RDF.type, KB.Samenwerkingsverband) in g
    assert g.value(CITY_DEAL, KB.ondertekend).toPython().isoformat() == "2016-03-10"
    partners = {str(p) for p in g.objects(CITY_DEAL, KB.partner)}
    assert len({p for p in partners if p.startswith(TOOI_GEMEENTE)}) >= 5
    assert len({p for p in partners if p.startswith(TOOI_MINISTERIE)}) >= 3
    known = {str(s) for s in organisaties.subjects(RDF.type, None)}
    assert partners <= known, f"partners zonder organisatiebestand: {partners - known}"
    assert g.value(CITY_DEAL, DCTERMS.description).language == "nl"
    bron = g.value(CITY_DEAL, PROV.wasDerivedFrom)
    assert (bron, RDF.type, KB.Bron) in g


def test_experiments(experimenten, organisaties):
    g = experimenten
    gemeenten = set(organisaties.subjects(RDF.type, KB.Gemeente))
    city_deal_exps = set(g.subjects(KB.onderdeelVan, CITY_DEAL))
    for slug in ("brede-geldstroom", "schulden-en-beschermingsbewind"):
        e = URIRef(f"{BASE}/id/experiment/{slug}")
        assert e in city_deal_exps
        assert set(g.objects(e, KB.adresseert)), slug
    leeuwarden = URIRef(TOOI_GEMEENTE + "gm0080")
    assert g.value(URIRef(f"{BASE}/id/experiment/schulden-en-beschermingsbewind"), KB.trekker) == leeuwarden
    # law changes and rulings have classes of their own (issue 13): a CRvB ruling is not an experiment
    for slug in ("participatiewet-in-balans", "kostendelersnorm-27-jaar-2023"):
        assert (URIRef(f"{BASE}/id/experiment/{slug}"), RDF.type, KB.Wetswijziging) in g, slug
    crvb = URIRef(f"{BASE}/id/experiment/crvb-2016-fraudewet-boetes")
    assert (crvb, RDF.type, KB.Uitspraak) in g and (crvb, RDF.type, KB.Experiment) not in g
    assert "ECLI:NL:CRVB:2016:8" in {str(o) for o in g.objects(crvb, KB.ecli)}
    assert str(g.value(URIRef(f"{BASE}/id/experiment/participatiewet-in-balans"), KB.inwerkingtreding)) == "2026-01-01"
    aanpakken = {e for cls in (KB.Experiment, KB.Wetswijziging, KB.Uitspraak) for e in g.subjects(RDF.type, cls)}
    for e in aanpakken:
        assert g.value(e, DCTERMS.title) is not None and g.value(e, DCTERMS.description) is not None, e
        kps = {str(o) for o in g.objects(e, KB.adresseert)}
        assert kps and kps <= KNELPUNTEN, f"{e}: {kps - KNELPUNTEN}"
        for t in g.objects(e, KB.trekker):
            assert t in gemeenten, e
