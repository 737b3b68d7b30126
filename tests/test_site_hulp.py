"""Shared by the site tests: one full build of this repository's data per test session, shared across xdist
workers through a lock file (no tests in this module)."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def gebouwde_data(tmp_path_factory) -> Path:
    """A data folder with the public store built from the repository (no reasoner: faster, same pages)."""
    from kennisbank.build import build
    from kennisbank.config import Config

    gedeeld = tmp_path_factory.getbasetemp().parent  # shared by all xdist workers of this run
    # keyed on the content and the code: the folder outlives the run, so a build of older files or older code
    # must never be reused
    h = hashlib.sha256()
    for folder in ("ontologie", "regels", "organisaties", "experimenten", "knelpunten", "praktijkvoorbeelden",
                   "kennisbank"):
        for f in sorted((REPO / folder).rglob("*")):
            if f.is_file() and f.suffix in (".ttl", ".py"):
                h.update(f.relative_to(REPO).as_posix().encode())
                h.update(f.read_bytes())
    doel = gedeeld / f"site-kennisbank-{h.hexdigest()[:16]}"
    with open(gedeeld / "site-kennisbank.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (doel / "klaar").exists():
            if doel.exists():
                shutil.rmtree(doel)
            doel.mkdir()
            build(Config(data_dir=doel / "data", source_root=REPO), reason=False)
            (doel / "klaar").write_text("ok")
    return doel / "data"


def kopie(bron: Path, doel: Path) -> Path:
    """A private copy of a built data folder (tests that publish must not touch the shared one)."""
    shutil.copytree(bron, doel, ignore=shutil.ignore_patterns("site", "site.*", "*.lock"))
    return doel


def omgeving(data: Path) -> dict:
    env = dict(os.environ)
    env.update({"KENNISBANK_DATA": str(data), "KENNISBANK_BRON": str(REPO)})
    env.pop("KENNISBANK_SPARQL_URL", None)
    return env
