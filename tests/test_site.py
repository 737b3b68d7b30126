"""The static site: built once per module from the repository's data, then read as files."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag

import pyoxigraph as ox
import pytest

from kennisbank.config import Config
from kennisbank.iri import Iris
from kennisbank.site import bouw_site, werk_site_bij
from kennisbank.site.paden import href
from kennisbank.site.zoekindex import stam, termen
from kennisbank.store import open_store

from test_site_hulp import gebouwde_data, kopie

KB = "https://kennisbank.botsenderegels.nl/def/kb#"
# One page, CSV row and feed entry per knelpunt file in the repository.
N_KNELPUNTEN = len(list((Path(__file__).resolve().parents[1] / "knelpunten").glob("*.ttl")))


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return kopie(gebouwde_data(tmp_path_factory), tmp_path_factory.mktemp("site") / "data")


@pytest.fixture(scope="module")
def site(data):
    config = Config(data_dir=data)
    figures = bouw_site(config)
    assert figures["knelpunten"] == N_KNELPUNTEN >= 43
    return Path(figures["uit"])


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids, self.scripts, self.alternates, self.lang = [], set(), [], [], None
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if "id" in a:
            self.ids.add(a["id"])
        if tag in ("a", "link") and a.get("href"):
            self.hrefs.append(a["href"])
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates.append((a.get("type"), a["href"]))
        if tag == "script" and a.get("src"):
            self.hrefs.append(a["src"])
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.scripts.append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False


def lees(pad: Path) -> Links:
    p = Links()
    p.feed(pad.read_text(encoding="utf-8"))
    return p


def test_every_page_type_exists(site):
    for pad in ["index.html", "doc/regeling/BWBR0015703.html", "doc/regeling/BWBR0015703/artikel/22a.html",
                "doc/knelpunt/kostendelersnorm-onderdak.html", "doc/praktijkvoorbeeld/achttien-jaar-na-jeugdzorg.html",
                "doc/gemeente/gm0344.html", "doc/ministerie/mnre1073.html", "matrix/index.html", "schotten/index.html",
                "zoeken/index.html", "zoeken/index.json", "indienen/index.html", "downloads/index.html",
                "downloads/kennisbank.ttl", "downloads/kennisbank.jsonld", "downloads/knelpunten.csv",
                "downloads/praktijkvoorbeelden.csv", "downloads/dcat.ttl", "ontologie/index.html", "feed.xml",
                "toegankelijkheid/index.html", "static/vendor/nlds.css",
                "static/vendor/LICENSE-utrecht-component-library-css.md"]:
        assert (site / pad).is_file(), pad
    assert list((site / "doc" / "mechanisme").glob("*.html")) and list((site / "doc" / "domein").glob("*.html"))


def test_odd_article_numbers_give_pages_and_working_links(site):
    pagina = site / "doc/regeling/BWBR0005537/artikel/8:69.html"
    assert pagina.is_file()
    assert href("doc/regeling/BWBR0005537.html", "doc/regeling/BWBR0005537/artikel/8:69.html") == \
        "../../doc/regeling/BWBR0005537/artikel/8:69.html"
    assert href("index.html", "doc/regeling/X/artikel/8:69.html").startswith("./")
    assert href("a/b.html", "doc/x y.html") == "../doc/x%20y.html"


def test_all_relative_links_resolve_on_disk(site):
    pages = [site / "index.html", site / "matrix/index.html", site / "doc/regeling/BWBR0015703.html",
             site / "doc/regeling/BWBR0005537.html", site / "zoeken/index.html", site / "schotten/index.html"]
    pages += list((site / "doc/knelpunt").glob("*.html")) + list((site / "doc/praktijkvoorbeeld").glob("*.html"))
    checked = 0
    for page in pages:
        p = lees(page)
        assert p.lang == "nl"
        for h in p.hrefs:
            if h.startswith(("http:", "https:", "mailto:", "/v1/")):
                continue
            assert h.startswith(("./", "../", "#")), (page, h)
            pad, frag = urldefrag(h)
            doel = (page.parent / unquote(pad)).resolve() if pad else page
            assert doel.is_file(), (page, h)
            if frag and doel.suffix == ".html":
                assert frag in lees(doel).ids, (page, h)
            checked += 1
    assert checked > 500


def test_link_checker_whole_site_has_no_broken_internal_links(site):
    """Every href/src of every generated HTML page, fragments included: each internal link opens a file that
    exists, and a fragment names an id on it. (Before issue 14: 1,511 of 12,515 distinct internal URLs broken.)"""
    from linkcontrole import controleer

    uit = controleer(site)
    assert uit.paginas > 2000 and len(uit.urls) > 5000
    kapot = sorted(uit.kapot.items())[:20]
    assert not uit.kapot, f"{uit.kapotte_urls} van {len(uit.urls)} interne adressen kapot, bijvoorbeeld {kapot}"


def test_provisions_outside_the_kennisbank_link_to_wetten_overheid_nl(site):
    # BW Boek 1 art. 11 has no page here: the Pw article that refers to it links to wetten.overheid.nl (JCI)
    html = (site / "doc/regeling/BWBR0015703/artikel/40.html").read_text()
    assert 'href="https://wetten.overheid.nl/jci1.3:c:BWBR0002656&amp;artikel=11"' in html
    assert "doc/regeling/BWBR0002656/artikel/11.html" not in html
    assert not (site / "doc/regeling/BWBR0002656/artikel/11.html").exists()


def test_regeling_tree_counts_citations_via_leden(site):
    html = (site / "doc/regeling/BWBR0015703.html").read_text()
    m = re.search(r'artikel/22a\.html">[^<]*</a>[^<]*<span class="teller">(\d+) knelpunt', html)
    assert m and int(m.group(1)) >= 1
    assert "<details" in html and "Hoofdstuk" in html


def test_knelpunt_page_quotes_both_sides_with_sources_and_rdf(site):
    page = site / "doc/knelpunt/fraudewet-boete-terugvordering.html"
    p = lees(page)
    html = page.read_text()
    assert html.count('class="bepaling"') >= 2 and "<blockquote>" in html
    assert "Tekst zoals die gold op" in html and "Bronnen" in html
    ld = json.loads(p.scripts[0])
    assert ld["@context"] == "https://schema.org" and ld["@type"] == "Article" and len(ld["about"]) >= 2
    types = dict(p.alternates)
    ttl = (page.parent / unquote(types["text/turtle"])).resolve()
    triples = list(ox.parse(ttl.read_bytes(), format=ox.RdfFormat.TURTLE))
    assert any(t.predicate.value == KB + "citeert" for t in triples)
    jl = (page.parent / unquote(types["application/ld+json"])).resolve()
    assert list(ox.parse(jl.read_bytes(), format=ox.RdfFormat.JSON_LD))


def test_gewijzigd_sinds_warning(tmp_path):
    """A citation whose peildatum precedes a changed newest version is flagged on the knelpunt and the article."""
    from kennisbank.site.data import Versie
    from kennisbank.site.model import Model

    class D:  # the smallest SiteData the method needs
        delen, versies = {}, {"b": [Versie("v1", "oud", None, "2015-01-01", "2023-12-31", None, None),
                                    Versie("v2", "nieuw", None, "2024-01-01", None, None, None)]}
    m = Model.__new__(Model)
    m.d = D()
    assert m.citaat("b", "2020-01-01")["gewijzigd"] is True
    assert m.citaat("b", "2020-01-01")["versie"].tekst == "oud"
    assert m.citaat("b", "2024-06-01")["gewijzigd"] is False


def test_matrix_svg_and_table_agree(site):
    html = (site / "matrix/index.html").read_text()
    assert "<svg" in html and "<title" in html and "<desc" in html
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    svg_numbers = sorted(int(x) for x in re.findall(r'class="getal">(\d+)<', html))
    table_numbers = sorted(int(x) for x in re.findall(r'<td class="numeric"><a href="#paar-[^"]+"[^>]*>(\d+)</a>', html))
    assert svg_numbers and svg_numbers == table_numbers
    assert list((site / "matrix").glob("*.html")).__len__() > 2  # per mechanism


def test_schotten_stacked_bars_with_table(site):
    html = (site / "schotten/index.html").read_text()
    assert "<svg" in html and "<table" in html and "€" in html


def test_static_search_index_stems_like_the_js(site):
    index = json.loads((site / "zoeken/index.json").read_text())
    assert stam("boetes") == stam("boete") == stam("boeten")
    hits = {index["docs"][i if i >= 0 else -i - 1][1] for i in index["index"][termen("boetes")[0]]}
    assert "doc/knelpunt/fraudewet-boete-terugvordering.html" in hits
    assert (site / "zoeken/index.js").read_text().startswith("window.ZOEKINDEX = ")
    # the form goes to the search page itself: the server renders the results there (kennisbank.site.zoekpagina)
    assert 'action="../zoeken/index.html"' in (site / "zoeken/index.html").read_text()


def test_downloads_dcat_and_feed(site):
    g = list(ox.parse((site / "downloads/dcat.ttl").read_bytes(), format=ox.RdfFormat.TURTLE))
    types = {t.object.value for t in g if t.predicate.value.endswith("#type")}
    assert {"http://www.w3.org/ns/dcat#Dataset", "http://www.w3.org/ns/dcat#DataService",
            "http://www.w3.org/ns/dcat#Distribution"} <= types
    assert any(t.predicate.value == "http://purl.org/dc/terms/publisher" and
               t.object.value.startswith("https://identifier.overheid.nl/tooi/id/") for t in g)
    assert len(list(ox.parse((site / "downloads/kennisbank.ttl").read_bytes(), format=ox.RdfFormat.TURTLE))) > 10000
    assert (site / "downloads/knelpunten.csv").read_text().count("\n") == N_KNELPUNTEN + 1
    feed = (site / "feed.xml").read_text()
    assert feed.count("<entry>") == N_KNELPUNTEN and "http://www.w3.org/2005/Atom" in feed


def test_ontology_page(site):
    html = (site / "ontologie/index.html").read_text()
    assert "kb:Knelpunt" in html and "kb:citeert" in html and "Mechanismen" in html
    assert "<h2 id=\"vormregels\">" in html


def test_user_text_is_escaped_and_publication_updates_pages(data, site):
    """A published case with a script in its title shows as text; only the touched pages are rewritten."""
    config = Config(data_dir=data)
    iris = Iris(config.base_iri)
    case = iris.praktijkvoorbeeld("20260101-abcdef01")
    kp = iris.knelpunt("kostendelersnorm-onderdak")
    art = iris.artikel("BWBR0015703", "22a")
    N, L = ox.NamedNode, ox.Literal
    triples = [ox.Triple(N(case), N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), N(KB + "Praktijkvoorbeeld")),
               ox.Triple(N(case), N("http://purl.org/dc/terms/title"), L("<script>alert(1)</script>", language="nl")),
               ox.Triple(N(case), N("http://purl.org/dc/terms/description"), L("Een <b>vet</b> verhaal & meer.", language="nl")),
               ox.Triple(N(case), N(KB + "gemeente"), N("https://identifier.overheid.nl/tooi/id/gemeente/gm0772")),
               ox.Triple(N(case), N(KB + "betreftBepaling"), N(art + "/lid/1")),
               ox.Triple(N(case), N(KB + "ondersteunt"), N(kp)),
               ox.Triple(N(case), N(KB + "beoordelingsstatus"), N(iris.concept("beoordelingsstatus", "gepubliceerd")))]
    ongemoeid = site / "doc/knelpunt/fraudewet-boete-terugvordering.html"
    voor = ongemoeid.stat().st_mtime_ns
    store = open_store(config)
    try:
        store.replace_graph(iris.submission_graph("20260101-abcdef01"), ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
        r = werk_site_bij(config, store, [case])
    finally:
        store.close()
    assert r["bijgewerkt"] > 0
    page = site / "doc/praktijkvoorbeeld/20260101-abcdef01.html"
    html = page.read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "Een &lt;b&gt;vet&lt;/b&gt; verhaal &amp; meer." in html
    assert "20260101-abcdef01" in (site / "doc/knelpunt/kostendelersnorm-onderdak.html").read_text()
    assert "20260101-abcdef01" in (site / "doc/regeling/BWBR0015703/artikel/22a.html").read_text()
    assert "20260101-abcdef01" in (site / "doc/gemeente/gm0772.html").read_text()
    assert "<\\/script>" in (site / "zoeken/index.js").read_text() or "alert" not in (site / "zoeken/index.js").read_text()
    ld = lees(page).scripts[0]
    assert "</script>" not in ld and json.loads(ld)["name"] == "<script>alert(1)</script>"
    assert ongemoeid.stat().st_mtime_ns == voor  # a knelpunt the case does not support is not rewritten


def _tekst(pad: Path) -> str:
    import html as _html
    import re as _re
    return _re.sub(r"\s+", " ", _html.unescape(_re.sub(r"<[^>]+>", " ", pad.read_text(encoding="utf-8"))))


def test_case_pages_mark_illustrations_unknown_gemeente_and_estimates(site):
    t = _tekst(site / "doc" / "praktijkvoorbeeld" / "wijkteamwerker-meldt-signalen-niet.html")
    assert "Illustratie: een samengesteld voorbeeld" in t and "Gemeente onbekend" in t
    assert "(illustratie)" in t  # also in the title
    echt = _tekst(site / "doc" / "praktijkvoorbeeld" / "zaanstad-maatwerkbudget-onbenut.html")
    assert "Echte casus:" in echt and "Illustratie:" not in echt
    gezin = _tekst(site / "doc" / "praktijkvoorbeeld" / "gezin-120000-euro-hulp-per-jaar.html")
    assert "(schatting)" in gezin and "Schatting: Verdeling over de geldstromen" in gezin
    # lists name an illustration as such too
    assert "Wijkteamwerker geeft vermoedens bewust niet door (illustratie)" in _tekst(
        site / "praktijkvoorbeelden" / "index.html")


def test_knelpunt_page_shows_derived_check_fields_and_source_kinds(site):
    t = _tekst(site / "doc" / "knelpunt" / "schijnconflict-dat-mag-niet.html")
    assert "Controle: gecontroleerd tegen" in t or "Controle: alleen samenvatting" in t
    assert "Leerpunten en opvolging" in t and "Opvolging (2022-07-06)" in t
    assert "Escalatie landelijk: " in t and "Landelijk Maatwerkloket" in t
    assert "Signaal onderzoek of evaluatie (2019-05-22)" in t
    assert "(kamerstuk, primaire bron)" in t
    tp = _tekst(site / "doc" / "knelpunt" / "twee-petten-wijkteam.html")
    assert "Geen primaire bron:" in tp and "Controle: alleen samenvatting" in tp
    assert "Alleen een samenvatting in eigen woorden (geen wettekst)" in tp


def test_history_names_changed_fields_in_dutch(site):
    """The Geschiedenis section lists what a revision changed by Dutch labels, never by internal field names
    (fields added later, such as vindplaatsen or the case's soort, included)."""
    from kennisbank.domein import LABELS

    toegestaan = set(LABELS.values())
    gezien = set()
    paginas = sorted((site / "doc" / "knelpunt").glob("*.html")) + sorted((site / "doc" / "praktijkvoorbeeld").glob("*.html"))
    for pad in paginas:
        html = pad.read_text(encoding="utf-8")
        assert 'id="geschiedenis"' in html, pad.name
        for lijst in re.findall(r"<strong>Revisie \d+</strong>[^<]*: ([^<]*) gewijzigd", html):
            labels = lijst.split(", ")
            assert set(labels) <= toegestaan, (pad.name, sorted(set(labels) - toegestaan))
            gezien.update(labels)
    assert {"Vindplaatsen", "Soort voorbeeld", "Citeringen"} <= gezien


def test_regelingen_list_shows_the_laws_people_mean(site):
    html = (site / "regelingen/index.html").read_text()
    hoofdlijst = re.sub(r"<details.*?</details>", "", html, flags=re.S)
    assert "Participatiewet" in hoofdlijst and "Zorgverzekeringswet" in hoofdlijst
    # sub-regulations and amending acts only inside a parent's collapsed group, never as a law of their own
    for x in re.findall(r"<li><a [^>]*>([^<]+)</a>", hoofdlijst):
        assert not x.startswith(("Regeling vaststelling standaardpremie", "Wijzigingsregeling", "Wijzigingsbesluit")), x
    assert html.count("Regeling vaststelling standaardpremie") >= 20 and "op grond van deze wet" in html
    assert not re.search(r"(?<!\d)(0 knelpunt|1 knelpunten)", html) and ">1 knelpunt<" in html
    sub = (site / "doc/regeling/BWBR0018846.html").read_text()  # a standaardpremie regeling: under its law
    assert "Berust op" in sub and "BWBR0018451.html" in sub and "<dt>Knelpunten</dt>" not in sub


def test_article_page_text_per_lid_versions_diff_formula_and_jci(site):
    html = (site / "doc/regeling/BWBR0015703/artikel/22a.html").read_text()
    p = lees(site / "doc/regeling/BWBR0015703/artikel/22a.html")
    assert {"lid-1", "lid-2", "lid-3", "lid-4"} <= p.ids
    assert re.search(r'<section class="lid" id="lid-4"[^>]*>\s*<p>4 Dit artikel', html)
    # the formula the official XML holds as an image: MathML plus text, before "Hierbij staat:"
    lid1 = html.split('id="lid-1"', 1)[1].split("</section>")[0]
    assert lid1.index("<math") < lid1.index("Hierbij staat:") and "(40% + A × 30%) / A × B" in lid1
    # versions to choose from, each with a word-level diff to the current text (the amount of lid 3 changed)
    assert 'id="versie-2024-01-01"' in html
    verschil = html.split('id="versie-2024-01-01"')[1].split("</details>")[0]
    assert "<del>683,75</del><ins>746,42</ins>" in verschil
    assert "jci1.3:c:BWBR0015703&amp;hoofdstuk=3&amp;paragraaf=3.2&amp;artikel=22a" in html
    assert 'href="https://wetten.overheid.nl/jci1.3:c:BWBR0015703' in html
    assert 'href="https://wetten.overheid.nl/BWBR0015703/2026-01-01#Hoofdstuk3_Paragraaf3.2_Artikel22a"' in html
    assert re.match(r"Artikel 22a Pw\b", re.search(r"<h1>([^<]+)</h1>", html).group(1))


def test_formula_stands_where_the_official_xml_has_its_image():
    """The formula table names the image and the sentence after it: both as in the official BWB XML."""
    from lxml import etree

    from kennisbank.site.formules import FORMULES

    bwb = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "bwb"
    xml = sorted(bwb.glob("BWBR0015703_*.xml"))
    if not xml:
        pytest.skip("de BWB-fixtures (../shared/fixtures/bwb) ontbreken")
    f = next(f for f in FORMULES if f.artikel == "22a")
    for pad in xml:
        boom = etree.parse(str(pad))
        lid = boom.xpath(f'//artikel[kop/nr="{f.artikel}"]/lid[lidnr="{f.lid}"]')[0]
        ill = lid.xpath(".//illustratie")[0]
        assert ill.get("naam") == f.illustratie
        volgende = ill.getparent().getnext()
        assert volgende.tag == "al" and volgende.text.strip() == f.voor


def test_word_level_diff():
    from kennisbank.site.verschil import verschil

    v = verschil("de norm is € 683,75 per maand", "de norm is € 746,42 per kalendermaand")
    assert str(v["html"]) == "de norm is € <del>683,75</del><ins>746,42</ins> per <del>maand</del><ins>kalendermaand</ins>"
    assert v["weg"] == 2 and v["erbij"] == 2
    assert verschil("<b>", "<b>")["gewijzigd"] is False and "&lt;b&gt;" in str(verschil("<b>", "<b>")["html"])


def test_knelpunten_overview_filters_doelgroep_and_ministerie_pages(site):
    html = (site / "knelpunten/index.html").read_text()
    p = lees(site / "knelpunten/index.html")
    assert len(re.findall(r'<li id="kp-[^"]+" class="kp-rij">', html)) == N_KNELPUNTEN  # the full list without JS
    for naam in ("status", "mechanisme", "doelgroep", "ministerie", "regeling"):
        assert f'<select id="f-{naam}" name="{naam}">' in html
    assert "status sinds" in html or "gewijzigd" in html
    gegevens = json.loads(re.search(r'<script type="application/json" id="kp-gegevens">(.*?)</script>', html, re.S).group(1))
    assert len(gegevens) == N_KNELPUNTEN and all(set(v) == {"status", "mechanisme", "doelgroep", "ministerie", "regeling"}
                                                 for v in gegevens.values())
    assert any(h.endswith("static/knelpunten.js") for h in p.hrefs)
    assert json.loads((site / "knelpunten/index.json").read_text())[0]["titel"]
    # doelgroep pages, linked from the list; narrower doelgroepen count for the broader one
    doel = (site / "doc/doelgroep/jongeren-18-27.html").read_text()
    assert "Welke regels botsen voor jongeren" in doel and "Welke regelingen botsen" in doel
    assert "doelgroepen/index.html" in html and "doc/doelgroep/jongeren-18-27.html" in html
    n = sum("jongeren-18-27" in v["doelgroep"] for v in gegevens.values())
    assert doel.count('class="kp-rij"') == n >= 4
    assert "ministeries/index.html" in html and "doc/ministerie/mnre1073.html" in html
    mini = (site / "doc/ministerie/mnre1073.html").read_text()  # per ministerie: the same rows, with status
    assert mini.count('class="kp-rij"') == sum("mnre1073" in v["ministerie"] for v in gegevens.values()) > 10
    assert "knelpunten/index.html?ministerie=mnre1073" in mini and "status sinds" in mini


# --- look and content of the public pages (issue 14) -------------------------------------------------------------
class _Bronnen(HTMLParser):
    """The stylesheets and scripts a page loads."""

    def __init__(self):
        super().__init__()
        self.bronnen: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "stylesheet" or tag == "script" and a.get("src"):
            self.bronnen.append(a.get("href") or a["src"])


def gewicht(pad: Path) -> int:
    """Bytes a browser loads for a page: its HTML and every stylesheet and script it links."""
    html = pad.read_text(encoding="utf-8")
    p = _Bronnen()
    p.feed(html)
    return len(html.encode()) + sum((pad.parent / unquote(b)).stat().st_size for b in p.bronnen)


def test_every_page_weighs_at_most_200_kb(site):
    gewichten = {pad.relative_to(site).as_posix(): gewicht(pad) for pad in site.rglob("*.html")}
    assert len(gewichten) > 1000
    te_zwaar = {p: g for p, g in gewichten.items() if g > 200_000}
    assert not te_zwaar, sorted(te_zwaar.items(), key=lambda kv: -kv[1])[:10]


def test_counts_use_singular_and_plural(site):
    fout = re.compile(r"\b1 (knelpunten|praktijkvoorbeelden|resultaten|revisies|regelingen)\b")
    for pad in [site / "regelingen" / "index.html", site / "matrix" / "index.html", site / "index.html",
                *sorted((site / "doc" / "knelpunt").glob("*.html"))[:10]]:
        gevonden = fout.search(_tekst(pad))
        assert not gevonden, (pad.name, gevonden.group(0))
    assert re.search(r"\b1 knelpunt\b", _tekst(site / "regelingen" / "index.html"))


def test_article_titles_use_the_usual_abbreviation(site):
    assert "Artikel 22a Pw" in _tekst(site / "doc" / "regeling" / "BWBR0015703" / "artikel" / "22a.html")
    assert " PW" not in _tekst(site / "doc" / "praktijkvoorbeeld" / "gezin-120000-euro-hulp-per-jaar.html")


def test_knelpunt_page_summary_first_then_compact_provisions_then_sources(site):
    html = (site / "doc/knelpunt/kostendelersnorm-onderdak.html").read_text(encoding="utf-8")
    samenvatting, bepalingen, bronnen = (html.index('class="kb-samenvatting"'), html.index('id="bepalingen"'),
                                         html.index("<h2>Bronnen</h2>"))
    assert samenvatting < bepalingen < bronnen
    kop = _tekst_van(html[samenvatting:bepalingen])
    for veld in ("Wat botst", "Participatiewet", "Voor wie", "Oplossingsrichting", "sinds 22 november 2026"):
        assert veld in kop, veld
    assert 'class="utrecht-status-badge' in html[samenvatting:bepalingen]
    # every provision: its role first, the law text folded away
    for sectie in re.findall(r'<section class="bepaling".*?</section>', html, re.S):
        assert sectie.index('class="kb-rol"') < sectie.index("<details>") < sectie.index("<blockquote>")
    # sources: the primary ones first
    lijst = re.search(r'<ul class="kb-bronnen">(.*?)</ul>', html, re.S).group(1)
    soorten = ["primaire bron" in li for li in re.findall(r"<li>.*?</li>", lijst, re.S)]
    assert soorten[0] and soorten == sorted(soorten, reverse=True)


def _tekst_van(html: str) -> str:
    import html as _html
    return re.sub(r"\s+", " ", _html.unescape(re.sub(r"<[^>]+>", " ", html)))


def test_no_internal_jargon_on_public_pages(site):
    for pad in sorted((site / "doc" / "knelpunt").glob("*.html")) + sorted((site / "doc" / "praktijkvoorbeeld").glob("*.html")):
        t = _tekst(pad)
        for woord in ("corpus", "algemene kennis", "Aantekening van de redactie"):
            assert woord not in t, (pad.name, woord)


def test_newest_knelpunten_are_sorted_by_date(site):
    from kennisbank.site.bouw import MAANDEN

    html = (site / "index.html").read_text(encoding="utf-8")
    lijst = re.search(r'id="nieuwste".*?<ul class="kb-lijst">(.*?)</ul>', html, re.S).group(1)
    rijen = [(m.group(1), m.group(2)) for m in re.finditer(r'<a href="[^"]+">([^<]+)</a>.*?bijgewerkt (\d+ \w+ \d{4})', lijst, re.S)]
    assert len(rijen) >= 5

    def iso(d):
        dag, maand, jaar = d.split()
        return f"{jaar}-{MAANDEN.index(maand) + 1:02d}-{int(dag):02d}"

    sleutels = [(iso(d), t) for t, d in rijen]
    assert [s[0] for s in sleutels] == sorted((s[0] for s in sleutels), reverse=True)
    for (d1, t1), (d2, t2) in zip(sleutels, sleutels[1:]):  # the same date: by title, A to Z
        assert d1 != d2 or t1.lower() <= t2.lower(), (t1, t2)


def test_word_level_diff_shortens_long_unchanged_text():
    from kennisbank.site.verschil import verschil

    lang = " ".join(f"woord{i}" for i in range(200))
    v = verschil(lang + " oud " + lang, lang + " nieuw " + lang, context=10)
    html = str(v["html"])
    assert "<del>oud</del><ins>nieuw</ins>" in html and html.count("…") == 2
    assert html.startswith('<span class="weggelaten"> … </span>woord195 ')  # only the words just before the change
    assert "woord199 <del>oud</del>" in html and html.endswith("woord3 woord4<span class=\"weggelaten\"> … </span>")
    assert "woord100" not in html
    assert verschil(lang + " oud", lang + " nieuw")["html"].count("woord") == 200  # without context: all text
