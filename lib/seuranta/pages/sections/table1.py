"""Table 1 of the report, regenerated from the cleaned data: on the overview page with an
assessment column (:func:`show`), and as .xlsx and .csv in the report's own layout,
published beside the page for pasting into the Word report (:func:`export`).
"""

from __future__ import annotations

import csv
import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from seuranta.pages.blocks import Cell, esc
from seuranta.pages.downloads import safe_text
from seuranta.pages.page import Page
from seuranta.pages.sections.common import value_text
from seuranta.pages.workbook import workbook_bytes
from seuranta.parse import parse_period

ROLES = ("baseline", "status", "target")


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
    if rows.empty:  # an empty cell in the report: shown as every missing value is
        return page.tr("common.no_data")
    row = rows.iloc[-1]
    page.cite([row["raw_file"]])
    if pd.isna(row["value"]):
        return page.tr("common.no_data")  # the raw text ("ei tietoa") is Finnish
    text = value_text(page, indicator, row["value"], row["decimals"])
    if row["report_period"] != default:  # the report's own dating, as Table 1 prints it
        text += f" ({page.tr.period(row['report_period'])})"
    return text


def layout(page: Page) -> tuple[list[str], list[list[str]]]:
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
        no_data = tr("common.no_data")
        for series in indicator.series:
            prefix = f"{series.names(page.lang)}: " if len(indicator.series) > 1 else ""
            for role in ROLES:
                text = cell_text(page, indicator, series.id, role, periods.get(role))
                cells[role].append((prefix, text))
            match = status[(status["indicator"] == indicator.id) & (status["series"] == series.id)]
            # The caveat travels with its status, into the downloads too.
            caveat = match["caveat"].iloc[0]
            label = match["status_label"].iloc[0] + (f" ({caveat})" if caveat else "")
            assessments.append(prefix + label)
        rows.append(
            [
                tr("report.goal.short", number=indicator.goal),
                indicator.names(page.lang),
                indicator.source.names(page.lang),
                *[_stacked(cells[role], no_data) for role in ROLES],
                "\n".join(assessments),
            ]
        )
    return header, rows


def _stacked(lines: list[tuple[str, str]], no_data: str) -> str:
    """A cell's series one per line; one "ei tietoa" where no series has a value."""
    if all(text == no_data for _, text in lines):
        return no_data
    return "\n".join(prefix + text for prefix, text in lines)


def show(page: Page) -> None:
    """Table 1 regenerated, with the assessment as a last column."""
    tr = page.tr
    header, rows = layout(page)

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


def export(page: Page) -> list[str]:
    """Table 1 as .xlsx and .csv in the report's layout, published beside the page.

    The files are attached to the page (:meth:`seuranta.pages.page.Page.attach`): ``seuranta
    render`` writes them beside the HTML and records them in the manifest; a notebook run
    by hand writes nothing. Returns the file names.
    """
    header, rows = layout(page)
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


def show_downloads(page: Page, files: list[str]) -> None:
    """Links to the files :func:`export` attached, under the table."""
    tr = page.tr
    links = " ".join(f'<a href="{esc(f)}">{esc(f)}</a>' for f in files)
    text = tr("report.table1.download", table=page.programme.table_number)
    page.show(f"<p>{esc(text)} {links}</p>")
