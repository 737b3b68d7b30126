"""Schemathesis (`st run --checks all`) against a real server process: no token, a wijkteam token and a
projectleider token, a bounded number of examples per operation and a fixed seed. 0 failures expected.
What the OpenAPI cannot express (SPARQL grammar, data in the store) is listed in tests/schemathesis.toml."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from api_fixture import maak_omgeving
from echte_server import echte_server

pytestmark = pytest.mark.server

HIER = Path(__file__).resolve().parent
ST = Path(sys.executable).with_name("st")
VOORBEELDEN = int(os.environ.get("KENNISBANK_ST_VOORBEELDEN", "10"))  # per operation; CI keeps it bounded


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    config, eindhoven, _, pl = maak_omgeving(tmp_path_factory.mktemp("st"))
    with echte_server(config) as url:
        yield url, {"geen token": None, "wijkteam": eindhoven, "projectleider": pl}


@pytest.mark.parametrize("wie", ["geen token", "wijkteam", "projectleider"])
def test_schemathesis_vindt_niets(server, wie, tmp_path):
    assert ST.exists(), "schemathesis ontbreekt: installeer de testextra's (pip install -e '.[test]')"
    url, tokens = server
    cmd = [str(ST), "--config-file", str(HIER / "schemathesis.toml"), "run", f"{url}/v1/openapi.json",
           "--checks", "all", "--max-examples", str(VOORBEELDEN), "--workers", "1", "--seed", os.environ.get("KENNISBANK_ST_SEED", "20261203"),
           "--no-color", "--generation-database", "none", "--report-dir", str(tmp_path)]
    if tokens[wie]:
        cmd += ["-H", f"Authorization: Bearer {tokens[wie]}"]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    uitvoer = r.stdout + r.stderr
    assert r.returncode == 0, uitvoer[-8000:]
    assert " failures" not in uitvoer.splitlines()[-1] and "error" not in uitvoer.splitlines()[-1], uitvoer[-4000:]
