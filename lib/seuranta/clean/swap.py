"""How ``seuranta clean`` replaces ``data/processed/<programme>``: whole, or not at all.

- **One writer at a time.** The write phase holds an exclusive lock on
  ``data/processed/.clean.lock`` (:func:`write_lock`); a clean of another programme that
  finds it taken waits for it (a clean of the same programme already waited for the
  programme lock, :mod:`seuranta.clean.lock`). The kernel drops the lock when its holder
  dies, so a killed run never leaves a stale lock.
- **Atomic swap.** The new ``data/processed/<programme>`` is built in a staging folder
  ``data/processed/.clean-XXXX/`` (:func:`staging`) and exchanged with the old one in one
  step with Linux ``renameat2(RENAME_EXCHANGE)`` (:func:`exchange`, :func:`swap_in`): at
  every instant the programme has a whole folder, old or new. Where the exchange is not
  available (another OS or file system), the old folder is renamed aside and the new one
  renamed in; a kill between the two renames leaves the old folder in the staging folder,
  and the next run puts it back first (:func:`repair_first`).
- **Leftovers.** Under the lock, each run first repairs that case and then removes every
  ``.clean-*`` staging folder of killed runs (:func:`recover`).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from seuranta.catalog import PROGRAMME_FILE
from seuranta.errors import SeurantaError
from seuranta.files import exclusive_lock
from seuranta.location import display_path

log = logging.getLogger(__name__)

LOCK_NAME = ".clean.lock"
STAGING_PREFIX = ".clean-"


def write_lock(processed: Path) -> contextlib.AbstractContextManager[None]:
    """The exclusive write lock of ``data/processed`` (``processed``); waits if taken."""
    return exclusive_lock(
        processed / LOCK_NAME,
        f"another `seuranta clean` is writing {display_path(processed)}",
        wait=True,
    )


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2); False where not supported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap_in(new: Path, final: Path, aside: Path) -> None:
    """Put the folder ``new`` at ``final``; the old one (if any) ends at ``aside``."""
    if not final.exists():
        os.rename(new, final)
    elif exchange(new, final):
        os.rename(new, aside)  # ``new`` now holds the old tables
    else:
        # Fallback: not atomic. A kill between the two renames leaves ``aside`` holding the
        # old tables with no ``final``: recover puts it back at the next run.
        os.rename(final, aside)
        os.rename(new, final)


def recover(processed: Path) -> None:
    """Repair what killed runs left: put back a programme folder left aside, drop staging."""
    for folder in sorted(processed.glob(STAGING_PREFIX + "*")):
        if not folder.is_dir():
            continue
        for aside in folder.glob("*.old"):
            final = processed / aside.name.removesuffix(".old")
            if not final.exists() and (aside / PROGRAMME_FILE).is_file():
                os.rename(aside, final)
                log.warning("%s: restored after an interrupted clean", display_path(final))
        shutil.rmtree(folder, ignore_errors=True)
        if folder.exists():
            raise SeurantaError(
                f"cannot remove {display_path(folder)}, left by an interrupted clean: "
                "remove it by hand"
            )


def repair_first(processed: Path) -> None:
    """Before validating: put back a folder a killed fallback swap left aside, so a run that
    then fails on bad input does not leave the programme without its last good tables."""
    if not processed.is_dir() or not any(processed.glob(STAGING_PREFIX + "*")):
        return
    with write_lock(processed):
        recover(processed)


@contextlib.contextmanager
def staging(processed: Path) -> Iterator[Path]:
    """A new staging folder in ``processed``, under the write lock and after :func:`recover`;
    removed with whatever is left in it (the old tables) when the block ends."""
    with write_lock(processed):
        recover(processed)
        folder = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=processed))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)
