"""Data downloads: the numbers behind every chart and table as tidy CSV, safe to open.

Every chart and table on a page comes with a download of its data. The file is published
beside the page (``seuranta render`` writes it and records it in the manifest) and is also
embedded in the page as a ``data:`` link, so that a page saved alone keeps its downloads.

Tidy files
----------
A download a section builds with :func:`tidy` has one observation per row and one value per
cell: numbers as numbers at the source's precision (no thousands separator, currency sign,
per cent sign or Unicode minus in a value column), the period as ISO text (``2022``,
``2022-11``), the series and the unit in columns of their own, and a formatted text column
(``value_text``: "8,1 %") where a reader wants the figure as the page writes it. Column names
are the same ASCII identifiers in every language; the texts in the rows (names, labels) are
in the page's language. Figures made up to show the toolkit are marked in the file itself:
an ``illustrative`` column that is ``true`` on every such row. A table the page shows only as
text (a project list, an analyst's own table) is downloaded as its texts.

One convention for every language
---------------------------------
Comma between fields, a decimal point, UTF-8 with a byte-order mark (so that Excel
recognises the encoding), CRLF line ends (RFC 4180): the file reads the same way in pandas,
R, frictionless and a spreadsheet program on any locale's import dialog. Readers who want the
figures in their language's notation have the ``*_text`` columns and ``.xlsx`` of Table 1.

File names
----------
``<programme>-<year>-<page>-<content>.csv``, ASCII only, e.g.
``elinvoimainen-espoo-2022-goal-3-indicator-unemployment-all.csv``. Each file is described
(fields, types, units) in the language folder's ``datapackage.json``
(:mod:`seuranta.render.datapackage`), a Frictionless Data Package.

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
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

#: Cell starts that spreadsheet programs take as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The one CSV convention of every download (see the module docstring).
DELIMITER = ","
#: The encoding every download is written in, as the Data Package names it.
ENCODING = "utf-8-sig"
#: The attribute of a DataFrame that carries its download's description (:func:`tidy`).
ATTR = "download"


def safe_text(text: str) -> str:
    """A text cell that no spreadsheet program runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def number_text(value: float) -> str:
    """A number as a machine writes it: decimal point, no exponent, no trailing zeros."""
    if float(value).is_integer():
        return str(int(value))
    text = f"{float(value):.10f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def cell(value: object) -> str:
    """One field: a number with a decimal point, a boolean as true/false, or a neutralised
    text."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return number_text(float(value))
    return safe_text(str(value))


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as CSV bytes in the one convention of the downloads (module docstring)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow([safe_text(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False):
        writer.writerow([cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def data_uri(data: bytes) -> str:
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(data).decode("ascii")


def read_back(data: bytes) -> pd.DataFrame:
    """A downloaded CSV read back (for tests and analysts): numbers as numbers."""
    return pd.read_csv(io.BytesIO(data), sep=DELIMITER, encoding="utf-8-sig")


def slug(text: str) -> str:
    """``text`` as a file-name part: ASCII lowercase letters, digits and ``-``."""
    text = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
    return text or "data"


def tidy(
    frame: pd.DataFrame,
    *,
    content: str,
    title: str,
    units: Mapping[str, str] | None = None,
    descriptions: Mapping[str, str] | None = None,
    illustrative: bool = False,
    description: str = "",
) -> pd.DataFrame:
    """``frame`` marked as a tidy download: its file name part ``content`` (ASCII), its
    ``title`` in the page's language, the unit of each value column that has one fixed unit
    (``units``; a column ``unit`` names it per row otherwise), a description per column and
    whether its figures are illustrative (then an ``illustrative`` column says so on every
    row). Columns named ``*_value`` or ``value`` are made numeric."""
    frame = frame.copy()
    for column in frame.columns:
        if column == "value" or str(column).endswith(("_value", "_eur", "_pct", "_count")):
            frame[column] = pd.to_numeric(frame[column], errors="raise")
    if illustrative and "illustrative" not in frame.columns:
        frame["illustrative"] = True
    frame.attrs[ATTR] = {
        "content": slug(content),
        "title": str(title),
        "units": dict(units or {}),
        "descriptions": dict(descriptions or {}),
        "illustrative": bool(illustrative),
        "description": str(description),
    }
    return frame


def field_type(series: pd.Series) -> str:
    """The Table Schema type of a column: boolean, integer, number or string."""
    values = series.dropna()
    if pd.api.types.is_bool_dtype(series) or (
        len(values) and all(isinstance(v, bool) for v in values)
    ):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        return "number"
    if len(values) and all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in values):
        return "number"
    return "string"


def resource(name: str, frame: pd.DataFrame, *, title: str = "", lang: str = "") -> dict[str, Any]:
    """The Data Package resource of a download: its file, title, and Table Schema (each
    field's name, type, unit and description)."""
    meta = frame.attrs.get(ATTR) or {}
    units = meta.get("units", {})
    descriptions = meta.get("descriptions", {})
    fields = []
    for column in frame.columns:
        spec: dict[str, Any] = {"name": str(column), "type": field_type(frame[column])}
        if column in descriptions:
            spec["description"] = descriptions[column]
        if column in units:
            spec["unit"] = units[column]
        fields.append(spec)
    found: dict[str, Any] = {
        "name": slug(name.removesuffix(".csv")),
        "path": name,
        "profile": "tabular-data-resource",
        "title": meta.get("title") or title,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": ENCODING,
        "dialect": {"delimiter": DELIMITER},
        "schema": {"fields": fields},
        "illustrative": bool(meta.get("illustrative"))
        or bool("illustrative" in frame.columns and frame["illustrative"].fillna(False).any()),
    }
    if meta.get("description"):
        found["description"] = meta["description"]
    if lang:
        found["language"] = lang
    return found
