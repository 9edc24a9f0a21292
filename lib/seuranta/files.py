"""Files written whole, one writer at a time, and a file's hash: the library's only copies.

- :func:`write_atomic` writes a file whole or not at all: the bytes go to a unique
  temporary file in the same folder (:func:`temp_file`), which is then renamed over the
  target, so a reader sees the old file or the new one, never a part. Nothing is synced to
  disk: the writes survive a killed process, which is what the render and clean tests kill.
- :func:`exclusive_lock` lets one process at a time through (``seuranta render`` per
  report year, ``seuranta clean`` for ``data/processed``); a second one is refused at once.
- :func:`sha256_file` is the hash the manifest, the cache key and ``seuranta verify`` use.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from seuranta.errors import SeurantaError


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


@contextlib.contextmanager
def exclusive_lock(path: Path, busy: str) -> Iterator[None]:
    """Hold an exclusive lock on the file ``path`` (created if missing) for the block.

    The lock is the kernel's (``flock``): it goes when its holder closes the file or dies,
    so a killed process never leaves a stale lock behind. It does not wait: when another
    process holds it, :class:`~seuranta.errors.SeurantaError` with the message ``busy``
    is raised at once.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SeurantaError(busy) from None
        yield
    finally:
        os.close(fd)  # closing drops the lock


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's content, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
