"""The report's indicator table (Taulukko 1) -> a tidy, validated frame.

One raw table per report year, ``data/raw/<programme>/<year>/table1.csv``, in the
report's own notation. The header names the default period of each value column
(``baseline 2021;status 30.12.2022;target 2025``); a period written in a cell, as in
``8 741 (2019)``, overrides its column's. The tidy frame has one row per value:

``programme, report_year, goal, indicator, series, kind, role, period, report_period,
value, decimals, unit, missing, source, raw_file, raw_line, raw_column``

``kind`` is ``observation`` (the baseline and status columns) or ``target``; ``value`` is
a number in the indicator's unit (9.4 for ``9,4 %``, 3.58 for ``3,58/5``), NaN where the
report says ``ei tietoa`` (``missing`` keeps that text); ``decimals`` is the precision as
written (``3,9/5`` -> 1), so the appendices print each number as its source does. An
empty cell is no value at all: the unemployment indicator has no target, so it has no
target row.

``report_period`` is the period as the report dates the value (the cell's own period, or
its column's); ``period`` is the period the value refers to, which the history and the
assessment use. They differ where the programme says how to read the report's dating: an
indicator with ``period_precision: year`` (an annual survey) has a status column date
``2022-12-30`` taken as the year ``2022``; a series with ``report_year_month: 12`` has the
baseline ``9,4 % (2021)`` taken as December 2021, the month the monthly statistics give
that figure for. The Table 1 reproduction prints ``report_period``, so it keeps the
report's notation.

Every report year's values are kept, side by side: a later report that gives another value
for the same period revises it (:func:`seuranta.dataset.revisions`), and
:func:`seuranta.dataset.latest_view` picks the newest.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from seuranta.clean.rawcsv import header_of, read_rows
from seuranta.errors import InputError
from seuranta.location import display_path
from seuranta.parse import (
    CellError,
    implausible,
    parse_period,
    parse_value,
    parse_whole,
    period_start,
    period_to_years,
    starts_after_year,
)
from seuranta.programme import Indicator, Programme
from seuranta.programme.rawfiles import TABLE1_HEADER, TABLE1_KEYS, names

KEY_COLUMNS = names(TABLE1_KEYS)
#: The kind of value each value column gives.
ROLES = {"baseline": "observation", "status": "observation", "target": "target"}

COLUMNS = [
    "programme",
    "report_year",
    "goal",
    "indicator",
    "series",
    "kind",
    "role",
    "period",
    "report_period",
    "value",
    "decimals",
    "unit",
    "missing",
    "source",
    "raw_file",
    "raw_line",
    "raw_column",
]


def _value_columns(path: Path) -> dict[str, tuple[str, str]]:
    """Header name -> (role, default period) for the three value columns."""
    found: dict[str, tuple[str, str]] = {}
    for name in header_of(path, TABLE1_HEADER):
        if name in KEY_COLUMNS:
            continue
        role, _, period = name.partition(" ")
        if role not in ROLES:
            continue  # read_rows reports it as an unknown column
        try:
            found[name] = (role, parse_period(period))
        except CellError as err:
            raise InputError(path, f"header: {err}", line=1, column=name) from None
    roles = [role for role, _ in found.values()]
    missing = [r for r in ROLES if r not in roles]
    if missing or len(roles) != len(set(roles)):
        raise InputError(
            path,
            "expected one value column per role, each with its default period: "
            "baseline <period>;status <period>;target <period>"
            + (f" (missing: {', '.join(missing)})" if missing else " (a role is repeated)"),
            line=1,
        )
    return found


def read_table(path: Path, programme: Programme, report_year: int) -> pd.DataFrame:
    """Read and validate one report's Table 1."""
    value_columns = _value_columns(path)
    rows = read_rows(path, KEY_COLUMNS + list(value_columns))
    records = []
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        cells = row.cells

        def fail(column: str, message: str, line: int = row.line) -> InputError:
            return InputError(path, message, line=line, column=column)

        try:
            goal = parse_whole(cells["goal"], "a goal number")
        except CellError as err:
            raise fail("goal", str(err)) from None
        numbers = [g.number for g in programme.goals]
        if goal not in numbers:
            raise fail(
                "goal",
                f"unknown goal {goal}: {programme.id} has goals {', '.join(map(str, numbers))}",
            )
        try:
            indicator = programme.indicator(cells["indicator"])
        except KeyError:
            known = ", ".join(i.id for i in programme.indicators)
            raise fail(
                "indicator", f'unknown indicator "{cells["indicator"]}": expected one of {known}'
            ) from None
        if indicator.goal != goal:
            raise fail(
                "goal", f'indicator "{indicator.id}" belongs to goal {indicator.goal}, not {goal}'
            )
        series_ids = [s.id for s in indicator.series]
        if cells["series"] not in series_ids:
            raise fail(
                "series",
                f'unknown series "{cells["series"]}" for indicator '
                f'"{indicator.id}": expected one of {", ".join(series_ids)}',
            )
        key = (indicator.id, cells["series"])
        if key in seen:
            raise fail(
                "indicator",
                f'duplicate row for indicator "{indicator.id}" series '
                f'"{cells["series"]}" (first on line {seen[key]})',
            )
        seen[key] = row.line
        if cells["source"] != indicator.source.report_name:
            raise fail(
                "source",
                f'expected the data source "{indicator.source.report_name}" '
                f'for indicator "{indicator.id}", found "{cells["source"]}"',
            )

        periods: dict[str, str] = {}
        for column, (role, default_period) in value_columns.items():
            text = cells[column]
            if not text:
                continue
            # A programme's own unit is written as a count, or as a score where it has a
            # scale; a bounded one is a share (seuranta.programme.model.Unit).
            unit = programme.unit_of(indicator)
            kind = indicator.unit if unit.builtin else "percent" if unit.bounded else None
            try:
                cell = parse_value(text, unit.notation, indicator.scale_max)
            except CellError as err:
                raise fail(role, str(err)) from None
            problem = implausible(cell.value, kind or unit.notation, indicator.scale)
            if problem:
                raise fail(role, f'"{text}": {problem}')
            report_period = cell.period or default_period
            if ROLES[role] == "observation" and starts_after_year(report_period, report_year):
                raise fail(
                    role,
                    f'"{text}": the period {report_period} begins after the report year '
                    f"{report_year}: expected an observation up to {report_year}-12-31",
                )
            period = dated(report_period, indicator)
            periods[role] = period
            records.append(
                {
                    "programme": programme.id,
                    "report_year": report_year,
                    "goal": goal,
                    "indicator": indicator.id,
                    "series": cells["series"],
                    "kind": ROLES[role],
                    "role": role,
                    "period": period,
                    "report_period": report_period,
                    "value": cell.value,
                    "decimals": cell.decimals,
                    "unit": indicator.unit,
                    "missing": cell.missing,
                    "source": indicator.source.report_name,
                    "raw_file": display_path(path),
                    "raw_line": row.line,
                    "raw_column": column,
                }
            )
        base = periods.get("baseline")
        for later in ("status", "target"):
            # By the mid-points the assessment uses: a status or a target that is not after
            # the baseline cannot be rated (progress.assess would refuse the series).
            if (
                base
                and later in periods
                and not (
                    period_to_years(periods[later]) > period_to_years(base)
                    and period_start(periods[later]) >= period_start(base)
                )
            ):
                raise fail(
                    later,
                    f"the {later} period {periods[later]} is not after the baseline period "
                    f"{base}: expected a later period",
                )
    for indicator in programme.indicators:
        for series in indicator.series:
            if (indicator.id, series.id) not in seen:
                raise InputError(
                    path,
                    f'no row for indicator "{indicator.id}" series '
                    f'"{series.id}": every series of the programme needs a row '
                    '(write "ei tietoa" where there is no data)',
                )
    return pd.DataFrame.from_records(records, columns=COLUMNS)


def dated(report_period: str, indicator: Indicator) -> str:
    """The period a value refers to, from the period the report gives it (module docstring).

    An indicator with ``period_precision: year`` takes a date as its year; a series with
    ``report_year_month: 12`` takes a year as that month of the year (``2021`` ->
    ``2021-12``: the report's annual-looking figure is a monthly statistic's December).
    Several series share one Table 1 cell ("9,4 % / 9,3 % / 21,2 % (2021)"), so the month
    dates every series of the indicator alike (one dating rule per cell).
    """
    if indicator.period_precision == "year":
        return report_period[:4]
    month = next((s.report_year_month for s in indicator.series if s.report_year_month), None)
    if month and len(report_period) == 4:
        return f"{report_period}-{month:02d}"
    return report_period
