"""Hardening of ``seuranta clean`` against faults, kills and concurrent runs (issue 13).

A folder that cannot be written, a full disk or an internal error give one line and lose
nothing. The kill tests SIGKILL a ``seuranta clean`` at several moments and check that the
programme's processed folder is always whole, old or new, and that the next run leaves no
``.clean-*`` leftovers. Bad input is probed in ``test_probes.py``. Each test works on a
private copy of the session's cleaned tree (``cleaned_project``).
"""

from __future__ import annotations

import csv
import errno
import io
import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import seuranta.clean.run as clean_run
from conftest import PROGRAMME, tree_digest
from seuranta.clean import commentary
from seuranta.cli import main

RAW = f"data/raw/{PROGRAMME}"
T1 = f"{RAW}/2022/table1.csv"
PR = f"{RAW}/2022/projects.csv"


# -- faults: read-only, full disk, internal errors -------------------------------------------


def test_read_only_processed_gives_one_line_and_loses_nothing(cleaned_project, capsys, monkeypatch):
    before = tree_digest(cleaned_project.processed)

    def refuse(texts, target):
        # Halfway through writing the new tables (the commentary comes after the CSV files).
        raise PermissionError(errno.EACCES, "Permission denied", str(target))

    monkeypatch.setattr(commentary, "write", refuse)
    assert main(["-q", "clean"]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "Permission denied; data/processed was left as it was" in err
    assert tree_digest(cleaned_project.processed) == before
    assert not list(cleaned_project.processed.glob(".clean-*"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_read_only_processed_folder_for_real(cleaned_project, capsys):
    before = tree_digest(cleaned_project.processed)
    cleaned_project.processed.chmod(0o555)
    try:
        assert main(["-q", "clean"]) == 1
    finally:
        cleaned_project.processed.chmod(0o755)
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "Permission denied" in err
    assert tree_digest(cleaned_project.processed) == before


def test_processed_is_a_file(project, capsys):
    project.processed.parent.mkdir(parents=True, exist_ok=True)
    project.processed.write_text("not a folder")
    assert main(["-q", "clean"]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "cannot write data/processed" in err


def _run_clean(root: Path, command=None, preexec=None, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "SEURANTA_ROOT": str(root)}
    return subprocess.Popen(
        [sys.executable, *(command or ["-m", "seuranta.cli"]), "-q", "clean"],
        env=env,
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=preexec,
        **kwargs,
    )


def test_full_disk_gives_one_line_and_loses_nothing(cleaned_project):
    before = tree_digest(cleaned_project.processed)

    def small_files():
        # Files larger than 2 kB cannot be written: write() fails with EFBIG like ENOSPC.
        resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))

    proc = _run_clean(cleaned_project.root, preexec=small_files)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, err
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert "disk full or file size limit" in err, err
    assert tree_digest(cleaned_project.processed) == before
    assert not list(cleaned_project.processed.glob(".clean-*"))


def test_internal_error_prints_one_line_and_saves_the_traceback(project, capsys, monkeypatch):
    def broken(*args, **kwargs):
        return 1 / 0

    monkeypatch.setattr(clean_run, "clean_programme", broken)
    assert main(["-q", "clean"]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "internal error (ZeroDivisionError: division by zero)" in err
    saved = Path(err.split("full traceback in ")[1].split(";")[0])
    assert "Traceback" in saved.read_text() and "ZeroDivisionError" in saved.read_text()
    saved.unlink()


# -- kills and concurrent runs ----------------------------------------------------------------


def _change_raw(project, n: int) -> None:
    """A valid change of the raw data, so that old and new processed tables differ."""
    path = project.root / PR
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("(Tapiola-klubi)", f"(Tapiola-klubi {n})", 1), encoding="utf-8")


def _programme_state(project) -> dict[str, str]:
    return tree_digest(project.processed_programme(PROGRAMME))


def _next_run_is_clean(project) -> dict[str, str]:
    # In this process (SEURANTA_ROOT is the project's): the same code as a new command,
    # without importing the library again.
    assert main(["-q", "clean"]) == 0
    assert not list(project.processed.glob(".clean-*")), "leftovers after the next run"
    return _programme_state(project)


def _kill_at(project, step: str, *options: str) -> None:
    """Kill a clean that stopped at ``step`` (tests/clean_paused.py pauses it there)."""
    paused = [str(Path(__file__).with_name("clean_paused.py")), step, *options]
    proc = _run_clean(project.root, paused, start_new_session=True)
    line = proc.stderr.readline()
    assert line.strip() == f"paused at {step}", line + proc.stderr.read()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()
    proc.stdout.close()


@pytest.mark.parametrize(
    ("step", "expect"), [("validated", "old"), ("staged", "old"), ("swapped", "new")]
)
def test_kill_at_each_step_leaves_whole_old_or_new(cleaned_project, step, expect):
    old = _programme_state(cleaned_project)
    _change_raw(cleaned_project, 1)
    _kill_at(cleaned_project, step)
    state = _programme_state(cleaned_project)
    new = _next_run_is_clean(cleaned_project)
    assert old != new
    assert state == (old if expect == "old" else new)


def test_kill_between_fallback_renames_is_repaired_by_the_next_run(cleaned_project, capsys):
    """Without the atomic exchange, a kill between the renames leaves no programme folder;
    the next run puts the old one back before it even validates."""
    old = _programme_state(cleaned_project)
    _kill_at(cleaned_project, "between-renames", "--no-exchange")
    assert not cleaned_project.processed_programme(PROGRAMME).exists()
    # A next run that fails on bad input still restores the old tables.
    table = cleaned_project.root / T1
    good = table.read_text(encoding="utf-8")
    table.write_text(good.replace("9,4 %", "9,4 %%", 1), encoding="utf-8")
    assert main(["-q", "clean"]) == 1
    assert _programme_state(cleaned_project) == old
    assert not list(cleaned_project.processed.glob(".clean-*"))
    table.write_text(good, encoding="utf-8")
    assert _next_run_is_clean(cleaned_project) == old


def test_kills_at_random_moments(cleaned_project):
    rng = random.Random(13)
    states = [_programme_state(cleaned_project)]
    for n in range(8):
        _change_raw(cleaned_project, n + 2)
        proc = _run_clean(cleaned_project.root)
        time.sleep(rng.uniform(0.0, 2.5))
        proc.kill()
        proc.communicate(timeout=30)
        state = _programme_state(cleaned_project)
        new = _next_run_is_clean(cleaned_project)
        assert state in (states[-1], new), f"kill {n}: neither whole old nor whole new"
        states.append(new)


def test_concurrent_cleans_are_safe(cleaned_project):
    _change_raw(cleaned_project, 99)
    for _ in range(3):
        procs = [_run_clean(cleaned_project.root) for _ in range(3)]
        results = [(p.wait(timeout=300), p.communicate()[1]) for p in procs]
        assert any(code == 0 for code, _ in results), results
        for code, err in results:
            assert code == 0 or (
                code == 1
                and len(err.splitlines()) == 1
                and "another `seuranta clean` is writing" in err
            ), err
    state = _programme_state(cleaned_project)
    assert _next_run_is_clean(cleaned_project) == state


# -- status --format csv: no formula reaches a spreadsheet (issue 22) -----------------------


def test_status_csv_neutralises_formula_like_names(cleaned_project, capsys):
    definition = cleaned_project.raw_programme(PROGRAMME) / "programme.yaml"
    text = definition.read_text(encoding="utf-8")
    formula = '=HYPERLINK("https://example.org","x")'
    old = "      fi: Työperäiset oleskeluluvat (lukumäärä)\n"
    assert old in text
    definition.write_text(text.replace(old, f"      fi: '{formula}'\n"), encoding="utf-8")
    assert main(["-q", "clean"]) == 0
    capsys.readouterr()
    assert main(["status", "--programme", PROGRAMME, "--year", "2022", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    names = {row["indicator"]: row["name"] for row in rows}
    assert names["work-permits"] == "'" + formula  # shown as text, as the downloads do
    # Numbers and plain texts are as they were: a negative value is no formula.
    assert not any(value.startswith(("=", "+", "@")) for row in rows for value in row.values())
    assert rows[0]["goal"] == "1"


# -- one rule for the text of every raw file (issue 22) -------------------------------------

REFUSED = [
    "\x00",  # NUL
    "\x1b",  # escape
    "\x85",  # next line (C1)
    "\u00ad",  # soft hyphen
    "\u061c",  # Arabic letter mark
    "\u200b",  # zero-width space
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    *(chr(code) for code in range(0x202A, 0x202F)),  # embeddings and overrides
    *(chr(code) for code in range(0x2066, 0x206A)),  # isolates
    "\u2028",  # line separator
    "\u2060",  # word joiner
    "\ufeff",  # a BOM after the start
    "\ue000",  # private use
    "\U000f0000",  # private use, plane 15
    "\U000e0041",  # tag latin capital letter A
]
#: What the report and the analysts' files hold: letters, the spaces the parsers read,
#: dashes, quotes, the euro sign, tab and line ends.
ALLOWED = "äöåÄÖÅ é ß \u00a0 \u202f \u2009 – — ” ’ € § ½ ² ✓ \t \r\n"


@pytest.mark.parametrize("char", REFUSED, ids=[f"U+{ord(c):04X}" for c in REFUSED])
def test_the_rule_refuses_each_invisible_character_with_line_and_column(tmp_path, char):
    from seuranta.errors import InputError
    from seuranta.rawtext import check_text

    path = tmp_path / "projects.csv"
    with pytest.raises(InputError) as err:
        check_text(path, f"\ufeffid;goal\nab{char}c;1\n")
    assert f"projects.csv:2: invisible character U+{ord(char):04X} (" in str(err.value)
    assert ") at column 3: remove it" in str(err.value)


def test_the_rule_keeps_visible_text_and_drops_one_leading_bom(tmp_path):
    from seuranta.rawtext import check_text

    text = f"nimi;arvo\n{ALLOWED};1\n"
    assert check_text(tmp_path / "x.csv", "\ufeff" + text) == text
