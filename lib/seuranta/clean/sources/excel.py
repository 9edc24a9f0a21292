"""Read a declared rectangle of an Excel workbook (a survey vendor's ``.xlsx``) as tidy data.

The caller names the sheet and the range, e.g. ``"B3:F12"``: the top ``header_rows``
rows hold the column labels and the left ``index_cols`` columns the row labels; the rest
are values. Declaring the range (rather than guessing the table) keeps notes, logos and
footnotes around a vendor's table out of the data, and makes the read repeatable.

Rules:

* Cached values are read (``data_only=True``): a formula cell gives the number Excel last
  computed. A workbook saved by a program that does not cache results reads as empty.
* Numbers are taken as stored (a cell formatted as 45 % holds 0.45). Text holding a
  number (``"12,5"`` or ``"12.5"``) is read as that number; text that is a missing-value
  symbol (``.`` to ``......``, ``-``, or ``missing_symbols``) gives NaN and the symbol;
  any other text, a date or a boolean is refused, naming the cell (``Sheet1!C7``). An
  empty value cell is refused too unless ``empty_symbol`` is given.
* Merged header cells keep their text only in the top-left cell, so an empty header cell
  in an upper header row takes the label on its left, and an empty row label in an outer
  label column takes the label above.
* The names of the row-label variables come from the corner cells of the last header
  row, or ``row_names``; column-label variables are ``column_names`` or ``column``,
  ``column_2``, ... . Every value keeps its ``cell`` reference for citing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from seuranta.clean.sources._common import DEFAULT_SYMBOLS, parse_number, thousands
from seuranta.errors import InputError

__all__ = ["read_excel_range"]


def _label(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_excel_range(
    path: str | Path,
    sheet: str,
    cell_range: str,
    header_rows: int = 1,
    index_cols: int = 1,
    *,
    row_names: Sequence[str] | None = None,
    column_names: Sequence[str] | None = None,
    missing_symbols: Sequence[str] = (),
    empty_symbol: str | None = None,
    max_cells: int = 5_000_000,
) -> pd.DataFrame:
    """Read ``sheet!cell_range`` of an xlsx file into a tidy DataFrame.

    Columns: the row-label variables, the column-label variables, ``value`` (float, NaN
    when missing), ``symbol`` (``""`` when present) and ``cell`` (e.g. ``"C7"``).
    """
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter, range_boundaries
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    try:
        min_col, min_row, max_col, max_row = range_boundaries(cell_range.replace("$", ""))
    except (ValueError, TypeError):
        raise InputError(
            path, f'cannot read the range "{cell_range}": expected A1 form like "B3:F12"'
        ) from None
    if None in (min_col, min_row, max_col, max_row):
        raise InputError(path, f'the range "{cell_range}" must give both corners, like "B3:F12"')
    if header_rows < 1 or index_cols < 1:
        raise InputError(path, "expected at least one header row and one label column")
    if max_row - min_row + 1 <= header_rows or max_col - min_col + 1 <= index_cols:
        raise InputError(
            path,
            f"the range {cell_range} has no value cells after {header_rows} header row(s) "
            f"and {index_cols} label column(s)",
        )
    n_cells = (max_row - min_row + 1) * (max_col - min_col + 1)
    if n_cells > max_cells:
        raise InputError(
            path,
            f"the range {cell_range} holds {thousands(n_cells)} cells, more than max_cells="
            f"{thousands(max_cells)}: refusing to read it (pass max_cells=...)",
        )
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError as exc:
        raise InputError(path, "cannot read the file: not found") from exc
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(path, f"cannot open as an xlsx workbook: {exc}") from exc
    try:
        if sheet not in wb.sheetnames:
            raise InputError(
                path, f'no sheet "{sheet}"; the workbook has: {", ".join(wb.sheetnames)}'
            )
        ws = wb[sheet]
        if ws.max_row is None or ws.max_column is None:
            ws.calculate_dimension(force=True)
        last_row, last_col = ws.max_row or 0, ws.max_column or 0
        if max_row > last_row or max_col > last_col:
            corner = f"{get_column_letter(max_col)}{max_row}"
            end = f"{get_column_letter(max(last_col, 1))}{max(last_row, 1)}"
            raise InputError(
                path,
                f"the range {cell_range} lies outside sheet {sheet!r}, which ends at {end} "
                f"(cell {sheet}!{corner} does not exist)",
            )
        grid = [
            list(row)
            for row in ws.iter_rows(
                min_row=min_row,
                max_row=max_row,
                min_col=min_col,
                max_col=max_col,
                values_only=True,
            )
        ]
    finally:
        wb.close()

    n_cols = max_col - min_col + 1

    def ref(r: int, c: int) -> str:
        return f"{get_column_letter(min_col + c)}{min_row + r}"

    # Column labels, filling merged (empty) cells of upper header rows from the left.
    col_labels: list[list[str]] = []
    for r in range(header_rows):
        row = [_label(v) for v in grid[r][index_cols:]]
        if r < header_rows - 1:
            for c in range(1, len(row)):
                if not row[c]:
                    row[c] = row[c - 1]
        for c, lab in enumerate(row):
            if not lab:
                raise InputError(
                    path, f"empty column label in cell {sheet}!{ref(r, index_cols + c)}"
                )
        col_labels.append(row)
    # Each value column's key once: a merged (empty) upper cell filled from the left must
    # not make two columns with the same labels.
    first_col: dict[tuple[str, ...], int] = {}
    for c in range(len(col_labels[0])):
        key = tuple(row[c] for row in col_labels)
        if key in first_col:
            raise InputError(
                path,
                f"duplicate key: the column labels {' / '.join(key)} of "
                f"{sheet}!{ref(header_rows - 1, index_cols + c)} repeat those of "
                f"{sheet}!{ref(header_rows - 1, index_cols + first_col[key])}",
            )
        first_col[key] = c
    if column_names is None:
        column_names = ["column"] + [f"column_{k}" for k in range(2, header_rows + 1)]
    if len(column_names) != header_rows:
        raise InputError(path, f"expected {header_rows} column_names, got {len(column_names)}")
    if row_names is None:
        corner = [_label(v) for v in grid[header_rows - 1][:index_cols]]
        row_names = [
            name or ("row" if index_cols == 1 else f"row_{k + 1}") for k, name in enumerate(corner)
        ]
    if len(row_names) != index_cols:
        raise InputError(path, f"expected {index_cols} row_names, got {len(row_names)}")

    symbols = set(DEFAULT_SYMBOLS) | set(missing_symbols)
    records_rows: list[list[str]] = []
    values: list[float] = []
    symbol: list[str] = []
    cells: list[str] = []
    previous = [""] * index_cols
    first_row: dict[tuple[str, ...], int] = {}
    for r in range(header_rows, len(grid)):
        labels = [_label(v) for v in grid[r][:index_cols]]
        for k in range(index_cols - 1):  # outer label columns: merged cells
            if not labels[k]:
                labels[k] = previous[k]
        if not labels[-1]:
            raise InputError(path, f"empty row label in cell {sheet}!{ref(r, index_cols - 1)}")
        previous = labels
        row_key = tuple(labels)
        if row_key in first_row:
            raise InputError(
                path,
                f"duplicate key: the row labels {' / '.join(row_key)} of "
                f"{sheet}!{ref(r, index_cols - 1)} repeat those of "
                f"{sheet}!{ref(first_row[row_key], index_cols - 1)}",
            )
        first_row[row_key] = r
        for c in range(index_cols, n_cols):
            v = grid[r][c]
            where = ref(r, c)
            records_rows.append(labels)
            cells.append(where)
            if isinstance(v, bool | datetime | date | time) or (
                isinstance(v, float) and not math.isfinite(v)
            ):
                raise InputError(
                    path, f"cell {sheet}!{where} holds {v!r}: expected a number or a symbol"
                )
            if isinstance(v, int | float) and math.isfinite(v):
                values.append(float(v))
                symbol.append("")
                continue
            if v is None or (isinstance(v, str) and not v.strip()):
                if empty_symbol is None:
                    raise InputError(
                        path,
                        f"cell {sheet}!{where} is empty: expected a number or a missing-value "
                        "symbol (or pass empty_symbol=...)",
                    )
                values.append(np.nan)
                symbol.append(empty_symbol)
                continue
            text = str(v).strip()
            if text in symbols:
                values.append(np.nan)
                symbol.append(text)
                continue
            number = parse_number(text, decimal_comma="," in text)
            if number is None:
                raise InputError(
                    path,
                    f'cell {sheet}!{where} holds "{text}": expected a number or a missing-value '
                    f"symbol ({' '.join(sorted(symbols))})",
                )
            values.append(number)
            symbol.append("")

    n_rows = len(grid) - header_rows
    n_val = n_cols - index_cols
    columns: dict[str, Any] = {}
    for k, name in enumerate(row_names):
        columns[name] = [labels[k] for labels in records_rows]
    for k, name in enumerate(column_names):
        columns[name] = col_labels[k] * n_rows
    columns["value"] = np.array(values, dtype=float)
    columns["symbol"] = symbol
    columns["cell"] = cells
    df = pd.DataFrame(columns)
    df.attrs.update(
        {
            "path": str(path),
            "format": "xlsx",
            "sheet": sheet,
            "range": cell_range,
            "header_rows": header_rows,
            "index_cols": index_cols,
            "variables": list(row_names) + list(column_names),
            "variable_codes": {n: n for n in list(row_names) + list(column_names)},
            "cells": n_rows * n_val,
        }
    )
    return df
