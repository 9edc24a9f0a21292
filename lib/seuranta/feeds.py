"""Indicator observations taken straight from published statistics files.

A series in the programme definition may name a file in ``<year>/sources/`` and the
selection that yields it (``feed: {file: x.px, select: {Alue: "049"}, period: Vuosi}``).
The file's observations join the report's Table 1: where both give a value for the same
period they must agree at the indicator's precision (the report rounds), otherwise
``clean`` stops and shows both. A year whose ``sources/`` lacks the file keeps Table 1 as
the series' source, with a warning. Where they agree, the file is kept as the source: it is
what the number was read from, cell by cell.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pandas as pd

from seuranta.errors import InputError
from seuranta.indicators import COLUMNS
from seuranta.meta import Provenance, read_provenance
from seuranta.paths import display_path
from seuranta.programme import Programme

log = logging.getLogger(__name__)


def to_period(label: str) -> str:
    """A statistics time label -> ISO-like period: ``2019``, ``2022M11`` -> ``2022-11``."""
    text = str(label).strip().rstrip("*")
    if re.fullmatch(r"\d{4}", text):
        return text
    m = re.fullmatch(r"(\d{4})[M-](\d{2})", text)
    if m and 1 <= int(m[2]) <= 12:
        return f"{m[1]}-{m[2]}"
    raise ValueError(
        f'cannot use "{label}" as a period: expected a year (2021) or a month (2022M11)'
    )


def read_feeds(
    programme: Programme, year_dir: Path, report_year: int, table: pd.DataFrame
) -> tuple[pd.DataFrame, list[Provenance]]:
    """Observations of every fed series of one report year, with the files' provenance."""
    records, provenance, cache = [], [], {}
    for indicator in programme.indicators:
        for series in indicator.series:
            feed = series.feed
            if feed is None:
                continue
            path = year_dir / "sources" / feed.file
            if not path.is_file():
                # A report year without the download keeps the report's own table as the
                # source; say so, since next year's update is "drop the file in sources/".
                log.warning(
                    "%s: not found; %s/%s takes its values from Table 1 only",
                    display_path(path),
                    indicator.id,
                    series.id,
                )
                continue
            from seuranta.sources import read_source, select  # only when a series is fed

            if path not in cache:
                cache[path] = read_source(path, **feed.options)
                provenance.append(read_provenance(path))
            frame = select(cache[path], feed.select)
            if feed.period_variable not in frame.columns:
                raise InputError(
                    path,
                    f'no variable "{feed.period_variable}" to take periods '
                    f"from: the file has {', '.join(frame.columns)}",
                )
            if frame.duplicated(feed.period_variable).any():
                raise InputError(
                    path,
                    f"the selection {feed.select} leaves more than one "
                    f"value per {feed.period_variable}: select more variables",
                )
            roles = _table_roles(table, indicator.id, series.id)
            for _, cell in frame.iterrows():
                try:
                    period = to_period(cell[feed.period_variable])
                except ValueError as err:
                    raise InputError(path, str(err)) from None
                records.append(
                    {
                        "programme": programme.id,
                        "report_year": report_year,
                        "goal": indicator.goal,
                        "indicator": indicator.id,
                        "series": series.id,
                        "kind": "observation",
                        "role": roles.get(period, ("observation", None))[0],
                        "period": period,
                        # as the report dates it, where Table 1 gives this period too
                        "report_period": roles.get(period, (None, None))[1],
                        "value": float(cell["value"]),
                        "decimals": indicator.decimals,
                        "unit": indicator.unit,
                        "missing": cell.get("symbol", "") or "",
                        "source": indicator.source.report_name,
                        "raw_file": display_path(path),
                        "raw_line": cell.get("line", pd.NA),
                        "raw_column": _place(cell),
                    }
                )
    return pd.DataFrame.from_records(records, columns=COLUMNS), provenance


def _place(cell: pd.Series) -> str:
    """Where in the file a value sits, in the reader's own terms (cell, field, DATA item)."""
    for column, label in (("cell", "cell"), ("field", "field"), ("position", "DATA item")):
        if column in cell and not pd.isna(cell[column]):
            return f"{label} {cell[column]}"
    return ""


def _table_roles(table: pd.DataFrame, indicator: str, series: str) -> dict[str, tuple[str, str]]:
    """Period -> (role, report period) of the series' observations in Table 1."""
    rows = table[
        (table["indicator"] == indicator)
        & (table["series"] == series)
        & (table["kind"] == "observation")
    ]
    return {
        period: (role, report_period)
        for period, role, report_period in zip(
            rows["period"], rows["role"], rows["report_period"], strict=True
        )
    }


def merge(table: pd.DataFrame, fed: pd.DataFrame, decimals: dict[str, int]) -> pd.DataFrame:
    """Table 1 with the fed observations; disagreement at the report's precision stops.

    ``decimals`` gives each indicator's precision in the report (0 for counts, 1 for the
    unemployment percentages): a file's 9.43 agrees with the report's 9,4 %.
    """
    if fed.empty:
        return table
    key = ["indicator", "series", "kind", "period"]
    both = table.merge(fed, on=key, suffixes=("_table", "_file"))
    for _, row in both.iterrows():
        a, b = row["value_table"], row["value_file"]
        if pd.isna(a) or pd.isna(b):
            continue
        places = decimals[row["indicator"]]
        if round(a, places) != round(b, places):
            raise InputError(
                row["raw_file_file"],
                f'indicator "{row["indicator"]}" series "{row["series"]}" period '
                f"{row['period']}: the file gives {b:g} but the report's table gives {a:g} "
                f"({row['raw_file_table']}:{row['raw_line_table']}); correct one of them",
            )
    replaced = table.set_index(key).index.isin(fed.set_index(key).index)
    return pd.concat([table[~replaced], fed], ignore_index=True)
