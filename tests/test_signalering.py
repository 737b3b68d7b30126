"""Signalering: modality of known sentences, age and time conditions, each kind of signal on small constructed
laws (tests/signalering_fixture.py), stable ids, durable review decisions, the API and the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kennisbank.signalering import bereken
from kennisbank.signalering.gewijzigd import woorddiff
from kennisbank.signalering.modaliteit import modaliteit
from kennisbank.signalering.opslag import leg_beoordeling_vast, lees_beoordelingen, status, werk_samen_bij
from kennisbank.signalering.signaal import signaal_id
from kennisbank.signalering.voorwaarden import leeftijden, termijnen
from signalering_fixture import BESTANDEN, B

REPO = Path(__file__).resolve().parent.parent
KB = "https://kennisbank.botsenderegels.nl/def/kb#"

# --- modality: sentences whose modality we know (in the style of the laws, written for these tests) -------
ZINNEN = [
    ("De belanghebbende is verplicht naar vermogen algemeen geaccepteerde arbeid te verkrijgen.", "gebod"),
    ("De aanvrager dient de gegevens binnen acht weken te verstrekken.", "gebod"),
    ("Het college draagt zorg voor de ondersteuning van ingezetenen.", "gebod"),
    ("De belanghebbende doet onverwijld mededeling van alle feiten en omstandigheden.", "gebod"),
    ("Ieder die ingezetene is, moet zich verzekeren.", "gebod"),
    ("Iedere Nederlander die hier te lande woont, heeft recht op bijstand van overheidswege.", "aanspraak"),
    ("De jeugdige heeft recht op jeugdhulp als bedoeld in deze wet.", "aanspraak"),
    ("Een alleenstaande ouder heeft aanspraak op een verhoging van het kindgebonden budget.", "aanspraak"),
    ("Het college kan de bijstand verlagen indien de belanghebbende de verplichtingen niet nakomt.", "sanctie"),
    ("Het college legt een bestuurlijke boete op van ten hoogste het benadelingsbedrag.", "sanctie"),
    ("De bijstand wordt teruggevorderd voor zover deze ten onrechte is verleend.", "sanctie"),
    ("Het college verlaagt de bijstand overeenkomstig de verordening.", "sanctie"),
    ("Aan een persoon jonger dan 18 jaar wordt geen bijstand verleend.", "verbod"),
    ("Geen recht op bijstand heeft degene die rechtens zijn vrijheid is ontnomen.", "verbod"),
    ("Het is verboden persoonsgegevens te verwerken waaruit gezondheid blijkt.", "verbod"),
    ("De jeugdhulpverlener mag geen gegevens verstrekken aan derden.", "verbod"),
    ("Artikel 22a is niet van toepassing op de belanghebbende die in een inrichting verblijft.", "voorwaarde"),
    ("Het college is bevoegd gegevens te verwerken voor de uitvoering van deze wet.", "bevoegdheid"),
    ("Het college kan bijstand verlenen aan een persoon die geen recht op bijstand heeft.", "bevoegdheid"),
    ("Het college kan een schriftelijke waarschuwing geven.", "bevoegdheid"),
    ("Het college kan tijdelijk ontheffing verlenen van de arbeidsverplichtingen.", "bevoegdheid"),
    ("Inkomsten uit arbeid worden gedurende zes maanden buiten beschouwing gelaten.", "prikkel"),
    ("Onder inkomen wordt verstaan: het gezamenlijke inkomen van de echtgenoten.", None),
    ("Deze wet wordt aangehaald als: Wet werk en steun.", None),
]


@pytest.mark.parametrize("zin,verwacht", ZINNEN)
def test_modaliteit_van_bekende_zinnen(zin, verwacht):
    m = modaliteit(zin)
    assert (m.normtype if m else None) == verwacht, (zin, m)


def test_kwalificaties_worden_herkend():
    m = modaliteit("In afwijking van artikel 20 heeft de jongere recht op bijstand, met dien verstande dat de "
                   "norm wordt verhoogd.")
    assert m.normtype == "aanspraak"
    assert set(m.kwalificaties) == {"in afwijking van", "met dien verstande"}
    assert m.zekerheid < 0.85  # an exception is less certain than a plain right
    assert modaliteit("Onverminderd artikel 3 regelt het college de uitvoering.").kwalificaties == ("onverminderd",)


def test_ontheffing_duwt_de_andere_kant_op():
    assert modaliteit("Het college kan tijdelijk ontheffing verlenen van de verplichtingen.").richting == "ontmoedigt"


def test_leeftijden_en_termijnen():
    assert [(x.grens, x.soort) for x in leeftijden("Een persoon jonger dan 27 jaar")] == [(27, "onder")]
    assert [(x.grens, x.soort) for x in leeftijden("die de leeftijd van 18 jaar heeft bereikt")] == [(18, "vanaf")]
    assert [(x.grens, x.soort) for x in leeftijden("de jongere van 21 jaar of ouder")] == [(21, "vanaf")]
    assert [(x.grens, x.soort) for x in leeftijden("jonger dan achttien jaar")] == [(18, "onder")]
    assert [(x.grens, x.soort) for x in leeftijden("een minderjarige")] == [(18, "onder")]
    assert [t.dagen for t in termijnen("gedurende vier weken na de melding")] == [28]
    assert [t.dagen for t in termijnen("binnen drie maanden")] == [90]
    assert [t.dagen for t in termijnen("binnen 8 weken of ten hoogste 2 jaar")] == [56, 730]


# --- the four kinds on constructed laws ------------------------------------------------------------------------
def _triples() -> list[ox.Triple]:
    out = []
    for f in sorted((REPO / "ontologie" / "begrippen").glob("*.ttl")):
        out += list(ox.parse(f.read_bytes(), format=ox.RdfFormat.TURTLE))
    for text in BESTANDEN.values():
        out += list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    return out


@pytest.fixture(scope="module")
def resultaat():
    return bereken(_triples(), KB)


def _van(resultaat, soort):
    return [s for s in resultaat.signalen if s.soort == soort]


def _art(iri):
    return iri.split("/id/regeling/")[1]


def test_afgeleide_normen_voor_alle_artikelen(resultaat):
    normen = resultaat.normen
    assert {_art(u) for u in normen} >= {"BWBR9990001/artikel/1", "BWBR9990001/artikel/2", "BWBR9990002/artikel/1",
                                        "BWBR9990002/artikel/2"}
    n = normen[f"{B}BWBR9990001/artikel/1"][0]
    assert n.afgeleid and n.normtype == "gebod" and n.handeling.endswith("/handeling/werken")
    assert 0 < n.zekerheid <= 1 and "verplicht" in n.zin
    jeugd = normen[f"{B}BWBR9990002/artikel/2"][0]
    assert jeugd.normtype == "aanspraak" and jeugd.doelgroep.endswith("/doelgroep/jeugdigen")


def test_tegengestelde_normen(resultaat):
    tegen = _van(resultaat, "tegengestelde-normen")
    paar = {f"{B}BWBR9990001/artikel/2", f"{B}BWBR9990002/artikel/1"}
    s = next(s for s in tegen if set(s.bepalingen) == paar)
    assert s.details["handeling"].endswith("/handeling/vrijwilligerswerk")
    assert "vrijwilligerswerk" in s.uitleg.lower() and "bijstandsgerechtigden" in s.uitleg.lower()


def test_drempels_en_overgangen(resultaat):
    drempels = _van(resultaat, "drempels-en-overgangen")
    gat = next(s for s in drempels if set(s.bepalingen) == {f"{B}BWBR9990001/artikel/3", f"{B}BWBR9990002/artikel/2"})
    assert sorted(gat.details["waarden"]) == [18, 27] and "18" in gat.uitleg and "27" in gat.uitleg
    overgang = next(s for s in drempels if set(s.bepalingen) == {f"{B}BWBR9990001/artikel/1", f"{B}BWBR9990002/artikel/2"})
    assert overgang.details["relatie"] == "overgang" and "18 jaar" in overgang.uitleg
    termijn = next(s for s in drempels if s.details["drempel"] == "termijn")
    assert set(termijn.bepalingen) == {f"{B}BWBR9990001/artikel/3", f"{B}BWBR9990002/artikel/3"}
    assert "4 weken" in termijn.uitleg and "3 maanden" in termijn.uitleg


def test_samen_geciteerd_en_incrementeel(resultaat, tmp_path):
    samen = _van(resultaat, "samen-geciteerd")
    assert [set(s.bepalingen) for s in samen] == [{f"{B}BWBR9990001/artikel/1", f"{B}BWBR9990002/artikel/2"}]
    assert "2 gepubliceerde praktijkvoorbeelden" in samen[0].uitleg
    # one case alone is not "keep appearing together"
    enkel = bereken([t for t in _triples() if "illustratie-twee" not in t.subject.value], KB)
    assert not _van(enkel, "samen-geciteerd")
    # a third case through the incremental update after a publication
    from kennisbank.signalering.opslag import bewaar_resultaat, lees_signalen

    bewaar_resultaat(tmp_path, resultaat)
    nieuw = [f"{B}BWBR9990001/artikel/3", f"{B}BWBR9990002/artikel/3"]
    info = {b: {"artikel": b, "regeling": b.rsplit("/artikel/", 1)[0], "naam": _art(b), "handeling": ""} for b in nieuw}
    werk_samen_bij(tmp_path, "https://kennisbank.botsenderegels.nl/id/praktijkvoorbeeld/drie", nieuw, info)
    werk_samen_bij(tmp_path, "https://kennisbank.botsenderegels.nl/id/praktijkvoorbeeld/vier", nieuw, info)
    obj = lees_signalen(tmp_path)
    paren = [set(s["bepalingen"]) for s in obj["signalen"] if s["soort"] == "samen-geciteerd"]
    assert set(nieuw) in paren and len(paren) == 2


def test_gekoppeld_door_een_knelpunt_is_geen_signaal(resultaat):
    gekoppeld = {f"{B}BWBR9990001/artikel/2", f"{B}BWBR9990002/artikel/3"}
    assert not [s for s in resultaat.signalen if s.soort != "gewijzigd-sinds" and set(s.bepalingen) == gekoppeld]


def test_gewijzigd_sinds_met_woorddiff(resultaat):
    [s] = _van(resultaat, "gewijzigd-sinds")
    assert s.bepalingen[0] == f"{B}BWBR9990001/artikel/2" and s.knelpunt.endswith("/verlaging-vrijwilligerswerk")
    assert "Herbeoordelen" in s.uitleg and "gewijzigd per 2025-01-01" in s.uitleg
    erbij = " ".join(d["tekst"] for d in s.details["diff"] if d["soort"] == "erbij")
    assert "vrijwilligerswerk" in erbij
    assert woorddiff("a b c", "a x c") == [{"soort": "gelijk", "tekst": "a"}, {"soort": "weg", "tekst": "b"},
                                           {"soort": "erbij", "tekst": "x"}, {"soort": "gelijk", "tekst": "c"}]


def test_elke_uitleg_noemt_wat_botst(resultaat):
    for s in resultaat.signalen:
        d = s.details
        genoemd = [d.get("handelingLabel"), d.get("doelgroepLabel"), d.get("knelpuntTitel")]
        genoemd += [str(w) for w in d.get("waarden", [])]
        assert any(x and str(x).lower().split(" (")[0][:12] in s.uitleg.lower() for x in genoemd if x), s.uitleg


def test_elke_uitleg_van_de_meegeleverde_inhoud_noemt_wat_botst():
    """Over the shipped laws, knelpunten and cases: every signal's explanation names the handeling, doelgroep,
    threshold or change that collides (the goal of the issue), and names at least two provisions."""
    from kennisbank.bronnen import discover, parse
    from kennisbank.config import Config
    from kennisbank.signalering.signaal import naam, wat_botst

    config = Config(source_root=REPO)
    res = bereken([t for f in discover(config) for t in parse(f)], KB)
    assert len(res.signalen) > 100
    for s in res.signalen:
        genoemd = wat_botst(s)
        assert genoemd, (s.soort, s.uitleg)
        assert any(x.lower() in s.uitleg.lower() for x in genoemd), (genoemd, s.uitleg)
        assert len(set(s.bepalingen)) >= 2 and all(naam(res.gegevens, b) in s.uitleg for b in s.bepalingen[:1])


def test_ids_zijn_stabiel_en_afwijzing_blijft_tot_de_tekst_verandert(resultaat, tmp_path):
    opnieuw = bereken(_triples(), KB)
    assert [s.id for s in opnieuw.signalen] == [s.id for s in resultaat.signalen]
    s = resultaat.signalen[0]
    assert s.id == signaal_id(s.soort, list(reversed(s.bepalingen)), s.knelpunt)
    hashes = resultaat.tekst_hashes()
    d = {"id": s.id, "tekstHash": hashes[s.id]}
    leg_beoordeling_vast(tmp_path, s.id, {"besluit": "afwijzen", "reden": "geen botsing", "tekstHash": hashes[s.id]})
    assert status(d, lees_beoordelingen(tmp_path)) == "afgewezen"
    assert status({"id": s.id, "tekstHash": "anders"}, lees_beoordelingen(tmp_path)) == "open"


# --- build, API and command line on a real store ------------------------------------------------------------------
@pytest.fixture(scope="module")
def omgeving(tmp_path_factory):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api_fixture import bouw, maak_bron
    from kennisbank.tokens import Tokens

    tmp = tmp_path_factory.mktemp("signalering")
    bron = maak_bron(tmp / "bron")
    for rel, text in BESTANDEN.items():
        (bron / rel).parent.mkdir(parents=True, exist_ok=True)
        (bron / rel).write_text(text, encoding="utf-8")
    config = bouw(bron, tmp / "data")
    _, pl = Tokens(config.data_dir).maak("projectleider")
    _, wt = Tokens(config.data_dir).maak("wijkteam", "gm0772")
    with TestClient(create_app(config)) as client:
        yield client, config, bron, {"Authorization": f"Bearer {pl}"}, {"Authorization": f"Bearer {wt}"}


def test_api_lijst_filters_en_een_signaal(omgeving):
    client, *_ = omgeving
    r = client.get("/v1/signalen")
    assert r.status_code == 200
    body = r.json()
    scores = [s["score"] for s in body["signalen"]]
    assert body["totaal"] >= 5 and scores == sorted(scores, reverse=True)
    s = body["signalen"][0]
    assert {"id", "soort", "score", "uitleg", "status", "bepalingen"} <= set(s) and s["status"] == "open"
    b = s["bepalingen"][0]
    assert {"regeling", "artikel", "lid", "iri", "tekst", "url"} <= set(b) and b["tekst"]
    r = client.get("/v1/signalen", params={"soort": "gewijzigd-sinds"})
    assert [x["soort"] for x in r.json()["signalen"]] == ["gewijzigd-sinds"]
    r = client.get("/v1/signalen", params={"regeling": "BWBR9990002", "artikel": "2"})
    assert r.json()["totaal"] >= 2 and all(any(b["regeling"] == "BWBR9990002" and b["artikel"] == "2"
                                               for b in x["bepalingen"]) for x in r.json()["signalen"])
    r = client.get("/v1/signalen", params={"paginaGrootte": 2, "pagina": 2})
    assert len(r.json()["signalen"]) == 2 and r.headers["X-Total-Count"] == str(body["totaal"])
    assert client.get(f"/v1/signalen/{s['id']}").json()["uitleg"] == s["uitleg"]
    for params in ({"soort": "botsing"}, {"status": "klaar"}, {"artikel": "2"}, {"regeling": "BWBR 1"}):
        r = client.get("/v1/signalen", params=params)
        assert r.status_code == 400 and r.headers["content-type"].startswith("application/problem+json"), params
    assert client.get("/v1/signalen/zzz").status_code == 400
    assert client.get("/v1/signalen/0123456789abcdef").status_code == 404


def test_api_beoordelen_bevestigen_en_afwijzen_overleeft_herbouw(omgeving):
    from api_fixture import bouw

    client, config, bron, pl, wt = omgeving
    lijst = client.get("/v1/signalen", params={"soort": "tegengestelde-normen"}).json()["signalen"]
    doel = lijst[0]
    url = f"/v1/signalen/{doel['id']}/beoordelingen"
    assert client.post(url, json={"besluit": "bevestigen"}).status_code == 401
    assert client.post(url, json={"besluit": "bevestigen"}, headers=wt).status_code == 403
    r = client.post(url, json={"besluit": "bevestigen"}, headers=pl)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "bevestigd"
    kp = r.json()["conceptKnelpunt"]
    k = client.get(f"/v1/knelpunten/{kp['id']}").json()
    assert all(b["iri"] in json.dumps(k) for b in doel["bepalingen"])
    assert "gesignaleerd" in json.dumps(k)
    assert client.post(url, json={"besluit": "afwijzen", "reden": "x"}, headers=pl).status_code == 409

    ander = client.get("/v1/signalen", params={"soort": "drempels-en-overgangen"}).json()["signalen"][0]
    url = f"/v1/signalen/{ander['id']}/beoordelingen"
    r = client.post(url, json={"besluit": "afwijzen"}, headers=pl)
    assert r.status_code == 400 and r.json()["errors"][0]["location"] == "/reden"
    assert client.post(url, json={"besluit": "misschien", "reden": "x"}, headers=pl).status_code == 400
    assert client.post(url, json={"besluit": "afwijzen", "reden": "Geen botsing: andere groep."}, headers=pl).status_code == 200
    bouw(bron, config.data_dir)  # a rebuild keeps the decisions
    r = client.get(f"/v1/signalen/{ander['id']}")
    assert r.json()["status"] == "afgewezen" and r.json()["beoordeling"]["reden"] == "Geen botsing: andere groep."
    assert client.get("/v1/signalen", params={"status": "afgewezen"}).json()["totaal"] == 1


def test_signalen_staan_in_de_opslag(omgeving):
    client, *_ = omgeving
    q = ("PREFIX kb: <https://kennisbank.botsenderegels.nl/def/kb#> SELECT (COUNT(?s) AS ?n) (COUNT(?a) AS ?m) "
         "WHERE { { ?s a kb:Signaal ; kb:betreft ?b } UNION { ?a a kb:AfgeleideNorm ; kb:bronzin ?z } }")
    r = client.get("/v1/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+json"})
    row = r.json()["results"]["bindings"][0]
    assert int(row["n"]["value"]) >= 10 and int(row["m"]["value"]) >= 4


def test_opdrachtregel_signaleer(omgeving):
    _, config, *_ = omgeving
    env = {"KENNISBANK_DATA": str(config.data_dir), "PATH": ""}
    out = subprocess.run([sys.executable, "-m", "kennisbank", "signaleer", "--json", "--aantal", "3"],
                         capture_output=True, text=True, env=env, cwd=REPO)
    assert out.returncode == 0, out.stderr
    lijst = json.loads(out.stdout)
    assert len(lijst) == 3 and all(len(s["bepalingen"]) >= 2 for s in lijst)
    hulp = subprocess.run([sys.executable, "-m", "kennisbank", "signaleer", "--help"], capture_output=True, text=True,
                          env=env, cwd=REPO)
    assert "signalen" in hulp.stdout and "tegengestelde normen" in hulp.stdout


def test_shacl_vorm_van_een_signaal():
    """The shape for kb:Signaal gives Dutch messages for a signal with one provision and no explanation."""
    from pyshacl import validate
    import rdflib

    shapes = rdflib.Graph().parse(REPO / "ontologie" / "shapes.ttl")
    data = rdflib.Graph().parse(data=f"""
        @prefix kb: <{KB}> .
        <https://kennisbank.botsenderegels.nl/id/signaal/0123456789abcdef> a kb:Signaal ;
            kb:signaalsoort "tegengestelde-normen" ; kb:betreft <{B}BWBR9990001/artikel/1> .
        <{B}BWBR9990001/artikel/1> a kb:Artikel .
    """, format="turtle")
    ontologie = rdflib.Graph().parse(REPO / "ontologie" / "kb.ttl")
    conforms, graph, text = validate(data, shacl_graph=shapes, ont_graph=ontologie, advanced=True, inference="rdfs")
    assert not conforms
    assert "twee bepalingen" in text and "uitleg in gewone taal" in text



def test_publicatie_werkt_samen_geciteerd_bij(omgeving, tmp_path):
    """Two cases published through the API that cite the same pair make a "samen geciteerd" signal at once: in
    the API, in the store's signalering graph and on the site's page of signals."""
    from kennisbank.site.bouw import bouw_site, werk_site_bij

    client, config, bron, pl, wt = omgeving
    store = client.app.state.kb.store
    bouw_site(config, store=store, uit=tmp_path / "site")
    paar = [f"{B}BWBR9990001/artikel/3", f"{B}BWBR9990002/artikel/3"]
    gevallen = []
    for i in range(2):
        r = client.post("/v1/praktijkvoorbeelden", headers=wt, json={
            "titel": f"Illustratie wachttijd {i}", "beschrijving": "Geconstrueerd voorbeeld: een jongere wacht op "
            "bijstand en op een besluit over hulp.", "regels": paar})
        assert r.status_code == 201, r.text
        r = client.post(f"/v1/praktijkvoorbeelden/{r.json()['id']}/beoordelingen", headers=pl,
                        json={"besluit": "publiceren"})
        assert r.status_code == 200, r.text
        gevallen.append(r.json()["iri"])
    lijst = client.get("/v1/signalen", params={"soort": "samen-geciteerd"}).json()["signalen"]
    [nieuw] = [s for s in lijst if {b["iri"] for b in s["bepalingen"]} == set(paar)]
    # the store's graph followed: the new signal with both provisions, and no stale copy of an old one
    q = ("PREFIX kb: <https://kennisbank.botsenderegels.nl/def/kb#> SELECT ?s ?b WHERE { GRAPH "
         "<https://kennisbank.botsenderegels.nl/graaf/afgeleid/signalering> { ?s kb:signaalsoort \"samen-geciteerd\" ; "
         "kb:betreft ?b } }")
    rijen = store.select(q)
    per_signaal: dict[str, set] = {}
    for rij in rijen:
        per_signaal.setdefault(rij["s"].value.rsplit("/", 1)[-1], set()).add(rij["b"].value)
    assert per_signaal[nieuw["id"]] == set(paar)
    assert set(per_signaal) == {s["id"] for s in lijst}
    # the site's page of signals follows with the site's update for the publication
    werk_site_bij(config, store, gevallen, uit=tmp_path / "site")
    pagina = (tmp_path / "site" / "signalen" / "index.html").read_text(encoding="utf-8")
    assert nieuw["uitleg"].replace("'", "&#39;")[:80] in pagina


def test_site_toont_mogelijke_botsingen(omgeving, tmp_path):
    from kennisbank.site.bouw import bouw_site

    client, config, *_ = omgeving
    bouw_site(config, store=client.app.state.kb.store, uit=tmp_path / "site")
    overzicht = (tmp_path / "site" / "signalen" / "index.html").read_text(encoding="utf-8")
    assert "Mogelijke botsingen" in overzicht and "Wet zorg voor jongeren" in overzicht
    afgewezen = client.get("/v1/signalen", params={"status": "afgewezen"}).json()["signalen"]
    open_ = client.get("/v1/signalen", params={"status": "open"}).json()["signalen"]
    assert open_[0]["uitleg"].replace("'", "&#39;")[:60] in overzicht
    for s in afgewezen:  # a dismissed signal is not shown
        assert s["uitleg"].replace("'", "&#39;")[:200] not in overzicht
    artikel = (tmp_path / "site" / "doc" / "regeling" / "BWBR9990002" / "artikel" / "2.html").read_text(encoding="utf-8")
    assert 'id="mogelijke-botsingen"' in artikel and "18" in artikel


def test_afgeleide_normen_uit_de_opslag_zijn_geen_invoer():
    """Run on an export of the store (kennisbank signaleer), a previous run's derived norms must not count as
    curated norms."""
    from kennisbank.signalering.rdf import triples as rdf_triples

    eerste = bereken(_triples(), KB)
    tweede = bereken(_triples() + rdf_triples(eerste, "https://kennisbank.botsenderegels.nl", KB), KB)
    assert [(s.id, s.score) for s in tweede.signalen] == [(s.id, s.score) for s in eerste.signalen]
    assert all(n.afgeleid for lst in tweede.normen.values() for n in lst)
