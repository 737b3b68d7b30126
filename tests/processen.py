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


def start_kennisbank(config, **env_extra: str) -> tuple[subprocess.Popen, str]:
    """`kennisbank serve` as `make run` starts it, on a free port, for `config`; waits until /v1/gezondheid
    answers. Returns (process, base URL). Output goes to `{data}/server.log`."""
    import os
    import sys
    import time

    import httpx

    port = vrije_poort()
    env = {**os.environ, "KENNISBANK_DATA": str(config.data_dir), "KENNISBANK_BRON": str(config.source_root),
           **env_extra}
    log = open(f"{config.data_dir}/server.log", "ab")
    proc = subprocess.Popen([sys.executable, "-c", "import sys; from kennisbank.cli import main; sys.exit(main())",
                             "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{base}/v1/gezondheid", timeout=10).status_code == 200:
                return proc, base
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            stop(proc)
            raise RuntimeError(open(f"{config.data_dir}/server.log", errors="replace").read()[-2000:])
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
