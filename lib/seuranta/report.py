"""HTML building blocks of an appendix page, shown in the notebook and exported as is.

Every block is displayed as ``text/html`` (what the appendix template keeps). Every text
that comes from data is escaped here, once: a project named ``<script>`` shows as text.
The blocks carry what accessibility needs: tables with captions and header cells, figures
with a text alternative that states the numbers and the data behind them as a table,
status words beside status colours.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from html import escape

from IPython.display import HTML, display

from seuranta.data import Dataset
from seuranta.export import PAGE_MIMETYPE
from seuranta.i18n import LANGUAGES, Translator

STATUS_SYMBOLS = {
    "target_achieved": "\u2714",  # check mark
    "substantial_progress": "\u25b2",  # up triangle
    "moderate_progress": "\u25b6",
    "limited_progress": "\u25b7",
    "deterioration": "\u25bc",  # down triangle
    "not_available": "\u2013",
}


def esc(value: object) -> str:
    return escape(str(value), quote=True)


@dataclass(frozen=True)
class Cell:
    """A table cell: text (escaped when shown) or trusted ``html`` built by this module."""

    text: str = ""
    html: str | None = None
    numeric: bool = False

    def render(self, tag: str = "td", scope: str | None = None) -> str:
        classes = ' class="num"' if self.numeric else ""
        scope_attr = f' scope="{scope}"' if scope else ""
        body = self.html if self.html is not None else esc(self.text)
        return f"<{tag}{scope_attr}{classes}>{body}</{tag}>"


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
) -> str:
    """A data table: caption, column headers, the first cell of each row a row header."""
    head = "".join(as_cell(h).render("th", "col") for h in header)
    body = []
    for row in rows:
        cells = [as_cell(c) for c in row]
        first = cells[0].render("th", "row") if row_headers else cells[0].render()
        body.append("<tr>" + first + "".join(c.render() for c in cells[1:]) + "</tr>")
    foot = ""
    if footer is not None:
        cells = [as_cell(c) for c in footer]
        foot = (
            "<tfoot><tr>"
            + cells[0].render("th", "row")
            + "".join(c.render() for c in cells[1:])
            + "</tr></tfoot>"
        )
    # A table wider than a phone scrolls inside its wrapper, which is focusable and
    # named so that keyboard users can scroll it too (WCAG 2.1.1, 1.4.10).
    return (
        f'<div class="table-wrap" role="region" tabindex="0" aria-label="{esc(caption)}"><table>'
        f"<caption>{esc(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>{foot}</table></div>"
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


@dataclass
class Page:
    """One appendix page: its language, the data it draws on, the raw files it cites."""

    dataset: Dataset
    year: int
    lang: str
    name: str  # the appendix file name without .html, e.g. "goal-1"
    used_files: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.tr = Translator(self.lang)
        self.dataset.check_year(self.year)

    @property
    def programme(self):
        return self.dataset.programme

    @cached_property
    def status(self):
        """The progress assessment of every indicator series (seuranta.status)."""
        from seuranta.status import status_table

        return status_table(self.dataset, self.year, self.lang)

    @cached_property
    def indicators(self):
        """The indicator values as the report of this year knows them."""
        return self.dataset.indicators_as_of(self.year)

    @property
    def budget_facts(self):
        """This report year's appropriation and reported spending (its ``budget.yaml``)."""
        from seuranta.budget import facts_of

        return facts_of(self.dataset.appropriation, self.year)

    def reported_spending(self) -> str:
        """The spending as the report states it: "noin 190 000 €" where the report rounds."""
        facts = self.budget_facts
        amount = self.tr.money(facts["spent_reported_eur"])
        if facts["spent_reported_rounding_eur"]:
            return self.tr("report.budget.about", value=amount)
        return amount

    # -- output -----------------------------------------------------------------------

    def show(self, html: str) -> None:
        display(HTML(html))

    def cite(self, files: Iterable[str]) -> None:
        for file in files:
            if file and file not in self.used_files:
                self.used_files.append(file)

    # -- page frame -------------------------------------------------------------------

    def start(
        self,
        title: str,
        lead: str | None = None,
        *,
        data_date: str | None = None,
        illustrative: bool = False,
    ) -> None:
        """The page record (language, title), the masthead, the title and the notices."""
        tr = self.tr
        full_title = f"{title} - {self.programme.names(self.lang)} {self.year}"
        display(
            {
                PAGE_MIMETYPE: {
                    "lang": self.lang,
                    "title": full_title,
                    "description": lead or title,
                },
                "text/plain": full_title,
            },
            raw=True,
        )
        links = []
        for lang in LANGUAGES:
            name = Translator(lang)("report.language_name")
            if lang == self.lang:
                links.append(f'<li><span lang="{lang}" aria-current="page">{esc(name)}</span></li>')
            else:
                links.append(
                    f'<li><a href="../{lang}/{esc(self.name)}.html" lang="{lang}" '
                    f'hreflang="{lang}">{esc(name)}</a></li>'
                )
        parts = [
            '<div class="masthead">',
            f"<p>{esc(self.programme.organisation(self.lang))} &middot; "
            f"{esc(self.programme.report(self.lang))} {self.year}</p>",
            f'<nav aria-label="{esc(tr("report.nav.languages"))}"><ul>{"".join(links)}</ul></nav>',
            "</div>",
            f"<h1>{esc(title)}</h1>",
        ]
        meta = [
            tr("report.meta.programme", programme=self.programme.names(self.lang)),
            tr("report.meta.report_year", year=self.year),
        ]
        if data_date:
            meta.append(tr("report.meta.data_date", date=tr.period(data_date)))
        if self.name != "index":
            meta.append(f'<a href="index.html">{esc(tr("report.nav.index"))}</a>')
            parts.append(
                '<p class="meta">'
                + " &middot; ".join(m if m.startswith("<a ") else esc(m) for m in meta)
                + "</p>"
            )
        else:
            parts.append('<p class="meta">' + " &middot; ".join(esc(m) for m in meta) + "</p>")
        if lead:
            parts.append(f'<p class="lead">{esc(lead)}</p>')
        if illustrative:
            parts.append(self.illustrative_notice())
        self.show("\n".join(parts))

    def illustrative_notice(self) -> str:
        """The notice on illustrative accounting data, with this year's budget figures."""
        tr = self.tr
        facts = self.budget_facts
        text = tr(
            "report.illustrative.text",
            appropriation=tr.money(facts["appropriation_eur"]),
            spent=self.reported_spending(),
        )
        return (
            f'<div class="notice" role="note"><p><strong>{esc(tr("report.illustrative.title"))}'
            f"</strong> {esc(text)}</p></div>"
        )

    def section(self, title: str, text: str | None = None) -> None:
        html = f"<h2>{esc(title)}</h2>"
        if text:
            html += f"<p>{esc(text)}</p>"
        self.show(html)

    def subsection(self, title: str, text: str | None = None) -> None:
        html = f"<h3>{esc(title)}</h3>"
        if text:
            html += f"<p>{esc(text)}</p>"
        self.show(html)

    def paragraph(self, text: str) -> None:
        self.show(f"<p>{esc(text)}</p>")

    def table(self, caption: str, header, rows, **options) -> None:
        self.show(table_html(caption, header, rows, **options))

    def figure(
        self, png: bytes, *, alt: str, caption: str, data_caption: str, data_header, data_rows
    ) -> None:
        """A chart with its text alternative and, one click away, its data as a table."""
        tr = self.tr
        src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        self.show(
            "<figure>"
            f'<img src="{src}" alt="{esc(alt)}">'
            f"<figcaption>{esc(caption)}</figcaption>"
            f"<details><summary>{esc(tr('report.figure.show_data'))}</summary>"
            f"{table_html(data_caption, data_header, data_rows)}</details>"
            "</figure>"
        )

    def end(self) -> None:
        """Sources of every raw file the page used, with their publishers and flags."""
        tr = self.tr
        used = self.dataset.sources_used(self.used_files)
        items = []
        for file, row in used.iterrows():
            flags = []
            if bool(row["illustrative"]):
                flags.append(tr("report.sources.illustrative"))
            if bool(row["reconstructed"]):
                flags.append(tr("report.sources.reconstructed"))
            flag_text = f" <strong>{esc('; '.join(flags))}</strong>" if flags else ""
            items.append(
                f"<li>{esc(row[f'title_{self.lang}'])}. {esc(row['publisher'])}, "
                f"{esc(tr.period(str(row['date'])))}. "
                f'<span class="meta">{esc(tr("report.sources.file"))}: '
                f"<code>{esc(file)}</code></span>{flag_text}</li>"
            )
        self.show(
            '<footer class="sources">'
            f"<h2>{esc(tr('report.sources.title'))}</h2>"
            f"<p>{esc(tr('report.sources.intro'))}</p>"
            f"<ul>{''.join(items)}</ul>"
            f'<p class="meta">{esc(tr("report.sources.made_with"))}</p>'
            "</footer>"
        )
