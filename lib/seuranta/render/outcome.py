"""What became of each appendix in a run, and how a failure is told.

A failing appendix does not stop the others. Its HTML and executed notebook stay as they
were (new files are written to temporary files and moved into place only on success); the
failed execution is kept as ``notebooks/<name>.failed.ipynb`` (papermill marks the cell).
The log names the notebook, the cell (numbered from 1 as in Jupyter, counting markdown
cells, not counting papermill's injected-parameters cell), the first line of its source
and the error (:func:`failure_text`); the traceback is logged at DEBUG level.

A failure travels from the render process to the parent as a JSON-able record
(:func:`error_record`): ``stage`` (execute, export or worker), ``ename``, ``evalue``,
``traceback`` and, for a failing cell, ``cell``, ``source`` and ``record`` (the path of
the failed execution).
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seuranta.location import display_path
from seuranta.render.plan import Appendix


def error_record(stage: str, err: BaseException) -> dict[str, Any]:
    """The failure record of an exception raised at ``stage``."""
    return {
        "stage": stage,
        "ename": type(err).__name__,
        "evalue": str(err),
        "traceback": "".join(traceback.format_exception(err)),
    }


def failure_text(appendix: Appendix, error: dict[str, Any]) -> str:
    """One line: where the appendix failed and why."""
    where = display_path(appendix.notebook)
    stage = error.get("stage")
    if stage == "execute" and "source" in error:
        cell = error.get("cell")
        where += f", cell {cell if cell is not None else '?'} ({error['source']})"
    elif stage == "export":
        where += ", HTML export"
    elif stage == "worker":
        where += ", render process"
    text = f"{where}: {error.get('ename')}: {error.get('evalue')}"
    if error.get("record"):
        text += f" (executed notebook: {display_path(error['record'])})"
    return text


@dataclass
class Outcome:
    appendix: Appendix
    status: str  # rendered, skipped, failed
    duration_s: float
    error: dict[str, Any] | None = None
    how: str | None = None  # how it was rendered, where not by running its notebook

    def summary(self) -> str:
        if self.status == "rendered":
            how = f" ({self.how})" if self.how else ""
            return f"{self.appendix.label}: rendered in {self.duration_s:.1f} s{how}"
        if self.status == "skipped":
            return f"{self.appendix.label}: skipped (unchanged)"
        return f"{self.appendix.label}: FAILED: {failure_text(self.appendix, self.error or {})}"


@dataclass
class RenderResult:
    outcomes: list[Outcome]
    manifest: Path

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)
