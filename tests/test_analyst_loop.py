"""The analyst's loop: edit raw data, run ``seuranta render``, see the change, and only the
pages that read what changed are rendered again (seuranta.clean.lineage,
seuranta.render.page_inputs, seuranta.catalog.PAGE_READS)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import (
    FIXTURES,
    LANGS,
    PAGES,
    PROGRAMME,
    YEAR,
    copy_tree,
    run_seuranta,
    tree_digest,
    try_seuranta,
)

RENDERED = re.compile(r"^(\w\w/[\w-]+): rendered in ")
ALL = {f"{lang}/{page}" for lang in LANGS for page in PAGES}


@pytest.fixture
def tree(rendered, tmp_path) -> Path:
    """A private copy of the session's tree with every 2022 page rendered."""
    return copy_tree(rendered.parents[2], tmp_path / "project").root


def render(root: Path, *args: str) -> tuple[set[str], str]:
    """``seuranta render``: the pages it rendered, and what it said."""
    done = run_seuranta(root, "render", *args)
    pages = {m[1] for line in done.stderr.splitlines() if (m := RENDERED.match(line))}
    return pages, done.stderr


def raw(root: Path, *parts: str) -> Path:
    return root / "data" / "raw" / PROGRAMME / str(YEAR) / Path(*parts)


def page(root: Path, lang: str, name: str, year: int = YEAR) -> str:
    html = root / "outputs" / PROGRAMME / str(year) / lang / f"{name}.html"
    return html.read_text(encoding="utf-8").replace("\u00a0", " ")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_nothing_renders(tree):
    pages, said = render(tree)
    assert pages == set()
    assert f"0 rendered, {len(ALL)} skipped" in said
    assert "cleaning first" not in said


def test_one_languages_commentary_renders_that_page_only(tree):
    for lang in LANGS:
        path = raw(tree, "commentary", lang, "goal-3.md")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Ensimmäinen versio ({lang}).\n", encoding="utf-8")
    pages, said = render(tree)
    assert "commentary/en/goal-3.md added" in said and "cleaning first" in said
    assert pages == {"fi/goal-3", "sv/goal-3", "en/goal-3"}

    edit(raw(tree, "commentary", "fi", "goal-3.md"), "Ensimmäinen", "Toinen")
    pages, said = render(tree)
    assert pages == {"fi/goal-3"}
    assert "fi/goal-3: to render: commentary/fi/goal-3.md changed" in said
    assert "Toinen versio (fi)." in page(tree, "fi", "goal-3")
    assert "Ensimmäinen versio (sv)." in page(tree, "sv", "goal-3")


def test_a_table1_value_of_goal_1_renders_the_pages_showing_goal_1(tree):
    edit(raw(tree, "table1.csv"), "9 563 (2020);12 000", "9 563 (2020);12 500")  # a target
    pages, said = render(tree)
    assert "table1.csv changed since the last clean: cleaning first" in said
    assert pages == {f"{lang}/{name}" for lang in LANGS for name in ("index", "overview", "goal-1")}
    assert "12 500" in page(tree, "fi", "goal-1") and "12,500" in page(tree, "en", "overview")
    assert "fi/goal-1: to render: indicators changed" in said


def test_a_projects_name_renders_its_goal_and_the_budget_pages(tree):
    register = raw(tree, "projects.csv")
    edit(register, "(Tapiola-klubi);", "(Tapiolan klubi);")
    pages, _ = render(tree)
    assert pages == {f"{lang}/{name}" for lang in LANGS for name in ("goal-1", "budget")}
    assert "Tapiolan klubi" in page(tree, "fi", "goal-1")


def test_a_new_report_year_leaves_the_earlier_years_pages_as_they_were(tree):
    before = tree_digest(tree / "outputs" / PROGRAMME / str(YEAR))
    shutil.copytree(
        FIXTURES / "raw" / PROGRAMME / str(YEAR + 1),
        tree / "data" / "raw" / PROGRAMME / str(YEAR + 1),
    )
    pages, said = render(tree, "--year", str(YEAR))
    assert "cleaning first" in said
    assert pages == set() and f"0 rendered, {len(ALL)} skipped" in said
    after = tree_digest(tree / "outputs" / PROGRAMME / str(YEAR))
    changed = [name for name in before if before[name] != after.get(name)]
    assert [n for n in changed if not n.endswith("manifest.json")] == []

    pages, _ = render(tree)  # the latest year, 2023, for the first time
    assert pages == ALL


def test_a_clean_that_fails_publishes_nothing(tree):
    before = tree_digest(tree / "outputs")
    edit(raw(tree, "table1.csv"), "8 741 (2019)", "8 7x1 (2019)")
    done = try_seuranta(tree, "render")
    assert done.returncode == 1
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .startswith(f"seuranta: error: data/raw/{PROGRAMME}/{YEAR}/table1.csv:")
    )
    assert tree_digest(tree / "outputs") == before
