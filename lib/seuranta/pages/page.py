"""The page a notebook builds: what reaches the published page, and nothing else.

The line between page and exploration
-------------------------------------
Only what a cell hands to a :class:`Page` reaches the published page. Each block is one
display output carrying the page's HTML under its own media type,
:data:`seuranta.pages.BLOCK_MIMETYPE`, which the appendix template alone keeps. Anything
else an analyst displays while exploring (a DataFrame, ``plt.show()``, a bare expression,
``print``) has no such media type and stays in the notebook.

In JupyterLab the same output shows what the block is: a table as a DataFrame (``text/html``
and ``text/plain`` of the DataFrame, to copy and filter), a chart as its image, a text as
text. The page keeps its accessible HTML. Every table and figure a page shows is also kept
on the page object (:attr:`Page.tables`, :attr:`Page.figures`) for a closer look.

Analysts add their own material with :meth:`Page.add_text`, :meth:`Page.add_table` and
:meth:`Page.add_figure`. A text must be given in the page's language: a mapping by
language (``{"fi": ..., "sv": ..., "en": ...}``) or a text from the catalogue
(``page.tr(...)``); a plain string is refused, since it would appear unchanged on every
language's page. A figure is refused without a text alternative and the data behind it.

The HTML itself is built from :mod:`seuranta.pages.blocks`, which escapes every text that
comes from data, once.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd
from IPython.display import display

from seuranta.dataset import Dataset
from seuranta.errors import SeurantaError
from seuranta.i18n import Translated, Translator
from seuranta.pages import (
    ATTACHMENT_MIMETYPE,
    BLOCK_MIMETYPE,
    PAGE_MIMETYPE,
    SOURCES_MIMETYPE,
    charts,
    downloads,
    frame,
)
from seuranta.pages.blocks import esc, table_frame, table_html
from seuranta.pages.html_text import block_bundle
from seuranta.pages.spending import facts_of
from seuranta.programme import Names
from seuranta.progress import status_table


@dataclass
class Page:
    """One appendix page: its language, the data it draws on, the raw files it cites."""

    dataset: Dataset
    year: int
    lang: str
    name: str  # the appendix file name without .html, e.g. "goal-1"
    used_files: list[str] = field(default_factory=list)
    #: Every table the page showed, by caption, as a DataFrame of its texts.
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    #: Every chart the page showed, by caption: its Figure, data and text alternative.
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)
    _downloads: dict[str, int] = field(default_factory=dict, repr=False)
    #: Whether the page uses the illustrative ledger, and whether its notice was shown.
    _illustrative: bool = field(default=False, repr=False)
    _noticed: bool = field(default=False, repr=False)

    def __post_init__(self) -> None:
        self.tr = Translator(self.lang)
        self.dataset.check_year(self.year)
        # Only what the page's kind declares it reads (seuranta.catalog.PAGE_READS): the
        # rows its cache key holds.
        self.dataset = self.dataset.for_page(self.name, self.year)

    @property
    def programme(self):
        return self.dataset.programme

    @cached_property
    def status(self):
        """The progress assessment of every indicator series (seuranta.progress.status)."""
        return status_table(self.dataset, self.year, self.lang)

    @cached_property
    def indicators(self):
        """The indicator values as the report of this year knows them."""
        return self.dataset.indicators_as_of(self.year)

    @property
    def budget_facts(self):
        """This report year's appropriation and reported spending (its ``budget.yaml``)."""
        return facts_of(self.dataset.appropriation, self.year)

    def reported_spending(self) -> str:
        """The spending as the report states it: "noin 190 000 €" where the report rounds."""
        facts = self.budget_facts
        amount = self.tr.money(facts["spent_reported_eur"])
        if facts["spent_reported_rounding_eur"]:
            return self.tr("report.budget.about", value=amount)
        return amount

    # -- output -----------------------------------------------------------------------

    def show(
        self,
        html: str,
        *,
        lab: Mapping[str, Any] | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> None:
        """Put trusted HTML on the page (library use: built with :func:`esc`).

        ``lab`` is what JupyterLab shows instead of the HTML (a DataFrame's or a figure's
        own representation); by default the HTML itself. ``metadata`` goes with the output
        (a commentary block's mark, :func:`seuranta.pages.commentary.slot`).
        """
        bundle = block_bundle(html)
        if lab:
            bundle = {BLOCK_MIMETYPE: html, **lab}
        if metadata:
            display(bundle, raw=True, metadata=dict(metadata))
        else:
            display(bundle, raw=True)

    def attach(self, name: str, data: bytes, resource: Mapping[str, Any] | None = None) -> str:
        """A file published beside the page (Table 1 as .xlsx and .csv, every download).

        Nothing is written here: ``seuranta render`` writes it next to the page's HTML, with
        the page, and records it in the manifest; ``resource`` (its Data Package resource:
        title, fields, types, units) goes into the language folder's ``datapackage.json``.
        Run by hand, the notebook writes nothing.
        """
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name) or name.endswith(".html"):
            raise SeurantaError(
                f'attachment "{name}": expected a plain file name (letters, digits, ._-), '
                "not a path or an HTML page"
            )
        digest = hashlib.sha256(data).hexdigest()
        display(
            {
                ATTACHMENT_MIMETYPE: {
                    "name": name,
                    "sha256": digest,
                    "base64": base64.b64encode(data).decode("ascii"),
                    **({"resource": dict(resource)} if resource else {}),
                },
                "text/plain": f"{name}: {len(data)} bytes, written beside the page by "
                "seuranta render",
            },
            raw=True,
        )
        return name

    def cite(self, files: Iterable[str]) -> None:
        for file in files:
            if file and file not in self.used_files:
                self.used_files.append(file)

    def text(self, value: object, what: str = "text") -> str:
        """``value`` in the page's language: a catalogue text, a mapping by language, or a
        programme definition's names. A plain string is refused (see the module docstring).
        """
        if isinstance(value, Translated):
            return value
        if isinstance(value, Mapping):
            missing = [lang for lang in self.languages if not str(value.get(lang) or "").strip()]
            if missing:
                raise SeurantaError(
                    f"{what}: no text in {', '.join(missing)}; give one for each language the "
                    f"pages are published in ({', '.join(self.languages)})"
                )
            return str(value[self.lang])
        if isinstance(value, Names):  # a programme definition's text, in its languages
            return value(self.lang)
        raise SeurantaError(
            f"{what}: a plain text would appear unchanged on every language's page; give "
            f"{{{', '.join(repr(lang) + ': ...' for lang in self.languages)}}} or a text from "
            "the catalogue, page.tr(...)"
        )

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the pages are published in: the programme's (programme.yaml)."""
        return self.programme.languages

    # -- page frame -------------------------------------------------------------------

    def start(
        self,
        title: str,
        lead: str | None = None,
        *,
        data_date: str | None = None,
        illustrative: bool = False,
    ) -> None:
        """The page record (language, title), the masthead, the title, the facts line and,
        on the overview and a goal page, the results at a glance before the lead.

        ``illustrative``: the page uses the illustrative ledger. Its notice stands next to
        the budget figures it qualifies (:meth:`budget_notice`, called by the sections that
        show them), not under the title; a page that shows none gets it at its end.
        """
        tr = self.tr
        self._illustrative = illustrative
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
        publisher = (
            f"{self.programme.organisation(self.lang)} \u00b7 "
            f"{self.programme.report(self.lang)} {self.year}"
        )
        parts = [
            frame.masthead_html(tr, publisher, self.name, self.lang, self.languages),
            f"<h1>{esc(title)}</h1>",
        ]
        facts = frame.facts(
            tr,
            self.programme.names(self.lang),
            self.year,
            self.status if data_date else None,
            self.name,
            self.dataset.provenance,
            data_date,
        )
        meta = [esc(m) for m in facts]
        if self.name != "index":
            meta.append(f'<a href="index.html">{esc(tr("report.nav.index"))}</a>')
        parts.append('<p class="meta">' + " &middot; ".join(meta) + "</p>")
        scope = frame.status_scope(self.status, self.name) if data_date else None
        if scope is not None and len(scope):
            parts.append(frame.results_html(tr, scope))
        if lead:
            parts.append(f'<p class="lead">{esc(lead)}</p>')
        self.show("\n".join(parts))

    def budget_notice(self) -> None:
        """The notice on illustrative accounting data, next to the budget figures it
        qualifies: shown once, where the page uses the illustrative ledger."""
        if self._illustrative and not self._noticed:
            self._noticed = True
            self.show(self.illustrative_notice())

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

    def section(self, title, text=None) -> None:
        """A section heading (h2) and an optional paragraph."""
        html = f"<h2>{esc(self.text(title, 'section title'))}</h2>"
        if text:
            html += f"<p>{esc(self.text(text, 'section text'))}</p>"
        self.show(html)

    def subsection(self, title, text=None) -> None:
        """A subsection heading (h3) and an optional paragraph."""
        html = f"<h3>{esc(self.text(title, 'subsection title'))}</h3>"
        if text:
            html += f"<p>{esc(self.text(text, 'subsection text'))}</p>"
        self.show(html)

    def paragraph(self, text) -> None:
        """A paragraph: a catalogue text or a mapping by language (see :meth:`text`)."""
        self.show(f"<p>{esc(self.text(text, 'paragraph'))}</p>")

    def table(
        self, caption: str, header, rows, *, data: pd.DataFrame | None = None, **options
    ) -> pd.DataFrame:
        """A data table on the page; in JupyterLab, the same table as a DataFrame.

        ``data`` is the table's numbers as a tidy frame for the download
        (:func:`seuranta.pages.downloads.tidy`); by default the table's texts."""
        rows = [list(row) for row in rows]
        frame = table_frame(header, rows)
        frame.attrs["caption"] = str(caption)
        self.tables[str(caption)] = frame
        footer = options.get("footer")
        whole = (
            frame
            if footer is None
            else pd.concat([frame, table_frame(header, [footer])], ignore_index=True)
        )
        link = self.download_link(
            whole if data is None else data, "table", self.tr("report.download.table")
        )
        self.show(
            table_html(caption, header, rows, **options) + f'<p class="downloads">{link}</p>',
            lab={
                "text/html": f"<p><strong>{esc(caption)}</strong></p>"
                + frame.to_html(index=False, na_rep=""),
                "text/plain": f"{caption}\n{frame.to_string(index=False)}",
            },
        )
        return frame

    def figure(
        self,
        chart,
        *,
        alt: str,
        caption: str,
        data_caption: str,
        data_header,
        data_rows,
        data: pd.DataFrame | None = None,
        fig=None,
        note: str | None = None,
    ) -> None:
        """A chart with its text alternative, a download of its numbers and, one click
        away, its data as a table.

        ``chart`` is a pair of inline SVGs (wide, narrow: :func:`seuranta.pages.charts.pair`), or
        PNG bytes. ``data`` is the numbers drawn, as a DataFrame, for the CSV download (by
        default the data table's texts). ``note`` marks the figure itself (illustrative or
        reconstructed data). In JupyterLab the output is the chart; ``fig`` is kept in
        :attr:`figures` under its caption.
        """
        tr = self.tr
        data_rows = [list(row) for row in data_rows]
        frame = table_frame(data_header, data_rows)
        frame.attrs["caption"] = str(data_caption)
        self.figures[str(caption)] = {
            "figure": fig,
            "data": frame if data is None else data,
            "alt": str(alt),
        }
        if isinstance(chart, bytes):
            encoded = base64.b64encode(chart).decode("ascii")
            body = f'<img src="data:image/png;base64,{encoded}" alt="{esc(alt)}">'
            lab = {"image/png": encoded, "text/plain": f"<Figure: {caption}>"}
        else:
            wide, narrow = chart
            if narrow is None:  # one drawing for every width (an analyst's own figure)
                body = f'<div class="chart" role="img" aria-label="{esc(alt)}">{wide}</div>'
            else:
                body = (
                    f'<div class="chart chart-wide" role="img" aria-label="{esc(alt)}">'
                    f"{wide}</div>"
                    f'<div class="chart chart-narrow" role="img" aria-label="{esc(alt)}">'
                    f"{narrow}</div>"
                )
            lab = {"image/svg+xml": wide, "text/plain": f"<Figure: {caption}>"}
        marked = f'<p class="figure-note">{esc(note)}</p>' if note else ""
        link = self.download_link(
            frame if data is None else data, "figure", tr("report.download.figure")
        )
        self.show(
            f"<figure>{marked}{body}"
            f"<figcaption>{esc(caption)}</figcaption>"
            f'<p class="downloads">{link}</p>'
            f"<details><summary>{esc(tr('report.figure.show_data'))}</summary>"
            f"{table_html(data_caption, data_header, data_rows, scroll=len(data_rows) > 12)}"
            "</details>"
            "</figure>",
            lab=lab,
        )

    def chart_id(self) -> str:
        """A prefix for the ids inside the next chart's SVG, unique on the page."""
        self._downloads["chart-id"] = self._downloads.get("chart-id", 0) + 1
        return f"c{self._downloads['chart-id']}"

    def download_name(self, content: str) -> str:
        """``<programme>-<year>-<page>-<content>.csv``, unique on the page (ASCII)."""
        base = f"{self.programme.id}-{self.year}-{self.name}-{downloads.slug(content)}"
        count = self._downloads.get(f"name:{base}", 0) + 1
        self._downloads[f"name:{base}"] = count
        return f"{base}.csv" if count == 1 else f"{base}-{count}.csv"

    def download_link(self, frame: pd.DataFrame, kind: str, label: str) -> str:
        """A link that downloads ``frame`` as CSV (seuranta.pages.downloads): the file is
        published beside the page and embedded in it. A frame made with
        :func:`seuranta.pages.downloads.tidy` names its own content; other tables (texts)
        are numbered per page and kind."""
        meta = frame.attrs.get(downloads.ATTR)
        if meta:
            content = meta["content"]
        else:
            self._downloads[kind] = self._downloads.get(kind, 0) + 1
            content = f"{'chart' if kind == 'figure' else kind}-{self._downloads[kind]}"
        name = self.download_name(content)
        data = downloads.csv_bytes(frame)
        title = str(frame.attrs.get("caption") or label)
        resource = downloads.resource(name, frame, title=title, lang=self.lang)
        if resource["illustrative"]:  # the mark travels with the file's description
            resource["description"] = self.tr("report.figure.illustrative")
        self.attach(name, data, resource)
        return (
            f'<a class="download" download="{esc(name)}" '
            f'href="{downloads.data_uri(data)}">{esc(label)}</a>'
        )

    # -- an analyst's own material --------------------------------------------------------

    def add_text(self, text) -> None:
        """The analyst's paragraph, in each language: ``{"fi": ..., "sv": ..., "en": ...}``."""
        self.paragraph(text)

    def add_table(self, data: pd.DataFrame, *, caption) -> pd.DataFrame:
        """The analyst's table, with a caption in each language; the first column heads
        the rows. Values are shown as they are (format them first for the page's language)."""
        if not isinstance(data, pd.DataFrame) or data.empty:
            raise SeurantaError("add_table: expected a DataFrame with at least one row")
        caption = self.text(caption, "add_table caption")
        header = [str(c) for c in data.columns]
        rows = [["" if pd.isna(v) else str(v) for v in row] for row in data.itertuples(index=False)]
        return self.table(caption, header, rows)

    def add_figure(self, fig, *, alt=None, caption=None, data: pd.DataFrame | None = None) -> None:
        """The analyst's chart on the page, drawn with :mod:`seuranta.pages.charts` (the house
        style). Refused without a text alternative that states its numbers (``alt``), a
        caption, and the data behind it (``data``, shown as a table as every chart is);
        each text in every language.
        """
        if alt is None:
            raise SeurantaError(
                "add_figure: a chart needs a text alternative (alt=...) that states what it "
                "shows and its numbers, in each language"
            )
        if not isinstance(data, pd.DataFrame) or data.empty:
            raise SeurantaError(
                "add_figure: a chart needs the data behind it (data=DataFrame), shown beside "
                "it as a table"
            )
        if caption is None:
            raise SeurantaError("add_figure: a chart needs a caption (caption=...)")
        alt_text = self.text(alt, "add_figure alt")
        caption_text = self.text(caption, "add_figure caption")
        header = [str(c) for c in data.columns]
        rows = [["" if pd.isna(v) else str(v) for v in row] for row in data.itertuples(index=False)]
        self.figure(
            (charts.svg(fig, f"a{len(self.figures)}"), None),
            alt=alt_text,
            caption=caption_text,
            data_caption=self.tr("report.chart.data_caption", name=caption_text),
            data_header=header,
            data_rows=rows,
            fig=fig,
        )

    def data_note(self, files: Iterable[str], *, short: bool = False) -> str | None:
        """The mark a figure carries when its data is illustrative or reconstructed: the
        sentence beside it, or (``short``) the words written into the chart itself."""
        used = self.dataset.sources_used(list(files))
        key = "mark_" if short else ""
        if len(used) and used["illustrative"].astype(bool).any():
            return self.tr(f"report.figure.{key}illustrative")
        if len(used) and used["reconstructed"].astype(bool).any():
            return self.tr(f"report.figure.{key}reconstructed")
        return None

    def end(self) -> None:
        """Sources for readers: each publication, its publisher and date, and whether its
        numbers are illustrative or reconstructed. The raw files themselves are technical
        notes: recorded for the manifest (``seuranta render``), not printed on the page."""
        tr = self.tr
        used = self.dataset.sources_used(self.used_files)
        items = []
        for _file, row in used.iterrows():
            flags = []
            if bool(row["illustrative"]):
                flags.append(tr("report.sources.illustrative"))
            if bool(row["reconstructed"]):
                flags.append(tr("report.sources.reconstructed"))
            flag_text = "".join(f' <span class="flag">{esc(f)}</span>' for f in flags)
            publisher = row.get(f"publisher_{self.lang}", row["publisher"])
            items.append(
                f"<li>{esc(row[f'title_{self.lang}'])}. {esc(publisher)}, "
                f"{esc(tr.period(str(row['date'])))}.{flag_text}</li>"
            )
        display(
            {
                SOURCES_MIMETYPE: {
                    "files": list(used.index),
                    # a commentary read other than into its block: its edit runs the page
                    "commentary_outside_blocks": sorted(self.dataset.commentary_outside_blocks),
                },
                "text/plain": "raw files: " + ", ".join(used.index),
            },
            raw=True,
        )
        self.budget_notice()  # a page using the illustrative ledger says so, at the latest here
        self.show(frame.foot_html(tr, self.name, self.programme, self.lang, items))
