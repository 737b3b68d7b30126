"""Start `kennisbank serve` as a real process on a free port (for tests a user would meet over HTTP)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time

import httpx

from processen import stop


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def echte_server(config, **env_extra: str):
    """Yield the base URL of a server process for `config` (its data and source root); extra env vars
    (e.g. KENNISBANK_BASE_IRI) are passed on. The process is stopped afterwards."""
    port = vrije_poort()
    env = {**os.environ, "KENNISBANK_DATA": str(config.data_dir), "KENNISBANK_BRON": str(config.source_root),
           **env_extra}
    proc = subprocess.Popen([sys.executable, "-c", "import sys; from kennisbank.cli import main; sys.exit(main())",
                             "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/v1/gezondheid", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                stop(proc)
                raise AssertionError(proc.stdout.read().decode(errors="replace"))
            time.sleep(0.1)
        yield base
    finally:
        stop(proc)
