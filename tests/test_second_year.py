"""A second report year, rendered as a reader gets it: no stale facts, the previous report.

The real 2022 data and the made-up 2023 test year (tests/fixtures/raw, marked illustrative)
are cleaned together; both years' 24 pages are rendered (conftest ``rendered_second_year``).
"""

from __future__ import annotations

import shutil

import pytest

from conftest import (
    FIXTURES,
    LANGS,
    PAGES,
    PROGRAMME,
    clean_in_place,
    copy_raw_project,
    run_seuranta,
)
from seuranta.dataset import load
from seuranta.progress import status_table
from test_appendices import (
    BASELINE_ALL,
    _indicator_rows,
    cells_of,
    reported_euros,
    text_of,
    unmarked_euros,
)

pytestmark = pytest.mark.slow

# Each year's budget.yaml, as every page of that year must print it.
BUDGET = {
    2022: {"fi": ("200 000 €", "noin 190 000 €"), "en": ("€200,000", "about €190,000")},
    2023: {"fi": ("250 000 €", "noin 230 000 €"), "en": ("€250,000", "about €230,000")},
}
SV = {2022: ("200 000 €", "cirka 190 000 €"), 2023: ("250 000 €", "cirka 230 000 €")}


def figures(year: int, lang: str) -> tuple[str, str]:
    return SV[year] if lang == "sv" else BUDGET[year]["fi" if lang == "fi" else "en"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", PAGES)
def test_each_year_prints_its_own_budget(rendered_second_year, lang, name):
    for year, other in ((2022, 2023), (2023, 2022)):
        text = text_of(rendered_second_year / str(year) / lang / f"{name}.html")
        appropriation, spent = figures(year, lang)
        stale = figures(other, lang)
        if name not in ("index", "accessibility"):  # every page showing budget figures
            # carries the illustrative notice
            assert f"({appropriation})" in text and f"({spent})" in text, (year, name)
        for figure in stale:
            assert figure not in text, f"{year} {lang}/{name}.html shows {figure} of {other}"


TURN = {
    "fi": "Edellisen seurantaraportin (2022) jälkeen kehitys on kuitenkin kääntynyt "
    "huonompaan suuntaan: arvo nousi lukemasta 7,3 % (11/2022) lukemaan 8,8 % (11/2023).",
    "sv": "Sedan föregående uppföljningsrapport (2022) har utvecklingen dock vänt till det "
    "sämre: värdet steg från 7,3 % (11/2022) till 8,8 % (11/2023).",
    "en": "Since the previous follow-up report (2022), however, the indicator has turned for "
    "the worse: the value rose from 7.3% (Nov 2022) to 8.8% (Nov 2023).",
}
MARK = {
    "fi": "Heikentynyt edellisestä raportista",
    "sv": "Sämre än i föregående rapport",
    "en": "Worse than in the previous report",
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_series_that_turned_for_the_worse_says_so(rendered_second_year, lang):
    page = rendered_second_year / "2023" / lang / "goal-3.html"
    text = text_of(page)
    assert TURN[lang] in text
    # The mark stands beside the method's status in the table, for the three series that
    # rose since 2022 (all, under 25, foreign nationals), and beside each one's heading.
    assert text.count(MARK[lang]) == 6
    cells = cells_of(page)
    previous = {"fi": "7,3 % (11/2022)", "sv": "7,3 % (11/2022)", "en": "7.3% (Nov 2022)"}
    assert previous[lang] in cells
    change = {
        "fi": "+1,5 prosenttiyksikköä (heikentynyt)",
        "sv": "+1,5 procentenheter (försämring)",
        "en": "+1.5 percentage points (worsened)",
    }
    assert change[lang] in cells
    # 2022 has no previous report: no such column, no such mark.
    first = text_of(rendered_second_year / "2022" / lang / "goal-3.html")
    assert MARK[lang] not in first
    assert {"fi": "Edellinen raportti", "sv": "Föregående rapport", "en": "Previous report"}[
        lang
    ] not in first


@pytest.mark.parametrize("lang", LANGS)
def test_revisions_are_listed(rendered_second_year, lang):
    cells = cells_of(rendered_second_year / "2023" / lang / "goal-1.html")
    old, new = {
        "fi": ("8 741 raportissa 2022", "8 752 raportissa 2023"),
        "sv": ("8 741 i rapporten 2022", "8 752 i rapporten 2023"),
        "en": ("8,741 in the 2022 report", "8,752 in the 2023 report"),
    }[lang]
    assert old in cells and new in cells
    title = {"fi": "Korjatut aiemmat luvut", "sv": "Reviderade", "en": "Revised earlier figures"}
    assert title[lang] in text_of(rendered_second_year / "2023" / lang / "goal-1.html")
    for name in ("goal-2", "goal-3", "goal-4"):  # no revision there
        assert title[lang] not in text_of(rendered_second_year / "2023" / lang / f"{name}.html")


def test_table_1_of_each_year_has_its_own_column_dates(rendered_second_year):
    for year in (2022, 2023):
        cells = cells_of(rendered_second_year / str(year) / "fi" / "overview.html")
        assert f"Tilanne 30.12.{year}" in cells
        other = 2023 if year == 2022 else 2022
        assert f"Tilanne 30.12.{other}" not in cells
    cells = cells_of(rendered_second_year / "2023" / "fi" / "overview.html")
    assert "45 %" in cells  # the survey value, with no period: the column's own


# -- issue 21: one baseline, like for like when the months differ ----------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_all_keeps_table_1s_baseline_in_every_year(rendered_second_year, lang):
    for year in (2022, 2023):
        rows = _indicator_rows(rendered_second_year / str(year) / lang / "goal-3.html")
        mine = next(r for r in rows if r[0].endswith(ALL[lang]))
        assert mine[1] == BASELINE_ALL[lang], year
        assert not any(r[1].startswith(("9,0 %", "9.0%", "9,5 %", "9.5%")) for r in rows[1:])
        overview = cells_of(rendered_second_year / str(year) / lang / "overview.html")
        assert {"fi": "kaikki: 9,4 %", "sv": "alla: 9,4 %", "en": "all: 9.4%"}[lang] in overview
    label = {
        "fi": "Saman kuukauden vertailu: 9,0 % (11/2021) → 8,9 % (11/2023)",
        "sv": "Jämförelse av samma månad: 9,0 % (11/2021) → 8,9 % (11/2023)",
        "en": "Same-month comparison: 9.0% (Nov 2021) → 8.9% (Nov 2023)",
    }[lang]
    assert label in text_of(rendered_second_year / "2023" / lang / "goal-3.html")


ALL = {"fi": "kaikki", "sv": "alla", "en": "all"}


def test_a_year_whose_latest_month_differs_compares_the_same_months(tmp_path):
    # The made-up 2023 Table 1 dated 10/2023 instead of 11/2023: the 2022 report's latest
    # month (11/2022) is then not 2023's, and both comparisons take October.
    paths = copy_raw_project(tmp_path / "project")
    year = paths.raw_programme(PROGRAMME) / "2023"
    shutil.copytree(FIXTURES / "raw" / PROGRAMME / "2023", year)
    table1 = year / "table1.csv"
    table1.write_text(
        table1.read_text(encoding="utf-8").replace("(11/2023)", "(10/2023)"), encoding="utf-8"
    )
    clean_in_place(paths)
    status = status_table(load(PROGRAMME, paths), 2023, "en").set_index(["indicator", "series"])
    row = status.loc[("unemployment", "all")]
    assert (row["baseline_period"], round(row["baseline_value"], 1)) == ("2021-12", 9.4)
    assert (row["latest_period"], row["latest_value"]) == ("2023-10", 8.9)
    # Since the baseline: October 2023 against October 2021, a labelled figure.
    assert (row["compared_from_period"], row["compared_to_period"]) == ("2021-10", "2023-10")
    assert row["like_for_like"] == "Same-month comparison: 9.5% (Oct 2021) → 8.9% (Oct 2023)"
    # Since the previous report, the same rule: October 2022, not the 2022 report's 11/2022.
    assert (row["previous_period"], row["previous_comparison"]) == ("2022-10", "same_month")
    assert (
        "the value rose from 8.1% (Oct 2022) to 8.9% (Oct 2023) (same-month comparison)"
        in (row["explanation"])
    )
    # The page says the same, in its table and its sentences.
    run_seuranta(
        paths.root, "render", "--year", "2023", "--only", "goal-3", "--lang", "en", "--jobs", "1"
    )
    page = paths.outputs / PROGRAMME / "2023" / "en" / "goal-3.html"
    mine = next(r for r in _indicator_rows(page) if r[0].endswith(ALL["en"]))
    assert mine[1:4] == [BASELINE_ALL["en"], "8.1% (Oct 2022)", "8.9% (Oct 2023)"]
    assert "Same-month comparison: 9.5% (Oct 2021) → 8.9% (Oct 2023)" in text_of(page)


@pytest.mark.parametrize("lang", LANGS)
def test_every_euro_figure_of_both_years_is_the_reports_or_marked(
    rendered_second_year, cleaned_second_year, lang
):
    for year in (2022, 2023):
        raw = cleaned_second_year.raw_programme(PROGRAMME) / str(year)
        reported = reported_euros(raw, lang)
        for name in PAGES:
            page = rendered_second_year / str(year) / lang / f"{name}.html"
            assert unmarked_euros(page, lang, reported) == [], (year, name)
