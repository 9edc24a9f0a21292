"""What a new download changes against the file already stored: new periods, revisions.

Both files are read with the readers of ``seuranta clean`` and compared cell by cell, each
cell named by its codes: cells the new file adds (grouped by period), cells whose value or
missing-value symbol changed (a revision: the period, the other codes, the old and the new
value) and cells it no longer has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from seuranta.clean.sources import read_source
from seuranta.errors import SeurantaError

_NOT_VARIABLES = {"value", "symbol", "status", "preliminary", "line", "position", "field", "cell"}


@dataclass
class Changes:
    new_periods: list[str] = field(default_factory=list)
    new_cells: int = 0
    revised: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # period, where, old, new
    removed: list[str] = field(default_factory=list)  # "period where"
    unreadable: str | None = None  # why the files could not be compared cell by cell

    @property
    def any(self) -> bool:
        return bool(self.new_cells or self.revised or self.removed or self.unreadable)

    def summary(self) -> str:
        """In a few words: ``1 revised value, 21 new cells``."""
        parts = []
        if self.revised:
            parts.append(f"{len(self.revised)} revised value{'s' * (len(self.revised) > 1)}")
        if self.new_cells:
            parts.append(f"{self.new_cells} new cell{'s' * (self.new_cells > 1)}")
        if self.removed:
            parts.append(f"{len(self.removed)} cell{'s' * (len(self.removed) > 1)} gone")
        if self.unreadable:
            parts.append("not comparable cell by cell")
        return ", ".join(parts)

    def lines(self, limit: int = 20) -> list[str]:
        out = []
        if self.unreadable:
            out.append(f"the bytes differ; not compared cell by cell: {self.unreadable}")
        if self.new_cells:
            periods = _span(self.new_periods)
            out.append(f"new: {self.new_cells} cells" + (f", periods {periods}" if periods else ""))
        for period, where, old, new in self.revised[:limit]:
            out.append(f"revised: {period} {where}: {old} -> {new}")
        if len(self.revised) > limit:
            out.append(f"revised: ... {len(self.revised) - limit} more")
        for cell in self.removed[:limit]:
            out.append(f"no longer in the answer: {cell}")
        if len(self.removed) > limit:
            out.append(f"no longer in the answer: ... {len(self.removed) - limit} more")
        return out


def _span(periods: list[str]) -> str:
    if len(periods) <= 3:
        return ", ".join(periods)
    return f"{periods[0]} ... {periods[-1]} ({len(periods)})"


def _cells(path: Path) -> tuple[pd.DataFrame, list[str]]:
    frame = read_source(path)
    variables = [
        c for c in frame.columns if c not in _NOT_VARIABLES and not str(c).endswith("_code")
    ]
    keys = [f"{v}_code" if f"{v}_code" in frame.columns else v for v in variables]
    return frame, keys


def _show(value: float, symbol: str) -> str:
    if pd.isna(value):
        return symbol or "missing"
    return f"{value:g}"


def compare(old: Path, new: Path, time_variable: str | None) -> Changes:
    """The changes from the file ``old`` to the file ``new`` (both already on disk)."""
    try:
        before, keys = _cells(old)
        after, keys_after = _cells(new)
    except SeurantaError as err:
        return Changes(unreadable=str(err))
    if keys != keys_after:
        return Changes(unreadable=f"the variables changed: {keys} -> {keys_after}")
    labels = before.attrs.get("variable_codes") or {}
    time_key = next(
        (k for k, v in zip(keys, _variables(keys), strict=True) if labels.get(v) == time_variable),
        next((k for k in keys if k.removesuffix("_code") == time_variable), None),
    )
    for frame in (before, after):
        if "symbol" not in frame.columns:
            frame["symbol"] = ""
    merged = before[[*keys, "value", "symbol"]].merge(
        after[[*keys, "value", "symbol"]],
        on=keys,
        how="outer",
        suffixes=("_old", "_new"),
        indicator=True,
    )
    changes = Changes()
    other = [k for k in keys if k != time_key]

    def period(row) -> str:
        return str(row[time_key]) if time_key else ""

    def where(row) -> str:
        return " ".join(str(row[k]) for k in other)

    added = merged[merged["_merge"] == "right_only"]
    changes.new_cells = len(added)
    if time_key:
        old_periods = set(before[time_key].astype(str))
        changes.new_periods = sorted(set(added[time_key].astype(str)) - old_periods)
    for _, row in merged[merged["_merge"] == "left_only"].iterrows():
        changes.removed.append(f"{period(row)} {where(row)}".strip())
    both = merged[merged["_merge"] == "both"]
    for _, row in both.iterrows():
        a, b = row["value_old"], row["value_new"]
        same = (pd.isna(a) and pd.isna(b)) or (not pd.isna(a) and not pd.isna(b) and a == b)
        if not same or (pd.isna(a) and row["symbol_old"] != row["symbol_new"]):
            changes.revised.append(
                (
                    period(row),
                    where(row),
                    _show(a, row["symbol_old"]),
                    _show(b, row["symbol_new"]),
                )
            )
    return changes


def _variables(keys: list[str]) -> list[str]:
    return [k.removesuffix("_code") for k in keys]
