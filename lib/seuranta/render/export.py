"""Executed notebook -> the self-contained HTML page of an appendix (nbconvert).

The template ``templates/appendix`` keeps only the page blocks the library displayed
(:data:`BLOCK_MIMETYPE`): nothing an analyst displays while exploring, no code, prompts,
scripts, MathJax or require.js, and nothing loaded from the network (the stylesheet is
inlined, figures are data URIs). Its ``<html lang>`` and
``<title>`` come from the page record that :meth:`seuranta.pages.page.Page.start` displays.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import nbformat
from nbconvert import HTMLExporter, TemplateExporter
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter


@cache
def _css() -> str:
    return (resources.files("seuranta") / "appendix.css").read_text(encoding="utf-8")


class AppendixExporter(HTMLExporter):
    """nbconvert's HTML exporter without its final pass over the page.

    After rendering the template, :class:`~nbconvert.HTMLExporter` parses the whole page
    with BeautifulSoup to give images without ``alt`` a placeholder text and JupyterLab's
    cell markup a ``tabindex``. The appendix template has no such markup and every image
    and chart on a page carries its own text alternative (seuranta.pages.page refuses one
    without), so the pass changes nothing but costs a fifth of a page's render time with
    inline SVG charts (thousands of elements). The template's output is the page as is.
    """

    def from_notebook_node(self, nb, resources=None, **kw):
        resources = self._init_resources(resources)
        self.register_filter("highlight_code", self.filters.get("highlight_code", lambda x: x))
        self.register_filter(
            "filter_data_type",
            WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            ),
        )
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


@cache
def _exporter() -> HTMLExporter:
    templates = resources.files("seuranta") / "templates"
    exporter = AppendixExporter(
        extra_template_basedirs=[str(templates)],
        template_name="appendix",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_markdown=True,
        exclude_raw=True,
        anchor_link_text="",
    )
    return exporter


def export_html(nb: nbformat.NotebookNode) -> str:
    """The appendix page of an executed notebook."""
    html, _ = _exporter().from_notebook_node(nb, resources={"seuranta_css": _css()})
    return html
