"""What the sections of every page kind share: the date of the data, the illustrative
ledger's notice, how a series is named and a value written, a unit's axis label, and the
analysts' commentary.
"""

from __future__ import annotations

import math

import pandas as pd

from seuranta.pages import commentary, downloads
from seuranta.pages.page import Page
from seuranta.parse import period_to_years


def ledger_is_illustrative(page: Page) -> bool:
    """Whether this year's ledger is illustrative: every page using it then says so."""
    return page.dataset.ledger_illustrative(page.year)


def data_date(page: Page, goal: int | None = None) -> str | None:
    """The latest period of any status value shown (the "status" date of the data).

    Table 1's status values, not every month a statistics file adds: a file downloaded
    later holds months the report could not yet know.
    """
    rows = page.indicators
    rows = rows[(rows["role"] == "status") & rows["value"].notna()]
    if goal is not None:
        rows = rows[rows["goal"] == goal]
    if rows.empty:
        return None
    return max(rows["period"], key=period_to_years)


def series_label(page: Page, indicator, series_id: str) -> str:
    """The indicator's name, and the series' after a dash where it has several."""
    name = indicator.names(page.lang)
    if len(indicator.series) > 1:
        name += f" \u2013 {indicator.series_by_id(series_id).names(page.lang)}"
    return name


def value_text(page: Page, indicator, value: float, decimals=None) -> str:
    """A value in its unit: with ``decimals`` exactly so (a Table 1 cell as written);
    without, at the indicator's precision (a statistics file's 8.0578 as 8,1 %), shares
    with fixed decimals and other units without trailing zeros (3,9/5 as the report)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return page.tr("common.no_data")
    if decimals is not None and not pd.isna(decimals):
        decimals = int(decimals)
    else:
        value = round(value, indicator.decimals)
        decimals = indicator.decimals if indicator.unit == "percent" else None
    unit = page.programme.unit_of(indicator)
    return page.tr.value(value, unit, decimals=decimals, scale_max=indicator.scale_max)


def point_text(page: Page, indicator, value: float, period: str | None) -> str:
    """``8 741 (2019)``; "ei tietoa" where there is no value, as in every table."""
    if period is None or pd.isna(value):
        return page.tr("common.no_data")
    return f"{value_text(page, indicator, value)} ({page.tr.period(period)})"


def unit_label(page: Page, indicator) -> str:
    """The axis label of an indicator's unit: a programme's own unit by its name in the
    page's language, a built-in one from the catalogue; a score names its scale."""
    unit = page.programme.unit_of(indicator)
    if not unit.builtin:
        return unit.names(page.lang)
    if indicator.scale:
        low, high = indicator.scale
        return page.tr(
            f"report.unit.{indicator.unit}", low=page.tr.number(low), high=page.tr.number(high)
        )
    return page.tr(f"report.unit.{indicator.unit}")


def show_commentary(page: Page, name: str | None = None) -> str | None:
    """The analysts' commentary of the page (``commentary/<lang>/<name>.md``) as a section.

    Nothing where there is none (``clean`` made sure every language has it or none does,
    see :mod:`seuranta.clean.commentary`). The block can be rebuilt alone when only its text
    changes (:mod:`seuranta.pages.commentary`).
    """
    return _show(page, name or page.name, "page")


def show_indicator_commentary(page: Page, indicator_id: str) -> str | None:
    """The analysts' words on one indicator (``indicator-<id>.md``), under its heading."""
    return _show(page, f"indicator-{indicator_id}", "indicator")


def _show(page: Page, name: str, kind: str) -> str | None:
    text = page.dataset.commentary(page.year, page.lang, name, block=True)
    if not commentary.shows(text):
        return None
    page.show(commentary.block_html(page.tr, text, kind), metadata=commentary.slot(name, kind))
    return text


def is_illustrative(page: Page, files) -> bool:
    """Whether any of the raw ``files`` holds illustrative (made-up) figures."""
    used = page.dataset.sources_used([f for f in files if f])
    return bool(len(used)) and bool(used["illustrative"].astype(bool).any())


def indicator_download(
    page: Page,
    indicator,
    points: list[tuple[str, str, str, float]],
    *,
    content: str,
    title: str,
    files=(),
) -> pd.DataFrame:
    """The tidy download of an indicator's chart: one row per (series, kind, period, value)
    point, the value at the indicator's precision, its unit and the text the page writes."""
    unit = page.programme.unit_of(indicator)
    decimals = indicator.decimals if indicator.decimals is not None else 6
    rows = []
    for series_id, kind, period, value in points:
        number = None if value is None or pd.isna(value) else round(float(value), decimals)
        series = indicator.series_by_id(series_id)
        rows.append(
            {
                "indicator": indicator.id,
                "indicator_name": indicator.names(page.lang),
                "series": series_id,
                "series_name": series.names(page.lang),
                "kind": kind,
                "period": period,
                "value": number,
                "unit": unit.id,
                "value_text": "" if number is None else value_text(page, indicator, number),
            }
        )
    frame = pd.DataFrame(rows, columns=DOWNLOAD_COLUMNS)
    return downloads.tidy(
        frame,
        content=content,
        title=title,
        descriptions=field_descriptions(page),
        illustrative=is_illustrative(page, files),
    )


#: The columns of an indicator chart's download, in order.
DOWNLOAD_COLUMNS = [
    "indicator",
    "indicator_name",
    "series",
    "series_name",
    "kind",
    "period",
    "value",
    "unit",
    "value_text",
]


def field_descriptions(page: Page) -> dict[str, str]:
    """What each common download column holds, in the page's language."""
    return {column: page.tr(f"report.download.fields.{column}") for column in FIELD_KEYS}


#: The download columns the catalogue describes: a chart's, and the two marks any may carry.
FIELD_KEYS = (*DOWNLOAD_COLUMNS, "illustrative", "caveat")


def status_download(page: Page, status: pd.DataFrame, *, content: str, title: str):
    """The tidy download of an indicator table: one row per series, each value in its own
    column with its period, the unit, the assessment (its code and words) and its caveat."""
    rows = []
    for row in status.itertuples():
        indicator = page.programme.indicator(row.indicator)
        decimals = indicator.decimals if indicator.decimals is not None else 6
        item = {
            "goal": int(row.goal),
            "indicator": row.indicator,
            "indicator_name": indicator.names(page.lang),
            "series": row.series,
            "series_name": indicator.series_by_id(row.series).names(page.lang),
            "unit": page.programme.unit_of(indicator).id,
        }
        for role in ("baseline", "previous", "latest", "target"):
            if role == "previous" and "previous_value" not in status.columns:
                continue
            value = getattr(row, f"{role}_value", None)
            period = getattr(row, f"{role}_period", None)
            missing = value is None or pd.isna(value)
            item[f"{role}_period"] = "" if period is None or pd.isna(period) else period
            item[f"{role}_value"] = None if missing else round(float(value), decimals)
            item[f"{role}_text"] = point_text(page, indicator, value, period)
        item["status"] = row.status
        item["status_label"] = row.status_label
        item["caveat"] = row.caveat or ""
        values = page.indicators
        values = values[(values["indicator"] == row.indicator) & (values["series"] == row.series)]
        item["illustrative"] = is_illustrative(page, values["raw_file"].dropna())
        rows.append(item)
    frame = pd.DataFrame(rows)
    for column in frame.columns:
        if column.endswith("_value"):
            frame[column] = pd.to_numeric(frame[column]).astype("float64")
    return downloads.tidy(
        frame, content=content, title=title, descriptions=field_descriptions(page)
    )
