"""The projectleider's knelpunt pages over HTTP (FastAPI's TestClient, the small source root of api_fixture):
roles and CSRF, the two-step picker without JavaScript, Dutch errors next to the field, the conflict on a
concurrent edit (nothing overwritten) and the history with labels instead of codes."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from api_fixture import maak_omgeving

P = "https://kennisbank.botsenderegels.nl/id/regeling/"
FORM = {"content-type": "application/x-www-form-urlencoded"}


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def _aanmelden(client, token) -> str:
    csrf = _csrf(client.get("/werkruimte/inloggen").text)
    r = client.post("/werkruimte/inloggen", content=urlencode({"csrf": csrf, "token": token}), headers=FORM)
    assert r.status_code in (200, 303), r.text
    return _csrf(client.get("/werkruimte").text)


@pytest.fixture(scope="module")
def omgeving(tmp_path_factory):
    from api.app import create_app

    config, eindhoven, _, pl = maak_omgeving(tmp_path_factory.mktemp("wr-kp"))
    app = create_app(config)
    with TestClient(app) as a:
        b = TestClient(app)  # a second browser: its own cookies, the same server
        yield config, a, b, eindhoven, pl


def _velden(csrf: str, **extra) -> list[tuple[str, str]]:
    velden = [("csrf", csrf), ("titel", "Opvang kost de gastheer zijn bijstand (test)"),
              ("beschrijving", "Een illustratie: wie een dakloze opvangt, krijgt een lagere uitkering."),
              ("status", "gesignaleerd"), ("mechanismen", "prikkelconflict"),
              ("c_bepaling", P + "BWBR0015703/artikel/22a/lid/1"), ("c_peildatum", "2025-01-01"), ("c_rol", ""),
              ("c_verificatie", ""),
              ("c_bepaling", P + "BWBR0035362/artikel/2.3.5"), ("c_peildatum", "2025-01-01"), ("c_rol", ""),
              ("c_verificatie", ""),
              ("b_url", "https://www.example.org/bron"), ("b_titel", "Een bron"), ("b_soort", "vakpublicatie"),
              ("b_url", ""), ("b_titel", ""), ("b_soort", ""), ("v_url", ""), ("v_titel", ""), ("v_soort", "")]
    vervang = {k: v for k, v in extra.items()}
    return [(k, vervang.pop(k) if k in vervang else v) for k, v in velden] + list(vervang.items())


def test_only_projectleiders_and_only_with_the_csrf_code(omgeving):
    config, a, b, eindhoven, pl = omgeving
    assert a.get("/werkruimte/knelpunten", follow_redirects=False).status_code == 303  # not logged in
    _aanmelden(b, eindhoven)
    assert b.get("/werkruimte/knelpunten").status_code == 403
    assert b.get("/werkruimte/signalen").status_code == 403
    csrf = _aanmelden(a, pl)
    zonder = [(k, v) for k, v in _velden(csrf) if k != "csrf"]
    r = a.post("/werkruimte/knelpunten/nieuw", content=urlencode(zonder), headers=FORM)
    assert r.status_code == 403 and "beveiligingscode" in r.text
    r = a.post("/werkruimte/knelpunten/nieuw", content=urlencode(_velden("fout")), headers=FORM)
    assert r.status_code == 403


def test_picker_without_javascript_then_create_with_errors_next_to_the_field(omgeving):
    config, a, b, eindhoven, pl = omgeving
    csrf = _csrf(a.get("/werkruimte/knelpunten/nieuw").text)
    stap = {"csrf": csrf, "titel": "Nog niet af", "zoek_bepaling": "art. 22a lid 1 Pw", "zoek_peildatum": "2025-01-01"}
    r = a.post("/werkruimte/knelpunten/nieuw", content=urlencode({**stap, "actie": "zoek"}), headers=FORM)
    assert r.status_code == 200
    assert re.search(r'name="kies_bepaling" value="' + re.escape(P + "BWBR0015703/artikel/22a/lid/1") + '" checked', r.text)
    assert "Nieuwe tekst van de kostendelersnorm." in r.text  # the text valid on 2025-01-01
    assert 'value="Nog niet af"' in r.text  # what was typed travels along
    r = a.post("/werkruimte/knelpunten/nieuw", content=urlencode(
        {**stap, "actie": "voeg-toe", "kies_bepaling": P + "BWBR0015703/artikel/22a/lid/1"}), headers=FORM)
    assert r.text.count('name="c_bepaling"') == 1 and "artikel 22a, lid 1, Participatiewet" in r.text

    r = a.post("/werkruimte/knelpunten/nieuw", content=urlencode(
        _velden(csrf, titel="", c_peildatum="2010-01-01", b_soort="krant") + [("actie", "opslaan")]), headers=FORM)
    assert r.status_code == 400
    fouten = dict(re.findall(r'class="veldfout" id="([^"]+)">([^<]+)', r.text))
    assert fouten["titel-fout"] == "Vul dit veld in."
    assert 'id="titel"' in r.text and 'aria-describedby="titel-fout"' in r.text
    r = a.post("/werkruimte/knelpunten/nieuw", content=urlencode(
        _velden(csrf, c_peildatum="2010-01-01") + [("actie", "opslaan")]), headers=FORM)
    fouten = dict(re.findall(r'class="veldfout" id="([^"]+)">([^<]+)', r.text))
    assert "op 2010-01-01 geen tekst in de kennisbank" in fouten["citeringen-0-fout"]

    r = a.post("/werkruimte/knelpunten/nieuw", content=urlencode(_velden(csrf) + [("actie", "opslaan")]),
               headers=FORM, follow_redirects=False)
    assert r.status_code == 303, r.text
    slug = r.headers["location"].rsplit("/", 1)[-1]
    k = a.get(f"/v1/knelpunten/{slug}").json()
    assert k["mechanismen"] == ["prikkelconflict"] and len(k["citeringen"]) == 2
    assert k["bronsoorten"] == {"https://www.example.org/bron": "vakpublicatie"}
    assert "Prikkelconflict" in a.get(f"/werkruimte/knelpunten/{slug}").text  # labels, not codes


def test_a_concurrent_edit_is_refused_and_shown_with_the_difference(omgeving):
    config, a, b, eindhoven, pl = omgeving
    csrf_b = _aanmelden(b, pl)
    pad = "/werkruimte/knelpunten/kostendelersnorm-onderdak"
    pa, pb = a.get(pad).text, b.get(pad).text

    def stuur(client, html, **extra):
        houden = {"csrf", "etag", "revisie", "kenmerk", "c_bepaling", "c_verificatie", "c_peildatum", "c_rol"}
        velden = [(k, v.replace("&#34;", '"')) for k, v in re.findall(r'<input [^>]*?name="([^"]+)" value="([^"]*)"', html)
                  if k in houden]
        velden += [("titel", extra.get("titel", "Kostendelersnorm ontmoedigt onderdak bieden")),
                   ("beschrijving", extra.get("beschrijving", "Wie een dakloze opvangt, krijgt een lagere uitkering.")),
                   ("status", "geanalyseerd"), ("ministeries", "mnre1073"), ("mechanismen", "prikkelconflict"),
                   ("domeinen", "inkomen"), ("b_url", "https://www.divosa.nl/voorbeeld"), ("b_titel", "Divosa"),
                   ("b_soort", ""), ("actie", "opslaan")]
        return client.post(pad, content=urlencode(velden), headers=FORM, follow_redirects=False)

    assert stuur(a, pa, titel="Kostendelersnorm ontmoedigt onderdak (gewijzigd door A)").status_code == 303
    r = stuur(b, pb, beschrijving="B schreef dit tegelijk.")
    assert r.status_code == 409
    assert "Iemand anders heeft dit knelpunt intussen gewijzigd" in r.text and "Titel" in r.text
    assert "B schreef dit tegelijk." in r.text  # kept for the user
    assert a.get("/v1/knelpunten/kostendelersnorm-onderdak").json()["titel"].endswith("(gewijzigd door A)")
    link = re.search(r'href="(/werkruimte/knelpunten/kostendelersnorm-onderdak/geschiedenis\?van=\d+&amp;tot=\d+)"', r.text)
    h = b.get(link.group(1).replace("&amp;", "&"))
    assert h.status_code == 200 and "(gewijzigd door A)" in h.text
    assert stuur(b, r.text, beschrijving="B schreef dit tegelijk.").status_code == 303  # now knowingly
    g = b.get("/werkruimte/knelpunten/kostendelersnorm-onderdak/geschiedenis").text
    assert "door projectleider in de werkruimte" in g and "(gewijzigd door A)" in g and csrf_b
