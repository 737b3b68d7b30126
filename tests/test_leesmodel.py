"""One read model (kennisbank/leesmodel.py): the API, the static site and the search index describe every shipped
knelpunt and case the same way (title, status, citations, concepts ...). The API is a real server process."""

from __future__ import annotations

import httpx
import pytest

from kennisbank.config import Config
from kennisbank.iri import Iris
from kennisbank.site.data import laad
from kennisbank.site.model import Model
from kennisbank.store import open_store
from kennisbank.zoek.documenten import documenten

from echte_server import echte_server
from test_site_hulp import REPO, gebouwde_data, kopie

N_KNELPUNTEN = len(list((REPO / "knelpunten").glob("*.ttl")))


def _code(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def drie(tmp_path_factory):
    """(API JSON per knelpunt id, site data + model, search documents by IRI) from one built data folder."""
    data = kopie(gebouwde_data(tmp_path_factory), tmp_path_factory.mktemp("leesmodel") / "data")
    config = Config(data_dir=data, source_root=REPO)
    iris = Iris(config.base_iri)
    store = open_store(config)
    try:  # the embedded store allows one process: site and search first, then the server
        d = laad(store, iris)
        docs = {doc.iri: doc for doc in documenten(store, iris) if doc.soort in ("knelpunt", "praktijkvoorbeeld")}
    finally:
        store.close()
    with echte_server(config) as base, httpx.Client(base_url=base, timeout=60) as c:
        lijst = c.get("/v1/knelpunten", params={"paginaGrootte": 100})
        assert lijst.status_code == 200
        api = {k["id"]: k for k in lijst.json()["knelpunten"]}
        detail = {k: c.get(f"/v1/knelpunten/{k}").json() for k in list(api)[:5]}
        pv = c.get("/v1/praktijkvoorbeelden", params={"paginaGrootte": 100}).json()
        cases = {p["id"]: c.get(f"/v1/praktijkvoorbeelden/{p['id']}").json() for p in pv["praktijkvoorbeelden"]}
    return api, detail, cases, d, Model(d), docs


def test_api_site_and_search_agree_on_every_shipped_knelpunt(drie):
    api, detail, _, d, m, docs = drie
    assert len(api) == len(d.knelpunten) == N_KNELPUNTEN >= 43
    for ident, j in api.items():
        k = j["iri"]
        p, doc = d.knelpunten[k], docs[k]
        # the list and the detail page of the API are the same description
        if ident in detail:
            assert {x: v for x, v in detail[ident].items() if x in j} == j, ident
        assert j == d.knelpunt_json[k], ident  # the site holds the API's JSON, not a description of its own
        assert j["titel"] == d.label(k) == doc.titel, ident
        assert j["kenmerk"] == p["http://purl.org/dc/terms/identifier"][0] and j["kenmerk"] in doc.namen, ident
        assert j["beschrijving"] == p["http://purl.org/dc/terms/description"][0] and j["beschrijving"] in doc.tekst
        assert [j["status"]] == [_code(x) for x in p["status"]] == doc.status, ident
        for veld, eigenschap, zoekveld in (("mechanismen", "mechanisme", doc.mechanisme), ("domeinen", "domein", None),
                                           ("doelgroepen", "doelgroep", doc.doelgroep),
                                           ("ministeries", "verantwoordelijkMinisterie", None)):
            assert j[veld] == sorted(_code(x) for x in p.get(eigenschap, [])), (ident, veld)
            if zoekveld is not None:
                assert j[veld] == sorted(zoekveld), (ident, veld)
        cit_api = sorted((c["bepaling"], c["peildatum"], c["rol"]) for c in j["citeringen"])
        cit_site = sorted((c["bepaling"], c["peildatum"], c["rol"]) for c in d.citeringen[k])
        assert cit_api == cit_site and len(cit_api) >= 2, ident
        assert sorted({c[0] for c in cit_api}) == sorted(doc.citeert), ident
        assert set(j["regelingen"]) == set(doc.regeling), ident
        assert j["praktijkvoorbeelden"] == sorted(_code(x) for x in m.kp_praktijk.get(k, ())), ident
        assert j["experimenten"] == sorted(_code(x) for x in m.kp_experimenten.get(k, ())), ident


def test_api_site_and_search_agree_on_every_public_case(drie):
    _, _, cases, d, m, docs = drie
    assert cases and len(cases) == len(d.praktijk)
    for ident, j in cases.items():
        x = j["iri"]
        p, doc = d.praktijk[x], docs[x]
        assert {veld: v for veld, v in j.items() if veld in d.praktijk_json[x]} == d.praktijk_json[x], ident
        titel = j["titel"] + (" (illustratie)" if j["illustratie"] else "")
        assert titel == doc.titel, ident
        assert j["gemeente"] == (_code(p["gemeente"][0]) if p.get("gemeente") else None) == (doc.gemeente or None)
        assert sorted(r["iri"] for r in j["regels"]) == sorted(p.get("betreftBepaling", [])) == sorted(doc.citeert)
        assert j["knelpunten"] == sorted(_code(k) for k in m.praktijk_kp.get(x, ())), ident


def test_what_the_server_keeps_between_writes_equals_a_fresh_read(tmp_path):
    """The list of knelpunten and their JSON are kept across writes and only what a write names is read again
    (kennisbank/leesmodel.py): after a new knelpunt, an edit that moves it and a case publication, every list page
    equals what a freshly started server reads from the same store."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api_fixture import maak_omgeving

    config, eindhoven, _, pl = maak_omgeving(tmp_path)
    eh, ph = {"Authorization": f"Bearer {eindhoven}"}, {"Authorization": f"Bearer {pl}"}

    def lijst(client) -> list[dict]:
        r = client.get("/v1/knelpunten", params={"paginaGrootte": 100})
        assert r.status_code == 200, r.text
        return r.json()["knelpunten"]

    with TestClient(create_app(config)) as client:
        assert [k["id"] for k in lijst(client)] == ["kostendelersnorm-onderdak"]
        r = client.post("/v1/knelpunten", headers=ph, json={
            "id": "aaa-nieuw", "titel": "Illustratie: een nieuw knelpunt", "beschrijving": "Illustratie.",
            "citeringen": ["art. 22a lid 1 Pw", "art. 2.3.5 Wmo"], "mechanismen": ["stapeling"],
            "status": "gesignaleerd", "bronnen": ["https://www.voorbeeld.nl/x"]})
        assert r.status_code == 201, r.text
        assert [k["id"] for k in lijst(client)] == ["kostendelersnorm-onderdak", "aaa-nieuw"]
        r = client.patch("/v1/knelpunten/aaa-nieuw", headers=ph, json={"kenmerk": "KP-00", "titel": "Illustratie: eerst"})
        assert r.status_code == 200, r.text
        assert [(k["id"], k["titel"]) for k in lijst(client)] == [("aaa-nieuw", "Illustratie: eerst"),
                                                                 ("kostendelersnorm-onderdak", lijst(client)[1]["titel"])]
        ident = client.post("/v1/praktijkvoorbeelden", headers=eh, json={
            "titel": "Illustratie: gekoppelde casus", "beschrijving": "Illustratie. Artikel 22a Pw raakt de opvang."}
        ).json()["id"]
        r = client.post(f"/v1/praktijkvoorbeelden/{ident}/beoordelingen", headers=ph,
                        json={"besluit": "publiceren", "knelpunten": ["aaa-nieuw"]})
        assert r.status_code == 200, r.text
        assert ident in {k["id"]: k for k in lijst(client)}["aaa-nieuw"]["praktijkvoorbeelden"]
        bewaard = lijst(client)
    with TestClient(create_app(config)) as client:  # a fresh server: nothing remembered
        assert lijst(client) == bewaard
