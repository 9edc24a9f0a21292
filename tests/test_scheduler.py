"""The render's processes (seuranta.render.scheduler): one forked child per page, and a
clean run beside the warm-up whose errors come back as the clean raised them."""

from __future__ import annotations

import os
import time

import pytest

from seuranta.errors import InputError, SeurantaError
from seuranta.render.scheduler import ChildFailed, run_beside, run_forked


def test_each_task_runs_in_its_own_child_and_a_crash_is_a_failure():
    results = {}
    tasks = [
        lambda: {"status": "rendered", "pid": os.getpid()},
        lambda: {"status": "rendered", "pid": os.getpid()},
        lambda: os._exit(3),
    ]
    run_forked(tasks, 2, lambda i, result: results.__setitem__(i, result))
    assert results[0]["pid"] != os.getpid() and results[0]["pid"] != results[1]["pid"]
    assert results[2]["status"] == "failed"
    assert "code 3" in results[2]["error"]["evalue"]


def test_the_task_beside_runs_while_this_process_works(tmp_path):
    marker = tmp_path / "done"
    steps = []

    def meanwhile(failed):
        steps.append(failed())
        time.sleep(0.3)

    run_beside(lambda: marker.write_text(str(os.getpid())), meanwhile)
    assert int(marker.read_text()) != os.getpid()
    assert steps == [False]


def test_an_input_error_beside_comes_back_as_its_one_line(tmp_path):
    def clean():
        raise InputError(tmp_path / "table1.csv", "expected a number", line=7)

    with pytest.raises(SeurantaError, match=r"table1\.csv:7: expected a number$"):
        run_beside(clean, lambda failed: None)


def test_a_failure_beside_stops_the_work_meanwhile_early():
    seen = []

    def meanwhile(failed):
        for _ in range(200):
            if failed():
                return
            seen.append(1)
            time.sleep(0.05)

    def clean():
        raise SeurantaError("bad input")

    with pytest.raises(SeurantaError, match=r"^bad input$"):
        run_beside(clean, meanwhile)
    assert len(seen) < 200


def test_os_errors_and_bugs_beside_keep_their_kind():
    def unreadable():
        raise PermissionError(13, "Permission denied", "/x/table1.csv")

    with pytest.raises(PermissionError) as err:
        run_beside(unreadable, lambda failed: None)
    assert err.value.filename == "/x/table1.csv"

    def bug():
        raise KeyError("goal")

    with pytest.raises(ChildFailed, match="KeyError") as err:
        run_beside(bug, lambda failed: None)
    assert "Traceback" in str(err.value.__cause__)


def test_a_child_that_dies_beside_is_reported():
    with pytest.raises(SeurantaError, match="code 5"):
        run_beside(lambda: os._exit(5), lambda failed: None)
