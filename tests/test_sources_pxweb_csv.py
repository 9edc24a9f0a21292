"""PxWeb CSV reader: exports written here in the encodings and delimiters PxWeb uses."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from seuranta.clean.sources import read_source, select
from seuranta.clean.sources.pxweb_csv import read_pxweb_csv
from seuranta.errors import InputError

TITLE = '"Työttömät muuttujina Alue, Vuosi ja Tiedot"'
HEADER = ["Alue", "2021 Työttömien osuus työvoimasta, %", "2022 Työttömien osuus työvoimasta, %"]


def write(tmp_path: Path, rows: list[str], encoding: str, name: str = "t.csv", eol="\r\n"):
    path = tmp_path / name
    path.write_bytes(eol.join(rows).encode(encoding) + eol.encode())
    return path


def q(fields, sep):
    return sep.join(f'"{f}"' for f in fields)


@pytest.mark.parametrize(
    ("sep", "encoding", "decimal"),
    [(";", "cp1252", ","), (";", "utf-8-sig", ","), (",", "utf-8-sig", "."), ("\t", "cp1252", ".")],
)
def test_layouts(tmp_path, sep, encoding, decimal):
    rows = [
        TITLE,
        "",
        q(HEADER, sep),
        sep.join(['"049 Espoo"', f"9{decimal}4", f"8{decimal}1"]),
        sep.join(['"091 Helsinki"', '".."', "-"]),
        sep.join(['"235 Kauniainen"', f"-1{decimal}5", "..."]),
    ]
    df = read_pxweb_csv(write(tmp_path, rows, encoding))
    assert len(df) == 6
    assert df.attrs["delimiter"] == sep and df.attrs["decimal"] == decimal
    assert df.attrs["title"] == "Työttömät muuttujina Alue, Vuosi ja Tiedot"
    assert df.attrs["heading"] == ["Vuosi", "Tiedot"]
    assert df.attrs["encoding"] == ("utf-8-sig" if encoding == "utf-8-sig" else "cp1252")
    assert set(df["Tiedot"]) == {"Työttömien osuus työvoimasta, %"}
    assert df["Vuosi"].tolist() == ["2021", "2022"] * 3
    espoo = select(df, {"Alue": "049", "Vuosi": "2022"}).iloc[0]
    assert espoo["value"] == 8.1 and espoo["symbol"] == "" and espoo["line"] == 4
    assert espoo["field"] == 3
    hel = select(df, {"Alue": "091 Helsinki"})
    assert hel["symbol"].tolist() == ["..", "-"] and hel["value"].isna().all()
    kau = select(df, {"Alue": "235 Kauniainen"})
    assert kau["value"].iloc[0] == -1.5 and kau["symbol"].iloc[1] == "..."
    assert not any("Ã" in str(x) for x in df["Tiedot"])


def test_without_title_one_heading_variable(tmp_path):
    rows = ['"Alue";"Sukupuoli";"2020";"2021"', '"Espoo";"Miehet";10;11', '"Espoo";"Naiset";12;13']
    df = read_pxweb_csv(write(tmp_path, rows, "utf-8"), heading=["Vuosi"])
    assert df.attrs["stub"] == ["Alue", "Sukupuoli"]
    assert df["value"].tolist() == [10, 11, 12, 13]
    assert select(df, {"Sukupuoli": "Naiset", "Vuosi": "2021"})["value"].tolist() == [13]
    assert "Alue_code" not in df.columns


def test_heading_mapping_exact_match(tmp_path):
    rows = [q(["Alue", "2021 A b", "2021 C", "2022 A b", "2022 C"], ","), '"Espoo",1,2,3,4']
    df = read_pxweb_csv(
        write(tmp_path, rows, "utf-8"),
        heading={"Vuosi": ["2021", "2022"], "Tiedot": ["A b", "C"]},
    )
    assert select(df, {"Vuosi": "2022", "Tiedot": "A b"})["value"].tolist() == [3]


def test_swedish_title_gives_names(tmp_path):
    rows = [
        '"Arbetslösa efter Område, År och Uppgifter"',
        "",
        q(["Område", "2021 Andel"], ";"),
        '"Esbo";9,4',
    ]
    df = read_pxweb_csv(write(tmp_path, rows, "utf-8"))
    assert df.attrs["heading"] == ["År", "Uppgifter"]
    assert df.loc[0, "År"] == "2021" and df.loc[0, "Uppgifter"] == "Andel"


def test_read_source_dispatches_csv(tmp_path):
    path = write(tmp_path, [q(["Alue", "2021"], ";"), '"Espoo";1'], "utf-8")
    assert read_source(path)["value"].tolist() == [1]


# ----------------------------------------------------------------- malformed --


def test_bad_number_named(tmp_path):
    rows = [TITLE, "", q(HEADER, ";"), '"049 Espoo";9,4;"n/a"']
    with pytest.raises(InputError, match=r'cannot read "n/a" as a number') as err:
        read_pxweb_csv(write(tmp_path, rows, "utf-8"))
    assert err.value.line == 4 and err.value.column == HEADER[2]


@pytest.mark.parametrize(
    "ragged", ['"091 Helsinki";9,4', '"091 Helsinki";9,4;8,1;7,0'], ids=["missing", "surplus"]
)
def test_ragged_row_blamed_on_that_row_not_the_header(tmp_path, ragged):
    rows = [q(HEADER, ";"), '"049 Espoo";9,4;8,1', ragged, '"092 Vantaa";9,9;8,8']
    fields = ragged.count(";") + 1
    with pytest.raises(InputError, match=rf"row has {fields} fields, the header has 3") as err:
        read_pxweb_csv(write(tmp_path, rows, "utf-8"))
    assert err.value.line == 3


def test_repeated_heading_column_refused_naming_the_key(tmp_path):
    rows = [q(["Alue", "2021", "2022", "2021"], ";"), '"049 Espoo";1;2;3']
    with pytest.raises(
        InputError, match=r'duplicate key: heading column "2021" \(field 4\) repeats field 2'
    ):
        read_pxweb_csv(write(tmp_path, rows, "utf-8"))


def test_repeated_stub_row_refused_naming_both_lines(tmp_path):
    rows = [q(["Alue", "2021"], ";"), '"049 Espoo";1', '"049 Espoo";2']
    with pytest.raises(InputError, match=r"stub '049 Espoo' is on line 2 and again on line 3"):
        read_pxweb_csv(write(tmp_path, rows, "utf-8"))


def test_labels_differing_in_leading_spaces_are_two_keys(tmp_path):
    rows = [q(["Alue", "2021"], ";"), '"Total";1', '"  Total";2']
    df = read_pxweb_csv(write(tmp_path, rows, "utf-8"))
    assert df["Alue"].tolist() == ["Total", "  Total"]


@pytest.mark.parametrize("token", ["inf", "nan", "Infinity"])
def test_non_numbers_refused(tmp_path, token):
    rows = [q(["Alue", "2021"], ";"), f'"Espoo";{token}']
    with pytest.raises(InputError, match=rf'cannot read "{token}" as a number'):
        read_pxweb_csv(write(tmp_path, rows, "utf-8"), stub=1)


def test_mixed_decimal_separators_refused(tmp_path):
    rows = [q(HEADER, ";"), '"049 Espoo";9,4;8.1']
    with pytest.raises(InputError, match="mix decimal commas and decimal points"):
        read_pxweb_csv(write(tmp_path, rows, "utf-8"))


def test_header_not_splitting_into_heading_values(tmp_path):
    rows = [q(["Alue", "2021"], ";"), '"Espoo";1']
    with pytest.raises(InputError, match=r'column header "2021" does not split into 2'):
        read_pxweb_csv(write(tmp_path, rows, "utf-8"), heading=["Vuosi", "Tiedot"])


def test_empty_file(tmp_path):
    with pytest.raises(InputError, match="the file is empty"):
        read_pxweb_csv(write(tmp_path, [""], "utf-8"))


def test_values_only_header_no_data(tmp_path):
    with pytest.raises(InputError, match="expected data rows below the header"):
        read_pxweb_csv(write(tmp_path, [q(HEADER, ";")], "utf-8"))


def test_missing_symbol_value_is_nan(tmp_path):
    rows = [q(["Alue", "2021"], ","), '"Espoo","...."']
    df = read_pxweb_csv(write(tmp_path, rows, "utf-8"))
    assert math.isnan(df.loc[0, "value"]) and df.loc[0, "symbol"] == "...."
