"""The whole appendix set of one language as one PDF: a book with a cover and contents.

``seuranta render --pdf`` writes ``outputs/<programme>/<year>/<lang>/<book>.pdf``
(``liitteet-2022.pdf``, ``bilagor-2022.pdf``, ``appendices-2022.pdf``; the name comes from
the catalogue key ``report.book.file_name``). The book is assembled from the rendered pages
themselves, in the order of the index page's list of appendices:

1. a **cover**: the publisher (the programme's organisation), the index page's title, the
   follow-up report's title and year, the index page's facts line and lead;
2. the **contents**: each appendix with its one-line summary from the index page and the
   page of the book on which it starts, as a link to it; then the index page's sources;
3. each **appendix**, the ``<main>`` of its page on a new sheet, without the masthead
   (language links, publisher line) and without the link back to the index.

Ids are made unique by prefixing each with the appendix's name (``goal-1--...``), and every
reference to them (``href="#..."``, ``aria-*``, ``headers``, ``for``, ``url(#...)``) with
it; a link to another appendix (``goal-2.html``) becomes a link inside the book; a link to
a file beside the pages (a download, another language) is kept as its text, since it would
lead nowhere from a PDF. Styles are the pages' own inline ``<style>`` (each distinct one
once); figures and their data tables are copied as they are.

Chromium numbers the sheets of one print continuously ("3 / 24" in the footer), so the book
is printed once, the sheet on which each appendix starts is read from the PDF's outline
(Chromium makes one bookmark per heading; each appendix's ``h1`` is unique), the numbers
are written into the contents, and the book is printed again; should the numbers move the
starts (a longer contents), it is printed until they agree. The PDF is tagged, has an
outline and carries the language of the pages as ``/Lang``.

:func:`print_books` prints the book of every language of a render (``--pdf``) with one
browser and pins each book's print dates to the report year
(:func:`seuranta.render.pdf.pin_pdf_dates`).
"""

from __future__ import annotations

import io
import logging
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from seuranta.errors import SeurantaError
from seuranta.files import write_atomic
from seuranta.i18n import Translator
from seuranta.paths import ProjectPaths
from seuranta.programme import load_programme
from seuranta.render.pdf import (
    chromium,
    offline_context,
    outside_event_loop,
    pdf_bytes,
    pin_pdf_dates,
    prepare_print,
)

log = logging.getLogger(__name__)

#: How often the book is printed at most before the contents' page numbers must agree.
MAX_PRINTS = 4

#: The book's own layout: cover, contents, a new sheet for each appendix.
BOOK_CSS = """
@page { size: A4; }
body { margin: 0; }
.book-cover { break-after: page; min-height: 230mm; display: flex; flex-direction: column;
              justify-content: center; padding: 0 0 30mm; }
.book-cover .book-publisher { font-size: 13pt; font-weight: 700; color: var(--accent, #00558c);
                              text-transform: none; margin: 0 0 18mm; }
.book-cover h1 { font-size: 28pt; line-height: 1.15; margin: 0 0 6mm; }
.book-cover .book-report { font-size: 15pt; margin: 0 0 10mm; max-width: none; }
.book-cover .meta { font-size: 11pt; }
.book-cover .lead { font-size: 12pt; max-width: 150mm; }
.book-cover::after { content: ""; display: block; border-top: 3px solid var(--accent, #00558c);
                     width: 40mm; margin-top: 12mm; order: -1; }
.book-contents { break-after: page; }
.book-contents h2 { margin-top: 0; }
.book-contents ol { list-style: none; padding: 0; margin: 0 0 8mm; }
.book-contents li { margin: 0 0 3.5mm; break-inside: avoid; }
.book-contents .book-line { display: flex; align-items: baseline; gap: 2mm; }
.book-contents .book-line a { color: var(--ink, #1a1a1a); text-decoration: none;
                              font-weight: 600; }
.book-contents .book-leader { flex: 1 1 auto; border-bottom: 1px dotted var(--rule, #767676);
                              min-width: 8mm; }
.book-contents .book-page { font-variant-numeric: tabular-nums; font-weight: 600; }
.book-contents .book-summary { display: block; color: var(--muted, #4a4a4a);
                               font-size: 9.5pt; margin-right: 12mm; }
.book-contents footer.sources { margin-top: 6mm; }
section.appendix { break-before: page; }
section.appendix > h1:first-child, section.appendix > :first-child { margin-top: 0; }
"""

#: Run in each rendered page: its ``<main>`` made fit for the book (see the module's doc).
_EXTRACT = r"""([name, local]) => {
  const own = new Set(local);
  const main = document.querySelector('main') || document.body;
  const root = main.cloneNode(true);
  // No navigation on paper, and no downloads: the masthead's language links, the data
  // links (their data: URLs would only weigh the book down).
  root.querySelectorAll('.masthead, script, noscript, a[download], .downloads, .pager, .page-links')
    .forEach((el) => el.remove());
  const prefix = (id) => `${name}--${id}`;
  // The link back to the index, and the separator before it.
  root.querySelectorAll('a[href="index.html"]').forEach((a) => {
    const before = a.previousSibling;
    if (before && before.nodeType === Node.TEXT_NODE) {
      before.textContent = before.textContent.replace(/\s*[·|]\s*$/, '');
    }
    a.remove();
  });
  root.querySelectorAll('[id]').forEach((el) => { el.id = prefix(el.id); });
  const refs = ['aria-labelledby', 'aria-describedby', 'aria-controls', 'aria-owns',
                'aria-details', 'aria-flowto', 'aria-activedescendant', 'for', 'headers',
                'list', 'form'];
  for (const attr of refs) {
    root.querySelectorAll(`[${attr}]`).forEach((el) => {
      const ids = el.getAttribute(attr).split(/\s+/).filter(Boolean).map(prefix);
      el.setAttribute(attr, ids.join(' '));
    });
  }
  const XLINK = 'http://www.w3.org/1999/xlink';
  const target = (href) => {
    if (href.startsWith('#')) return href.length > 1 ? '#' + prefix(href.slice(1)) : href;
    const page = /^([A-Za-z0-9_-]+)\.html(?:#(.*))?$/.exec(href);
    if (page && page[1] === 'index') return '#book-contents';
    if (page && own.has(page[1])) return '#' + (page[2] ? `${page[1]}--${page[2]}` : page[1]);
    if (/^(https?:|mailto:)/i.test(href)) return href;
    return null;
  };
  root.querySelectorAll('*').forEach((el) => {
    for (const attr of [...el.attributes]) {
      if (attr.value.includes('url(#')) {
        el.setAttribute(attr.name, attr.value.replace(/url\(#([^)]+)\)/g,
                                                      (m, id) => `url(#${prefix(id)})`));
      }
    }
    for (const [ns, attr] of [[null, 'href'], [XLINK, 'href']]) {
      const href = ns ? el.getAttributeNS(ns, attr) : el.getAttribute(attr);
      if (href === null) continue;
      const to = target(href.trim());
      if (to !== null) {
        if (ns) el.setAttributeNS(ns, 'xlink:href', to); else el.setAttribute(attr, to);
      } else if (el.localName === 'a') {
        el.replaceWith(...el.childNodes);  // a file beside the pages: keep the words
        break;
      }
    }
  });
  root.querySelectorAll('details').forEach((d) => { d.open = true; });
  const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : '');
  return {
    lang: document.documentElement.lang,
    title: document.title,
    h1: text(root.querySelector('h1')),
    styles: [...document.querySelectorAll('head style')].map((s) => s.textContent),
    html: root.innerHTML,
  };
}"""

#: Run in the index page: what the cover and the contents take from it.
_INDEX = r"""() => {
  const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : '');
  const main = document.querySelector('main') || document.body;
  const list = main.querySelector('.goal-list') || main.querySelector('ul, ol');
  const entries = list ? [...list.querySelectorAll(':scope > li')].map((li) => {
    const a = li.querySelector('a[href]');
    const summary = li.querySelector('span');
    return {href: a ? a.getAttribute('href') : null, title: text(a), summary: text(summary)};
  }) : [];
  const sources = main.querySelector('footer.sources');
  return {
    lang: document.documentElement.lang,
    title: document.title,
    h1: text(main.querySelector('h1')),
    meta: text(main.querySelector('h1 ~ p.meta')),
    lead: text(main.querySelector('p.lead')),
    styles: [...document.querySelectorAll('head style')].map((s) => s.textContent),
    sources: sources ? sources.outerHTML : '',
    entries,
  };
}"""


@dataclass
class Chapter:
    """One appendix of the book: its page, title, summary and the sheet it starts on."""

    name: str
    title: str
    summary: str
    html: str = ""
    lang: str = ""
    page: int | None = None


@dataclass
class Book:
    """What the book is made of, read from the rendered pages of one language."""

    lang: str
    title: str  # the index page's <title>: the PDF's title and running header
    heading: str  # the index page's h1: the cover's title
    meta: str
    lead: str
    sources: str
    styles: list[str] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)


def book_file_name(lang: str, year: int) -> str:
    """``liitteet-2022.pdf`` (fi), ``bilagor-2022.pdf`` (sv), ``appendices-2022.pdf`` (en)."""
    return Translator(lang)("report.book.file_name", year=year) + ".pdf"


def _unique(items: Sequence[str], seen: list[str]) -> None:
    for item in items:
        if item not in seen:
            seen.append(item)


def read_pages(page: Any, folder: Path) -> Book:
    """The index page and every appendix it lists, from ``folder`` (one language).

    ``page`` is a browser page allowed to load the folder's pages (one after the other).
    """
    index = folder / "index.html"
    if not index.is_file():
        raise SeurantaError(f"{index}: no index page to make the book from")

    def load(path: Path, script: str, arg: Any = None) -> dict[str, Any]:
        page.goto(path.resolve().as_uri(), wait_until="load")
        return page.evaluate(script, arg)

    found = load(index, _INDEX)
    book = Book(
        lang=found["lang"],
        title=found["title"],
        heading=found["h1"],
        meta=found["meta"],
        lead=found["lead"],
        sources=found["sources"],
    )
    _unique(found["styles"], book.styles)
    chapters: list[Chapter] = []
    for entry in found["entries"]:
        href = entry["href"] or ""
        matched = re.fullmatch(r"([A-Za-z0-9_-]+)\.html", href)
        if not matched:
            raise SeurantaError(f"{index}: the list of appendices links to {href!r}, not a page")
        chapters.append(Chapter(matched.group(1), entry["title"], entry["summary"]))
    if not chapters:
        raise SeurantaError(f"{index}: the index page lists no appendices")
    names = [c.name for c in chapters]
    missing = [f"{c.name}.html" for c in chapters if not (folder / f"{c.name}.html").is_file()]
    if missing:
        raise SeurantaError(
            f"{folder}: the index lists {', '.join(missing)}, not rendered: "
            "run `seuranta render` without --only first"
        )
    for chapter in chapters:
        found = load(folder / f"{chapter.name}.html", _EXTRACT, [chapter.name, names])
        chapter.html, chapter.lang = found["html"], found["lang"] or book.lang
        chapter.title = found["h1"] or chapter.title
        _unique(found["styles"], book.styles)
    book.chapters = chapters
    return book


def book_html(book: Book, *, report: str, publisher: str) -> str:
    """The book as one HTML document; ``report`` is the report's title with its year."""
    t = Translator(book.lang)
    e = escape
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{e(book.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="generator" content="seuranta">',
        f"<title>{e(book.title)}</title>",
        *[f"<style>\n{style}\n</style>" for style in book.styles],
        f"<style>{BOOK_CSS}</style>",
        "</head>",
        '<body class="book">',
        '<section class="book-cover">',
        f'<p class="book-publisher">{e(publisher)}</p>',
        f"<h1>{e(book.heading)}</h1>",
        f'<p class="book-report">{e(report)}</p>',
    ]
    facts = [book.meta, t("report.book.publisher", publisher=publisher)]
    lines.append(f'<p class="meta">{" · ".join(e(f) for f in facts if f)}</p>')
    if book.lead:
        lines.append(f'<p class="lead">{e(book.lead)}</p>')
    lines += [
        "</section>",
        '<nav class="book-contents" aria-labelledby="book-contents">',
        f'<h2 id="book-contents">{e(t("report.book.contents"))}</h2>',
        "<ol>",
    ]
    for chapter in book.chapters:
        number = str(chapter.page) if chapter.page is not None else "\u2007\u2007"
        summary = (
            f'<span class="book-summary">{e(chapter.summary)}</span>' if chapter.summary else ""
        )
        lines.append(
            f'<li><span class="book-line"><a href="#{e(chapter.name)}">{e(chapter.title)}</a>'
            f'<span class="book-leader" aria-hidden="true"></span>'
            f'<span class="book-page">{number}</span></span>{summary}</li>'
        )
    lines += ["</ol>", book.sources, "</nav>"]
    for chapter in book.chapters:
        lines.append(
            f'<section class="appendix" id="{e(chapter.name)}" lang="{e(chapter.lang)}">'
            f"\n{chapter.html}\n</section>"
        )
    lines += ["</body>", "</html>", ""]
    return "\n".join(lines)


def _key(text: str) -> str:
    """A title without its spaces: Chromium's bookmarks lose the space at a line break."""
    return re.sub(r"\s+", "", text)


def chapter_pages(pdf: bytes, titles: Sequence[str]) -> list[int | None]:
    """For each title in order, the 1-based sheet of the first bookmark that bears it.

    The search for a title starts after the previous one's bookmark, so a title that also
    appears earlier (the cover, the contents) is matched where its chapter begins.
    """
    reader = PdfReader(io.BytesIO(pdf))
    marks: list[tuple[str, int]] = []

    def walk(items: Any) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
                continue
            try:
                number = reader.get_destination_page_number(item)
            except Exception:  # a bookmark without a page: nothing to number
                continue
            marks.append((_key(str(item.title)), number + 1))

    walk(reader.outline)
    found: list[int | None] = []
    start = 0
    for title in titles:
        wanted = _key(title)
        for k in range(start, len(marks)):
            if marks[k][0] == wanted:
                found.append(marks[k][1])
                start = k + 1
                break
        else:
            found.append(None)
    return found


#: Writes the page numbers into the contents of the loaded book, in place.
_NUMBER = """(numbers) => {
  document.querySelectorAll('.book-contents .book-page')
    .forEach((el, k) => { el.textContent = numbers[k]; });
}"""


def print_book(
    folder: Path,
    pdf_path: Path,
    *,
    report: str,
    publisher: str,
    browser: Any = None,
) -> Path:
    """Print the pages in ``folder`` (one language) as one book to ``pdf_path``.

    ``report`` is the follow-up report's title with its year ("... seurantaraportti 2022"),
    ``publisher`` the programme's organisation. Uses ``browser`` if given, else starts one.
    Raises :class:`SeurantaError` when a page is missing or the contents cannot be numbered.

    The first print tells where each appendix starts; the numbers are then written into
    the loaded book and it is printed again, until the starts the PDF shows are the numbers
    its contents give (twice, unless the numbers change the contents' length).
    """
    folder = Path(folder).resolve()

    def run(browser: Any) -> bytes:
        with tempfile.TemporaryDirectory(prefix="seuranta-book-") as tmp:
            source = Path(tmp) / "book.html"
            pages = [p.as_uri() for p in folder.glob("*.html")] + [source.as_uri()]
            context = offline_context(browser, pages)
            try:
                page = context.new_page()
                book = read_pages(page, folder)
                source.write_text(book_html(book, report=report, publisher=publisher), "utf-8")
                page.goto(source.as_uri(), wait_until="load")
                prepare_print(page)
                return _numbered(page, book, str(folder))
            finally:
                context.close()

    if browser is not None:
        data = run(browser)
    else:

        def job() -> bytes:
            with chromium() as started:
                return run(started)

        data = outside_event_loop(job)
    pdf_path = Path(pdf_path)
    write_atomic(pdf_path, data)
    log.info("%s: printed the book to %s", folder.name, pdf_path)
    return pdf_path


def _numbered(page: Any, book: Book, where: str) -> bytes:
    """Print until the contents' numbers are the sheets the appendices start on.

    Chromium builds the outline from the tagged structure only, so every print is tagged.
    """
    titles = [c.title for c in book.chapters]
    numbers: list[int | None] = [None] * len(titles)
    for _ in range(MAX_PRINTS):
        data = pdf_bytes(page, book.title)
        starts = chapter_pages(data, titles)
        if None in starts:
            lost = [t for t, s in zip(titles, starts, strict=True) if s is None]
            raise SeurantaError(f"{where}: the book's outline has no bookmark for {lost}")
        if starts == numbers:
            for chapter, start in zip(book.chapters, starts, strict=True):
                chapter.page = start
            return data
        numbers = list(starts)
        page.evaluate(_NUMBER, [str(n) for n in numbers])
    raise SeurantaError(f"{where}: the contents' numbers did not settle in {MAX_PRINTS} prints")


def print_books(
    paths: ProjectPaths,
    programme: str,
    year: int,
    langs: Sequence[str],
    *,
    skip: Iterable[str] = (),
) -> list[Path]:
    """``render --pdf``: one book per language of the whole appendix set, with one browser.

    The book replaces the per-page PDFs: one document with a cover, a contents list and
    continuous page numbers. A language in ``skip`` (one of its pages failed) gets no book,
    since its pages would mix this run's with the last good ones; the log says so. Each
    book's print dates are the last day of the report year (:func:`pin_pdf_dates`).
    """
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

    books = outside_event_loop(run)
    for book in books:
        pin_pdf_dates(book, year)
    return books
