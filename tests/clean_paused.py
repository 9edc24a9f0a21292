"""``seuranta clean`` that stops at a named step, for the kill tests (tests/test_hardening.py).

Run: ``python tests/clean_paused.py STEP [--no-exchange] [seuranta arguments...]``. The run
says ``paused at STEP`` on stderr and then sleeps, so the test knows the moment it kills
at. Steps: ``validated`` (every raw file read, nothing written), ``staged`` (the new
tables written to the staging folder), ``swapped`` (the first programme's folder swapped
in) and ``between-renames`` (between the two renames of the fallback swap, which
``--no-exchange`` forces by making the atomic exchange unavailable).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from seuranta.clean import run, swap
from seuranta.cli import main

PAUSE_SECONDS = 60


def pause(step: str) -> None:
    sys.stderr.write(f"paused at {step}\n")
    sys.stderr.flush()
    time.sleep(PAUSE_SECONDS)


def pause_at(step: str) -> None:
    if step == "validated":
        publish = run.publish

        def validated(*args, **kwargs):
            pause(step)
            return publish(*args, **kwargs)

        run.publish = validated
    elif step in ("staged", "swapped"):
        swap_in = swap.swap_in

        def swapping(*args, **kwargs):
            if step == "staged":
                pause(step)
            swap_in(*args, **kwargs)
            if step == "swapped":
                pause(step)

        swap.swap_in = swapping
    elif step == "between-renames":
        rename = os.rename

        def renaming(source, destination):
            rename(source, destination)
            if Path(destination).name.endswith(".old"):  # the old tables were put aside
                pause(step)

        os.rename = renaming
    else:
        raise SystemExit(f"unknown step {step!r}")


if __name__ == "__main__":
    step, *argv = sys.argv[1:]
    if argv[:1] == ["--no-exchange"]:
        argv = argv[1:]
        swap.exchange = lambda a, b: False
    pause_at(step)
    sys.exit(main(argv))
