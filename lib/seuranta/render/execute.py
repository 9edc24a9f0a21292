"""One appendix, executed and exported in its own (forked) render process.

:func:`render_one` runs the notebook through papermill with the in-process engine
(:mod:`seuranta.render.engine`), exports the executed notebook to HTML and writes the
page, the files attached to it and the executed notebook.

Isolation
---------
The process is a copy of the warm parent taken before any notebook ran
(:mod:`seuranta.render.scheduler`): a notebook's globals, ``rcParams``, working directory,
environment and changes to imported modules die with it. Each notebook runs with the
notebook folder as working directory, ``SEURANTA_ROOT`` set to the project root and a
fresh IPython shell using the ``matplotlib_inline`` backend like ipykernel.

Deterministic outputs
---------------------
The same inputs give the same bytes: the HTML, Table 1's ``.csv`` and ``.xlsx``
(:mod:`seuranta.pages.workbook` writes no clock into it) and the executed notebooks except
the times papermill records (``metadata.papermill.start_time``, ``end_time`` and
``duration`` of the notebook and of each cell). The notebook records its ``input_path`` and
``output_path`` relative to the project root (papermill would write the absolute path of
the temporary file), so that the record does not depend on where the project is checked
out, and the cell papermill injects gets the id ``injected-parameters`` instead of a random
one.

Files beside a page
-------------------
A notebook writes nothing itself. Files published beside a page (Table 1 as ``.xlsx`` and
``.csv``) are attached to it (:meth:`seuranta.pages.page.Page.attach`: name, bytes and hash
in the executed notebook); :func:`render_one` writes each one whole
(:func:`seuranta.files.write_atomic`) before the page, and a page counts as fresh only
while its attachments are on disk with their recorded hashes.

This module imports papermill and nbformat: only the warm parent and its render processes
load it, never a run with nothing to render.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
import papermill
from papermill.exceptions import PapermillExecutionError

from seuranta.errors import SeurantaError
from seuranta.files import sha256_file, temp_file, write_atomic
from seuranta.pages import ATTACHMENT_MIMETYPE, SOURCES_MIMETYPE
from seuranta.render.engine import ENGINE_NAME
from seuranta.render.manifest import Target, timestamp
from seuranta.render.outcome import error_record
from seuranta.render.plan import Appendix

#: Turns an executed notebook into the page's HTML.
Exporter = Callable[[Any], str]


def sources_of(nb: Any) -> list[str]:
    """The raw files a page drew on (seuranta.pages.page.Page.end), for the manifest."""
    files: list[str] = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            record = output.get("data", {}).get(SOURCES_MIMETYPE)
            if record:
                files += [f for f in record.get("files", []) if f not in files]
    return files


def attachments_of(nb: Any) -> dict[str, bytes]:
    """The files a notebook attached to its page (seuranta.pages.page.Page.attach), by name."""
    found: dict[str, bytes] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            record = output.get("data", {}).get(ATTACHMENT_MIMETYPE)
            if record is None:
                continue
            name = str(record["name"])
            if "/" in name or "\\" in name or name.startswith(".") or name.endswith(".html"):
                raise SeurantaError(f'attachment "{name}": expected a plain file name')
            data = base64.b64decode(record["base64"])
            if hashlib.sha256(data).hexdigest() != record["sha256"]:
                raise SeurantaError(f'attachment "{name}": its bytes do not match its hash')
            found[name] = data
    return found


def resources_of(nb: Any) -> list[dict[str, Any]]:
    """The Data Package resources of the files a notebook attached, in the order attached."""
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            record = output.get("data", {}).get(ATTACHMENT_MIMETYPE)
            if record is not None and record.get("resource"):
                found.append(dict(record["resource"]))
    return found


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= 80 else line[:77] + "..."
    return ""


def _source_cell_number(notebook: Path, source: str, executed_index: int) -> int | None:
    """The 1-based position in the source notebook of the cell that ran ``source``."""
    cells = nbformat.read(notebook, as_version=4).cells
    matches = [i for i, cell in enumerate(cells) if cell.source == source]
    if not matches:
        return None
    return min(matches, key=lambda i: abs(i - executed_index)) + 1


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.name}: {record.getMessage()}")


def _prepare_child(root: Path) -> _Collect:
    """A child's process state: like a fresh kernel, plus papermill's warnings collected."""
    os.environ["SEURANTA_ROOT"] = str(root)
    os.environ["MPLBACKEND"] = "Agg"
    logging.root.handlers.clear()
    logging.root.setLevel(logging.WARNING)
    collect = _Collect()
    papermill_log = logging.getLogger("papermill")
    papermill_log.handlers[:] = [collect]
    papermill_log.propagate = False
    return collect


def render_one(appendix: Appendix, where: Target, exporter: Exporter, root: Path) -> dict[str, Any]:
    """Execute and export one appendix; meant to run in its own (forked) process.

    Returns a JSON-able result: ``status`` ("rendered" or "failed"), ``duration_s``,
    ``finished_at``, ``html_sha256``, ``attachments`` and ``sources`` or ``error``, and
    ``warnings``.
    """
    collect = _prepare_child(root)
    start = time.perf_counter()
    result: dict[str, Any] = {"warnings": collect.messages}
    tmp = temp_file(where.executed, suffix=".ipynb")  # papermill wants the .ipynb suffix
    try:
        try:
            nb = papermill.execute_notebook(
                str(appendix.notebook),
                str(tmp),
                parameters=appendix.parameters,
                engine_name=ENGINE_NAME,
                kernel_name="python3",
                language="python",
                progress_bar=False,
                request_save_on_cell_execute=False,
                cwd=str(appendix.notebook.parent),
            )
        except PapermillExecutionError as err:
            os.replace(tmp, where.failed)
            result["error"] = {
                "stage": "execute",
                "cell": _source_cell_number(appendix.notebook, err.source, err.cell_index),
                "source": _first_line(err.source),
                "ename": err.ename,
                "evalue": err.evalue,
                "traceback": "\n".join(err.traceback),
                "record": str(where.failed),
            }
            return result
        except Exception as err:
            result["error"] = error_record("execute", err)
            return result
        _stable_record(nb, appendix.notebook, where.executed, root)
        papermill.iorw.write_ipynb(nb, str(tmp))
        try:
            html = exporter(nb)
            attached = attachments_of(nb)
        except Exception as err:
            result["error"] = error_record("export", err)
            return result
        for name, data in attached.items():  # each whole or not at all, before the page
            write_atomic(where.html.parent / name, data)
        write_atomic(where.html, html)
        os.replace(tmp, where.executed)
        result["executed_sha256"] = sha256_file(where.executed)
        result["attachments"] = {
            name: hashlib.sha256(data).hexdigest() for name, data in attached.items()
        }
        result["sources"] = sources_of(nb)
        result["resources"] = resources_of(nb)
        with contextlib.suppress(FileNotFoundError):
            where.failed.unlink()
        result["html_sha256"] = hashlib.sha256(html.encode("utf-8")).hexdigest()
        return result
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        result["duration_s"] = round(time.perf_counter() - start, 3)
        result["finished_at"] = timestamp()
        result["status"] = "failed" if "error" in result else "rendered"


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _stable_record(nb: Any, notebook: Path, executed: Path, root: Path) -> None:
    """Take out of the executed notebook what papermill makes different on every run.

    papermill records the absolute paths it was given (here a temporary file with a random
    name) and gives the cell it injects a random id. The paths become relative to the
    project root with the final output path, and the cell's id is ``injected-parameters``;
    only the times remain (see the module docstring).
    """
    record = nb.metadata.get("papermill")
    if record is not None:
        record["input_path"] = _relative(notebook, root)
        record["output_path"] = _relative(executed, root)
    ids = {cell.get("id") for cell in nb.cells}
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "injected-parameters" in tags and "id" in cell and "injected-parameters" not in ids:
            cell["id"] = "injected-parameters"
            break
