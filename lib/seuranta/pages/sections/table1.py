"""Table 1 of the report, regenerated from the cleaned data: on the overview page with an
assessment column (:func:`show`), and as .xlsx and .csv in the report's own layout,
published beside the page for pasting into the Word report (:func:`export`).
"""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from seuranta.pages import downloads
from seuranta.pages.blocks import Cell, esc
from seuranta.pages.page import Page
from seuranta.pages.sections.common import field_descriptions, is_illustrative, value_text
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
    caption = tr("report.table1.caption", year=page.year, table=page.programme.table_number)
    frame = tidy_rows(page)
    frame.attrs.pop("decimals")
    data = downloads.tidy(
        frame, content="table-1", title=caption, descriptions=field_descriptions(page)
    )
    page.table(caption, header, html_rows, data=data)


def tidy_rows(page: Page) -> pd.DataFrame:
    """Table 1 as tidy data: one row per series (a cell of several series is split), each
    value a number in its own column with its period and the text the report prints, the
    unit, the source, the assessment and its caveat."""
    status = page.status
    periods = column_periods(page)
    rows = []
    for indicator in page.programme.indicators:
        unit = page.programme.unit_of(indicator).id
        for series in indicator.series:
            item = {
                "goal": int(indicator.goal),
                "indicator": indicator.id,
                "indicator_name": indicator.names(page.lang),
                "series": series.id,
                "series_name": series.names(page.lang),
                "source": indicator.source.names(page.lang),
                "unit": unit,
            }
            files = []
            for role in ROLES:
                found = _role_rows(page, indicator.id, series.id, role)
                files += list(found["raw_file"].dropna())
                row = found.iloc[-1] if len(found) else None
                has = row is not None and not pd.isna(row["value"])
                places = indicator.decimals if indicator.decimals is not None else 6
                if has and not pd.isna(row["decimals"]):
                    places = int(row["decimals"])  # as the report writes it
                item[f"{role}_value"] = round(float(row["value"]), places) if has else None
                item[f"{role}_decimals"] = places if has else None
                item[f"{role}_period"] = str(row["period"]) if row is not None else ""
                item[f"{role}_text"] = cell_text(
                    page, indicator, series.id, role, periods.get(role)
                )
            match = status[(status["indicator"] == indicator.id) & (status["series"] == series.id)]
            item["assessment"] = match["status"].iloc[0]
            item["assessment_label"] = match["status_label"].iloc[0]
            item["caveat"] = match["caveat"].iloc[0] or ""
            item["illustrative"] = is_illustrative(page, files)
            rows.append(item)
    frame = pd.DataFrame(rows)
    decimals = {role: frame.pop(f"{role}_decimals") for role in ROLES}
    for role in ROLES:
        frame[f"{role}_value"] = pd.to_numeric(frame[f"{role}_value"]).astype("float64")
    frame.attrs["decimals"] = decimals
    return frame


def export(page: Page) -> list[str]:
    """Table 1 as tidy .xlsx and .csv, published beside the page.

    One row per series, one value per cell: numbers as numbers (in the workbook with a
    number format at the report's precision), with their periods, the unit, the source,
    the assessment and its caveat; the workbook's second sheet describes each column. The
    files are attached to the page (:meth:`seuranta.pages.page.Page.attach`): ``seuranta
    render`` writes them beside the HTML and records them in the manifest; a notebook run
    by hand writes nothing. Returns the file names.
    """
    tr = page.tr
    frame = tidy_rows(page)
    decimals = frame.attrs.pop("decimals")
    title = tr("report.table1.caption", year=page.year, table=page.programme.table_number)
    descriptions = field_descriptions(page)
    data = downloads.tidy(frame, content="table-1", title=title, descriptions=descriptions)
    name = f"{page.programme.id}-{page.year}-" + page.tr(
        "report.table1.file_name", table=page.programme.table_number
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = tr("report.table1.sheet_name", table=page.programme.table_number)
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([None if isinstance(v, float) and pd.isna(v) else v for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    columns = list(frame.columns)
    for role in ROLES:
        col = columns.index(f"{role}_value") + 1
        for r, places in enumerate(decimals[role], start=2):
            places = 0 if places is None or pd.isna(places) else int(places)
            sheet.cell(r, col).number_format = "#,##0" + ("." + "0" * places if places else "")
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
    notes = workbook.create_sheet(tr("report.download.notes_sheet"))
    for column in columns:
        notes.append([column, descriptions.get(column, "")])
    if frame["illustrative"].any():  # made-up figures: said on the sheet that explains them
        notes.append([])
        notes.append(["illustrative", tr("report.figure.illustrative")])
    for row in notes.iter_rows():
        for cell in row:
            cell.data_type = "s"
    workbook.properties.creator = "seuranta"
    workbook.properties.created = pd.Timestamp(f"{page.year}-12-31").to_pydatetime()
    csv_data = downloads.csv_bytes(data)
    xlsx = downloads.resource(f"{name}.csv", data, lang=page.lang)
    if xlsx["illustrative"]:
        xlsx["description"] = tr("report.figure.illustrative")
    csv_resource = {
        key: xlsx.pop(key) for key in ("name", "path", "format", "mediatype", "encoding", "dialect")
    }
    xlsx.update(
        name=downloads.slug(f"{name}-xlsx"),
        path=f"{name}.xlsx",
        format="xlsx",
        mediatype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return [
        page.attach(f"{name}.xlsx", workbook_bytes(workbook), xlsx),  # same cells, same bytes
        page.attach(f"{name}.csv", csv_data, {**xlsx, **csv_resource}),
    ]


def show_downloads(page: Page, files: list[str]) -> None:
    """Links to the files :func:`export` attached, under the table."""
    tr = page.tr
    links = " ".join(f'<a href="{esc(f)}">{esc(f)}</a>' for f in files)
    text = tr("report.table1.download", table=page.programme.table_number)
    where = tr("report.download.where", folder=f"{page.programme.id}/{page.year}/{page.lang}/")
    page.show(f"<p>{esc(text)} {links}</p><p>{esc(where)}</p>")
