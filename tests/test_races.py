"""Concurrency, done for real: a clean beside a render, two cleans with an edit between, a
second render while the first prints its books (seuranta.clean.lock).

Each test first makes sure that the first process holds the programme's lock before it
starts the second one, so the two really meet. ``SEURANTA_RACE_ROUNDS=20`` repeats each
test twenty times (one round by default).
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import time
from pathlib import Path

import pytest

from conftest import PAGES, PROGRAMME, YEAR, copy_tree, start_seuranta
from seuranta.clean import lineage
from seuranta.paths import ProjectPaths

ROUNDS = int(os.environ.get("SEURANTA_RACE_ROUNDS", "1"))


@pytest.fixture
def tree(rendered, tmp_path) -> Path:
    return copy_tree(rendered.parents[2], tmp_path / "project").root


def finish(proc: subprocess.Popen) -> str:
    _, err = proc.communicate(timeout=900)
    assert proc.returncode == 0, err[-3000:]
    return err


def wait_until_locked(root: Path, proc: subprocess.Popen) -> None:
    """Return once ``proc`` holds the programme's lock (the raw folder's flock)."""
    fd = os.open(root / "data" / "raw" / PROGRAMME, os.O_RDONLY)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert proc.poll() is None, "the first process ended before it took the lock"
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return
            fcntl.flock(fd, fcntl.LOCK_UN)
            time.sleep(0.01)
        pytest.fail("the first process never took the programme's lock")
    finally:
        os.close(fd)


def rename(root: Path, old: str, new: str) -> None:
    path = root / "data" / "raw" / PROGRAMME / "programme.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"  fi: {old}\n", f"  fi: {new}\n", 1), encoding="utf-8")


def pages_naming(root: Path, text: str) -> int:
    """How many of the year's Finnish pages give ``text``."""
    folder = root / "outputs" / PROGRAMME / str(YEAR) / "fi"
    return sum(text in (folder / f"{name}.html").read_text(encoding="utf-8") for name in PAGES)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_a_clean_beside_a_render_waits_and_the_pages_show_one_version(tree, round_):
    render = start_seuranta(tree, "render", "--force", "--lang", "fi")
    wait_until_locked(tree, render)
    rename(tree, "Elinvoimainen Espoo", "Kilpaileva Espoo")
    clean = start_seuranta(tree, "clean")
    finish(render)
    said = finish(clean)
    assert "waiting for it to finish" in said  # it met the render's lock
    # Every page from one version of the data: the one the render started with, or the
    # edited one where the render's freshness check, just after it took the lock, already
    # saw the edit and cleaned first (the test cannot edit between the two) ...
    assert pages_naming(tree, "Kilpaileva Espoo") in (0, len(PAGES))
    finish(start_seuranta(tree, "render", "--lang", "fi"))
    # ... and the next render gives the new name everywhere.
    assert pages_naming(tree, "Kilpaileva Espoo") == len(PAGES)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_cleans_with_an_edit_between_lose_nothing(tree, round_):
    table = tree / "data" / "raw" / PROGRAMME / str(YEAR) / "table1.csv"
    first = start_seuranta(tree, "clean")
    wait_until_locked(tree, first)
    table.write_text(
        table.read_text(encoding="utf-8").replace(";39 000;", ";39 500;", 1), encoding="utf-8"
    )
    second = start_seuranta(tree, "clean")
    finish(first)
    finish(second)
    processed = (tree / "data" / "processed" / PROGRAMME / "indicators.csv").read_text()
    assert ",39500.0," in processed and ",39000.0," not in processed
    assert lineage.changes(ProjectPaths(tree), PROGRAMME) == []


@pytest.mark.browser
@pytest.mark.parametrize("round_", range(ROUNDS))
def test_a_second_render_waits_while_the_first_prints_its_books(tree, round_):
    pytest.importorskip("playwright")
    from seuranta.render.pdf import missing_requirement

    if (reason := missing_requirement()) and not os.environ.get("CI"):
        pytest.skip(reason)
    first = start_seuranta(tree, "render", "--pdf", "--lang", "fi")
    wait_until_locked(tree, first)
    second = start_seuranta(tree, "render", "--pdf", "--lang", "fi", "--force")
    first_said = finish(first)
    second_said = finish(second)
    assert "waiting for it to finish" in second_said
    assert "to render" not in first_said  # the first had nothing to render: it printed
    from pypdf import PdfReader

    book = tree / "outputs" / PROGRAMME / str(YEAR) / "fi" / f"liitteet-{YEAR}.pdf"
    assert len(PdfReader(book).pages) > 5  # one whole book, written by one printer at a time
