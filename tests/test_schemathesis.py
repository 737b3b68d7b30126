"""Schemathesis (`st run --checks all`) against a real server process: no token, a wijkteam token and a
projectleider token, a bounded number of examples per operation and a fixed seed. 0 failures expected.
What the OpenAPI cannot express (SPARQL grammar, data in the store) is listed in tests/schemathesis.toml."""

import importlib
import json
import os
import pkgutil
import subprocess
import sys
import urllib.request
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


def rollen_per_operatie() -> dict[str, tuple[str, ...]]:
    """operationId -> the roles it requires (empty: public), from every router in the api package."""
    import api
    from api.auth import rollen_van

    out = {}
    for info in pkgutil.iter_modules(api.__path__):
        router = getattr(importlib.import_module(f"api.{info.name}"), "router", None)
        for route in getattr(router, "routes", []):
            if getattr(route, "operation_id", None):
                out[route.operation_id] = rollen_van(route.dependant)
    return out


def alleen_401_403(uitvoer: str) -> set[str]:
    """The operations schemathesis reports under 'Authentication failed' ('GET /pad')."""
    regels = uitvoer.splitlines()
    start = next((i for i, r in enumerate(regels) if r.strip().startswith("Authentication failed:")), None)
    if start is None:
        return set()
    out = set()
    for r in regels[start + 1:]:
        if r.strip().startswith("\U0001f4a1") or r.startswith(("Missing", "Schema", "=")):
            break
        if r.strip().startswith("- "):
            out.add(r.strip()[2:])
    return out


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
    # 'Authentication failed' lists the operations that answered only 401/403: exactly those this identity has
    # no role for. An operation of its own role there would mean its token does not work (untested, unnoticed).
    with urllib.request.urlopen(f"{url}/v1/openapi.json") as antwoord:
        paden = json.load(antwoord)["paths"]
    rollen = rollen_per_operatie()
    verwacht = {f"{m.upper()} {pad}" for pad, ops in paden.items() for m, op in ops.items()
                if rollen.get(op.get("operationId")) and (tokens[wie] is None or wie not in rollen[op["operationId"]])}
    assert verwacht, "geen operatie vraagt een rol: klopt rollen_per_operatie nog?"
    assert alleen_401_403(uitvoer) == verwacht, uitvoer[-4000:]
