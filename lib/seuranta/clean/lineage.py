"""What ``data/processed/<programme>`` was cleaned from, and what has changed since.

``clean`` records, beside the tables it writes, the SHA-256 of every raw file of the
programme (``data/raw/<programme>/``, not hidden files, as clean reads them) and of the
library that cleaned them (``cleaned-from.json``, :data:`seuranta.catalog.TABLES`).
``render`` compares the record with raw and the library before anything else
(:func:`changes`); where they differ, the processed data are stale and it cleans first, as
make rebuilds a target older than its sources. Hashes, never times: a file saved again
unchanged is not a change, and a file restored from a backup is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from seuranta.catalog import table_file
from seuranta.files import digest, tree_hashes
from seuranta.location import LIBRARY_ROOT, display_path
from seuranta.paths import ProjectPaths

VERSION = 1


def library_digest() -> str:
    """One hash of every file of the library: its code, texts and templates."""
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


def write(record: dict[str, Any], folder: Path) -> None:
    """Write ``record`` into the processed folder being built (``folder``)."""
    text = json.dumps(record, indent=2, sort_keys=True) + "\n"
    (folder / table_file("lineage")).write_text(text, encoding="utf-8")


def read(paths: ProjectPaths, programme: str) -> dict[str, Any] | None:
    try:
        record = json.loads(record_path(paths, programme).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and record.get("version") == VERSION else None


def changes(paths: ProjectPaths, programme: str) -> list[str]:
    """Why the processed data of ``programme`` are stale, one short reason per change;
    empty when they are what a clean of raw would give now."""
    recorded = read(paths, programme)
    if recorded is None:
        return [f"{display_path(paths.processed_programme(programme))} has no record of a clean"]
    now = state(paths, programme)
    found = []
    before, after = recorded.get("raw", {}), now["raw"]
    raw = paths.raw_programme(programme)
    for name in sorted(set(before) | set(after)):
        if before.get(name) != after.get(name):
            what = "added" if name not in before else "removed" if name not in after else "changed"
            found.append(f"{display_path(raw / name)} {what}")
    if recorded.get("library") != now["library"]:
        found.append("the library changed")
    return found
