"""seuranta status: one row per indicator series, in three formats and three languages."""

import json

import pytest

from conftest import copy_tree
from seuranta.cli import main

ARGS = ["status", "--programme", "elinvoimainen-espoo", "--year", "2022"]


@pytest.fixture
def cleaned(cleaned_project):
    return cleaned_project


def test_json_has_every_series_with_the_methods_status(cleaned, capsys):
    assert main([*ARGS, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    got = {(r["indicator"], r["series"]): r["status"] for r in rows}
    assert got == {
        ("work-permits", "total"): "not_available",
        ("foreign-background-experts", "total"): "substantial_progress",
        ("high-knowledge-jobs", "total"): "target_achieved",
        ("unemployment", "all"): "substantial_progress",
        # Dated like "all" (one Table 1 cell): 12/2021 to 11/2022 is less than a year.
        ("unemployment", "under-25"): "not_yet_assessable",
        ("unemployment", "foreigners"): "not_yet_assessable",
        ("recruitment-difficulties", "total"): "deterioration",
        ("business-climate", "total"): "deterioration",
        ("premises-availability", "total"): "limited_progress",
    }
    first = rows[1]
    for key in (
        "goal",
        "baseline_value",
        "baseline_period",
        "latest_value",
        "latest_period",
        "target_value",
        "target_period",
        "direction",
        "ratio",
        "crosscheck_status",
        "explanation",
        "caveat",
        "comparison",
        "compared_from_period",
        "like_for_like",
    ):
        assert key in first
    assert "history" not in first
    assert first["latest_period"] == "2020" and first["latest_value"] == 9563
    unemployment = next(r for r in rows if (r["indicator"], r["series"]) == ("unemployment", "all"))
    # One baseline: Table 1's; the like-for-like pair is its own figure.
    assert unemployment["baseline_period"] == "2021-12"
    assert unemployment["baseline_value"] == pytest.approx(9.42, abs=0.005)


def test_table_speaks_one_language_and_gives_whole_names(cleaned, capsys):
    assert main([*ARGS, "--format", "json"]) == 0
    series = json.loads(capsys.readouterr().out)
    assert main(ARGS) == 0
    out = capsys.readouterr().out
    first_lines = [block.splitlines()[0] for block in out.strip().split("\n\n")]
    assert first_lines == [f"Hyötytavoite {r['goal']} · {r['name']}" for r in series]
    assert first_lines[1] == (
        "Hyötytavoite 1 · Ulkomaalaistaustaiset johtajat, erityisasiantuntijat ja "
        "asiantuntijat (lukumäärä)"
    )
    for english in ("baseline", "latest", "target", "status", "cross-check", "R or p"):
        assert english not in out.lower().replace("tavoite", "")
    assert "Lähtöarvo: 8\u00a0741 (2019) · Viimeisin arvo: 9\u00a0563 (2020)" in out
    assert "Suhdeluku (R tai p): 1,73 · Ristiintarkistus: Tavoitteen mukaisella uralla" in out


def test_table_explains_in_finnish(cleaned, capsys):
    assert main(ARGS) == 0
    out = capsys.readouterr().out.replace("\u00a0", " ")
    assert (
        "Kehitys on tavoitteen vastainen: arvo nousi lukemasta 43 % (2021) lukemaan "
        "48 % (2022); tavoite on 38 % (2025)."
    ) in out


@pytest.mark.parametrize(
    ("lang", "phrase"), [("sv", "Målet har nåtts"), ("en", "The target has been reached")]
)
def test_other_languages(cleaned, capsys, lang, phrase):
    assert main([*ARGS, "--format", "csv", "--lang", lang]) == 0
    assert phrase in capsys.readouterr().out


def test_unknown_year_is_a_user_error(cleaned, capsys):
    assert main(["status", "--programme", "elinvoimainen-espoo", "--year", "2030"]) == 1
    assert "no report for 2030" in capsys.readouterr().err


def test_status_before_clean_says_what_to_do(project, capsys):
    assert main(ARGS) == 1
    assert "run `seuranta clean` first" in capsys.readouterr().err


@pytest.fixture
def second_year(cleaned_second_year, tmp_path, monkeypatch):
    """The made-up 2023 report year (tests/fixtures) beside the real 2022 one, cleaned: a
    private copy of the session's tree."""
    paths = copy_tree(cleaned_second_year.root, tmp_path / "project")
    monkeypatch.setenv("SEURANTA_ROOT", str(paths.root))
    return paths


def test_csv_compares_with_the_previous_report(second_year, capsys):
    import csv
    import io

    year_2023 = ["status", "--programme", "elinvoimainen-espoo", "--year", "2023"]
    assert main([*year_2023, "--format", "csv"]) == 0
    rows = {
        (r["indicator"], r["series"]): r
        for r in csv.DictReader(io.StringIO(capsys.readouterr().out))
    }
    assert len(rows) == 9
    for row in rows.values():  # every series the 2022 report covered: the columns are filled
        assert row["previous_report"] == "2022"
        assert row["since_previous"] in {"improving", "worsening", "unchanged", "not_available"}
    youth = rows[("unemployment", "under-25")]
    assert (youth["previous_period"], float(youth["previous_value"])) == ("2022-11", 7.3)
    assert float(youth["change_since_previous"]) == pytest.approx(1.5)
    assert youth["since_previous"] == "worsening"
    assert youth["status"] == "substantial_progress"  # the method's status stays
    assert youth["turned_worse"] == "True"
    assert "turned for the worse" not in youth["explanation"]  # Finnish by default
    assert "kääntynyt huonompaan" in youth["explanation"]
    survey = rows[("recruitment-difficulties", "total")]
    assert (survey["previous_period"], survey["latest_period"]) == ("2022", "2023")
    assert float(survey["change_since_previous"]) == pytest.approx(-3.0)
    assert survey["since_previous"] == "improving"  # lower is better
    permits = rows[("work-permits", "total")]  # no value in 2022: nothing to compare
    assert permits["previous_value"] == "" and permits["since_previous"] == "not_available"
    # The first report year has no previous report: the columns are there, empty.
    assert main([*ARGS, "--format", "csv"]) == 0
    first = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert all(r["previous_report"] == "" and r["since_previous"] == "not_available" for r in first)


def test_a_turn_for_the_worse_is_in_the_table(second_year, capsys):
    year_2023 = ["status", "--programme", "elinvoimainen-espoo", "--year", "2023"]
    assert main([*year_2023, "--lang", "en"]) == 0
    out = capsys.readouterr().out.replace("\u00a0", " ")
    block = next(b for b in out.split("\n\n") if "young people under 25" in b.splitlines()[0])
    assert "Previous report (2022), comparable figure: 7.3% (Nov 2022)" in block
    assert (
        "  The indicator is clearly improving: the value fell from 9.3% "
        "(Dec 2021) to 8.8% (Nov 2023). The report's baseline 9.3% (2021) is the figure for "
        "Dec 2021. Since the previous follow-up report (2022), however, the "
        "indicator has turned for the worse: the value rose from 7.3% (Nov 2022) to 8.8% "
        "(Nov 2023)."
    ) in block


def test_the_comparison_is_named_and_its_periods_are_those_compared(cleaned, capsys):
    import csv
    import io

    assert main([*ARGS, "--format", "csv", "--lang", "en"]) == 0
    rows = {
        (r["indicator"], r["series"]): r
        for r in csv.DictReader(io.StringIO(capsys.readouterr().out))
    }
    espoo = rows[("unemployment", "all")]
    # The seasonal monthly series is rated on November 2022 against November 2021 (from the
    # real file), a labelled figure of its own; its baseline stays the report's December 2021.
    assert espoo["comparison"] == "same_month"
    assert (espoo["baseline_period"], espoo["latest_period"]) == ("2021-12", "2022-11")
    assert (espoo["compared_from_period"], espoo["compared_to_period"]) == ("2021-11", "2022-11")
    assert float(espoo["compared_from_value"]) == pytest.approx(100 * 13439 / 149595)
    assert float(espoo["compared_to_value"]) == pytest.approx(100 * 12133 / 150575)
    assert espoo["like_for_like"] == "Same-month comparison: 9.0% (Nov 2021) → 8.1% (Nov 2022)"
    assert "the same month a year apart" in espoo["explanation"]
    assert "The report's baseline 9.4% (2021) is the figure for Dec 2021." in espoo["explanation"]
    # The report's own figures stay as the report gives them, dated as their Table 1 cell.
    youth = rows[("unemployment", "under-25")]
    assert (youth["comparison"], youth["baseline_period"], youth["latest_period"]) == (
        "as_reported",
        "2021-12",
        "2022-11",
    )
    assert {r["comparison"] for k, r in rows.items() if k != ("unemployment", "all")} == {
        "as_reported"
    }
