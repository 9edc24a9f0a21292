"""Excel range reader: workbooks written here with openpyxl in a survey vendor's layout."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from seuranta.clean.sources import read_source, select
from seuranta.clean.sources.excel import read_excel_range
from seuranta.errors import InputError


def survey(tmp_path: Path, **cells) -> Path:
    """A vendor sheet: a title, a blank row, the table at B3:E6 and a footnote."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Tulokset"
    ws["A1"] = "Espoo yritysten toimintaympäristönä 2022"
    rows = [
        ["Kysymys", "2020", "2021", "2022"],
        ["Yritysilmapiiri (1-5)", 3.58, 3.6, 3.45],
        ["Toimitilojen saatavuus (1-5)", 3.33, "..", "3,34"],
        ["Rekrytointivaikeuksia, %", 0.43, "-", 48],
    ]
    for r, row in enumerate(rows, start=3):
        for c, v in enumerate(row, start=2):
            ws.cell(row=r, column=c, value=v)
    ws["B8"] = "Lähde: kyselytutkimus"
    for ref, v in cells.items():
        ws[ref] = v
    wb.create_sheet("Muut")
    path = tmp_path / "survey.xlsx"
    wb.save(path)
    return path


def test_values_symbols_and_cells(tmp_path):
    df = read_excel_range(survey(tmp_path), "Tulokset", "B3:E6")
    assert len(df) == 9
    assert df.columns.tolist() == ["Kysymys", "column", "value", "symbol", "cell"]
    row = select(df, {"Kysymys": "Yritysilmapiiri (1-5)", "column": "2022"}).iloc[0]
    assert row["value"] == 3.45 and row["cell"] == "E4" and row["symbol"] == ""
    text_number = select(df, {"Kysymys": "Toimitilojen saatavuus (1-5)", "column": "2022"}).iloc[0]
    assert text_number["value"] == 3.34 and text_number["cell"] == "E5"
    miss = select(df, {"Kysymys": "Toimitilojen saatavuus (1-5)", "column": "2021"}).iloc[0]
    assert math.isnan(miss["value"]) and miss["symbol"] == ".." and miss["cell"] == "D5"
    nil = df[df["cell"] == "D6"].iloc[0]
    assert math.isnan(nil["value"]) and nil["symbol"] == "-"
    assert df.attrs["sheet"] == "Tulokset" and df.attrs["range"] == "B3:E6"


def test_read_source_dispatches_xlsx(tmp_path):
    df = read_source(survey(tmp_path), sheet="Tulokset", cell_range="B3:E6")
    assert len(df) == 9
    with pytest.raises(InputError, match="needs options sheet"):
        read_source(survey(tmp_path))


def test_two_header_rows_merged_labels(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "S"
    ws.append(["", "Miehet", None, "Naiset", None])
    ws.append(["Alue", "2021", "2022", "2021", "2022"])
    ws.append(["Espoo", 1, 2, 3, 4])
    ws.append(["Esbo", 5, 6, 7, 8])
    path = tmp_path / "m.xlsx"
    wb.save(path)
    df = read_excel_range(path, "S", "A1:E4", header_rows=2, column_names=["Sukupuoli", "Vuosi"])
    assert select(df, {"Alue": "Esbo", "Sukupuoli": "Naiset", "Vuosi": "2022"})[
        "cell"
    ].tolist() == ["E4"]
    assert df["value"].sum() == 36


def test_unknown_sheet(tmp_path):
    with pytest.raises(InputError, match=r'no sheet "Sheet1"; the workbook has: Tulokset, Muut'):
        read_excel_range(survey(tmp_path), "Sheet1", "B3:E6")


def test_range_outside_sheet(tmp_path):
    with pytest.raises(InputError, match=r"lies outside sheet 'Tulokset'.*Tulokset!Z99"):
        read_excel_range(survey(tmp_path), "Tulokset", "B3:Z99")


def test_text_cell_named(tmp_path):
    path = survey(tmp_path, C5="noin 3")
    with pytest.raises(InputError, match=r'cell Tulokset!C5 holds "noin 3": expected a number'):
        read_excel_range(path, "Tulokset", "B3:E6")


def test_empty_cell_refused_unless_allowed(tmp_path):
    path = survey(tmp_path, E6=None)
    with pytest.raises(InputError, match=r"cell Tulokset!E6 is empty"):
        read_excel_range(path, "Tulokset", "B3:E6")
    df = read_excel_range(path, "Tulokset", "B3:E6", empty_symbol="..")
    assert df[df["cell"] == "E6"]["symbol"].tolist() == [".."]


def test_date_cell_refused(tmp_path):
    with pytest.raises(InputError, match=r"cell Tulokset!C4 holds datetime"):
        read_excel_range(survey(tmp_path, C4=date(2022, 1, 1)), "Tulokset", "B3:E6")


def test_bad_range_text(tmp_path):
    with pytest.raises(InputError, match=r'cannot read the range "B3-E6"'):
        read_excel_range(survey(tmp_path), "Tulokset", "B3-E6")


def test_not_a_workbook(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="cannot open as an xlsx workbook"):
        read_excel_range(path, "S", "A1:B2")


def test_empty_upper_header_filled_into_duplicate_keys_refused(tmp_path):
    # "Miehet" is filled from the left into C1, and C2 repeats B2's year: two columns would
    # have the key Miehet / 2021.
    wb = Workbook()
    ws = wb.active
    ws.title = "S"
    ws.append(["", "Miehet", None, "Naiset"])
    ws.append(["Alue", "2021", "2021", "2021"])
    ws.append(["Espoo", 1, 2, 3])
    path = tmp_path / "d.xlsx"
    wb.save(path)
    with pytest.raises(
        InputError, match=r"duplicate key: the column labels Miehet / 2021 of S!C2 repeat .*S!B2"
    ):
        read_excel_range(path, "S", "A1:D3", header_rows=2)


def test_repeated_row_label_refused(tmp_path):
    path = survey(tmp_path, B6="Yritysilmapiiri (1-5)")
    with pytest.raises(
        InputError, match=r"duplicate key: the row labels Yritysilmapiiri \(1-5\) of Tulokset!B6"
    ):
        read_excel_range(path, "Tulokset", "B3:E6")


def test_range_size_checked_before_reading(tmp_path):
    with pytest.raises(InputError, match=r"holds 16 cells, more than max_cells=10"):
        read_excel_range(survey(tmp_path), "Tulokset", "B3:E6", max_cells=10)
