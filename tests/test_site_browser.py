"""The site in a real browser (Debian's chromium via Playwright) against a running `kennisbank serve`:
navigation, search, the submission form, screenshots, and axe-core over one page of every page type."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
    page.get_by_label("Beschrijving").fill("Een man nam zijn neef in huis. Door artikel 22a Participatiewet ging zijn "
                                           "bijstand omlaag, terwijl de Wmo juist mantelzorg verwachtte.")
    page.get_by_role("button", name="Indienen").click()
    page.locator("#resultaat").wait_for(state="visible")
    assert "ontvangen" in page.locator("#resultaat-tekst").inner_text()
    herkend = page.locator("#herkend li").all_inner_texts()
    assert any("22a" in h for h in herkend), herkend
    schermafdruk(page, "indienen-gelukt")
    page.close()


PAGINATYPEN = ["index.html", "knelpunten/index.html", "doc/regeling/BWBR0015703.html",
               "doc/regeling/BWBR0015703/artikel/22a.html", "doc/knelpunt/fraudewet-boete-terugvordering.html",
               "doc/praktijkvoorbeeld/gezin-120000-euro-hulp-per-jaar.html", "doc/gemeente/gm0344.html",
               "doc/ministerie/mnre1073.html", "doc/mechanisme/stapeling.html", "doc/domein/inkomen.html",
               "matrix/index.html", "schotten/index.html", "zoeken/index.html", "indienen/index.html",
               "downloads/index.html", "ontologie/index.html", "toegankelijkheid/index.html"]


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
