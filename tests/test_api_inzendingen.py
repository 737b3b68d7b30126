"""Submissions, review and visibility: unpublished never shows; publishing shows it everywhere at once."""

import json

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api_fixture import maak_omgeving

PV = "/v1/praktijkvoorbeelden"


@pytest.fixture(scope="module")
def omgeving(tmp_path_factory):
    config, eindhoven, utrecht, pl = maak_omgeving(tmp_path_factory.mktemp("api"))
    app = create_app(config)
    with TestClient(app) as client:
        yield client, config, {"eh": {"Authorization": f"Bearer {eindhoven}"},
                               "ut": {"Authorization": f"Bearer {utrecht}"},
                               "pl": {"Authorization": f"Bearer {pl}"}}


def inzending(**extra):
    body = {"titel": "Opvang van een neef kost de uitkering",
            "beschrijving": "Een moeder in de bijstand vangt haar dakloze neef op. Door artikel 22a, eerste lid, "
                            "van de Participatiewet daalt haar uitkering.",
            "domeinen": ["inkomen"], "regels": ["art. 2.3.5 Wmo 2015", "artikel 999 Pw"],
            "datum": "2025-03-01", "uitkomst": "maatwerk",
            "kosten": [{"geldstroom": "participatiewet", "bedrag": 1200, "periode": "per jaar"}]}
    body.update(extra)
    return body


def test_indienen_en_antwoord(omgeving):
    client, config, h = omgeving
    r = client.post(PV, json=inzending(), headers=h["eh"])
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "ingediend" and r.headers["Location"] == f"{PV}/{body['id']}"
    herkend = {(v["regeling"], v["artikel"], v["lid"]) for v in body["herkendeVerwijzingen"]}
    assert ("BWBR0015703", "22a", "1") in herkend and ("BWBR0035362", "2.3.5", None) in herkend
    assert all({"tekst", "begin", "eind", "iri", "zekerheid"} <= set(v) for v in body["herkendeVerwijzingen"])
    assert [o["tekst"] for o in body["onopgelosteVerwijzingen"]] == ["artikel 999 Pw"]
    assert body["vergelijkbareKnelpunten"][0]["id"] == "kostendelersnorm-onderdak"
    assert r.headers["API-Version"]


def test_zichtbaarheid_en_publicatie(omgeving):
    client, config, h = omgeving
    r = client.post(PV, json=inzending(titel="Zichtbaarheidstoets casus"), headers=h["eh"])
    ident = r.json()["id"]
    iri = r.json()["iri"]
    sparql = "SELECT ?t WHERE { GRAPH ?g { ?p <http://purl.org/dc/terms/title> ?t } FILTER(?t = 'Zichtbaarheidstoets casus'@nl) }"

    def zichtbaar_openbaar():
        lijst = [p["id"] for p in client.get(PV).json()["praktijkvoorbeelden"]]
        detail = client.get(f"{PV}/{ident}").status_code
        rows = client.get("/v1/sparql", params={"query": sparql}).json()["results"]["bindings"]
        doc = client.get(iri.replace(config.base_iri, "") .replace("/id/", "/doc/"), headers={"Accept": "text/turtle"}).status_code
        artikel = client.get("/v1/regelingen/BWBR0015703/artikelen/22a").json()["praktijkvoorbeelden"]
        return ident in lijst, detail, len(rows), doc, ident in [p["id"] for p in artikel]

    assert zichtbaar_openbaar() == (False, 404, 0, 404, False)
    # the submitting team sees it; another team and the public do not
    assert client.get(f"{PV}/{ident}", headers=h["eh"]).json()["status"] == "ingediend"
    assert client.get(f"{PV}/{ident}", headers=h["ut"]).status_code == 404
    assert ident in [p["id"] for p in client.get(PV, headers=h["eh"]).json()["praktijkvoorbeelden"]]
    assert ident not in [p["id"] for p in client.get(PV, headers=h["ut"]).json()["praktijkvoorbeelden"]]
    inbox = client.get(PV, params={"status": "ingediend"}, headers=h["pl"]).json()["praktijkvoorbeelden"]
    assert ident in [p["id"] for p in inbox]
    assert client.get(PV, params={"status": "ingediend"}).status_code == 401
    assert ident.encode() not in client.get("/v1/sparql", params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"},
                                            headers={"Accept": "application/n-triples"}).content

    # review: wrong role, then publish
    besluit = {"besluit": "publiceren", "toelichting": "Goed geanonimiseerd", "knelpunten": ["kostendelersnorm-onderdak"]}
    assert client.post(f"{PV}/{ident}/beoordelingen", json=besluit, headers=h["eh"]).status_code == 403
    assert client.post(f"{PV}/{ident}/beoordelingen", json=besluit).status_code == 401
    r = client.post(f"{PV}/{ident}/beoordelingen", json=besluit, headers=h["pl"])
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "gepubliceerd"
    assert zichtbaar_openbaar() == (True, 200, 1, 200, True)
    detail = client.get(f"{PV}/{ident}").json()
    assert detail["knelpunten"] == ["kostendelersnorm-onderdak"] and detail["gemeente"] == "gm0772"
    # an amount a wijkteam submits is attributed to it (its source), not an estimate; the case is an inzending
    assert detail["kosten"] == [{"geldstroom": "participatiewet", "bedrag": 1200.0, "periode": "per jaar",
                                 "schatting": False, "grondslag": None}]
    assert detail["soort"] == "inzending" and detail["illustratie"] is False
    assert client.post(f"{PV}/{ident}/beoordelingen", json=besluit, headers=h["pl"]).status_code == 409


def test_afwijzen_houdt_het_uit_het_openbare(omgeving):
    client, config, h = omgeving
    ident = client.post(PV, json=inzending(titel="Af te wijzen casus"), headers=h["eh"]).json()["id"]
    r = client.post(f"{PV}/{ident}/beoordelingen", json={"besluit": "afwijzen", "toelichting": "Niet anoniem"}, headers=h["pl"])
    assert r.status_code == 200 and r.json()["status"] == "afgewezen"
    assert client.get(f"{PV}/{ident}").status_code == 404
    assert client.get(f"{PV}/{ident}", headers=h["eh"]).json()["status"] == "afgewezen"
    assert ident not in client.get("/v1/sparql", params={"query": "SELECT ?g WHERE { GRAPH ?g {} }"}).text
    assert ident in [p["id"] for p in client.get(PV, params={"status": "afgewezen"}, headers=h["pl"]).json()["praktijkvoorbeelden"]]


def test_idempotentie(omgeving):
    client, config, h = omgeving
    body = inzending(titel="Idempotente casus")
    kop = {**h["eh"], "Idempotency-Key": "sleutel-123"}
    a = client.post(PV, json=body, headers=kop)
    b = client.post(PV, json=body, headers=kop)
    assert a.status_code == b.status_code == 201
    assert a.json() == b.json() and a.headers["Location"] == b.headers["Location"]
    assert b.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in a.headers
    eigen = [p for p in client.get(PV, headers=h["eh"]).json()["praktijkvoorbeelden"] if p["titel"] == "Idempotente casus"]
    assert len(eigen) == 1
    # same key, other body: conflict; same key, other team: a new submission
    assert client.post(PV, json=inzending(titel="Anders"), headers=kop).status_code == 409
    c = client.post(PV, json=body, headers={**h["ut"], "Idempotency-Key": "sleutel-123"})
    assert c.status_code == 201 and c.json()["id"] != a.json()["id"]


@pytest.mark.parametrize("veld,waarde,soort", [
    ("beschrijving", "Mevrouw (BSN 111222333) vangt haar neef op.", "bsn"),
    ("beschrijving", "Bel haar op 06-12345678 voor meer.", "telefoonnummer"),
    ("titel", "Casus bij iemand@voorbeeld.nl", "e-mail"),
    ("beschrijving", "Ze woont op 1234 AB 12 in de wijk.", "postcode"),
    ("beschrijving", "Hij is geboren op 3 maart 1990 en dakloos.", "geboortedatum"),
])
def test_privacy_weigert_en_slaat_niets_op(omgeving, veld, waarde, soort):
    client, config, h = omgeving
    voor = client.get(PV, headers=h["pl"], params={"status": "ingediend"}).json()["totaal"]
    r = client.post(PV, json=inzending(**{veld: waarde}), headers=h["eh"])
    assert r.status_code == 400 and r.headers["content-type"].startswith("application/problem+json")
    fout = r.json()["errors"][0]
    assert fout["location"] == f"/{veld}" and fout["code"] == "persoonsgegevens"
    assert fout["positie"] == waarde.index(next(w for w in waarde.split() if any(ch.isdigit() or ch == "@" for ch in w) or w == "geboren"))
    assert client.get(PV, headers=h["pl"], params={"status": "ingediend"}).json()["totaal"] == voor


def test_geen_vals_alarm(omgeving):
    client, config, h = omgeving
    r = client.post(PV, json=inzending(beschrijving="Zaak 2024-00123: een schuld van € 120.000 en artikel 8:69 Awb; "
                                                    "nummer 123456789 haalt de elfproef niet."), headers=h["eh"])
    assert r.status_code == 201, r.text


def test_ongeldige_invoer_alle_fouten_tegelijk(omgeving):
    client, config, h = omgeving
    r = client.post(PV, json={"beschrijving": 5, "datum": "2025-02-30", "onbekend": 1, "domeinen": "inkomen",
                              "kosten": [{"geldstroom": "wmo", "bedrag": -3, "extra": 1}]}, headers=h["eh"])
    assert r.status_code == 400
    body = r.json()
    assert {"status", "title", "detail"} <= set(body) and body["status"] == 400
    locaties = {e["location"] for e in body["errors"]}
    assert {"/titel", "/beschrijving", "/datum", "/onbekend", "/domeinen", "/kosten/0/bedrag", "/kosten/0/extra"} <= locaties
    assert all(e["in"] == "body" and e["detail"] for e in body["errors"])


def test_onbekende_begrippen(omgeving):
    client, config, h = omgeving
    r = client.post(PV, json=inzending(domeinen=["bestaat-niet"], uitkomst="wonder",
                                       kosten=[{"geldstroom": "loterij", "bedrag": 5}]), headers=h["eh"])
    assert r.status_code == 400
    assert {e["location"] for e in r.json()["errors"]} == {"/domeinen/0", "/uitkomst", "/kosten/0/geldstroom"}


def test_media_en_grootte(omgeving):
    client, config, h = omgeving
    r = client.post(PV, content="titel=x", headers={**h["eh"], "Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 415
    groot = json.dumps(inzending(beschrijving="a" * 70000))
    r = client.post(PV, content=groot, headers={**h["eh"], "Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["status"] == 413
    assert client.post(PV, content="{niet json", headers={**h["eh"], "Content-Type": "application/json"}).status_code == 400


def test_rollen(omgeving):
    client, config, h = omgeving
    r = client.post(PV, json=inzending())
    assert r.status_code == 401 and r.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.post(PV, json=inzending(), headers=h["pl"]).status_code == 403
    assert client.post(PV, json=inzending(), headers={"Authorization": "Bearer kb_onzin"}).status_code == 401
    assert client.get(PV, headers={"Authorization": "Bearer kb_onzin"}).status_code == 401


def test_eigen_inzendingen_zijn_die_van_hetzelfde_token(omgeving):
    """A wijkteam token sees its own unpublished submissions; another token of the same gemeente does not."""
    from kennisbank.tokens import Tokens

    client, config, h = omgeving
    _, collega = Tokens(config.data_dir).maak("wijkteam", "gm0772")
    kop_collega = {"Authorization": f"Bearer {collega}"}
    ident = client.post(PV, json=inzending(titel="Alleen voor het eigen token"), headers=h["eh"]).json()["id"]
    eigen = client.post(PV, json=inzending(titel="Van de collega"), headers=kop_collega).json()["id"]

    def lijst(kop, **params):
        return [p["id"] for p in client.get(PV, headers=kop, params=params).json()["praktijkvoorbeelden"]]

    assert ident in lijst(h["eh"]) and ident in lijst(h["eh"], status="ingediend", paginaGrootte=100)
    assert ident not in lijst(kop_collega) and ident not in lijst(kop_collega, status="ingediend", paginaGrootte=100)
    assert eigen in lijst(kop_collega) and eigen not in lijst(h["eh"])
    assert client.get(f"{PV}/{ident}", headers=h["eh"]).status_code == 200
    assert client.get(f"{PV}/{ident}", headers=kop_collega).status_code == 404
    assert client.get(f"{PV}/{eigen}", headers=kop_collega).json()["status"] == "ingediend"
    # the projectleider sees both in the inbox
    inbox = lijst(h["pl"], status="ingediend", paginaGrootte=100)
    assert ident in inbox and eigen in inbox


def _pv(kb, **weg):
    """Triples of a minimal valid submission, optionally without some predicates (local names)."""
    import pyoxigraph as ox

    N, L = ox.NamedNode, ox.Literal
    s = N(kb.iris.praktijkvoorbeeld("vormtest"))
    kbt = lambda x: N(kb.iris.term(x))
    t = [ox.Triple(s, N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), kbt("Praktijkvoorbeeld")),
         ox.Triple(s, N("http://purl.org/dc/terms/title"), L("Titel", language="nl")),
         ox.Triple(s, N("http://purl.org/dc/terms/description"), L("Beschrijving", language="nl")),
         ox.Triple(s, kbt("gemeente"), N("https://identifier.overheid.nl/tooi/id/gemeente/gm0772")),
         ox.Triple(s, kbt("voorbeeldsoort"), N(kb.iris.concept("voorbeeldsoort", "inzending"))),
         ox.Triple(s, kbt("domein"), N(kb.iris.concept("domein", "inkomen")))]
    return [x for x in t if x.predicate.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1] not in weg]


def test_inzendingvalidator_vindt_wat_de_volledige_vindt(omgeving):
    """The reduced shapes (Praktijkvoorbeeld, Kostenpost) report the same violations as all shapes do."""
    import pyoxigraph as ox

    client, config, h = omgeving
    kb = client.app.state.kb
    N, L = ox.NamedNode, ox.Literal
    s = N(kb.iris.praktijkvoorbeeld("vormtest"))
    kbt = lambda x: N(kb.iris.term(x))
    post = ox.BlankNode()
    artikel = kb.iris.artikel("BWBR0015703", "22a")
    gevallen = {
        "zonder gemeente en titel": _pv(kb, gemeente=1, title=1),
        "twee titels": _pv(kb) + [ox.Triple(s, N("http://purl.org/dc/terms/title"), L("Nog een", language="nl"))],
        "kostenpost fout": _pv(kb) + [
            ox.Triple(s, kbt("kosten"), post), ox.Triple(post, N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), kbt("Kostenpost")),
            ox.Triple(post, kbt("geldstroom"), N(kb.iris.concept("domein", "inkomen"))),
            ox.Triple(post, kbt("bedrag"), L("-5", datatype=N("http://www.w3.org/2001/XMLSchema#decimal")))],
        "bepaling is een knelpunt": _pv(kb) + [ox.Triple(s, kbt("betreftBepaling"), N(kb.iris.knelpunt("kostendelersnorm-onderdak")))],
        "domein buiten het schema": _pv(kb) + [ox.Triple(s, kbt("domein"), N(kb.iris.concept("uitkomst", "maatwerk")))],
    }
    for naam, triples in gevallen.items():
        context = kb.type_context(triples)
        kort = {(v.pad, v.bericht) for v in kb.inzending_validator.validate(triples, context)}
        vol = {(v.pad, v.bericht) for v in kb.validator.validate(triples, context)}
        assert kort and kort == vol, naam
    # a valid submission citing an article: the article (only its type is known here) is not checked
    goed = _pv(kb) + [ox.Triple(s, kbt("betreftBepaling"), N(artikel))]
    assert kb.inzending_validator.validate(goed, kb.type_context(goed)) == []
    assert kb.inzending_validator.shape_count() < 20


def test_wetvraag_telt_gepubliceerde_praktijkvoorbeelden_per_artikel(omgeving):
    """The law's article list counts public cases per article (once, also when a case names the article and
    one of its leden); the article itself lists them; an unpublished case is in neither."""
    client, config, h = omgeving
    url = "/v1/regelingen/BWBR0015703/artikelen"

    def aantal():
        return next(a for a in client.get(url).json()["artikelen"] if a["nummer"] == "22a")["aantalPraktijkvoorbeelden"]

    voor = aantal()
    body = inzending(titel="Telt één keer", regels=["art. 22a lid 1 Pw", "art. 22a Pw"], beschrijving="Een casus over de norm.")
    r = client.post(PV, json=body, headers=h["eh"])
    assert r.status_code == 201, r.text
    ident = r.json()["id"]
    assert aantal() == voor
    assert client.post(f"{PV}/{ident}/beoordelingen", json={"besluit": "publiceren"}, headers=h["pl"]).status_code == 200
    assert aantal() == voor + 1
    art = client.get(f"{url}/22a").json()
    eigen = [p for p in art["praktijkvoorbeelden"] if p["id"] == ident]
    assert len(eigen) == 1 and len(eigen[0]["via"]) == 2
    assert art["aantalPraktijkvoorbeelden"] == len(art["praktijkvoorbeelden"]) == voor + 1
    lijst = client.get(url).json()["artikelen"]
    assert all("praktijkvoorbeelden" not in a for a in lijst)
    assert next(a for a in lijst if a["nummer"] == "22a")["aantalKnelpunten"] == 1


def test_terugsturen_aanpassen_intrekken_in_het_domein(omgeving):
    """The werkruimte's steps in the domain layer: send back with questions, only the submitting token amends
    (with every check of a new submission), withdraw; never public, and the API says why it cannot review."""
    from kennisbank import inzendingen
    from kennisbank.tokens import Tokens

    client, config, h = omgeving
    kb = client.app.state.kb
    tokens = Tokens(config.data_dir)
    eh, ut, pl = (tokens.controleer(h[k]["Authorization"].split()[-1]) for k in ("eh", "ut", "pl"))
    ident = client.post(PV, json=inzending(), headers=h["eh"]).json()["id"]
    with pytest.raises(inzendingen.Ongeldig) as fout:
        inzendingen.stuur_terug(kb, pl, ident, "  ")
    assert fout.value.errors[0]["location"] == "/vragen"
    assert inzendingen.stuur_terug(kb, pl, ident, "Welke uitkomst had het gezin?")["status"] == "teruggestuurd"
    r = client.post(f"{PV}/{ident}/beoordelingen", json={"besluit": "publiceren"}, headers=h["pl"])
    assert r.status_code == 409 and "teruggestuurd" in r.json()["detail"]
    assert inzendingen.dien_opnieuw_in(kb, ut, ident, inzending()) is None  # another gemeente's token
    with pytest.raises(inzendingen.Ongeldig) as fout:
        inzendingen.dien_opnieuw_in(kb, eh, ident, inzending(beschrijving="Bel 06-12345678 voor details."))
    assert fout.value.errors[0]["code"] == "persoonsgegevens"
    assert inzendingen.inzending(kb, ident)["status"] == "teruggestuurd"  # a refused amendment changes nothing
    nieuw = inzending(beschrijving="Door artikel 22a Participatiewet daalde de uitkering; uitkomst: maatwerk.")
    antwoord = inzendingen.dien_opnieuw_in(kb, eh, ident, nieuw)
    assert antwoord["status"] == "ingediend"
    assert any(v.get("regelingNaam") == "Participatiewet" for v in antwoord["herkendeVerwijzingen"])
    inz = inzendingen.inzending(kb, ident)
    assert inz["vragen"] == "Welke uitkomst had het gezin?" and inz["opnieuwIngediendOp"]
    assert "maatwerk" in inz["beschrijving"]
    assert inzendingen.trek_in(kb, ut, ident) is None
    assert inzendingen.trek_in(kb, eh, ident)["status"] == "ingetrokken"
    with pytest.raises(inzendingen.Ongeldig):
        inzendingen.trek_in(kb, eh, ident)  # once
    assert client.get(f"{PV}/{ident}").status_code == 404  # never public
    assert [x["status"] for x in inzendingen.overzicht(kb, token_id=eh.id) if x["id"] == ident] == ["ingetrokken"]
    assert all(x["id"] != ident for x in inzendingen.overzicht(kb, token_id=ut.id))
