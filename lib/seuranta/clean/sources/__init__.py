"""Readers for published statistics files: PC-Axis, JSON-stat 2.0, PxWeb CSV, long CSV, Excel.

Every reader returns the same tidy shape: one column per variable with its labels (and
``<variable>_code`` where the file has codes), a float ``value`` (NaN when missing), a
``symbol`` holding the file's missing-value symbol (``""`` when the value is present) and
a column saying where in the file each value sits (``line``/``position``, ``line``/
``field``, ``cell``). Metadata is in ``df.attrs``. Bad input raises
:class:`seuranta.errors.InputError` with what was expected; nothing is padded or dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from seuranta.clean.sources.excel import read_excel_range
from seuranta.clean.sources.jsonstat import read_jsonstat2
from seuranta.clean.sources.long_csv import looks_long, read_long_csv
from seuranta.clean.sources.pcaxis import read_px
from seuranta.clean.sources.pxweb_csv import read_pxweb_csv
from seuranta.errors import InputError

__all__ = [
    "read_excel_range",
    "read_jsonstat2",
    "read_long_csv",
    "read_px",
    "read_pxweb_csv",
    "read_source",
    "select",
]

_READERS = {
    ".px": read_px,
    ".json": read_jsonstat2,
    ".csv": read_pxweb_csv,
    ".xlsx": read_excel_range,
}

#: Columns every reader adds that are not variables.
_NOT_VARIABLES = {"value", "symbol", "status", "preliminary", "line", "position", "field", "cell"}


def read_source(path: str | Path, **options: Any) -> pd.DataFrame:
    """Read a statistics file with the reader its suffix names.

    ``.px`` -> :func:`read_px` (``lang``), ``.json`` -> :func:`read_jsonstat2`,
    ``.csv`` -> :func:`read_pxweb_csv` (``stub``, ``heading``, ...) or
    :func:`read_long_csv` (``value``, ``delimiter``, ...), ``.xlsx`` ->
    :func:`read_excel_range` (``sheet`` and ``cell_range`` required).

    A ``.csv`` goes to :func:`read_long_csv` when ``format="long"`` is given, or when its
    first line is a plain header row holding the value column's name (``value=``,
    default ``"value"``) rather than a PxWeb title; ``format="pxweb"`` forces
    :func:`read_pxweb_csv`.
    """
    path = Path(path)
    options = dict(options)
    fmt = options.pop("format", None)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(
            path,
            f'unknown file type "{path.suffix}": expected one of {", ".join(sorted(_READERS))}',
        )
    if reader is read_pxweb_csv:
        if fmt not in (None, "long", "pxweb"):
            raise InputError(path, f'format "{fmt}": expected "long" or "pxweb" for a .csv')
        if fmt == "long" or (fmt is None and looks_long(path, options.get("value", "value"))):
            reader = read_long_csv
    elif fmt is not None:
        raise InputError(path, f'option format="{fmt}" applies to .csv files only')
    if reader is read_excel_range and not {"sheet", "cell_range"} <= options.keys():
        raise InputError(path, "an xlsx source needs options sheet=... and cell_range=...")
    try:
        return reader(path, **options)
    except TypeError as exc:
        if "unexpected keyword" in str(exc):
            raise InputError(path, f"option not understood by {reader.__name__}: {exc}") from exc
        raise


def _variables(df: pd.DataFrame) -> list[str]:
    listed = df.attrs.get("variables")
    if listed:
        return [v for v in listed if v in df.columns]
    return [c for c in df.columns if c not in _NOT_VARIABLES and not str(c).endswith("_code")]


def _preview(items: list[str], limit: int = 15) -> str:
    shown = ", ".join(f'"{i}"' for i in items[:limit])
    return shown + (f", ... ({len(items)} in all)" if len(items) > limit else "")


def select(df: pd.DataFrame, selection: Mapping[str, str]) -> pd.DataFrame:
    """Rows where each variable equals the given value, matched on label or code.

    ``select(df, {"Alue": "049 Espoo"})`` and ``select(df, {"Alue": "049"})`` pick the same
    rows when the file codes Espoo as ``049``. A variable may be named by its column name
    or by its language-independent code (``attrs["variable_codes"]``, e.g. the JSON-stat
    id ``Tiedot`` for the Swedish column ``Uppgifter``). An unknown variable or a value
    that matches nothing raises :class:`InputError` listing what exists.
    """
    path = df.attrs.get("path") or "<data>"
    variables = _variables(df)
    by_code = {code: name for name, code in (df.attrs.get("variable_codes") or {}).items()}
    mask = pd.Series(True, index=df.index)
    for var, wanted in selection.items():
        name = var if var in variables else by_code.get(var)
        if name is None or name not in df.columns:
            raise InputError(path, f'no variable "{var}"; the variables are: {_preview(variables)}')
        wanted_s = str(wanted)
        hit = (df[name] == wanted_s).to_numpy(dtype=bool)
        code_col = f"{name}_code"
        if code_col in df.columns:
            hit = hit | (df[code_col] == wanted_s).to_numpy(dtype=bool)
        if not hit.any():
            labels = [str(x) for x in pd.unique(df[name])]
            codes = (
                f"; codes: {_preview([str(x) for x in pd.unique(df[code_col])])}"
                if code_col in df.columns
                else ""
            )
            raise InputError(
                path,
                f'no value "{wanted_s}" in variable "{name}"; labels: {_preview(labels)}{codes}',
            )
        mask &= hit
    out = df[mask.to_numpy()]
    out.attrs = dict(df.attrs)
    return out
