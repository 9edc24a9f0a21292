"""What each page reads: the declaration (seuranta.catalog.PAGE_READS), the page's dataset
(seuranta.dataset.Dataset.for_page) and its cache key (seuranta.render.page_inputs) hold
the same rows."""

from __future__ import annotations

import pytest

from conftest import PROGRAMME, YEAR
from seuranta import dataset as data
from seuranta.catalog import PAGE_READS, file_year, page_kind
from seuranta.errors import SeurantaError
from seuranta.files import digest
from seuranta.render.page_inputs import PageInputs, changed_inputs

PAGES = ["index", "overview", "goal-1", "goal-2", "goal-3", "goal-4", "budget"]
TABLES = ("indicators", "projects", "ledger", "appropriation", "comparisons", "provenance")


@pytest.fixture(scope="module")
def both(cleaned_tree):
    return data.load(PROGRAMME, cleaned_tree), PageInputs.read(cleaned_tree, PROGRAMME)


@pytest.mark.parametrize("name", PAGES)
def test_the_page_dataset_and_its_key_select_the_same_rows(both, name):
    dataset, inputs = both
    page = dataset.for_page(name, YEAR)
    kind, goal = page_kind(name)
    key_parts = inputs.of(name, YEAR, "fi")
    for table in TABLES:
        frame = getattr(page, table)
        if table not in PAGE_READS[kind]:
            assert frame.empty, f"{name} reads {table} without declaring it"
            assert table not in key_parts
            continue
        rows = inputs.rows(table)  # the csv rows the key selects from
        selected = [
            r
            for r in rows
            if (
                (file_year(r["file"]) or 0) <= YEAR
                if table == "provenance"
                else int(r["report_year"]) <= YEAR
            )
        ]
        if PAGE_READS[kind][table] == "goal":
            selected = [r for r in selected if r["goal"] == str(goal)]
        assert len(frame) == len(selected), table
        assert key_parts[table] == digest(selected)
    if kind == "goal":
        assert all(frame_goal == goal for frame_goal in page.indicators["goal"])
    assert "sha256" not in page.provenance.columns  # no page shows it: not in any key


def test_a_page_reads_only_its_own_commentary(both):
    dataset, inputs = both
    page = dataset.for_page("goal-3", YEAR)
    assert page.commentary(YEAR, "fi", "goal-3") is None  # none written: none shown
    with pytest.raises(SeurantaError, match='commentary "goal-2" is not among what this page'):
        page.commentary(YEAR, "fi", "goal-2")
    keys = inputs.of("goal-3", YEAR, "sv")
    assert "commentary/sv/goal-3.md" in keys and "commentary/fi/goal-3.md" not in keys
    assert {k for k in keys if k.startswith("commentary/")} == {
        "commentary/sv/goal-3.md",
        *(f"commentary/sv/indicator-{i.id}.md" for i in dataset.programme.indicators_of(3)),
    }


def test_an_exploration_reads_everything(both):
    dataset, _ = both
    assert dataset.for_page("explore", YEAR) is dataset


def test_a_goal_the_programme_does_not_have_is_one_line(both):
    dataset, _ = both
    with pytest.raises(SeurantaError) as err:
        dataset.for_page("goal-7", YEAR)
    assert str(err.value) == (f"goal 7: {PROGRAMME} has the goals 1, 2, 3, 4; expected one of them")


def test_a_page_knows_only_the_report_years_up_to_its_own(cleaned_tree, cleaned_second_year):
    dataset = data.load(PROGRAMME, cleaned_second_year)
    assert dataset.report_years == [YEAR, YEAR + 1]
    earlier = dataset.for_page("goal-3", YEAR)
    assert earlier.report_years == [YEAR]
    assert set(earlier.indicators["report_year"]) == {YEAR}
    # A 2022 page reads the same with and without the 2023 report: its key does not move.
    two_years = PageInputs.read(cleaned_second_year, PROGRAMME)
    one_year = PageInputs.read(cleaned_tree, PROGRAMME)
    for name in PAGES:
        assert two_years.of(name, YEAR, "sv") == one_year.of(name, YEAR, "sv"), name
    assert two_years.of("goal-3", YEAR, "fi") != two_years.of("goal-3", YEAR + 1, "fi")


def test_changed_inputs_are_named():
    before = {"notebook": "a", "library": "b", "data": {"indicators": "1", "x": "2"}}
    after = {"notebook": "a", "library": "c", "data": {"indicators": "9", "y": "3"}}
    assert changed_inputs(before, after) == ["library", "indicators", "x", "y"]
    assert changed_inputs(None, after) == []
