"""The site in a real browser (Debian's chromium via Playwright) against a running `kennisbank serve`:
navigation, search, the submission form, screenshots, and axe-core over one page of every page type."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from test_site_hulp import REPO, gebouwde_data, kopie, omgeving

from processen import start_kennisbank, stop

CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTEFACTEN = REPO / "test-artefacten"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not CHROMIUM.is_file():
        pytest.fail("/usr/bin/chromium ontbreekt: installeer Debians chromium (apt-get install -y chromium; "
                    "'make test' doet dat) — nooit een browser-download.")
    data = kopie(gebouwde_data(tmp_path_factory), tmp_path_factory.mktemp("browser") / "data")
    env = omgeving(data)
    kb = [sys.executable, "-m", "kennisbank"]
    subprocess.run(kb + ["site", "bouw"], env=env, check=True, capture_output=True)
    out = subprocess.run(kb + ["token", "maak", "--rol", "wijkteam", "--gemeente", "gm0772"], env=env, check=True,
                         capture_output=True, text=True).stdout
    token = out.split()[-1]
    proc, url = start_kennisbank(env=env, log=data.parent / "server.log", timeout=60)
    try:
        yield {"url": url, "token": token, "site": data / "site"}
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        pytest.fail("/usr/bin/chromium ontbreekt: installeer Debians chromium (apt-get install -y chromium).")
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(str(tmp_path_factory.mktemp("profiel")), executable_path=str(CHROMIUM),
                                                   args=ARGS, headless=True, viewport={"width": 1280, "height": 900})
        ctx.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("http://127.0.0.1", "file:", "data:"))
                  else route.abort())  # no third-party request may leave the page
        try:
            yield ctx
        finally:
            ctx.close()


def schermafdruk(page, naam: str) -> None:
    ARTEFACTEN.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTEN / f"site-{naam}.png"), full_page=True)


def test_law_to_article_to_knelpunt(server, browser):
    page = browser.new_page()
    page.goto(server["url"] + "/")
    assert page.locator("h1").inner_text() == "Kennisbank Botsende Regels"
    schermafdruk(page, "home")
    # a click returns once the next page's address is committed, before its body is parsed: wait for the load,
    # or a locator count on a slow (loaded) machine sees an empty document
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Regelingen").click()
    page.wait_for_url("**/regelingen/index.html")
    page.get_by_role("link", name="Participatiewet", exact=True).click()
    page.wait_for_url("**/doc/regeling/BWBR0015703.html")
    assert "Participatiewet" in page.locator("h1").inner_text()
    schermafdruk(page, "regeling")
    page.locator('a[href$="artikel/22a.html"]').first.click()
    page.wait_for_url("**/doc/regeling/BWBR0015703/artikel/22a.html")
    assert page.locator("h1").inner_text().startswith("Artikel 22a")
    schermafdruk(page, "artikel")
    page.locator("h2:has-text('Knelpunten') + ul a").first.click()
    page.wait_for_url("**/doc/knelpunt/*.html")
    assert "/doc/knelpunt/" in page.url
    assert page.locator("section.bepaling").count() >= 2
    schermafdruk(page, "knelpunt")
    page.goto(server["url"] + "/matrix/index.html")
    schermafdruk(page, "matrix")
    page.goto(server["url"] + "/schotten/index.html")
    schermafdruk(page, "schotten")
    page.close()


def test_search_finds_inflected_word(server, browser):
    page = browser.new_page()
    page.goto(server["url"] + "/zoeken/index.html")
    page.get_by_label("Zoek in knelpunten").fill("boetes")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_selector("#zoekresultaten li")
    titels = page.locator("#zoekresultaten li a").all_inner_texts()
    assert any("Fraudewet" in t for t in titels), titels
    page.locator("#zoekresultaten li a", has_text="Fraudewet").first.click()
    page.wait_for_url("**/doc/knelpunt/fraudewet*")
    assert "/doc/knelpunt/fraudewet" in page.url and page.locator("h1").inner_text().startswith("Fraudewet")
    schermafdruk(page, "zoeken")
    page.close()


def test_static_search_from_disk(server, browser):
    page = browser.new_page()
    page.goto((server["site"] / "zoeken" / "index.html").as_uri())
    page.get_by_label("Zoek in knelpunten").fill("boetes")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_selector("#zoekresultaten li")
    page.locator("#zoekresultaten li a", has_text="Fraudewet").first.click()
    page.wait_for_url("**/doc/knelpunt/fraudewet*")
    assert page.url.startswith("file:") and page.locator("h1").inner_text().startswith("Fraudewet")
    page.close()


def test_submit_a_case(server, browser):
    page = browser.new_page()
    page.goto(server["url"] + "/indienen/index.html")
    page.get_by_label("Toegangscode van uw wijkteam").fill(server["token"])
    page.get_by_label("Titel").fill("Kostendelersnorm bij opvang van een neef")
    page.get_by_label("Beschrijving").fill("Een man met BSN 111222333 nam zijn neef in huis en zijn bijstand ging omlaag.")
    page.get_by_label("Inkomen").check()
    page.get_by_role("button", name="Indienen").click()
    fout = page.locator("#beschrijving-fout")
    fout.wait_for(state="visible")
    assert "positie" in fout.inner_text()
    assert page.get_by_label("Beschrijving").get_attribute("aria-invalid") == "true"
    schermafdruk(page, "indienen-fout")
    titel = "Kostendelersnorm bij opvang van een neef"
    page.get_by_label("Beschrijving").fill("Een man nam zijn neef in huis. Door artikel 22a Participatiewet ging zijn "
                                           "bijstand omlaag, terwijl de Wmo juist mantelzorg verwachtte. Artikel 999 "
                                           "Participatiewet hielp niet.")
    page.get_by_role("button", name="Indienen").dblclick()  # a double click must not make two submissions
    page.locator("#resultaat").wait_for(state="visible")
    assert "ontvangen" in page.locator("#resultaat-tekst").inner_text()
    assert not page.locator("#indienformulier").is_visible()  # the filled-in form is gone
    assert page.locator("#resultaat").bounding_box()["y"] < 300  # the confirmation at the top, not below the fold
    herkend = page.locator("#herkend li").all_inner_texts()
    assert any("Participatiewet, artikel 22a" in h and "Kostendelersnorm" in h for h in herkend), herkend
    assert not any("BWBR" in h for h in herkend), herkend
    niet = page.locator("#niet-gevonden li").all_inner_texts()
    assert any("artikel 999 participatiewet" in n.lower() and "niet gevonden" in n for n in niet), niet
    eigen = httpx.get(server["url"] + "/v1/praktijkvoorbeelden", params={"paginaGrootte": 100},
                      headers={"Authorization": f"Bearer {server['token']}"}).json()["praktijkvoorbeelden"]
    assert [p["titel"] for p in eigen].count(titel) == 1, eigen
    schermafdruk(page, "indienen-gelukt")
    page.close()


def _filter_doelgroep_en_open(page, start: str) -> None:
    """Filter the knelpunten list to one doelgroep, check the list, open a knelpunt from it."""
    page.goto(start)
    filter_ = page.get_by_label("Doelgroep")
    filter_.wait_for(state="visible")  # the filter appears only when the script runs
    alle = page.locator("#kp-lijst li.kp-rij")
    totaal = alle.count()
    filter_.select_option("jongeren-18-27")
    zichtbaar = page.locator("#kp-lijst li.kp-rij:visible")
    n = zichtbaar.count()
    assert 0 < n < totaal
    assert page.locator("#kp-telling").inner_text().startswith(f"{n} van de {totaal}")
    for i in range(n):  # every visible row names the doelgroep or a narrower one
        assert "Jongeren" in zichtbaar.nth(i).locator("dl").inner_text()
    titel = zichtbaar.first.locator(".kp-titel a").inner_text()
    zichtbaar.first.locator(".kp-titel a").click()
    page.wait_for_url("**/doc/knelpunt/*.html")
    assert page.locator("h1").inner_text() == titel


def test_filter_knelpunten_by_doelgroep_from_server_and_disk(server, browser):
    page = browser.new_page()
    _filter_doelgroep_en_open(page, server["url"] + "/knelpunten/index.html")
    _filter_doelgroep_en_open(page, (server["site"] / "knelpunten" / "index.html").as_uri())
    assert page.url.startswith("file:")
    # the doelgroep page links to the list with the filter already set
    page.goto((server["site"] / "doc" / "doelgroep" / "jongeren-18-27.html").as_uri())
    page.get_by_role("link", name="Deze knelpunten in het overzicht, met filters").click()
    page.wait_for_url("**/knelpunten/index.html?doelgroep=jongeren-18-27")
    assert page.get_by_label("Doelgroep").input_value() == "jongeren-18-27"
    page.close()


OVERZICHTEN = {"knelpunten": "knelpunten/index.html", "knelpunten-gefilterd": "knelpunten/index.html?doelgroep=jongeren-18-27",
               "regelingen": "regelingen/index.html", "doelgroep": "doc/doelgroep/jongeren-18-27.html",
               "doelgroepen": "doelgroepen/index.html", "ministeries": "ministeries/index.html",
               "ministerie": "doc/ministerie/mnre1073.html", "artikel-22a": "doc/regeling/BWBR0015703/artikel/22a.html",
               "regeling-onder-wet": "doc/regeling/BWBR0018846.html"}


def test_screenshots_overzichten_en_artikelen(server, browser):
    """The pages of issue 14b at a laptop and a phone width (test-artefacten/site-14b-*.png), details opened."""
    for breedte in (1280, 390):
        page = browser.new_page()
        page.set_viewport_size({"width": breedte, "height": 900})
        for naam, pad in OVERZICHTEN.items():
            page.goto(f"{server['url']}/{pad}")
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            breed = page.evaluate("document.documentElement.scrollWidth")
            assert breed <= breedte, (pad, breedte, breed)  # nothing sticks out sideways
            schermafdruk(page, f"14b-{naam}-{breedte}")
        page.close()


PAGINATYPEN = ["index.html", "knelpunten/index.html", "regelingen/index.html", "praktijkvoorbeelden/index.html",
               "doc/doelgroep/jongeren-18-27.html", "doelgroepen/index.html", "doc/regeling/BWBR0018846.html",
               "doc/regeling/BWBR0015703.html", "doc/regeling/BWBR0015703/artikel/22a.html",
               "doc/knelpunt/fraudewet-boete-terugvordering.html", "doc/knelpunt/kostendelersnorm-onderdak.html",
               "doc/praktijkvoorbeeld/gezin-120000-euro-hulp-per-jaar.html", "doc/gemeente/gm0344.html",
               "doc/ministerie/mnre1073.html", "doc/mechanisme/stapeling.html", "doc/domein/inkomen.html",
               "ministeries/index.html", "matrix/index.html", "matrix/stapeling.html", "schotten/index.html",
               "signalen/index.html", "zoeken/index.html", "indienen/index.html", "downloads/index.html",
               "ontologie/index.html", "toegankelijkheid/index.html"]


def test_screenshots_of_every_page_type_at_laptop_and_phone_width(server, browser):
    """test-artefacten/site-{page}-{1280|390}.png, to look at; and at either width nothing sticks out sideways
    (wide tables and charts scroll inside their own box)."""
    te_breed = {}
    for breedte in (1280, 390):
        page = browser.new_page()
        page.set_viewport_size({"width": breedte, "height": 900})
        for pad in PAGINATYPEN:
            page.goto(f"{server['url']}/{pad}")
            naam = "home" if pad == "index.html" else pad.removesuffix(".html").replace("/index", "").replace("/", "-")
            hoogte = page.evaluate("document.documentElement.scrollHeight")
            ARTEFACTEN.mkdir(exist_ok=True)
            # very long pages (ontology, signals) are shot as their first screens
            page.screenshot(path=str(ARTEFACTEN / f"site-{naam}-{breedte}.png"), full_page=hoogte <= 12000,
                            clip=None if hoogte <= 12000 else {"x": 0, "y": 0, "width": breedte, "height": 4000})
            if page.evaluate("document.documentElement.scrollWidth") > breedte:
                te_breed[f"{pad} @ {breedte}"] = page.evaluate("document.documentElement.scrollWidth")
            if pad == "doc/knelpunt/kostendelersnorm-onderdak.html":
                print(f"kostendelersnorm-knelpunt: {hoogte} px hoog bij {breedte} px breed")
        page.close()
    assert not te_breed, te_breed


def test_knelpunt_prints_with_the_law_texts_and_without_the_menu(server, browser):
    page = browser.new_page()
    page.goto(f"{server['url']}/doc/knelpunt/kostendelersnorm-onderdak.html")
    assert not page.locator("section.bepaling blockquote").first.is_visible()  # folded away on screen
    page.emulate_media(media="print")
    assert page.locator("section.bepaling blockquote").first.is_visible()
    assert not page.get_by_role("navigation", name="Hoofdmenu").is_visible()
    page.pdf(path=str(ARTEFACTEN / "site-knelpunt-afdruk.pdf"))
    page.close()


def test_axe_no_serious_violations(server, browser):
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core ontbreekt: voer 'npm ci' uit ('make test' doet dat).")
    axe = AXE.read_text(encoding="utf-8")
    page = browser.new_page()
    problemen = {}
    for pad in PAGINATYPEN:
        assert (server["site"] / pad).is_file(), pad
        page.goto(f"{server['url']}/{pad}")
        page.add_script_tag(content=axe)
        res = page.evaluate("async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})).violations"
                            ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))")
        ernstig = [v for v in res if v["impact"] in ("serious", "critical")]
        if ernstig:
            problemen[pad] = ernstig
    page.close()
    assert not problemen, json.dumps(problemen, indent=1, ensure_ascii=False)


def test_rekenhulp_rekent_via_de_api(server, browser):
    """The rekenhulp page: the form posts to /v1/berekeningen and shows each amount with its provision and version;
    screenshots at 1280 and 390 px; axe-core without serious or critical findings."""
    page = browser.new_page()
    page.goto(f"{server['url']}/rekenhulp/index.html")
    assert page.locator("#vanaf-schijf").is_hidden()
    page.fill("#uren", "8")
    page.fill("#medebewoners", "30")
    page.click("button[type=submit]")
    page.wait_for_selector("#uitkomst:not([hidden])")
    tekst = page.inner_text("#uitkomst")
    assert "Bijstandsnorm met 1 kostendeler(s)" in tekst and "€ 1.001,07" in tekst
    assert "Pw art. 22a lid 1 (versie 2024-01-01)" in tekst and "Pw art. 21 onderdeel b (versie 2026-01-01)" in tekst
    assert page.locator("#uitkomst svg").count() >= 1
    schermafdruk(page, "rekenhulp-1280")
    if AXE.is_file():
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        res = page.evaluate("async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})).violations"
                            ".filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))")
        assert not res, res
    else:
        pytest.fail("node_modules/axe-core ontbreekt: voer 'npm ci' uit ('make test' doet dat).")
    page.set_viewport_size({"width": 390, "height": 844})
    schermafdruk(page, "rekenhulp-390")
    page.locator("#uitkomst").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTEFACTEN / "site-rekenhulp-390-uitkomst.png"))  # the viewport only, to look at
    breedte = page.evaluate("document.documentElement.scrollWidth")
    assert breedte <= 392, f"de pagina is {breedte}px breed op een telefoon"
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server['url']}/doc/knelpunt/kostendelersnorm-onderdak.html")
    kader = page.inner_text("section.rekenvoorbeeld")
    assert "Iemand komt inwonen: de kostendelersnorm" in kader and "€ 1.001,07" in kader
    schermafdruk(page, "knelpunt-rekenvoorbeeld")
    page.close()


def test_rekenhulp_vanaf_schijf(server, browser):
    page = browser.new_page()
    page.goto((server["site"] / "rekenhulp" / "index.html").as_uri())
    assert page.locator("#vanaf-schijf").is_visible()
    assert "Uitgewerkt voorbeeld" in page.inner_text("body") and page.locator("svg#grafiek-meer-werken").count() == 1
    page.close()
