"""The rekenhulp (kennisbank/rekenen/): amounts read from the law texts in the kennisbank, every amount traced
to a provision and a version, and the properties a user relies on (hypothesis)."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kennisbank.rekenen import Huishouden, bereken
from kennisbank.rekenen.scenarios import alle, curve, meer_werken, vergelijk_peildata
from kennisbank.rekenen.wetteksten import euro, procenten, uit_repo

REGELS = Path(__file__).resolve().parent.parent / "regels"
PW = "https://kennisbank.botsenderegels.nl/id/regeling/BWBR0015703"


@pytest.fixture(scope="module")
def wt():
    return uit_repo(str(REGELS))


def hh(**kw):
    basis = {"peildatum": "2026-07-01", "aanvrager": {"leeftijd": 35}}
    basis.update(kw)
    return Huishouden.model_validate(basis)


def post(b, code):
    return next(p for p in [*b.posten, *b.bijstandOpbouw] if p.code == code)


def test_bedragen_uit_nederlandse_tekst():
    assert euro("a. een alleenstaande: € 1.401,50; b. gehuwden: € 2.002,13.") == [Decimal("1401.50"), Decimal("2002.13")]
    assert euro("tot € 226,00 en € 1.000 per jaar") == [Decimal("226.00"), Decimal("1000.00")]
    assert procenten("4,273% van het drempelinkomen, vermeerderd met 13,700%") == [Decimal("0.04273"), Decimal("0.137")]


def test_norm_alleenstaande_komt_uit_de_officiele_tekst_van_2026(wt):
    # Participatiewet (BWBR0015703), officiële tekst 2026-01-01, art. 21 onderdeel a: € 1.401,50
    # (../shared/fixtures/bwb/BWBR0015703_2026-01-01_0.xml, Artikel21 Onderdeela).
    b = bereken(hh(), wt)
    norm = post(b, "bijstandsnorm")
    assert norm.perMaand == "1401.50"
    assert norm.herkomst[0].bepaling == f"{PW}/artikel/21/onderdeel/a"
    assert norm.herkomst[0].versie == f"{PW}/artikel/21/onderdeel/a/versie/2026-01-01"
    assert post(b, "bijstand").perMaand == "1401.50"


def test_andere_peildatum_andere_versie_ander_bedrag(wt):
    # art. 21 onderdeel a in de versie van 2024-01-01 (geldig tot 2025-12-31): € 1.283,83
    v = vergelijk_peildata(hh(), wt, date(2025, 7, 1))
    rij = next(r for r in v["posten"] if r["code"] == "bijstandsnorm")
    assert (rij["van"], rij["naar"], rij["verschil"]) == ("1401.50", "1283.83", "-117.67")
    assert {"label": "Pw art. 21 onderdeel a", "van": f"{PW}/artikel/21/onderdeel/a/versie/2026-01-01",
            "naar": f"{PW}/artikel/21/onderdeel/a/versie/2024-01-01"} in rij["waarom"]


def test_kostendelersnorm_volgens_de_formule_van_artikel_22a(wt):
    # Pw art. 22a lid 1: (40% + A × 30%) / A × B, B = art. 21 onderdeel b (gehuwdennorm).
    # 2026: B = € 2.002,13 -> A = 2: 50% = € 1.001,07 (1.001,065 afgerond); A = 3: 43,33% = € 867,59.
    # 2024 versie: B = € 1.834,04 -> A = 2: € 917,02.
    een = hh(medebewoners=[{"leeftijd": 30}])
    assert post(bereken(een, wt), "bijstandsnorm").perMaand == "1001.07"
    assert post(bereken(hh(medebewoners=[{"leeftijd": 30}, {"leeftijd": 58}]), wt), "bijstandsnorm").perMaand == "867.59"
    oud = hh(peildatum="2025-07-01", medebewoners=[{"leeftijd": 30}])
    assert post(bereken(oud, wt), "bijstandsnorm").perMaand == "917.02"
    labels = [h.label for h in post(bereken(een, wt), "bijstandsnorm").herkomst]
    assert "Pw art. 22a lid 1" in labels and "Pw art. 21 onderdeel b" in labels and "Pw art. 19a lid 1" in labels


def test_medebewoner_onder_27_of_commercieel_telt_niet(wt):
    # Pw art. 19a lid 1 (versie 2023-01-01): kostendelende medebewoner is 27 jaar of ouder, geen commerciële huurder
    for m in ({"leeftijd": 26}, {"leeftijd": 40, "commercieleHuurOfStudent": True}):
        assert post(bereken(hh(medebewoners=[m]), wt), "bijstandsnorm").perMaand == "1401.50"


def test_jongerennorm_en_gehuwden(wt):
    # art. 20 lid 1 onderdeel a (2026): € 345,99; art. 21 onderdeel b: € 2.002,13; art. 22 onderdeel a: € 1.564,69
    assert post(bereken(hh(aanvrager={"leeftijd": 19}), wt), "bijstandsnorm").perMaand == "345.99"
    assert post(bereken(hh(partner={"leeftijd": 40}), wt), "bijstandsnorm").perMaand == "2002.13"
    assert post(bereken(hh(aanvrager={"leeftijd": 68, "pensioengerechtigd": True}), wt), "bijstandsnorm").perMaand == "1564.69"
    # 22a lid 2: gehuwden met één kostendeler (A = 3): 2 × 43,33% × € 2.002,13
    b = bereken(hh(partner={"leeftijd": 40}, medebewoners=[{"leeftijd": 30}]), wt)
    assert post(b, "bijstandsnorm").perMaand == "1735.18"


def test_vrijlating_en_verrekening(wt):
    # 8 uur × € 12,50 × 52/12 = € 433,33 loon; art. 31 lid 2 onderdeel n (2026): 25%, ten hoogste € 285,00
    b = bereken(hh(aanvrager={"leeftijd": 35, "urenPerWeek": 8, "nettoUurloon": "12.50"}), wt)
    assert post(b, "vrijlating").perMaand == "108.33"
    assert post(b, "bijstand").perMaand == str(Decimal("1401.50") - Decimal("433.33") + Decimal("108.33"))
    # onder de 27 geen vrijlating (art. 31 lid 5)
    jong = bereken(hh(aanvrager={"leeftijd": 25, "urenPerWeek": 8, "nettoUurloon": "12.50"}), wt)
    assert not [p for p in jong.bijstandOpbouw if p.code == "vrijlating"]
    # vanaf 2027-01-01 geldt art. 34a (15%, geen maximum in lid 1 onderdeel a)
    later = bereken(hh(peildatum="2027-03-01", aanvrager={"leeftijd": 35, "urenPerWeek": 8, "nettoUurloon": "12.50"}), wt)
    v = post(later, "vrijlating")
    assert v.perMaand == "65.00" and v.herkomst[0].bepaling == f"{PW}/artikel/34a/lid/1/onderdeel/a"


def test_vermogen_boven_de_grens_geen_bijstand(wt):
    # art. 34 lid 3 onderdeel a (2026): € 8.000,00
    assert post(bereken(hh(vermogen="8000"), wt), "bijstand").perMaand == "1401.50"
    b = bereken(hh(vermogen="9000", schulden="500"), wt)
    assert post(b, "bijstand").perMaand == "0.00" and any("vermogensgrens" in m for m in b.meldingen)


def test_eigen_risico_en_zorgtoeslag_niet_berekend_zonder_bron(wt):
    # Zvw art. 19 lid 1 (versie 2023-01-01): € 385 per kalenderjaar voor verzekerden van achttien jaar of ouder
    b = bereken(hh(zorgrekening="500", eigenRisicoAlVerbruikt="100"), wt)
    er = post(b, "eigen-risico")
    assert er.perMaand == "-285.00" and er.herkomst[0].label == "Zvw art. 19 lid 1"
    assert any(m.startswith("Zorgtoeslag niet berekend") and "drempelinkomen" in m for m in b.meldingen)


def test_armoedeval_scenario(wt):
    s = meer_werken(hh(aanvrager={"leeftijd": 35, "nettoUurloon": "12.50"}), wt)
    assert s.rijen[0][0] == "+4 uur" and s.rijen[0][3] == "25%"  # alleen de vrijlating blijft over
    assert s.svg.startswith("<svg") and "<title" in s.svg
    assert len(curve(hh(aanvrager={"leeftijd": 35, "nettoUurloon": "12.50"}), wt)) == 41


def test_alle_scenarios_en_elk_bedrag_herleid(wt):
    for s in alle(hh(aanvrager={"leeftijd": 30, "urenPerWeek": 12, "nettoUurloon": "13"}, kinderen=[6]), wt):
        assert s.rijen and s.svg
        for _, b in s.varianten:
            for p in [*b.posten, *b.bijstandOpbouw, b.besteedbaarPerMaand]:
                assert p.herkomst and all(h.versie or h.bron for h in p.herkomst), p


# --- properties --------------------------------------------------------------------------------------------------
bedrag = st.decimals(min_value=0, max_value=5000, places=2)
persoon = st.fixed_dictionaries({
    "leeftijd": st.integers(18, 90), "pensioengerechtigd": st.booleans(),
    "urenPerWeek": st.decimals(min_value=0, max_value=40, places=1), "nettoUurloon": st.decimals(min_value=0, max_value=40, places=2),
    "overigNettoInkomenPerMaand": bedrag, "vrijwilligersvergoedingPerMaand": st.decimals(min_value=0, max_value=300, places=2)})
huishoudens = st.fixed_dictionaries({
    "peildatum": st.sampled_from(["2025-03-01", "2026-07-01", "2027-02-01"]), "aanvrager": persoon,
    "partner": st.none() | persoon, "kinderen": st.lists(st.integers(0, 17), max_size=3),
    "medebewoners": st.lists(st.fixed_dictionaries({"leeftijd": st.integers(18, 90),
                                                    "commercieleHuurOfStudent": st.booleans()}), max_size=3),
    "vermogen": st.decimals(min_value=0, max_value=20000, places=2), "zorgrekening": st.decimals(min_value=0, max_value=800, places=2)})
INSTELLINGEN = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _bijstand(b):
    return Decimal(post(b, "bijstand").perMaand) if any(p.code == "bijstand" for p in b.posten) else None


@INSTELLINGEN
@given(huishoudens, st.decimals(min_value=Decimal("0.1"), max_value=20, places=1))
def test_meer_loon_nooit_meer_bijstand(wt, data, extra):
    h = Huishouden.model_validate(data)
    meer = h.model_copy(update={"aanvrager": h.aanvrager.model_copy(update={"urenPerWeek": h.aanvrager.urenPerWeek + extra})})
    a, b = _bijstand(bereken(h, wt)), _bijstand(bereken(meer, wt))
    if a is not None:
        assert b <= a


@INSTELLINGEN
@given(huishoudens, st.integers(27, 90))
def test_kostendelersnorm_verhoogt_de_norm_nooit(wt, data, leeftijd):
    h = Huishouden.model_validate(data)
    meer = Huishouden.model_validate({**data, "medebewoners": [*data["medebewoners"], {"leeftijd": leeftijd}]})
    na, voor = bereken(meer, wt), bereken(h, wt)
    n1 = [p for p in voor.bijstandOpbouw if p.code == "bijstandsnorm"]
    n2 = [p for p in na.bijstandOpbouw if p.code == "bijstandsnorm"]
    if n1 and n2:
        assert Decimal(n2[0].perMaand) <= Decimal(n1[0].perMaand)


@INSTELLINGEN
@given(huishoudens)
def test_hele_centen_en_altijd_een_bepaling_met_versie(wt, data):
    b = bereken(Huishouden.model_validate(data), wt)
    for p in [*b.posten, *b.bijstandOpbouw, b.besteedbaarPerMaand]:
        for x in (p.perMaand, p.perJaar):
            assert Decimal(x) == Decimal(x).quantize(Decimal("0.01")) and len(x.split(".")[1]) == 2
        assert p.herkomst and all(h.versie or h.bron for h in p.herkomst)
        for par in p.parameters:
            assert par.herkomst.versie or par.herkomst.bron


def test_cli_reken_tabel_en_fouten(tmp_path, capsys):
    from kennisbank.cli import main

    f = tmp_path / "huishouden.yaml"
    f.write_text("peildatum: 2026-07-01\naanvrager: {leeftijd: 35}\nmedebewoners: [{leeftijd: 27}]\n", encoding="utf-8")
    assert main(["reken", str(f), "--vergelijk", "2025-07-01"]) == 0
    uit = capsys.readouterr().out
    assert "Bijstandsnorm met 1 kostendeler(s)" in uit and "€ 1.001,07" in uit and "Pw art. 22a lid 1" in uit
    assert "€ 917,02" in uit and "Pw art. 21 onderdeel b: andere versie" in uit
    f.write_text('{"peildatum": "morgen", "aanvrager": {"leeftijd": 35}, "naam": "x"}', encoding="utf-8")
    assert main(["reken", str(f)]) == 1
    fout = capsys.readouterr().err
    assert "bevat 2 fouten" in fout and "peildatum: is geen datum" in fout and "naam: is geen bekend veld" in fout


def test_zorgtoeslag_formule_van_artikel_2(wt):
    """Wzt art. 2 lid 1-3 (versie 2025-01-01): standaardpremie min normpremie, de percentages uit de wettekst.
    Standaardpremie 2025: € 2.112 (Regeling vaststelling standaardpremie en bestuursrechtelijke premies 2025,
    BWBR0050536 art. 1). Het drempelinkomen hieronder is HYPOTHETISCHE testinvoer, geen feit: voor het echte
    drempelinkomen van 2025 is geen geverifieerde bron gevonden, dus de rekenhulp berekent het zelf niet."""
    from kennisbank.rekenen.bereken import jaarparameters

    params = dict(jaarparameters(2025))
    assert params["standaardpremie"]["waarde"] == "2112.00"
    params["drempelinkomen"] = {"waarde": "20000.00", "bron": "https://voorbeeld.invalid/hypothetisch",
                                "bronnaam": "hypothetische testinvoer"}
    h = hh(peildatum="2025-07-01", toetsingsinkomenJaar="25000")
    zt = post(bereken(h, wt, params), "zorgtoeslag")
    # 2112 − (1,896% × 20000 + 13,7% × 5000) = 2112 − 379,20 − 685 = 1047,80 per jaar -> 87,32 per maand
    assert zt.perMaand == "87.32"
    assert any(x.label == "Wzt art. 2 lid 3" and x.versie.endswith("/versie/2025-01-01") for x in zt.herkomst)
    samen = post(bereken(hh(peildatum="2025-07-01", partner={"leeftijd": 40}, toetsingsinkomenJaar="25000"), wt, params), "zorgtoeslag")
    # 2 × 2112 − (4,273% × 20000 + 13,7% × 5000) = 4224 − 854,60 − 685 = 2684,40 -> 223,70 per maand
    assert samen.perMaand == "223.70"
    zonder = bereken(hh(peildatum="2025-07-01", toetsingsinkomenJaar="25000"), wt)
    assert not [p for p in zonder.posten if p.code == "zorgtoeslag"]
    assert any("drempelinkomen" in m for m in zonder.meldingen)


def test_kostendelersnorm_gepubliceerde_tabel_rijksoverheid(wt):
    """Rijksoverheid, 'Wat is de kostendelersnorm in de bijstand?' (tabel normbedragen volgens kostendelersnorm):
    https://www.rijksoverheid.nl/onderwerpen/bijstand/vraag-en-antwoord/wat-is-de-kostendelersnorm-in-de-bijstand
    Bijstandsnorm per persoon als deel van de gehuwdennorm: 1 persoon 70%, 2: 50%, 3: 43,33%, 4: 40%, 5: 38%."""
    gepubliceerd = {1: Decimal("70"), 2: Decimal("50"), 3: Decimal("43.33"), 4: Decimal("40"), 5: Decimal("38")}
    b = Decimal("2002.13")  # Pw art. 21 onderdeel b, versie 2026-01-01
    for a, pct in gepubliceerd.items():
        h = hh(medebewoners=[{"leeftijd": 30 + i} for i in range(a - 1)])
        norm = Decimal(post(bereken(h, wt), "bijstandsnorm").perMaand)
        assert abs(norm / b * 100 - pct) < Decimal("0.01"), (a, norm)


def test_rekenvoorbeelden_in_de_knelpuntbestanden_rekenen(wt):
    """Every stored rekenvoorbeeld (kb:rekenvoorbeeld in knelpunten/*.ttl) is a valid household whose scenario
    computes from the law texts; at least the four knelpunten of the issue carry one."""
    from kennisbank.rekenen.voorbeelden import lees, reken
    from kennisbank.store.embedded import EmbeddedStore

    store = EmbeddedStore(None)
    for f in sorted((REGELS.parent / "knelpunten").glob("*.ttl")):
        store.add_graph(f"urn:x:{f.stem}", f.read_bytes(), "text/turtle")
    voorbeelden = lees(store, wt.iris)
    kp = "https://kennisbank.botsenderegels.nl/id/knelpunt/"
    for slug in ("kostendelersnorm-onderdak", "deeltijdwerk-vrijlating-verrekening", "jongerennorm-onderhoudsplicht",
                 "eigen-risico-bijzondere-bijstand"):
        assert kp + slug in voorbeelden, slug
    for k, lijst in voorbeelden.items():
        for v in lijst:
            uit = reken(v, wt)
            assert "fout" not in uit, (k, uit.get("fout"))
            assert uit["scenario"].rijen and uit["omschrijving"].startswith("Illustratie")
