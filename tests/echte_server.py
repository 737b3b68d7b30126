"""`echte_server(config)`: a real server process for a `with` block (a thin wrapper of the one way to start one,
`processen.start_kennisbank`)."""

from __future__ import annotations

import contextlib

from processen import start_kennisbank, stop, vrije_poort  # noqa: F401  (vrije_poort: the old name stays)


@contextlib.contextmanager
def echte_server(config, **env_extra: str):
    """Yield the base URL of a server process for `config` (its data and source root); extra env vars
    (e.g. KENNISBANK_BASE_IRI) are passed on. The process is stopped afterwards."""
    proc, base = start_kennisbank(config, **env_extra)
    try:
        yield base
    finally:
        stop(proc)
