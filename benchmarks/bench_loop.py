"""Benchmark: the analyst's loop, ``seuranta render`` after an edit, after nothing, forced.

Run: ``.venv/bin/python benchmarks/bench_loop.py [--rounds 3]``

In a temporary copy of the project (data/raw and notebooks; ``SEURANTA_ROOT`` points
there), cleaned and rendered once, each figure is a ``seuranta render`` subprocess, wall
time and CPU time (user + sys of the process and its children), interpreter start-up
included:

(a) edit-see: one line added to the Finnish commentary of goal 3, then ``seuranta
    render``: the freshness check, the clean it triggers and the one page it re-renders;
(b) no change: ``seuranta render`` with nothing to do;
(c) forced: ``seuranta render --force``, every page of 2022 in fi, sv and en.

Goals (issue "the analyst's loop"): a < 2 s, b < 0.3 s, c <= 5 s wall on 2 cores.

The library's bytecode is written first (``compileall``, as ``make`` does at install): with
``PYTHONDONTWRITEBYTECODE`` set, every command would otherwise compile it again.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROGRAMME = "elinvoimainen-espoo"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def seuranta(root: Path, *args: str) -> tuple[float, float, str]:
    """Run ``seuranta`` on ``root``: wall seconds, CPU seconds, what it said."""
    env = {**os.environ, "SEURANTA_ROOT": str(root)}
    cpu, wall = children_cpu(), time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "seuranta.cli", *args],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    wall, cpu = time.perf_counter() - wall, children_cpu() - cpu
    if done.returncode:
        sys.exit(f"seuranta {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return wall, cpu, done.stderr


def counts(said: str) -> tuple[int, int]:
    """Pages rendered and skipped, from the render's last line."""
    found = re.search(r"(\d+) rendered, (\d+) skipped", said)
    assert found, said
    return int(found[1]), int(found[2])


def summary(name: str, runs: list[tuple[float, float]], goal: float) -> None:
    walls, cpus = [w for w, _ in runs], [c for _, c in runs]
    median = statistics.median(walls)
    verdict = "met" if median < goal else "NOT met"
    print(
        f"{name:<12} wall median {median:6.2f} s (min {min(walls):.2f}, max {max(walls):.2f})"
        f"  CPU median {statistics.median(cpus):6.2f} s   goal < {goal:g} s wall: {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "lib", quiet=1)
    with tempfile.TemporaryDirectory(prefix="bench-loop-") as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
        shutil.copytree(ROOT / "notebooks", root / "notebooks")
        seuranta(root, "clean")
        seuranta(root, "render")
        commentary = root / "data" / "raw" / PROGRAMME / "2022" / "commentary"
        for lang in ("fi", "sv", "en"):
            (commentary / lang).mkdir(parents=True, exist_ok=True)
            (commentary / lang / "goal-3.md").write_text("Kommentti.\n", encoding="utf-8")
        seuranta(root, "render")

        edit, idle, forced, page = [], [], [], []
        pages = 0
        for n in range(args.rounds):
            with (commentary / "fi" / "goal-3.md").open("a", encoding="utf-8") as f:
                f.write(f"Lisäys {n}.\n")
            wall, cpu, said = seuranta(root, "render")
            assert counts(said)[0] == 1, said
            edit.append((wall, cpu))
            page += [float(m[1]) for m in re.finditer(r"fi/goal-3: rendered in ([0-9.]+) s", said)]
        for _ in range(max(args.rounds, 5)):
            wall, cpu, said = seuranta(root, "render")
            assert counts(said)[0] == 0, said
            idle.append((wall, cpu))
        for _ in range(args.rounds):
            wall, cpu, said = seuranta(root, "render", "--force")
            rendered, skipped = counts(said)
            assert rendered and not skipped, said
            pages = rendered
            forced.append((wall, cpu))
    print(f"seuranta render, {os.cpu_count()} CPUs, {args.rounds} rounds")
    summary("edit-see", edit, 2.0)
    print(
        f"{'':<12} of which the page itself (fi/goal-3, in its process): median "
        f"{statistics.median(page):.2f} s"
    )
    summary("no change", idle, 0.3)
    summary(f"{pages} pages", forced, 5.0)


if __name__ == "__main__":
    main()
