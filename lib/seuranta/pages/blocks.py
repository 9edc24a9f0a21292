"""The blocks a page is made of: escaped text, table cells, accessible tables, status words.

Every text that comes from data is escaped here, once (:func:`esc`, :class:`Cell`): a project
named ``<script>`` shows as text. The blocks carry what accessibility needs: tables with
captions and header cells (:func:`table_html`), status words beside status colours and
symbols (:func:`status_html`). :func:`table_frame` gives the same table as a DataFrame of its
visible texts, for JupyterLab and the downloads.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from seuranta.i18n import Translator
from seuranta.pages.html_text import esc, plain_text

STATUS_SYMBOLS = {
    "target_achieved": "\u2714",  # check mark
    "substantial_progress": "\u25b2",  # up triangle
    "moderate_progress": "\u25b6",
    "limited_progress": "\u25b7",
    "deterioration": "\u25bc",  # down triangle
    "no_clear_change": "\u25cb",  # white circle
    "not_yet_assessable": "\u2026",  # ellipsis
    "not_available": "\u2013",
}


@dataclass(frozen=True)
class Cell:
    """A table cell: text (escaped when shown) or trusted ``html`` built by this module."""

    text: str = ""
    html: str | None = None
    numeric: bool = False

    @property
    def plain(self) -> str:
        """The cell as plain text (for the DataFrame an analyst sees)."""
        return self.text if self.html is None else plain_text(self.html)

    def render(self, tag: str = "td", scope: str | None = None, label: str | None = None) -> str:
        classes = ' class="num"' if self.numeric else ""
        scope_attr = f' scope="{scope}"' if scope else ""
        # The column's name, shown before the value where a phone stacks the cells.
        label_attr = f' data-label="{esc(label)}"' if label else ""
        body = self.html if self.html is not None else esc(self.text)
        return f"<{tag}{scope_attr}{classes}{label_attr}>{body}</{tag}>"


def table_frame(header: Sequence[object], rows: Iterable[Sequence[object]]) -> pd.DataFrame:
    """A page table as a DataFrame of its visible texts."""
    columns = [as_cell(h).plain for h in header]
    frame = pd.DataFrame([[as_cell(c).plain for c in row] for row in rows])
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame.columns = pd.Index(columns[: frame.shape[1]])
    return frame


def num(text: str) -> Cell:
    """A right-aligned numeric cell."""
    return Cell(text, numeric=True)


def as_cell(value: object) -> Cell:
    return value if isinstance(value, Cell) else Cell(str(value))


def table_html(
    caption: str,
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    *,
    footer: Sequence[object] | None = None,
    row_headers: bool = True,
    scroll: bool = False,
) -> str:
    """A data table: caption, column headers, the first cell of each row a row header.

    On a phone the rows stack (appendix.css): each cell then shows its column's name from
    ``data-label``, so no column is hidden off-screen, and the explicit ARIA roles keep the
    table a table for screen readers when its display changes. A long table (``scroll``:
    a chart's monthly data) scrolls within about one screen in its focusable, labelled
    region instead of running for metres on a phone; on paper it is printed whole.
    """
    names = [as_cell(h).plain for h in header]
    head = "".join(as_cell(h).render("th", "col") for h in header)

    def row_html(row) -> str:
        cells = [as_cell(c) for c in row]
        first = cells[0].render("th", "row") if row_headers else cells[0].render(label=names[0])
        rest = "".join(
            c.render(label=names[i + 1] if i + 1 < len(names) else None)
            for i, c in enumerate(cells[1:])
        )
        return "<tr>" + first + rest + "</tr>"

    body = "".join(row_html(row) for row in rows)
    foot = f"<tfoot>{row_html(footer)}</tfoot>" if footer is not None else ""
    # A table wider than the screen scrolls inside its wrapper, which is focusable and
    # named so that keyboard users can scroll it too (WCAG 2.1.1, 1.4.10).
    return (
        f'<div class="table-wrap{" table-scroll" if scroll else ""}" role="region" '
        f'tabindex="0" aria-label="{esc(caption)}">'
        f'<table role="table"><caption>{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>{foot}</table></div>"
    )


def status_html(tr: Translator, status: str) -> str:
    """The status word with a symbol; the colour only repeats what they say."""
    label = tr(f"progress.status.{status}")
    symbol = STATUS_SYMBOLS[status]
    return (
        f'<span class="status status-{esc(status)}">'
        f'<span aria-hidden="true">{symbol} </span>{esc(label)}</span>'
    )


def turn_html(tr: Translator) -> str:
    """ "Worse than in the previous report", beside a status that improved since the baseline."""
    return (
        '<span class="status status-turned_worse">'
        f'<span aria-hidden="true">{STATUS_SYMBOLS["deterioration"]} </span>'
        f"{esc(tr('progress.turned_worse'))}</span>"
    )
