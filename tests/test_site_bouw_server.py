"""`kennisbank site bouw` while `kennisbank serve` holds the embedded store: the build reads a checkpoint the
running server makes on request (kennisbank/store/kopievraag.py), never the server's locked store."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

from echte_server import echte_server
from kennisbank.config import Config
from kennisbank.fouten import KennisbankFout
from kennisbank.store.embedded import EmbeddedStore, OpslagInGebruik
from kennisbank.store.kopievraag import MAP, vraag_kopie
from kennisbank.store.swap import current_store_path
from test_site_hulp import REPO, gebouwde_data, kopie, omgeving


def test_site_bouw_while_the_server_runs(tmp_path_factory):
    data = kopie(gebouwde_data(tmp_path_factory), tmp_path_factory.mktemp("bouw-naast-server") / "data")
    config = Config(data_dir=data, source_root=REPO)
    with echte_server(config) as base:
        assert httpx.get(f"{base}/index.html", timeout=10).status_code == 404  # no site yet
        assert httpx.get(f"{base}/v1/knelpunten", timeout=30).status_code == 200
        with pytest.raises(OpslagInGebruik):  # the server holds the store: a second process cannot open it
            EmbeddedStore(current_store_path(data))
        r = subprocess.run([sys.executable, "-m", "kennisbank", "site", "bouw"], env=omgeving(data),
                           capture_output=True, text=True, timeout=600)
        assert r.returncode == 0, r.stdout + r.stderr
        assert "Site geschreven" in r.stdout and "in gebruik" not in r.stderr
        thuis = httpx.get(f"{base}/index.html", timeout=10)
        assert thuis.status_code == 200 and "Kennisbank Botsende Regels" in thuis.text
        assert httpx.get(f"{base}/doc/regeling/BWBR0015703/artikel/22a.html", timeout=10).status_code == 200
        # the server still answers the API, and the checkpoint was removed after the build
        assert httpx.get(f"{base}/v1/gezondheid", timeout=10).status_code == 200
    assert not [x for x in (data / MAP).iterdir() if not x.name.startswith(".")]


def test_without_a_server_the_request_ends_with_a_dutch_sentence(tmp_path):
    with pytest.raises(KennisbankFout, match="draait de server nog"):
        vraag_kopie(tmp_path, wacht=0.3)
    assert not list((tmp_path / MAP).iterdir())
