"""seuranta clean: Table 1 exactly, one history across years, bad input refused cleanly."""

from __future__ import annotations

import math
import shutil

import pandas as pd
import pytest

from conftest import FIXTURES, PROGRAMME, SEED, tree_digest
from seuranta.clean.run import clean
from seuranta.cli import main

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
    ("unemployment", "under-25", "observation", "2021", 9.3),
    ("unemployment", "under-25", "observation", "2022-11", 7.3),
    ("unemployment", "foreigners", "observation", "2021", 21.2),
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


def test_indicators_hold_table_1_exactly(project):
    clean(paths=project)
    rows = processed(project)
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


def test_published_files_are_named_as_the_source(project):
    clean(paths=project)
    rows = processed(project).set_index(["indicator", "series", "period"])
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


def test_parquet_matches_csv(project):
    clean(paths=project)
    folder = project.processed_programme(PROGRAMME)
    parquet = pd.read_parquet(folder / "indicators.parquet")
    csv = processed(project)
    assert parquet["value"].equals(csv["value"])
    assert list(parquet.columns) == list(csv.columns)


def test_budget_and_projects(project):
    clean(paths=project)
    ledger = processed(project, "budget.csv")
    facts = processed(project, "appropriation.csv").iloc[0]
    assert facts["appropriation_eur"] == 200000
    spent = ledger.loc[ledger["from_appropriation"], "amount"].sum()
    assert round(spent, -3) == 190000  # "noin 190 000 €"
    assert spent <= 200000
    assert bool(facts["ledger_illustrative"])
    assert ledger["amount"].min() < 0  # the credit note is read as negative
    projects = processed(project, "projects.csv")
    assert len(projects) == 12
    assert set(projects.loc[projects["goal"].notna(), "goal"]) == {1, 2, 3, 4}
    named = " ".join(projects["partners"].fillna("")) + " ".join(
        projects["outside_funding"].fillna("")
    )
    for partner in ("Miltton", "Innolink", "KPMG", "EAKR"):
        assert partner in named
    provenance = processed(project, "provenance.csv").set_index("file")
    illustrative = provenance[provenance["illustrative"]].index
    assert [f.rsplit("/", 1)[1] for f in illustrative] == ["ledger.csv"]


def test_windows_line_ends_and_bom_change_nothing(project):
    clean(paths=project)
    before = processed(project).drop(columns=["raw_file"])
    table = project.raw_programme(PROGRAMME) / "2022" / "table1.csv"
    text = table.read_text(encoding="utf-8")
    table.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    clean(paths=project)
    pd.testing.assert_frame_equal(processed(project).drop(columns=["raw_file"]), before)


def test_next_year_is_a_new_raw_folder(project):
    shutil.copytree(
        FIXTURES / "raw" / PROGRAMME / "2023", project.raw_programme(PROGRAMME) / "2023"
    )
    clean(paths=project)
    rows = processed(project)
    assert set(rows["report_year"]) == {2022, 2023}
    from seuranta.dataset import latest_view

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


def test_every_report_keeps_its_values_and_revisions_are_listed(project):
    shutil.copytree(
        FIXTURES / "raw" / PROGRAMME / "2023", project.raw_programme(PROGRAMME) / "2023"
    )
    clean(paths=project)
    rows = processed(project)
    from seuranta.dataset import revisions

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
    from seuranta.dataset import revisions

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


# -- bad input ---------------------------------------------------------------------------

RAW = f"data/raw/{PROGRAMME}"
T1 = f"{RAW}/2022/table1.csv"
PR = f"{RAW}/2022/projects.csv"
LE = f"{RAW}/2022/ledger.csv"


def replace(old, new, count=1):
    def edit(text):
        assert old in text, old
        return text.replace(old, new, count)

    return edit


def drop_line(number):
    def edit(text):
        lines = text.splitlines(keepends=True)
        del lines[number - 1]
        return "".join(lines)

    return edit


def append_line(number):
    def edit(text):
        lines = text.splitlines(keepends=True)
        return "".join(lines) + lines[number - 1]

    return edit


BAD_INPUTS = [
    (
        "percent twice",
        T1,
        replace("9,4 %", "9,4 %%"),
        r'table1\.csv:5: column "baseline": cannot read "9,4 %%" as a percentage',
    ),
    (
        "decimal point",
        T1,
        replace("8 741 (2019)", "8.741 (2019)"),
        r'table1\.csv:3: column "baseline": .*use a decimal comma',
    ),
    (
        "score without scale",
        T1,
        replace("3,58/5", "3,58"),
        r'table1\.csv:9: column "baseline": .*as a score: expected a score written as value/5',
    ),
    (
        "percent on a count",
        T1,
        replace("39 000;", "39 000 %;"),
        r'table1\.csv:4: column "baseline": .*as a count: expected a plain number',
    ),
    (
        "percent without sign",
        T1,
        replace("43 %", "43"),
        r'table1\.csv:8: column "baseline": .*expected a number followed by %',
    ),
    (
        "unknown goal",
        T1,
        replace("1;work-permits", "7;work-permits"),
        r'table1\.csv:2: column "goal": unknown goal 7',
    ),
    (
        "unknown indicator",
        T1,
        replace("work-permits", "work-permit"),
        r'table1\.csv:2: column "indicator": unknown indicator "work-permit"',
    ),
    (
        "goal mismatch",
        T1,
        replace("2;high-knowledge-jobs", "3;high-knowledge-jobs"),
        r'table1\.csv:4: column "goal": indicator "high-knowledge-jobs" belongs to goal 2, not 3',
    ),
    (
        "unknown series",
        T1,
        replace(";under-25;", ";under-30;"),
        r'table1\.csv:6: column "series": unknown series "under-30"',
    ),
    (
        "duplicate row",
        T1,
        append_line(3),
        r'table1\.csv:11: column "indicator": duplicate row .*first on line 3',
    ),
    (
        "missing column",
        T1,
        lambda t: (
            "\n".join(
                ";".join(c for i, c in enumerate(line.split(";")) if i != 3)
                for line in t.splitlines()
            )
            + "\n"
        ),
        r"table1\.csv:1: missing column\(s\) source",
    ),
    (
        "extra column",
        T1,
        lambda t: "\n".join(line + ";x" for line in t.splitlines()) + "\n",
        r"table1\.csv:1: unknown column\(s\) x",
    ),
    ("empty file", T1, lambda t: "", r"table1\.csv:1: the file is empty"),
    ("header only", T1, lambda t: t.splitlines()[0] + "\n", r"table1\.csv:2: no data rows"),
    (
        "comma delimiter",
        T1,
        lambda t: t.replace(";", ","),
        r"table1\.csv:1: wrong delimiter: found commas: expected ';'",
    ),
    (
        "too few cells",
        T1,
        replace("Tilastokeskus;8 741", "Tilastokeskus 8 741"),
        r"table1\.csv:3: expected 7 cells separated by ';', found 6",
    ),
    (
        "month 13",
        T1,
        replace("(5/2022)", "(13/2022)"),
        r'table1\.csv:4: column "status": .*month 13 is not 1-12',
    ),
    (
        "no such day in the header",
        T1,
        replace("status 30.12.2022", "status 31.11.2022"),
        r'table1\.csv:1: column "status 31\.11\.2022": header: .*no such day',
    ),
    (
        "target before the baseline",
        T1,
        replace(";12 000\n", ";12 000 (2018)\n"),
        r'table1\.csv:3: column "target": the target period 2018 is not after the baseline',
    ),
    (
        "target period equal to the baseline period",
        T1,
        replace("8 741 (2019);9 563 (2020);12 000", "8 741 (2019);9 563 (2020);12 000 (2019)"),
        r'table1\.csv:3: column "target": the target period 2019 is not after the baseline '
        r"period 2019: expected a later period",
    ),
    (
        "status period equal to the baseline period",
        T1,
        replace("39 000;42 000 (5/2022)", "39 000;42 000 (2021)"),
        r'table1\.csv:4: column "status": the status period 2021 is not after the baseline',
    ),
    (
        "comparison of a series without a feed",
        f"{RAW}/programme.yaml",
        replace(
            "          en: young people under 25\n",
            "          en: young people under 25\n        comparison: same_month\n",
        ),
        r"programme\.yaml:\d+: indicators\[3\]\.series\[1\]\.comparison: same_month needs a "
        r"monthly history",
    ),
    (
        "unknown comparison",
        f"{RAW}/programme.yaml",
        replace("comparison: same_month", "comparison: same_season"),
        r"series\[0\]\.comparison: expected one of as_reported, same_month, rolling_12_months",
    ),
    (
        "month of a year out of range",
        f"{RAW}/programme.yaml",
        replace("report_year_month: 12", "report_year_month: 13"),
        r"series\[0\]\.report_year_month: expected a month 1-12, found 13",
    ),
    (
        "peers without the home area",
        f"{RAW}/programme.yaml",
        replace("            KU049: {fi: Espoo, sv: Esbo, en: Espoo}\n", ""),
        r"series\[0\]\.peers\.areas: expected the home area \"KU049\" among the areas",
    ),
    (
        "ratio scale not a number",
        f"{RAW}/programme.yaml",
        replace("scale: 100", "scale: per cent"),
        r'series\[0\]\.feed\.ratio\.scale: expected a positive number, found the text "per cent"',
    ),
    (
        "ratio selecting nothing",
        f"{RAW}/programme.yaml",
        replace("denominator: {Tiedot: TYOVOIMATK}", "denominator: {Tiedot: TYOVOIMA}"),
        r"tyonv-12r5-six-cities\.csv: no value \"TYOVOIMA\" in variable \"Tiedot\"",
    ),
    (
        "unknown period precision",
        "data/raw/elinvoimainen-espoo/programme.yaml",
        replace("period_precision: year", "period_precision: month"),
        r"programme\.yaml:\d+: indicators\[4\]\.period_precision: expected one of year, "
        r'found the text "month"',
    ),
    (
        "missing series row",
        T1,
        drop_line(6),
        r'table1\.csv: no row for indicator "unemployment" series "under-25"',
    ),
    (
        "wrong data source",
        T1,
        replace("total;Migri;", "total;Tilastokeskus;"),
        r'table1\.csv:2: column "source": expected the data source "Migri"',
    ),
    (
        "duplicate project id",
        PR,
        replace("finnish-as-second-language;", "tapiola-club;"),
        r'projects\.csv:3: column "id": duplicate project id "tapiola-club"',
    ),
    (
        "unknown project kind",
        PR,
        replace(";pilot;ongoing;", ";happening;ongoing;"),
        r'projects\.csv:2: column "kind": expected one of pilot, study',
    ),
    (
        "ledger date outside the year",
        LE,
        replace("22.3.2022", "22.3.2021"),
        r'ledger\.csv:2: column "Kirjauspäivä": 22\.3\.2021 is outside the report year 2022',
    ),
    (
        "ledger date not a date",
        LE,
        replace("5.5.2022", "5.5.22"),
        r'ledger\.csv:3: column "Kirjauspäivä": cannot read "5\.5\.22" as a date',
    ),
    (
        "ledger amount letter O",
        LE,
        replace("200,00\u00a0€", "200,0O\u00a0€"),
        r'ledger\.csv:2: column "Summa": cannot read',
    ),
    (
        "ledger unknown project",
        LE,
        replace(";innovation-story;", ";innovation-stories;"),
        r'ledger\.csv:4: column "Projekti": unknown project "innovation-stories"',
    ),
    (
        "ledger goal mismatch",
        LE,
        replace(";ecosystem-study;2;", ";ecosystem-study;3;"),
        r'ledger\.csv:6: column "Hyötytavoite": project "ecosystem-study" belongs to goal 2',
    ),
    (
        "ledger total off the report",
        LE,
        replace("18\u00a0600,00", "28\u00a0600,00"),
        r"ledger\.csv: the appropriation-funded rows add up to 199660\.50 €, which does not "
        r"round to the reported 190000 €",
    ),
    (
        "report and published file disagree",
        T1,
        replace("9,4 %;8,1 %", "9,6 %;8,1 %"),
        r"tyonv-12r5-six-cities\.csv: .*\"unemployment\" series \"all\" period 2021-12: the "
        r"file gives 9\.42\d* but the report's table gives 9\.6",
    ),
    (
        "published file disagrees with the report",
        f"{RAW}/2022/sources/tyonv-12r5-six-cities.csv",
        replace("KU049,2022M11,TYOTTOMATLOPUSSA,12133", "KU049,2022M11,TYOTTOMATLOPUSSA,13133"),
        r"tyonv-12r5-six-cities\.csv: .*period 2022-11: the file gives 8\.72\d* but the "
        r"report's table gives 8\.1 \(data/raw/elinvoimainen-espoo/2022/table1\.csv:5\)",
    ),
    (
        "a ratio dividing by zero",
        f"{RAW}/2022/sources/tyonv-12r5-six-cities.csv",
        replace("KU049,2022M11,TYOVOIMATK,150575", "KU049,2022M11,TYOVOIMATK,0"),
        r"tyonv-12r5-six-cities\.csv: the ratio divides by zero at 2022-11 \(line 610\)",
    ),
    (
        "truncated PC-Axis file",
        f"{RAW}/2022/sources/ulkomaalaistaustaiset-asiantuntijat.px",
        lambda t: t.replace("9563", ""),
        r"ulkomaalaistaustaiset-asiantuntijat\.px.*DATA",
    ),
    (
        "direction missing",
        f"{RAW}/programme.yaml",
        replace("    direction: higher\n", ""),
        r"programme\.yaml:\d+: indicators\[0\]: missing key\(s\) direction",
    ),
    (
        "budget facts of another year",
        f"{RAW}/2022/budget.yaml",
        replace("year: 2022", "year: 2021"),
        r"budget\.yaml: year 2021 does not match the folder 2022",
    ),
]


@pytest.mark.parametrize(
    ("case", "file", "edit", "message"), BAD_INPUTS, ids=[case[0] for case in BAD_INPUTS]
)
def test_bad_input_stops_clean_and_keeps_processed(project, capsys, case, file, edit, message):
    assert main(["-q", "clean"]) == 0
    before = tree_digest(project.processed)
    path = project.root / file
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(edit(text), encoding="utf-8")
    capsys.readouterr()
    assert main(["-q", "clean"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("seuranta: error: ")
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    import re

    assert re.search(message, err), err
    assert tree_digest(project.processed) == before


def test_undecodable_bytes_name_the_line(project, capsys):
    path = project.root / T1
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    assert main(["-q", "clean"]) == 1
    assert re_search(r"table1\.csv:5: byte 0xf6 is not UTF-8", capsys.readouterr().err)


def test_missing_provenance_is_an_error(project, capsys):
    (project.root / f"{T1}.meta.yaml").unlink()
    assert main(["-q", "clean"]) == 1
    assert "missing provenance for table1.csv" in capsys.readouterr().err


def test_nothing_is_written_when_one_programme_fails(project, capsys):
    assert not project.processed.exists()
    path = project.root / T1
    path.write_text(path.read_text(encoding="utf-8").replace("9,4 %", "9,4 %%"), "utf-8")
    assert main(["-q", "clean"]) == 1
    assert tree_digest(project.processed) == {}


def re_search(pattern, text):
    import re

    return re.search(pattern, text)


def test_the_real_statistics_give_espoos_monthly_shares(project):
    clean(paths=project)
    rows = processed(project)
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
    areas = processed(project, "comparisons.csv")
    assert set(areas["area"]) == {"KU049", "KU091", "KU092", "KU837", "KU853", "KU564", "SSS"}
    home = areas[areas["home"]].set_index("period")["value"]
    assert home.loc["2022-11"] == pytest.approx(espoo.loc["2022-11", "value"])
    helsinki = areas[(areas["area"] == "KU091") & (areas["period"] == "2022-11")]
    assert len(helsinki) == 1 and not helsinki["reference"].iloc[0]
    assert areas[areas["area"] == "SSS"]["reference"].all()
