"""Build into a fresh embedded store and switch to it atomically.

`{data}/opslag/huidig` names the store folder in use. A build writes a new folder beside it and, only
when everything succeeded, replaces the pointer file in one rename. A failed build leaves the pointer,
and so the previous store, untouched.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from ..fouten import KennisbankFout

from ..wijzer import current, prune, switch


def store_root(data_dir: Path) -> Path:
    return Path(data_dir) / "opslag"


def current_store_path(data_dir: Path) -> Path:
    return current(store_root(data_dir)) or store_root(data_dir) / "openbaar"


def new_store_path(data_dir: Path) -> Path:
    root = store_root(data_dir)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KennisbankFout(f"De datamap '{data_dir}' is niet beschrijfbaar: {exc.strerror or exc}.") from exc
    # A fresh, unique folder: two builds in the same second must never share one.
    try:
        return Path(tempfile.mkdtemp(prefix=f"openbaar-{time.strftime('%Y%m%dT%H%M%S')}-", dir=root))
    except OSError as exc:
        raise KennisbankFout(f"De datamap '{data_dir}' is niet beschrijfbaar: {exc.strerror or exc}.") from exc


def activate(data_dir: Path, path: Path) -> None:
    """Make `path` the store in use, then remove the folders no longer pointed at."""
    root = store_root(data_dir)
    try:
        switch(root, path)
    except OSError as exc:
        raise KennisbankFout(f"De nieuwe opslag kon niet in gebruik worden genomen: {exc.strerror or exc}.") from exc
    # a server that still has the previous store open keeps its files until it reopens (POSIX unlink)
    prune(root, "openbaar", {path})


def discard(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
