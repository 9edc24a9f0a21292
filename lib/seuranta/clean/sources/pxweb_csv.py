"""Read CSV files exported from the PxWeb interface ("... delimited with heading").

Layout supported (what PxWeb 2019+ writes for StatFin and Aluesarjat tables):

```
"Työttömien osuus työvoimasta muuttujina Alue, Kuukausi ja Tiedot"     <- optional title

"Alue";"2021 Työttömien osuus työvoimasta, %";"2022M11 Työttömien ..."  <- header
"049 Espoo";9,4;8,1                                                       <- data rows
```

* An optional title line followed by a blank line. PxWeb titles end with the variables:
  "... muuttujina A, B ja C" (fi), "... efter A, B och C" (sv), "... by A, B and C" (en).
* The header: first the STUB variable names, then one column per combination of HEADING
  values, the values joined with a space in HEADING order (first variable first).
* Delimiter comma, semicolon or tab (sniffed: the one that gives every row the header's
  number of fields); fields may be quoted. Decimal point or comma (detected per file;
  a file mixing both is refused). Missing cells are ``.`` to ``......`` or ``-``.
* Encoding: UTF-8 (with or without BOM), else Windows-1252, else ISO-8859-1
  (see :func:`seuranta.clean.sources._common.decode_text`).

How heading columns are split into variables, in order of precedence:

1. ``heading={"Kuukausi": ["2021", "2022M11"], "Tiedot": [...]}``: every header must be
   one of the joined combinations (exact match, no guessing).
2. ``heading=["Kuukausi", "Tiedot"]``: each header is split on ``heading_sep`` (default
   one space) at most ``len(heading) - 1`` times, so only the *last* variable's values
   may contain the separator (true for PxWeb when time comes first).
3. Nothing given: the names come from the title (variables not in the stub), split as in 2;
   without a usable title the columns form one variable named ``heading``.

The number of STUB columns is ``stub`` (a count or the names) or, by default, the
leading headers that the title names as variables, else the leading columns in which no
cell is a number or a missing-value symbol (pass ``stub`` when a stub's labels look like
numbers, e.g. years). Stub labels of the form ``"049 Espoo"`` (a code with digits, a
space, a name) also give ``<variable>_code`` (``049``) unless ``split_codes=False``. Each
value keeps its ``line`` (1-based file line) and ``field`` (1-based column) for citing.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from seuranta.clean.sources._common import DEFAULT_SYMBOLS, decode_text, parse_number
from seuranta.errors import InputError

__all__ = ["read_pxweb_csv"]

_TITLE_VARS = (
    re.compile(r"\bmuuttujina\s+(.+?)\s*$"),
    re.compile(r"\befter\s+(.+?)\s*$"),
    re.compile(r"\bby\s+(.+?)\s*$"),
)
_LAST_JOIN = re.compile(r",?\s+(?:ja|och|and)\s+")
_CODE_LABEL = re.compile(r"^(\d[0-9A-Za-z]*)\s+\S")
_DECIMAL_COMMA = re.compile(r"^[+\-\u2212]?\d*,\d+$")
_DECIMAL_POINT = re.compile(r"^[+\-\u2212]?\d*\.\d+$")


def _title_variables(title: str | None) -> list[str]:
    if not title:
        return []
    for pattern in _TITLE_VARS:
        m = pattern.search(title)
        if m:
            parts = _LAST_JOIN.split(m.group(1).strip().rstrip("."))
            names = []
            for part in parts:
                names.extend(p.strip() for p in part.split(",") if p.strip())
            return names
    return []


def _is_blank(line: str) -> bool:
    return not line.strip().strip(",;\t\"'").strip()


def _sniff(path: Path, lines: list[str], first_line: int, delimiter: str | None) -> str:
    """The delimiter: of those splitting the header into 2+ fields, the one that gives the
    most rows the header's number of fields (so a ragged row is blamed on itself below)."""
    if delimiter:
        return delimiter
    sample = [ln for ln in lines[:40] if not _is_blank(ln)]
    best, best_fit = None, -1
    for cand in ("\t", ";", ","):
        rows = list(csv.reader(sample, delimiter=cand))
        width = len(rows[0]) if rows else 0
        if width < 2:
            continue
        fit = sum(len(r) == width for r in rows)
        if fit > best_fit:
            best, best_fit = cand, fit
    if best is None:
        raise InputError(
            path,
            "cannot tell the delimiter: expected comma, semicolon or tab splitting the header "
            "into fields",
            line=first_line,
        )
    return best


def read_pxweb_csv(
    path: str | Path,
    *,
    stub: int | Sequence[str] | None = None,
    heading: Mapping[str, Sequence[str]] | Sequence[str] | None = None,
    heading_sep: str = " ",
    delimiter: str | None = None,
    decimal: str | None = None,
    encoding: str | None = None,
    split_codes: bool | None = None,
) -> pd.DataFrame:
    """Read a PxWeb CSV export into a tidy DataFrame (see the module docstring for layout).

    Columns: stub variables (and ``<variable>_code`` where labels start with a code),
    heading variables, ``value``, ``symbol``, ``line``, ``field``.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the file: {exc.strerror}") from exc
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
    text = text.lstrip("\ufeff")
    lines = text.splitlines()

    # Title: a first line followed by a blank line.
    i = 0
    while i < len(lines) and _is_blank(lines[i]):
        i += 1
    if i >= len(lines):
        raise InputError(path, "the file is empty: expected a header row and data rows")
    title = None
    if i + 1 < len(lines) and _is_blank(lines[i + 1]):
        title = lines[i].strip().rstrip(",;\t").strip().strip('"').strip()
        i += 2
        while i < len(lines) and _is_blank(lines[i]):
            i += 1
    header_line = i + 1  # 1-based file line of the header
    body = lines[i:]
    if not body:
        raise InputError(path, "expected a header row after the title", line=header_line)
    delim = _sniff(path, body, header_line, delimiter)
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO("\n".join(body)), delimiter=delim)
    for row in reader:
        line_no = header_line + reader.line_num - 1
        if not row or all(not c.strip() for c in row):
            continue
        rows.append((line_no, row))
    header = [h.strip() for h in rows[0][1]]
    data = rows[1:]
    if not data:
        raise InputError(path, "expected data rows below the header", line=header_line)
    width = len(header)
    for line_no, row in data:
        if len(row) != width:
            raise InputError(
                path,
                f"row has {len(row)} fields, the header has {width} (delimiter {delim!r})",
                line=line_no,
            )

    symbols = set(DEFAULT_SYMBOLS)

    # Stub columns.
    if stub is None:
        # Headers that the title names as variables are stub columns; without a title, the
        # leading columns in which no cell is a number or a symbol are (a value column with
        # one bad cell still has numbers, so it is reported below, not taken for labels).
        title_vars = _title_variables(title)
        n_stub = 0
        if title_vars:
            while n_stub < width and header[n_stub] in title_vars:
                n_stub += 1
        if n_stub == 0:
            while n_stub < width and not any(
                r[n_stub].strip() in symbols
                or parse_number(r[n_stub], decimal_comma=True) is not None
                for _, r in data
            ):
                n_stub += 1
        if n_stub >= width:
            raise InputError(
                path, "no numeric columns found: expected stub columns, then value columns"
            )
    elif isinstance(stub, int):
        n_stub = stub
    else:
        names = list(stub)
        n_stub = len(names)
        if header[:n_stub] != names:
            raise InputError(
                path,
                f"expected stub columns {names}, the header starts with {header[:n_stub]}",
                line=header_line,
            )
    if not 0 < n_stub < width:
        raise InputError(
            path, f"stub of {n_stub} columns leaves no value columns", line=header_line
        )
    stub_names = header[:n_stub]
    value_headers = header[n_stub:]

    # Heading variables.
    if isinstance(heading, Mapping):
        head_names = list(heading)
        combos = {}
        for combo in itertools.product(*(list(v) for v in heading.values())):
            combos[heading_sep.join(combo)] = combo
        head_values = []
        for j, h in enumerate(value_headers):
            if h not in combos:
                raise InputError(
                    path,
                    f'column header "{h}" is not a combination of the given heading values '
                    f"joined with {heading_sep!r}",
                    line=header_line,
                    column=f"field {n_stub + j + 1}",
                )
            head_values.append(combos[h])
    else:
        if heading is not None:
            head_names = list(heading)
        else:
            from_title = [n for n in _title_variables(title) if n not in stub_names]
            head_names = from_title or ["heading"]
        k = len(head_names)
        head_values = []
        for j, h in enumerate(value_headers):
            parts = h.split(heading_sep, k - 1) if k > 1 else [h]
            if len(parts) != k:
                raise InputError(
                    path,
                    f'column header "{h}" does not split into {k} heading values '
                    f"({', '.join(head_names)}) on {heading_sep!r}",
                    line=header_line,
                    column=f"field {n_stub + j + 1}",
                )
            head_values.append(tuple(p.strip() for p in parts))

    # Every cell's key once: a repeated heading column or stub row gives two values.
    seen_heads: dict[tuple[str, ...], int] = {}
    for j, hv in enumerate(head_values):
        if hv in seen_heads:
            raise InputError(
                path,
                f'duplicate key: heading column "{value_headers[j]}" (field {n_stub + j + 1}) '
                f"repeats field {seen_heads[hv] + n_stub + 1}, so two values would have the "
                "same key",
                line=header_line,
            )
        seen_heads[hv] = j
    seen_rows: dict[tuple[str, ...], int] = {}
    for ln, r in data:
        key = tuple(r[s].rstrip() for s in range(n_stub))
        if key in seen_rows:
            raise InputError(
                path,
                f"duplicate key: stub {', '.join(repr(k) for k in key)} is on line "
                f"{seen_rows[key]} and again on line {ln}",
                line=ln,
            )
        seen_rows[key] = ln

    # Decimal separator.
    cells = [(ln, j, r[j].strip()) for ln, r in data for j in range(n_stub, width)]
    if decimal is None:
        has_comma = any(_DECIMAL_COMMA.match(c) for _, _, c in cells)
        has_point = any(_DECIMAL_POINT.match(c) for _, _, c in cells)
        if has_comma and has_point:
            raise InputError(
                path, "the values mix decimal commas and decimal points: expected one of them"
            )
        decimal = "," if has_comma else "."
    decimal_comma = decimal == ","

    values = np.empty(len(cells))
    symbol: list[str] = []
    for k, (ln, j, c) in enumerate(cells):
        if c in symbols:
            values[k] = np.nan
            symbol.append(c)
            continue
        number = parse_number(c, decimal_comma=decimal_comma)
        if number is None or not np.isfinite(number):
            raise InputError(
                path,
                f'cannot read "{c}" as a number (decimal {decimal!r}) or a missing-value '
                f"symbol ({' '.join(DEFAULT_SYMBOLS)})",
                line=ln,
                column=header[j],
            )
        values[k] = number
        symbol.append("")

    n_val = width - n_stub
    columns: dict[str, Any] = {}
    for s, name in enumerate(stub_names):
        # Verbatim: leading spaces carry the hierarchy ("  Total" is not "Total").
        labels = [r[s].rstrip() for _, r in data]
        columns[name] = np.repeat(np.array(labels, dtype=object), n_val)
        matches = [_CODE_LABEL.match(lab) for lab in labels]
        if split_codes or (split_codes is None and all(matches)):
            codes = [m.group(1) if m else lab for m, lab in zip(matches, labels, strict=True)]
            columns[name + "_code"] = np.repeat(np.array(codes, dtype=object), n_val)
    for h, name in enumerate(head_names):
        vals = np.array([hv[h] for hv in head_values], dtype=object)
        columns[name] = np.tile(vals, len(data))
    columns["value"] = values
    columns["symbol"] = symbol
    columns["line"] = [ln for ln, _, _ in cells]
    columns["field"] = [j + 1 for _, j, _ in cells]
    df = pd.DataFrame(columns)
    df.attrs.update(
        {
            "path": str(path),
            "format": "pxweb-csv",
            "title": title,
            "stub": stub_names,
            "heading": head_names,
            "variables": stub_names + head_names,
            "variable_codes": {n: n for n in stub_names + head_names},
            "delimiter": delim,
            "decimal": decimal,
            "encoding": used,
            "encoding_reason": reason,
            "header_line": header_line,
            "cells": len(cells),
        }
    )
    return df
