"""Data downloads: the numbers behind every chart and table as CSV, safe to open.

A reader who wants the numbers behind a chart gets them as a file, in the page's own
conventions: Finnish and Swedish pages write ``;`` between fields and a decimal comma
(as Excel set to those languages reads it), English pages ``,`` and a decimal point. The
file is UTF-8 with a byte-order mark, so that Excel recognises the encoding, and it is
embedded in the page as a ``data:`` link: the pages stay self-contained and work offline.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula. As OWASP recommends against CSV injection, such a text cell is
prefixed with an apostrophe (``'=HYPERLINK(...)`` shows as text); numbers are written as
numbers and are not touched.
"""

from __future__ import annotations

import base64
import csv
import io
import math
import numbers

import pandas as pd

#: Cell starts that spreadsheet programs take as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def separators(lang: str) -> tuple[str, str]:
    """(field delimiter, decimal sign) of a page language."""
    return (",", ".") if lang == "en" else (";", ",")


def safe_text(text: str) -> str:
    """A text cell that no spreadsheet program runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value: object, decimal: str) -> str:
    """One field: a number with the page's decimal sign, or a neutralised text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        text = f"{round(float(value), 6):.6f}".rstrip("0").rstrip(".")
        return text.replace(".", decimal)
    return safe_text(str(value))


def csv_bytes(frame: pd.DataFrame, lang: str) -> bytes:
    """``frame`` as CSV bytes in the conventions of ``lang`` (see the module docstring)."""
    delimiter, decimal = separators(lang)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([safe_text(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False):
        writer.writerow([cell(v, decimal) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def data_uri(data: bytes) -> str:
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(data).decode("ascii")


def read_back(data: bytes, lang: str) -> pd.DataFrame:
    """A downloaded CSV read back (for tests and analysts): numbers as numbers."""
    delimiter, decimal = separators(lang)
    return pd.read_csv(
        io.BytesIO(data), sep=delimiter, decimal=decimal, encoding="utf-8-sig", dtype=None
    )
