"""Downloads are safe to open: no formula runs in a spreadsheet program (OWASP, CSV injection)."""

from __future__ import annotations

import csv
import io
import shutil

import openpyxl
import pytest

from conftest import PROGRAMME, REPO, YEAR, run_seuranta
from seuranta.pages.downloads import csv_bytes, read_back, safe_text

pytestmark = pytest.mark.slow

PAYLOAD = '=HYPERLINK("https://example.org/x","Klikkaa")'


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+2", "'=1+2"),
        ("+358 40", "'+358 40"),
        ("-5+3", "'-5+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Espoo", "Espoo"),
        ("8,1 %", "8,1 %"),
    ],
)
def test_text_cells_are_neutralised(text, safe):
    assert safe_text(text) == safe


def test_numbers_stay_numbers_in_the_one_convention():
    import pandas as pd

    frame = pd.DataFrame({"period": ["2022-11", PAYLOAD], "value": [8.1, -1.5]})
    lines = csv_bytes(frame).decode("utf-8-sig").splitlines()
    assert lines[:2] == ["period,value", "2022-11,8.1"]
    assert lines[2].startswith("\"'=HYPERLINK(") and lines[2].endswith(",-1.5")
    back = read_back(csv_bytes(frame))
    assert list(back["value"]) == [8.1, -1.5] and back["period"][1] == "'" + PAYLOAD


def test_table_1_downloads_hold_no_formula(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(REPO / "data" / "raw", root / "data" / "raw")
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    programme = root / "data" / "raw" / PROGRAMME / "programme.yaml"
    text = programme.read_text(encoding="utf-8")
    text = text.replace(
        "      fi: Työperäiset oleskeluluvat (lukumäärä)", f"      fi: '{PAYLOAD}'", 1
    )
    programme.write_text(text, encoding="utf-8")
    run_seuranta(root, "clean")
    run_seuranta(root, "render", "--programme", PROGRAMME, "--lang", "fi", "--only", "overview")
    out = root / "outputs" / PROGRAMME / str(YEAR) / "fi"
    book = openpyxl.load_workbook(out / f"{PROGRAMME}-{YEAR}-taulukko-1.xlsx")
    cells = [c for row in book.active.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert PAYLOAD in [c.value for c in cells]  # kept as the text it is
    text = (out / f"{PROGRAMME}-{YEAR}-taulukko-1.csv").read_text("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    names = [row[2] for row in rows]
    assert "'" + PAYLOAD in names and PAYLOAD not in names
    # The page shows the text unchanged (escaped as HTML, not neutralised).
    html = (out / "overview.html").read_text(encoding="utf-8")
    assert "=HYPERLINK(" in html
