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


def test_numbers_stay_numbers_in_each_languages_conventions():
    import pandas as pd

    frame = pd.DataFrame({"Kausi": ["11/2022", PAYLOAD], "Arvo": [8.0578, -1.5]})
    fi = csv_bytes(frame, "fi").decode("utf-8-sig").splitlines()
    assert fi[:2] == ["Kausi;Arvo", "11/2022;8,0578"]
    assert fi[2].startswith("\"'=HYPERLINK(") and fi[2].endswith(";-1,5")
    back = read_back(csv_bytes(frame, "sv"), "sv")
    assert list(back["Arvo"]) == [8.0578, -1.5]
    back = read_back(csv_bytes(frame, "en"), "en")
    assert list(back["Arvo"]) == [8.0578, -1.5] and back["Kausi"][1] == "'" + PAYLOAD


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
    book = openpyxl.load_workbook(out / "taulukko-1.xlsx")
    cells = [c for row in book.active.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert PAYLOAD in [c.value for c in cells]  # kept as the text it is
    rows = list(
        csv.reader(io.StringIO((out / "taulukko-1.csv").read_text("utf-8-sig")), delimiter=";")
    )
    names = [row[1] for row in rows]
    assert "'" + PAYLOAD in names and PAYLOAD not in names
    # The page shows the text unchanged (escaped as HTML, not neutralised).
    html = (out / "overview.html").read_text(encoding="utf-8")
    assert "=HYPERLINK(" in html
