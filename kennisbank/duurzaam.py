"""Durable writes: a file that is either wholly there or not at all, and survives a crash once written."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_map(path: Path) -> None:
    """Flush a folder's entries (a rename or a new file in it) to disk; best effort where the OS refuses."""
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


def schrijf_atomisch(pad: Path, data: bytes) -> Path:
    """Write `data` to `pad` through a temporary file in the same folder, fsynced, renamed, folder fsynced."""
    tijdelijk = pad.with_name(f".{pad.name}.tmp")
    with open(tijdelijk, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tijdelijk, pad)
    fsync_map(pad.parent)
    return pad
