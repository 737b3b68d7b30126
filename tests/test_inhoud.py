"""The content keeps itself honest (issue 13): primary sources or a reason, original publishers, typed source
kinds, and the marking of illustrations and estimates reaches the API JSON and search results. The counts
command prints what the build will check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from test_site_hulp import gebouwde_data, kopie

REPO = Path(__file__).resolve().parents[1]
BASE = "https://kennisbank.botsenderegels.nl"
KB = Namespace(f"{BASE}/def/kb#")
MIRRORS = ("5dok.net", "docplayer.", "dokumen.tips", "fdocuments.", "pdfslide.", "berthub.eu", "lexboost.com")


def _graphs(folder: str) -> dict[str, Graph]:
    return {p.stem: Graph().parse(p) for p in sorted((REPO / folder).glob("*.ttl"))}


def _primair() -> set[str]:
    g = Graph().parse(REPO / "ontologie" / "begrippen" / "bronsoorten.ttl")
    return {str(s) for s, o in g.subject_objects(KB.primair) if o.toPython() is True}


def test_every_knelpunt_has_a_primary_source_or_says_why():
    primair = _primair()
    assert {p.rsplit("/", 1)[-1] for p in primair} == {"kamerstuk", "uitspraak", "staatsblad", "ombudsmanrapport",
                                                       "evaluatie"}
    met_primaire_bron = 0
    for slug, g in _graphs("knelpunten").items():
        k = next(g.subjects(RDF.type, KB.Knelpunt))
        soorten = {str(g.value(b, KB.bronsoort)) for b in g.objects(k, PROV.wasDerivedFrom)}
        reden = g.value(k, KB.geenPrimaireBron)
        if soorten & primair:
            met_primaire_bron += 1
        else:
            assert reden is not None and len(str(reden)) > 40, f"{slug}: geen primaire bron en geen reden"
    assert met_primaire_bron >= 23


def test_sources_are_typed_and_never_a_mirror_site():
    for folder in ("knelpunten", "praktijkvoorbeelden", "experimenten", "organisaties"):
        for slug, g in _graphs(folder).items():
            for b in set(g.subjects(RDF.type, KB.Bron)) | set(g.objects(None, PROV.wasDerivedFrom)):
                assert not any(m in str(b) for m in MIRRORS), f"{folder}/{slug}: spiegelsite {b}"
            for b in g.subjects(RDF.type, KB.Bron):
                soort = g.value(b, KB.bronsoort)
                assert soort is not None and str(soort).startswith(f"{BASE}/id/bronsoort/"), f"{folder}/{slug}: {b}"
                if "/kst-" in str(b):
                    assert g.value(b, KB.kamerstuk) is not None, b
                if "ECLI:" in str(b):
                    assert str(g.value(b, KB.ecli)) in str(b), b


def test_rulings_and_law_changes_are_not_experiments():
    g = Graph()
    for p in (REPO / "experimenten").glob("*.ttl"):
        g.parse(p)
    for s in g.subjects(RDF.type, KB.Experiment):
        title = str(g.value(s, DCTERMS.title))
        assert "CRvB" not in title and "ECLI" not in str(g.value(s, DCTERMS.identifier) or ""), s
    assert list(g.subjects(RDF.type, KB.Uitspraak)) and len(list(g.subjects(RDF.type, KB.Wetswijziging))) >= 5


def test_uitvoerders_are_known_organisations():
    orgs = set()
    for g in _graphs("organisaties").values():
        orgs |= {str(s) for s in g.subjects(RDF.type, KB.Organisatie)}
    for naam in ("uwv", "svb", "cak", "cjib", "dienst-toeslagen"):
        assert f"{BASE}/id/organisatie/{naam}" in orgs
    gebruikt = 0
    for slug, g in _graphs("knelpunten").items():
        for u in g.objects(None, KB.uitvoerder):
            gebruikt += 1
            assert str(u) in orgs, f"{slug}: {u}"
    assert gebruikt >= 7


def test_counts_command_prints_dutch_figures_and_json():
    env = {**os.environ, "KENNISBANK_BRON": str(REPO)}
    r = subprocess.run([sys.executable, "-m", "kennisbank.cli", "inhoud", "tellingen", "--json"],
                       capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    n = json.loads(r.stdout)
    assert n["knelpunten"] == len(list((REPO / "knelpunten").glob("*.ttl")))
    assert n["praktijkvoorbeelden"] == sum(n["praktijkvoorbeeldenPerSoort"].values()) \
        == len(list((REPO / "praktijkvoorbeelden").glob("*.ttl")))
    assert set(n["praktijkvoorbeeldenPerSoort"]) <= {"praktijkgeval", "illustratie", "inzending"}
    assert n["citeringen"] == sum(n["citeringenPerTekstsoort"].values())
    assert n["knelpuntenZonderPrimaireBronEnZonderReden"] == []
    assert n["kostenposten"].get("zonder bron of schatting", 0) == 0
    r = subprocess.run([sys.executable, "-m", "kennisbank.cli", "inhoud", "tellingen"],
                       capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0 and "Praktijkvoorbeelden:" in r.stdout and "illustratie (samengesteld)" in r.stdout
    assert "officiële tekst" in r.stdout
    h = subprocess.run([sys.executable, "-m", "kennisbank.cli", "inhoud", "tellingen", "--help"],
                       capture_output=True, text=True, env=env, timeout=60)
    assert "citeringen" in h.stdout and "toon deze hulp" in h.stdout


# --- the API and search on the repository's content -----------------------------------------------------------
@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from api.app import create_app
    from kennisbank.config import Config

    data = kopie(gebouwde_data(tmp_path_factory), tmp_path_factory.mktemp("inhoud") / "data")
    with TestClient(create_app(Config(data_dir=data, source_root=REPO))) as c:
        yield c


def test_api_marks_illustrations_estimates_and_unknown_gemeente(client):
    pv = client.get("/v1/praktijkvoorbeelden/wijkteamwerker-meldt-signalen-niet").json()
    assert pv["soort"] == "illustratie" and pv["illustratie"] is True
    assert pv["gemeente"] is None and pv["gemeenteBekend"] is False
    echt = client.get("/v1/praktijkvoorbeelden/zaanstad-maatwerkbudget-onbenut").json()
    assert echt["soort"] == "praktijkgeval" and echt["gemeente"] == "gm0479"
    gezin = client.get("/v1/praktijkvoorbeelden/gezin-120000-euro-hulp-per-jaar").json()
    assert gezin["kosten"] and all(k["schatting"] and k["grondslag"] for k in gezin["kosten"])


def test_api_knelpunt_has_derived_verification_and_the_new_fields(client):
    kp = client.get("/v1/knelpunten/schijnconflict-dat-mag-niet").json()
    for c in kp["citeringen"]:
        assert c["controle"]["tekstsoort"] in {"officiele-tekst", "geharveste-tekst", "alleen-samenvatting"}
        assert c["controle"]["geverifieerd"] == (c["controle"]["tekstsoort"] != "alleen-samenvatting")
        assert c["controle"]["gecontroleerdTegen"].startswith(f"{BASE}/id/regeling/")
        assert c["verificatie"] is None or isinstance(c["verificatie"], str)  # the editorial note, unchanged
    assert kp["escalatieniveau"] == "landelijk" and "landelijk-maatwerkloket" in kp["escalatieInstrumenten"]
    assert kp["gesignaleerdOp"] == "2019-05-22" and kp["signaalbronnen"] == ["onderzoek"]
    (lp,) = kp["leerpunten"]
    assert lp["geadresseerde"].endswith("/ministerie/mnre1073") and lp["antwoordOp"] == "2022-07-06"
    assert {v["soort"] for v in kp["vindplaatsen"]} == {"kamerstuk"}
    assert kp["bronsoorten"]["https://zoek.officielebekendmakingen.nl/kst-34477-81.html"] == "kamerstuk"
    tv = client.get("/v1/knelpunten/toeslagen-terugvordering").json()
    assert "dienst-toeslagen" in " ".join(tv["uitvoerders"])
    tp = client.get("/v1/knelpunten/twee-petten-wijkteam").json()
    assert tp["geenPrimaireBron"] and tp["status"] == "gesignaleerd"


def test_search_results_mark_illustrations(client):
    r = client.get("/v1/zoekresultaten", params={"q": "wijkteamwerker vermoedens", "soort": "praktijkvoorbeeld"})
    assert r.status_code == 200
    treffers = r.json()["zoekresultaten"] if "zoekresultaten" in r.json() else r.json()["resultaten"]
    assert treffers and all("(illustratie)" in t["titel"] for t in treffers
                            if "zaanstad" not in t["iri"] and "zwolle" not in t["iri"] and "almere" not in t["iri"])


def test_api_case_list_marks_each_illustration(client):
    r = client.get("/v1/praktijkvoorbeelden", params={"paginaGrootte": 100})
    assert r.status_code == 200, r.text
    items = r.json()["praktijkvoorbeelden"]
    assert items and all(it["soort"] in ("praktijkgeval", "illustratie", "inzending") for it in items)
    assert all(it["illustratie"] == (it["soort"] == "illustratie") for it in items)
    assert sum(it["illustratie"] for it in items) >= 20
