"""Atomic file writes: a temp file beside the target, then a rename (a killed run never leaves half a file)."""

from __future__ import annotations

import os
import re
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def _read_umask() -> int:
    """Return the process umask (read once, at import: setting it to read it is not thread-safe)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


@contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "w", shared: bool = True) -> Iterator[IO]:
    """Yield a handle on a unique temp file beside `path`; on success rename it over `path`, else delete it.

    Each writer gets its own temp name, so two runs writing the same file never mix their bytes: the last rename
    wins whole. `shared` gives the file the permissions a plain open() would (mkstemp makes 0600).
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{_owner()}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": ""})) as handle:
            yield handle
        if shared:
            os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    """Write a UTF-8 text file atomically."""
    with atomic_open(path, "w") as handle:
        handle.write(text)


def _owner() -> str:
    """Return 'host-pid' of this process, written into temp names so a later run can tell abandoned ones."""
    return f"{re.sub(r'[^A-Za-z0-9]+', '_', socket.gethostname())}-{os.getpid()}"


def remove_abandoned_temps(folder: str | os.PathLike) -> list[Path]:
    """Delete the temp files in `folder` left by a killed writer on this host (its process is gone); return them.

    Temp files of live writers, and of writers on other hosts (a shared disk), are left alone.
    """
    host = _owner().rsplit("-", 1)[0]
    removed = []
    for tmp in Path(folder).glob(".*.tmp"):
        m = re.search(r"\.([A-Za-z0-9_]+)-(\d+)\.[^.]+\.tmp$", tmp.name)
        if m is None or m.group(1) != host or _alive(int(m.group(2))):
            continue
        tmp.unlink(missing_ok=True)
        removed.append(tmp)
    return removed


def _alive(pid: int) -> bool:
    """Return True if a process with this id exists on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
