"""Another base IRI (KENNISBANK_BASE_IRI) through the whole submission flow, on a real server process; and no
identifier derived from a token in anything public after a review."""

import json
import os
import subprocess
import sys

import httpx
import pytest

from api_fixture import bouw, maak_bron
from echte_server import echte_server
from kennisbank.config import SOURCE_BASE, Config
from kennisbank.tokens import Tokens

pytestmark = pytest.mark.server

BASIS = "https://kennis.voorbeeld.test"


def test_andere_basis_iri_in_de_hele_inzendstroom(tmp_path):
    config = bouw(maak_bron(tmp_path / "bron"), tmp_path / "data", base_iri=BASIS)
    tokens = Tokens(config.data_dir)
    wijkteam_rec, wijkteam = tokens.maak("wijkteam", "gm0772")
    pl_rec, pl = tokens.maak("projectleider")
    with echte_server(config, KENNISBANK_BASE_IRI=BASIS) as url:
        r = httpx.post(f"{url}/v1/praktijkvoorbeelden", headers={"Authorization": f"Bearer {wijkteam}"},
                       json={"titel": "Opvang bij een vriend", "regels": ["art. 22a lid 1 Pw"],
                             "beschrijving": "Artikel 22a Pw verlaagt de bijstand van wie een dakloze vriend opvangt."})
        assert r.status_code == 201, r.text
        ident = r.json()["id"]
        herkend = r.json()["herkendeVerwijzingen"]
        iris = {v["iri"] for v in herkend}
        assert f"{BASIS}/id/regeling/BWBR0015703/artikel/22a" in iris, herkend
        assert f"{BASIS}/id/regeling/BWBR0015703/artikel/22a/lid/1" in iris, herkend
        assert all(i.startswith(BASIS + "/") for i in iris)

        r = httpx.post(f"{url}/v1/praktijkvoorbeelden/{ident}/beoordelingen", headers={"Authorization": f"Bearer {pl}"},
                       json={"besluit": "publiceren", "knelpunten": ["kostendelersnorm-onderdak"]})
        assert r.status_code == 200, r.text
        assert r.json()["iri"] == f"{BASIS}/id/praktijkvoorbeeld/{ident}"

        pv = httpx.get(f"{url}/v1/praktijkvoorbeelden/{ident}").json()
        assert pv["titel"] == "Opvang bij een vriend"
        assert any(b.startswith(f"{BASIS}/id/regeling/BWBR0015703/artikel/22a") for b in json.dumps(pv).split('"'))
        vraag = ("PREFIX kb: <%s/def/kb#> SELECT ?p ?b WHERE { ?p a kb:Praktijkvoorbeeld ; kb:betreftBepaling ?b }" % BASIS)
        s = httpx.get(f"{url}/v1/sparql", params={"query": vraag}, headers={"Accept": "application/sparql-results+json"})
        assert s.status_code == 200, s.text
        rijen = s.json()["results"]["bindings"]
        assert {r["p"]["value"] for r in rijen} == {f"{BASIS}/id/praktijkvoorbeeld/{ident}"}
        assert all(r["b"]["value"].startswith(BASIS + "/id/regeling/") for r in rijen)
        assert SOURCE_BASE not in s.text

        # the /id/ IRI of the case resolves under the server, Turtle and JSON-LD use the new base
        ttl = httpx.get(f"{url}/id/praktijkvoorbeeld/{ident}", headers={"Accept": "text/turtle"}, follow_redirects=True)
        assert ttl.status_code == 200 and f"{BASIS}/id/praktijkvoorbeeld/{ident}" in ttl.text

        # no token id anywhere public: SPARQL over every graph, the case in Turtle and JSON, search
        alles = httpx.post(f"{url}/v1/sparql", data={"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"},
                           headers={"Accept": "application/sparql-results+json"})
        assert alles.status_code == 200, alles.text
        openbaar = [alles.text, ttl.text, json.dumps(pv),
                    httpx.get(f"{url}/v1/zoekresultaten", params={"q": "vriend"}).text,
                    httpx.get(f"{url}/id/praktijkvoorbeeld/{ident}", headers={"Accept": "application/ld+json"},
                              follow_redirects=True).text]
        for tekst in openbaar:
            for rec in (wijkteam_rec, pl_rec):
                assert rec.id not in tekst and rec.hash not in tekst
            assert "/beoordelaar/" not in tekst
        # the review is still attributed to the role
        assert f"{BASIS}/id/rol/projectleider" in alles.text

    # the export of the public store (what the downloads are made of) has the new base and no token id
    env = {**os.environ, "KENNISBANK_DATA": str(config.data_dir), "KENNISBANK_BRON": str(config.source_root),
           "KENNISBANK_BASE_IRI": BASIS}
    export = subprocess.run([sys.executable, "-m", "kennisbank", "export", "--formaat", "nquads"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert export.returncode == 0, export.stderr
    assert f"<{BASIS}/id/praktijkvoorbeeld/{ident}>" in export.stdout
    assert SOURCE_BASE not in export.stdout
    for rec in (wijkteam_rec, pl_rec):
        assert rec.id not in export.stdout

    # the static site and its downloads, built with the same base
    site = subprocess.run([sys.executable, "-m", "kennisbank", "site", "bouw"], env=env, capture_output=True,
                          text=True, timeout=300)
    assert site.returncode == 0, site.stderr
    dump = (config.data_dir / "site" / "downloads" / "kennisbank.ttl").read_text(encoding="utf-8")
    assert f"{BASIS}/id/praktijkvoorbeeld/{ident}" in dump and SOURCE_BASE not in dump
    for rec in (wijkteam_rec, pl_rec):
        assert rec.id not in dump
    pagina = next((config.data_dir / "site").rglob(f"{ident}.html")).read_text(encoding="utf-8")
    assert "Opvang bij een vriend" in pagina and pl_rec.id not in pagina and SOURCE_BASE not in pagina


def test_oude_publicatie_met_token_id_wordt_niet_gekopieerd(tmp_path):
    """A publication from before this rule named the reviewer by token id; the copy into the public store
    leaves that triple out."""
    import pyoxigraph as ox

    from kennisbank.inzendingen import openbare_kopie
    from kennisbank.iri import Iris
    from kennisbank.store.embedded import EmbeddedStore

    iris = Iris(SOURCE_BASE)
    inbox = EmbeddedStore(tmp_path / "inbox")
    g = iris.submission_graph("20260101-abcdef01")
    s = iris.praktijkvoorbeeld("20260101-abcdef01")
    a = f"{iris.base}/id/beoordeling/20260101-abcdef01"
    inbox.replace_graph(g, ox.serialize([
        ox.Triple(ox.NamedNode(s), ox.NamedNode("http://www.w3.org/ns/prov#wasGeneratedBy"), ox.NamedNode(a)),
        ox.Triple(ox.NamedNode(a), ox.NamedNode("http://www.w3.org/ns/prov#wasAssociatedWith"),
                  ox.NamedNode(f"{iris.base}/id/beoordelaar/0123456789ab")),
    ], format=ox.RdfFormat.N_TRIPLES))
    kopie = openbare_kopie(inbox, g, iris).decode()
    inbox.close()
    assert "0123456789ab" not in kopie and "beoordelaar" not in kopie
    assert f"<{a}>" in kopie
