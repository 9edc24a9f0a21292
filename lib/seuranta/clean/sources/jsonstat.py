"""Read JSON-stat 2.0 datasets as PxWeb API v1 returns them (``format=json-stat2``).

Rules followed (JSON-stat 2.0 format, json-stat.org; PxWeb API v1 output):

* ``id`` lists the dimensions in order and ``size`` their lengths; ``value`` runs
  row-major over them, the last dimension fastest. ``value`` is a list (dense) or an
  object ``{"index": number}`` (sparse: absent cells are missing). A dense list must
  hold exactly ``product(size)`` values; anything else is refused.
* ``dimension[id].category.index`` is a list of codes or an object ``{code: position}``;
  ``category.label`` maps codes to labels. A dimension with one category may omit
  ``index``.
* ``status`` is a list, an object ``{"index": symbol}`` or one string for all cells. A
  missing value (``null`` or absent) gets its status as ``symbol`` (``".."`` when the
  response gives none, PxWeb's symbol for "not available"); a status on a present value
  (e.g. ``"p"``, preliminary) goes to a ``status`` column.
* ``updated`` is ISO 8601; PxWeb writes ``2022-12-21T06.00.00Z`` with dots in the time,
  which is converted to ``2022-12-21T06:00:00Z``.
* ``role``, ``extension.px`` (tableid, decimals, ...) and ``category.unit`` go to attrs.

Columns are named by the dimension ``label`` (it is in the response's language, like PX
variable names); the language-independent ``id`` is kept in ``attrs["variable_codes"]``
and accepted by :func:`seuranta.clean.sources.select`. Codes go to ``<label>_code``. ``cell``
is the position in the ``value`` array, so a figure can be cited as ``value[3]``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from seuranta.clean.sources._common import thousands
from seuranta.errors import InputError

__all__ = ["parse_updated", "read_jsonstat2"]

_DOTTED_TIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[T ](\d{2})[.:](\d{2})(?:[.:](\d{2}(?:\.\d+)?))?(.*)$"
)
_MISSING_DEFAULT = ".."


def parse_updated(text: str | None) -> str | None:
    """``updated`` as ISO 8601: ``2022-12-21T06.00.00Z`` -> ``2022-12-21T06:00:00Z``."""
    if not text:
        return text
    m = _DOTTED_TIME.match(text.strip())
    if not m:
        return text.strip()
    day, hh, mm, ss, rest = m.groups()
    return f"{day}T{hh}:{mm}:{ss or '00'}{rest}"


def _load(source: str | Path | Mapping[str, Any]) -> tuple[dict, Path]:
    if isinstance(source, Mapping):
        return dict(source), Path("<json-stat>")
    path = Path(source)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the file: {exc.strerror}") from exc
    try:
        text = raw.decode("utf-8-sig")  # JSON is UTF-8 (RFC 8259); PxWeb may add a BOM
    except UnicodeDecodeError as exc:
        raise InputError(path, f"expected UTF-8 JSON: byte {exc.start} is not UTF-8") from exc

    def refuse_constant(name: str) -> None:
        raise InputError(path, f"{name} in the JSON: expected numbers or null (RFC 8259)")

    try:
        return json.loads(text, parse_constant=refuse_constant), path
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not valid JSON: {exc.msg}", line=exc.lineno) from exc


def _category(path: Path, dim_id: str, dim: Mapping[str, Any], size: int) -> tuple[list, list]:
    cat = dim.get("category")
    if not isinstance(cat, Mapping):
        raise InputError(path, f'dimension "{dim_id}" has no category object')
    index = cat.get("index")
    labels = cat.get("label") or {}
    if index is None:
        if len(labels) != 1 and size != 1:
            raise InputError(path, f'dimension "{dim_id}" has no category.index')
        codes = list(labels) or [dim_id]
    elif isinstance(index, list):
        codes = [str(c) for c in index]
    elif isinstance(index, Mapping):
        codes = [None] * len(index)
        for code, pos in index.items():
            if not isinstance(pos, int) or not 0 <= pos < len(index) or codes[pos] is not None:
                raise InputError(
                    path, f'dimension "{dim_id}": category.index position {pos!r} is invalid'
                )
            codes[pos] = str(code)
    else:
        raise InputError(path, f'dimension "{dim_id}": category.index must be a list or object')
    if len(codes) != size:
        raise InputError(
            path,
            f'dimension "{dim_id}" has {len(codes)} categories but size says {size}',
        )
    if len(set(codes)) != len(codes):
        dup = next(c for i, c in enumerate(codes) if c in codes[:i])
        raise InputError(
            path,
            f'duplicate key: dimension "{dim_id}" lists category "{dup}" twice, so two cells '
            "would have the same key",
        )
    return codes, [str(labels.get(c, c)) for c in codes]


def _sparse(path: Path, what: str, obj: Mapping[str, Any], n: int) -> dict[int, Any]:
    out = {}
    for key, val in obj.items():
        try:
            i = int(key)
        except ValueError:
            raise InputError(path, f'{what}: key "{key}" is not a cell index') from None
        if not 0 <= i < n:
            raise InputError(
                path, f"{what}: cell index {i} is outside the {thousands(n)} cells of the cube"
            )
        out[i] = val
    return out


def read_jsonstat2(
    path_or_dict: str | Path | Mapping[str, Any], *, max_cells: int = 20_000_000
) -> pd.DataFrame:
    """Read a JSON-stat 2.0 dataset (a file or an already parsed dict) into a tidy DataFrame.

    Columns: per dimension its labels and ``<label>_code``; ``value`` (float, NaN when
    missing); ``symbol`` (status of a missing cell, ``""`` when present); ``status`` only
    when present values carry a status; ``cell`` (index in ``value``). A dataset whose
    ``size`` multiplies to more than ``max_cells`` is refused before anything is allocated.
    """
    data, path = _load(path_or_dict)
    if data.get("class") == "collection" or ("dataset" in data and "id" not in data):
        raise InputError(path, "expected one JSON-stat dataset, found a collection/bundle")
    ids = data.get("id")
    sizes = data.get("size")
    dims = data.get("dimension")
    if not isinstance(ids, list) or not isinstance(sizes, list) or not isinstance(dims, Mapping):
        if (isinstance(dims, Mapping) and "id" in dims) or any(
            isinstance(v, Mapping) and "dimension" in v for v in data.values()
        ):
            raise InputError(
                path,
                "JSON-stat 1.x (id and size inside dimension, or a bundle of datasets): "
                'expected a JSON-stat 2.0 dataset with "id", "size", "dimension" '
                "(PxWeb API v1 writes it with format=json-stat2)",
            )
        raise InputError(path, 'expected a JSON-stat 2.0 dataset with "id", "size", "dimension"')
    if len(ids) != len(sizes):
        raise InputError(path, f"id names {len(ids)} dimensions but size gives {len(sizes)}")
    if not all(isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in sizes):
        raise InputError(path, f"size {sizes}: expected whole numbers")
    n = math.prod(sizes)
    if n > max_cells:
        # Checked before anything is allocated: a sparse dataset may declare any size.
        raise InputError(
            path,
            f"size multiplies to {thousands(n)} cells, more than max_cells="
            f"{thousands(max_cells)}: refusing to allocate the table (pass max_cells=...)",
        )

    raw_values = data.get("value")
    if isinstance(raw_values, list):
        if len(raw_values) != n:
            shape = " x ".join(f"{i} {s}" for i, s in zip(ids, sizes, strict=True))
            what = "truncated" if len(raw_values) < n else "over-long"
            raise InputError(
                path,
                f"refusing {what} dataset: value holds {thousands(len(raw_values))} cells, "
                f"size multiplies to {thousands(n)} ({shape})",
            )
        cells = raw_values
    elif isinstance(raw_values, Mapping):
        cells = _sparse(path, "value", raw_values, n)
    else:
        raise InputError(path, 'expected "value" as a list or an object')
    values = np.full(n, np.nan)
    for i, v in cells.items() if isinstance(cells, dict) else enumerate(cells):
        if v is None:
            continue
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            raise InputError(path, f"value[{i}] = {v!r}: expected a number or null")
        values[i] = float(v)

    status_raw = data.get("status")
    status: list[str | None] = [None] * n
    if isinstance(status_raw, str):
        status = [status_raw] * n
    elif isinstance(status_raw, list):
        if len(status_raw) == 1:
            status = [status_raw[0]] * n
        elif len(status_raw) != n:
            raise InputError(
                path, f"status holds {len(status_raw)} entries, expected 1 or {thousands(n)}"
            )
        else:
            status = list(status_raw)
    elif isinstance(status_raw, Mapping):
        for i, s in _sparse(path, "status", status_raw, n).items():
            status[i] = s
    missing = np.isnan(values)
    symbol = [
        (str(status[i]) if status[i] not in (None, "") else _MISSING_DEFAULT) if missing[i] else ""
        for i in range(n)
    ]
    flags = ["" if missing[i] or status[i] in (None, "") else str(status[i]) for i in range(n)]

    columns: dict[str, Any] = {}
    variable_codes: dict[str, str] = {}
    units: dict[str, Any] = {}
    stride = n
    for dim_id, size in zip(ids, sizes, strict=True):
        dim = dims.get(dim_id)
        if not isinstance(dim, Mapping):
            raise InputError(path, f'dimension "{dim_id}" is listed in id but not described')
        codes, labels = _category(path, dim_id, dim, int(size))
        name = str(dim.get("label") or dim_id)
        if name in columns or name in {"value", "symbol", "status", "cell"}:
            name = dim_id
        variable_codes[name] = dim_id
        stride //= int(size) if size else 1
        outer = n // (stride * int(size)) if size else 0
        idx = np.tile(np.repeat(np.arange(int(size)), stride), outer)
        columns[name] = np.array(labels, dtype=object)[idx]
        columns[name + "_code"] = np.array(codes, dtype=object)[idx]
        unit = dim.get("category", {}).get("unit")
        if isinstance(unit, Mapping):
            for code, lab in zip(codes, labels, strict=True):
                if code in unit:
                    units[lab] = dict(unit[code], code=code)
    columns["value"] = values
    columns["symbol"] = symbol
    if any(flags):
        columns["status"] = flags
    columns["cell"] = np.arange(n)
    df = pd.DataFrame(columns)

    ext = data.get("extension") or {}
    px = ext.get("px") if isinstance(ext, Mapping) else None
    role = data.get("role") or {}
    id_to_name = {v: k for k, v in variable_codes.items()}
    df.attrs.update(
        {
            "path": str(path),
            "format": "json-stat2",
            "title": data.get("label"),
            "source": data.get("source"),
            "updated_raw": data.get("updated"),
            "updated": parse_updated(data.get("updated")),
            "version": data.get("version"),
            "role": {k: [id_to_name.get(i, i) for i in v] for k, v in role.items()},
            "time_variable": next((id_to_name.get(i, i) for i in role.get("time", [])), None),
            "variables": list(variable_codes),
            "variable_codes": variable_codes,
            "units": units,
            "table_id": px.get("tableid") if isinstance(px, Mapping) else None,
            "decimals": px.get("decimals") if isinstance(px, Mapping) else None,
            "extension": dict(ext) if isinstance(ext, Mapping) else {},
            "note": data.get("note"),
            "cells": n,
            "encoding": "utf-8",
        }
    )
    return df
