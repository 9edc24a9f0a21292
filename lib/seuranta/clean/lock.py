"""One ``clean`` or ``render`` of a programme at a time: the programme lock.

A render reads ``data/processed/<programme>`` from its first page to its PDF book; a clean
replaces that folder. Both hold the programme's lock for their whole run, and a second one
waits for its turn instead of interleaving: a render never reads half of one clean and half
of another, and of two cleans the second reads raw after the first has written, so no
update is lost. A render that finds raw changed cleans under the lock it already holds.

The lock is the kernel's lock on the programme's raw folder, ``data/raw/<programme>/``:
nothing is written anywhere to take it, and it goes with its holder, so a killed run leaves
none behind.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from seuranta.files import exclusive_lock
from seuranta.paths import ProjectPaths


@contextlib.contextmanager
def programme_lock(paths: ProjectPaths, programme: str) -> Iterator[None]:
    """Hold ``programme``'s lock for the block, waiting while another process holds it.

    A programme without a raw folder has nothing to protect: the block runs unlocked and
    fails on the missing folder with its own message.
    """
    folder = paths.raw_programme(programme)
    if not folder.is_dir():
        yield
        return
    busy = f"another `seuranta clean` or `seuranta render` of {programme} is running"
    with exclusive_lock(folder, busy, wait=True):
        yield


@contextlib.contextmanager
def programme_locks(paths: ProjectPaths, programmes: list[str]) -> Iterator[None]:
    """The locks of several programmes, always taken in the same (sorted) order, so that two
    runs over overlapping programmes cannot wait for each other forever."""
    with contextlib.ExitStack() as stack:
        for programme in sorted(set(programmes)):
            stack.enter_context(programme_lock(paths, programme))
        yield
