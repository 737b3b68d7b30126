"""Publishing never waits for the static site: the pages are rewritten by the server's background worker,
pending updates are recorded durably and a server that starts handles the ones a stopped one left."""

import threading

import pytest
from fastapi.testclient import TestClient

import kennisbank.site as site_module
from api.app import create_app
from api_fixture import maak_omgeving
from kennisbank.site import bouw_site

PV = "/v1/praktijkvoorbeelden"
ECHT = site_module.werk_site_bij


@pytest.fixture()
def omgeving(tmp_path):
    config, eindhoven, _, pl = maak_omgeving(tmp_path)
    bouw_site(config)
    return config, {"Authorization": f"Bearer {eindhoven}"}, {"Authorization": f"Bearer {pl}"}


def _indienen(client, wijkteam, titel):
    r = client.post(PV, headers=wijkteam, json={"titel": titel, "beschrijving": "Artikel 22a Pw raakt de opvang."})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def _pagina(config, ident):
    return config.data_dir / "site" / "doc" / "praktijkvoorbeeld" / f"{ident}.html"


def test_publiceren_wacht_niet_op_de_site(omgeving, monkeypatch):
    config, wijkteam, pl = omgeving
    los, begonnen, aanroepen = threading.Event(), threading.Event(), []

    def geblokkeerd(cfg, store, iris, uit=None):
        aanroepen.append(list(iris))
        begonnen.set()
        assert los.wait(60), "de test liet de site-update niet los"
        return ECHT(cfg, store, iris, uit)

    monkeypatch.setattr(site_module, "werk_site_bij", geblokkeerd)
    with TestClient(create_app(config)) as client:
        kb = client.app.state.kb
        a, b, c = (_indienen(client, wijkteam, f"Achtergrondcasus {x}") for x in "abc")
        r = client.post(f"{PV}/{a}/beoordelingen", headers=pl, json={"besluit": "publiceren"})
        # the answer is here while the site update is still blocked
        assert r.status_code == 200, r.text
        assert r.json()["site"] == "wordt bijgewerkt" and r.json()["siteBijgewerkt"] is False
        assert not los.is_set() and not _pagina(config, a).exists()
        assert client.get(f"{PV}/{a}").status_code == 200  # the API shows it at once
        assert begonnen.wait(30)
        # two more publications while the worker is busy: recorded, and handled together in ONE update
        for x in (b, c):
            assert client.post(f"{PV}/{x}/beoordelingen", headers=pl, json={"besluit": "publiceren"}).status_code == 200
        assert len(kb.site_wachtrij.records()) == 3
        los.set()
        assert kb.site_wachtrij.wacht(60)
        assert kb.site_wachtrij.records() == []
        for x in (a, b, c):
            assert _pagina(config, x).is_file(), x
        assert aanroepen[0] == [kb.iris.praktijkvoorbeeld(a)]
        assert sorted(aanroepen[1]) == sorted(kb.iris.praktijkvoorbeeld(x) for x in (b, c)) and len(aanroepen) == 2
        # rejecting touches no page
        d = _indienen(client, wijkteam, "Af te wijzen")
        r = client.post(f"{PV}/{d}/beoordelingen", headers=pl, json={"besluit": "afwijzen"})
        assert r.json()["site"] == "niet van toepassing" and kb.site_wachtrij.records() == []


def test_fout_in_de_worker_blijft_uit_het_verzoek_en_start_ruimt_op(omgeving, monkeypatch):
    """A failing update is logged and kept; the next server start handles the leftover record."""
    config, wijkteam, pl = omgeving
    pogingen = []

    def kapot(cfg, store, iris, uit=None):
        pogingen.append(iris)
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(site_module, "werk_site_bij", kapot)
    with TestClient(create_app(config)) as client:
        kb = client.app.state.kb
        ident = _indienen(client, wijkteam, "Blijft wachten op de site")
        r = client.post(f"{PV}/{ident}/beoordelingen", headers=pl, json={"besluit": "publiceren"})
        assert r.status_code == 200 and r.json()["status"] == "gepubliceerd"
        for _ in range(600):  # until the worker tried (and failed)
            if pogingen:
                break
            threading.Event().wait(0.05)
        assert pogingen and len(kb.site_wachtrij.records()) == 1  # the record stays after the failure
        assert client.get(f"{PV}/{ident}").status_code == 200  # the publication itself stands
    # the process stopped with the update still pending: the record is on disk
    assert len(list((config.data_dir / "site-wachtrij").glob("*.iris"))) == 1
    assert not _pagina(config, ident).exists()

    monkeypatch.setattr(site_module, "werk_site_bij", ECHT)
    with TestClient(create_app(config)) as client:
        kb = client.app.state.kb
        assert kb.site_wachtrij.wacht(60)
        assert kb.site_wachtrij.records() == []
        assert _pagina(config, ident).is_file()
        assert "Blijft wachten op de site" in _pagina(config, ident).read_text()


def test_opwarmen_bij_het_starten(omgeving, monkeypatch):
    from kennisbank.context import Kennisbank

    config, *_ = omgeving
    gewarmd = threading.Event()
    monkeypatch.setattr(Kennisbank, "warm", lambda self: gewarmd.set())
    with TestClient(create_app(config)):
        assert gewarmd.wait(30)
