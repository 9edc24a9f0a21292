"""Tidy long CSV reader: the real TEM file (StatFin 12r5) and malformed variants of it."""

from __future__ import annotations

import csv
import math

import pytest

from published import published
from seuranta.clean.sources import read_source, select
from seuranta.clean.sources.long_csv import read_long_csv
from seuranta.errors import InputError

TEM = published("tem", "tyonv-12r5-six-cities.csv")


def rows() -> list[list[str]]:
    with TEM.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write(tmp_path, lines: list[str], name: str = "long.csv") -> object:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_tem_file_reads_every_row():
    table = rows()
    df = read_long_csv(TEM)
    assert len(df) == len(table) - 1 == 7 * 204 * 3  # 7 areas, 2006M01-2022M12, 3 measures
    assert df.attrs["variables"] == ["Alue", "Kuukausi", "Tiedot"]
    assert df.attrs["delimiter"] == "," and df.attrs["decimal"] == "."
    assert df.attrs["path"] == str(TEM)
    assert list(df.columns) == ["Alue", "Kuukausi", "Tiedot", "value", "symbol", "line", "field"]
    # Every value as the file has it, on its line.
    for row, (_, got) in zip(table[1:], df.iterrows(), strict=True):
        assert [got["Alue"], got["Kuukausi"], got["Tiedot"]] == row[:3]
        assert got["value"] == float(row[3]) and got["symbol"] == ""
    assert df["line"].tolist() == list(range(2, len(table) + 1))
    assert set(df["field"]) == {4}


def test_espoo_november_2022_as_sources_md_gives():
    df = read_long_csv(TEM)
    espoo = select(df, {"Alue": "KU049", "Kuukausi": "2022M11"})
    got = dict(zip(espoo["Tiedot"], espoo["value"], strict=True))
    assert got["TYOTTOMATLOPUSSA"] == 12133 and got["TYOVOIMATK"] == 150575
    # SOURCES.md: 12 133 / 150 575 = 8.06 %, the report's "8,1 % (11/2022)".
    assert round(100 * got["TYOTTOMATLOPUSSA"] / got["TYOVOIMATK"], 1) == 8.1


def test_read_source_detects_the_long_layout_and_honours_format(tmp_path):
    auto = read_source(TEM)
    assert auto.attrs["format"] == "long-csv" and len(auto) == len(rows()) - 1
    # A header with a differently named value column: detected once value= names it.
    path = write(tmp_path, ["Alue;Vuosi;arvo", "049;2021;9,4", "049;2022;8,1"])
    df = read_source(path, value="arvo")
    assert df["value"].tolist() == [9.4, 8.1] and df.attrs["decimal"] == ","
    forced = read_source(path, format="long", value="arvo")
    assert forced["value"].tolist() == [9.4, 8.1]
    with pytest.raises(InputError, match='format "wide"'):
        read_source(path, format="wide")


def test_missing_symbols_and_semicolon_delimiter(tmp_path):
    path = write(tmp_path, ['"Alue";"Vuosi";"value"', '"049";"2021";".."', "049;2022;-"])
    df = read_long_csv(path)
    assert math.isnan(df["value"][0]) and df["symbol"].tolist() == ["..", "-"]


def variant(tmp_path, edit) -> object:
    lines = TEM.read_text(encoding="utf-8").splitlines()
    edit(lines)
    return write(tmp_path, lines)


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (
            lambda ls: ls.__setitem__(5, "KU049,2006M02,AVPAIKATLOPUSSA"),
            r":6: row has 3 fields.*missing",
        ),
        (lambda ls: ls.__setitem__(7, ls[7] + ",1"), r":8: row has 5 fields.*surplus"),
        (
            lambda ls: ls.append(ls[2]),
            r"duplicate key: Alue=\"KU049\", Kuukausi=\"2006M01\", "
            r"Tiedot=\"TYOTTOMATLOPUSSA\" is on line 3 and again on line 4286",
        ),
        (
            lambda ls: ls.__setitem__(3, "KU049,2006M01,TYOVOIMATK,inf"),
            r':4: column "value": cannot read "inf"',
        ),
        (
            lambda ls: ls.__setitem__(3, "KU049,2006M01,TYOVOIMATK,nan"),
            r':4: column "value": cannot read "nan"',
        ),
        (
            lambda ls: ls.__setitem__(3, "KU049,2006M01,TYOVOIMATK,"),
            r':4: column "value": cannot read ""',
        ),
        (
            lambda ls: ls.__setitem__(3, 'KU049,2006M01,TYOVOIMATK,"12,5"'),
            r':4: column "value": cannot read "12,5"',
        ),
        (lambda ls: ls.__setitem__(0, "Alue,Kuukausi,Tiedot,arvo"), r':1: no value column "value"'),
        (lambda ls: ls.__setitem__(0, "Alue,Alue,Tiedot,value"), r'names column "Alue" twice'),
    ],
    ids=[
        "missing-field",
        "surplus-field",
        "duplicate-key",
        "inf",
        "nan",
        "empty",
        "decimal-comma-with-comma",
        "no-value-column",
        "repeated-heading",
    ],
)
def test_malformed_variants_refused(tmp_path, edit, reason):
    with pytest.raises(InputError, match=reason):
        read_long_csv(variant(tmp_path, edit))


def test_decimal_comma_needs_semicolon(tmp_path):
    with pytest.raises(InputError, match="decimal comma needs the ';' delimiter"):
        read_long_csv(TEM, decimal=",")


def test_size_checked_before_reading():
    with pytest.raises(InputError, match=r"more than max_bytes=1 000"):
        read_long_csv(TEM, max_bytes=1000)
