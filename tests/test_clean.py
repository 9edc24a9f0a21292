"""seuranta clean: Table 1 exactly, one history across years, raw files never written.

Bad raw input is probed in ``test_probes.py``. Tests that only read the tables share the
session's cleaned tree (``cleaned_tree``); those that change raw files clean a copy.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from conftest import PROGRAMME, SEED, tree_digest
from seuranta.clean.run import clean
from seuranta.cli import main
from seuranta.dataset import latest_view, revisions

# Every number of the report's Table 1 with its period, as printed in the report
# (tests/fixtures/seed, page 5): (indicator, series, kind, period, value). The work-permit
# indicator says "ei tietoa" in all three columns, so it has three rows without a value.
# The three survey indicators are dated by their survey year (period_precision: year):
# Table 1 prints them under the report's date 30.12.2022 (their report_period).
TABLE_1 = [
    ("work-permits", "total", "observation", "2021", None),
    ("work-permits", "total", "observation", "2022-12-30", None),
    ("work-permits", "total", "target", "2025", None),
    ("foreign-background-experts", "total", "observation", "2019", 8741),
    ("foreign-background-experts", "total", "observation", "2020", 9563),
    ("foreign-background-experts", "total", "target", "2025", 12000),
    ("high-knowledge-jobs", "total", "observation", "2021", 39000),
    ("high-knowledge-jobs", "total", "observation", "2022-05", 42000),
    ("high-knowledge-jobs", "total", "target", "2025", 42000),
    ("unemployment", "all", "observation", "2021-12", 9.4),  # report_year_month: 12
    ("unemployment", "all", "observation", "2022-11", 8.1),
    # One Table 1 cell, one dating: "all"'s report_year_month dates its siblings too.
    ("unemployment", "under-25", "observation", "2021-12", 9.3),
    ("unemployment", "under-25", "observation", "2022-11", 7.3),
    ("unemployment", "foreigners", "observation", "2021-12", 21.2),
    ("unemployment", "foreigners", "observation", "2022-11", 19.4),
    ("recruitment-difficulties", "total", "observation", "2021", 43),
    ("recruitment-difficulties", "total", "observation", "2022", 48),
    ("recruitment-difficulties", "total", "target", "2025", 38),
    ("business-climate", "total", "observation", "2021", 3.58),
    ("business-climate", "total", "observation", "2022", 3.45),
    ("business-climate", "total", "target", "2025", 3.9),
    ("premises-availability", "total", "observation", "2021", 3.33),
    ("premises-availability", "total", "observation", "2022", 3.34),
    ("premises-availability", "total", "target", "2025", 3.7),
]
# How each value is written in the report, to check the list above against the seed.
AS_PRINTED = [
    "8 741",
    "9 563",
    "12 000",
    "39 000",
    "42 000",
    "9,4 %",
    "8,1 %",
    "9,3 %",
    "7,3 %",
    "21,2 %",
    "19,4 %",
    "43 %",
    "48 %",
    "38 %",
    "3,58/5",
    "3,45/5",
    "3,9/5",
    "3,33/5",
    "3,34/5",
    "3,7/5",
    "(2019)",
    "(2020)",
    "(5/2022)",
    "(11/2022)",
    "ei tietoa",
]


def processed(project, name="indicators.csv") -> pd.DataFrame:
    return pd.read_csv(
        project.processed_programme(PROGRAMME) / name, keep_default_na=False, na_values=[""]
    )


def test_expected_values_are_the_reports():
    text = " ".join(SEED.read_text(encoding="utf-8").split())
    for printed in AS_PRINTED:
        assert printed in text, printed


def test_indicators_hold_table_1_exactly(cleaned_tree):
    rows = processed(cleaned_tree)
    # Table 1's cells (the rows with a role); the monthly history fed from the statistics
    # file has the role "observation". A file value counts at the report's precision.
    cells = rows[rows["role"] != "observation"]
    got = sorted(
        (
            r.indicator,
            r.series,
            r.kind,
            str(r.period),
            None if math.isnan(r.value) else round(r.value, int(r.decimals)),
        )
        for r in cells.itertuples()
    )
    assert got == sorted(TABLE_1)
    assert set(rows["report_year"]) == {2022}
    missing = rows[rows["value"].isna()]
    assert set(missing["missing"]) == {"ei tietoa"}
    # The unemployment indicator has no target, and nothing was invented for it.
    assert rows[(rows["indicator"] == "unemployment") & (rows["kind"] == "target")].empty
    # Units travel with the values.
    assert set(rows.loc[rows["indicator"] == "business-climate", "unit"]) == {"score"}
    # Each value keeps the report's own dating beside the period it refers to.
    survey = rows[(rows["indicator"] == "business-climate") & (rows["role"] == "status")]
    assert list(survey["period"]) == ["2022"] and list(survey["report_period"]) == ["2022-12-30"]
    jobs = rows[(rows["indicator"] == "high-knowledge-jobs") & (rows["role"] == "status")]
    assert list(jobs["report_period"]) == list(jobs["period"]) == ["2022-05"]


def test_published_files_are_named_as_the_source(cleaned_tree):
    rows = processed(cleaned_tree).set_index(["indicator", "series", "period"])
    px = rows.loc[("foreign-background-experts", "total", "2019")]
    assert px["raw_file"].endswith("sources/ulkomaalaistaustaiset-asiantuntijat.px")
    csv = rows.loc[("unemployment", "all", "2022-11")]
    assert csv["raw_file"].endswith("sources/tyonv-12r5-six-cities.csv")
    # 12 133 unemployed (line 609) of a labour force of 150 575 (line 610): 8,06 %.
    assert (csv["raw_line"], csv["raw_column"]) == (609, "100 × line 609 / line 610")
    assert csv["value"] == pytest.approx(100 * 12133 / 150575)
    # The file has no breakdown by age: that series stays the report's.
    youth = rows.loc[("unemployment", "under-25", "2022-11")]
    assert youth["raw_file"].endswith("2022/table1.csv") and youth["raw_line"] == 6
    table = rows.loc[("recruitment-difficulties", "total", "2021")]
    assert table["raw_file"].endswith("2022/table1.csv") and table["raw_line"] == 8


def test_parquet_matches_csv(cleaned_tree):
    folder = cleaned_tree.processed_programme(PROGRAMME)
    parquet = pd.read_parquet(folder / "indicators.parquet")
    csv = processed(cleaned_tree)
    assert parquet["value"].equals(csv["value"])
    assert list(parquet.columns) == list(csv.columns)


def test_budget_and_projects(cleaned_tree):
    ledger = processed(cleaned_tree, "budget.csv")
    facts = processed(cleaned_tree, "appropriation.csv").iloc[0]
    assert facts["appropriation_eur"] == 200000
    spent = ledger.loc[ledger["from_appropriation"], "amount"].sum()
    assert round(spent, -3) == 190000  # "noin 190 000 €"
    assert spent <= 200000
    assert bool(facts["ledger_illustrative"])
    assert ledger["amount"].min() < 0  # the credit note is read as negative
    projects = processed(cleaned_tree, "projects.csv")
    assert len(projects) == 12
    assert set(projects.loc[projects["goal"].notna(), "goal"]) == {1, 2, 3, 4}
    named = " ".join(projects["partners"].fillna("")) + " ".join(
        projects["outside_funding"].fillna("")
    )
    for partner in ("Miltton", "Innolink", "KPMG", "EAKR"):
        assert partner in named
    provenance = processed(cleaned_tree, "provenance.csv").set_index("file")
    illustrative = provenance[provenance["illustrative"]].index
    assert [f.rsplit("/", 1)[1] for f in illustrative] == ["ledger.csv"]


def test_windows_line_ends_and_bom_change_nothing(cleaned_project):
    project = cleaned_project
    before = processed(project).drop(columns=["raw_file"])
    table = project.raw_programme(PROGRAMME) / "2022" / "table1.csv"
    text = table.read_text(encoding="utf-8")
    table.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    clean(paths=project)
    pd.testing.assert_frame_equal(processed(project).drop(columns=["raw_file"]), before)


def test_next_year_is_a_new_raw_folder(cleaned_second_year):
    rows = processed(cleaned_second_year)
    assert set(rows["report_year"]) == {2022, 2023}
    view = latest_view(rows, 2023)
    jobs = view[(view["indicator"] == "high-knowledge-jobs") & (view["kind"] == "observation")]
    assert list(jobs["period"]) == ["2021", "2022-05", "2023-06"]
    assert list(jobs["value"]) == [39000, 42000, 41500]
    permits = view[(view["indicator"] == "work-permits") & (view["kind"] == "observation")]
    # 2021 stays "no data"; the 2023 report adds a value for 2022.
    assert permits.set_index("period")["value"].to_dict() == pytest.approx(
        {"2021": math.nan, "2022": 2150, "2022-12-30": math.nan}, nan_ok=True
    )
    assert len(latest_view(rows, 2022)) == len(rows[rows["report_year"] == 2022])


def test_every_report_keeps_its_values_and_revisions_are_listed(cleaned_second_year):
    rows = processed(cleaned_second_year)
    # The 2023 report revises the 2019 baseline of foreign-background experts: both stay.
    experts = rows[(rows["indicator"] == "foreign-background-experts") & (rows["period"] == "2019")]
    assert sorted(zip(experts["report_year"], experts["value"], strict=True)) == [
        (2022, 8741.0),
        (2023, 8752.0),
    ]
    found = revisions(rows, 2023)
    assert list(zip(found["indicator"], found["period"], strict=True)) == [
        ("foreign-background-experts", "2019")
    ]
    row = found.iloc[0]
    assert (row["old_value"], row["old_report"], row["new_value"], row["new_report"]) == (
        8741.0,
        2022,
        8752.0,
        2023,
    )
    assert row["raw_file"].endswith("2023/table1.csv")
    # Repeating a value (every other baseline) is no revision, and 2022 saw none.
    assert revisions(rows, 2022).empty


def test_a_revision_is_judged_at_the_coarser_precision():
    def row(year, value, decimals):
        return {
            "goal": 3,
            "indicator": "unemployment",
            "series": "all",
            "kind": "observation",
            "period": "2021-12",
            "value": value,
            "decimals": decimals,
            "report_year": year,
            "raw_file": "x",
            "raw_line": 1,
        }

    same = pd.DataFrame([row(2022, 9.42, 2), row(2023, 9.4, 1)])
    assert revisions(same, 2023).empty  # 9,42 in a file and 9,4 % in a table agree
    other = pd.DataFrame([row(2022, 9.42, 2), row(2023, 9.5, 1)])
    assert len(revisions(other, 2023)) == 1


def test_raw_files_are_never_written(project):
    before = tree_digest(project.raw)
    clean(paths=project)
    clean(paths=project)
    assert tree_digest(project.raw) == before


def test_the_real_statistics_give_espoos_monthly_shares(cleaned_tree):
    rows = processed(cleaned_tree)
    espoo = rows[(rows["indicator"] == "unemployment") & (rows["series"] == "all")]
    espoo = espoo.set_index("period")
    months = [f"{y}-{m:02d}" for y in range(2019, 2023) for m in range(1, 13)]
    assert set(months) <= set(espoo.index)  # every month of 2019-2022, and earlier ones
    assert espoo.loc["2022-11", "value"] == pytest.approx(8.0578, abs=1e-4)  # report: 8,1 %
    assert espoo.loc["2021-12", "value"] == pytest.approx(9.4214, abs=1e-4)  # report: 9,4 %
    # The report's baseline keeps its own dating; the history dates it by its month.
    assert espoo.loc["2021-12", "role"] == "baseline"
    assert str(espoo.loc["2021-12", "report_period"]) == "2021"
    for period in months:
        row = espoo.loc[period]
        assert row["raw_file"].endswith("2022/sources/tyonv-12r5-six-cities.csv")
        assert row["raw_column"] == f"100 × line {row['raw_line']} / line {row['raw_line'] + 1}"
    # Espoo among the six largest cities, from the same file.
    areas = processed(cleaned_tree, "comparisons.csv")
    assert set(areas["area"]) == {"KU049", "KU091", "KU092", "KU837", "KU853", "KU564", "SSS"}
    home = areas[areas["home"]].set_index("period")["value"]
    assert home.loc["2022-11"] == pytest.approx(espoo.loc["2022-11", "value"])
    helsinki = areas[(areas["area"] == "KU091") & (areas["period"] == "2022-11")]
    assert len(helsinki) == 1 and not helsinki["reference"].iloc[0]
    assert areas[areas["area"] == "SSS"]["reference"].all()


def test_nothing_is_written_when_one_programme_fails(project, capsys):
    assert not project.processed.exists()
    path = project.raw_programme(PROGRAMME) / "2022" / "table1.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("9,4 %", "9,4 %%"), "utf-8")
    assert main(["-q", "clean"]) == 1
    assert tree_digest(project.processed) == {}


# -- money is exact (issue 22) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "euros"),
    [
        ("1\u00a0200,00\u00a0€", "1200.00"),
        ("-1 240,00 €", "-1240.00"),
        ("0,10", "0.10"),
        ("999 999 999,99 €", "999999999.99"),
        ("1 000 000 000,00 €", "1000000000.00"),
    ],
)
def test_ledger_amounts_are_exact_decimals(text, euros):
    from decimal import Decimal

    from seuranta.clean.budget import parse_amount

    amount = parse_amount(text)
    assert isinstance(amount, Decimal) and amount == Decimal(euros)
    assert str(amount) == euros  # the cents as written, no float in between


def test_a_sum_of_cents_is_exact():
    from decimal import Decimal

    from seuranta.clean.budget import parse_amount

    # Ten times 0,10 € is 1,00 € exactly; as floats the sum is 0.9999999999999999.
    assert sum((parse_amount("0,10") for _ in range(10)), Decimal(0)) == Decimal("1.00")
    assert sum(0.10 for _ in range(10)) != 1.0


@pytest.mark.parametrize("text", ["1 000 000 000,01", "1 000 000 000 000 000 131 072,00 €"])
def test_an_amount_above_the_limit_is_refused(text):
    from seuranta.clean.budget import parse_amount
    from seuranta.parse import CellError

    with pytest.raises(CellError, match="is more than 1000000000 € "):
        parse_amount(text)
