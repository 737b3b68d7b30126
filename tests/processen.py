"""Helpers for tests that start real processes (servers)."""

from __future__ import annotations

import subprocess


def stop(proc: subprocess.Popen, timeout: float = 10) -> None:
    """Terminate a process and wait for it; kill it if it does not stop in time."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def vrije_poort() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_kennisbank(config=None, *, env: dict | None = None, log=None, timeout: float = 120,
                     **env_extra: str) -> tuple[subprocess.Popen, str]:
    """`kennisbank serve` as `make run` starts it, on a free port; waits until /v1/gezondheid answers. Returns
    (process, base URL). The ONE way the tests start a real server (`echte_server` wraps it).

    `config`: its data folder and source root go into the environment; `env`: the whole environment instead
    (e.g. without KENNISBANK_SPARQL_URL); `env_extra`: added on top. Output goes to `log` (default
    `{data}/server.log`), never to a pipe that nobody reads."""
    import os
    import sys
    import time
    from pathlib import Path

    import httpx

    port = vrije_poort()
    if env is None:
        env = dict(os.environ)
        if config is not None:
            env.update({"KENNISBANK_DATA": str(config.data_dir), "KENNISBANK_BRON": str(config.source_root)})
    env = {**env, **env_extra}
    log = Path(log) if log is not None else Path(env["KENNISBANK_DATA"]) / "server.log"
    with open(log, "ab") as out:
        proc = subprocess.Popen([sys.executable, "-c", "import sys; from kennisbank.cli import main; sys.exit(main())",
                                 "serve", "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{base}/v1/gezondheid", timeout=10).status_code == 200:
                return proc, base
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            stop(proc)
            raise RuntimeError("de server kwam niet op: " + log.read_text(errors="replace")[-3000:])
        time.sleep(0.1)


def threads(pid: int) -> int:
    """Threads of a process (Linux /proc)."""
    with open(f"/proc/{pid}/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("Threads:"))


def kinderen(pid: int) -> dict[int, str]:
    """Child processes of `pid` and their state letter (R running, S sleeping …), from /proc."""
    import os

    out = {}
    for naam in os.listdir("/proc"):
        if not naam.isdigit():
            continue
        try:
            with open(f"/proc/{naam}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        rest = stat[stat.rindex(")") + 2:].split()
        if int(rest[1]) == pid:
            out[int(naam)] = rest[0]
    return out
