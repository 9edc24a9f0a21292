"""seuranta render under faults: killed, run twice at once, with a read-only output folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import LANGS, PAGES, PROGRAMME, YEAR, copy_tree, run_seuranta, start_seuranta
from seuranta.render.year_lock import remove_leftovers, year_lock

pytestmark = pytest.mark.slow

RENDER = ["render", "--programme", PROGRAMME, "--lang", "fi,sv,en", "--force"]


@pytest.fixture(scope="module")
def project(rendered, tmp_path_factory) -> Path:
    """A copy of the session's rendered tree: a whole old set to fall back on."""
    return copy_tree(rendered.parents[2], tmp_path_factory.mktemp("faults") / "project").root


def out(root: Path) -> Path:
    return root / "outputs" / PROGRAMME / str(YEAR)


def whole(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    return text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")


@pytest.mark.parametrize("delay", [0.3, 1.2, 2.5, 4.0, 6.0])
def test_a_killed_render_leaves_whole_pages_and_no_late_writes(project, delay):
    process = start_seuranta(project, *RENDER)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    killed = time.time()
    time.sleep(2.5)  # a forked child that outlived its parent would write in this time
    pages = sorted(out(project).glob("*/*.html"))
    assert len(pages) == len(LANGS) * len(PAGES) and all(whole(p) for p in pages)
    late = [p for p in out(project).rglob("*") if p.is_file() and p.stat().st_mtime > killed]
    assert late == [], f"written after the parent died: {late}"
    run_seuranta(project, *RENDER[:-1])  # the next run: no leftovers afterwards
    leftovers = [p for p in out(project).rglob(".*") if p.name != ".render.lock"]
    assert leftovers == []


def test_a_second_render_at_once_waits_for_the_first(project):
    first = start_seuranta(project, *RENDER)
    time.sleep(0.8)
    second = start_seuranta(project, *RENDER[:-1])  # not forced: what the first wrote is fresh
    _, second_err = second.communicate(timeout=600)
    first.communicate(timeout=600)
    assert first.returncode == 0 and second.returncode == 0, second_err
    assert "waiting for it to finish" in second_err  # it met the first one's lock ...
    # ... and rendered after it, not beside it
    assert f"0 rendered, {len(LANGS) * len(PAGES)} skipped" in second_err
    assert all(whole(p) for p in out(project).glob("*/*.html"))


def test_leftovers_are_removed_under_the_lock(tmp_path):
    folder = tmp_path / "2022"
    (folder / "fi" / "notebooks").mkdir(parents=True)
    leftovers = [
        folder / "fi" / ".goal-1.html.k2j3h4.tmp",
        folder / "fi" / "notebooks" / ".goal-1.ipynb.x8y7z6.ipynb",
        folder / ".manifest.json.a1b2c3.tmp",
    ]
    kept = [folder / "fi" / "goal-1.html", folder / "fi" / "notebooks" / "goal-1.failed.ipynb"]
    for path in leftovers + kept:
        path.write_text("x", encoding="utf-8")
    with year_lock(folder):
        assert all(not p.exists() for p in leftovers) and all(p.exists() for p in kept)
        assert remove_leftovers(folder) == []
        # Another process is refused at once; this one, holding it, passes (render_command
        # holds the year's lock around render, which takes it too).
        other = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from pathlib import Path; "
                "from seuranta.render.year_lock import year_lock\n"
                "try:\n    with year_lock(Path(sys.argv[1])): print('taken')\n"
                "except Exception as err: print(err)",
                str(folder),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        assert other.stdout.startswith("another `seuranta render` is writing"), other.stdout
        with year_lock(folder):
            pass


def test_an_output_folder_that_cannot_be_written_gives_one_line(project):
    # A file where the language folder should be: every write below it fails (as on a
    # read-only or full disk, which a root test process cannot simulate by permissions).
    folder = out(project) / "fi"
    moved = folder.with_name("fi.moved")
    folder.rename(moved)
    folder.write_text("not a folder", encoding="utf-8")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "seuranta.cli", *RENDER[:3], "--lang", "fi", "--force"],
            env={**os.environ, "SEURANTA_ROOT": str(project)},
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        folder.unlink()
        moved.rename(folder)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    # One line per page, naming the page and what could not be written; the pages of the
    # other languages and the manifest are untouched by the failure.
    failed = [line for line in done.stderr.splitlines() if "FAILED" in line]
    assert len(failed) == len(PAGES) and all("Not a directory" in line for line in failed)
    assert all(whole(p) for p in out(project).glob("*/*.html"))
