"""Downloads for reuse: tidy CSVs and Table 1's workbook, described by a valid Data Package.

Every file beside the pages is read as a journalist would (pandas, openpyxl) and checked for
numbers as numbers; the language folder's ``datapackage.json`` is validated with the
``frictionless`` library against the files themselves.
"""

from __future__ import annotations

import json
import re

import openpyxl
import pandas as pd
import pytest

from conftest import LANGS, PROGRAMME, YEAR

pytestmark = pytest.mark.slow

PREFIX = f"{PROGRAMME}-{YEAR}-"
TABLE1 = {"fi": "taulukko-1", "sv": "tabell-1", "en": "table-1"}


def is_value_column(name: str) -> bool:
    return name == "value" or name.endswith(("_value", "_eur", "_pct", "_count"))


@pytest.mark.parametrize("lang", LANGS)
def test_every_download_is_tidy_and_numeric(rendered, lang):
    folder = rendered / lang
    files = sorted(folder.glob("*.csv"))
    assert len(files) > 20
    for path in files:
        assert re.fullmatch(rf"{PREFIX}[a-z0-9-]+\.csv", path.name), path.name
        frame = pd.read_csv(path, encoding="utf-8-sig")
        values = [c for c in frame.columns if is_value_column(c)]
        for column in values:
            assert frame[column].dtype.kind in "if", f"{path.name}: {column} is not numeric"
        for column in values:  # no formatted number in a value column
            cells = frame[column].dropna().astype(str)
            assert not cells.str.contains("\u00a0|\u2212|%|€").any(), (path.name, column)
        if "value" in frame.columns:
            assert {"unit", "period"} <= set(frame.columns), path.name
    monthly = pd.read_csv(folder / f"{PREFIX}goal-3-indicator-unemployment-all.csv")
    november = monthly[(monthly["period"] == "2022-11") & (monthly["kind"] == "observation")]
    assert november["value"].tolist() == [round(100 * 12133 / 150575, 1)]  # 8.1, not 8.0578
    assert set(monthly["unit"]) == {"percent"}


def test_illustrative_figures_are_marked_in_the_file(rendered):
    for name in (
        "budget-spending-by-project",
        "budget-spending-by-goal",
        "goal-3-spending-by-project",
    ):
        frame = pd.read_csv(rendered / "fi" / f"{PREFIX}{name}.csv")
        assert frame["illustrative"].all(), name  # the ledger is made up
    real = pd.read_csv(rendered / "fi" / f"{PREFIX}goal-3-indicator-unemployment-all.csv")
    assert "illustrative" not in real.columns
    package = json.loads((rendered / "fi" / "datapackage.json").read_text(encoding="utf-8"))
    marked = {r["path"] for r in package["resources"] if r["illustrative"]}
    assert f"{PREFIX}budget-spending-by-project.csv" in marked
    assert f"{PREFIX}goal-3-indicators.csv" not in marked


@pytest.mark.parametrize("lang", LANGS)
def test_table_1_has_one_value_per_cell_with_units_and_caveats(rendered, lang):
    name = PREFIX + TABLE1[lang]
    frame = pd.read_csv(rendered / lang / f"{name}.csv")
    unemployment = frame[frame["indicator"] == "unemployment"].set_index("series")
    assert list(unemployment.index) == ["all", "under-25", "foreigners"]  # one row each
    assert unemployment.loc["all", "baseline_value"] == 9.4
    assert unemployment.loc["foreigners", "status_value"] == 19.4
    assert set(frame["unit"]) >= {"count", "percent"}
    assert frame["source"].notna().all()
    jobs = frame[frame["indicator"] == "high-knowledge-jobs"].iloc[0]
    assert jobs["assessment"] == "target_achieved" and "2025" in jobs["caveat"]
    book = openpyxl.load_workbook(rendered / lang / f"{name}.xlsx")
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header == list(frame.columns)
    column = header.index("baseline_value") + 1
    cells = [sheet.cell(r, column) for r in range(2, sheet.max_row + 1)]
    numbers = [c for c in cells if c.value is not None]
    assert numbers and all(c.data_type == "n" for c in numbers)
    assert all(c.number_format.startswith("#,##0") for c in numbers)
    assert len(book.sheetnames) == 2  # the columns described on a sheet of their own


@pytest.mark.parametrize("lang", LANGS)
def test_the_data_package_is_valid_and_describes_every_file(rendered, lang):
    from frictionless import validate

    folder = rendered / lang
    report = validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["type", "note"])[:5]
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    described = {r["path"] for r in package["resources"]}
    on_disk = {p.name for p in folder.iterdir() if p.suffix in (".csv", ".xlsx")}
    assert described == on_disk
    for resource in package["resources"]:
        types = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
        for name, kind in types.items():
            if is_value_column(name):
                assert kind in ("number", "integer"), (resource["path"], name)


def test_the_page_says_where_the_files_are(rendered):
    html = (rendered / "fi" / "overview.html").read_text(encoding="utf-8")
    assert f"{PROGRAMME}/{YEAR}/fi/" in html and "datapackage.json" in html


def test_a_made_up_year_is_marked_illustrative_in_every_data_file(rendered_second_year):
    from frictionless import validate

    folder = rendered_second_year / str(YEAR + 1) / "en"
    assert validate(folder / "datapackage.json").valid
    prefix = f"{PROGRAMME}-{YEAR + 1}-"
    names = ("table-1", "goal-3-indicators", "goal-1-revisions", "goal-1-projects")
    for name in (*names, "overview-status-by-goal", "budget-spending-by-goal"):
        frame = pd.read_csv(folder / f"{prefix}{name}.csv")
        assert frame["illustrative"].all(), name  # tests/fixtures' 2023 year is made up
    indicators = pd.read_csv(folder / f"{prefix}goal-3-indicators.csv")
    assert {"previous_value", "previous_period"} <= set(indicators.columns)
    assert indicators["previous_value"].dtype.kind == "f"
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    table1 = {r["path"]: r for r in package["resources"]}[f"{prefix}table-1.xlsx"]
    assert table1["illustrative"] and table1["description"].startswith("Illustrative data")
    notes = openpyxl.load_workbook(folder / f"{prefix}table-1.xlsx")["Columns"]
    assert ["illustrative", "Illustrative data – not actual figures"] in [
        list(row) for row in notes.values
    ]
