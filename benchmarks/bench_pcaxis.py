"""Benchmark: seuranta's PC-Axis reader against pyaxis, per file class.

Run: ``.venv/bin/python benchmarks/bench_pcaxis.py [--areas N] [--years N]``

File classes:

* ``dense``: a generated file of millions of cells (ISO-8859-1, CRLF, 3 STUB variables
  and 1 HEADING variable, decimals, 1.5 % ``".."``/``"."``/``-`` symbols, labels with ä/ö);
* ``sparse-95``: the same shape with 95 % of the cells missing (``"."``), as real StatFin
  downloads of small-area tables are (a Python loop per missing cell is what made the
  old reader 0.92 x pyaxis there);
* ``real:<file>``: the largest real files of the corpus in ``tests/fixtures/published``.

For each class the script reads the file with :func:`seuranta.clean.sources.pcaxis.read_px` and
with ``pyaxis.pyaxis.parse`` (best of a few runs for small files), converts pyaxis'
strings to numbers with ``pandas.to_numeric(errors="coerce")`` (part of pyaxis' time: the
fair comparison is "a table of numbers"), checks that every cell pyaxis gives as a number
is equal, and prints the speed ratio. Peak memory is the growth of the high-water mark
of RSS (VmHWM) in a fresh child process that only reads the file, compared with the
finished DataFrame's size (``memory_usage(deep=True)``); the goal is at most 1.5 x.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

from seuranta.clean.sources.pcaxis import read_px  # noqa: E402

DATA_DIR = Path(__file__).resolve().parent / ".data"
WARM_UP = ROOT / "tests" / "fixtures" / "published" / "pyaxis-tests" / "1001.px"
PUBLISHED = ROOT / "tests" / "fixtures" / "published"
REAL = [
    PUBLISHED / "statfin-px" / "010_kats_tau_101.px",
    PUBLISHED / "pyaxis-tests" / "px-x-0602000000_107.px",
    PUBLISHED / "aluesarjat" / "B02S_ESP_Vakiluku1975.px",
    PUBLISHED / "pxweb-examples" / "aggregations" / "BE0101D1.px",
]


def generate(
    path: Path, areas: int, ages: int, sexes: int, years: int, missing: float, seed: int = 7
) -> int:
    """Write a benchmark file; ``missing`` is the share of ``"."`` cells. Returns the cells."""
    rng = np.random.default_rng(seed)
    area_labels = [f"{i:03d} Alue {i} Länsi-Pöyrylä" for i in range(areas)]
    age_labels = [f"{a}-vuotiaat" for a in range(ages)]
    sex_labels = ["Molemmat sukupuolet", "Miehet", "Naiset", "Muu/tuntematon"][:sexes]
    year_labels = [str(1925 + y) for y in range(years)]

    def listing(labels: list[str]) -> str:
        return ",".join(f'"{v}"' for v in labels)

    head = (
        'CHARSET="ANSI";\nAXIS-VERSION="2013";\nLANGUAGE="fi";\nDECIMALS=1;\nSHOWDECIMALS=1;\n'
        'MATRIX="BENCH";\nSUBJECT-AREA="Väestö";\nSUBJECT-CODE="VA";\n'
        'TITLE="Vertailutaulukko: väestö ikäryhmittäin";\n'
        'CONTENTS="Väestö";\nUNITS="henkilö";\n'
        'STUB="Alue","Ikäryhmä","Sukupuoli";\nHEADING="Vuosi";\n'
        f'VALUES("Alue")={listing(area_labels)};\n'
        f'VALUES("Ikäryhmä")={listing(age_labels)};\n'
        f'VALUES("Sukupuoli")={listing(sex_labels)};\n'
        f'VALUES("Vuosi")={listing(year_labels)};\n'
        f'CODES("Alue")={listing([f"{i:03d}" for i in range(areas)])};\n'
        'SOURCE="Tilastokeskus (keksitty vertailuaineisto)";\nDATA=\n'
    )
    rows = areas * ages * sexes
    with path.open("wb") as out:
        out.write(head.replace("\n", "\r\n").encode("latin-1"))
        block = 20_000  # rows per write, to keep generation memory small
        for start in range(0, rows, block):
            n = min(block, rows - start)
            ints = rng.integers(-5_000, 250_000, size=(n, years))
            tenths = rng.integers(0, 10, size=(n, years))
            text = np.char.add(np.char.add(ints.astype(str), "."), tenths.astype(str))
            whole = rng.random((n, years)) < 0.5
            text = np.where(whole, ints.astype(str), text)
            roll = rng.random((n, years))
            text = np.where(roll < 0.010, '".."', text)
            text = np.where((roll >= 0.010) & (roll < 0.013), "-", text)
            text = np.where((roll >= 0.013) & (roll < 0.015), '"."', text)
            if missing:
                text = np.where(rng.random((n, years)) < missing, '"."', text)
            lines = [" ".join(r) + " " for r in text.tolist()]
            last = start + n == rows
            chunk = "\r\n".join(lines) + (";\r\n" if last else "\r\n")
            out.write(chunk.encode("ascii"))
    return rows * years


def child_memory(path: Path) -> dict:
    """Peak-RSS growth of read_px in a fresh process, and the finished frame's size.

    VmHWM (the high-water mark of this process image) is used rather than ru_maxrss,
    which a child started by fork+exec inherits from this big parent process. The child
    first reads a small file, so that one-off costs (modules pandas imports on its first
    ``read_csv``, parser set-up) are not counted against the file measured.
    """
    code = (
        "import json, resource, sys\n"
        f"sys.path.insert(0, {str(ROOT / 'lib')!r})\n"
        "import pandas, numpy\n"
        "from seuranta.clean.sources.pcaxis import read_px\n"
        "def rss():\n"
        "    with open('/proc/self/statm') as f:\n"
        "        return int(f.read().split()[1]) * resource.getpagesize()\n"
        "def hwm():\n"
        "    with open('/proc/self/status') as f:\n"
        "        line = next(x for x in f if x.startswith('VmHWM:'))\n"
        "    return int(line.split()[1]) * 1024\n"
        f"read_px({str(WARM_UP)!r})  # first-call costs (lazy imports, parser set-up)\n"
        "base = rss()\n"
        f"df = read_px({str(path)!r})\n"
        "peak = hwm()\n"
        "frame = int(df.memory_usage(deep=True).sum())\n"
        "print(json.dumps({'base': base, 'peak': peak, 'cells': len(df), 'frame': frame}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def best_of(fn, runs: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def compare(name: str, path: Path, encoding: str = "latin-1") -> dict:
    """Time both readers on ``path``, check the numbers agree, measure memory."""
    from pyaxis import pyaxis

    cells_hint = path.stat().st_size
    runs = 1 if cells_hint > 20e6 else (3 if cells_hint > 1e6 else 7)
    t_ours, ours = best_of(lambda: read_px(path), runs)

    def theirs_numbers():
        data = pyaxis.parse(uri=str(path), encoding=encoding)["DATA"]
        data["DATA"] = pd.to_numeric(data["DATA"], errors="coerce")
        return data

    t_theirs, theirs = best_of(theirs_numbers, runs)
    cells = len(ours)
    assert len(theirs) == cells, (name, len(theirs), cells)
    their_values = theirs["DATA"].to_numpy(dtype=float)
    our_values = ours["value"].to_numpy()
    comparable = ~np.isnan(their_values)
    mismatching = int((our_values[comparable] != their_values[comparable]).sum())
    missing = int(np.isnan(our_values).sum())
    del ours, theirs, their_values, our_values
    gc.collect()
    mem = child_memory(path)
    grown = mem["peak"] - mem["base"]
    return {
        "class": name,
        "cells": cells,
        "missing": missing,
        "mb": path.stat().st_size / 1e6,
        "ours": t_ours,
        "pyaxis": t_theirs,
        "ratio": t_theirs / t_ours,
        "compared": int(comparable.sum()),
        "mismatching": mismatching,
        "peak_mb": grown / 1e6,
        "frame_mb": mem["frame"] / 1e6,
        "memory_ratio": grown / mem["frame"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=300)
    parser.add_argument("--ages", type=int, default=50)
    parser.add_argument("--sexes", type=int, default=3)
    parser.add_argument("--years", type=int, default=100)
    args = parser.parse_args()

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    results = []
    for name, missing in (("dense", 0.0), ("sparse-95", 0.95)):
        path = DATA_DIR / f"bench-{name}.px"
        t0 = time.perf_counter()
        cells = generate(path, args.areas, args.ages, args.sexes, args.years, missing)
        print(
            f"generated {path.name}: {cells:,} cells, {path.stat().st_size / 1e6:.1f} MB "
            f"in {time.perf_counter() - t0:.1f} s",
            flush=True,
        )
        results.append(compare(name, path))
    for path in REAL:
        results.append(compare(f"real:{path.name}", path))

    print()
    print(
        f"{'file class':<34} {'cells':>10} {'missing':>9} {'seuranta s':>10} "
        f"{'pyaxis s':>9} {'ratio':>6} {'peak MB':>8} {'frame MB':>8} {'peak/frame':>10} "
        f"{'mismatch':>8}"
    )
    for r in results:
        print(
            f"{r['class']:<34} {r['cells']:>10,} {r['missing']:>9,} {r['ours']:>10.3f} "
            f"{r['pyaxis']:>9.3f} {r['ratio']:>5.1f}x {r['peak_mb']:>8.1f} {r['frame_mb']:>8.1f} "
            f"{r['memory_ratio']:>9.2f}x {r['mismatching']:>8}"
        )
    worst = min(results, key=lambda r: r["ratio"])
    print(
        f"\nslowest class: {worst['class']} at {worst['ratio']:.1f}x pyaxis "
        f"(goal 5x); largest peak/frame: "
        f"{max(r['memory_ratio'] for r in results):.2f}x (goal 1.5x)"
    )


if __name__ == "__main__":
    main()
