"""The chart of each indicator series on a goal page, chosen by what the series has
(:func:`show_chart`):

- a monthly history (more than :data:`MONTHLY_HISTORY` months): the months, their 12-month
  moving average and the report's two values (:func:`show_monthly_chart`);
- a few values in each of several series of one indicator, none with a target: drawn
  together in one compact chart (:func:`show_series_chart`);
- otherwise the observations, the target, the path to it and the trend carried on
  (:func:`show_indicator_chart`).

Each chart comes with its text alternative, its data as a table and a CSV download
(:meth:`seuranta.pages.page.Page.figure`); the drawings are :mod:`seuranta.pages.figures`.
"""

from __future__ import annotations

import math
from functools import partial

import pandas as pd

from seuranta.pages import charts, figures
from seuranta.pages.blocks import Cell
from seuranta.pages.page import Page
from seuranta.pages.sections.common import (
    indicator_download,
    series_label,
    unit_label,
    value_text,
)
from seuranta.parse import period_to_years
from seuranta.progress import Point, moving_average, projection_path

#: A series with at most this many values is drawn together with its siblings.
COMPACT_POINTS = 3
#: A series with more monthly values than this is drawn as a monthly history.
MONTHLY_HISTORY = 12
#: Years of monthly history before the baseline year that a chart shows.
HISTORY_YEARS = 2


def projection_decimals(page: Page, indicator) -> int:
    """A projected value is computed from two reported ones: it is printed at the
    indicator's own precision, never finer (docs/progress-method.md, "Precision and
    noise")."""
    return indicator.decimals


def within_scale(indicator, value: float) -> float:
    """A projected value kept inside the indicator's scale: a share within 0-100, a score
    within its [min, max]."""
    low, high = indicator.scale or ((0.0, 100.0) if indicator.unit == "percent" else (None, None))
    if low is not None:
        value = max(low, value)
    if high is not None:
        value = min(high, value)
    return value


def _observed(page: Page, indicator_id: str, series_id: str) -> pd.DataFrame:
    rows = page.indicators
    return rows[
        (rows["indicator"] == indicator_id)
        & (rows["series"] == series_id)
        & (rows["kind"] == "observation")
        & rows["value"].notna()
    ]


def _months(observed: pd.DataFrame) -> pd.DataFrame:
    return observed[observed["period"].str.fullmatch(r"\d{4}-\d{2}")]


def compact_series(page: Page, indicator) -> list[str]:
    """The series of an indicator drawn together in one compact chart: those with a few
    values each and no target (a monthly history or a target gets a chart of its own),
    where there are two or more of them."""
    status = page.status.set_index(["indicator", "series"])
    few = []
    for series in indicator.series:
        observed = _observed(page, indicator.id, series.id)
        row = status.loc[(indicator.id, series.id)]
        if 0 < len(observed) <= COMPACT_POINTS and pd.isna(row["target_value"]):
            few.append(series.id)
    return few if len(few) >= 2 else []


def show_chart(page: Page, indicator, row, observed: pd.DataFrame, together: list[str]) -> None:
    """The chart of one series (``row`` of the status table, ``observed`` its values) by
    what it has (see the module docstring); a sentence where it has no value. A series
    drawn ``together`` with its siblings (:func:`compact_series`) is drawn after the last
    of them."""
    if row.series in together:
        if row.series == together[-1]:
            show_series_chart(page, indicator, together)
        return
    if observed.empty:
        page.paragraph(page.tr("report.goal.no_chart"))
        return
    months = _months(observed)
    if len(months) > MONTHLY_HISTORY:
        show_monthly_chart(page, indicator, row, months)
    else:
        show_indicator_chart(page, indicator, row, observed)


def show_series_chart(page: Page, indicator, series_ids: list[str]) -> None:
    """Several series of one indicator, a few values each, in one compact chart."""
    tr = page.tr
    lines, numbers, rows, files = {}, [], [], []
    for series_id in series_ids:
        observed = _observed(page, indicator.id, series_id)
        observed = observed.assign(t=observed["period"].map(period_to_years)).sort_values("t")
        name = indicator.series_by_id(series_id).names(page.lang)
        lines[name] = list(zip(observed["t"], observed["value"], strict=True))
        files += list(observed["raw_file"])
        for p, value in zip(observed["period"], observed["value"], strict=True):
            numbers.append((series_id, "observation", p, value))
            rows.append(
                [name, tr.period(p), Cell(value_text(page, indicator, value), numeric=True)]
            )
    years = [int(t) for points in lines.values() for t, _ in points]
    note = page.data_note(files)
    mark = page.data_note(files, short=True)
    chart = charts.pair(
        partial(
            figures.series_figure,
            tr,
            lines,
            unit=indicator.unit,
            y_label=unit_label(page, indicator),
            years=(min(years), max(years)),
            mark=mark,
        ),
        page.chart_id(),
    )
    texts = {
        indicator.series_by_id(sid).names(page.lang): [n for n in numbers if n[0] == sid]
        for sid in series_ids
    }
    names = tr.join(list(lines))
    label = f"{indicator.names(page.lang)} \u2013 {names}"
    alt = " ".join(
        tr(
            "report.chart.alt_observed",
            name=f"{indicator.names(page.lang)} \u2013 {name}",
            values=", ".join(
                f"{value_text(page, indicator, v)} ({tr.period(p)})" for _, _, p, v in points
            ),
        )
        for name, points in texts.items()
    )
    header = [tr("report.chart.series"), tr("report.chart.period"), tr("report.chart.value")]
    page.figure(
        chart,
        alt=alt,
        caption=tr("report.chart.caption", name=label, drawn=tr("report.chart.drawn.observed")),
        data_caption=tr("report.chart.data_caption", name=label),
        data_header=header,
        data_rows=rows,
        data=indicator_download(
            page,
            indicator,
            numbers,
            content=f"indicator-{indicator.id}",
            title=tr("report.chart.data_caption", name=label),
            files=files,
        ),
        note=note,
    )


def report_points(page: Page, indicator_id: str, series_id: str) -> pd.DataFrame:
    """This year's Table 1 observations of a series with a value (its baseline and status)."""
    rows = page.dataset.indicators
    return rows[
        (rows["report_year"] == page.year)
        & (rows["indicator"] == indicator_id)
        & (rows["series"] == series_id)
        & rows["role"].isin(["baseline", "status"])
        & rows["value"].notna()
    ].sort_values("period", key=lambda p: p.map(period_to_years))


def chart_start(page: Page, indicator_id: str, series_id: str) -> str:
    """The first month a monthly chart shows: January, two years before the baseline year."""
    marks = report_points(page, indicator_id, series_id)
    first = int(marks["period"].iloc[0][:4]) if len(marks) else page.year - 3
    return f"{first - HISTORY_YEARS:04d}-01"


def show_monthly_chart(page: Page, indicator, row, months: pd.DataFrame) -> None:
    """The monthly history with its 12-month moving average and the report's two values."""
    tr = page.tr
    start = chart_start(page, indicator.id, row.series)
    points = _points_of(months)
    means = {p.period: p.value for p in moving_average(points)}
    shown = [p for p in points if p.period >= start]
    marks = report_points(page, indicator.id, row.series)
    decimals = indicator.decimals

    def v(value: float) -> str:
        return value_text(page, indicator, value, decimals)

    # A month without a value breaks the line rather than bridging the gap with a straight
    # one (a report year without the statistics download has only Table 1's month).
    drawn_months = _with_gaps(shown)
    note = page.data_note(months["raw_file"])
    mark = page.data_note(months["raw_file"], short=True)
    chart = charts.pair(
        lambda narrow: figures.monthly_figure(
            tr,
            drawn_months,
            unit=indicator.unit,
            y_label=unit_label(page, indicator),
            moving=[
                (period_to_years(p.period), means[p.period]) for p in shown if p.period in means
            ],
            marks=[
                (period_to_years(p), value)
                for p, value in zip(marks["period"], marks["value"], strict=True)
            ],
            labels={key: tr(f"report.chart.{key}") for key in ("monthly", "moving", "marks")},
            decimals=decimals,
            mark=mark,
            narrow=narrow,
        ),
        page.chart_id(),
    )
    label = series_label(page, indicator, row.series)
    reported = tr.join(
        [
            f"{v(value)} ({tr.period(p)})"
            for p, value in zip(marks["period"], marks["value"], strict=True)
        ]
    )
    # The alternative text names the highest, lowest and latest value of each line.
    low, high = min(shown, key=lambda p: p.value), max(shown, key=lambda p: p.value)
    alt = tr(
        "report.chart.alt_monthly",
        name=label,
        first=tr.period(shown[0].period),
        last=tr.period(shown[-1].period),
        low=v(low.value),
        low_period=tr.period(low.period),
        high=v(high.value),
        high_period=tr.period(high.period),
        latest=v(shown[-1].value),
        reported=reported,
    )
    moving_shown = [Point(p.period, means[p.period]) for p in shown if p.period in means]
    if moving_shown:
        low = min(moving_shown, key=lambda p: p.value)
        high = max(moving_shown, key=lambda p: p.value)
        alt += " " + tr(
            "report.chart.alt_moving",
            high=v(high.value),
            high_period=tr.period(high.period),
            low=v(low.value),
            low_period=tr.period(low.period),
            last=v(moving_shown[-1].value),
            last_period=tr.period(moving_shown[-1].period),
        )
    marked = set(marks["period"])
    data_rows = [
        [
            tr.period(p.period),
            Cell(v(p.value), numeric=True),
            Cell(v(means[p.period]) if p.period in means else "\u2013", numeric=True),
            tr("report.chart.reported") if p.period in marked else "",
        ]
        for p in shown
    ]
    drawn = ["monthly", "moving", "marks"] if moving_shown else ["monthly", "marks"]
    header = [
        tr("report.chart.period"),
        tr("report.chart.value"),
        tr("report.chart.moving"),
        tr("report.chart.kind"),
    ]
    points = [(row.series, "observation", p.period, p.value) for p in shown]
    points += [(row.series, "moving_average", p.period, means[p.period]) for p in moving_shown]
    points += [
        (row.series, "reported", p, value)
        for p, value in zip(marks["period"], marks["value"], strict=True)
    ]
    numbers = indicator_download(
        page,
        indicator,
        points,
        content=f"indicator-{indicator.id}-{row.series}",
        title=tr("report.chart.data_caption", name=label),
        files=months["raw_file"],
    )
    page.figure(
        chart,
        alt=alt,
        caption=tr(
            "report.chart.caption",
            name=label,
            drawn=tr.join([tr(f"report.chart.drawn.{part}") for part in drawn]),
        ),
        data_caption=tr("report.chart.data_caption", name=label),
        data_header=header,
        data_rows=data_rows,
        data=numbers,
        note=note,
    )


def _with_gaps(points: list) -> list[tuple[float, float]]:
    """(decimal year, value) of consecutive months, with NaN where a month is missing."""
    drawn, previous = [], None
    for p in points:
        year, month = int(p.period[:4]), int(p.period[5:7])
        index = year * 12 + month
        if previous is not None and index - previous > 1:
            drawn.append((period_to_years(p.period) - 1 / 12, math.nan))
        drawn.append((period_to_years(p.period), p.value))
        previous = index
    return drawn


def _points_of(rows: pd.DataFrame) -> list[Point]:
    points = [Point(str(p), float(v)) for p, v in zip(rows["period"], rows["value"], strict=True)]
    return sorted(points, key=lambda p: period_to_years(p.period))


def show_indicator_chart(page: Page, indicator, row, observed: pd.DataFrame) -> None:
    """The observations, the target, the straight path to it and the trend carried on."""
    tr = page.tr
    observed = observed.assign(t=observed["period"].map(period_to_years)).sort_values("t")
    points = list(zip(observed["t"], observed["value"], strict=True))
    target = None
    if row.target_period is not None and not pd.isna(row.target_value):
        target = (period_to_years(row.target_period), float(row.target_value))
    trend = projection_path(row.assessment) if target is not None else []
    trend = [(t, within_scale(indicator, value)) for t, value in trend]
    first_year = int(min(observed["t"]))
    last_year = int(max([t for t, _ in points] + ([target[0]] if target else [])))
    labels = {key: tr(f"report.chart.{key}") for key in ("observed", "target", "path", "trend")}
    note = page.data_note(observed["raw_file"])
    mark = page.data_note(observed["raw_file"], short=True)
    chart = charts.pair(
        lambda narrow: figures.indicator_figure(
            tr,
            points,
            unit=indicator.unit,
            y_label=unit_label(page, indicator),
            target=target,
            trend=trend,
            labels=labels,
            years=(first_year, last_year),
            scale=indicator.scale,
            mark=mark,
            narrow=narrow,
        ),
        page.chart_id(),
    )
    label = series_label(page, indicator, row.series)
    values = ", ".join(
        f"{value_text(page, indicator, v)} ({tr.period(p)})"
        for p, v in zip(observed["period"], observed["value"], strict=True)
    )
    alt = tr("report.chart.alt_observed", name=label, values=values)
    if target is not None:
        alt += " " + tr(
            "report.chart.alt_target",
            value=value_text(page, indicator, target[1]),
            period=tr.period(row.target_period),
        )
    if trend:
        alt += " " + tr(
            "report.chart.alt_trend",
            value=value_text(page, indicator, trend[-1][1], projection_decimals(page, indicator)),
            period=tr.period(row.target_period),
        )
    data_rows = [
        [
            tr.period(p),
            Cell(value_text(page, indicator, v), numeric=True),
            tr("report.chart.observed"),
        ]
        for p, v in zip(observed["period"], observed["value"], strict=True)
    ]
    if target is not None:
        data_rows.append(
            [
                tr.period(row.target_period),
                Cell(value_text(page, indicator, target[1]), numeric=True),
                tr("report.chart.target"),
            ]
        )
    if trend:
        data_rows.append(
            [
                tr.period(row.target_period),
                Cell(
                    value_text(page, indicator, trend[-1][1], projection_decimals(page, indicator)),
                    numeric=True,
                ),
                tr("report.chart.trend"),
            ]
        )
    # The caption names exactly what is drawn (figures.indicator_figure draws the path to the
    # target whenever there is a target and at least one observation).
    drawn = ["observed"]
    if target is not None:
        drawn += ["target", "path"]
    if trend:
        drawn.append("trend")
    caption = tr(
        "report.chart.caption",
        name=label,
        drawn=tr.join([tr(f"report.chart.drawn.{part}") for part in drawn]),
    )
    header = [tr("report.chart.period"), tr("report.chart.value"), tr("report.chart.kind")]
    numbers = [
        (row.series, "observation", p, v)
        for p, v in zip(observed["period"], observed["value"], strict=True)
    ]
    if target is not None:
        numbers.append((row.series, "target", row.target_period, target[1]))
    if trend:
        numbers.append((row.series, "trend", row.target_period, trend[-1][1]))
    page.figure(
        chart,
        alt=alt,
        caption=caption,
        data_caption=tr("report.chart.data_caption", name=label),
        data_header=header,
        data_rows=data_rows,
        data=indicator_download(
            page,
            indicator,
            numbers,
            content=f"indicator-{indicator.id}-{row.series}",
            title=tr("report.chart.data_caption", name=label),
            files=observed["raw_file"],
        ),
        note=note,
    )
