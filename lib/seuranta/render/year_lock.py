"""One ``seuranta render`` at a time per programme and year, and what a killed one left.

Two renders of the same year would write the same pages and the same manifest; the second
one stops with one line instead (:func:`year_lock`, the kernel's lock on
``outputs/<programme>/<year>/.render.lock``, which goes with the process, so a killed
render leaves none behind). Under the lock, the temporary files of a killed run are
removed (:func:`remove_leftovers`): no other render can be writing them.

Before anything is created, :func:`check_inside_outputs` makes sure the render writes
below ``outputs/`` only: a programme, year, language or ``notebooks`` folder that is a
symbolic link, or a lock file that is one, is refused with one line (a link from
``outputs/<p>/2022/fi`` into ``data/raw`` would have pages and notebooks written into raw
data; a linked ``.render.lock`` would create a file wherever it points).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path

from seuranta.errors import SeurantaError
from seuranta.files import exclusive_lock
from seuranta.location import display_path

log = logging.getLogger(__name__)

LOCK_NAME = ".render.lock"
#: Files of a killed render: :func:`seuranta.files.temp_file` names, ".<target>.<random>"
#: with ".tmp" (pages, downloads, the manifest) or ".ipynb" (executed notebooks).
_LEFTOVER = re.compile(r"^\..+\.[^.]+\.(tmp|ipynb)$")


@contextlib.contextmanager
def year_lock(folder: Path) -> Iterator[None]:
    """Hold the render lock of the year folder ``folder`` (``outputs/<programme>/<year>``);
    its folders are checked first (:func:`check_inside_outputs`), leftovers removed."""
    check_inside_outputs(folder)
    folder.mkdir(parents=True, exist_ok=True)
    busy = (
        f"another `seuranta render` is writing {display_path(folder)} right now; "
        "run again when it has finished"
    )
    with exclusive_lock(folder / LOCK_NAME, busy):
        remove_leftovers(folder)
        yield


def check_inside_outputs(folder: Path) -> None:
    """Refuse a year folder ``outputs/<programme>/<year>`` whose programme or year folder, or
    any folder below it, is a symbolic link or leads out of ``outputs/``, or whose lock file
    is a symbolic link. ``outputs/`` itself may be a link (to a web server's folder, say)."""
    outputs = folder.parent.parent
    try:
        top = outputs.resolve()
    except (OSError, RuntimeError):
        raise SeurantaError(f"{display_path(outputs)}: cannot open the outputs folder") from None
    candidates = [folder.parent, folder]
    if folder.is_dir() and not folder.is_symlink():
        for base, dirs, _ in os.walk(folder, followlinks=False):
            candidates += [Path(base) / name for name in dirs]
    for path in candidates:
        if path.is_symlink():
            raise SeurantaError(
                f"{display_path(path)}: a symbolic link; render writes only below "
                f"{display_path(outputs)}/, so an output folder must be a real folder in it"
            )
        if path.exists():
            try:
                path.resolve().relative_to(top)
            except (ValueError, OSError, RuntimeError):
                raise SeurantaError(
                    f"{display_path(path)}: leads outside {display_path(outputs)}/; "
                    "render writes only below it"
                ) from None
    lock = folder / LOCK_NAME
    if lock.is_symlink() or (lock.exists() and not lock.is_file()):
        raise SeurantaError(
            f"{display_path(lock)}: a symbolic link or not a file; the render lock must be "
            "a plain file (remove it: render makes it again)"
        )


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary files a killed render left below ``folder`` (pages, downloads,
    executed notebooks and the manifest are written to such files, then renamed)."""
    removed = []
    for path in folder.rglob(".*"):
        if path.is_file() and _LEFTOVER.match(path.name) and path.name != LOCK_NAME:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
    if removed:
        log.info("removed %d temporary file(s) of an interrupted render", len(removed))
    return removed
