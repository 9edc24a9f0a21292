"""Read PC-Axis (``.px``) files into tidy DataFrames, fast and strictly.

The rules of the PX format followed here (PX file format specification 2013,
pxtools.net, and Statistics Finland's StatFin profile) are told by the stage that
applies them:

* :mod:`~seuranta.clean.sources.pcaxis.scan`: the bytes up to ``DATA=`` as keyword
  statements (quoting, continued strings, stray quotes, the encoding);
* :mod:`~seuranta.clean.sources.pcaxis.header`: languages, the variables with their
  values and codes, the time variable, the mandatory keywords, KEYS;
* :mod:`~seuranta.clean.sources.pcaxis.data`: the DATA cells as numbers and
  missing-value symbols, the cell count; :mod:`~seuranta.clean.sources.pcaxis.sparse`
  the rows of a KEYS (sparse) file;
* :mod:`~seuranta.clean.sources.pcaxis.frame`: the tidy DataFrame (one row per cell)
  and its ``attrs``, per-content units and dates among them.

Why written here rather than taken from a library: pyaxis (the one maintained Python PX
reader) returns every cell as a string, ignores KEYS (a sparse file reads as a wrong table
or fails), refuses no truncated file by itself, and is 5-20x slower than this reader on
files of millions of cells (``benchmarks/bench_pcaxis.py``).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from seuranta.clean.sources.pcaxis.data import DataBlock, read_dense, symbol_map
from seuranta.clean.sources.pcaxis.frame import build_frame, table_attrs
from seuranta.clean.sources.pcaxis.header import (
    Header,
    check_mandatory,
    keyed_variables,
    read_variables,
)
from seuranta.clean.sources.pcaxis.scan import scan_header
from seuranta.clean.sources.pcaxis.sparse import read_sparse
from seuranta.errors import InputError

__all__ = ["read_px"]


def read_px(
    path: str | Path, lang: str | None = None, *, max_cells: int = 200_000_000
) -> pd.DataFrame:
    """Read a PC-Axis file into a tidy DataFrame.

    Columns: one Categorical per variable (labels in ``lang``, default the file's
    LANGUAGE), ``<variable>_code`` where the file gives CODES, ``value`` (float, NaN when
    missing), ``symbol`` (the missing-value symbol, ``""`` when the value is present),
    ``preliminary`` when there is a time variable, and ``line``/``position``: the file line
    and the 1-based item on that line where each cell was read, for citing the source.
    Metadata goes to ``df.attrs``. Raises :class:`~seuranta.errors.InputError` for an
    unknown language, a cell count that does not match the variables, or unreadable cells.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the file: {exc.strerror}") from exc
    body = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    statements, data_start, enc_info = scan_header(path, raw, body)
    header = Header(path, statements, lang)
    variables = read_variables(header)
    check_mandatory(header, variables)
    attrs = table_attrs(header, variables, enc_info)

    sizes = [len(v.labels) for v in variables]
    expected = math.prod(sizes)
    symbols = symbol_map(header)
    # The block holds the only reference to the bytes: its reader frees them early.
    block = DataBlock(path, raw, data_start)
    del raw
    keyed = keyed_variables(header, variables)
    attrs["keys"] = {v.name: kind for v, kind in keyed}
    encoding = enc_info["encoding"]
    if keyed:
        cells, attrs["absent_rows"] = read_sparse(
            block, expected, sizes, symbols, encoding, keyed, max_cells
        )
    else:
        cells = read_dense(block, expected, variables, symbols, encoding)
    attrs["symbols"] = symbols
    attrs["cells"] = int(expected)
    return build_frame(variables, cells, attrs)
