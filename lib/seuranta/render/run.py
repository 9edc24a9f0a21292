"""``seuranta render``: execute the notebooks and export the HTML appendices.

For one programme and report year the plan is, per language: ``index``, ``overview``,
``goal-1`` ... ``goal-N`` (notebook ``goal.ipynb`` with ``goal=n``) and ``budget`` (when
the year has ledger rows). Each appendix is executed with papermill (parameters
``programme``, ``year``, ``lang`` and ``goal``), exported with
:func:`seuranta.render.export.export_html` and written to::

    outputs/<programme>/<year>/<lang>/<name>.html             the page
    outputs/<programme>/<year>/<lang>/<file>                  files attached to the page
    outputs/<programme>/<year>/<lang>/notebooks/<name>.ipynb  the executed notebook (record)
    outputs/<programme>/<year>/manifest.json                  what was rendered from what

Design (why this is fast)
-------------------------
A Jupyter kernel costs ~1.6 s of CPU per notebook (start-up and imports) before the first
cell runs. Here no kernel is started:

- **In-process engine.** Notebooks run through the papermill engine ``seuranta``
  (:mod:`seuranta.render.engine`): each cell is executed by an IPython ``InteractiveShell`` in the
  Python process, with the outputs a kernel would produce. papermill still parameterises
  the notebook, records its metadata and raises ``PapermillExecutionError`` on a failing
  cell.
- **Warm fork per appendix.** Only when something must render, the parent imports the
  heavy modules once (pandas, matplotlib with the Agg backend, nbformat, nbconvert,
  papermill, IPython, the modules the planned notebooks import) and warms the HTML
  exporter, fonts and locale data. Each appendix then runs in its own child process
  forked from that parent (``multiprocessing`` "fork" context, one process per appendix,
  at most ``--jobs`` at a time), so it starts warm but with fresh state. The warm-up is
  the only serial part (~1.5 s on the reference machine); it imports jsonschema without
  the optional ``rfc3987_syntax`` grammar, which alone would cost ~1 s more (see
  :func:`seuranta.programme.schema.import_jsonschema`).

  ``ProcessPoolExecutor(mp_context=fork, max_tasks_per_child=1)`` was the first idea, but
  Python refuses that combination (``max_tasks_per_child`` is incompatible with "fork",
  CPython issue 90622), and the executor forks from its management thread. The small
  scheduler here forks from the main thread, reads one result per child from a pipe, and
  reports a child that dies without answering (a segfault, ``os._exit``) as a failure.

Isolation
---------
A child is a copy of the parent taken before any notebook ran: a notebook's globals,
``rcParams``, working directory, environment and changes to imported modules die with its
process, and the next appendix forks again from the clean parent. Each notebook runs with
the notebook folder as working directory, ``SEURANTA_ROOT`` set to the project root and a
fresh IPython shell using the ``matplotlib_inline`` backend like ipykernel.

Skipping what has not changed
-----------------------------
Before importing anything heavy, the command hashes (SHA-256 of the content, never mtimes)
the notebook, every file under ``lib/seuranta`` (code, locales, templates; not
``__pycache__``, ``*.pyc`` or dotfiles) and every file of ``data/processed/<programme>``,
and reads the versions of the packages that shape a page (:data:`VERSIONED`: Python,
papermill, nbconvert, nbformat, pandas, matplotlib, Babel, openpyxl, IPython, ipykernel and
the library itself) from the installed distributions' ``*.dist-info`` folder names, without
importing them (:func:`package_versions`). With the parameters these make the appendix's
*cache key* (:func:`cache_key`, a pure function of its inputs). An appendix is skipped when
its key equals the key of its last good render in ``manifest.json`` and its HTML and
executed notebook are still on disk with the recorded HTML hash (unless ``--force``); so an
upgrade of any of those packages (a new lock, see the README) re-renders every page.

Deterministic outputs
---------------------
The same inputs give the same bytes: the HTML, Table 1's ``.csv`` and ``.xlsx``
(:mod:`seuranta.pages.workbook` writes no clock into it) and the executed notebooks except the times
papermill records (``metadata.papermill.start_time``, ``end_time`` and ``duration`` of the
notebook and of each cell). The notebook records its ``input_path`` and ``output_path``
relative to the project root (papermill would write the absolute path of the temporary
file), so that the record does not depend on where the project is checked out, and the
cell papermill injects gets the id ``injected-parameters`` instead of a random one.

Planning needs the goals, the report years and whether the year has a ledger. These are
read from ``data/processed/<programme>`` with the csv module (``indicators.csv`` and
``budget.csv``, the same tables :func:`seuranta.dataset.load` reads) rather than through
pandas, so that a run with nothing to do stays well under a second.

Failures
--------
A failing appendix does not stop the others. Its HTML and executed notebook stay as they
were (new files are written to temporary files and moved into place only on success); the
failed execution is kept as ``notebooks/<name>.failed.ipynb`` (papermill marks the cell).
The log names the notebook, the cell (numbered from 1 as in Jupyter, counting markdown
cells, not counting papermill's injected-parameters cell), the first line of its source
and the error; the traceback is logged at DEBUG level. :func:`render_command` returns 1.

manifest.json
-------------
``appendices.<name>.<lang>`` holds, for the latest run: ``notebook``, ``parameters``,
``inputs`` (hashes of the notebook, the library, the template, each processed data file),
``versions``, ``cache_key``, ``status`` (rendered / skipped / failed), ``duration_s`` (time
spent on the appendix in that run), ``run_at``, ``error`` (if failed) and ``last_good``:
``rendered_at``, ``duration_s``, ``cache_key``, ``html_sha256`` of the page on disk and
``attachments`` (name -> SHA-256 of each file published beside it).

Files beside a page
-------------------
A notebook writes nothing itself. Files published beside a page (Table 1 as ``.xlsx`` and
``.csv``) are attached to it (:meth:`seuranta.pages.page.Page.attach`: name, bytes and hash in
the executed notebook); :func:`render_one` writes each one whole (a unique temporary file,
then a rename) before the page, and a page counts as fresh only while its attachments are
on disk with their recorded hashes.
"""

from __future__ import annotations

import ast
import contextlib
import csv
import hashlib
import json
import logging
import os
import re
import sys
import tempfile
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from seuranta.catalog import LANGUAGES, appendix_pages, table_file
from seuranta.errors import SeurantaError
from seuranta.location import display_path
from seuranta.paths import ProjectPaths, project_paths
from seuranta.programme.schema import import_jsonschema

log = logging.getLogger(__name__)

MANIFEST_VERSION = 1
LIBRARY_ROOT = Path(__file__).resolve().parents[1]
#: Distributions whose version is part of every cache key (with Python's own).
VERSIONED = ("seuranta", "papermill", "nbconvert", "nbformat", "pandas", "matplotlib")
VERSIONED += ("babel", "openpyxl", "ipykernel", "ipython")
#: Imported by the parent before forking, so every appendix starts with them loaded.
HEAVY_MODULES = (
    "pandas",
    "pyarrow.parquet",
    "matplotlib.pyplot",
    "matplotlib_inline.backend_inline",
    "nbformat",
    "nbconvert",
    "papermill",
    "IPython",
    "seuranta.render.engine",
    "seuranta.dataset",
    "seuranta.render.export",
)

Exporter = Callable[[Any], str]


# -- the plan -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Appendix:
    """One page to render: a notebook, its parameters and the name of its output files."""

    name: str  # "goal-1": the file names <name>.html and notebooks/<name>.ipynb
    lang: str
    notebook: Path
    parameters: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.lang}/{self.name}"


def _rows(path: Path) -> Iterable[dict[str, str]]:
    from seuranta.errors import InputError

    if not path.is_file():
        raise InputError(path, "missing: run `seuranta clean` to rebuild data/processed")
    with path.open(newline="", encoding="utf-8") as f:
        yield from csv.DictReader(f)


@dataclass(frozen=True)
class ProgrammeFacts:
    """What planning needs to know about a programme's cleaned data."""

    goals: tuple[int, ...]
    report_years: tuple[int, ...]
    ledger_years: frozenset[int]
    languages: tuple[str, ...] = LANGUAGES  # the languages the programme publishes


def programme_facts(programme: str, paths: ProjectPaths) -> ProgrammeFacts:
    """Goals, report years and years with a ledger, from ``data/processed`` (no pandas)."""
    from seuranta.programme.model import list_programmes, load_programme

    known = list_programmes(paths)
    if programme not in known:
        raise SeurantaError(
            f'unknown programme "{programme}": known programmes are {", ".join(known) or "none"}'
        )
    definition = load_programme(programme, paths, processed=True)
    folder = paths.processed_programme(programme)
    years = sorted({int(row["report_year"]) for row in _rows(folder / table_file("indicators"))})
    # A programme without a ledger has no budget table at all (seuranta.clean.run).
    ledger_table = folder / table_file("ledger")
    ledger = (
        {int(row["report_year"]) for row in _rows(ledger_table)}
        if ledger_table.is_file()
        else set()
    )
    return ProgrammeFacts(
        tuple(g.number for g in definition.goals),
        tuple(years),
        frozenset(ledger),
        definition.languages,
    )


def parse_languages(text: str | None, published: Sequence[str] = LANGUAGES) -> list[str]:
    """The languages of ``--lang fi,sv``; without one, every language the programme publishes.

    A language the programme does not publish is an error: its texts are not there.
    """
    if text is None:
        return list(published)
    langs = [part.strip() for part in text.split(",") if part.strip()]
    if not langs:
        raise SeurantaError("no language given: expected e.g. --lang fi,sv,en")
    for lang in langs:
        if lang not in LANGUAGES:
            raise SeurantaError(
                f'unknown language "{lang}": expected one of {", ".join(LANGUAGES)}'
            )
        if lang not in published:
            raise SeurantaError(
                f'language "{lang}" is not published by this programme: its programme.yaml '
                f"gives languages {', '.join(published)}"
            )
    return list(dict.fromkeys(langs))


def plan(
    programme: str,
    year: int | None,
    langs: Sequence[str],
    *,
    paths: ProjectPaths | None = None,
    notebooks: Path | None = None,
    only: Sequence[str] | None = None,
) -> tuple[int, list[Appendix]]:
    """The report year (default: the latest) and the appendices to render, in order."""
    paths = paths or project_paths()
    notebooks = notebooks or paths.notebooks
    facts = programme_facts(programme, paths)
    if not facts.report_years:
        raise SeurantaError(f"{programme}: no report years in data/processed; run seuranta clean")
    if year is None:
        year = facts.report_years[-1]
    elif year not in facts.report_years:
        raise SeurantaError(
            f"no report for {year}: {programme} has report years "
            f"{', '.join(map(str, facts.report_years))}"
        )
    pages = appendix_pages(facts.goals, with_budget=year in facts.ledger_years)
    if only:
        available = [name for name, _, _ in pages]
        unknown = [name for name in only if name not in available]
        if unknown:
            raise SeurantaError(
                f'unknown appendix "{unknown[0]}" for {programme} {year}: '
                f"expected one of {', '.join(available)}"
            )
        pages = [page for page in pages if page[0] in only]
    appendices = []
    for lang in langs:
        for name, stem, extra in pages:
            notebook = notebooks / f"{stem}.ipynb"
            if not notebook.is_file():
                raise SeurantaError(f"{display_path(notebook)}: notebook not found")
            params = {"programme": programme, "year": year, "lang": lang, **extra}
            appendices.append(Appendix(name, lang, notebook, params))
    return year, appendices


# -- hashing and the cache key ------------------------------------------------------------


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def tree_hashes(root: Path) -> dict[str, str]:
    """SHA-256 of every file below ``root`` (relative POSIX paths), except caches and dotfiles."""
    found = {}
    if not root.is_dir():
        return found
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name.endswith((".pyc", ".pyo")):
                continue
            path = Path(folder, name)
            found[path.relative_to(root).as_posix()] = sha256_file(path)
    return found


def digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Inputs:
    """Hashes shared by every appendix of a run (computed once)."""

    library: dict[str, str]
    data: dict[str, str]
    notebooks: dict[Path, str] = field(default_factory=dict)

    def notebook(self, path: Path) -> str:
        if path not in self.notebooks:
            self.notebooks[path] = sha256_file(path)
        return self.notebooks[path]

    def of(self, appendix: Appendix) -> dict[str, Any]:
        templates = {k: v for k, v in self.library.items() if k.startswith("templates/")}
        return {
            "notebook": self.notebook(appendix.notebook),
            "library": digest(self.library),
            "template": digest(templates) if templates else None,
            "data": dict(self.data),
        }


def cache_key(appendix: Appendix, inputs: dict[str, Any], versions: dict[str, Any]) -> str:
    """The key of one appendix: its parameters, input hashes and the package versions.

    A pure function: ``versions`` is a mapping such as :func:`package_versions` returns, so
    a changed version (a new lock) can be tried without installing anything.
    """
    return digest(
        {
            "format": MANIFEST_VERSION,
            "parameters": appendix.parameters,
            "notebook": inputs["notebook"],
            "library": inputs["library"],
            "data": digest(inputs["data"]),
            "versions": versions,
        }
    )


# -- output locations and the manifest ----------------------------------------------------


@dataclass(frozen=True)
class Target:
    """Where one appendix's files go."""

    html: Path
    executed: Path

    @property
    def failed(self) -> Path:
        return self.executed.with_name(self.executed.stem + ".failed.ipynb")


def target(paths: ProjectPaths, programme: str, year: int, appendix: Appendix) -> Target:
    folder = paths.output_dir(programme, year, appendix.lang)
    return Target(folder / f"{appendix.name}.html", folder / "notebooks" / f"{appendix.name}.ipynb")


def manifest_path(paths: ProjectPaths, programme: str, year: int) -> Path:
    return paths.outputs / programme / str(year) / "manifest.json"


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    if not isinstance(manifest, dict) or manifest.get("manifest_version") != MANIFEST_VERSION:
        return {}
    return manifest


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def temp_file(target: Path, suffix: str = ".tmp") -> Path:
    """An empty temporary file beside ``target``, with the permissions of a new file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes it 0600
    os.close(fd)
    return Path(tmp)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write a file whole or not at all: a temporary file beside it, then os.replace."""
    tmp = temp_file(path)
    try:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def is_fresh(previous: dict[str, Any] | None, key: str, where: Target) -> bool:
    """True if the last good render has this cache key and its files are intact: the page,
    its executed notebook and every file published beside it (Table 1's downloads)."""
    good = (previous or {}).get("last_good") or {}
    if good.get("cache_key") != key or not where.html.is_file() or not where.executed.is_file():
        return False
    for name, digest in (good.get("attachments") or {}).items():
        path = where.html.parent / name
        if not path.is_file() or sha256_file(path) != digest:
            return False
    return sha256_file(where.html) == good.get("html_sha256")


def sources_of(nb: Any) -> list[str]:
    """The raw files a page drew on (seuranta.pages.page.Page.end), for the manifest."""
    from seuranta.pages.page import SOURCES_MIMETYPE

    files: list[str] = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            record = output.get("data", {}).get(SOURCES_MIMETYPE)
            if record:
                files += [f for f in record.get("files", []) if f not in files]
    return files


def attachments_of(nb: Any) -> dict[str, bytes]:
    """The files a notebook attached to its page (seuranta.pages.page.Page.attach), by name."""
    import base64

    from seuranta.pages.page import ATTACHMENT_MIMETYPE

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


# -- one appendix, in a forked child ------------------------------------------------------


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= 80 else line[:77] + "..."
    return ""


def _source_cell_number(notebook: Path, source: str, executed_index: int) -> int | None:
    """The 1-based position in the source notebook of the cell that ran ``source``."""
    import nbformat

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
    ``finished_at``, ``html_sha256`` or ``error``, and ``warnings``.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    import seuranta.render.engine

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
                engine_name=seuranta.render.engine.ENGINE_NAME,
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
            result["error"] = _error("execute", err)
            return result
        _stable_record(nb, appendix.notebook, where.executed, root)
        papermill.iorw.write_ipynb(nb, str(tmp))
        try:
            html = exporter(nb)
            attached = attachments_of(nb)
        except Exception as err:
            result["error"] = _error("export", err)
            return result
        for name, data in attached.items():  # each whole or not at all, before the page
            write_atomic(where.html.parent / name, data)
        write_atomic(where.html, html)
        os.replace(tmp, where.executed)
        result["attachments"] = {
            name: hashlib.sha256(data).hexdigest() for name, data in attached.items()
        }
        result["sources"] = sources_of(nb)
        with contextlib.suppress(FileNotFoundError):
            where.failed.unlink()
        result["html_sha256"] = hashlib.sha256(html.encode("utf-8")).hexdigest()
        return result
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        result["duration_s"] = round(time.perf_counter() - start, 3)
        result["finished_at"] = _now()
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


def _error(stage: str, err: BaseException) -> dict[str, Any]:
    return {
        "stage": stage,
        "ename": type(err).__name__,
        "evalue": str(err),
        "traceback": "".join(traceback.format_exception(err)),
    }


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this (forked) process when its parent dies (Linux), so that no
    page is written after a killed ``seuranta render``; exit at once if it already has."""
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died between fork and prctl
        os._exit(1)


def _child_main(task: Callable[[], dict[str, Any]], conn, parent: int | None = None) -> None:
    if parent is not None:
        die_with_parent(parent)
    try:
        result = task()
    except BaseException as err:
        result = {"status": "failed", "error": _error("worker", err), "warnings": []}
    conn.send(result)
    conn.close()


def run_forked(
    tasks: Sequence[Callable[[], dict[str, Any]]],
    jobs: int,
    done: Callable[[int, dict[str, Any]], None],
) -> None:
    """Run each task in its own process forked from this one, at most ``jobs`` at a time.

    ``done(i, result)`` is called in this process as each task finishes. A child that exits
    without a result (crash, ``os._exit``) gives a "worker" failure.
    """
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("fork")
    pending = deque(range(len(tasks)))
    running: dict[Any, tuple[Any, int]] = {}
    try:
        while pending or running:
            while pending and len(running) < jobs:
                i = pending.popleft()
                receive, send = context.Pipe(duplex=False)
                process = context.Process(target=_child_main, args=(tasks[i], send, os.getpid()))
                process.start()
                send.close()
                running[receive] = (process, i)
            for conn in wait(list(running)):
                process, i = running.pop(conn)
                try:
                    result = conn.recv()
                except EOFError:
                    result = None
                conn.close()
                process.join()
                if result is None:
                    code = process.exitcode
                    how = f"signal {-code}" if code is not None and code < 0 else f"code {code}"
                    result = {
                        "status": "failed",
                        "warnings": [],
                        "error": {
                            "stage": "worker",
                            "ename": "WorkerDied",
                            "evalue": f"the render process exited with {how} without a result",
                            "traceback": "",
                        },
                    }
                done(i, result)
    finally:
        for process, _ in running.values():
            process.terminate()
            process.join()


# -- the parent: warm up, then render -----------------------------------------------------


def _notebook_imports(notebook: Path) -> set[str]:
    """Modules a notebook imports at the top level of its code cells (best effort)."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return set()
    names = set()
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
        try:
            tree = ast.parse("\n".join(lines))
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def warm_up(appendices: Sequence[Appendix], exporter: Exporter | None) -> None:
    """Import and initialise in this process what every appendix needs, once, before forking."""
    import importlib

    import_jsonschema()
    modules = list(HEAVY_MODULES)
    for notebook in sorted({a.notebook for a in appendices}):
        modules += sorted(_notebook_imports(notebook))
    previous = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = "Agg"  # matplotlib reads it once, at import; children set it too
    try:
        for name in dict.fromkeys(modules):
            try:
                importlib.import_module(name)
            except Exception:  # a name, not a module, or not installed: the child will say
                log.debug("warm-up: could not import %s", name)
    finally:
        if previous is None:
            del os.environ["MPLBACKEND"]
        else:
            os.environ["MPLBACKEND"] = previous

    with contextlib.suppress(Exception):  # fonts and the Agg renderer
        from io import BytesIO

        from matplotlib.figure import Figure

        fig = Figure(figsize=(2, 1))
        fig.add_subplot().set_title("Åäö 1 234,5 %")
        fig.savefig(BytesIO(), format="png")
    with contextlib.suppress(Exception):  # the data and assessments every page reads
        from seuranta import dataset as data
        from seuranta.progress import status

        for programme, year, lang in sorted(
            {
                (a.parameters["programme"], a.parameters["year"], a.parameters["lang"])
                for a in appendices
            }
        ):
            status.status_table(data.load(programme), year, lang)
    with contextlib.suppress(Exception):  # CLDR data and texts (index pages link all languages)
        from babel import Locale

        from seuranta.i18n import catalogue

        for lang in LANGUAGES:  # every language, not only the run's: the links name them
            Locale.parse(lang)
            catalogue(lang)
    if exporter is not None:
        with contextlib.suppress(Exception):  # compiles the nbconvert template once
            import nbformat

            nb = nbformat.v4.new_notebook()
            nb.cells.append(nbformat.v4.new_code_cell("1", execution_count=1))
            nb.cells[0].outputs = [
                nbformat.v4.new_output("display_data", data={"text/html": "<p>warm</p>"})
            ]
            exporter(nb)


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _dist_info_versions() -> dict[str, str]:
    """``{normalised name: version}`` from the ``<name>-<version>.dist-info`` folder names.

    The first on ``sys.path`` wins, as for imports and :mod:`importlib.metadata`. Listing the
    folders takes about a millisecond; importing :mod:`importlib.metadata` and parsing each
    METADATA file costs some 50 ms, a third of a run with nothing to render.
    """
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info") and "-" in folder:
                name, version = folder[: -len(".dist-info")].split("-", 1)
                found.setdefault(_normalise(name), version)
    return found


def package_versions() -> dict[str, str | None]:
    """Python's version and those of :data:`VERSIONED` (None when not installed)."""
    found = _dist_info_versions()
    versions: dict[str, str | None] = {"python": sys.version.split()[0]}
    for name in VERSIONED:
        versions[name] = found.get(_normalise(name))
        if versions[name] is None:  # an egg or another layout: ask the slow way
            from importlib import metadata

            with contextlib.suppress(metadata.PackageNotFoundError):
                versions[name] = metadata.version(name)
    return versions


@dataclass
class Outcome:
    appendix: Appendix
    status: str  # rendered, skipped, failed
    duration_s: float
    error: dict[str, Any] | None = None

    def summary(self) -> str:
        if self.status == "rendered":
            return f"{self.appendix.label}: rendered in {self.duration_s:.1f} s"
        if self.status == "skipped":
            return f"{self.appendix.label}: skipped (unchanged)"
        return f"{self.appendix.label}: FAILED: {failure_text(self.appendix, self.error or {})}"


def failure_text(appendix: Appendix, error: dict[str, Any]) -> str:
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
class RenderResult:
    outcomes: list[Outcome]
    manifest: Path

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)


#: Files of a killed render: :func:`temp_file` names (".<target>.<random>.tmp" or ".ipynb").
_LEFTOVER = re.compile(r"^\..+\.[^.]+\.(tmp|ipynb)$")
LOCK_NAME = ".render.lock"


@contextlib.contextmanager
def year_lock(folder: Path):
    """One ``seuranta render`` at a time per programme and year.

    Two renders of the same year would write the same pages and the same manifest; the
    second one stops with one line instead (the lock is the kernel's and goes with the
    process, so a killed render leaves none behind). Under the lock, the temporary files of
    a killed run are removed: no other render can be writing them.
    """
    import fcntl

    folder.mkdir(parents=True, exist_ok=True)
    with (folder / LOCK_NAME).open("a") as lock:
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SeurantaError(
                f"another `seuranta render` is writing {display_path(folder)} right now; "
                "run again when it has finished"
            ) from None
        remove_leftovers(folder)
        yield


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary files a killed render left below ``folder`` (pages, downloads,
    executed notebooks and the manifest are written to such files, then renamed)."""
    removed = []
    for path in folder.rglob(".*"):
        if path.is_file() and _LEFTOVER.match(path.name) and path.name != LOCK_NAME:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
    if removed:
        log.info("removed %d temporary file(s) of an interrupted render", len(removed))
    return removed


def render(
    appendices: Sequence[Appendix],
    *,
    programme: str,
    year: int,
    paths: ProjectPaths | None = None,
    jobs: int | None = None,
    force: bool = False,
    library: Path | None = None,
    exporter: Exporter | None = None,
    progress: bool | None = None,
    versions: dict[str, Any] | None = None,
) -> RenderResult:
    """Render ``appendices`` (see the module docstring); never raises for a failing notebook.

    ``library`` is the folder whose files make the library hash (default: this package);
    ``exporter`` turns an executed notebook into HTML (default:
    :func:`seuranta.render.export.export_html`); ``progress`` shows the progress bar (default: on a
    terminal); ``versions`` replaces :func:`package_versions` in the cache keys and the
    manifest (for tests). Holds the year's lock (:func:`year_lock`) while it runs.
    """
    paths = paths or project_paths()
    jobs = (os.cpu_count() or 1) if jobs is None else jobs
    if jobs < 1:
        raise SeurantaError(f"--jobs must be at least 1, found {jobs}")
    with year_lock(manifest_path(paths, programme, year).parent):
        return _render(
            appendices,
            programme=programme,
            year=year,
            paths=paths,
            jobs=jobs,
            force=force,
            library=library,
            exporter=exporter,
            progress=progress,
            versions=versions,
        )


def _render(
    appendices: Sequence[Appendix],
    *,
    programme: str,
    year: int,
    paths: ProjectPaths,
    jobs: int,
    force: bool,
    library: Path | None,
    exporter: Exporter | None,
    progress: bool | None,
    versions: dict[str, Any] | None,
) -> RenderResult:
    mpath = manifest_path(paths, programme, year)
    manifest = read_manifest(mpath)
    entries: dict[str, dict[str, Any]] = manifest.get("appendices", {})
    library_hashes = tree_hashes(library or LIBRARY_ROOT)
    if os.environ.get("SEURANTA_LOCALES"):  # a city's own texts replace the package's
        override = tree_hashes(Path(os.environ["SEURANTA_LOCALES"]))
        library_hashes |= {f"SEURANTA_LOCALES/{k}": v for k, v in override.items()}
    inputs = Inputs(library=library_hashes, data=tree_hashes(paths.processed_programme(programme)))
    versions = package_versions() if versions is None else versions
    outcomes: list[Outcome | None] = [None] * len(appendices)
    todo: list[int] = []
    attempts: dict[int, dict[str, Any]] = {}
    for i, appendix in enumerate(appendices):
        started = time.perf_counter()
        appendix_inputs = inputs.of(appendix)
        key = cache_key(appendix, appendix_inputs, versions)
        where = target(paths, programme, year, appendix)
        previous = entries.get(appendix.name, {}).get(appendix.lang)
        entry = {
            "notebook": display_path(appendix.notebook),
            "parameters": appendix.parameters,
            "html": where.html.relative_to(mpath.parent).as_posix(),
            "executed_notebook": where.executed.relative_to(mpath.parent).as_posix(),
            "inputs": appendix_inputs,
            "versions": versions,
            "cache_key": key,
            "last_good": (previous or {}).get("last_good"),
        }
        attempts[i] = entry
        if not force and is_fresh(previous, key, where):
            with contextlib.suppress(FileNotFoundError):  # a failure since superseded
                where.failed.unlink()
            outcome = Outcome(appendix, "skipped", round(time.perf_counter() - started, 3))
            outcomes[i] = outcome
            entry.update(
                status="skipped",
                duration_s=outcome.duration_s,
                run_at=_now(),
            )
            log.info("%s", outcome.summary())
        else:
            todo.append(i)

    def save() -> None:
        for i, entry in attempts.items():
            if "status" in entry:
                appendix = appendices[i]
                entries.setdefault(appendix.name, {})[appendix.lang] = entry
        manifest.update(
            manifest_version=MANIFEST_VERSION,
            programme=programme,
            year=year,
            updated_at=_now(),
            appendices=entries,
        )
        write_atomic(mpath, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")

    if todo:
        bar = _progress_bar(len(todo), progress)  # shown during the warm-up already
        import_jsonschema()  # before render.export imports nbformat
        if exporter is None:
            from seuranta.render.export import export_html

            exporter = export_html
        warm_up([appendices[i] for i in todo], exporter)
        root = paths.root
        tasks = [
            _task(appendices[i], target(paths, programme, year, appendices[i]), exporter, root)
            for i in todo
        ]

        def done(k: int, result: dict[str, Any]) -> None:
            i = todo[k]
            appendix, entry = appendices[i], attempts[i]
            for message in result.get("warnings", []):
                log.warning("%s: %s", appendix.label, message)
            outcome = Outcome(appendix, result["status"], result.get("duration_s", 0.0))
            entry.update(
                status=outcome.status,
                duration_s=outcome.duration_s,
                run_at=result.get("finished_at", _now()),
            )
            if outcome.status == "rendered":
                entry["last_good"] = {
                    "cache_key": entry["cache_key"],
                    "rendered_at": entry["run_at"],
                    "duration_s": outcome.duration_s,
                    "html_sha256": result["html_sha256"],
                    "attachments": result.get("attachments", {}),
                }
                entry["sources"] = result.get("sources", [])
                log.info("%s", outcome.summary())
            else:
                error = dict(result["error"])
                tb = error.pop("traceback", "")
                if error.get("record"):
                    error["record"] = display_path(error["record"])
                entry["error"] = error
                outcome.error = error
                log.error("%s", outcome.summary())
                if tb:
                    log.debug("%s", tb)
            outcomes[i] = outcome
            save()
            bar.update(1)

        with _redirect_logging(bar):
            try:
                run_forked(tasks, min(jobs, len(tasks)), done)
            finally:
                bar.close()
    save()
    result = RenderResult([o for o in outcomes if o is not None], mpath)
    log.info(
        "%s %s: %d rendered, %d skipped, %d failed (%s)",
        programme,
        year,
        result.count("rendered"),
        result.count("skipped"),
        result.count("failed"),
        display_path(mpath),
    )
    return result


def _task(appendix: Appendix, where: Target, exporter: Exporter, root: Path):
    return lambda: render_one(appendix, where, exporter, root)


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(total: int, show: bool | None):
    if show is False or not log.isEnabledFor(logging.INFO):
        return _NoBar()
    import tqdm

    tqdm.tqdm.monitor_interval = 0  # no monitor thread: this process forks
    return tqdm.tqdm(
        total=total,
        desc="Rendering",
        unit="page",
        file=sys.stderr,
        disable=None if show is None else not show,
    )


@contextlib.contextmanager
def _redirect_logging(bar):
    if isinstance(bar, _NoBar) or getattr(bar, "disable", True):
        yield
        return
    from tqdm.contrib.logging import logging_redirect_tqdm

    with logging_redirect_tqdm():
        yield


# -- PDF (another issue) and the command --------------------------------------------------


def render_command(args) -> int:
    """``seuranta render``: 0 if every appendix rendered or was unchanged, else 1.

    Without ``--programme``, every programme under data/raw/ in turn; without ``--lang``,
    every language the programme publishes.
    """
    paths = project_paths()
    if getattr(args, "programme", None) is None:
        from argparse import Namespace

        from seuranta.programme.model import list_programmes

        ids = list_programmes(paths)
        if not ids:
            raise SeurantaError("no programmes under data/raw/ (<programme>/programme.yaml)")
        codes = [render_command(Namespace(**{**vars(args), "programme": p})) for p in ids]
        return max(codes)
    langs = parse_languages(args.lang, programme_facts(args.programme, paths).languages)
    only = [name.strip() for name in args.only.split(",") if name.strip()] if args.only else None
    year, appendices = plan(args.programme, args.year, langs, paths=paths, only=only)
    result = render(
        appendices,
        programme=args.programme,
        year=year,
        paths=paths,
        jobs=args.jobs,
        force=args.force,
        progress=False if getattr(args, "quiet", False) else None,
    )
    if args.pdf:
        failed_langs = {o.appendix.lang for o in result.failed}
        for pdf in print_books(paths, args.programme, year, langs, skip=failed_langs):
            pin_pdf_dates(pdf, year)
    return 1 if result.failed else 0


def print_books(
    paths: ProjectPaths,
    programme: str,
    year: int,
    langs: Sequence[str],
    *,
    skip: Iterable[str] = (),
) -> list[Path]:
    """``render --pdf``: one PDF book per language of the whole appendix set (seuranta.render.book).

    The book replaces the per-page PDFs: one document with a cover, a contents list and
    continuous page numbers. A language in ``skip`` (one of its pages failed) gets no book,
    since its pages would mix this run's with the last good ones; the log says so.
    """
    from seuranta.i18n import Translator
    from seuranta.programme.model import load_programme
    from seuranta.render.book import book_file_name, print_book
    from seuranta.render.pdf import chromium, outside_event_loop

    definition = load_programme(programme, paths, processed=True)
    skip = set(skip)
    for lang in langs:
        if lang in skip:
            log.error("%s: a page failed to render, so no PDF book was printed", lang)

    def run() -> list[Path]:
        books = []
        with chromium() as browser:  # one browser for every language
            for lang in (lang for lang in langs if lang not in skip):
                folder = paths.output_dir(programme, year, lang)
                report = Translator(lang)(
                    "report.book.report", report=definition.report(lang), year=year
                )
                books.append(
                    print_book(
                        folder,
                        folder / book_file_name(lang, year),
                        report=report,
                        publisher=definition.organisation(lang),
                        browser=browser,
                    )
                )
        return books

    return outside_event_loop(run)


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[^)]{0,7}\)")


def pin_pdf_dates(path: Path, year: int) -> None:
    """Replace Chromium's print time in a PDF by the last day of the report year.

    Chromium writes the time of printing as ``/CreationDate`` and ``/ModDate``. Each is
    replaced by a date string of the same length, so the cross-reference offsets stay
    right. What Chromium still varies between two prints (the ``(nodeNNNNNNNN)`` numbers of
    tagged table cells, in their ``/ID`` and in the ``/Headers`` that point at them) is left
    alone; the README says so.
    """
    data = path.read_bytes()

    def fixed(match: re.Match[bytes]) -> bytes:
        old = match.group(0)
        new = b"/%s (D:%d1231000000+00'00')" % (match.group(1), year)
        return new if len(new) == len(old) else old

    pinned = _PDF_DATE.sub(fixed, data)
    if pinned != data:
        write_atomic(path, pinned)
