"""Durable writes: a file that is either wholly there or not at all, and survives a crash once written.

The one way to replace a file in the data folder or the repository (tokens, pointers, generations, the search
index pointer, signals, site pages, imported law files, the journal's applied position, the site queue)."""

from __future__ import annotations

import os
import secrets
import threading
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


def schrijf_atomisch(pad: Path, data: bytes | str, *, modus: int = 0o644, duurzaam: bool = True) -> Path:
    """Write `data` (text as UTF-8) to `pad` through a temporary file in the same folder (its own name per
    process and thread, so concurrent writers never share one), fsynced, renamed, folder fsynced.

    `modus`: the file's permissions (0o600 for secrets). `duurzaam=False` skips both fsyncs, for files whose
    loss in a power cut does no harm (a cache token): still atomic, never half written."""
    pad = Path(pad)
    if isinstance(data, str):
        data = data.encode("utf-8")
    tijdelijk = pad.with_name(f".{pad.name}.{os.getpid()}.{threading.get_ident()}.{secrets.token_hex(3)}.tmp")
    try:
        fd = os.open(tijdelijk, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, modus)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if duurzaam:
                f.flush()
                os.fsync(f.fileno())
        os.chmod(tijdelijk, modus)  # the umask may have narrowed it
        os.replace(tijdelijk, pad)
    except BaseException:
        try:
            os.unlink(tijdelijk)
        except OSError:
            pass
        raise
    if duurzaam:
        fsync_map(pad.parent)
    return pad
