"""Read "tidy long" CSV files as open-data portals publish them: one row per cell.

Layout:

```
Alue,Kuukausi,Tiedot,value        <- header: the variables, then the value column
KU049,2022M11,TYOTTOMATLOPUSSA,12133
KU049,2022M11,TYOVOIMATK,150575
```

* A header row naming every column; one column per variable holding its codes (or
  labels) and one value column (``value=`` names it, default ``"value"``). Columns other
  than the variables and the value column are refused unless listed in ``ignore``.
* Delimiter ``,`` or ``;``, sniffed from the header (the one that splits it into more
  fields; a header holding both is refused unless ``delimiter`` is given); fields may be
  quoted. A decimal comma is accepted only with ``;`` as the delimiter.
* Missing values are the PX symbols ``.`` to ``......`` and ``-``
  (:data:`seuranta.clean.sources._common.DEFAULT_SYMBOLS`) or ``missing_symbols``; an empty
  value field is refused. ``inf``, ``nan`` and other non-numbers are refused.
* Each combination of variable values appears once: a repeated key is refused naming
  both lines. A row with a missing or surplus field is refused naming its line.
* Encoding: UTF-8 (with or without BOM), else Windows-1252 (see
  :func:`seuranta.clean.sources._common.decode_text`).

The size is checked before anything is allocated: a file larger than ``max_bytes`` is
refused. Python's :mod:`csv` module does the splitting (quotes, delimiters); pandas is
not used for it because it cannot say which line a short row is on without guessing.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from seuranta.clean.sources._common import DEFAULT_SYMBOLS, decode_text, parse_number, thousands
from seuranta.errors import InputError

__all__ = ["looks_long", "read_long_csv"]

#: Columns the readers add that are not variables: a variable may not be named so.
_RESERVED = {"symbol", "line", "field", "status", "preliminary", "position", "cell"}


def looks_long(path: str | Path, value: str = "value") -> bool:
    """True when the first line is a plain header row holding the column ``value``.

    A PxWeb CSV export starts with a quoted title line and puts values under headings
    such as ``"2021 Työttömien osuus..."``; a tidy long file's header names a value column.
    """
    try:
        with Path(path).open("rb") as fh:
            first = fh.readline(65536)
    except OSError:
        return False
    text = decode_text(first).text.lstrip("\ufeff").strip()
    if not text:
        return False
    for delim in (",", ";"):
        fields = next(csv.reader([text], delimiter=delim))
        if len(fields) >= 2 and value in [f.strip() for f in fields]:
            return True
    return False


def _sniff(path: Path, header_line: str, delimiter: str | None) -> str:
    if delimiter is not None:
        if delimiter not in (",", ";"):
            raise InputError(path, f"delimiter {delimiter!r}: expected ',' or ';'")
        return delimiter
    widths = {d: len(next(csv.reader([header_line], delimiter=d))) for d in (",", ";")}
    if widths[","] > 1 and widths[";"] > 1:
        raise InputError(
            path,
            "the header splits on both ',' and ';': pass delimiter=',' or delimiter=';'",
            line=1,
        )
    if widths[","] == 1 and widths[";"] == 1:
        raise InputError(
            path, "cannot tell the delimiter: expected a header split by ',' or ';'", line=1
        )
    return "," if widths[","] > 1 else ";"


def read_long_csv(
    path: str | Path,
    value: str = "value",
    *,
    delimiter: str | None = None,
    decimal: str | None = None,
    missing_symbols: Sequence[str] = (),
    ignore: Sequence[str] = (),
    encoding: str | None = None,
    max_bytes: int = 500_000_000,
) -> pd.DataFrame:
    """Read a tidy long CSV file into the readers' tidy shape.

    Columns: one per variable (the header's names, in order, as text), ``value`` (float,
    NaN when missing), ``symbol`` (the missing-value symbol, ``""`` when present),
    ``line`` (1-based file line) and ``field`` (1-based column of the value). Metadata in
    ``df.attrs``: ``path``, ``format``, ``variables``, ``variable_codes``, ``delimiter``,
    ``decimal``, ``encoding``, ``cells``. ``decimal`` is ``"."`` or ``","`` (``","`` only
    with the ``;`` delimiter); by default a comma is a decimal comma when the delimiter
    is ``;``.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(path, f"cannot read the file: {exc.strerror}") from exc
    if size > max_bytes:
        raise InputError(
            path,
            f"the file holds {thousands(size)} bytes, more than max_bytes="
            f"{thousands(max_bytes)}: refusing to read it (pass max_bytes=...)",
        )
    raw = path.read_bytes()
    if encoding:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                path, f"the file is not {encoding}: byte {exc.start} does not decode"
            ) from exc
        used, reason = encoding, "given by the caller"
    else:
        decoded = decode_text(raw)
        text, used, reason = decoded.text, decoded.encoding, decoded.reason
    del raw
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0].rstrip("\r")
    if not first_line.strip():
        raise InputError(path, "the first line is empty: expected a header row", line=1)
    delim = _sniff(path, first_line, delimiter)
    if decimal is None:
        decimal = "," if delim == ";" else "."
    if decimal not in (".", ","):
        raise InputError(path, f"decimal {decimal!r}: expected '.' or ','")
    if decimal == "," and delim == ",":
        raise InputError(path, "a decimal comma needs the ';' delimiter, not ','")

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        raise InputError(path, f"cannot read the header: {exc}", line=1) from exc
    if value not in header:
        raise InputError(
            path,
            f'no value column "{value}" in the header ({", ".join(header)}): pass value=...',
            line=1,
        )
    seen_names: set[str] = set()
    for name in header:
        if not name:
            raise InputError(path, "an empty column name in the header", line=1)
        if name in seen_names:
            raise InputError(path, f'the header names column "{name}" twice', line=1)
        seen_names.add(name)
    v_at = header.index(value)
    ignored = set(ignore)
    var_at = [i for i, h in enumerate(header) if i != v_at and h not in ignored]
    variables = [header[i] for i in var_at]
    if not variables:
        raise InputError(path, "expected at least one variable column besides the value", line=1)
    for name in variables:
        if name in _RESERVED or name.endswith("_code"):
            raise InputError(path, f'variable name "{name}" clashes with a column', line=1)
    width = len(header)
    symbols = set(DEFAULT_SYMBOLS) | set(missing_symbols)

    keys_by_var: list[list[str]] = [[] for _ in variables]
    values: list[float] = []
    symbol: list[str] = []
    lines: list[int] = []
    first_seen: dict[tuple[str, ...], int] = {}
    decimal_comma = decimal == ","
    try:
        for row in reader:
            line_no = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != width:
                what = "missing" if len(row) < width else "surplus"
                raise InputError(
                    path,
                    f"row has {len(row)} fields, the header has {width} ({what} field; "
                    f"delimiter {delim!r})",
                    line=line_no,
                )
            key = tuple(row[i] for i in var_at)
            earlier = first_seen.get(key)
            if earlier is not None:
                shown = ", ".join(f'{n}="{k}"' for n, k in zip(variables, key, strict=True))
                raise InputError(
                    path,
                    f"duplicate key: {shown} is on line {earlier} and again on line {line_no}",
                    line=line_no,
                )
            first_seen[key] = line_no
            cell = row[v_at].strip()
            if cell in symbols:
                values.append(math.nan)
                symbol.append(cell)
            else:
                number = parse_number(cell, decimal_comma=decimal_comma)
                if number is None or not math.isfinite(number):
                    raise InputError(
                        path,
                        f'cannot read "{cell}" as a number (decimal {decimal!r}) or a '
                        f"missing-value symbol ({' '.join(sorted(symbols))})",
                        line=line_no,
                        column=value,
                    )
                values.append(number)
                symbol.append("")
            for k, part in enumerate(key):
                keys_by_var[k].append(part)
            lines.append(line_no)
    except csv.Error as exc:
        raise InputError(path, f"cannot split the row: {exc}", line=reader.line_num) from exc
    if not values:
        raise InputError(path, "expected data rows below the header", line=1)

    columns: dict[str, Any] = {}
    for name, keys in zip(variables, keys_by_var, strict=True):
        columns[name] = pd.Categorical(keys, categories=list(dict.fromkeys(keys)))
    columns["value"] = np.asarray(values, dtype=np.float64)
    columns["symbol"] = pd.Categorical(symbol)
    columns["line"] = np.asarray(lines, dtype=np.int32)
    columns["field"] = np.full(len(values), v_at + 1, dtype=np.int16)
    df = pd.DataFrame(columns)
    df.attrs.update(
        {
            "path": str(path),
            "format": "long-csv",
            "variables": variables,
            "variable_codes": {n: n for n in variables},
            "value_column": value,
            "delimiter": delim,
            "decimal": decimal,
            "encoding": used,
            "encoding_reason": reason,
            "cells": len(values),
        }
    )
    return df
