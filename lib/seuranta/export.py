"""Executed notebook -> the self-contained HTML page of an appendix (nbconvert).

The template ``templates/appendix`` keeps only the HTML that the library displayed: the
page has no code, prompts, scripts, MathJax or require.js, and loads nothing from the
network (the stylesheet is inlined, figures are data URIs). Its ``<html lang>`` and
``<title>`` come from the page record that :meth:`seuranta.report.Page.start` displays.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import nbformat
from nbconvert import HTMLExporter

PAGE_MIMETYPE = "application/vnd.seuranta.page+json"


@cache
def _css() -> str:
    return (resources.files("seuranta") / "appendix.css").read_text(encoding="utf-8")


@cache
def _exporter() -> HTMLExporter:
    templates = resources.files("seuranta") / "templates"
    exporter = HTMLExporter(
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
