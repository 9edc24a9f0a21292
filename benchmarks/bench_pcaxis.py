"""Benchmark: seuranta's PC-Axis reader against pyaxis on a generated multi-million-cell file.

Run: ``.venv/bin/python benchmarks/bench_pcaxis.py [--cells-per-area N] [--areas N]``

Generates ``benchmarks/.data/bench.px`` (ISO-8859-1, CRLF, 3 STUB variables and 1
HEADING variable, decimals, ``".."``/``"."``/``-`` symbols, labels with ä/ö), reads it
with :func:`seuranta.sources.pcaxis.read_px` and ``pyaxis.pyaxis.parse``, converts
pyaxis' strings with ``pandas.to_numeric(errors="coerce")`` and compares every cell that
pyaxis reads as a number. Peak memory of our reader is measured twice: the tracemalloc
peak in this process (Python and numpy allocations) and the growth of max RSS in a child
process (everything, including pandas' C parser buffers), against 4 x cells x 8 bytes.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

from seuranta.sources.pcaxis import read_px  # noqa: E402

DATA_DIR = Path(__file__).resolve().parent / ".data"


def generate(path: Path, areas: int, ages: int, sexes: int, years: int, seed: int = 7) -> int:
    """Write the benchmark file; returns the number of cells."""
    rng = np.random.default_rng(seed)
    area_labels = [f"{i:03d} Alue {i} Länsi-Pöyrylä" for i in range(areas)]
    age_labels = [f"{a}-vuotiaat" for a in range(ages)]
    sex_labels = ["Molemmat sukupuolet", "Miehet", "Naiset", "Muu/tuntematon"][:sexes]
    year_labels = [str(1925 + y) for y in range(years)]

    def listing(labels: list[str]) -> str:
        return ",".join(f'"{v}"' for v in labels)

    head = (
        'CHARSET="ANSI";\nAXIS-VERSION="2013";\nLANGUAGE="fi";\nDECIMALS=1;\nSHOWDECIMALS=1;\n'
        'MATRIX="BENCH";\nTITLE="Vertailutaulukko: väestö ikäryhmittäin";\n'
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
            lines = [" ".join(r) + " " for r in text.tolist()]
            last = start + n == rows
            chunk = "\r\n".join(lines) + (";\r\n" if last else "\r\n")
            out.write(chunk.encode("ascii"))
    return rows * years


def child_peak(path: Path) -> dict:
    """Peak-RSS growth of read_px in a fresh process (includes C-level allocations).

    VmHWM (the high-water mark of this process image) is used rather than ru_maxrss,
    which a child started by fork+exec inherits from this big parent process.
    """
    code = (
        "import json, resource, sys\n"
        f"sys.path.insert(0, {str(ROOT / 'lib')!r})\n"
        "import pandas, numpy\n"
        "from seuranta.sources.pcaxis import read_px\n"
        "def rss():\n"
        "    with open('/proc/self/statm') as f:\n"
        "        return int(f.read().split()[1]) * resource.getpagesize()\n"
        "def hwm():\n"
        "    with open('/proc/self/status') as f:\n"
        "        line = next(x for x in f if x.startswith('VmHWM:'))\n"
        "    return int(line.split()[1]) * 1024\n"
        "base = rss()\n"
        f"df = read_px({str(path)!r})\n"
        "peak = hwm()\n"
        "print(json.dumps({'base': base, 'peak': peak, 'cells': len(df), 'final': rss()}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=300)
    parser.add_argument("--ages", type=int, default=50)
    parser.add_argument("--sexes", type=int, default=3)
    parser.add_argument("--years", type=int, default=100)
    args = parser.parse_args()

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "bench.px"
    t0 = time.perf_counter()
    cells = generate(path, args.areas, args.ages, args.sexes, args.years)
    size = path.stat().st_size
    print(f"file: {path} ({size / 1e6:.1f} MB), generated in {time.perf_counter() - t0:.1f} s")
    print(f"cells: {cells}")

    gc.collect()
    t0 = time.perf_counter()
    ours = read_px(path)
    t_ours = time.perf_counter() - t0
    assert len(ours) == cells

    from pyaxis import pyaxis

    gc.collect()
    t0 = time.perf_counter()
    theirs = pyaxis.parse(uri=str(path), encoding="latin-1")["DATA"]
    t_theirs = time.perf_counter() - t0
    assert len(theirs) == cells

    their_values = pd.to_numeric(theirs["DATA"], errors="coerce").to_numpy(dtype=float)
    our_values = ours["value"].to_numpy()
    comparable = ~np.isnan(their_values)
    matching = int((our_values[comparable] == their_values[comparable]).sum())
    mismatching = int(comparable.sum()) - matching
    # Labels in the same order (checked on every 997th row to keep it quick).
    sample = np.arange(0, cells, 997)
    for col in ("Alue", "Ikäryhmä", "Sukupuoli", "Vuosi"):
        ours_s = ours[col].to_numpy()[sample].astype(str)
        theirs_s = theirs[col].to_numpy()[sample].astype(str)
        assert (ours_s == theirs_s).all(), col
    missing_ours = int(np.isnan(our_values).sum())
    del theirs, their_values
    gc.collect()

    print(f"seuranta read_px: {t_ours:8.2f} s  {cells / t_ours:14,.0f} cells/s")
    print(f"pyaxis parse:     {t_theirs:8.2f} s  {cells / t_theirs:14,.0f} cells/s")
    print(f"speed ratio (seuranta / pyaxis): {t_theirs / t_ours:.1f}x")
    print(f"cells compared (pyaxis gives a number): {int(comparable.sum())}")
    print(f"matching: {matching}  mismatching: {mismatching}")
    print(
        f"missing in seuranta (symbols): {missing_ours}; symbols: "
        f"{ours['symbol'].value_counts().to_dict()}"
    )
    del ours, our_values
    gc.collect()

    budget = 4 * cells * 8
    tracemalloc.start()
    df = read_px(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    final = int(df.memory_usage(deep=False).sum())
    del df
    gc.collect()
    print(f"memory budget 4 x cells x 8: {budget / 1e6:.1f} MB ({budget / cells:.0f} B/cell)")
    print(
        f"tracemalloc peak: {peak / 1e6:.1f} MB ({peak / cells:.1f} B/cell), "
        f"{'within' if peak < budget else 'OVER'} budget"
    )
    child = child_peak(path)
    grown = child["peak"] - child["base"]
    print(
        f"child peak-RSS (VmHWM) growth: {grown / 1e6:.1f} MB ({grown / cells:.1f} B/cell), "
        f"{'within' if grown < budget else 'OVER'} budget (base RSS {child['base'] / 1e6:.0f} MB)"
    )
    print(f"result DataFrame: {final / 1e6:.1f} MB ({final / cells:.1f} B/cell)")


if __name__ == "__main__":
    main()
