"""The one list of the toolkit's languages, raw file roles and processed tables.

Every module that opens a raw file of a report year or a processed table takes its name
from here, so that ``clean`` (which writes the tables), ``data`` (which reads them for the
notebooks) and ``render`` (which plans from them without pandas) cannot drift apart.
This module imports nothing heavy: ``render`` reads it before deciding whether anything
needs pandas at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

#: The languages the toolkit has text catalogues for (``locales/<lang>/``), in the order
#: the pages list them. A programme publishes some of them (``languages:`` in its
#: programme.yaml, by default all).
LANGUAGES: tuple[str, ...] = ("fi", "sv", "en")

# -- raw files ----------------------------------------------------------------------------

#: ``data/raw/<programme>/programme.yaml``: the definition (see docs/programme-reference.md).
PROGRAMME_FILE = "programme.yaml"
#: The provenance sidecar of a raw file ``x`` is ``x`` + this suffix.
META_SUFFIX = ".meta.yaml"
#: Per report year, ``data/raw/<programme>/<year>/<file>``: role -> file name, and whether
#: a report year must have it. A year without a project register, a ledger or published
#: sources still cleans and renders; the ledger and budget.yaml come together.
RAW_FILES: dict[str, tuple[str, bool]] = {
    "table1": ("table1.csv", True),
    "projects": ("projects.csv", False),
    "budget": ("budget.yaml", False),
    "ledger": ("ledger.csv", False),
}
#: Published statistics files of a report year, named by the feeds of programme.yaml.
SOURCES_FOLDER = "sources"
#: The analysts' commentary, ``<year>/commentary/<lang>/<page>.md``.
COMMENTARY_FOLDER = "commentary"

# -- processed tables ---------------------------------------------------------------------

#: ``data/processed/<programme>/<file>``: table -> file name.
TABLES: dict[str, str] = {
    "indicators": "indicators.csv",
    "indicators_parquet": "indicators.parquet",
    "projects": "projects.csv",
    "ledger": "budget.csv",
    "appropriation": "appropriation.csv",
    "comparisons": "comparisons.csv",
    "provenance": "provenance.csv",
    "programme": PROGRAMME_FILE,
    # What the tables were cleaned from (seuranta.clean.lineage): render compares it with raw.
    "lineage": "cleaned-from.json",
}


def raw_file(role: str) -> str:
    """The file name of a report year's raw file of ``role`` (a key of :data:`RAW_FILES`)."""
    return RAW_FILES[role][0]


def table_file(table: str) -> str:
    """The file name of the processed ``table`` (a key of :data:`TABLES`)."""
    return TABLES[table]


# -- pages --------------------------------------------------------------------------------


def appendix_pages(
    goals: Sequence[int], *, with_budget: bool
) -> list[tuple[str, str, dict[str, Any]]]:
    """The appendices of a report year: (name, notebook stem, extra parameters), in order.

    The one list of pages: the renderer plans from it and the index page links from it.
    """
    pages: list[tuple[str, str, dict[str, Any]]] = [
        ("index", "index", {}),
        ("overview", "overview", {}),
    ]
    pages += [(f"goal-{n}", "goal", {"goal": n}) for n in goals]
    if with_budget:
        pages.append(("budget", "budget", {}))
    return pages
