"""A programme's own unit on its pages: on the chart's axis, in the tables and sentences."""

from __future__ import annotations

import shutil

import pytest

from conftest import REPO, run_seuranta

pytestmark = pytest.mark.slow


def test_a_declared_unit_is_shown_on_the_axis_and_in_the_table(tmp_path):
    root = tmp_path / "project"
    (root / "data" / "raw").mkdir(parents=True)
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    run_seuranta(root, "new", "kestava-espoo", "--lang", "fi")
    definition = root / "data" / "raw" / "kestava-espoo" / "programme.yaml"
    text = definition.read_text(encoding="utf-8")
    assert "units: {}" in text and "    unit: count\n" in text
    text = text.replace(
        "units: {}", "units:\n  kt-co2e:\n    names: {fi: kt CO2e}\n    decimals: 1"
    )
    definition.write_text(text.replace("    unit: count\n", "    unit: kt-co2e\n"), "utf-8")
    run_seuranta(root, "clean", "--programme", "kestava-espoo")
    run_seuranta(root, "render", "--programme", "kestava-espoo")
    year = next((root / "outputs" / "kestava-espoo").iterdir())
    assert sorted(p.name for p in year.iterdir() if p.is_dir()) == ["fi"]  # Finnish only
    html = (year / "fi" / "goal-1.html").read_text(encoding="utf-8")
    assert ">kt CO2e</text>" in html  # the chart's axis, in both drawings
    assert "100\u00a0kt CO2e (2025)" in html  # the indicator table and the explanation
    assert not (year / "fi" / "budget.html").exists()  # no ledger: no budget page
