"""Print rendered appendix pages to PDF through headless Chromium (Playwright).

The PDF is what Chromium prints from the page itself, so its text is real text: it can be
selected, searched and read aloud. Each page of the PDF carries the page title in its
header and "page / pages" in its footer; backgrounds (status colours) are printed. Before
printing, every ``<details>`` is opened so that the data tables behind the charts, one
click away on screen, are on paper too, and tables that scroll sideways on screen wrap
instead of being cut at the margin.

Nothing is fetched from the network: the pages are self-contained, and any request other
than the page's own ``file://`` URL and ``data:`` URLs is aborted.

Chromium writes the time of printing into every PDF; :func:`pin_pdf_dates` replaces it by
the last day of the report year.

Chromium is found at ``$SEURANTA_CHROMIUM``, ``/usr/bin/chromium`` or on ``PATH``
(``chromium``, ``chromium-browser``, ``google-chrome``). Playwright's own browser download
is not needed. Printing works from a notebook too: where an asyncio loop is running
(Jupyter), Playwright's sync API runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from seuranta.errors import SeurantaError
from seuranta.files import write_atomic

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Where Debian's package puts Chromium; tried before ``PATH``.
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Headless, offline and quiet: no sandbox (containers run as root), no GPU, no background
#: requests of the browser's own (updates, sync, QUIC probes).
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
INSTALL_HINT = (
    "PDF printing and the browser tests need Chromium and Playwright for Python: "
    "install Chromium with `apt-get install chromium` (Debian/Ubuntu) or point "
    "SEURANTA_CHROMIUM at a Chromium/Chrome binary, and Playwright with "
    "`pip install -e '.[dev]'` (Playwright's own browser download is not needed)"
)

PAGE_FORMAT = "A4"
MARGIN = {"top": "20mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
_BAND = (
    "width:100%;box-sizing:border-box;padding:0 16mm;font-size:8pt;color:#4a4a4a;"
    "font-family:Arial,Helvetica,sans-serif;-webkit-print-color-adjust:exact;"
)
FOOTER_TEMPLATE = (
    f'<div style="{_BAND}text-align:center;">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)
#: Applied only when printing: tables wrap rather than scroll out of the paper.
PRINT_CSS = """
@media print {
  .table-wrap { overflow: visible !important; }
  table { page-break-inside: auto; }
  tr, img, .kpis li { page-break-inside: avoid; }
  h1, h2, h3 { page-break-after: avoid; }
}
"""
_OPEN_DETAILS = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"
#: The text of every heading, as the outline should show it.
_HEADINGS = (
    "() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]"
    ".map((h) => h.textContent.replace(/\\s+/g, ' ').trim())"
)


def chromium_executable() -> str | None:
    """The Chromium binary to drive, or None when none is installed."""
    configured = os.environ.get("SEURANTA_CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() else None
    if Path(DEFAULT_CHROMIUM).is_file():
        return DEFAULT_CHROMIUM
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def missing_requirement() -> str | None:
    """Why the browser cannot be used here (a message with the install hint), or None."""
    try:  # the probe itself: is Playwright installed?
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return f"Playwright for Python is not installed. {INSTALL_HINT}"
    if chromium_executable() is None:
        return f"Chromium was not found. {INSTALL_HINT}"
    return None


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium for the duration of the block.

    Raises :class:`SeurantaError` with an install hint when Playwright or Chromium is
    missing or Chromium does not start.
    """
    problem = missing_requirement()
    if problem:
        raise SeurantaError(problem)
    # Playwright is a development dependency: imported only once it is known to be there.
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    executable = chromium_executable()
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=executable, args=list(CHROMIUM_ARGS)
            )
        except PlaywrightError as err:
            first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise SeurantaError(
                f"Chromium ({executable}) did not start: {first}. {INSTALL_HINT}"
            ) from err
        try:
            yield browser
        finally:
            browser.close()


def _offline(context: BrowserContext, allowed: str | Iterable[str]) -> None:
    """Abort every request but the pages ``allowed`` (URLs) and data: URLs."""
    pages = {allowed} if isinstance(allowed, str) else set(allowed)

    def route(route: Any) -> None:
        url = route.request.url
        if url in pages or url.startswith("data:"):
            route.continue_()
        else:
            log.warning("blocked a request for %s while printing", url)
            route.abort()

    context.route("**/*", route)


def header_template(title: str) -> str:
    """The running header: the page title, escaped (Chromium parses the template as HTML)."""
    return (
        f'<div style="{_BAND}text-align:left;white-space:nowrap;overflow:hidden;'
        f'text-overflow:ellipsis;">{escape(title, quote=True)}</div>'
    )


def default_pdf_path(html_path: Path) -> Path:
    """``goal-1.html`` -> ``goal-1.pdf`` beside it."""
    return Path(html_path).with_suffix(".pdf")


def offline_context(browser: Browser, urls: str | Iterable[str]) -> BrowserContext:
    """A fresh browser context that may load ``urls`` and ``data:`` URLs, nothing else."""
    context = browser.new_context()
    _offline(context, urls)
    return context


def prepare_print(page: Any) -> None:
    """Make a loaded page ready for paper: ``<details>`` opened, print styles and media."""
    page.evaluate(_OPEN_DETAILS)
    page.add_style_tag(content=PRINT_CSS)
    page.emulate_media(media="print")


def pdf_bytes(page: Any, title: str, *, tagged: bool = True) -> bytes:
    """Print a prepared page to A4 PDF bytes, with ``title`` in the running header.

    Tagged (a structure tree for screen readers; ``tagged=False`` only for a quicker
    draft) and with an outline from the headings; the document language is the page's
    ``<html lang>``, which Chromium writes as ``/Lang``.
    """
    data = page.pdf(
        format=PAGE_FORMAT,
        print_background=True,
        display_header_footer=True,
        header_template=header_template(title),
        footer_template=FOOTER_TEMPLATE,
        margin=MARGIN,
        prefer_css_page_size=False,
        outline=True,
        tagged=tagged,
    )
    return spaced_outline(data, page.evaluate(_HEADINGS))


def spaced_outline(data: bytes, headings: Iterable[str]) -> bytes:
    """The PDF with each bookmark titled as its heading reads.

    Chromium builds a bookmark's title from the heading's lines and drops the space where
    the heading wrapped ("japysyvät", "follow-upreport"). A bookmark whose title equals a
    heading once spaces are ignored gets the heading's own text; others are left alone.
    """
    from pypdf import PdfWriter  # deferred: only printing needs it
    from pypdf.generic import NameObject, TextStringObject

    by_key = {re.sub(r"\s+", "", h): h for h in headings if h}
    # An incremental update: Chromium's bytes stay as they are (pin_pdf_dates edits them in
    # place), the changed bookmarks are appended.
    writer = PdfWriter(io.BytesIO(data), incremental=True)
    outlines = writer._root_object.get("/Outlines")
    changed = False
    stack = [outlines.get_object().get("/First")] if outlines is not None else []
    while stack:
        item = stack.pop()
        if item is None:
            continue
        node = item.get_object()
        title = str(node.get("/Title", ""))
        wanted = by_key.get(re.sub(r"\s+", "", title))
        if wanted is not None and wanted != title:
            node[NameObject("/Title")] = TextStringObject(wanted)
            changed = True
        stack += [node.get("/Next"), node.get("/First")]
    if not changed:
        return data
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _print_one(browser: Browser, html_path: Path, pdf_path: Path | None, title: str | None) -> Path:
    html_path = _existing(html_path)
    pdf_path = Path(pdf_path) if pdf_path is not None else default_pdf_path(html_path)
    url = html_path.as_uri()
    context = offline_context(browser, url)
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        prepare_print(page)
        data = pdf_bytes(page, title if title is not None else page.title())
    finally:
        context.close()
    write_atomic(pdf_path, data)
    log.info("%s: printed to %s", html_path.name, pdf_path)
    return pdf_path


def outside_event_loop(job: Callable[[], T]) -> T:
    """Run ``job`` here, or in a worker thread when this thread runs an asyncio loop.

    Playwright's sync API refuses to start inside a running loop: in Jupyter, or while
    another sync Playwright (a test's browser) is open in this thread.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return job()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="seuranta-pdf") as pool:
        return pool.submit(job).result()


def _existing(html_path: Path) -> Path:
    html_path = Path(html_path).resolve()
    if not html_path.is_file():
        raise SeurantaError(f"{html_path}: no such page to print")
    return html_path


def print_pdf(html_path: Path, pdf_path: Path | None = None, *, title: str | None = None) -> Path:
    """Print one appendix page to A4 PDF (default: beside it, ``.html`` -> ``.pdf``).

    The header shows ``title`` (default: the page's ``<title>``), the footer "1 / 3".
    Returns the PDF's path. Raises :class:`SeurantaError` if the page does not exist or
    Chromium/Playwright is missing.
    """
    html_path = _existing(html_path)

    def run() -> Path:
        with chromium() as browser:
            return _print_one(browser, html_path, pdf_path, title)

    return outside_event_loop(run)


def print_pdfs(html_paths: Iterable[Path]) -> list[Path]:
    """Print many pages with one browser, each to a PDF beside it; the PDFs' paths in order."""
    html_paths = [_existing(p) for p in html_paths]
    if not html_paths:
        return []

    def run() -> list[Path]:
        with chromium() as browser:
            return [_print_one(browser, path, None, None) for path in html_paths]

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
