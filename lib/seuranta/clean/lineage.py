"""What ``data/processed/<programme>`` was cleaned from, and what has changed since.

``clean`` records, beside the tables it writes, the SHA-256 of every raw file of the
programme (``data/raw/<programme>/``, not hidden files, as clean reads them) and of the
library that cleaned them (``cleaned-from.json``, :data:`seuranta.catalog.TABLES`).
``render`` compares the record with raw and the library before anything else
(:func:`changes`); where they differ, the processed data are stale and it cleans first, as
make rebuilds a target older than its sources. Hashes, never times: a file saved again
unchanged is not a change, and a file restored from a backup is.

The record also holds the hash of every file the clean wrote (``written``), so that a
commentary-only refresh (:mod:`seuranta.clean.commentary_refresh`) can check the tables it
keeps before it copies them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from seuranta.catalog import table_file
from seuranta.files import digest, tree_hashes
from seuranta.location import LIBRARY_ROOT, display_path
from seuranta.paths import ProjectPaths

VERSION = 1


@cache
def library_digest() -> str:
    """One hash of every file of the library: its code, texts and templates (computed once
    per process: a process runs one version of the library)."""
    return digest(tree_hashes(LIBRARY_ROOT))


def state(paths: ProjectPaths, programme: str) -> dict[str, Any]:
    """What a clean of ``programme`` now would be made from."""
    return {
        "version": VERSION,
        "raw": tree_hashes(paths.raw_programme(programme)),
        "library": library_digest(),
    }


def record_path(paths: ProjectPaths, programme: str) -> Path:
    return paths.processed_programme(programme) / table_file("lineage")


def written(folder: Path) -> dict[str, str]:
    """The hash of every file a clean wrote into ``folder``, its record excepted."""
    hashes = tree_hashes(folder)
    hashes.pop(table_file("lineage"), None)
    return hashes


def write(record: dict[str, Any], folder: Path) -> None:
    """Write ``record``, with the hashes of what is in ``folder`` (``written``), into the
    processed folder being built; the last file a clean writes."""
    record = {**record, "written": written(folder)}
    text = json.dumps(record, indent=2, sort_keys=True) + "\n"
    (folder / table_file("lineage")).write_text(text, encoding="utf-8")


def read(paths: ProjectPaths, programme: str) -> dict[str, Any] | None:
    try:
        record = json.loads(record_path(paths, programme).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and record.get("version") == VERSION else None


@dataclass
class Staleness:
    """How the processed data of a programme differ from what a clean now would use."""

    recorded: dict[str, Any] | None
    #: Raw files added, removed or changed since the recorded clean: name -> what happened.
    files: dict[str, str] = field(default_factory=dict)
    library_changed: bool = False

    def reasons(self, paths: ProjectPaths, programme: str) -> list[str]:
        if self.recorded is None:
            folder = display_path(paths.processed_programme(programme))
            return [f"{folder} has no record of a clean"]
        raw = paths.raw_programme(programme)
        found = [f"{display_path(raw / name)} {what}" for name, what in self.files.items()]
        return found + (["the library changed"] if self.library_changed else [])


def compare(paths: ProjectPaths, programme: str) -> Staleness:
    """The recorded clean of ``programme`` against raw and the library as they are now."""
    recorded = read(paths, programme)
    if recorded is None:
        return Staleness(None)
    now = state(paths, programme)
    before, after = recorded.get("raw", {}), now["raw"]
    files = {}
    for name in sorted(set(before) | set(after)):
        if before.get(name) != after.get(name):
            files[name] = (
                "added" if name not in before else "removed" if name not in after else "changed"
            )
    return Staleness(recorded, files, recorded.get("library") != now["library"])


def changes(paths: ProjectPaths, programme: str) -> list[str]:
    """Why the processed data of ``programme`` are stale, one short reason per change;
    empty when they are what a clean of raw would give now."""
    return compare(paths, programme).reasons(paths, programme)
