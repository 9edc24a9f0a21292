"""The one list of the toolkit's languages, raw files, processed tables and pages.

Every module that opens a raw file of a report year or a processed table takes its name
from here, so that ``clean`` (which writes the tables), ``dataset`` (which reads them for
the notebooks) and ``render`` (which plans from them without pandas) cannot drift apart.
The pages of a report year (:func:`appendix_pages`) and what each kind of page reads
(:data:`PAGE_READS`, :data:`PAGE_COMMENTARY`) are declared here once, for the page's data
and its cache key alike. This module imports nothing heavy: ``render`` reads it before
deciding whether anything needs pandas at all.
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
#: The accessibility statement's page (and notebook) name: not an appendix of the report,
#: so the index's list and the PDF book leave it out; every page links to it.
STATEMENT_PAGE = "accessibility"


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
    # The accessibility statement, linked from every page's footer (not an appendix).
    pages.append((STATEMENT_PAGE, STATEMENT_PAGE, {}))
    return pages


def appendices_of(pages: Sequence[tuple[str, str, dict[str, Any]]]) -> list[str]:
    """The names of the report's appendices among ``pages``: less the index and the
    statement."""
    return [name for name, _, _ in pages if name not in ("index", STATEMENT_PAGE)]


#: What each kind of page reads of ``data/processed/<programme>``: table -> which rows.
#: ``"all"``: every row up to the page's report year; ``"goal"``: only the rows of the
#: page's goal (up to its year). A table not named is not read (the page gets it without
#: rows). Every page also reads the programme definition, and its own commentary in its
#: own language (:data:`PAGE_COMMENTARY`). ``provenance`` is read without the files'
#: checksums, which no page shows, so that an edit of one file does not touch the pages
#: of the others. The cache key of a page holds exactly these rows
#: (seuranta.render.page_inputs) and the page's dataset only them (seuranta.dataset), so a
#: page cannot show what its key does not hold, and an edit re-renders only the pages that
#: read it.
PAGE_READS: dict[str, dict[str, str]] = {
    "index": {"indicators": "all", "appropriation": "all", "provenance": "all"},
    "overview": {
        "indicators": "all",
        "ledger": "all",
        "appropriation": "all",
        "provenance": "all",
    },
    "goal": {
        "indicators": "goal",
        "projects": "goal",
        "ledger": "all",  # the goal's share of the year's spending
        "appropriation": "all",
        "comparisons": "goal",
        "provenance": "all",
    },
    "budget": {
        "projects": "all",
        "ledger": "all",
        "appropriation": "all",
        "provenance": "all",
    },
    # The statement reads the programme definition only.
    STATEMENT_PAGE: {},
}
#: The commentary each kind of page shows (``<year>/<lang>/<name>.md``): its own, and on a
#: goal page that of each of the goal's indicators (``indicator-<id>``).
PAGE_COMMENTARY: dict[str, tuple[str, ...]] = {
    "index": (),
    "overview": ("overview",),
    "goal": ("goal-{goal}", "indicator-{indicator}"),
    "budget": (),
    STATEMENT_PAGE: (),
}
#: Columns of a table that no page reads (left out of the page's data and its key).
UNREAD_COLUMNS: dict[str, tuple[str, ...]] = {"provenance": ("sha256",)}


def page_kind(name: str) -> tuple[str, int | None] | None:
    """``"goal-3"`` -> ``("goal", 3)``, ``"overview"`` -> ``("overview", None)``; None for a
    name that is no page kind (an exploration reads everything)."""
    if name in PAGE_READS and name != "goal":
        return name, None
    kind, _, number = name.partition("-")
    if kind == "goal" and number.isdigit() and number.isascii():
        return "goal", int(number)
    return None


def file_year(raw_file: str) -> int | None:
    """The report year of a raw file as provenance names it
    (``data/raw/<programme>/2022/table1.csv`` -> 2022); None for the programme's own files."""
    parts = raw_file.split("/")
    if len(parts) >= 5 and parts[:2] == ["data", "raw"]:
        year = parts[3]
        if len(year) == 4 and year.isdigit() and year.isascii():
            return int(year)
    return None


def commentary_names(kind: str, goal: int | None, indicator_ids: Sequence[str]) -> list[str]:
    """The commentary a page of ``kind`` may show (:data:`PAGE_COMMENTARY`); on a goal page
    ``indicator_ids`` are the ids of the goal's indicators."""
    names = []
    for pattern in PAGE_COMMENTARY[kind]:
        if "{indicator}" in pattern:
            names += [pattern.format(indicator=i) for i in indicator_ids]
        else:
            names.append(pattern.format(goal=goal))
    return names
