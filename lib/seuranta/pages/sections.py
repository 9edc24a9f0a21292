"""The sections of each appendix: what the notebooks call, one function per section.

Each function takes a :class:`seuranta.pages.page.Page`, computes what its section needs from
the cleaned data and shows it. The notebooks stay thin and read as a table of contents.
"""

from __future__ import annotations

import csv
import io
import math
from functools import partial

import pandas as pd

from seuranta.catalog import appendix_pages
from seuranta.clean import budget
from seuranta.i18n import Translated
from seuranta.pages import charts
from seuranta.pages.page import Cell, Page, esc, num, status_html, turn_html
from seuranta.parse import parse_period, period_to_years
from seuranta.progress import STATUSES, moving_average, projection_path

ROLES = ("baseline", "status", "target")
# A projected value is computed, not read: print it with a fixed, honest precision.
PROJECTION_DECIMALS = {"count": 0, "percent": 1, "score": 2}


def projection_decimals(page: Page, indicator) -> int:
    """The fixed precision of a projected value: by built-in unit, or a programme's own
    unit's (or the indicator's) decimals."""
    if indicator.unit in PROJECTION_DECIMALS:
        return PROJECTION_DECIMALS[indicator.unit]
    unit = page.programme.unit_of(indicator)
    return unit.decimals if unit.decimals is not None else indicator.decimals


# -- shared pieces ------------------------------------------------------------------------


def ledger_is_illustrative(page: Page) -> bool:
    facts = page.dataset.appropriation
    rows = facts[facts["report_year"] == page.year]
    return bool(len(rows)) and bool(rows["ledger_illustrative"].iloc[0])


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


def column_periods(page: Page) -> dict[str, str]:
    """The default period of each Table 1 column, from the header of this year's table."""
    rows = page.dataset.indicators
    rows = rows[rows["report_year"] == page.year]
    found = {}
    for column in rows["raw_column"].dropna().unique():
        role, _, period = str(column).partition(" ")
        if role in ROLES and period:
            found[role] = parse_period(period)
    return found


def series_label(page: Page, indicator, series_id: str) -> str:
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
    """``8 741 (2019)``; empty where there is no value."""
    if period is None or pd.isna(value):
        return ""
    return f"{value_text(page, indicator, value)} ({page.tr.period(period)})"


def _role_rows(page: Page, indicator_id: str, series_id: str, role: str) -> pd.DataFrame:
    """The Table 1 cell of this report year (not a newer value of another report)."""
    rows = page.dataset.indicators
    return rows[
        (rows["report_year"] == page.year)
        & (rows["indicator"] == indicator_id)
        & (rows["series"] == series_id)
        & (rows["role"] == role)
    ]


def cell_text(page: Page, indicator, series_id: str, role: str, default: str | None) -> str:
    """A Table 1 cell as the report writes it: value, and its period if not the column's."""
    rows = _role_rows(page, indicator.id, series_id, role)
    if rows.empty:
        return ""
    row = rows.iloc[-1]
    page.cite([row["raw_file"]])
    if pd.isna(row["value"]):
        return page.tr("common.no_data")  # the raw text ("ei tietoa") is Finnish
    text = value_text(page, indicator, row["value"], row["decimals"])
    if row["report_period"] != default:  # the report's own dating, as Table 1 prints it
        text += f" ({page.tr.period(row['report_period'])})"
    return text


def show_commentary(page: Page, name: str | None = None) -> str | None:
    """The analysts' commentary of the page (``commentary/<lang>/<name>.md``) as a section.

    Nothing where no language has one; a language without a file that another language
    has fails the page, naming the file (see :mod:`seuranta.clean.commentary`).
    """
    from seuranta.clean import commentary

    text = page.dataset.commentary(page.year, page.lang, name or page.name, page.languages)
    if not text or not text.strip():
        return None
    tr = page.tr
    page.show(
        f'<section class="commentary"><h2>{esc(tr("report.commentary.title"))}</h2>'
        f"{commentary.to_html(text, top_level=3)}</section>"
    )
    return text


def show_indicator_commentary(page: Page, indicator_id: str) -> str | None:
    """The analysts' words on one indicator (``indicator-<id>.md``), under its heading."""
    from seuranta.clean import commentary

    text = page.dataset.commentary(
        page.year, page.lang, f"indicator-{indicator_id}", page.languages
    )
    if not text or not text.strip():
        return None
    page.show(f'<div class="commentary">{commentary.to_html(text, top_level=4)}</div>')
    return text


# -- Table 1 and the status overview -------------------------------------------------------


def table1_rows(page: Page) -> tuple[list[str], list[list[str]]]:
    """Table 1 as the report lays it out: one row per indicator, series stacked in a cell."""
    tr = page.tr
    periods = column_periods(page)
    header = [
        tr("report.table1.goal"),
        tr("report.table1.indicator"),
        tr("report.table1.source"),
        tr("report.table1.baseline", period=tr.period(periods.get("baseline", ""))),
        tr("report.table1.status", period=tr.period(periods.get("status", ""))),
        tr("report.table1.target", period=tr.period(periods.get("target", ""))),
        tr("report.table1.assessment"),
    ]
    status = page.status
    rows = []
    for indicator in page.programme.indicators:
        cells = {role: [] for role in ROLES}
        assessments = []
        for series in indicator.series:
            prefix = f"{series.names(page.lang)}: " if len(indicator.series) > 1 else ""
            for role in ROLES:
                text = cell_text(page, indicator, series.id, role, periods.get(role))
                if text:
                    cells[role].append(prefix + text)
            match = status[(status["indicator"] == indicator.id) & (status["series"] == series.id)]
            assessments.append(prefix + match["status_label"].iloc[0])
        rows.append(
            [
                tr("report.goal.short", number=indicator.goal),
                indicator.names(page.lang),
                indicator.source.names(page.lang),
                *["\n".join(cells[role]) for role in ROLES],
                "\n".join(assessments),
            ]
        )
    return header, rows


def show_table1(page: Page) -> None:
    """Table 1 regenerated, with the assessment as a last column."""
    tr = page.tr
    header, rows = table1_rows(page)

    def cell(text: str, numeric: bool) -> Cell:
        return Cell(html="<br>".join(esc(line) for line in text.split("\n")), numeric=numeric)

    html_rows = []
    for row in rows:
        html_rows.append(
            [row[0], row[1], row[2], *[cell(t, True) for t in row[3:6]], cell(row[6], False)]
        )
    page.table(
        tr("report.table1.caption", year=page.year, table=page.programme.table_number),
        header,
        html_rows,
    )


def export_table1(page: Page) -> list[str]:
    """Table 1 as .xlsx and .csv in the report's layout, published beside the page.

    The files are attached to the page (:meth:`seuranta.pages.page.Page.attach`): ``seuranta
    render`` writes them beside the HTML and records them in the manifest; a notebook run
    by hand writes nothing. Returns the file names.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from seuranta.pages.downloads import safe_text
    from seuranta.pages.workbook import workbook_bytes

    header, rows = table1_rows(page)
    name = page.tr("report.table1.file_name", table=page.programme.table_number)
    # Every cell is text; a text that a spreadsheet would run as a formula is neutralised
    # in the CSV (seuranta.pages.downloads) and typed as text in the workbook.
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in [header, *rows]:
        writer.writerow([safe_text(str(cell)) for cell in row])
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = page.tr("report.table1.sheet_name", table=page.programme.table_number)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
    for letter, width in zip("ABCDEFG", (16, 44, 24, 22, 22, 16, 28), strict=True):
        sheet.column_dimensions[letter].width = width
    workbook.properties.creator = "seuranta"
    workbook.properties.created = pd.Timestamp(f"{page.year}-12-31").to_pydatetime()
    return [
        page.attach(f"{name}.xlsx", workbook_bytes(workbook)),  # same cells, same bytes
        page.attach(f"{name}.csv", "\ufeff".encode() + out.getvalue().encode("utf-8")),
    ]


def show_table1_downloads(page: Page, files: list[str]) -> None:
    tr = page.tr
    links = " ".join(f'<a href="{esc(f)}">{esc(f)}</a>' for f in files)
    text = tr("report.table1.download", table=page.programme.table_number)
    page.show(f"<p>{esc(text)} {links}</p>")


def overview_lead(page: Page) -> str:
    """The overview's lead, naming the target period of this year's Table 1."""
    target = column_periods(page).get("target")
    return page.tr(
        "report.overview.lead",
        year=page.year,
        target=page.tr.period(target) if target else page.tr("common.no_data"),
    )


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


def status_counts(page: Page) -> pd.DataFrame:
    """Per goal: how many indicator series have each status."""
    counts = page.status.groupby(["goal", "status"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(STATUSES), fill_value=0)
    return counts.reindex([g.number for g in page.programme.goals], fill_value=0)


def goal_status_line(page: Page, goal: int) -> str:
    """One line: "Indicator series: 3 (Target achieved 1, Deterioration 2)"."""
    tr = page.tr
    counts = status_counts(page).loc[goal]
    parts = [f"{tr(f'progress.status.{s}')} {int(n)}" for s, n in counts.items() if n]
    return tr("report.goal.status_line", n=int(counts.sum()), parts=", ".join(parts))


def show_status_summary(page: Page) -> None:
    """Per goal: how many series, and how many of them have each status."""
    tr = page.tr
    counts = status_counts(page)
    rows = []
    for goal in page.programme.goals:
        numbers = counts.loc[goal.number]
        badges = " ".join(f"{status_html(tr, s)}&nbsp;{int(n)}" for s, n in numbers.items() if n)
        rows.append(
            [
                f"{goal.number}. {goal.names(page.lang)}",
                num(str(int(numbers.sum()))),
                Cell(html=badges),
            ]
        )
    total = counts.sum()
    badges = " ".join(f"{status_html(tr, s)}&nbsp;{int(n)}" for s, n in total.items() if n)
    page.table(
        tr("report.summary.caption", year=page.year),
        [
            tr("report.table1.goal"),
            num(tr("report.summary.series")),
            tr("report.table1.assessment"),
        ],
        rows,
        footer=[tr("report.summary.total"), num(str(int(total.sum()))), Cell(html=badges)],
    )


# -- one goal's indicators -----------------------------------------------------------------


def assessment_html(page: Page, row) -> str:
    """The method's status word, and beside it a turn for the worse since the last report."""
    html = status_html(page.tr, row.status)
    if row.turned_worse:
        html += " " + turn_html(page.tr)
    return html


def change_text(page: Page, indicator, row) -> str:
    """``+1,5 prosenttiyksikköä (heikentynyt)``; the reason where there is no comparison."""
    tr = page.tr
    if row.since_previous == "not_available" or pd.isna(row.change_since_previous):
        return tr(f"progress.since_previous.{row.since_previous}")
    amount = tr.change(
        row.change_since_previous, page.programme.unit_of(indicator), indicator.decimals or None
    )
    return f"{amount} ({tr(f'progress.since_previous.{row.since_previous}')})"


def show_goal_indicator_table(page: Page, goal: int) -> pd.DataFrame:
    """Baseline, latest, target and the assessment of each series; with a previous report,
    its latest value and the change since. Returns the table's data."""
    tr = page.tr
    status = page.status[page.status["goal"] == goal]
    before = page.dataset.previous_report_year(page.year)
    rows = []
    for row in status.itertuples():
        indicator = page.programme.indicator(row.indicator)
        cells = [
            series_label(page, indicator, row.series),
            num(point_text(page, indicator, row.baseline_value, row.baseline_period)),
        ]
        if before is not None:
            cells.append(num(point_text(page, indicator, row.previous_value, row.previous_period)))
        cells.append(num(point_text(page, indicator, row.latest_value, row.latest_period)))
        if before is not None:
            cells.append(num(change_text(page, indicator, row)))
        cells += [
            num(point_text(page, indicator, row.target_value, row.target_period)),
            Cell(html=assessment_html(page, row)),
        ]
        rows.append(cells)
    header = [tr("report.table1.indicator"), tr("report.goal.baseline")]
    if before is not None:
        header.append(tr("report.previous.column", report=before))
    header.append(tr("report.goal.latest"))
    if before is not None:
        header.append(tr("report.previous.change"))
    header += [tr("report.goal.target"), tr("report.table1.assessment")]
    page.table(tr("report.goal.indicator_caption", number=goal), header, rows)
    return status


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


def show_goal_indicator_details(page: Page, goal: int) -> None:
    """Per indicator series: the explanation, the chart and its data. Series of one
    indicator with a few values each are drawn together, after the last of them."""
    tr = page.tr
    compact = {i.id: compact_series(page, i) for i in page.programme.indicators_of(goal)}
    for row in page.status[page.status["goal"] == goal].itertuples():
        indicator = page.programme.indicator(row.indicator)
        label = series_label(page, indicator, row.series)
        rows = page.indicators
        rows = rows[(rows["indicator"] == row.indicator) & (rows["series"] == row.series)]
        page.cite(rows["raw_file"])
        source = tr("report.goal.source", source=indicator.source.names(page.lang))
        series = indicator.series_by_id(row.series)
        notes = [source]
        if series.feed is None and any(s.feed for s in indicator.series):
            notes.append(tr("progress.explain.report_only"))  # siblings read a file, not this
        page.show(
            f"<h3>{esc(label)}</h3><p>{assessment_html(page, row)}</p>"
            f"<p>{esc(row.explanation)}</p>"
            + "".join(f'<p class="meta">{esc(note)}</p>' for note in notes)
        )
        if series.id == indicator.series[0].id:  # the indicator's own words, once
            show_indicator_commentary(page, indicator.id)
        observed = rows[(rows["kind"] == "observation") & rows["value"].notna()]
        together = compact[indicator.id]
        if row.series in together:
            if row.series == together[-1]:
                show_series_chart(page, indicator, together)
            continue
        if observed.empty:
            page.paragraph(tr("report.goal.no_chart"))
            continue
        months = _months(observed)
        if len(months) > MONTHLY_HISTORY:
            show_monthly_chart(page, indicator, row, months)
        else:
            show_indicator_chart(page, indicator, row, observed)


#: A series with at most this many values is drawn together with its siblings.
COMPACT_POINTS = 3


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
            numbers.append((name, tr.period(p), value))
            rows.append(
                [name, tr.period(p), Cell(value_text(page, indicator, value), numeric=True)]
            )
    years = [int(t) for points in lines.values() for t, _ in points]
    note = page.data_note(files)
    mark = page.data_note(files, short=True)
    chart = charts.pair(
        partial(
            charts.series_figure,
            tr,
            lines,
            unit=indicator.unit,
            y_label=unit_label(page, indicator),
            years=(min(years), max(years)),
            mark=mark,
        ),
        page.chart_id(),
    )
    names = tr.join(list(lines))
    label = f"{indicator.names(page.lang)} \u2013 {names}"
    alt = " ".join(
        tr(
            "report.chart.alt_observed",
            name=f"{indicator.names(page.lang)} \u2013 {name}",
            values=", ".join(
                f"{value_text(page, indicator, v)} ({tr.period(p)})"
                for n, p, v in numbers
                if n == name
            ),
        )
        for name in lines
    )
    header = [tr("report.chart.series"), tr("report.chart.period"), tr("report.chart.value")]
    page.figure(
        chart,
        alt=alt,
        caption=tr("report.chart.caption", name=label, drawn=tr("report.chart.drawn.observed")),
        data_caption=tr("report.chart.data_caption", name=label),
        data_header=header,
        data_rows=rows,
        data=pd.DataFrame(numbers, columns=header),
        note=note,
    )


#: A series with more monthly values than this is drawn as a monthly history.
MONTHLY_HISTORY = 12
#: Years of monthly history before the baseline year that a chart shows.
HISTORY_YEARS = 2


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
        lambda narrow: charts.monthly_figure(
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
    values = [p.value for p in shown]
    reported = tr.join(
        [
            f"{v(value)} ({tr.period(p)})"
            for p, value in zip(marks["period"], marks["value"], strict=True)
        ]
    )
    alt = tr(
        "report.chart.alt_monthly",
        name=label,
        first=tr.period(shown[0].period),
        last=tr.period(shown[-1].period),
        low=v(min(values)),
        high=v(max(values)),
        reported=reported,
    )
    moving_shown = [p for p in shown if p.period in means]
    if moving_shown:
        alt += " " + tr(
            "report.chart.alt_moving",
            first=v(means[moving_shown[0].period]),
            first_period=tr.period(moving_shown[0].period),
            last=v(means[moving_shown[-1].period]),
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
    numbers = pd.DataFrame(
        [
            (
                tr.period(p.period),
                p.value,
                means.get(p.period),
                tr("report.chart.reported") if p.period in marked else "",
            )
            for p in shown
        ],
        columns=header,
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


def _points_of(rows: pd.DataFrame) -> list:
    from seuranta.progress import Point

    points = [Point(str(p), float(v)) for p, v in zip(rows["period"], rows["value"], strict=True)]
    return sorted(points, key=lambda p: period_to_years(p.period))


def show_peer_comparison(page: Page, goal: int) -> pd.DataFrame | None:
    """Each series of the goal that names ``peers``: its areas side by side (a chart over
    time, a table of the latest month and a year earlier with the ranks, a sentence on the
    programme's own area). Returns the table's data; None where nothing was shown."""
    tr = page.tr
    shown = None
    rows = page.dataset.comparisons_as_of(page.year)
    for row in page.status[page.status["goal"] == goal].itertuples():
        indicator = page.programme.indicator(row.indicator)
        series = indicator.series_by_id(row.series)
        peers = series.peers
        mine = rows[(rows["indicator"] == indicator.id) & (rows["series"] == series.id)]
        if peers is None or mine.empty or row.latest_period is None:
            continue
        page.cite(mine["raw_file"])
        latest = row.latest_period
        year_before = f"{int(latest[:4]) - 1:04d}{latest[4:]}"
        table = table_of_areas(mine, peers, latest, year_before, indicator.direction, page.lang)
        decimals = indicator.decimals
        v = partial(value_text, page, indicator, decimals=decimals)
        home = table.loc[peers.home]
        group = peers.names(page.lang)
        page.subsection(tr("report.peers.title", group=group))
        page.paragraph(
            tr(
                f"report.peers.rank_{indicator.direction}",
                period=tr.period(latest),
                home=peers.areas[peers.home](page.lang),
                rank=int(home["rank"]),
                n=len(peers.ranked),
                group=group,
                value=v(home["latest"]),
                change=tr.change(home["change"], indicator.unit, decimals),
            )
        )
        start = chart_start(page, indicator.id, series.id)
        lines = {}
        for code in peers.areas:
            area = mine[(mine["area"] == code) & (mine["period"] >= start) & mine["value"].notna()]
            area = area.sort_values("period")
            lines[peers.areas[code](page.lang)] = [
                (period_to_years(p), value)
                for p, value in zip(area["period"], area["value"], strict=True)
            ]
        names = {code: peers.areas[code](page.lang) for code in peers.areas}
        note = page.data_note(mine["raw_file"])
        mark = page.data_note(mine["raw_file"], short=True)
        chart = charts.pair(
            partial(
                charts.areas_figure,
                tr,
                lines,
                home=names[peers.home],
                unit=indicator.unit,
                y_label=unit_label(page, indicator),
                reference=[names[c] for c in peers.reference],
                mark=mark,
            ),
            page.chart_id(),
        )
        header = [
            tr("report.peers.area"),
            tr.period(latest),
            tr.period(year_before),
            tr("report.peers.change"),
            tr("report.peers.rank"),
        ]
        data_rows = [
            [
                names[code],
                num(v(r["latest"])),
                num(v(r["before"])),
                num(tr.change(r["change"], indicator.unit, decimals)),
                num("\u2013" if pd.isna(r["rank"]) else str(int(r["rank"]))),
            ]
            for code, r in table.iterrows()
        ]
        first = mine[mine["period"] >= start]["period"].min()
        wide = (
            mine[mine["period"] >= start]
            .pivot(index="period", columns="area", values="value")
            .reindex(columns=list(peers.areas))
        )
        chart_rows = [
            [tr.period(period), *[num(v(x)) for x in values]]
            for period, values in zip(wide.index, wide.to_numpy(), strict=True)
        ]
        numbers = wide.rename(columns=names).reset_index()
        numbers["period"] = [tr.period(p) for p in numbers["period"]]
        numbers = numbers.rename(columns={"period": tr("report.chart.period")})
        page.figure(
            chart,
            note=note,
            data=numbers,
            alt=tr(
                "report.peers.alt",
                group=group,
                first=tr.period(first),
                last=tr.period(mine["period"].max()),
                values="; ".join(f"{names[c]} {v(r['latest'])}" for c, r in table.iterrows()),
                period=tr.period(latest),
            ),
            caption=tr(
                "report.peers.caption",
                name=series_label(page, indicator, series.id),
                group=group,
                home=names[peers.home],
            ),
            data_caption=tr(
                "report.peers.data_caption",
                group=group,
                first=tr.period(first),
                last=tr.period(mine["period"].max()),
            ),
            data_header=[tr("report.chart.period"), *names.values()],
            data_rows=chart_rows,
        )
        page.table(
            tr("report.peers.table_caption", group=group, period=tr.period(latest)),
            header,
            data_rows,
        )
        shown = table
    return shown


def table_of_areas(
    rows: pd.DataFrame, peers, latest: str, before: str, direction: str, lang: str
) -> pd.DataFrame:
    """Per area: the value at ``latest`` and a year ``before``, the change and the rank.

    Rank 1 is the best value by the indicator's direction among the ranked areas; reference
    areas (the whole country) have no rank and come last.
    """
    values = rows.set_index(["area", "period"])["value"]
    table = pd.DataFrame(
        {
            "latest": [values.get((code, latest), float("nan")) for code in peers.areas],
            "before": [values.get((code, before), float("nan")) for code in peers.areas],
        },
        index=list(peers.areas),
    )
    table["change"] = table["latest"] - table["before"]
    ranked = table.loc[peers.ranked, "latest"]
    table["rank"] = ranked.rank(ascending=direction == "lower", method="min")
    order = sorted(
        peers.areas,
        key=lambda c: (
            c in peers.reference,
            table.loc[c, "rank"] if c not in peers.reference else 0,
        ),
    )
    return table.loc[order]


def show_indicator_chart(page: Page, indicator, row, observed: pd.DataFrame) -> None:
    tr = page.tr
    observed = observed.assign(t=observed["period"].map(period_to_years)).sort_values("t")
    points = list(zip(observed["t"], observed["value"], strict=True))
    target = None
    if row.target_period is not None and not pd.isna(row.target_value):
        target = (period_to_years(row.target_period), float(row.target_value))
    trend = projection_path(row.assessment) if target is not None else []
    first_year = int(min(observed["t"]))
    last_year = int(max([t for t, _ in points] + ([target[0]] if target else [])))
    labels = {key: tr(f"report.chart.{key}") for key in ("observed", "target", "path", "trend")}
    note = page.data_note(observed["raw_file"])
    mark = page.data_note(observed["raw_file"], short=True)
    chart = charts.pair(
        lambda narrow: charts.indicator_figure(
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
    # The caption names exactly what is drawn (charts.indicator_figure draws the path to the
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
        (tr.period(p), v, tr("report.chart.observed"))
        for p, v in zip(observed["period"], observed["value"], strict=True)
    ]
    if target is not None:
        numbers.append((tr.period(row.target_period), target[1], tr("report.chart.target")))
    if trend:
        numbers.append((tr.period(row.target_period), trend[-1][1], tr("report.chart.trend")))
    page.figure(
        chart,
        alt=alt,
        caption=caption,
        data_caption=tr("report.chart.data_caption", name=label),
        data_header=header,
        data_rows=data_rows,
        data=pd.DataFrame(numbers, columns=header),
        note=note,
    )


def show_revisions(page: Page, goal: int) -> pd.DataFrame:
    """Values of the goal's indicators that a later report revised: period, the earlier
    value and its report, the revised value and its report. Nothing where none was."""
    tr = page.tr
    found = page.dataset.revisions_as_of(page.year)
    found = found[found["goal"] == goal]
    if found.empty:
        return found
    page.cite(found["raw_file"])
    rows = []
    for r in found.itertuples():
        indicator = page.programme.indicator(r.indicator)
        label = series_label(page, indicator, r.series)
        if r.kind == "target":
            label += f" ({tr('report.goal.target').lower()})"
        rows.append(
            [
                label,
                tr.period(r.period),
                num(
                    f"{value_text(page, indicator, r.old_value, r.old_decimals)} "
                    f"{tr('report.revisions.in_report', report=r.old_report)}"
                ),
                num(
                    f"{value_text(page, indicator, r.new_value, r.new_decimals)} "
                    f"{tr('report.revisions.in_report', report=r.new_report)}"
                ),
            ]
        )
    page.subsection(tr("report.revisions.title"), tr("report.revisions.intro"))
    page.table(
        tr("report.revisions.caption", number=goal),
        [
            tr("report.table1.indicator"),
            tr("report.revisions.period"),
            tr("report.revisions.old"),
            tr("report.revisions.new"),
        ],
        rows,
    )
    return found


# -- projects and spending -------------------------------------------------------------------


def show_projects(page: Page, goal: int | None) -> None:
    tr = page.tr
    projects = page.dataset.projects_of(page.year)
    if goal is not None:
        projects = projects[projects["goal"] == goal]
    register = _register_file(page)
    if not register:  # the register is optional: this year's report has none
        page.paragraph(tr("report.optional.no_register"))
        return
    page.cite([register])
    if projects.empty:
        page.paragraph(tr("report.projects.none"))
        return
    rows = []
    for p in projects.itertuples():
        partners = ", ".join(x for x in str(p.partners or "").split("|") if x)
        funding = str(p.outside_funding or "")
        extra = "; ".join(x for x in (partners, funding) if x)
        rows.append(
            [
                getattr(p, f"name_{page.lang}"),
                tr(f"report.projects.kind.{p.kind}"),
                tr(f"report.projects.status.{p.status}"),
                extra or "\u2013",
                getattr(p, f"summary_{page.lang}"),
            ]
        )
    caption = (
        tr("report.projects.caption_goal", number=goal)
        if goal is not None
        else tr("report.projects.caption_all", year=page.year)
    )
    page.table(
        caption,
        [
            tr("report.projects.name"),
            tr("report.projects.kind_header"),
            tr("report.projects.status_header"),
            tr("report.projects.partners"),
            tr("report.projects.summary"),
        ],
        rows,
    )


def _register_file(page: Page) -> str:
    prov = page.dataset.provenance
    matches = prov[prov["file"].str.endswith(f"/{page.year}/projects.csv")]
    return matches["file"].iloc[0] if len(matches) else ""


def _ledger_files(page: Page) -> list[str]:
    prov = page.dataset.provenance
    wanted = (f"/{page.year}/ledger.csv", f"/{page.year}/budget.yaml")
    return [f for f in prov["file"] if f.endswith(wanted)]


def project_names(page: Page) -> dict[str, str]:
    projects = page.dataset.projects_of(page.year)
    return dict(zip(projects["id"], projects[f"name_{page.lang}"], strict=True))


def money_totals(page: Page, frame: pd.DataFrame) -> list[Cell]:
    """The footer cells of a spending table: from the appropriation, outside, total."""
    columns = ("from_appropriation", "outside", "total")
    return [num(page.tr.money(frame[c].sum())) for c in columns]


def show_goal_spending(page: Page, goal: int) -> None:
    tr = page.tr
    ledger = page.dataset.ledger
    if not page.dataset.has_ledger(page.year):  # optional: no ledger for this year
        page.paragraph(tr("report.budget.no_ledger"))
        return
    page.cite(_ledger_files(page))
    by_project = budget.spending_by(ledger[ledger["goal"] == goal], page.year, "project")
    all_goals = budget.spending_by(ledger, page.year, "goal")
    spent_total = all_goals["from_appropriation"].sum()
    mine = by_project["from_appropriation"].sum()
    share = 100 * mine / spent_total if spent_total else math.nan
    sentences = [
        tr(
            "report.budget.goal_text",
            number=goal,
            amount=tr.money(mine),
            share=tr.percent(share, 0),
        )
    ]
    if by_project["outside"].sum():  # no sentence about 0 € of other funding
        sentences.append(
            tr("report.budget.goal_text_outside", outside=tr.money(by_project["outside"].sum()))
        )
    page.paragraph(Translated(" ".join(sentences)))
    names = project_names(page)
    rows = [
        [
            names.get(r.project, r.project),
            num(tr.money(r.from_appropriation)),
            num(tr.money(r.outside)),
            num(tr.money(r.total)),
        ]
        for r in by_project.itertuples()
    ]
    if rows:
        page.table(
            tr("report.budget.goal_caption", number=goal, year=page.year),
            [
                tr("report.budget.project"),
                tr("report.budget.from_appropriation"),
                tr("report.budget.outside"),
                tr("report.budget.total"),
            ],
            rows,
            footer=[
                tr("report.summary.total"),
                *money_totals(page, by_project),
            ],
        )


def show_budget_headline(page: Page) -> None:
    """Appropriation and spending as the report states them, and the ledger's total."""
    tr = page.tr
    facts = page.budget_facts
    if facts is None:
        page.paragraph(tr("report.budget.no_ledger"))
        return
    page.cite(_ledger_files(page))
    h = budget.headline(page.dataset.ledger, page.dataset.appropriation, page.year)
    share = tr.percent(100 * h["spent_reported"] / h["appropriation"], 0)
    items = [
        (tr("report.budget.appropriation"), tr.money(h["appropriation"])),
        (tr("report.budget.spent_reported"), page.reported_spending()),
        (
            tr("report.budget.utilisation"),
            tr("report.budget.about", value=share)
            if facts["spent_reported_rounding_eur"]
            else share,
        ),
        (
            tr("report.budget.ledger_total" + ("_illustrative" if h["illustrative"] else "")),
            tr.money(h["spent"]),
        ),
    ]
    page.show(
        '<ul class="kpis">'
        + "".join(f'<li><span class="value">{esc(v)}</span>{esc(k)}</li>' for k, v in items)
        + "</ul>"
    )
    illustrative = "_illustrative" if h["illustrative"] else ""
    sentences = [
        tr(
            "report.budget.headline_reported",
            appropriation=tr.money(h["appropriation"]),
            spent=page.reported_spending(),
        ),
        tr(
            f"report.budget.headline_ledger{illustrative}",
            ledger=tr.money(h["spent"]),
            unspent=tr.money(h["unspent"]),
        ),
    ]
    if h["outside_funding"]:
        sentences.append(
            tr("report.budget.headline_outside", outside=tr.money(h["outside_funding"]))
        )
    page.paragraph(Translated(" ".join(sentences)))


def goal_label(page: Page, goal) -> str:
    if goal is None or pd.isna(goal):
        return page.tr("report.budget.programme_wide")
    return page.tr("report.goal.short", number=int(goal))


def show_budget_by_goal(page: Page) -> None:
    """Spending per goal against an equal share: which goals used the most and the least."""
    tr = page.tr
    ledger = page.dataset.ledger
    page.cite(_ledger_files(page))
    by_goal = budget.spending_by(ledger, page.year, "goal")
    goals = by_goal[by_goal["goal"].notna()]
    spent = by_goal["from_appropriation"].sum()
    equal = goals["from_appropriation"].sum() / len(page.programme.goals)
    labels = [goal_label(page, g) for g in by_goal["goal"]]
    note = page.data_note(_ledger_files(page))
    mark = page.data_note(_ledger_files(page), short=True)
    chart = charts.pair(
        partial(
            charts.bar_figure,
            tr,
            labels,
            {
                tr("report.budget.from_appropriation"): list(by_goal["from_appropriation"]),
                tr("report.budget.outside"): list(by_goal["outside"]),
            },
            x_label=tr("report.unit.euro"),
            reference=(equal, tr("report.budget.equal_share")),
            mark=mark,
        ),
        page.chart_id(),
    )
    top = goals.loc[goals["from_appropriation"].idxmax()]
    low = goals.loc[goals["from_appropriation"].idxmin()]
    share = lambda v: tr.percent(100 * v / spent, 0)  # noqa: E731
    text = tr(
        "report.budget.uneven_text",
        top=goal_label(page, top["goal"]),
        top_amount=tr.money(top["from_appropriation"]),
        top_share=share(top["from_appropriation"]),
        low=goal_label(page, low["goal"]),
        low_amount=tr.money(low["from_appropriation"]),
        low_share=share(low["from_appropriation"]),
        equal=tr.money(equal),
    )
    page.paragraph(text)
    values = "; ".join(
        f"{lab}: {tr.money(v)}"
        for lab, v in zip(labels, by_goal["from_appropriation"], strict=True)
    )
    rows = [
        [
            lab,
            num(tr.money(r.from_appropriation)),
            num(share(r.from_appropriation)),
            num(tr.money(r.outside)),
            num(tr.money(r.total)),
        ]
        for lab, r in zip(labels, by_goal.itertuples(), strict=True)
    ]
    header = [
        tr("report.table1.goal"),
        tr("report.budget.from_appropriation"),
        tr("report.budget.share"),
        tr("report.budget.outside"),
        tr("report.budget.total"),
    ]
    numbers = pd.DataFrame(
        [
            (
                lab,
                r.from_appropriation,
                round(100 * r.from_appropriation / spent, 1),
                r.outside,
                r.total,
            )
            for lab, r in zip(labels, by_goal.itertuples(), strict=True)
        ],
        columns=header,
    )
    page.figure(
        chart,
        alt=tr("report.budget.by_goal_alt", values=values, equal=tr.money(equal)),
        caption=tr("report.budget.by_goal_caption", year=page.year),
        data_caption=tr("report.budget.by_goal_data", year=page.year),
        data_header=header,
        data_rows=rows,
        data=numbers,
        note=note,
    )


def show_budget_by_project(page: Page) -> None:
    tr = page.tr
    ledger = page.dataset.ledger
    by_project = budget.spending_by(ledger, page.year, "project")
    names = project_names(page)
    projects = page.dataset.projects_of(page.year).set_index("id")
    rows = []
    for r in by_project.itertuples():
        goal = projects["goal"].get(r.project) if isinstance(r.project, str) else None
        name = names.get(r.project, tr("report.budget.programme_wide"))
        rows.append(
            [
                name,
                # a programme-wide cost has no goal: the dash, not its name a second time
                goal_label(page, goal) if goal is not None and not pd.isna(goal) else "\u2013",
                num(tr.money(r.from_appropriation)),
                num(tr.money(r.outside)),
                num(tr.money(r.total)),
            ]
        )
    rows.sort(key=lambda row: (row[1] == "\u2013", row[1]))
    page.table(
        tr("report.budget.by_project_caption", year=page.year),
        [
            tr("report.budget.project"),
            tr("report.table1.goal"),
            tr("report.budget.from_appropriation"),
            tr("report.budget.outside"),
            tr("report.budget.total"),
        ],
        rows,
        footer=[
            tr("report.summary.total"),
            "",
            *money_totals(page, by_project),
        ],
    )


def show_budget_by_funding(page: Page) -> None:
    tr = page.tr
    by_funding = budget.spending_by(page.dataset.ledger, page.year, "funding")
    rows = [[r.funding, num(tr.money(r.total))] for r in by_funding.itertuples()]
    page.table(
        tr("report.budget.by_funding_caption", year=page.year),
        [tr("report.budget.funding"), tr("report.budget.total")],
        rows,
        footer=[tr("report.summary.total"), num(tr.money(by_funding["total"].sum()))],
    )


# -- the index page ------------------------------------------------------------------------


def show_index_links(page: Page, appendices: list[str]) -> None:
    tr = page.tr
    page.cite(page.indicators["raw_file"])  # the status lines are read from these
    table = page.programme.table_number
    items = []
    for name in appendices:
        if name.startswith("goal-"):
            number = int(name.split("-")[1])
            goal = page.programme.goal(number)
            title = tr("report.goal.title", number=number, name=goal.names(page.lang))
            line = goal_status_line(page, number)
            items.append(
                f'<li><a href="{esc(name)}.html">{esc(title)}</a><br><span>{esc(line)}</span></li>'
            )
        else:
            items.append(
                f'<li><a href="{esc(name)}.html">{esc(tr(f"report.{name}.title"))}'
                f"</a><br><span>{esc(tr(f'report.{name}.summary', table=table))}</span></li>"
            )
    page.show(f'<ul class="goal-list">{"".join(items)}</ul>')


def appendix_names(page: Page) -> list[str]:
    """The pages the index links: the renderer's own list, less the index itself (no
    budget page for a year without a ledger)."""
    with_budget = page.dataset.has_ledger(page.year)
    goals = [g.number for g in page.programme.goals]
    return [name for name, _, _ in appendix_pages(goals, with_budget=with_budget)][1:]
