"""Which appendices to render: the plan of one programme and report year.

Per language the plan is ``index``, ``overview``, ``goal-1`` ... ``goal-N`` (notebook
``goal.ipynb`` with ``goal=n``) and ``budget`` (when the year has ledger rows); each
:class:`Appendix` is a notebook with its parameters (``programme``, ``year``, ``lang``
and ``goal``) and the name of its output files.

Planning needs the goals, the report years and whether the year has a ledger. These are
read from ``data/processed/<programme>`` with the csv module (``indicators.csv`` and
``budget.csv``, the same tables :func:`seuranta.dataset.load` reads) rather than through
pandas, so that a run with nothing to do stays well under a second.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seuranta.catalog import LANGUAGES, appendix_pages, table_file
from seuranta.errors import InputError, SeurantaError
from seuranta.location import display_path
from seuranta.paths import ProjectPaths, project_paths
from seuranta.programme import list_programmes, load_programme


@dataclass(frozen=True)
class Appendix:
    """One page to render: a notebook, its parameters and the name of its output files."""

    name: str  # "goal-1": the file names <name>.html and notebooks/<name>.ipynb
    lang: str
    notebook: Path
    parameters: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.lang}/{self.name}"


def read_rows(path: Path) -> Iterable[dict[str, str]]:
    """The rows of a processed table, as the csv module reads them (no pandas)."""
    if not path.is_file():
        raise InputError(path, "missing: run `seuranta clean` to rebuild data/processed")
    with path.open(newline="", encoding="utf-8") as f:
        yield from csv.DictReader(f)


@dataclass(frozen=True)
class ProgrammeFacts:
    """What planning needs to know about a programme's cleaned data."""

    goals: tuple[int, ...]
    report_years: tuple[int, ...]
    ledger_years: frozenset[int]
    languages: tuple[str, ...] = LANGUAGES  # the languages the programme publishes


def programme_facts(programme: str, paths: ProjectPaths) -> ProgrammeFacts:
    """Goals, report years and years with a ledger, from ``data/processed`` (no pandas)."""
    known = list_programmes(paths)
    if programme not in known:
        raise SeurantaError(
            f'unknown programme "{programme}": known programmes are {", ".join(known) or "none"}'
        )
    definition = load_programme(programme, paths, processed=True)
    folder = paths.processed_programme(programme)
    years = sorted(
        {int(row["report_year"]) for row in read_rows(folder / table_file("indicators"))}
    )
    # A programme without a ledger has no budget table at all (seuranta.clean.run).
    ledger_table = folder / table_file("ledger")
    ledger = (
        {int(row["report_year"]) for row in read_rows(ledger_table)}
        if ledger_table.is_file()
        else set()
    )
    return ProgrammeFacts(
        tuple(g.number for g in definition.goals),
        tuple(years),
        frozenset(ledger),
        definition.languages,
    )


def parse_languages(text: str | None, published: Sequence[str] = LANGUAGES) -> list[str]:
    """The languages of ``--lang fi,sv``; without one, every language the programme publishes.

    A language the programme does not publish is an error: its texts are not there.
    """
    if text is None:
        return list(published)
    langs = [part.strip() for part in text.split(",") if part.strip()]
    if not langs:
        raise SeurantaError("no language given: expected e.g. --lang fi,sv,en")
    for lang in langs:
        if lang not in LANGUAGES:
            raise SeurantaError(
                f'unknown language "{lang}": expected one of {", ".join(LANGUAGES)}'
            )
        if lang not in published:
            raise SeurantaError(
                f'language "{lang}" is not published by this programme: its programme.yaml '
                f"gives languages {', '.join(published)}"
            )
    return list(dict.fromkeys(langs))


def plan(
    programme: str,
    year: int | None,
    langs: Sequence[str],
    *,
    paths: ProjectPaths | None = None,
    notebooks: Path | None = None,
    only: Sequence[str] | None = None,
) -> tuple[int, list[Appendix]]:
    """The report year (default: the latest) and the appendices to render, in order."""
    paths = paths or project_paths()
    notebooks = notebooks or paths.notebooks
    facts = programme_facts(programme, paths)
    if not facts.report_years:
        raise SeurantaError(f"{programme}: no report years in data/processed; run seuranta clean")
    if year is None:
        year = facts.report_years[-1]
    elif year not in facts.report_years:
        raise SeurantaError(
            f"no report for {year}: {programme} has report years "
            f"{', '.join(map(str, facts.report_years))}"
        )
    pages = appendix_pages(facts.goals, with_budget=year in facts.ledger_years)
    if only:
        available = [name for name, _, _ in pages]
        unknown = [name for name in only if name not in available]
        if unknown:
            raise SeurantaError(
                f'unknown appendix "{unknown[0]}" for {programme} {year}: '
                f"expected one of {', '.join(available)}"
            )
        pages = [page for page in pages if page[0] in only]
    appendices = []
    for lang in langs:
        for name, stem, extra in pages:
            notebook = notebooks / f"{stem}.ipynb"
            if not notebook.is_file():
                raise SeurantaError(f"{display_path(notebook)}: notebook not found")
            params = {"programme": programme, "year": year, "lang": lang, **extra}
            appendices.append(Appendix(name, lang, notebook, params))
    return year, appendices
