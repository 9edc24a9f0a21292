"""PC-Axis table: the tidy DataFrame of the cells and its ``attrs`` from the header.

One row per cell, in the file's row-major order over STUB then HEADING (the cartesian
product of the variables' values, the last HEADING variable changing fastest). Label
columns are Categoricals built from ``numpy.repeat``/``tile`` codes, so a label costs one
or two bytes per cell; ``<variable>_code`` columns hold the CODES. CONTVARIABLE makes
UNITS, LAST-UPDATED, PRECISION etc. per content value; they are collected in
``attrs["contents_info"]``.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from seuranta.clean.sources.pcaxis.data import Cells, codes_dtype
from seuranta.clean.sources.pcaxis.header import Header, Variable
from seuranta.clean.sources.pcaxis.scan import QUOTED
from seuranta.errors import InputError

_TLIST = re.compile(r'TLIST\s*\(\s*([A-Za-z]\d*)\s*(?:,\s*"([^"]*)"\s*-\s*"([^"]*)")?\s*\)', re.I)
#: Keywords given per content value under CONTVARIABLE, as ``contents_info`` keys.
_PER_CONTENT = ("UNITS", "LAST-UPDATED", "REFPERIOD", "CONTACT", "STOCKFA", "BASEPERIOD")


def _px_datetime(text: str | None) -> str | None:
    """``"20241029 08:00"`` (the PX date form) as ISO ``2024-10-29T08:00``; other text as is."""
    if not text:
        return text
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})\s*(\d{2}):(\d{2})", text.strip())
    if not m:
        return text
    y, mo, d, h, mi = m.groups()
    return f"{y}-{mo}-{d}T{h}:{mi}"


def _as_int(text: str | None) -> int | None:
    try:
        return int(text) if text not in (None, "") else None
    except ValueError:
        return None


def table_attrs(h: Header, variables: list[Variable], enc_info: dict) -> dict[str, Any]:
    """The table's metadata: titles, dates, languages, variables and per-variable keywords."""
    t = h.tr_text
    attrs: dict[str, Any] = {
        "path": str(h.path),
        "format": "px",
        "title": t("TITLE"),
        "description": t("DESCRIPTION"),
        "contents": t("CONTENTS"),
        "units": t("UNITS"),
        "source": t("SOURCE"),
        "database": t("DATABASE"),
        "subject_area": t("SUBJECT-AREA"),
        "subject_code": h.text("SUBJECT-CODE"),
        "matrix": h.text("MATRIX"),
        "table_id": h.text("TABLEID"),
        "axis_version": h.text("AXIS-VERSION"),
        "creation_date": h.text("CREATION-DATE"),
        "next_update": h.text("NEXT-UPDATE"),
        "last_updated": t("LAST-UPDATED"),
        "last_updated_iso": _px_datetime(t("LAST-UPDATED")),
        "decimals": _as_int(h.text("DECIMALS")),
        "showdecimals": _as_int(h.text("SHOWDECIMALS")),
        "note": t("NOTE"),
        "language": h.lang,
        "default_language": h.default,
        "languages": list(h.languages),
        "stub": [v.name for v in variables if v.role == "stub"],
        "heading": [v.name for v in variables if v.role == "heading"],
        "variables": [v.name for v in variables],
    }
    attrs.update(enc_info)
    var_codes = {}
    for v in variables:
        code_st = h.get("VARIABLE-CODE", None, (v.name_default,))
        var_codes[v.name] = code_st.items[0] if code_st and code_st.items else v.name_default
    attrs["variable_codes"] = var_codes

    # Per-variable keywords.
    elimination, precision, var_types = {}, {}, {}
    for v in variables:
        sl, sd = (v.name,), (v.name_default,)
        e = h.tr("ELIMINATION", sl, sd)
        if e is not None and e.items:
            item = e.items[0].strip()
            elimination[v.name] = item if item.upper() not in ("YES", "NO") else item.upper()
        vt = h.tr("VARIABLE-TYPE", sl, sd)
        if vt is not None and vt.items:
            var_types[v.name] = vt.items[0]
        per = {}
        for lab_l, lab_d, lab in zip(v.raw_labels, v.raw_default, v.labels, strict=True):
            p = h.tr("PRECISION", (v.name, lab_l), (v.name_default, lab_d))
            if p is not None and p.items:
                per[lab] = _as_int(p.items[0])
        if per:
            precision[v.name] = per
    attrs["elimination"] = elimination
    attrs["precision"] = precision
    attrs["variable_types"] = var_types
    attrs["content_variable"], attrs["contents_info"] = _contents(h, variables, precision)
    attrs.update(_time(h, variables))
    return attrs


def _contents(
    h: Header, variables: list[Variable], precision: dict[str, dict]
) -> tuple[str | None, dict[str, dict]]:
    """The content variable and, per content value, its UNITS, LAST-UPDATED, REFPERIOD, ..."""
    cont_st = h.tr("CONTVARIABLE")
    if cont_st is None or not cont_st.items:
        return None, {}
    cname = cont_st.items[0]
    cvar = next((v for v in variables if v.name == cname), None)
    if cvar is None:
        raise InputError(
            h.path,
            f'CONTVARIABLE names "{cname}", which is not a STUB or HEADING variable',
            line=cont_st.line,
        )
    info = {}
    for i, lab in enumerate(cvar.labels):
        sl, sd = (cvar.raw_labels[i],), (cvar.raw_default[i],)
        entry = {"code": cvar.codes[i] if cvar.codes else None}
        for key in _PER_CONTENT:
            val = h.tr_text(key, sl, sd)
            if val is not None:
                entry[key.lower().replace("-", "_")] = val
        if "last_updated" in entry:
            entry["last_updated_iso"] = _px_datetime(entry["last_updated"])
        entry["precision"] = precision.get(cname, {}).get(lab)
        info[lab] = entry
    return cname, info


def _time(h: Header, variables: list[Variable]) -> dict[str, Any]:
    """``time_variable``, its ``timeval`` (TLIST unit and values) and ``preliminary`` keys."""
    for v in variables:
        if not v.is_time:
            continue
        timeval = None
        tv = h.tr("TIMEVAL", (v.name,), (v.name_default,))
        if tv is not None:
            m = _TLIST.search(tv.raw)
            listed = [s for s in QUOTED.findall(tv.raw[m.end() :])] if m else []
            if m and m.group(2) is not None:
                listed = [m.group(2), m.group(3)]
            timeval = {
                "unit": m.group(1).upper() if m else None,
                "values": listed,
                "range": bool(m and m.group(2) is not None),
            }
        keys = v.codes or v.labels
        preliminary = [k for k, f in zip(keys, v.preliminary_flags, strict=True) if f]
        return {"time_variable": v.name, "timeval": timeval, "preliminary": preliminary}
    return {"time_variable": None, "timeval": None, "preliminary": []}


def _categorical(codes: np.ndarray, labels: list[str]) -> pd.Categorical:
    """Categorical in file order; repeated labels (allowed in PX) share one category."""
    first: dict[str, int] = {}
    remap = np.empty(len(labels), dtype=np.int64)
    for i, lab in enumerate(labels):
        remap[i] = first.setdefault(lab, len(first))
    cats = list(first)
    if len(cats) != len(labels):
        codes = remap.astype(codes_dtype(len(cats)))[codes]
    return pd.Categorical.from_codes(codes, categories=cats, validate=False)


def build_frame(variables: list[Variable], cells: Cells, attrs: dict[str, Any]) -> pd.DataFrame:
    """One row per cell: the variables' labels (and codes), value, symbol, file place."""
    values, sym_codes, sym_cats, line, position = cells
    sizes = [len(v.labels) for v in variables]
    expected = len(values)
    columns: dict[str, Any] = {}
    stride = expected
    for var, size in zip(variables, sizes, strict=True):
        stride //= size
        outer = expected // (stride * size) if size else 0
        base = np.arange(size, dtype=codes_dtype(size))
        codes = np.tile(np.repeat(base, stride), outer)
        columns[var.name] = _categorical(codes, var.labels)
        if var.codes is not None:
            columns[var.name + "_code"] = _categorical(codes.copy(), var.codes)
        if var.is_time:
            time_codes = codes
            time_flags = np.array(var.preliminary_flags, dtype=bool)
    columns["value"] = values
    columns["symbol"] = pd.Categorical.from_codes(sym_codes, categories=sym_cats, validate=False)
    if attrs.get("time_variable") is not None:
        columns["preliminary"] = time_flags[time_codes]
    columns["line"] = line
    columns["position"] = position
    df = pd.DataFrame(columns, copy=False)
    df.attrs.update(attrs)
    return df
