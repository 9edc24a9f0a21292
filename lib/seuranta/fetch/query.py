"""The cells a download asks for: codes checked against the table, split, and joined again.

A download names every variable of the table with a list of codes or ``*``. The table's
metadata (JSON-stat 2.0) gives each variable's codes in order; a variable or code it does
not have is an error listing what it has. A query of more cells than the server's
``maxDataCells`` is split along its longest variable (the months, usually) into parts that
each fit, and the parts' JSON-stat 2.0 answers are joined into one dataset in the table's
order of codes.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import Any

from seuranta.programme import Download

#: A query: variable -> the codes asked for, ``("*",)`` for every code.
Query = dict[str, tuple[str, ...]]


class QueryError(ValueError):
    """A download that does not fit the table; the caller adds the source and the URL."""


def _preview(items: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f", ... ({len(items)} in all)" if len(items) > limit else "")


def table_codes(metadata: Mapping[str, Any]) -> dict[str, list[str]]:
    """Each variable's codes in the table's order, from JSON-stat 2.0 metadata."""
    ids = metadata.get("id")
    dims = metadata.get("dimension")
    if not isinstance(ids, list) or not isinstance(dims, dict):
        raise QueryError("the metadata is not JSON-stat 2.0: no id and dimension")
    codes = {}
    for var in ids:
        index = dims.get(var, {}).get("category", {}).get("index")
        if isinstance(index, dict):
            codes[var] = sorted(index, key=index.__getitem__)
        elif isinstance(index, list):
            codes[var] = [str(c) for c in index]
        else:
            labels = dims.get(var, {}).get("category", {}).get("label") or {}
            codes[var] = list(labels)
    return codes


def expand(download: Download, codes: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """The codes asked for per variable, ``*`` expanded, in the table's order."""
    unknown = [var for var in download.values if var not in codes]
    if unknown:
        raise QueryError(
            f'the table has no variable "{unknown[0]}"; its variables are: {_preview(list(codes))}'
        )
    missing = [var for var in codes if var not in download.values]
    if missing:
        raise QueryError(
            f'the download gives no codes for the variable "{missing[0]}": name every '
            f'variable of the table ({", ".join(codes)}), with "*" for all its codes'
        )
    chosen = {}
    for var, known in codes.items():
        wanted = download.values[var]
        if wanted == ("*",):
            chosen[var] = list(known)
            continue
        for code in wanted:
            if code not in known:
                raise QueryError(
                    f'the table has no code "{code}" in the variable "{var}"; its codes: '
                    f"{_preview(known)}"
                )
        chosen[var] = [code for code in known if code in wanted]
    return chosen


def cells(query: Mapping[str, Sequence[str]]) -> int:
    return math.prod(len(v) for v in query.values())


def split(
    chosen: Mapping[str, list[str]], limit: int, preferred: str | None = None
) -> list[dict[str, list[str]]]:
    """Parts of the query each within ``limit`` cells, cut along the longest variable
    (``preferred``, the time variable, when it is among the longest)."""
    whole = {var: list(v) for var, v in chosen.items()}
    if limit <= 0 or cells(whole) <= limit:
        return [whole]
    longest = max(len(v) for v in whole.values())
    var = preferred if preferred and len(whole.get(preferred, ())) == longest else None
    var = var or next(v for v, codes in whole.items() if len(codes) == longest)
    if longest == 1:
        raise QueryError(f"a single cell is over the server's maxDataCells {limit}")
    rest = cells(whole) // len(whole[var])
    step = max(1, limit // rest)
    parts = []
    for start in range(0, len(whole[var]), step):
        part = {**whole, var: whole[var][start : start + step]}
        parts.extend(split(part, limit, preferred))
    return parts


def params(download: Download, part: Mapping[str, Sequence[str]] | None = None) -> dict[str, str]:
    """The query string of ``GET /tables/<id>/data``: the download's own codes (``*`` kept),
    or a split part's codes."""
    out = {}
    if download.lang:
        out["lang"] = download.lang
    for var, codes in (part or download.values).items():
        out[f"valueCodes[{var}]"] = ",".join(codes)
    out["outputFormat"] = download.format
    return out


def join(parts: Sequence[Mapping[str, Any]], order: Mapping[str, list[str]]) -> dict[str, Any]:
    """One JSON-stat 2.0 dataset from the answers to the parts of a split query.

    The first answer gives everything but the categories, sizes, values and statuses, which
    hold every part's cells in the order of ``order`` (the whole query's codes). A cell two
    parts give is an error, as is a part whose dimensions differ.
    """
    first = parts[0]
    ids = list(first["id"])
    seen = {var: set() for var in ids}
    labels: dict[str, dict[str, str]] = {var: {} for var in ids}
    for part in parts:
        if list(part["id"]) != ids:
            raise QueryError(f"the split answers have different dimensions: {part['id']} {ids}")
        for var in ids:
            category = part["dimension"][var]["category"]
            seen[var].update(_index(category))
            labels[var].update(category.get("label") or {})
    codes = {var: [c for c in order[var] if c in seen[var]] for var in ids}
    position = {var: {c: i for i, c in enumerate(codes[var])} for var in ids}
    sizes = [len(codes[var]) for var in ids]
    strides = [math.prod(sizes[i + 1 :]) for i in range(len(ids))]
    values: list[Any] = [None] * math.prod(sizes)
    status: dict[str, str] = {}
    filled = [False] * len(values)
    for part in parts:
        part_codes = [_index(part["dimension"][var]["category"]) for var in ids]
        part_values, part_status = part.get("value"), part.get("status")
        for k, combo in enumerate(itertools.product(*part_codes)):
            at = sum(position[var][c] * s for var, c, s in zip(ids, combo, strides, strict=True))
            if filled[at]:
                raise QueryError(f"two split answers give the cell {combo}")
            filled[at] = True
            values[at] = _cell(part_values, k)
            symbol = _cell(part_status, k)
            if symbol is not None:
                status[str(at)] = symbol
    joined = dict(first)
    joined["size"] = sizes
    joined["dimension"] = {
        var: {
            **first["dimension"][var],
            "category": {
                **first["dimension"][var]["category"],
                "index": codes[var],
                "label": {c: labels[var].get(c, c) for c in codes[var]},
            },
        }
        for var in ids
    }
    joined["value"] = values
    if status:
        joined["status"] = status
    else:
        joined.pop("status", None)
    return joined


def _index(category: Mapping[str, Any]) -> list[str]:
    index = category.get("index")
    if isinstance(index, dict):
        return sorted(index, key=index.__getitem__)
    if isinstance(index, list):
        return [str(c) for c in index]
    return list(category.get("label") or {})


def _cell(source: Any, k: int) -> Any:
    """Cell ``k`` of a JSON-stat ``value`` or ``status`` (a list, an object or one string)."""
    if source is None:
        return None
    if isinstance(source, str):
        return source
    if isinstance(source, list):
        return source[k] if k < len(source) else None
    if isinstance(source, dict):
        return source.get(str(k))
    return None
