"""The warm parent: import and initialise once what every appendix needs, then fork.

Why a render is fast: a Jupyter kernel costs ~1.6 s of CPU per notebook (start-up and
imports) before the first cell runs. Here no kernel is started:

- **In-process engine.** Notebooks run through the papermill engine ``seuranta``
  (:mod:`seuranta.render.engine`): each cell is executed by an IPython
  ``InteractiveShell`` in the Python process, with the outputs a kernel would produce.
  papermill still parameterises the notebook, records its metadata and raises
  ``PapermillExecutionError`` on a failing cell.
- **Warm fork per appendix.** Only when something must render, the parent imports the heavy
  modules once (:data:`HEAVY_MODULES`: pandas, matplotlib with the Agg backend, nbformat,
  nbconvert, papermill, IPython, and the modules the planned notebooks import) and warms
  the HTML exporter, fonts, locale data and the data every page reads (:func:`warm_up`).
  Each appendix then runs in its own child forked from that parent
  (:mod:`seuranta.render.scheduler`), so it starts warm but with fresh state. The warm-up
  is the only serial part (~1.5 s on the reference machine); it imports jsonschema without
  the optional ``rfc3987_syntax`` grammar, which alone would cost ~1 s more (see
  :func:`seuranta.programme.validate.import_jsonschema`).
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import json
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from babel import Locale

from seuranta.catalog import LANGUAGES
from seuranta.i18n import catalogue
from seuranta.programme.validate import import_jsonschema
from seuranta.render.plan import Appendix

if TYPE_CHECKING:
    from seuranta.render.execute import Exporter

log = logging.getLogger(__name__)

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


#: From this many pages on, the parent draws a chart first (~0.4 s) so that no page loads
#: the chart fonts and text layout on its own (~0.05-0.1 s each).
CHART_WARM_UP_FROM = 6


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


def import_heavy(notebooks: Iterable[Path] = (), stop: Callable[[], bool] = lambda: False) -> None:
    """Import :data:`HEAVY_MODULES` and the modules ``notebooks`` import, in this order
    (jsonschema before nbformat, ``MPLBACKEND`` before matplotlib), until ``stop()`` says
    to. Also run while a clean runs beside the render
    (:func:`seuranta.render.command.clean_if_stale`), which stops it when the clean fails.
    """
    import_jsonschema()
    modules = list(HEAVY_MODULES)
    for notebook in sorted(set(notebooks)):
        modules += sorted(_notebook_imports(notebook))
    previous = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = "Agg"  # matplotlib reads it once, at import; children set it too
    try:
        for name in dict.fromkeys(modules):
            if stop():
                return
            try:
                importlib.import_module(name)
            except Exception:  # a name, not a module, or not installed: the child will say
                log.debug("warm-up: could not import %s", name)
    finally:
        if previous is None:
            del os.environ["MPLBACKEND"]
        else:
            os.environ["MPLBACKEND"] = previous


def warm_up(appendices: Sequence[Appendix], exporter: Exporter | None) -> None:
    """Import and initialise in this process what every appendix needs, once, before forking.

    The imports are the warm-up's work, not the module's: they happen here
    (:func:`import_heavy`), and only when something must render.
    """
    import_heavy(a.notebook for a in appendices)
    with contextlib.suppress(Exception):  # IPython's shell, the inline backend
        from seuranta.render import engine

        engine.warm()
    with contextlib.suppress(Exception):  # fonts and the Agg renderer
        from matplotlib.figure import Figure

        fig = Figure(figsize=(2, 1))
        fig.add_subplot().set_title("Åäö 1 234,5 %")
        fig.savefig(BytesIO(), format="png")
    if len(appendices) >= CHART_WARM_UP_FROM:  # a few pages: each loads its own fonts
        with contextlib.suppress(Exception):  # a house-style chart as SVG: its fonts and sizes
            from seuranta.pages import charts

            for narrow in (False, True):
                fig, ax = charts.new_figure(narrow=narrow)
                ax.plot([2019, 2020, 2021], [1.0, 2.5, 2.0], marker="o")
                ax.set_title("Åäö 1 234,5 %", loc="left", fontweight="bold")
                ax.annotate("9,4 %", (2021, 2.0), fontsize=charts.SMALL, bbox=charts.LABEL_BOX)
                ax.legend(["Espoo"])
                charts.svg(fig)
    with contextlib.suppress(Exception):  # the data and assessments every page reads
        from seuranta import dataset
        from seuranta.progress import status_table

        for appendix in appendices:  # each page's own part, as the page will ask for it
            params = appendix.parameters
            part = dataset.load(params["programme"]).for_page(appendix.name, params["year"])
            status_table(part, params["year"], params["lang"])
    with contextlib.suppress(Exception):  # CLDR data and texts (index pages link all languages)
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
