"""A papermill engine that executes a notebook in the calling Python process.

``papermill.execute_notebook(..., engine_name="seuranta")`` runs each code cell in an
IPython :class:`~IPython.core.interactiveshell.InteractiveShell` created for that
notebook (a fresh namespace), instead of starting a Jupyter kernel. The outputs are the
ones a kernel would have produced, as nbformat output nodes, in the order they happened:

- ``stream`` for ``sys.stdout`` / ``sys.stderr`` (consecutive writes merged);
- ``display_data`` for ``display(...)`` and for matplotlib figures (the shell uses the
  same ``matplotlib_inline`` backend as ipykernel, so figures are shown at the end of a
  cell or on ``plt.show()``), with the mime bundle and its metadata;
- ``execute_result`` for a trailing expression;
- ``error`` with ``ename``, ``evalue`` and the IPython ``traceback``.

When a cell raises, the engine records the ``error`` output, tells papermill through
``nb_man.cell_exception`` and stops, exactly like papermill's nbclient engine; papermill
then raises :class:`papermill.exceptions.PapermillExecutionError` (with the cell index,
source, ``ename`` and ``evalue``) and writes the error markers into the notebook.

The engine isolates notebooks from each other only as far as one process can: a new
shell and namespace per notebook, ``__main__`` and the matplotlib backend restored
afterwards. Modules imported or changed by a notebook stay changed in the process, so
:mod:`seuranta.render.scheduler` runs every notebook in its own forked child process.

Only what a kernel offers a report notebook is supported: no stdin, no widgets, and
output written by subprocesses straight to file descriptor 1 or 2 is not captured.
"""

from __future__ import annotations

import ast
import contextlib
import io
import sys
from typing import Any

import nbformat
from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from papermill.engines import Engine, papermill_engines
from traitlets.config import Config

ENGINE_NAME = "seuranta"


class _CellOutputs:
    """The outputs of the cell being executed, in the order they were produced."""

    def __init__(self) -> None:
        self.outputs: list[nbformat.NotebookNode] = []
        self._by_display_id: dict[str, list[nbformat.NotebookNode]] = {}

    def stream(self, name: str, text: str) -> None:
        if not text:
            return
        last = self.outputs[-1] if self.outputs else None
        if last is not None and last.output_type == "stream" and last.name == name:
            last.text += text
        else:
            self.outputs.append(nbformat.v4.new_output("stream", name=name, text=text))

    def display(
        self, data: dict, metadata: dict | None, transient: dict | None, update: bool
    ) -> None:
        display_id = (transient or {}).get("display_id")
        if update:
            for output in self._by_display_id.get(display_id, []):
                output.data = nbformat.from_dict(dict(data))
                output.metadata = nbformat.from_dict(dict(metadata or {}))
            return
        output = nbformat.v4.new_output(
            "display_data", data=dict(data), metadata=dict(metadata or {})
        )
        self.outputs.append(output)
        if display_id:
            self._by_display_id.setdefault(display_id, []).append(output)

    def result(self, data: dict, metadata: dict | None, execution_count: int) -> None:
        self.outputs.append(
            nbformat.v4.new_output(
                "execute_result",
                data=dict(data),
                metadata=dict(metadata or {}),
                execution_count=execution_count,
            )
        )

    def error(self, ename: str, evalue: str, traceback: list[str]) -> None:
        self.outputs.append(
            nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=list(traceback))
        )

    def clear(self) -> None:
        self.outputs.clear()


class _Stream(io.TextIOBase):
    """``sys.stdout`` or ``sys.stderr`` while a cell runs: writes become ``stream`` outputs."""

    def __init__(self, sink: _CellOutputs, name: str) -> None:
        self._sink = sink
        self.name = name

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._sink.stream(self.name, text)
        return len(text)


class _Publisher(DisplayPublisher):
    """``display(...)`` -> ``display_data`` outputs of the running cell."""

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kw):
        self.shell.cell_outputs.display(data, metadata, transient, update)

    def clear_output(self, wait=False):
        self.shell.cell_outputs.clear()


class _DisplayHook(DisplayHook):
    """A trailing expression -> an ``execute_result`` output (no ``Out[n]:`` prompt)."""

    def write_output_prompt(self):
        pass

    def write_format_data(self, format_dict, md_dict=None) -> None:
        self.shell.cell_outputs.result(format_dict, md_dict, self.shell.execution_count)

    def finish_displayhook(self):
        self._is_active = False


class NotebookShell(InteractiveShell):
    """The IPython shell of one notebook, writing its outputs into the running cell."""

    cell_outputs: _CellOutputs

    def _showtraceback(self, etype, evalue, stb: list[str]):
        self.cell_outputs.error(etype.__name__, str(evalue), stb)

    def enable_gui(self, gui=None):
        if gui is not None:  # "inline" needs no event loop; nothing else makes sense here
            raise NotImplementedError(f"no GUI event loop in a report run (asked for {gui})")

    def run_code_cell(self, cell: nbformat.NotebookNode) -> bool:
        """Run one code cell, set its outputs and execution count; False if it raised."""
        self.cell_outputs = _CellOutputs()
        execution_count = self.execution_count
        saved = sys.stdout, sys.stderr
        sys.stdout = _Stream(self.cell_outputs, "stdout")
        sys.stderr = _Stream(self.cell_outputs, "stderr")
        try:
            result = self.run_cell(cell.source, store_history=True, silent=False)
        finally:
            sys.stdout, sys.stderr = saved
        cell.execution_count = execution_count
        cell.outputs = self.cell_outputs.outputs
        return result.success


def _clear_instances() -> None:
    # traitlets clears a singleton on the class asked and its bases, not on subclasses
    NotebookShell.clear_instance()
    InteractiveShell.clear_instance()


def new_shell() -> NotebookShell:
    """A new shell (and namespace) for one notebook, registered as the IPython instance.

    ``IPython.display.display`` and the inline matplotlib backend find the shell through
    ``InteractiveShell.instance()``, so any previous instance is dropped first. History
    stays in memory: nothing is written to ``~/.ipython`` and no history thread starts.
    """
    _clear_instances()
    config = Config()
    config.HistoryManager.enabled = False
    config.HistoryManager.hist_file = ":memory:"
    shell = NotebookShell.instance(
        config=config,
        displayhook_class=_DisplayHook,
        display_pub_class=_Publisher,
    )
    shell.cell_outputs = _CellOutputs()
    with contextlib.suppress(ImportError):  # matplotlib is optional for the engine
        shell.enable_matplotlib("inline")
    return shell


def warm() -> None:
    """Make and drop a shell, as each notebook's own will be made: what IPython and matplotlib
    load the first time (the completer, the backend registry's entry points, the inline
    backend) is then loaded once in the warm parent, not again in every forked page."""
    restore = _Restore()
    try:
        new_shell()
    finally:
        restore()


class _Restore:
    """What a notebook run changes in the calling process and the engine puts back."""

    def __init__(self) -> None:
        self.main = sys.modules.get("__main__")
        self.displayhook = sys.displayhook
        self.excepthook = sys.excepthook
        self.mpl: tuple[str, bool] | None = None
        if "matplotlib" in sys.modules:  # never imported here for a notebook without it
            import matplotlib

            self.mpl = (matplotlib.get_backend(), matplotlib.is_interactive())

    def __call__(self) -> None:
        _clear_instances()
        if self.main is not None:
            sys.modules["__main__"] = self.main
        sys.displayhook = self.displayhook
        sys.excepthook = self.excepthook
        if self.mpl is not None:  # matplotlib was loaded before the notebook ran
            import matplotlib
            import matplotlib.pyplot as plt

            plt.close("all")
            plt.switch_backend(self.mpl[0])
            matplotlib.interactive(self.mpl[1])


class InProcessEngine(Engine):
    """papermill engine ``seuranta``: execute the notebook in this process (see module doc)."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs: Any) -> None:
        if _refuse_unknown_parameters(nb_man):
            return
        restore = _Restore()
        shell = new_shell()
        try:
            for index, cell in enumerate(nb_man.nb.cells):
                try:
                    nb_man.cell_start(cell, index)
                    runs = cell.cell_type == "code" and cell.source.strip()
                    if runs and not shell.run_code_cell(cell):
                        nb_man.cell_exception(cell, cell_index=index)
                        break
                finally:
                    nb_man.cell_complete(cell, cell_index=index)
            nb_man.nb.metadata["language_info"] = _language_info()
        finally:
            shell.cell_outputs = _CellOutputs()
            restore()

    @classmethod
    def nb_kernel_name(cls, nb, name=None):
        """No kernel is started; keep the notebook's kernel name for the record."""
        return name or nb.metadata.get("kernelspec", {}).get("name") or "python3"

    @classmethod
    def nb_language(cls, nb, language=None):
        return language or "python"


def declared_parameters(nb: Any) -> list[str]:
    """The names the notebook's ``parameters`` cell assigns, in order."""
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            names = []
            for node in ast.parse(cell.source).body:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if isinstance(node, ast.Assign | ast.AnnAssign):
                    names += [t.id for t in targets if isinstance(t, ast.Name)]
            return names
    return []


def _refuse_unknown_parameters(nb_man: Any) -> bool:
    """A parameter the notebook does not declare (``-p gaol 3``) fails its injected cell,
    naming the ones it takes, instead of being ignored with a warning; True if so."""
    given = nb_man.nb.metadata.get("papermill", {}).get("parameters") or {}
    declared = declared_parameters(nb_man.nb)
    unknown = [name for name in given if declared and name not in declared]
    if not unknown:
        return False
    message = f"unknown parameter {', '.join(unknown)}: this notebook takes {', '.join(declared)}"
    for index, cell in enumerate(nb_man.nb.cells):
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            nb_man.cell_start(cell, index)
            cell.outputs = [
                nbformat.v4.new_output(
                    "error", ename="ValueError", evalue=message, traceback=[message]
                )
            ]
            nb_man.cell_exception(cell, cell_index=index)
            nb_man.cell_complete(cell, cell_index=index)
            return True
    return False


def _language_info() -> dict[str, Any]:
    return {
        "name": "python",
        "version": ".".join(map(str, sys.version_info[:3])),
        "mimetype": "text/x-python",
        "file_extension": ".py",
        "pygments_lexer": "ipython3",
        "codemirror_mode": {"name": "ipython", "version": 3},
        "nbconvert_exporter": "python",
    }


def register() -> None:
    """Make ``engine_name="seuranta"`` available to papermill in this process."""
    papermill_engines.register(ENGINE_NAME, InProcessEngine)


register()
