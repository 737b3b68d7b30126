"""The werkruimte in a real browser (Debian's chromium via Playwright) against a real `kennisbank serve`:
logging in (token and one-time link), a wijkteam submitting (privacy error, then success, no duplicate on a
double click), review (publish -> public, reject with a reason, send back -> amend -> resubmit), withdrawing,
logging out; and the security rules over plain HTTP (CSRF, cookie flags, one gemeente never sees another's
cases, the token never in a page or URL). axe-core and screenshots (1280 and 390 px) on every werkruimte page.

One server and one browser for the module; the tests run in order and build on each other's cases."""

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

TITEL_OK = "Kostendelersnorm bij opvang van een neef (werkruimtetest)"
BESCHRIJVING_OK = ("Een man in de bijstand nam zijn neef in huis. Door artikel 22a Participatiewet en de "
                   "kostendelersnorm ging zijn uitkering omlaag; artikel 999 Participatiewet bood geen uitweg.")


def _cli(env, *args) -> str:
    return subprocess.run([sys.executable, "-m", "kennisbank", *args], env=env, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from kennisbank.config import Config

    if not CHROMIUM.is_file():
        pytest.fail("/usr/bin/chromium ontbreekt: installeer Debians chromium (apt-get install -y chromium).")
    data = kopie(gebouwde_data(tmp_path_factory), tmp_path_factory.mktemp("werkruimte") / "data")
    env = omgeving(data)
    subprocess.run([sys.executable, "-m", "kennisbank", "site", "bouw"], env=env, check=True, capture_output=True)
    proc, url = start_kennisbank(Config(data_dir=data, source_root=REPO))
    try:
        tokens = {}
        for naam, args in (("eindhoven", ["--rol", "wijkteam", "--gemeente", "gm0772"]),
                           ("utrecht", ["--rol", "wijkteam", "--gemeente", "gm0344"]),
                           ("pl", ["--rol", "projectleider"])):
            out = _cli(env, "token", "maak", *args, "--adres", url)
            link = next(r for r in out.splitlines() if "/werkruimte/inloggen/link?code=" in r).strip()
            tokens[naam] = {"token": out.split()[-1], "link": link, "id": re.search(r"id (\w+)", out).group(1)}
            assert tokens[naam]["token"] not in link  # the link carries its own code, never the token
        yield {"url": url, "env": env, "data": data, "tokens": tokens, "gezien": [], "ids": {}}
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


def _context(browser, server, **kw):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, **kw)
    ctx.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("http://127.0.0.1", "data:"))
              else route.abort())
    page = ctx.new_page()
    # every address and page the browser sees, for the check that the token never appears in one
    page.on("request", lambda req: server["gezien"].append(req.url))
    return ctx, page


@pytest.fixture(scope="module")
def wijkteam(browser, server):
    ctx, page = _context(browser, server)
    yield page
    ctx.close()


@pytest.fixture(scope="module")
def projectleider(browser, server):
    ctx, page = _context(browser, server)
    yield page
    ctx.close()


PAGINAS: dict[str, str] = {}  # screenshot name -> address, for axe


def bekijk(page, naam: str) -> None:
    """Screenshots at 1280 and 390 px, and axe-core: 0 serious or critical violations."""
    ARTEFACTEN.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(ARTEFACTEN / f"werkruimte-{naam}-1280.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTEFACTEN / f"werkruimte-{naam}-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core ontbreekt: voer 'npm ci' uit ('make test' doet dat).")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    res = page.evaluate("async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})).violations"
                        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))")
    ernstig = [v for v in res if v["impact"] in ("serious", "critical")]
    assert not ernstig, f"{naam}: " + json.dumps(ernstig, indent=1, ensure_ascii=False)
    PAGINAS[naam] = page.url


GEZIEN: list[str] = []  # the HTML of every page the tests reached (the token must never be in one)


def _ga(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state()
    GEZIEN.append(page.content())


def _klik(page, naam: str, **kw) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=naam, **kw).click()
    page.wait_for_load_state()
    GEZIEN.append(page.content())


def _tekst(page) -> str:
    return page.locator("main").inner_text()


# --- logging in ------------------------------------------------------------------------------------------------------
def test_inloggen_met_token(server, wijkteam):
    page = wijkteam
    _ga(page, server["url"] + "/werkruimte")
    assert page.url.endswith("/werkruimte/inloggen")  # not logged in: to the login page
    bekijk(page, "inloggen")
    page.get_by_label("Toegangscode").fill("kb_dit-is-geen-token")
    _klik(page, "Aanmelden")
    assert "onbekend of ingetrokken" in page.locator("#token-fout").inner_text()
    assert page.get_by_label("Toegangscode").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Toegangscode").input_value() == ""  # a token is never echoed back
    bekijk(page, "inloggen-fout")
    page.get_by_label("Toegangscode").fill(server["tokens"]["eindhoven"]["token"])
    _klik(page, "Aanmelden")
    assert page.url.endswith("/werkruimte")
    assert "Aangemeld als wijkteam (gm0772)" in page.locator(".werkruimte-balk").inner_text()
    bekijk(page, "home-wijkteam")


def test_inloggen_met_eenmalige_link(server, projectleider, browser):
    page = projectleider
    link = server["tokens"]["pl"]["link"]
    _ga(page, link)
    bekijk(page, "inloglink")
    _klik(page, "Aanmelden")
    assert page.url.endswith("/werkruimte")
    assert "Aangemeld als projectleider" in page.locator(".werkruimte-balk").inner_text()
    assert "Nieuwe inzendingen" in _tekst(page)
    bekijk(page, "home-projectleider")
    # the link works once: in another browser it is refused
    ctx, ander = _context(browser, server)
    _ga(ander, link)
    _klik(ander, "Aanmelden")
    assert "verlopen of al gebruikt" in _tekst(ander)
    assert ander.url.endswith("/werkruimte/inloggen/link")
    _ga(ander, server["url"] + "/werkruimte")
    assert ander.url.endswith("/werkruimte/inloggen")
    ctx.close()


# --- submitting -----------------------------------------------------------------------------------------------------
def _eigen_titels(page, server) -> list[str]:
    _ga(page, server["url"] + "/werkruimte/inzendingen")
    return page.locator(".inzending h2 a").all_inner_texts()


def test_indienen_privacyfout_dan_gelukt(server, wijkteam):
    page = wijkteam
    _ga(page, server["url"] + "/werkruimte")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Werkruimte").get_by_role("link", name="Praktijkvoorbeeld indienen").click()
    bekijk(page, "indienen")
    page.get_by_label("Titel").fill(TITEL_OK)
    page.get_by_label("Beschrijving").fill("Een man met BSN 111222333 nam zijn neef in huis en zijn bijstand daalde.")
    page.get_by_label("Inkomen").check()
    _klik(page, "Indienen")
    fout = page.locator("#beschrijving-fout")
    assert "burgerservicenummer" in fout.inner_text() and "positie 16" in fout.inner_text()
    assert page.get_by_label("Beschrijving").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Titel").input_value() == TITEL_OK  # the form keeps what was typed
    bekijk(page, "indienen-fout")
    page.get_by_label("Beschrijving").fill(BESCHRIJVING_OK)
    page.get_by_label("Verwijzingen naar regels").fill("art. 2.3.5 Wmo 2015\nartikel 999 Pw")
    _klik(page, "Indienen")
    assert re.search(r"/werkruimte/inzendingen/\d{8}-[0-9a-f]{8}\?ontvangen=1$", page.url), page.url
    bevestiging = page.locator("#bevestiging")
    assert bevestiging.is_visible() and "ontvangen" in bevestiging.inner_text()
    assert bevestiging.bounding_box()["y"] < 400  # at the top, not below the fold
    tekst = _tekst(page)
    assert "Participatiewet, artikel 22a" in tekst and "Kostendelersnorm" in tekst  # law name and article title
    assert "Wet maatschappelijke ondersteuning 2015, artikel 2.3.5" in tekst
    assert "BWBR" not in tekst
    niet = page.locator(".niet-gevonden li").all_inner_texts()
    assert any("artikel 999 Participatiewet" in n and "niet gevonden" in n for n in niet), niet
    assert any("artikel 999 Pw" in n for n in niet), niet
    assert "Kostendelersnorm ontmoedigt onderdak" in page.locator("main").inner_text()  # suggested knelpunt
    bekijk(page, "ontvangen")
    server["ids"]["publiceren"] = page.url.split("/")[-1].split("?")[0]
    assert _eigen_titels(page, server).count(TITEL_OK) == 1


def test_dubbelklik_maakt_geen_tweede_inzending(server, browser):
    # without JavaScript: every core action works without it
    ctx, page = _context(browser, server, java_script_enabled=False)
    _ga(page, server["url"] + "/werkruimte/inloggen")
    page.get_by_label("Toegangscode").fill(server["tokens"]["eindhoven"]["token"])
    _klik(page, "Aanmelden")
    _ga(page, server["url"] + "/werkruimte/inzendingen/nieuw")
    titel = "Dubbel geklikt: wordt één inzending (werkruimtetest)"
    page.get_by_label("Titel").fill(titel)
    page.get_by_label("Beschrijving").fill("Door de kostendelersnorm (art. 22a Pw) daalde de bijstand van een moeder.")
    page.get_by_role("button", name="Indienen").dblclick()
    # the second click may abort the first click's navigation; what counts is where the browser ends up
    page.wait_for_url(re.compile(r"ontvangen=1"))
    page.wait_for_load_state()
    assert _eigen_titels(page, server).count(titel) == 1
    ctx.close()


def test_zelfde_formulier_twee_keer_verstuurd_is_een_inzending(server):
    """The server's guarantee, whatever the browser does: the form's one-time key makes a second send of the
    same form (a double click, a retry, both at once) answer with the first submission."""
    from concurrent.futures import ThreadPoolExecutor

    c = _client(server, server["tokens"]["eindhoven"]["token"])
    r = c.get("/werkruimte/inzendingen/nieuw")
    titel = "Twee keer verstuurd: één inzending (werkruimtetest)"
    data = {"csrf": _csrf(r.text), "sleutel": re.search(r'name="sleutel" value="([^"]+)"', r.text).group(1),
            "titel": titel, "beschrijving": "De kostendelersnorm (art. 22a Pw) verlaagde de bijstand."}
    with ThreadPoolExecutor(2) as pool:
        antwoorden = list(pool.map(lambda _: c.post("/werkruimte/inzendingen/nieuw", data=data), range(2)))
    antwoorden.append(c.post("/werkruimte/inzendingen/nieuw", data=data))
    assert {a.status_code for a in antwoorden} == {303}
    assert len({a.headers["location"] for a in antwoorden}) == 1
    assert c.get("/werkruimte/inzendingen").text.count(titel) == 1


def test_mijn_inzendingen(server, wijkteam):
    page = wijkteam
    _ga(page, server["url"] + "/werkruimte/inzendingen")
    item = page.locator(".inzending", has_text=TITEL_OK)
    assert "Wacht op beoordeling" in item.inner_text() and re.search(r"ingediend \d\d-\d\d-\d{4}", item.inner_text())
    bekijk(page, "mijn-inzendingen")


# --- review ------------------------------------------------------------------------------------------------------------
def _open_in_wachtrij(page, server, titel: str) -> None:
    _ga(page, server["url"] + "/werkruimte/beoordelen")
    with page.expect_navigation():
        page.get_by_role("link", name=titel).first.click()


def test_beoordelen_en_publiceren(server, projectleider):
    page = projectleider
    _ga(page, server["url"] + "/werkruimte/beoordelen")
    assert page.get_by_role("link", name=TITEL_OK).count() == 1
    bekijk(page, "beoordelen")
    _open_in_wachtrij(page, server, TITEL_OK)
    tekst = _tekst(page)
    assert "geen persoonsgegevens gevonden" in tekst  # the fresh privacy check
    assert "Participatiewet, artikel 22a" in tekst and "niet gevonden" in tekst
    voorgesteld = [k.get_attribute("value") for k in page.locator("input[name=knelpunten]").all()]
    assert "kostendelersnorm-onderdak" in voorgesteld, voorgesteld  # (its rank: the suggestion engine's own test)
    bekijk(page, "beoordeling")
    page.locator("#kp-kostendelersnorm-onderdak").check()
    _klik(page, "Publiceren")
    assert page.url.endswith("/werkruimte/beoordelen")
    assert "is gepubliceerd" in page.locator(".melding").inner_text()
    ident = server["ids"]["publiceren"]
    # the public site: the case's page (written by the server's background worker) and the knelpunt it supports
    deadline = time.monotonic() + 60
    while True:
        r = httpx.get(f"{server['url']}/doc/praktijkvoorbeeld/{ident}", headers={"Accept": "text/html"})
        if r.status_code == 200 and TITEL_OK in r.text and "kostendelersnorm-onderdak" in r.text:
            break
        assert time.monotonic() < deadline, r.text[:500]
        time.sleep(0.5)
    page.goto(f"{server['url']}/id/praktijkvoorbeeld/{ident}")
    assert TITEL_OK in page.locator("h1").inner_text()


def test_wijkteam_ziet_publicatie(server, wijkteam):
    page = wijkteam
    _ga(page, server["url"] + "/werkruimte")
    assert re.search(r"Nieuwe besluiten\s*1", _tekst(page)), _tekst(page)
    _ga(page, server["url"] + "/werkruimte/inzendingen")
    assert "Gepubliceerd" in page.locator(".inzending", has_text=TITEL_OK).inner_text()
    _ga(page, server["url"] + "/werkruimte")
    assert re.search(r"Nieuwe besluiten\s*0", _tekst(page))  # seen


def _dien_in(page, server, titel: str, beschrijving: str) -> str:
    _ga(page, server["url"] + "/werkruimte/inzendingen/nieuw")
    page.get_by_label("Titel").fill(titel)
    page.get_by_label("Beschrijving").fill(beschrijving)
    _klik(page, "Indienen")
    assert "ontvangen=1" in page.url
    return page.url.split("/")[-1].split("?")[0]


def test_afwijzen_met_verplichte_reden(server, wijkteam, projectleider):
    titel = "Een inzending die wordt afgewezen (werkruimtetest)"
    _dien_in(wijkteam, server, titel, "Een jongere kreeg geen toeslag; de regels van artikel 2.3.5 Wmo 2015 speelden mee.")
    page = projectleider
    _open_in_wachtrij(page, server, titel)
    _klik(page, "Afwijzen")
    assert "Schrijf de reden" in page.locator("#reden-fout").inner_text()
    assert page.get_by_label("Reden").get_attribute("aria-invalid") == "true"
    bekijk(page, "afwijzen-fout")
    page.get_by_label("Reden").fill("Dit voorbeeld gaat niet over regels die elkaar tegenwerken.")
    _klik(page, "Afwijzen")
    assert "is afgewezen" in page.locator(".melding").inner_text()
    _ga(wijkteam, server["url"] + "/werkruimte/inzendingen")
    item = wijkteam.locator(".inzending", has_text=titel).inner_text()
    assert "Afgewezen" in item and "niet over regels die elkaar tegenwerken" in item
    with wijkteam.expect_navigation():
        wijkteam.get_by_role("link", name=titel).click()
    assert "niet over regels die elkaar tegenwerken" in _tekst(wijkteam)
    bekijk(wijkteam, "afgewezen")


def test_terugsturen_aanpassen_opnieuw_indienen(server, wijkteam, projectleider):
    titel = "Een inzending met vragen (werkruimtetest)"
    ident = _dien_in(wijkteam, server, titel, "Een gezin kreeg minder bijstand door de kostendelersnorm.")
    page = projectleider
    _open_in_wachtrij(page, server, titel)
    _klik(page, "Terugsturen")
    assert page.locator("#vragen-fout").is_visible()
    page.get_by_label("Vragen aan het wijkteam").fill("Welk artikel van welke wet speelde mee, en wat was de uitkomst?")
    _klik(page, "Terugsturen")
    assert "teruggestuurd" in page.locator(".melding").inner_text()
    _ga(page, server["url"] + "/werkruimte/beoordelen")
    assert page.locator("section", has_text="Teruggestuurd, wacht op het wijkteam").get_by_role("link", name=titel).count() == 1
    _ga(page, server["url"] + "/werkruimte")
    assert re.search(r"Teruggestuurd, wacht op het wijkteam\s*1", _tekst(page))

    w = wijkteam
    _ga(w, server["url"] + "/werkruimte/inzendingen")
    item = w.locator(".inzending", has_text=titel)
    assert "Teruggestuurd met vragen" in item.inner_text() and "Welk artikel" in item.inner_text()
    with w.expect_navigation():
        item.get_by_role("link", name="Aanpassen en opnieuw indienen").click()
    assert "Welk artikel van welke wet" in _tekst(w)
    assert w.get_by_label("Titel").input_value() == titel
    bekijk(w, "aanpassen")
    w.get_by_label("Beschrijving").fill("Een gezin kreeg minder bijstand door artikel 22a Participatiewet "
                                        "(kostendelersnorm). Uitkomst: maatwerk door de gemeente.")
    _klik(w, "Opnieuw indienen")
    assert w.url.endswith(f"/werkruimte/inzendingen/{ident}?ontvangen=1")
    assert "opnieuw ingediend" in w.locator(".melding").inner_text()
    assert "Wacht op beoordeling" in _tekst(w)

    _ga(page, server["url"] + "/werkruimte/beoordelen")
    sectie = page.locator("section", has_text="Opnieuw ingediend na vragen")
    assert sectie.get_by_role("link", name=titel).count() == 1
    _open_in_wachtrij(page, server, titel)
    assert "Welk artikel" in _tekst(page) and "artikel 22a Participatiewet" in _tekst(page)
    # the amendment is a revision in the journal (submission, send-back, resubmission)
    from kennisbank.revisies import journaal

    revs = journaal(server["data"]).revisies(f"https://kennisbank.botsenderegels.nl/id/praktijkvoorbeeld/{ident}")
    assert len(revs) == 3 and revs[1].velden == ["status"], revs
    assert {"beschrijving", "status"} <= set(revs[2].velden) and "Uitkomst: maatwerk" in revs[2].inhoud


def test_intrekken(server, wijkteam, projectleider):
    titel = "Een inzending die wordt ingetrokken (werkruimtetest)"
    _dien_in(wijkteam, server, titel, "Een vrouw verloor haar toeslag door een regel in artikel 22a Participatiewet.")
    _klik(wijkteam, "Inzending intrekken")
    assert wijkteam.url.endswith("/werkruimte/inzendingen")
    assert "ingetrokken" in wijkteam.locator(".melding").inner_text()
    assert "Ingetrokken" in wijkteam.locator(".inzending", has_text=titel).inner_text()
    _ga(projectleider, server["url"] + "/werkruimte/beoordelen")
    assert projectleider.get_by_role("link", name=titel).count() == 0


# --- security ------------------------------------------------------------------------------------------------------
def _client(server, token: str | None = None, **kw) -> httpx.Client:
    c = httpx.Client(base_url=server["url"], timeout=60, **kw)
    if token:
        r = c.get("/werkruimte/inloggen")
        r = c.post("/werkruimte/inloggen", data={"csrf": _csrf(r.text), "token": token})
        assert r.status_code == 303
    return c


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def test_csrf_ontbreekt_of_fout(server):
    c = _client(server, server["tokens"]["eindhoven"]["token"])
    r = c.get("/werkruimte/inzendingen/nieuw")
    sleutel = re.search(r'name="sleutel" value="([^"]+)"', r.text).group(1)
    velden = {"sleutel": sleutel, "titel": "CSRF-poging (werkruimtetest)", "beschrijving": "Iets over artikel 22a Pw."}
    for csrf in (None, "verkeerd", _csrf(_client(server).get("/werkruimte/inloggen").text)):  # another session's
        data = dict(velden, **({"csrf": csrf} if csrf else {}))
        r = c.post("/werkruimte/inzendingen/nieuw", data=data)
        assert r.status_code == 403 and "text/html" in r.headers["content-type"]
        assert "beveiligingscode ontbreekt of klopt niet" in r.text and 'lang="nl"' in r.text
    r = c.post("/werkruimte/uitloggen", data={})
    assert r.status_code == 403  # logging out is a form too
    assert "CSRF-poging" not in c.get("/werkruimte/inzendingen").text


def test_cookie_vlaggen(server):
    r = httpx.get(server["url"] + "/werkruimte/inloggen")
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/werkruimte" in cookie
    assert "Secure" not in cookie  # plain http on 127.0.0.1
    r = httpx.get(server["url"] + "/werkruimte/inloggen", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in r.headers["set-cookie"]
    assert r.headers["cache-control"] == "no-store" and r.headers["x-frame-options"] == "DENY"
    c = _client(server)
    r = c.get("/werkruimte/inloggen")
    oud = c.cookies["kb_werkruimte"]
    r = c.post("/werkruimte/inloggen", data={"csrf": _csrf(r.text), "token": server["tokens"]["pl"]["token"]},
               headers={"X-Forwarded-Proto": "https"})
    nieuw = r.headers["set-cookie"]
    assert "Secure" in nieuw and "HttpOnly" in nieuw and oud not in nieuw  # a new session id at login


def test_andere_gemeente_ziet_niets(server):
    eigen = server["ids"]["publiceren"]
    c = _client(server, server["tokens"]["eindhoven"]["token"])
    titels_eindhoven = c.get("/werkruimte/inzendingen").text
    andere_ids = re.findall(r"/werkruimte/inzendingen/(\d{8}-[0-9a-f]{8})", titels_eindhoven)
    assert eigen in andere_ids
    u = _client(server, server["tokens"]["utrecht"]["token"])
    lijst = u.get("/werkruimte/inzendingen").text
    assert "werkruimtetest" not in lijst and "U hebt nog niets ingediend" in lijst
    for ident in set(andere_ids):
        r = u.get(f"/werkruimte/inzendingen/{ident}")
        assert r.status_code == 404 and "werkruimtetest" not in r.text
        r = u.post(f"/werkruimte/inzendingen/{ident}/intrekken", data={"csrf": _csrf(lijst)})
        assert r.status_code == 404
    assert u.get("/werkruimte/beoordelen").status_code == 403  # a wijkteam does not review
    assert "Wacht op beoordeling" not in u.get("/werkruimte").text.split("Nieuwe besluiten")[0]


def test_uitloggen(server, wijkteam):
    page = wijkteam
    _ga(page, server["url"] + "/werkruimte")
    oud = next(c["value"] for c in page.context.cookies() if c["name"] == "kb_werkruimte")
    _klik(page, "Afmelden")
    assert page.url.endswith("/werkruimte/inloggen?afgemeld=1") and "U bent afgemeld" in _tekst(page)
    # the old session id is dead on the server, not only forgotten by the browser
    r = httpx.get(server["url"] + "/werkruimte/inzendingen", cookies={"kb_werkruimte": oud})
    assert r.status_code == 303 and r.headers["location"].startswith("/werkruimte/inloggen")
    # a page that needs a login sends there, and back afterwards
    _ga(page, server["url"] + "/werkruimte/inzendingen")
    assert page.url.endswith("/werkruimte/inloggen?naar=/werkruimte/inzendingen")
    page.get_by_label("Toegangscode").fill(server["tokens"]["eindhoven"]["token"])
    _klik(page, "Aanmelden")
    assert page.url.endswith("/werkruimte/inzendingen") and page.locator("h1").inner_text() == "Mijn inzendingen"
    r = httpx.get(server["url"] + "/werkruimte/inloggen", params={"naar": "//example.org/"})
    assert "example.org" not in r.text  # only werkruimte pages of this site


def test_token_nooit_in_pagina_of_adres(server):
    assert server["gezien"] and GEZIEN, "de browser zag geen pagina's"
    for naam, t in server["tokens"].items():
        for item in server["gezien"] + GEZIEN:
            assert t["token"] not in item, f"het token van {naam} staat in een pagina of adres"
    for log in Path(server["data"]).glob("*.log"):
        tekst = log.read_text(errors="replace")
        assert all(t["token"] not in tekst for t in server["tokens"].values())


def test_onzin_geeft_nooit_een_serverfout(server):
    """Bad input gets a Dutch page (400/403/404/409), never a 500."""
    c = _client(server, server["tokens"]["eindhoven"]["token"])
    r = c.get("/werkruimte/inzendingen/nieuw")
    csrf, sleutel = _csrf(r.text), re.search(r'name="sleutel" value="([^"]+)"', r.text).group(1)
    gevallen = [
        ("post", "/werkruimte/inzendingen/nieuw", {"csrf": csrf, "sleutel": sleutel, "titel": "x" * 400, "beschrijving": "y"}),
        ("post", "/werkruimte/inzendingen/nieuw", {"csrf": csrf, "sleutel": sleutel, "titel": "", "beschrijving": ""}),
        ("post", "/werkruimte/inzendingen/nieuw", {"csrf": csrf, "sleutel": "kort", "titel": "a", "beschrijving": "b"}),
        ("post", "/werkruimte/inzendingen/nieuw", {"csrf": csrf, "sleutel": sleutel + "A", "titel": "Nul\x00teken",
                                                   "beschrijving": "b", "domeinen": "bestaat-niet"}),
        ("get", "/werkruimte/inzendingen/20260101-zzzzzzzz", None),
        ("get", "/werkruimte/inzendingen/20260101-00000000/aanpassen", None),
        ("post", "/werkruimte/inzendingen/20260101-00000000/intrekken", {"csrf": csrf}),
        ("get", "/werkruimte/beoordelen/20260101-00000000", None),
    ]
    for methode, pad, data in gevallen:
        r = c.post(pad, data=data) if methode == "post" else c.get(pad)
        assert r.status_code in (400, 403, 404, 409), (pad, r.status_code, r.text[:300])
        assert "text/html" in r.headers["content-type"] and 'lang="nl"' in r.text
    assert "x" * 400 not in c.get("/werkruimte/inzendingen").text
