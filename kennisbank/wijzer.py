"""A pointer file names the folder in use (the public store, the search index).

Writers build a new folder beside the current one and switch by replacing the pointer in one rename, so
readers always see either the old or the new folder, never half of one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from . import generatie
from .duurzaam import schrijf_atomisch

POINTER = "huidig"


def current(root: Path) -> Path | None:
    """The folder the pointer in `root` names, if it exists."""
    try:
        name = (Path(root) / POINTER).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    path = Path(root) / name
    return path if name and path.is_dir() else None


def switch(root: Path, folder: Path) -> None:
    """Point at `folder` (a child of `root`) atomically and durably; raises OSError on failure. Afterwards the
    generations of the data folder (`root`'s parent) change, so no remembered answer outlives the switch."""
    root = Path(root)
    schrijf_atomisch(root / POINTER, folder.name + "\n")
    for kanaal in (generatie.OPENBAAR, generatie.ZOEKINDEX):  # a switch is rare: both, whichever it was
        generatie.bump(root.parent, kanaal)


def prune(root: Path, prefix: str, keep: set[Path]) -> None:
    """Remove the folders in `root` starting with `prefix` that are not in `keep` (superseded builds)."""
    names = {k.name for k in keep if k is not None}
    for child in Path(root).iterdir():
        if child.is_dir() and child.name.startswith(prefix) and child.name not in names:
            shutil.rmtree(child, ignore_errors=True)
