"""PC-Axis KEYS (sparse) DATA: rows that start with the keys of the leading STUB variables.

``KEYS("var")=VALUES|CODES`` names the leading STUB variables whose keys start each data
row (``"01",``: a code or label in quotes, never a number); the row holds the cells of
the other variables. Rows absent from the file are rows of zeros, as the specification
says (see :func:`read_sparse`). The cells themselves are parsed as in a dense file
(:class:`~seuranta.clean.sources.pcaxis.data.ParsedCells`).
"""

from __future__ import annotations

import math
import re

import numpy as np

from seuranta.clean.sources._common import thousands
from seuranta.clean.sources.pcaxis.data import (
    TO_NEWLINE,
    Cells,
    DataBlock,
    ParsedCells,
    positions,
)
from seuranta.clean.sources.pcaxis.header import Variable
from seuranta.errors import InputError

#: One key at the start of a KEYS row: a quoted text followed by a comma.
_KEY = re.compile(rb'[ \t]*"([^"]*)"[ \t]*,')


def read_sparse(
    block: DataBlock,
    expected: int,
    sizes: list[int],
    symbols: dict[str, str],
    encoding: str,
    keyed: list[tuple[Variable, str]],
    max_cells: int,
) -> tuple[Cells, int]:
    """The cells of a KEYS (sparse) DATA block and the number of rows absent from it.

    Statistics Sweden, "PX file format" (2013), "Data in the PX-file", Files with KEYS:
    "For every variable in the stub is indicated the value for the variable within
    quotation marks, comma separated, followed by all datacells for that row", the keys
    taken from VALUES or CODES as ``KEYS("var")=VALUES|CODES`` says; and "Rows that only
    contain 0 (zeros) are excluded from the file". So an absent row is a row of zeros:
    its cells get 0 (symbol ``""``) and ``line``/``position`` 0 (not in the file).
    """
    path = block.path
    if expected > max_cells:
        raise InputError(
            path,
            f"the variables multiply to {thousands(expected)} cells, more than max_cells="
            f"{thousands(max_cells)}: refusing to allocate the table (pass max_cells=...)",
        )
    raw = block.take()
    data_line = block.line
    start, end = block.start, block.end(raw)
    k = len(keyed)
    row_len = math.prod(sizes[k:])
    lookups = []
    for var, kind in keyed:
        keys = var.codes if kind == "CODES" else var.raw_default
        lookups.append({key.encode(encoding): i for i, key in enumerate(keys)})
    strides = [math.prod(sizes[j + 1 : k]) for j in range(k)]
    parts: list[bytes] = []
    part_rows: list[int] = []
    row_keys: list[int] = []
    row_lines: list[int] = []
    first_line: dict[int, int] = {}
    for i, text in enumerate(raw[start:end].split(b"\n")):
        line_no = data_line + i
        pos = 0
        found = []
        for _ in range(k):
            m = _KEY.match(text, pos)
            if m is None:
                break
            found.append(m.group(1))
            pos = m.end()
        if found and len(found) < k:
            raise InputError(
                path,
                f"KEYS row with {len(found)} keys: expected {k} quoted keys "
                f"({', '.join(v.name for v, _ in keyed)}) followed by commas",
                line=line_no,
            )
        if found:
            index = 0
            for j, (key, (var, kind)) in enumerate(zip(found, keyed, strict=True)):
                at = lookups[j].get(key)
                if at is None:
                    have = ", ".join(f'"{x.decode(encoding)}"' for x in list(lookups[j])[:8])
                    raise InputError(
                        path,
                        f'KEYS row key "{key.decode(encoding)}" is not one of the {kind} '
                        f'of "{var.name}" ({have}, ...)',
                        line=line_no,
                    )
                index += at * strides[j]
            if index in first_line:
                shown = ",".join(f'"{x.decode(encoding)}"' for x in found)
                raise InputError(
                    path,
                    f"duplicate key: the KEYS row {shown} appears twice (lines "
                    f"{first_line[index]} and {line_no})",
                    line=line_no,
                )
            first_line[index] = line_no
            row_keys.append(index)
            row_lines.append(line_no)
        elif not text.strip():
            continue
        elif not row_keys:
            raise InputError(
                path,
                f"expected a KEYS row starting with {k} quoted keys followed by commas",
                line=line_no,
            )
        parts.append(text[pos:])
        part_rows.append(len(row_keys) - 1)
    raw = None
    part_len = np.fromiter((len(p) + 1 for p in parts), dtype=np.int64, count=len(parts))
    starts = np.cumsum(part_len) - part_len
    translated = b"\n".join(parts).translate(TO_NEWLINE) + b"\n"
    del parts
    file_lines = np.array([row_lines[r] for r in part_rows], dtype=np.int32)
    # A row continued on the next line: that part's file line is one below.
    for p in range(1, len(part_rows)):
        if part_rows[p] == part_rows[p - 1]:
            file_lines[p] = file_lines[p - 1] + 1
    cells = ParsedCells(path, translated, 0, len(translated), starts, file_lines, symbols, encoding)
    del translated
    per_row = np.bincount(
        np.asarray(part_rows, dtype=np.int64), weights=cells.counts, minlength=len(row_keys)
    ).astype(np.int64)
    bad = np.flatnonzero(per_row != row_len)
    if len(bad):
        r = int(bad[0])
        raise InputError(
            path,
            f"KEYS row holds {int(per_row[r])} cells, expected {thousands(row_len)} "
            "(the product of the other variables' VALUES)",
            line=row_lines[r],
        )
    target = (
        np.asarray(row_keys, dtype=np.int64)[:, None] * row_len + np.arange(row_len, dtype=np.int64)
    ).ravel()
    values = np.zeros(expected, dtype=np.float64)
    values[target] = cells.values
    sym_codes = np.zeros(expected, dtype=cells.sym_codes.dtype)
    sym_codes[target] = cells.sym_codes
    line = np.zeros(expected, dtype=np.int32)
    line[target] = np.repeat(file_lines, cells.counts)
    position = np.zeros(expected, dtype=np.int32)
    position[target] = positions(cells.counts, cells.total).astype(np.int32)
    absent_rows = (expected // row_len if row_len else 0) - len(row_keys)
    return (values, sym_codes, cells.cats, line, position), absent_rows
