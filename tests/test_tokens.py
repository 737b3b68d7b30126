"""Tokens: made once, stored as hashes, revocable; the CLI prints the token as its last word."""

import json
import os
import subprocess
import sys

import pytest

from kennisbank.fouten import KennisbankFout
from kennisbank.tokens import Tokens, token_hash


def test_maak_controleer_intrekken(tmp_path):
    tokens = Tokens(tmp_path)
    record, text = tokens.maak("wijkteam", "GM0772")
    assert record.gemeente == "gm0772" and record.rol == "wijkteam"
    stored = (tmp_path / "tokens.json").read_text()
    assert text not in stored and token_hash(text) in stored
    assert Tokens(tmp_path).controleer(text).id == record.id
    assert tokens.controleer(text + "x") is None
    tokens.intrekken(record.id)
    assert Tokens(tmp_path).controleer(text) is None


def test_intrekken_met_token_zelf(tmp_path):
    tokens = Tokens(tmp_path)
    _, text = tokens.maak("projectleider")
    tokens.intrekken(text)
    assert tokens.controleer(text) is None


@pytest.mark.parametrize("rol,gemeente", [("wijkteam", None), ("wijkteam", "Eindhoven"), ("projectleider", "gm0772"),
                                          ("beheerder", None)])
def test_ongeldige_tokens(tmp_path, rol, gemeente):
    with pytest.raises(KennisbankFout):
        Tokens(tmp_path).maak(rol, gemeente)


def test_cli(tmp_path):
    env = {**os.environ, "KENNISBANK_DATA": str(tmp_path)}
    run = lambda *a: subprocess.run([sys.executable, "-c", "import sys; from kennisbank.cli import main; sys.exit(main())", "token", *a], env=env,
                                    capture_output=True, text=True)
    out = run("maak", "--rol", "wijkteam", "--gemeente", "gm0772")
    assert out.returncode == 0, out.stderr
    token = out.stdout.split()[-1]
    assert Tokens(tmp_path).controleer(token).gemeente == "gm0772"
    lijst = run("lijst")
    assert "wijkteam" in lijst.stdout and token not in lijst.stdout
    ident = json.loads((tmp_path / "tokens.json").read_text())["tokens"][0]["id"]
    assert run("intrekken", ident).returncode == 0
    assert "ingetrokken" in run("lijst").stdout
    fout = run("maak", "--rol", "wijkteam")
    assert fout.returncode == 1 and "gemeente" in fout.stderr
