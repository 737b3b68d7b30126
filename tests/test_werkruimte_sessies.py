"""Sessions and one-time login codes of the werkruimte (kennisbank/werkruimte.py), with a clock the test sets."""

from __future__ import annotations

import subprocess
import sys

from kennisbank import werkruimte as w
from kennisbank.tokens import Tokens


class Klok:
    def __init__(self):
        self.t = 1_000_000.0

    def __call__(self):
        return self.t


def test_sessie_verloopt_na_inactiviteit_en_maximaal(tmp_path):
    klok = Klok()
    sessies = w.Sessies(klok)
    token, _ = Tokens(tmp_path).maak("wijkteam", "gm0772")
    s = sessies.meld_aan(sessies.nieuw(), token)
    assert s.aangemeld and s.token_id == token.id and s.gemeente == "gm0772"
    klok.t += w.INACTIEF - 10
    assert sessies.zoek(s.id) is s  # in use: stays
    klok.t += w.INACTIEF + 1
    assert sessies.zoek(s.id) is None  # idle too long
    s = sessies.nieuw(token)
    for _ in range(w.MAXIMAAL // (w.INACTIEF // 2) + 1):  # used all the time, yet it ends
        klok.t += w.INACTIEF // 2
        if sessies.zoek(s.id) is None:
            break
    else:
        raise AssertionError("een sessie die steeds gebruikt wordt, verloopt toch na MAXIMAAL")
    assert klok.t - s.begonnen <= w.MAXIMAAL + w.INACTIEF


def test_aanmelden_geeft_een_nieuw_sessie_id(tmp_path):
    sessies = w.Sessies()
    anoniem = sessies.nieuw()
    token, _ = Tokens(tmp_path).maak("projectleider")
    s = sessies.meld_aan(anoniem, token)
    assert s.id != anoniem.id and s.csrf != anoniem.csrf
    assert sessies.zoek(anoniem.id) is None
    assert w.csrf_klopt(s, s.csrf) and not w.csrf_klopt(s, anoniem.csrf) and not w.csrf_klopt(s, None)


def test_inlogcode_eenmalig_en_kortlevend(tmp_path):
    klok = Klok()
    codes = w.Inlogcodes(tmp_path, klok)
    a, b = codes.maak("tok1"), codes.maak("tok2")
    opgeslagen = (tmp_path / "werkruimte" / "inlogcodes.json").read_text()
    assert a not in opgeslagen and b not in opgeslagen  # only hashes
    assert codes.gebruik(a) == "tok1"
    assert codes.gebruik(a) is None  # once
    klok.t += w.CODE_GELDIG + 1
    assert codes.gebruik(b) is None  # expired
    assert codes.gebruik("verzonnen") is None and codes.gebruik("") is None


def test_token_maak_drukt_inloglink_zonder_token(tmp_path):
    env = {"KENNISBANK_DATA": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "kennisbank", "token", "maak", "--rol", "wijkteam", "--gemeente",
                          "gm0772", "--adres", "https://kb.example"], env=env, check=True, capture_output=True,
                         text=True).stdout
    token = out.split()[-1]  # the token stays the last word of the output
    link = next(r for r in out.splitlines() if r.startswith("https://kb.example/werkruimte/inloggen/link?code="))
    assert token.startswith("kb_") and token not in link
    code = link.split("code=", 1)[1]
    assert code not in (tmp_path / "werkruimte" / "inlogcodes.json").read_text()  # only its hash is stored
    record = Tokens(tmp_path).controleer(token)
    assert w.Inlogcodes(tmp_path).gebruik(code) == record.id
