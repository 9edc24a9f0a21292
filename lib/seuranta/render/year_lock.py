"""One ``seuranta render`` at a time per programme and year, and what a killed one left.

Two renders of the same year would write the same pages and the same manifest; the second
one stops with one line instead (:func:`year_lock`, the kernel's lock on
``outputs/<programme>/<year>/.render.lock``, which goes with the process, so a killed
render leaves none behind). Under the lock, the temporary files of a killed run are
removed (:func:`remove_leftovers`): no other render can be writing them.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from pathlib import Path

from seuranta.files import exclusive_lock
from seuranta.location import display_path

log = logging.getLogger(__name__)

LOCK_NAME = ".render.lock"
#: Files of a killed render: :func:`seuranta.files.temp_file` names, ".<target>.<random>"
#: with ".tmp" (pages, downloads, the manifest) or ".ipynb" (executed notebooks).
_LEFTOVER = re.compile(r"^\..+\.[^.]+\.(tmp|ipynb)$")


@contextlib.contextmanager
def year_lock(folder: Path) -> Iterator[None]:
    """Hold the render lock of the year folder ``folder``; leftovers are removed first."""
    folder.mkdir(parents=True, exist_ok=True)
    busy = (
        f"another `seuranta render` is writing {display_path(folder)} right now; "
        "run again when it has finished"
    )
    with exclusive_lock(folder / LOCK_NAME, busy):
        remove_leftovers(folder)
        yield


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
