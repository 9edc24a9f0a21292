"""The project register: every project and measure a report names, with its goal.

``data/raw/<programme>/<year>/projects.csv``; the names and summaries are given in each
language the programme publishes (and no other), the kind and status as codes that the
appendices translate; partners (separated by ``|``) and outside funding as the report
writes them, each listed under ``terms`` of programme.yaml with its name in every
language. The register is optional: a year without one has no projects.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pandas as pd

from seuranta.clean.rawcsv import read_rows
from seuranta.errors import InputError
from seuranta.parse import CellError, parse_whole, parse_year
from seuranta.programme import Programme
from seuranta.programme.rawfiles import PROJECT_KINDS, PROJECT_STATUSES, project_columns


def check_term(programme: Programme, name: str, fail: Callable[[str], InputError]) -> None:
    """A name the raw file writes as the report does must be in the programme's ``terms``,
    which give it in every language the programme publishes (empty: nothing to check)."""
    if name and name not in programme.terms:
        raise fail(
            f'"{name}" has no names in programme.yaml: add it under terms with its name in '
            f"{', '.join(programme.languages)}"
        )


def no_register(programme: Programme) -> pd.DataFrame:
    """The table of a programme without any project register: no rows, the usual columns."""
    frame = pd.DataFrame(
        columns=["programme", "report_year", *project_columns(programme.languages), "raw_line"]
    )
    return frame.astype({"goal": "Int64", "start": "Int64", "end": "Int64"})


def read_projects(path: Path, programme: Programme, report_year: int) -> pd.DataFrame:
    """Read and validate one report's project register."""
    records = []
    first_line: dict[str, int] = {}
    numbers = [g.number for g in programme.goals]
    for row in read_rows(path, project_columns(programme.languages)):
        cells = row.cells

        def fail(column: str, message: str, line: int = row.line) -> InputError:
            return InputError(path, message, line=line, column=column)

        pid = cells["id"]
        if not pid:
            raise fail("id", "expected a project id")
        if pid in first_line:
            raise fail("id", f'duplicate project id "{pid}" (first on line {first_line[pid]})')
        first_line[pid] = row.line
        goal = None
        if cells["goal"]:
            try:
                goal = parse_whole(cells["goal"], "a goal number")
            except CellError as err:
                raise fail("goal", str(err)) from None
            if goal not in numbers:
                raise fail(
                    "goal", f"unknown goal {goal}: expected one of {', '.join(map(str, numbers))}"
                )
        elif cells["status"] != "proposed":
            raise fail("goal", "only a proposed project may be without a goal")
        for column, allowed in (("kind", PROJECT_KINDS), ("status", PROJECT_STATUSES)):
            if cells[column] not in allowed:
                raise fail(column, f'expected one of {", ".join(allowed)}, found "{cells[column]}"')
        years = {}
        for column in ("start", "end"):
            text = cells[column]
            try:
                years[column] = parse_year(text) if text else None
            except CellError as err:
                raise fail(column, str(err)) from None
        if years["start"] and years["end"] and years["end"] < years["start"]:
            raise fail(
                "end", f"the end year {years['end']} is before the start year {years['start']}"
            )
        for lang in programme.languages:
            if not cells[f"name_{lang}"]:
                raise fail(f"name_{lang}", "expected the project's name in this language")
        for column in ("partners", "outside_funding"):
            for name in cells[column].split("|") if column == "partners" else [cells[column]]:
                check_term(programme, name.strip(), partial(fail, column))
        records.append(
            {
                "programme": programme.id,
                "report_year": report_year,
                **cells,
                "goal": goal,
                "start": years["start"],
                "end": years["end"],
                "raw_line": row.line,
            }
        )
    frame = pd.DataFrame.from_records(records)
    return frame.astype({"goal": "Int64", "start": "Int64", "end": "Int64"})
