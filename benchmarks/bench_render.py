"""Benchmark: ``seuranta render`` against the naive papermill + nbconvert loop.

Run: ``.venv/bin/python benchmarks/bench_render.py [--programme ID] [--year N] [--lang fi]``

For the appendices of one programme and year in its languages (elinvoimainen-espoo 2022 in
fi, sv and en: index, overview, goal-1..4 and budget, 21 pages), on the same machine in the
same run:

(a) the naive way: for each appendix, one after the other, the ``papermill`` command line
    on the ``seuranta`` Jupyter kernel, then ``jupyter nbconvert --to html --no-input``;
(b) ``seuranta render ... --force`` as a subprocess (wall time): the HTML set;
(c) ``seuranta render ...`` again with nothing changed (wall time, interpreter start-up
    included);
(d) ``seuranta render ... --pdf`` with the pages unchanged: the PDF books alone, one per
    language (wall time, Chromium's start included), reported apart from the HTML set.

Everything runs in a temporary copy of the project (data/raw, data/processed, notebooks;
``SEURANTA_ROOT`` points there), so ``outputs/`` of the repository is not touched. The
kernel ``seuranta`` is installed into the virtual environment if it is missing, as
``make`` does. Goals: a / b >= 25 and c < 1.5 s; (d) is reported, without a goal.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "lib"))

from seuranta.paths import ProjectPaths  # noqa: E402
from seuranta.render.pdf import missing_requirement  # noqa: E402
from seuranta.render.plan import plan  # noqa: E402

KERNEL = "seuranta"


def ensure_kernel() -> None:
    listing = subprocess.run(
        [str(BIN / "jupyter"), "kernelspec", "list", "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    if KERNEL in json.loads(listing.stdout)["kernelspecs"]:
        return
    print(f"installing the Jupyter kernel {KERNEL!r} into {sys.prefix}")
    install = [sys.executable, "-m", "ipykernel", "install", "--sys-prefix", "--name", KERNEL]
    subprocess.run(
        [*install, "--display-name", "seuranta (Python 3)"],
        check=True,
        capture_output=True,
    )


def make_project(folder: Path) -> ProjectPaths:
    """A copy of the project inputs; data/processed is rebuilt there if the repo has none."""
    paths = ProjectPaths(folder)
    shutil.copytree(ROOT / "data" / "raw", paths.raw)
    shutil.copytree(ROOT / "notebooks", paths.notebooks)
    if any((ROOT / "data" / "processed").glob("*/programme.yaml")):
        shutil.copytree(ROOT / "data" / "processed", paths.processed)
    else:
        env = {**os.environ, "SEURANTA_ROOT": str(folder)}
        subprocess.run([str(BIN / "seuranta"), "clean"], check=True, env=env)
    return paths


def timed(command: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr[-3000:]}")
    return elapsed


def naive(paths: ProjectPaths, programme: str, year: int, langs: list[str], env, work: Path):
    _, appendices = plan(programme, year, langs, paths=paths)
    total = 0.0
    for appendix in appendices:
        out = work / f"{appendix.lang}-{appendix.name}.ipynb"
        command = [str(BIN / "papermill"), str(appendix.notebook), str(out)]
        for name, value in appendix.parameters.items():
            command += ["-p", name, str(value)]
        command += ["-k", KERNEL]
        seconds = timed(command, env, work)
        seconds += timed(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)], env, work
        )
        print(f"  naive {appendix.lang}/{appendix.name}: {seconds:.1f} s")
        total += seconds
    if len(list(work.glob("*.html"))) != len(appendices):
        sys.exit("the naive loop did not write every page")
    return total, len(appendices)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--programme", default="elinvoimainen-espoo")
    parser.add_argument("--year", type=int, default=2022)
    parser.add_argument("--lang", default="fi,sv,en")
    parser.add_argument("--repeat", type=int, default=3, help="runs of (b) and (c); median")
    args = parser.parse_args()

    ensure_kernel()
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        tmp = Path(tmp)
        paths = make_project(tmp / "project")
        env = {**os.environ, "SEURANTA_ROOT": str(paths.root)}
        work = tmp / "naive"
        work.mkdir()
        render = [str(BIN / "seuranta"), "render", "--programme", args.programme]
        render += ["--year", str(args.year), "--lang", args.lang]

        print(f"{os.cpu_count()} CPUs; {args.programme} {args.year} {args.lang}")
        langs = [lang.strip() for lang in args.lang.split(",") if lang.strip()]
        a, pages = naive(paths, args.programme, args.year, langs, env, work)
        b = statistics.median(
            timed([*render, "--force"], env, paths.root) for _ in range(args.repeat)
        )
        c = statistics.median(timed(render, env, paths.root) for _ in range(args.repeat))
        d = None
        if missing_requirement() is None:
            d = statistics.median(
                timed([*render, "--pdf"], env, paths.root) for _ in range(args.repeat)
            )
            books = sorted(p.name for p in paths.outputs.rglob("*.pdf"))
            if len(books) != len(langs):
                sys.exit(f"expected one PDF book per language, found {books}")

    ratio = a / b
    print(f"(a) naive papermill + nbconvert loop, {pages} pages: {a:.2f} s")
    print(
        f"(b) seuranta render --force, the {pages}-page HTML set: {b:.2f} s "
        f"(median of {args.repeat})"
    )
    print(f"(c) seuranta render, nothing changed: {c:.2f} s (median of {args.repeat})")
    if d is None:
        print(f"(d) PDF books: not measured ({missing_requirement()})")
    else:
        print(
            f"(d) seuranta render --pdf, {len(langs)} PDF books (pages unchanged): {d:.2f} s "
            f"(median of {args.repeat})"
        )
    print(f"ratio a/b: {ratio:.1f}x (goal >= 25x: {'met' if ratio >= 25 else 'NOT met'})")
    print(f"no-change run: {c:.2f} s (goal < 1.5 s: {'met' if c < 1.5 else 'NOT met'})")


if __name__ == "__main__":
    main()
