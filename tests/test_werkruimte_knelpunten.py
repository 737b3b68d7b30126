"""The projectleider's knelpunt pages in a real browser (Debian's chromium via Playwright) against a real
`kennisbank serve`: create a knelpunt through the form and the provision picker (a Dutch error next to the
field first) and find it on the public site and in search; a concurrent edit from two browser contexts that is
refused plainly, with the difference; confirming and dismissing signals; the log of searches without results.
axe-core (0 serious or critical violations) and screenshots at 1280 and 390 px on every page added here.

One server and one browser for the module; the tests run in order and build on each other."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from processen import start_kennisbank, stop
from test_site_hulp import REPO, gebouwde_data, kopie, omgeving

CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTEFACTEN = REPO / "test-artefacten"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TITEL = "Vrijwillige opvang van een zwager verlaagt de bijstand (browsertest)"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from kennisbank.config import Config

    if not CHROMIUM.is_file():
        pytest.fail("/usr/bin/chromium ontbreekt: installeer Debians chromium (apt-get install -y chromium).")
    data = kopie(gebouwde_data(tmp_path_factory), tmp_path_factory.mktemp("werkruimte-kp") / "data")
    env = omgeving(data)
    subprocess.run([sys.executable, "-m", "kennisbank", "site", "bouw"], env=env, check=True, capture_output=True)
    proc, url = start_kennisbank(Config(data_dir=data, source_root=REPO))
    try:
        out = subprocess.run([sys.executable, "-m", "kennisbank", "token", "maak", "--rol", "projectleider"], env=env,
                             check=True, capture_output=True, text=True).stdout
        yield {"url": url, "token": out.split()[-1], "data": data}
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def _aangemeld(browser, server):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("http://127.0.0.1", "data:"))
              else route.abort())
    page = ctx.new_page()
    page.goto(server["url"] + "/werkruimte/inloggen")
    page.fill("#token", server["token"])
    _klik(page, "Aanmelden")
    assert "Aangemeld als" in page.content()
    return ctx, page


@pytest.fixture(scope="module")
def pl(browser, server):
    ctx, page = _aangemeld(browser, server)
    yield page
    ctx.close()


def bekijk(page, naam: str) -> None:
    """Screenshots at 1280 and 390 px, and axe-core: 0 serious or critical violations."""
    ARTEFACTEN.mkdir(exist_ok=True)
    for breedte, hoogte in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": breedte, "height": hoogte})
        page.screenshot(path=str(ARTEFACTEN / f"werkruimte-{naam}-{breedte}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core ontbreekt: voer 'npm ci' uit ('make test' doet dat).")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    res = page.evaluate("async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})).violations"
                        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))")
    ernstig = [v for v in res if v["impact"] in ("serious", "critical")]
    assert not ernstig, f"{naam}: " + json.dumps(ernstig, indent=1, ensure_ascii=False)


def _klik(page, naam: str, **kw) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=naam, **kw).first.click()


def _tekst(page) -> str:
    return page.locator("main").inner_text()


def _kies_bepaling(page, verwijzing: str, peildatum: str = "2026-06-01") -> None:
    page.fill("#zoek_bepaling", verwijzing)
    page.fill("#zoek_peildatum", peildatum)
    _klik(page, "Zoek bepaling")


# --- create ------------------------------------------------------------------------------------------------------------
def test_knelpunt_maken_met_bepalingkiezer_en_vinden_op_site_en_in_zoeken(server, pl):
    page = pl
    page.goto(server["url"] + "/werkruimte/knelpunten")
    assert "Kostendelersnorm ontmoedigt onderdak" in _tekst(page)
    bekijk(page, "knelpunten")
    page.get_by_role("link", name="Een nieuw knelpunt vastleggen").click()
    page.wait_for_url("**/werkruimte/knelpunten/nieuw")

    # the picker: a typed reference shows the article's leden with their text on the peildatum
    _kies_bepaling(page, "art. 22a lid 1 Pw")
    kandidaten = page.locator("fieldset.kandidaten")
    assert "Participatiewet, artikel 22a" in kandidaten.inner_text()
    assert "kostendelersnorm" in kandidaten.inner_text().lower()  # the law text valid on 2026-06-01
    assert page.locator("input[name=kies_bepaling]:checked").get_attribute("value").endswith("/artikel/22a/lid/1")
    bekijk(page, "knelpunt-kiezer")
    page.fill("#kies_rol", "Verlaagt de norm van de gastheer.")
    _klik(page, "Voeg gekozen bepaling toe")
    # words instead of a reference: a named norm gives its articles
    _kies_bepaling(page, "kostendelersnorm")
    assert "via het begrip" in page.locator("fieldset.kandidaten").inner_text()
    # an unknown article is said, not dropped
    _kies_bepaling(page, "artikel 999 Participatiewet")
    assert "Artikel 999 staat niet in de kennisbank" in _tekst(page)
    _kies_bepaling(page, "artikel 2.3.5 Wmo 2015")
    page.locator("fieldset.kandidaten input[name=kies_bepaling]").first.check()
    _klik(page, "Voeg gekozen bepaling toe")
    assert page.locator("ol.citeringlijst > li").count() == 2

    # saving without a title: a Dutch error next to the field, nothing else lost
    page.fill("#beschrijving", "Wie in de bijstand een zwager tijdelijk onderdak biedt, krijgt een lagere uitkering; "
                               "de Wmo wil juist dat het eigen netwerk helpt. Dit is een testknelpunt (illustratie).")
    page.get_by_label("Prikkelconflict").check()
    page.get_by_role("group", name="Domeinen").get_by_label("Inkomen", exact=True).check()
    page.fill("#b-url-0", "https://www.divosa.nl/onderwerpen/kostendelersnorm")
    page.fill("#b-titel-0", "Divosa over de kostendelersnorm")
    page.select_option("#b-soort-0", label="vakpublicatie")
    _klik(page, "Knelpunt vastleggen")
    assert page.locator("#titel").get_attribute("aria-invalid") == "true"
    assert page.locator("#titel-fout").inner_text() == "Vul dit veld in."
    assert page.locator("ol.citeringlijst > li").count() == 2 and page.get_by_label("Prikkelconflict").is_checked()
    bekijk(page, "knelpunt-fout")

    page.fill("#titel", TITEL)
    _klik(page, "Knelpunt vastleggen")
    assert re.search(r"/werkruimte/knelpunten/[a-z0-9-]+$", page.url), page.url
    assert "is vastgelegd" in _tekst(page)
    slug = page.url.rsplit("/", 1)[-1]
    server["slug"] = slug
    assert page.locator("#titel").input_value() == TITEL
    bekijk(page, "knelpunt-bewerken")

    # the public site (written by the server's background worker) and the search
    openbaar = page.context.new_page()
    deadline = time.monotonic() + 60
    while True:
        r = httpx.get(f"{server['url']}/doc/knelpunt/{slug}.html")
        if r.status_code == 200 and TITEL in r.text or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    openbaar.goto(f"{server['url']}/id/knelpunt/{slug}")
    assert TITEL in openbaar.locator("h1").inner_text()
    openbaar.goto(server["url"] + "/zoeken/index.html?q=zwager+onderdak")
    assert TITEL in openbaar.locator("main").inner_text()
    openbaar.close()


# --- concurrent edits ----------------------------------------------------------------------------------------------------
def test_gelijktijdige_bewerking_wordt_gemeld_met_het_verschil(server, pl, browser):
    slug = server["slug"]
    ctx_b, b = _aangemeld(browser, server)
    try:
        a = pl
        for p in (a, b):
            p.goto(f"{server['url']}/werkruimte/knelpunten/{slug}")
        a.fill("#titel", TITEL + " – aangepast")
        _klik(a, "Wijzigingen opslaan")
        assert "zijn opgeslagen" in _tekst(a)
        b.fill("#beschrijving", "Een andere beschrijving, geschreven terwijl de ander de titel wijzigde.")
        _klik(b, "Wijzigingen opslaan")
        melding = b.locator("#conflict").inner_text()
        assert "Iemand anders heeft dit knelpunt intussen gewijzigd" in melding and "niet" in melding
        assert "Titel" in melding
        assert b.locator("#beschrijving").input_value().startswith("Een andere beschrijving")  # nothing typed is lost
        assert httpx.get(f"{server['url']}/v1/knelpunten/{slug}").json()["titel"] == TITEL + " – aangepast"
        bekijk(b, "knelpunt-conflict")
        b.get_by_role("link", name="Bekijk het verschil in de geschiedenis").click()
        b.wait_for_url("**/geschiedenis?van=*")
        assert "Verschil tussen revisie" in _tekst(b) and TITEL + " – aangepast" in _tekst(b)
        bekijk(b, "knelpunt-geschiedenis")
        b.go_back()
        b.wait_for_load_state()
        # saving again on the new version is a deliberate choice: it goes through
        b.goto(f"{server['url']}/werkruimte/knelpunten/{slug}")
        b.fill("#beschrijving", "Een andere beschrijving, nu bewust opgeslagen.")
        _klik(b, "Wijzigingen opslaan")
        assert "zijn opgeslagen" in _tekst(b)
        k = httpx.get(f"{server['url']}/v1/knelpunten/{slug}").json()
        assert k["titel"] == TITEL + " – aangepast" and k["beschrijving"].startswith("Een andere beschrijving, nu")
    finally:
        ctx_b.close()


# --- signals and the search log -------------------------------------------------------------------------------------------
def test_signalen_bevestigen_en_afwijzen(server, pl):
    page = pl
    page.goto(server["url"] + "/werkruimte/signalen")
    bekijk(page, "signalen")
    eerste = page.locator("section.signaal").first
    sig = eerste.get_attribute("aria-labelledby").removeprefix("sig-")
    # dismissing needs a reason
    with page.expect_navigation():
        eerste.get_by_role("button", name=re.compile("^Afwijzen")).click()
    assert "Geef een reden als u een signaal afwijst." in _tekst(page)
    page.fill(f"#reden-{sig}", "Verschillende doelgroepen: geen botsing.")
    with page.expect_navigation():
        page.locator(f"section[aria-labelledby='sig-{sig}']").get_by_role("button", name=re.compile("^Afwijzen")).click()
    assert "is afgewezen" in _tekst(page)
    assert httpx.get(f"{server['url']}/v1/signalen/{sig}").json()["status"] == "afgewezen"
    # confirming makes a draft knelpunt with the provisions, status gesignaleerd
    volgende = page.locator("section.signaal").first
    sig2 = volgende.get_attribute("aria-labelledby").removeprefix("sig-")
    assert sig2 != sig
    with page.expect_navigation():
        volgende.get_by_role("button", name=re.compile("^Bevestigen")).click()
    assert "/werkruimte/knelpunten/signaal-" in page.url and "concept-knelpunt" in _tekst(page)
    assert page.locator("#status").input_value() == "gesignaleerd"
    r = httpx.get(f"{server['url']}/v1/signalen/{sig2}").json()
    assert r["status"] == "bevestigd"
    k = httpx.get(f"{server['url']}/v1/knelpunten/{r['beoordeling']['knelpunt']}").json()
    assert k["status"] == "gesignaleerd" and {c["bepaling"] for c in k["citeringen"]} >= {b["iri"] for b in r["bepalingen"]}


def test_zoekvragen_zonder_resultaat(server, pl):
    httpx.get(server["url"] + "/zoeken/index.html", params={"q": "qwzyxvrijwillig"})
    page = pl
    page.goto(server["url"] + "/werkruimte/zoekvragen")
    assert "qwzyxvrijwillig" in _tekst(page)
    bekijk(page, "zoekvragen")
