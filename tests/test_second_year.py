"""A second report year, rendered as a reader gets it: no stale facts, the previous report.

The real 2022 data and the made-up 2023 test year (tests/fixtures/raw, marked illustrative)
are cleaned together; both years' 21 pages are rendered (conftest ``rendered_second_year``).
"""

from __future__ import annotations

import pytest

from conftest import LANGS, PAGES, PROGRAMME
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
        if name != "index":  # every page but the index carries the illustrative notice
            assert f"({appropriation})" in text and f"({spent})" in text, (year, name)
        for figure in stale:
            assert figure not in text, f"{year} {lang}/{name}.html shows {figure} of {other}"


TURN = {
    "fi": "Edellisen seurantaraportin (2022) jälkeen kehitys on kuitenkin kääntynyt "
    "huonompaan suuntaan: arvo nousi lukemasta 7,3 % (11/2022) lukemaan 8,8 % (10/2023).",
    "sv": "Sedan föregående uppföljningsrapport (2022) har utvecklingen dock vänt till det "
    "sämre: värdet steg från 7,3 % (11/2022) till 8,8 % (10/2023).",
    "en": "Since the previous follow-up report (2022), however, the indicator has turned for "
    "the worse: the value rose from 7.3% (Nov 2022) to 8.8% (Oct 2023).",
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

SAME_MONTH_2023 = {
    "fi": "arvo nousi lukemasta 8,1 % (10/2022) lukemaan 8,9 % (10/2023)",
    "sv": "värdet steg från 8,1 % (10/2022) till 8,9 % (10/2023)",
    "en": "the value rose from 8.1% (Oct 2022) to 8.9% (Oct 2023)",
}


@pytest.mark.parametrize("lang", LANGS)
def test_all_keeps_table_1s_baseline_and_compares_like_for_like_in_2023(rendered_second_year, lang):
    # 2023's latest month (10/2023) is not the 2022 report's (11/2022).
    for year in (2022, 2023):
        rows = _indicator_rows(rendered_second_year / str(year) / lang / "goal-3.html")
        mine = next(
            r for r in rows if r[0].endswith({"fi": "kaikki", "sv": "alla", "en": "all"}[lang])
        )
        assert mine[1] == BASELINE_ALL[lang], year
        overview = cells_of(rendered_second_year / str(year) / lang / "overview.html")
        assert {"fi": "kaikki: 9,4 %", "sv": "alla: 9,4 %", "en": "all: 9.4%"}[lang] in overview
    # Since the previous report, the same month: October 2022 against October 2023, and
    # the previous column says it is the like-for-like value.
    previous = {"fi": "8,1 % (10/2022)", "sv": "8,1 % (10/2022)", "en": "8.1% (Oct 2022)"}
    assert mine[2] == previous[lang]
    assert (
        mine[3] == {"fi": "8,9 % (10/2023)", "sv": "8,9 % (10/2023)", "en": "8.9% (Oct 2023)"}[lang]
    )
    page = rendered_second_year / "2023" / lang / "goal-3.html"
    text = text_of(page)
    assert SAME_MONTH_2023[lang] in text
    # Since the baseline, by the same rule: October 2021, labelled, never a baseline.
    label = {
        "fi": "Saman kuukauden vertailu: 9,5 % (10/2021) → 8,9 % (10/2023)",
        "sv": "Jämförelse av samma månad: 9,5 % (10/2021) → 8,9 % (10/2023)",
        "en": "Same month compared: 9.5% (Oct 2021) → 8.9% (Oct 2023)",
    }[lang]
    assert label in text
    assert not any(r[1].startswith(("9,5 %", "9.5%", "9,0 %", "9.0%")) for r in rows[1:])


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
