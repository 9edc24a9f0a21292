"""The processed data each page reads, hashed for its cache key, without pandas.

A page reads what its kind declares (:data:`seuranta.catalog.PAGE_READS` and
:data:`~seuranta.catalog.PAGE_COMMENTARY`); its dataset holds only those rows
(:meth:`seuranta.dataset.Dataset.for_page`), and its cache key only their hashes, one per
table and commentary file (:meth:`PageInputs.of`). So an edit re-renders only the pages
that read it: one language's commentary of one goal, that goal's page in that language; a
Table 1 value of goal 1, the pages that show goal 1's data; a new report year, no page of
an earlier year (each reads the report years up to its own).

The tables are read with the csv module, once per run, because a run with nothing to
render must stay well under a second; the rows are selected by the same rules as the
dataset's, and a test holds the two to each other.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seuranta.catalog import (
    PAGE_READS,
    PROGRAMME_FILE,
    UNREAD_COLUMNS,
    commentary_names,
    file_year,
    page_kind,
    table_file,
)
from seuranta.clean.commentary import processed_path
from seuranta.files import digest, sha256_file
from seuranta.paths import ProjectPaths
from seuranta.programme import Programme, load_programme


@dataclass
class PageInputs:
    """The processed data of one programme, read once, and each page's part of it."""

    folder: Path
    programme: Programme
    paths: ProjectPaths
    _tables: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    _parts: dict[tuple[str, str, int, int | None], str] = field(default_factory=dict)

    @classmethod
    def read(cls, paths: ProjectPaths, programme: str) -> PageInputs:
        definition = load_programme(programme, paths, processed=True)
        return cls(paths.processed_programme(programme), definition, paths)

    def rows(self, table: str) -> list[dict[str, str]]:
        """Every row of a processed table as the CSV gives it, less its unread columns."""
        if table not in self._tables:
            path = self.folder / table_file(table)
            rows: list[dict[str, str]] = []
            if path.is_file():
                with path.open(newline="", encoding="utf-8") as f:
                    rows = list(csv.DictReader(f))
            unread = UNREAD_COLUMNS.get(table, ())
            self._tables[table] = [
                {k: v for k, v in row.items() if k not in unread} for row in rows
            ]
        return self._tables[table]

    def _part(self, table: str, rows: str, year: int, goal: int | None) -> str:
        key = (table, rows, year, goal if rows == "goal" else None)
        if key not in self._parts:
            selected = []
            for row in self.rows(table):
                if table == "provenance":
                    if (file_year(row["file"]) or 0) > year:
                        continue
                elif int(row["report_year"]) > year:
                    continue
                if rows == "goal" and row.get("goal") != str(goal):
                    continue
                selected.append(row)
            self._parts[key] = digest(selected)
        return self._parts[key]

    def of(self, name: str, year: int, lang: str) -> dict[str, str]:
        """``{input: hash}`` of the page ``name`` of ``year`` in ``lang``: each table it
        reads (its rows), each commentary file it may show, and the definition. Only for a
        page kind: any other name reads the whole folder (:meth:`Inputs.data_of
        <seuranta.render.cache_key.Inputs.data_of>`)."""
        found = page_kind(name)
        if found is None:
            raise ValueError(f'"{name}" is no page kind (seuranta.catalog.PAGE_READS)')
        kind, goal = found
        inputs = {PROGRAMME_FILE: sha256_file(self.folder / PROGRAMME_FILE)}
        for table, rows in PAGE_READS[kind].items():
            inputs[table] = self._part(table, rows, year, goal)
        ids = [i.id for i in self.programme.indicators_of(goal)] if goal is not None else []
        for commentary in commentary_names(kind, goal, ids):
            path = processed_path(self.paths, self.programme.id, year, lang, commentary)
            inputs[f"commentary/{lang}/{commentary}.md"] = (
                sha256_file(path) if path.is_file() else ""
            )
        return inputs


def changed_inputs(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    """The names of the inputs that differ between two manifest records of a page's inputs
    (``notebook``, ``library``, ``template``, and each of ``data``)."""
    if not before:
        return []
    found = [k for k in ("notebook", "library", "template") if before.get(k) != after.get(k)]
    old, new = before.get("data") or {}, after.get("data") or {}
    found += [k for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)]
    return found
