"""The clean of the analyst's loop: when only commentary changed, only commentary is read.

Most edits between two renders are words: a goal's commentary in one language. A full
clean reads and checks every table with pandas (about 2 s on two cores); here, when every
raw file that changed since the recorded clean is a commentary file
(``<year>/commentary/...``) and the library is the same (:func:`seuranta.clean.lineage.compare`),
:func:`refresh` reads the commentary of the years concerned with the same checks as a full
clean (:func:`seuranta.clean.commentary.read_year`: names, languages, every translation),
and builds the new processed folder from the old one: every other file is copied after its
hash is checked against what the recorded clean wrote. The result is byte for byte what a
full clean would write (tested), published by the same atomic swap under the same locks.

Anything else (a table, the definition, a sidecar, the library, a processed file that is no
longer what the clean wrote, a record from before ``written`` was kept) returns False: the
caller runs the full clean. ``seuranta clean`` itself always cleans in full.
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil

from seuranta.catalog import COMMENTARY_FOLDER, PROGRAMME_FILE
from seuranta.clean import commentary, lineage, swap
from seuranta.clean.lineage import Staleness
from seuranta.location import display_path
from seuranta.paths import ProjectPaths
from seuranta.programme import load_programme
from seuranta.programme.load import trust

log = logging.getLogger(__name__)

#: A raw commentary file, relative to the programme's raw folder: its report year.
_COMMENTARY = re.compile(rf"(?P<year>[0-9]{{4}})/{COMMENTARY_FOLDER}/.+")


def commentary_years(stale: Staleness) -> list[int] | None:
    """The report years whose commentary alone changed; None when anything else did."""
    if stale.recorded is None or stale.library_changed or not stale.files:
        return None
    if "written" not in stale.recorded:
        return None
    matches = [_COMMENTARY.fullmatch(name) for name in stale.files]
    if not all(matches):
        return None
    years = sorted({int(m["year"]) for m in matches if m})
    recorded_years = {name.split("/", 1)[0] for name in stale.recorded.get("raw", {})}
    return years if all(str(y) in recorded_years for y in years) else None


def refresh(paths: ProjectPaths, programme: str, stale: Staleness) -> bool:
    """Publish the changed commentary of ``programme`` with its other tables kept; False
    (nothing written) when a full clean is needed. The caller holds the programme's lock."""
    years = commentary_years(stale)
    if years is None:
        return False
    assert stale.recorded is not None  # commentary_years says so
    final = paths.processed_programme(programme)
    kept = stale.recorded["written"]
    if lineage.written(final) != kept:
        log.debug("%s: not what the last clean wrote: a full clean", display_path(final))
        return False
    record = lineage.state(paths, programme)  # before reading: a later edit shows as stale
    definition = stale.recorded["raw"].get(PROGRAMME_FILE)
    if definition is None or record["raw"].get(PROGRAMME_FILE) != definition:
        return False
    trust(definition)  # the recorded clean validated these bytes with this library
    definition_model = load_programme(programme, paths, processed=True)
    raw = paths.raw_programme(programme)
    texts = {
        (year, lang, name): text
        for year in years
        for (lang, name), text in commentary.read_year(definition_model, raw / str(year)).items()
    }
    with swap.staging(paths.processed) as staging:
        new = staging / programme
        shutil.copytree(final, new, copy_function=shutil.copy2)
        for year in years:
            shutil.rmtree(new / COMMENTARY_FOLDER / str(year), ignore_errors=True)
        commentary.write(texts, new)
        with contextlib.suppress(OSError):  # a full clean writes no empty folder
            (new / COMMENTARY_FOLDER).rmdir()
        lineage.write(record, new)
        swap.swap_in(new, final, staging / f"{programme}.old")
    log.info(
        "%s: commentary of %s refreshed, the other tables kept",
        display_path(final),
        ", ".join(map(str, years)),
    )
    return True
