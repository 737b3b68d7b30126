"""Shared fixtures. Keep this file small and general.

- `oxigraph_server`: a real `oxigraph serve` process for the whole session (one per xdist worker, on a
  free port, with its own temp folder); yields its base URL (`http://127.0.0.1:PORT`).
- `store`: a fresh, empty store, parametrised over the embedded and the remote backend (the remote case
  carries the `server` mark, so `-m "not server"` runs without starting Oxigraph).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from processen import stop

REPO_ROOT = Path(__file__).resolve().parent.parent


def oxigraph_binary() -> str | None:
    """The `oxigraph` CLI from PyPI's `oxigraph` package: next to the Python executable, else on PATH."""
    here = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    if here.is_file():
        return str(here)
    return shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_oxigraph(location: Path) -> tuple[subprocess.Popen, str]:
    binary = oxigraph_binary()
    if binary is None:
        pytest.fail("de oxigraph-server ontbreekt: installeer de testextra's (make test doet dat: pip install -e .[test])")
    last_error = ""
    for _attempt in range(3):  # a free port can be taken between probing and binding
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        log = open(location.parent / f"oxigraph-{port}.log", "wb")
        proc = subprocess.Popen(
            [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if httpx.get(f"{url}/query", timeout=1.0).status_code < 500:
                    return proc, url
            except httpx.TransportError:
                time.sleep(0.05)
        proc.kill()
        proc.wait()
        last_error = (location.parent / f"oxigraph-{port}.log").read_text(errors="replace")[-500:]
    raise RuntimeError(f"oxigraph server did not start: {last_error}")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """Base URL of a running Oxigraph server (query endpoint: URL + '/query')."""
    root = tmp_path_factory.mktemp("oxigraph")
    proc, url = _start_oxigraph(root / "data")
    try:
        yield url
    finally:
        stop(proc)


@pytest.fixture(params=["embedded", pytest.param("remote", marks=pytest.mark.server)])
def store(request, tmp_path):
    """A fresh, empty store of each backend. The remote one shares the session's server: emptied first."""
    if request.param == "embedded":
        from kennisbank.store.embedded import EmbeddedStore

        s = EmbeddedStore(tmp_path / "opslag")
    else:
        from kennisbank.store.remote import RemoteStore

        url = request.getfixturevalue("oxigraph_server")
        s = RemoteStore(f"{url}/query")
        s.update("DROP SILENT ALL")
    try:
        yield s
    finally:
        s.close()
