"""JSON-stat 2.0 reader: StatFin PxWeb API v1 responses and small datasets built here."""

from __future__ import annotations

import json
import math

import pytest

from published import published as fixture
from seuranta.clean.sources import read_source, select
from seuranta.clean.sources.jsonstat import parse_updated, read_jsonstat2
from seuranta.errors import InputError


def test_fi_response_one_value():
    df = read_jsonstat2(fixture("statfin", "jsonstat2-fi.json"))
    assert len(df) == 1
    row = df.iloc[0]
    # "value": [58443598209] with category labels in Finnish.
    assert row["value"] == 58_443_598_209 and row["symbol"] == ""
    assert row["Tiedot"] == "Velat yhteensä (euroa)" and row["Tiedot_code"] == "velat_yht"
    assert row["Maakunta"] == "KOKO MAA" and row["Viitehenkilön ikä"] == "Yhteensä"
    assert df.attrs["table_id"] == "statfin_velk_pxt_13kt"
    assert df.attrs["updated"] == "2022-12-21T06:00:00Z"
    assert df.attrs["updated_raw"] == "2022-12-21T06.00.00Z"
    assert df.attrs["role"] == {"time": ["Vuosi"], "metric": ["Tiedot"]}
    assert df.attrs["decimals"] == 0
    assert df.attrs["units"]["Velat yhteensä (euroa)"]["base"] == "euroa"
    assert df.attrs["title"].startswith("Asuntokuntien velat, velkaantumisaste")


@pytest.mark.parametrize(
    ("lang", "info", "region", "rate_label", "households"),
    [
        ("sv", "Uppgifter", "HELA LANDET", "Skuldsättningsgrad (procent)", "Antal bostadshushåll"),
        (
            "en",
            "Information",
            "WHOLE COUNTRY",
            "Rate of indebtedness (per cent)",
            "Number of household-dwelling units",
        ),
    ],
)
def test_sv_en_responses_six_values(lang, info, region, rate_label, households):
    df = read_jsonstat2(fixture("statfin", f"jsonstat2-{lang}.json"))
    assert len(df) == 6
    # "value": [58443598209, 70.3, 83088568016, 35296, 28897, 2354082] in both files.
    assert df["value"].tolist() == [58443598209, 70.3, 83088568016, 35296, 28897, 2354082]
    assert df["cell"].tolist() == list(range(6))
    assert df[info + "_code"].tolist() == [
        "velat_yht",
        "vaste",
        "kturaha_summa",
        "kturaha_ka",
        "kturaha_med",
        "asuntokunta_lkm",
    ]
    assert df.loc[1, info] == rate_label and df.loc[5, info] == households
    assert set(df.iloc[:, 0]) == {"2002"}
    assert region in set(df[df.attrs["variables"][2]])
    assert df.attrs["variable_codes"][info] == "Tiedot"
    assert df.attrs["units"][rate_label]["decimals"] == 1
    # The figures agree with each other (SOURCES.md): debts / income = 70.3 %.
    v = dict(zip(df[info + "_code"], df["value"], strict=True))
    assert round(100 * v["velat_yht"] / v["kturaha_summa"], 1) == v["vaste"]
    assert round(v["kturaha_summa"] / v["asuntokunta_lkm"]) == v["kturaha_ka"]
    # select() accepts the language-independent id and the code.
    assert select(df, {"Tiedot": "vaste"})["value"].tolist() == [70.3]
    assert not any("Ã" in str(x) for x in df.astype(str).to_numpy().ravel())


def test_read_source_dispatches_json():
    assert len(read_source(fixture("statfin", "jsonstat2-sv.json"))) == 6


def cube(**over):
    data = {
        "class": "dataset",
        "version": "2.0",
        "label": "Testi",
        "updated": "2023-03-01T08.30.00Z",
        "id": ["Alue", "Vuosi"],
        "size": [2, 3],
        "dimension": {
            "Alue": {
                "label": "Alue",
                "category": {"index": ["049", "091"], "label": {"049": "Espoo", "091": "Helsinki"}},
            },
            "Vuosi": {
                "label": "Vuosi",
                "category": {
                    "index": {"2020": 0, "2021": 1, "2022": 2},
                    "label": {"2020": "2020", "2021": "2021", "2022": "2022"},
                },
            },
        },
        "value": [1, 2, None, 4, None, -6.5],
        "status": {"2": "..", "4": "."},
        "role": {"time": ["Vuosi"]},
    }
    data.update(over)
    return data


def test_status_dict_gives_symbols_and_dotted_timestamp():
    df = read_jsonstat2(cube())
    assert df["symbol"].tolist() == ["", "", "..", "", ".", ""]
    assert math.isnan(df.loc[2, "value"]) and df.loc[5, "value"] == -6.5
    assert one_row(df, Alue="091", Vuosi="2020")["value"] == 4
    assert df.attrs["updated"] == "2023-03-01T08:30:00Z"
    assert df.attrs["time_variable"] == "Vuosi"


def one_row(df, **where):
    rows = select(df, where)
    assert len(rows) == 1
    return rows.iloc[0]


def test_status_list_and_sparse_values():
    df = read_jsonstat2(cube(value={"0": 1, "5": 6}, status=["", "...", "..", "-", ".", "p"]))
    assert df["symbol"].tolist() == ["", "...", "..", "-", ".", ""]
    assert df["status"].tolist() == ["", "", "", "", "", "p"]
    assert df["value"].isna().sum() == 4


def test_missing_without_status_gets_default_symbol():
    df = read_jsonstat2(cube(status=None))
    assert df["symbol"].tolist() == ["", "", "..", "", "..", ""]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2022-12-21T06.00.00Z", "2022-12-21T06:00:00Z"),
        ("2022-12-21T06:00:00Z", "2022-12-21T06:00:00Z"),
        ("2024-01-05T10.15Z", "2024-01-05T10:15:00Z"),
    ],
)
def test_parse_updated(text, iso):
    assert parse_updated(text) == iso


def test_size_mismatch_refused():
    with pytest.raises(
        InputError,
        match=r"refusing truncated dataset: value holds 5 cells, size "
        r"multiplies to 6 \(Alue 2 x Vuosi 3\)",
    ):
        read_jsonstat2(cube(value=[1, 2, 3, 4, 5]))
    with pytest.raises(InputError, match=r"refusing over-long dataset: value holds 7 cells"):
        read_jsonstat2(cube(value=[1, 2, 3, 4, 5, 6, 7]))


def test_category_count_must_match_size():
    bad = cube(size=[3, 3], value=[0] * 9)
    with pytest.raises(InputError, match=r'dimension "Alue" has 2 categories but size says 3'):
        read_jsonstat2(bad)


def test_sparse_index_outside_cube():
    with pytest.raises(InputError, match=r"value: cell index 9 is outside the 6 cells"):
        read_jsonstat2(cube(value={"9": 1}))


def test_non_numeric_value_refused():
    with pytest.raises(InputError, match=r"value\[1\] = '2,5': expected a number or null"):
        read_jsonstat2(cube(value=[1, "2,5", 3, 4, 5, 6]))


def test_bad_json_file(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"id": [', encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        read_jsonstat2(path)
    path.write_text(json.dumps({"foo": 1}), encoding="utf-8")
    with pytest.raises(InputError, match=r'expected a JSON-stat 2\.0 dataset with "id"'):
        read_jsonstat2(path)


def test_sparse_dataset_declaring_a_billion_cells_refused_before_allocation():
    import tracemalloc

    big = cube(size=[40_000, 25_000], value={"0": 1})
    big["dimension"]["Alue"]["category"] = {"index": {"049": 0}, "label": {"049": "Espoo"}}
    tracemalloc.start()
    with pytest.raises(InputError, match=r"size multiplies to 1 000 000 000 cells, more than"):
        read_jsonstat2(big)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 10_000_000  # nothing the size of the declared cube was allocated


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_in_the_json_refused(tmp_path, constant):
    path = tmp_path / "x.json"
    path.write_text(json.dumps(cube()).replace("-6.5", constant), encoding="utf-8")
    with pytest.raises(InputError, match=rf"{constant} in the JSON: expected numbers or null"):
        read_jsonstat2(path)


def test_duplicate_category_refused_naming_it():
    bad = cube()
    bad["dimension"]["Alue"]["category"]["index"] = ["049", "049"]
    with pytest.raises(InputError, match=r'duplicate key: dimension "Alue" lists category "049"'):
        read_jsonstat2(bad)
