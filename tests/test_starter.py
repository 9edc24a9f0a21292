"""``seuranta new``: a minimal programme that cleans and renders as is, in its own languages.

Also the optional parts: the starter has no project register, no ledger and no published
source, so its pages show what a programme without them gets.
"""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from conftest import REPO, run_seuranta, tree_digest
from seuranta.cli import main
from seuranta.paths import ProjectPaths

NEW = "kestava-espoo"


@pytest.fixture
def empty(tmp_path, monkeypatch) -> ProjectPaths:
    """A project tree with the notebooks and no programme yet."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    monkeypatch.setenv("SEURANTA_ROOT", str(root))
    return ProjectPaths(root)


def test_new_clean_render_finnish_only_without_a_budget_page(empty):
    run_seuranta(empty.root, "new", NEW, "--lang", "fi", "--year", "2026")
    raw = empty.raw / NEW
    assert sorted(p.relative_to(raw).as_posix() for p in raw.rglob("*") if p.is_file()) == [
        "2026/table1.csv",
        "2026/table1.csv.meta.yaml",
        "programme.yaml",
        "programme.yaml.meta.yaml",
    ]
    done = run_seuranta(empty.root, "clean", "--programme", NEW)
    # The placeholders are reported, one line each with file, line and key, not refused.
    warnings = [line for line in done.stderr.splitlines() if "placeholder" in line]
    assert f"data/raw/{NEW}/programme.yaml:8: names.fi: placeholder still to be filled in" in (
        warnings
    )
    assert any('table1.csv.meta.yaml:3: key "publisher": placeholder' in w for w in warnings)
    run_seuranta(empty.root, "render", "--programme", NEW)
    out = empty.outputs / NEW / "2026"
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "fi",
        "manifest.json",
    ]
    pages = sorted(p.name for p in (out / "fi").glob("*.html"))
    # no budget page; the accessibility statement, as every programme has
    assert pages == ["accessibility.html", "goal-1.html", "index.html", "overview.html"]
    index = (out / "fi" / "index.html").read_text(encoding="utf-8")
    assert 'href="budget.html"' not in index and 'hreflang="sv"' not in index
    goal = (out / "fi" / "goal-1.html").read_text(encoding="utf-8")
    assert "Tämän vuoden raportissa ei ole hankerekisteriä." in goal  # no register
    assert "Tälle vuodelle ei ole kirjanpitoaineistoa." in goal  # no ledger
    overview = (out / "fi" / "overview.html").read_text(encoding="utf-8")
    assert "Tälle vuodelle ei ole kirjanpitoaineistoa." in overview
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["appendices"]) == {"index", "overview", "goal-1", "accessibility"}


def test_a_language_the_programme_does_not_publish_is_refused(empty, capsys):
    assert main(["-q", "new", NEW, "--lang", "fi,sv", "--year", "2026"]) == 0
    assert main(["-q", "clean", "--programme", NEW]) == 0
    capsys.readouterr()
    assert main(["-q", "render", "--programme", NEW, "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert 'language "en" is not published by this programme' in err
    assert len(err.strip().splitlines()) == 1


def test_new_refuses_an_existing_folder_and_a_bad_id(empty, capsys):
    assert main(["-q", "new", NEW, "--year", "2026"]) == 0
    before = tree_digest(empty.raw)
    assert main(["-q", "new", NEW]) == 1
    assert "exists already: nothing was written" in capsys.readouterr().err
    for bad in ("../victim", "Kestava", "a_b"):
        assert main(["-q", "new", bad]) == 1
        assert "expected a folder name" in capsys.readouterr().err
    assert main(["-q", "new", "other", "--lang", "fi,de"]) == 1
    assert 'unknown language "de"' in capsys.readouterr().err
    assert tree_digest(empty.raw) == before


def test_default_languages_are_all_three(empty):
    assert main(["-q", "new", NEW, "--year", "2026"]) == 0
    text = (empty.raw / NEW / "programme.yaml").read_text(encoding="utf-8")
    assert "languages: [fi, sv, en]" in text and '  en: "TODO: ' in text


def test_render_without_programme_renders_every_programme(empty):
    for pid in ("aaa", "bbb"):
        assert main(["-q", "new", pid, "--lang", "fi", "--year", "2026"]) == 0
    assert main(["-q", "clean"]) == 0
    run_seuranta(empty.root, "render", "--only", "index")
    for pid in ("aaa", "bbb"):
        assert (empty.outputs / pid / "2026" / "fi" / "index.html").is_file()


def test_a_filled_in_programme_cleans_without_warnings(empty, capsys):
    assert main(["-q", "new", NEW, "--lang", "fi", "--year", "2026"]) == 0
    for path in (empty.raw / NEW).rglob("*.yaml"):
        text = path.read_text(encoding="utf-8").replace('"TODO: ', '"Filled: ')
        path.write_text(text, encoding="utf-8")
    table = empty.raw / NEW / "2026" / "table1.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("TODO: source", "Filled: source"))
    capsys.readouterr()
    assert main(["clean", "--programme", NEW]) == 0
    assert "placeholder" not in capsys.readouterr().err


def test_clean_accepts_an_indicator_in_a_declared_unit(empty):
    """kt CO2e, declared in programme.yaml, read from Table 1 as a plain number."""
    assert main(["-q", "new", NEW, "--lang", "fi", "--year", "2026"]) == 0
    path = empty.raw / NEW / "programme.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "units: {}", "units:\n  kt-co2e:\n    names: {fi: kt CO2e}\n    decimals: 1\n"
    ).replace("unit: count", "unit: kt-co2e")
    path.write_text(text, encoding="utf-8")
    assert main(["-q", "clean", "--programme", NEW]) == 0
    rows = pd.read_csv(empty.processed / NEW / "indicators.csv")
    assert set(rows["unit"]) == {"kt-co2e"} and sorted(rows["value"]) == [100, 110, 150]
