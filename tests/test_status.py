"""seuranta status: one row per indicator series, in three formats and three languages."""

import json

import pytest

from seuranta.clean import clean
from seuranta.cli import main

ARGS = ["status", "--programme", "elinvoimainen-espoo", "--year", "2022"]


@pytest.fixture
def cleaned(project):
    clean(paths=project)
    return project


def test_json_has_every_series_with_the_methods_status(cleaned, capsys):
    assert main([*ARGS, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    got = {(r["indicator"], r["series"]): r["status"] for r in rows}
    assert got == {
        ("work-permits", "total"): "not_available",
        ("foreign-background-experts", "total"): "substantial_progress",
        ("high-knowledge-jobs", "total"): "target_achieved",
        ("unemployment", "all"): "substantial_progress",
        ("unemployment", "under-25"): "substantial_progress",
        ("unemployment", "foreigners"): "substantial_progress",
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
    ):
        assert key in first
    assert first["latest_period"] == "2020" and first["latest_value"] == 9563


def test_table_explains_in_finnish(cleaned, capsys):
    assert main(ARGS) == 0
    out = capsys.readouterr().out.replace("\u00a0", " ")
    assert (
        "Kehitys on tavoitteen vastainen: arvo nousi lukemasta 43 % (2021) lukemaan "
        "48 % (30.12.2022); tavoite on 38 % (2025)."
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
