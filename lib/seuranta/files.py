"""Files written whole, one writer at a time, and a file's hash: the library's only copies.

- :func:`write_atomic` writes a file whole or not at all: the bytes go to a unique
  temporary file in the same folder (:func:`temp_file`), which is then renamed over the
  target, so a reader sees the old file or the new one, never a part. Nothing is synced to
  disk: the writes survive a killed process, which is what the render and clean tests kill.
- :func:`exclusive_lock` lets one process at a time through (``seuranta render`` per
  report year, the programme lock that ``clean`` and ``render`` share); a second one is
  refused at once, or waits where the caller asks it to. A process that already holds a
  lock passes it again (``render`` cleans a stale programme under the lock it holds).
- :func:`sha256_file`, :func:`tree_hashes` and :func:`digest` are the hashes the
  manifest, the cache key, the clean record and ``seuranta verify`` use.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from seuranta.errors import SeurantaError

log = logging.getLogger(__name__)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def temp_file(target: Path, suffix: str = ".tmp") -> Path:
    """An empty temporary file beside ``target``, with the permissions of a new file.

    Its name is ``.<target name>.<random><suffix>``: hidden, unique, and recognisable as a
    leftover of a killed writer (see :mod:`seuranta.render.year_lock`).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes it 0600
    os.close(fd)
    return Path(tmp)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` whole or not at all (module docstring)."""
    tmp = temp_file(path)
    try:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


#: The locks this process holds, by resolved path, with how many blocks hold each.
_HELD: dict[Path, int] = {}


@contextlib.contextmanager
def exclusive_lock(path: Path, busy: str, *, wait: bool = False) -> Iterator[None]:
    """Hold an exclusive lock on the file ``path`` (created if missing), or on the folder
    ``path``, for the block.

    The lock is the kernel's (``flock``): it goes when its holder closes the file or dies,
    so a killed process never leaves a stale lock behind. When another process holds it,
    :class:`~seuranta.errors.SeurantaError` with the message ``busy`` is raised at once,
    or with ``wait`` the message is logged and the call waits for its turn. A block nested
    in one that holds the same lock passes. A folder is locked without writing anything in
    it (the programme lock is its raw folder, which code never writes).
    """
    key = path.resolve()
    if _HELD.get(key):
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    flags = os.O_RDONLY if path.is_dir() else os.O_RDWR | os.O_CREAT
    fd = os.open(path, flags, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise SeurantaError(busy) from None
            log.info("%s: waiting for it to finish", busy)
            fcntl.flock(fd, fcntl.LOCK_EX)
        _HELD[key] = 1
        try:
            yield
        finally:
            del _HELD[key]
    finally:
        os.close(fd)  # closing drops the lock


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's content, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def tree_hashes(root: Path) -> dict[str, str]:
    """SHA-256 of every file below ``root`` (relative POSIX paths), except caches and dotfiles."""
    found = {}
    if not root.is_dir():
        return found
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name.endswith((".pyc", ".pyo")):
                continue
            path = Path(folder, name)
            found[path.relative_to(root).as_posix()] = sha256_file(path)
    return found


def digest(value: Any) -> str:
    """The SHA-256 of a JSON-able value (keys sorted)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()
