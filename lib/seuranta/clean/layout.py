"""What a programme's raw folder and each report year's folder may hold, and a warning for
anything else.

A file that ``clean`` does not read is a mistake more often than not: ``budget.yml`` beside
``Ledger.csv`` is a budget the pages never show, ``commentaries/`` is commentary nobody
sees. Each unknown file or folder is a warning that names it, says it is not read and
lists the names expected there (with the closest one where there is one); the clean goes
on, since extra material does not change what is published. Hidden entries
(``.ipynb_checkpoints``, ``.DS_Store``) are skipped. A report-year folder whose name is not
a year is an error (:func:`seuranta.clean.run.report_years`), as is commentary for a
language the programme does not publish (:mod:`seuranta.clean.commentary`).
"""

from __future__ import annotations

import difflib
import logging
import re
from pathlib import Path

from seuranta.catalog import (
    COMMENTARY_FOLDER,
    META_SUFFIX,
    PROGRAMME_FILE,
    RAW_FILES,
    SOURCES_FOLDER,
)
from seuranta.location import display_path

log = logging.getLogger(__name__)

#: The files of a programme's folder (its report-year folders aside).
PROGRAMME_NAMES = (PROGRAMME_FILE, PROGRAMME_FILE + META_SUFFIX)
#: The files and folders of a report year's folder.
YEAR_NAMES = (
    *(name for name, _ in RAW_FILES.values()),
    *(name + META_SUFFIX for name, _ in RAW_FILES.values()),
    SOURCES_FOLDER + "/",
    COMMENTARY_FOLDER + "/",
)


#: The names above as a message lists them.
PROGRAMME_SAYS = f"{PROGRAMME_FILE} (with its {META_SUFFIX}) and report-year folders such as 2022/"
YEAR_SAYS = (
    ", ".join(name for name, _ in RAW_FILES.values())
    + f" (each with its {META_SUFFIX}), {SOURCES_FOLDER}/ and {COMMENTARY_FOLDER}/"
)


def unknown_entries(folder: Path, expected: tuple[str, ...], says: str, years: bool = False):
    """One warning per entry of ``folder`` that is not among ``expected`` (names ending in
    ``/`` are folders), and per sidecar whose file is not there; with ``years``, folders
    named by four digits are expected too. ``says`` lists the expected names."""
    warnings = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        is_dir = entry.is_dir()
        name = entry.name + "/" if is_dir else entry.name
        if name in expected or (years and is_dir and re.fullmatch(r"[0-9]{4}", entry.name)):
            if name.endswith(META_SUFFIX) and not (folder / name[: -len(META_SUFFIX)]).exists():
                warnings.append(
                    f"{display_path(entry)}: the provenance of {name[: -len(META_SUFFIX)]}, "
                    "which is not there: not read"
                )
            continue
        close = difflib.get_close_matches(name.lower(), expected, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}? " if close else ""
        kind = "folder" if is_dir else "file"
        warnings.append(f"{display_path(entry)}: unknown {kind}, not read: {hint}expected {says}")
    return warnings


def warn_unknown(programme_folder: Path, year_folders: list[Path]) -> None:
    """Log a warning for every unknown entry of a programme's folder and its years'."""
    found = unknown_entries(programme_folder, PROGRAMME_NAMES, PROGRAMME_SAYS, years=True)
    for year_folder in year_folders:
        found += unknown_entries(year_folder, YEAR_NAMES, YEAR_SAYS)
    for warning in found:
        log.warning("%s", warning)
