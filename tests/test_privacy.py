"""The privacy guard: true positives (refused) and false positives (allowed)."""

import pytest

from kennisbank.privacy import elfproef, iban_geldig, zoek_persoonsgegevens


def soorten(tekst):
    return [h.soort for h in zoek_persoonsgegevens(tekst)]


@pytest.mark.parametrize("tekst,soort", [
    ("BSN 111222333 van de cliënt", "bsn"),
    ("bsn: 123.456.782", "bsn"),
    ("nummer 1234 56 782 genoemd", "bsn"),
    ("rekening NL91ABNA0417164300 leeg", "iban"),
    ("rekening NL91 ABNA 0417 1643 00 leeg", "iban"),
    ("mail naar iemand@voorbeeld.nl graag", "e-mail"),
    ("bel 06-12345678 even", "telefoonnummer"),
    ("bel 06 12 34 56 78 even", "telefoonnummer"),
    ("bel +31 6 12345678 even", "telefoonnummer"),
    ("bel 020-1234567 even", "telefoonnummer"),
    ("bel 0591-123456 even", "telefoonnummer"),
    ("woont op 1234 AB 12 sinds kort", "postcode"),
    ("woont op 5611AB 7a sinds kort", "postcode"),
    ("zij is geboren op 3 maart 1990 in", "geboortedatum"),
    ("cliënt geb. 03-03-1990", "geboortedatum"),
    ("de geboortedatum staat in het dossier", "geboortedatum"),
    ("auto met kenteken 12-ABC-3 verkocht", "kenteken"),
    ("auto AB-123-C verkocht", "kenteken"),
    ("auto 1-ABC-23 verkocht", "kenteken"),
    ("auto 99-XX-XX verkocht", "kenteken"),
])
def test_herkent_persoonsgegevens(tekst, soort):
    hits = zoek_persoonsgegevens(tekst)
    assert [h.soort for h in hits] == [soort]
    h = hits[0]
    assert tekst[h.begin:h.eind].strip()  # the position points at the hit itself
    assert h.begin > 0


@pytest.mark.parametrize("tekst", [
    "zaaknummer 2024-00123 bij de gemeente",
    "een schuld van € 120.000 bij de Belastingdienst",
    "een bedrag van 1.234.567 euro",
    "het getal 123456789 haalt de elfproef niet",
    "artikel 22a, artikel 8:69 Awb en artikel 2.3.5 Wmo 2015",
    "artikel 78ff Participatiewet, lid 1 onderdeel a",
    "de toeslag van 2023 was 1234 euro per jaar",
    "in 2016-2017 liep de City Deal",
    "BWBR0015703 is de Participatiewet",
    "jci1.3:c:BWBR0015703&artikel=22a&lid=1&g=2026-01-01",
    "een jongere van 18 jaar, geboren in de jaren negentig",
    "het team beslist op 3 maart 2024 over het maatwerk",
    "NL12ABCD0123456789 is geen geldig rekeningnummer",
    "de wet van 1 juli 2015 (Stb. 2015, 123)",
])
def test_laat_gewone_tekst_door(tekst):
    assert zoek_persoonsgegevens(tekst) == []


def test_elfproef_en_iban():
    assert elfproef("111222333")
    assert not elfproef("123456789")
    assert not elfproef("000000000")
    assert iban_geldig("NL91ABNA0417164300")
    assert not iban_geldig("NL91ABNA0417164301")


def test_meerdere_treffers_in_volgorde():
    tekst = "mail a@b.nl, bel 06-12345678, bsn 111222333"
    assert soorten(tekst) == ["e-mail", "telefoonnummer", "bsn"]


# --- the broad set of illustrations (tests/privacy_teksten.yaml) ------------------------------------------------
def _teksten():
    import pathlib

    import yaml

    return yaml.safe_load((pathlib.Path(__file__).parent / "privacy_teksten.yaml").read_text(encoding="utf-8"))


TEKSTEN = _teksten()


def test_de_verzameling_is_breed():
    assert len(TEKSTEN["weigeren"]) + len(TEKSTEN["toestaan"]) >= 60
    assert len(TEKSTEN["weigeren"]) >= 30 and len(TEKSTEN["toestaan"]) >= 30


@pytest.mark.parametrize("geval", TEKSTEN["weigeren"], ids=lambda g: g["tekst"][:40])
def test_weigert(geval):
    tekst, stuk = geval["tekst"], geval["stuk"]
    hits = zoek_persoonsgegevens(tekst)
    assert [h.soort for h in hits] == [geval["soort"]], hits
    # the position is in the text as typed (before normalisation) and covers the personal data
    begin = tekst.index(stuk)
    h = hits[0]
    assert h.begin <= begin and begin + len(stuk) <= h.eind + 3, (tekst[h.begin:h.eind], stuk)
    assert tekst[h.begin:h.eind].strip() and h.eind <= len(tekst)


@pytest.mark.parametrize("tekst", TEKSTEN["toestaan"], ids=lambda t: t[:40])
def test_staat_toe(tekst):
    assert zoek_persoonsgegevens(tekst) == []


def test_normalisatie_bewaart_posities():
    from kennisbank.privacy import normaliseer

    tekst = "a\u200bb１\u00a0c–d"
    norm, plek = normaliseer(tekst)
    assert norm == "ab1 c-d"
    assert [tekst[plek[i]] for i in range(len(norm))] == ["a", "b", "１", "\u00a0", "c", "–", "d"]
