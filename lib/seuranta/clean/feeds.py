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

from seuranta.catalog import SOURCES_FOLDER
from seuranta.clean.sources import read_source, select
from seuranta.clean.table1 import COLUMNS
from seuranta.errors import InputError
from seuranta.location import display_path
from seuranta.paths import inside
from seuranta.programme import Programme, SeriesSelection
from seuranta.programme.provenance import Provenance, read_provenance

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


def feed_path(
    programme: Programme, year_dir: Path, indicator: str, series: str, files: tuple[str, ...]
) -> Path:
    """The file a feed names, which must lie inside the year's ``sources/`` folder.

    Of several names, the first the year has (else the first). ``file: ../table1.csv`` or
    an absolute path is refused, naming programme.yaml's key.
    """
    paths = [
        inside(
            year_dir / SOURCES_FOLDER,
            file,
            programme.path,
            key=f"indicators.{indicator}.series.{series}.feed.file",
        )
        for file in files
    ]
    return next((path for path in paths if path.is_file()), paths[0])


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
            path = feed_path(programme, year_dir, indicator.id, series.id, feed.files)
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
            if path not in cache:
                cache[path] = _read(path, feed)
                provenance.append(read_provenance(path))
            roles = _table_roles(table, indicator.id, series.id)
            for cell in series_values(cache[path], feed, path).itertuples():
                records.append(
                    {
                        "programme": programme.id,
                        "report_year": report_year,
                        "goal": indicator.goal,
                        "indicator": indicator.id,
                        "series": series.id,
                        "kind": "observation",
                        "role": roles.get(cell.period, ("observation", None))[0],
                        "period": cell.period,
                        # as the report dates it, where Table 1 gives this period too
                        "report_period": roles.get(cell.period, (None, None))[1],
                        "value": cell.value,
                        "decimals": indicator.decimals,
                        "unit": indicator.unit,
                        "missing": cell.symbol,
                        "source": indicator.source.report_name,
                        "raw_file": display_path(path),
                        "raw_line": cell.line,
                        "raw_column": cell.place,
                    }
                )
    return pd.DataFrame.from_records(records, columns=COLUMNS), provenance


#: The columns of ``comparisons.csv``: a fed series for each area of its ``peers``.
PEER_COLUMNS = [
    "programme",
    "report_year",
    "goal",
    "indicator",
    "series",
    "area",
    "home",
    "reference",
    "period",
    "value",
    "raw_file",
    "raw_line",
    "raw_column",
]


def read_peers(programme: Programme, year_dir: Path, report_year: int) -> pd.DataFrame:
    """Every area of each series' ``peers``, read from the series' own file and selection.

    The same selection as the series with the area variable set to each area's code, so the
    programme's own area is exactly its series. A year without the file has no comparison.
    """
    records, cache = [], {}
    for indicator in programme.indicators:
        for series in indicator.series:
            peers, feed = series.peers, series.feed
            if peers is None or feed is None:
                continue
            path = feed_path(programme, year_dir, indicator.id, series.id, feed.files)
            if not path.is_file():
                continue
            if path not in cache:
                cache[path] = _read(path, feed)
            shown = display_path(path)  # once per file: it resolves the path
            for code in peers.areas:
                selection = {**feed.select, peers.variable: code}
                for cell in series_values(cache[path], feed, path, selection).itertuples():
                    records.append(
                        {
                            "programme": programme.id,
                            "report_year": report_year,
                            "goal": indicator.goal,
                            "indicator": indicator.id,
                            "series": series.id,
                            "area": code,
                            "home": code == peers.home,
                            "reference": code in peers.reference,
                            "period": cell.period,
                            "value": cell.value,
                            "raw_file": shown,
                            "raw_line": cell.line,
                            "raw_column": cell.place,
                        }
                    )
    return pd.DataFrame.from_records(records, columns=PEER_COLUMNS)


def _read(path: Path, feed: SeriesSelection) -> pd.DataFrame:
    return read_source(path, **feed.options)


def series_values(
    frame: pd.DataFrame,
    feed: SeriesSelection,
    path: Path,
    selection: dict[str, str] | None = None,
) -> pd.DataFrame:
    """One value per period of a feed: ``period, value, symbol, line, place``.

    ``selection`` replaces the feed's own (for another area). With a ``ratio`` the value is
    ``scale * numerator / denominator`` of two cells of the same period; a missing cell on
    either side gives a missing value, a zero denominator is an error.
    """
    chosen = select(frame, selection or feed.select)
    if feed.period_variable not in chosen.columns:
        raise InputError(
            path,
            f'no variable "{feed.period_variable}" to take periods '
            f"from: the file has {', '.join(map(str, chosen.columns))}",
        )
    if feed.ratio is None:
        return _one_per_period(chosen, feed, path, selection or feed.select)
    top = _one_per_period(
        select(chosen, feed.ratio.numerator), feed, path, feed.ratio.numerator
    ).set_index("period")
    bottom = _one_per_period(
        select(chosen, feed.ratio.denominator), feed, path, feed.ratio.denominator
    ).set_index("period")
    both = top.add_suffix("_top").join(bottom.add_suffix("_bottom"), how="inner")
    if len(both) != len(top) or len(both) != len(bottom):
        lonely = sorted(set(top.index) ^ set(bottom.index))
        raise InputError(
            path,
            f"the ratio needs both cells for every period: {', '.join(lonely[:5])} "
            "has only one of them",
        )
    zero = both[both["value_bottom"] == 0]
    if len(zero):
        raise InputError(
            path,
            f"the ratio divides by zero at {zero.index[0]} (line {zero['line_bottom'].iloc[0]})",
        )
    out = pd.DataFrame(
        {
            "period": both.index,
            "value": feed.ratio.scale * both["value_top"] / both["value_bottom"],
            "symbol": [
                a or b for a, b in zip(both["symbol_top"], both["symbol_bottom"], strict=True)
            ],
            "line": both["line_top"],
            # Both cells, by line where the reader gives lines: "100 × line 609 / line 611".
            "place": [
                f"{feed.ratio.scale:g} × {_where(la, pa)} / {_where(lb, pb)}"
                for la, pa, lb, pb in zip(
                    both["line_top"],
                    both["place_top"],
                    both["line_bottom"],
                    both["place_bottom"],
                    strict=True,
                )
            ],
        }
    )
    return out.reset_index(drop=True)


def _one_per_period(
    chosen: pd.DataFrame, feed: SeriesSelection, path: Path, selection: dict[str, str]
) -> pd.DataFrame:
    if chosen[feed.period_variable].duplicated().any():
        raise InputError(
            path,
            f"the selection {selection} leaves more than one "
            f"value per {feed.period_variable}: select more variables",
        )
    periods = []
    for label in chosen[feed.period_variable]:
        try:
            periods.append(to_period(label))
        except ValueError as err:
            raise InputError(path, str(err)) from None
    lines = chosen["line"] if "line" in chosen.columns else pd.Series(pd.NA, index=chosen.index)
    return pd.DataFrame(
        {
            "period": periods,
            "value": chosen["value"].astype(float).to_numpy(),
            "symbol": [
                str(x) if isinstance(x, str) else ""
                for x in chosen.get("symbol", [""] * len(chosen))
            ],
            "line": lines.to_numpy(),
            "place": _places(chosen),
        }
    )


def _where(line, place: str) -> str:
    return place if pd.isna(line) else f"line {int(line)}"


def _places(chosen: pd.DataFrame) -> list[str]:
    """Where in the file each value sits, in the reader's own terms (cell, field, DATA item):
    the first of those columns a row has a value in."""
    places = [""] * len(chosen)
    for column, label in (("position", "DATA item"), ("field", "field"), ("cell", "cell")):
        if column not in chosen.columns:
            continue
        for i, value in enumerate(chosen[column].tolist()):
            if not pd.isna(value):
                places[i] = f"{label} {value}"
    return places


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
