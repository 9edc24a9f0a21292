"""The rendered appendices in a real browser: accessibility, offline pages, reflow, PDF.

The pages are rendered once per session (``seuranta clean`` and ``seuranta render`` as
subprocesses, into a copy of the project) and each page is opened in headless Chromium
once per viewport; the tests read what was recorded. Without Chromium or Playwright the
module is skipped, except in CI (``$CI`` set), where it fails with the install hint.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from browser import (
    CHART_TABLES,
    DESKTOP,
    PHONE,
    ZOOM_200,
    PageReport,
    describe_violations,
    open_page,
    png_size,
    require_browser,
)
from conftest import APPENDICES, LANGS, PAGES, PROGRAMME, YEAR, copy_tree, run_seuranta
from seuranta.errors import SeurantaError
from seuranta.render import pdf

pytestmark = pytest.mark.browser

CASES = [pytest.param(lang, name, id=f"{lang}/{name}") for lang in LANGS for name in PAGES]
VIEWS = {"desktop": (DESKTOP, 1), "phone": (PHONE, 1), "zoom200": (ZOOM_200, 2)}
SCREENS = Path("/tmp/seuranta-screens")


# -- fixtures -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def site(rendered) -> Path:
    """The rendered pages (conftest ``rendered``), once a browser is known to be there."""
    require_browser()
    return rendered


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


class Reports:
    """Each page opened once per viewport (axe-core runs at desktop and phone width)."""

    def __init__(self, browser, site: Path, axe) -> None:
        self.browser, self.site, self.axe = browser, site, axe
        self.cache: dict[tuple[str, str, str], PageReport] = {}

    def __call__(self, lang: str, name: str, view: str = "desktop") -> PageReport:
        key = (lang, name, view)
        if key not in self.cache:
            viewport, scale = VIEWS[view]
            self.cache[key] = open_page(
                self.browser,
                self.site / lang / f"{name}.html",
                viewport,
                scale=scale,
                axe=self.axe if view in ("desktop", "phone") else None,
            )
        return self.cache[key]


@pytest.fixture(scope="session")
def reports(browser, site, axe) -> Reports:
    return Reports(browser, site, axe)


# -- every page ---------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["desktop", "phone"])
@pytest.mark.parametrize(("lang", "name"), CASES)
def test_no_wcag21_aa_violations(reports, lang, name, view):
    report = reports(lang, name, view)
    assert report.violations is not None
    if report.violations:
        pytest.fail(
            f"{lang}/{name}.html at {report.viewport['width']} px: "
            f"{len(report.violations)} axe-core WCAG 2.1 A/AA violation(s):\n"
            + describe_violations(report.violations),
            pytrace=False,
        )


@pytest.mark.parametrize(("lang", "name"), CASES)
def test_loads_nothing_but_itself(reports, lang, name):
    report = reports(lang, name)
    assert report.url in report.requests, "the page's own request was not seen"
    assert report.foreign_requests == [], "the page must be self-contained (no network)"


@pytest.mark.parametrize(("lang", "name"), CASES)
def test_no_console_errors(reports, lang, name):
    assert reports(lang, name).console_errors == []


@pytest.mark.parametrize(("lang", "name"), CASES)
def test_images_load_and_state_numbers(reports, lang, name):
    for image in reports(lang, name).dom["images"]:
        assert image["complete"] and image["naturalWidth"] > 0, f"image not loaded: {image}"
        alt = (image["alt"] or "").strip()
        assert alt, f"image without a text alternative: {image['src']}"
        assert re.search(r"\d", alt), f"the text alternative states no number: {alt!r}"
    for chart in reports(lang, name).dom["charts"]:
        label = (chart["label"] or "").strip()
        assert chart["role"] == "img" and label, f"chart without a text alternative: {chart}"
        assert re.search(r"\d", label), f"the text alternative states no number: {label!r}"
        assert chart["texts"] > 0, "the chart's text is not kept as text"


@pytest.mark.parametrize("view", ["phone", "desktop"])
@pytest.mark.parametrize(("lang", "name"), CASES)
def test_chart_text_stays_readable(reports, lang, name, view):
    # On a phone (375 px) every chart's smallest text measures at least 12 CSS px.
    for chart in reports(lang, name, view).dom["charts"]:
        assert chart["minFont"] >= 12, (
            f"{lang}/{name}.html at {reports(lang, name, view).viewport['width']} px: chart "
            f"text {chart['smallest']!r} is {chart['minFont']:.1f} px"
        )


@pytest.mark.parametrize(("lang", "name"), CASES)
def test_language_and_headings(reports, lang, name):
    dom = reports(lang, name).dom
    assert dom["lang"] == lang
    assert dom["title"].strip()
    levels = [h["level"] for h in dom["headings"]]
    assert levels.count(1) == 1, f"expected exactly one h1, headings are {dom['headings']}"
    assert levels[0] == 1, "the first heading must be the h1"
    for i in range(1, len(levels)):
        assert levels[i] <= levels[i - 1] + 1, (
            f"heading level skips from h{levels[i - 1]} to h{levels[i]} "
            f"at {dom['headings'][i]['text']!r}"
        )
    assert all(h["text"] for h in dom["headings"]), "empty heading"


@pytest.mark.parametrize(("lang", "name"), CASES)
def test_tables_have_caption_and_header_cells(reports, lang, name):
    for table in reports(lang, name).dom["tables"]:
        assert table["caption"], f"table without a caption: {table['firstRow']!r}"
        assert table["headerCells"] > 0, f"table without header cells: {table['caption']!r}"


@pytest.mark.parametrize(("lang", "name"), CASES)
def test_status_colour_is_not_the_only_cue(reports, lang, name):
    for status in reports(lang, name).dom["statuses"]:
        # a word, not only the symbol: strip symbols and punctuation and expect letters
        assert status["text"] and re.search(r"[^\W\d_]", status["text"]), status["html"]


@pytest.mark.parametrize("view", ["phone", "zoom200"])
@pytest.mark.parametrize(("lang", "name"), CASES)
def test_reflows_without_horizontal_scrolling(reports, lang, name, view):
    dom = reports(lang, name, view).dom
    assert dom["scrollWidth"] <= dom["innerWidth"] + 1, (
        f"the page scrolls sideways at {dom['innerWidth']} px "
        f"(content {dom['scrollWidth']} px wide); too wide: {dom['wideElements']}"
    )
    for region in dom["scrollingWraps"]:  # a table that scrolls can be scrolled by keyboard
        assert region["tabindex"] == "0" and region["role"] == "region" and region["label"]
    if view == "phone":  # tables reflow: no column is hidden off-screen
        assert dom["offscreenCells"] == 0 and dom["scrollingWraps"] == []


def test_checks_are_not_vacuous(reports):
    """The pages hold what the checks are about, so a passing check checked something."""
    for lang in LANGS:
        overview, goal, budget = (reports(lang, n) for n in ("overview", "goal-1", "budget"))
        assert overview.dom["tables"] and overview.dom["statuses"]
        assert goal.dom["charts"] and goal.dom["tables"] and goal.dom["statuses"]
        assert budget.dom["charts"] and goal.dom["downloads"]
        phone = reports(lang, "goal-3", "phone").dom
        assert phone["charts"] and phone["tables"]


def test_the_checks_catch_a_bad_page(browser, axe, tmp_path):
    """The harness itself: a page with known faults is reported with each of them."""
    png = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42m"
        "P8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    )
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html><head><title>bad</title></head><body>"
        f'<h1>One</h1><h3>Skipped</h3><img src="{png}"><img src="missing.png" alt="1">'
        '<div style="width:2000px">wide</div><span class="status status-deterioration"></span>'
        '<img src="https://example.invalid/x.png" alt="2">'
        "<script>console.error('boom'); undefinedFunction();</script></body></html>",
        encoding="utf-8",
    )
    report = open_page(browser, bad, PHONE, axe=axe)
    rules = {v["id"] for v in report.violations}
    assert {"html-has-lang", "image-alt"} <= rules, rules
    assert "https://example.invalid/x.png" in report.foreign_requests
    assert any("boom" in e for e in report.console_errors)
    assert any("undefinedFunction" in e for e in report.console_errors)
    assert [h["level"] for h in report.dom["headings"]] == [1, 3]
    assert any(i["naturalWidth"] == 0 for i in report.dom["images"])
    assert report.dom["scrollWidth"] > report.dom["innerWidth"]
    assert report.dom["statuses"][0]["text"] == ""
    assert "image-alt" in describe_violations(report.violations)


# -- screenshots --------------------------------------------------------------------------


def test_screenshots(browser, site, tmp_path):
    """Full-page screenshots of two Finnish pages at desktop and phone width."""
    from PIL import Image

    SCREENS.mkdir(parents=True, exist_ok=True)
    for name in ("overview", "goal-1"):
        for width in (1280, 375):
            shot = tmp_path / f"fi-{name}-{width}.png"
            context = browser.new_context(viewport={"width": width, "height": 800})
            try:
                page = context.new_page()
                page.goto((site / "fi" / f"{name}.html").as_uri(), wait_until="load")
                page.screenshot(path=str(shot), full_page=True)
            finally:
                context.close()
            data = shot.read_bytes()
            shot_width, shot_height = png_size(data)
            assert len(data) > 30_000, f"{shot.name}: only {len(data)} bytes"
            assert shot_width == width
            assert shot_height >= 1500, f"{shot.name}: only {shot_height} px tall"
            with Image.open(shot) as image:
                colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
                assert colours is None or len(colours) > 50, f"{shot.name} looks blank"
            shutil.copy2(shot, SCREENS / shot.name)


# -- PDF ----------------------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    """The PDF's text (pdftotext from poppler-utils, else pypdf), whitespace collapsed."""
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    else:
        try:
            from pypdf import PdfReader
        except ImportError:
            message = (
                "extracting PDF text needs pdftotext (`apt-get install poppler-utils`) or pypdf"
            )
            if os.environ.get("CI"):
                pytest.fail(message, pytrace=False)
            pytest.skip(message)
        text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return normalise(text)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def h1_of(html_path: Path) -> str:
    found = re.search(r"<h1>(.*?)</h1>", html_path.read_text(encoding="utf-8"), re.S)
    assert found, f"{html_path.name} has no h1"
    return normalise(html.unescape(found.group(1)))


@pytest.fixture
def pages(site, tmp_path) -> Path:
    """A scratch copy of the Finnish pages, so that PDFs land outside the rendered tree."""
    folder = tmp_path / "fi"
    shutil.copytree(site / "fi", folder, ignore=shutil.ignore_patterns("notebooks"))
    return folder


def test_pdf_has_searchable_text_title_and_page_numbers(browser, pages, tmp_path):
    page = pages / "goal-1.html"
    out = pdf.print_pdf(page, tmp_path / "out" / "liite.pdf")
    assert out == tmp_path / "out" / "liite.pdf"
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(data) > 10_000
    text = pdf_text(out)
    title = h1_of(page)
    assert title in text, f"the h1 {title!r} is not in the PDF text"
    assert "Mittarit ja edistyminen" in text  # a section heading
    pages_total = int(re.findall(r"\b(\d+) ?/ ?(\d+)\b", text)[-1][1])
    assert pages_total >= 2
    for number in range(1, pages_total + 1):
        assert re.search(rf"\b{number} ?/ ?{pages_total}\b", text), f"no footer {number}/N"
    page_title = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8")).group(1)
    assert text.count(normalise(html.unescape(page_title))) >= pages_total  # the header
    # every table is printed, also the data behind a chart, in a closed <details> on screen
    captions = re.findall(r"<caption>(.*?)</caption>", page.read_text(encoding="utf-8"))
    assert len(captions) >= 2
    for caption in captions:
        assert normalise(html.unescape(caption)) in text, f"table {caption!r} not printed"


def test_pdf_header_title_is_escaped(browser, pages, tmp_path):
    out = pdf.print_pdf(pages / "index.html", tmp_path / "x.pdf", title="<b>Tulot & menot</b>")
    text = pdf_text(out)
    assert "<b>Tulot & menot</b>" in text
    assert h1_of(pages / "index.html") in text


def test_print_pdfs_uses_one_browser_for_many_pages(browser, pages, monkeypatch):
    launches = []
    real = pdf.chromium

    def counting():
        launches.append(1)
        return real()

    monkeypatch.setattr(pdf, "chromium", counting)
    html_pages = [pages / f"{name}.html" for name in ("index", "overview", "budget")]
    outs = pdf.print_pdfs(html_pages)
    assert outs == [p.with_suffix(".pdf") for p in html_pages]
    assert launches == [1]
    for html_page, out in zip(html_pages, outs, strict=True):
        assert out.read_bytes().startswith(b"%PDF-")
        assert h1_of(html_page) in pdf_text(out)
    assert pdf.print_pdfs([]) == []


def test_render_pdf_option_prints_the_language_book(site, tmp_path):
    # --pdf prints the book of the whole set (tests/test_pdf.py), also after --only; in a
    # private copy: the session's rendered tree is read by other tests (verify compares it)
    root = copy_tree(site.parents[2], tmp_path / "project").root
    site = root / "outputs" / PROGRAMME / str(YEAR)
    run_seuranta(
        root,
        "render",
        "--programme",
        PROGRAMME,
        "--year",
        str(YEAR),
        "--lang",
        "sv",
        "--only",
        "goal-2,budget",
        "--pdf",
    )
    out = site / "sv" / f"bilagor-{YEAR}.pdf"
    assert out.read_bytes().startswith(b"%PDF")
    text = pdf_text(out)
    for name in APPENDICES:
        assert h1_of(site / "sv" / f"{name}.html") in text
    assert not (site / "sv" / "goal-2.pdf").exists()  # no per-page PDFs: the book has them


def test_pdf_of_a_missing_page_is_a_user_error(browser, tmp_path):
    with pytest.raises(SeurantaError, match="no such page"):
        pdf.print_pdf(tmp_path / "nothing.html")


def test_pdf_without_chromium_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "chromium_executable", lambda: None)
    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><title>x</title><h1>x</h1>", encoding="utf-8")
    with pytest.raises(SeurantaError, match="apt-get install chromium"):
        pdf.print_pdf(page)
    assert not page.with_suffix(".pdf").exists()


# -- pages for citizens ---------------------------------------------------------------------

RESULT_PAGES = [
    pytest.param(lang, name, id=f"{lang}/{name}")
    for lang in LANGS
    for name in PAGES
    if name == "overview" or name.startswith("goal-")
]


@pytest.mark.parametrize(("lang", "name"), RESULT_PAGES)
def test_first_status_on_the_first_phone_screen(reports, lang, name):
    # Results first: at 375 x 740 the first status label is seen without scrolling.
    report = reports(lang, name, "phone")
    bottom = report.dom["firstStatusBottom"]
    assert bottom is not None, "no status label on the page"
    assert bottom <= PHONE["height"], (
        f"{lang}/{name}.html: the first status label ends at {bottom:.0f} px, below the "
        f"first screen ({PHONE['height']} px)"
    )


@pytest.mark.parametrize("view", ["desktop", "phone", "zoom200"])
@pytest.mark.parametrize("lang", LANGS)
def test_counts_stay_with_their_labels(reports, lang, view):
    # The overview's counts ("Deterioration 2") never wrap away from their label.
    tallies = reports(lang, "overview", view).dom["tallies"]
    assert len(tallies) >= 5, tallies  # the results line and the summary table's
    apart = [t["text"] for t in tallies if not t["sameLine"]]
    assert not apart, f"counts that wrapped away from their label: {apart}"


@pytest.mark.parametrize("lang", LANGS)
def test_budget_notice_stands_next_to_the_budget_figures(site, lang):
    # The illustrative-ledger notice qualifies the budget figures: not under a goal page's
    # title, but in its spending section, after the indicators.
    for name in ("overview", "goal-1"):
        page = (site / lang / f"{name}.html").read_text(encoding="utf-8")
        notice = page.index('class="notice"')
        assert page.count('class="notice"') == 1
        assert notice > page.index('class="status'), f"{name}: the notice precedes the results"
        following = page[notice : notice + 4000]
        assert "kpis" in following or "table-wrap" in following, f"{name}: no figures next to it"


@pytest.mark.parametrize(("lang", "name"), CASES)
def test_accessibility_statement_is_linked_from_every_page(reports, lang, name):
    links = reports(lang, name).dom["links"]
    if name == "accessibility":
        assert "accessibility.html" not in links  # no link to itself
    else:
        assert "accessibility.html" in links


@pytest.mark.parametrize("lang", LANGS)
def test_accessibility_statement_has_its_parts(site, lang, reports):
    from seuranta.i18n import Translator

    tr = Translator(lang)
    dom = reports(lang, "accessibility").dom
    headings = [h["text"] for h in dom["headings"]]
    assert headings[0] == tr("report.statement.title")
    for key in ("status_title", "gaps_title", "method_title", "feedback_title"):
        assert tr(f"report.statement.{key}") in headings, key
    assert any(link.startswith("mailto:") for link in dom["links"]), "no feedback address"
    text = (site / lang / "accessibility.html").read_text(encoding="utf-8")
    assert "WCAG 2.1" in text and tr.period("2026-12-03") in text  # the date of assessment


@pytest.mark.parametrize("lang", LANGS)
def test_indicator_headings_are_linkable(reports, lang):
    for number in (1, 2, 3, 4):
        dom = reports(lang, f"goal-{number}").dom
        headings = dom["indicatorHeadings"]
        assert headings, f"goal-{number}: no indicator headings found"
        assert all(h["id"] for h in headings), f"goal-{number}: headings without id: {headings}"
        assert len(set(dom["ids"])) == len(dom["ids"]), "duplicate ids"
        for link in (h for h in dom["links"] if h.startswith("#")):
            assert link[1:] in dom["ids"], f"goal-{number}: {link} leads nowhere"
        assert sum(link[1:] in {h["id"] for h in headings} for link in dom["links"]) >= len(
            headings
        ), "the indicator table does not link every series"


@pytest.mark.parametrize("lang", LANGS)
def test_goal_pages_link_previous_and_next(reports, lang):
    for number in (1, 2, 3, 4):
        pager = reports(lang, f"goal-{number}").dom["pager"]
        expected = []
        if number > 1:
            expected.append({"href": f"goal-{number - 1}.html", "rel": "prev"})
        if number < 4:
            expected.append({"href": f"goal-{number + 1}.html", "rel": "next"})
        assert pager == expected


@pytest.mark.parametrize("lang", LANGS)
def test_pages_state_publication_date_data_period_and_index_links_the_book(site, lang):
    from seuranta.i18n import Translator
    from seuranta.render.book import book_file_name

    tr = Translator(lang)
    published = tr("report.meta.published", date=tr.period("2022-12-31"))  # table1's sidecar
    for name in ("index", "overview", "goal-1", "goal-3"):
        text = html.unescape((site / lang / f"{name}.html").read_text(encoding="utf-8"))
        assert published in text, name
    goal3 = html.unescape((site / lang / "goal-3.html").read_text(encoding="utf-8"))
    period = tr("report.meta.data_period", start=tr.period("2021"), end=tr.period("2022-11"))
    assert period in goal3
    index = (site / lang / "index.html").read_text(encoding="utf-8")
    assert f'href="{book_file_name(lang, YEAR)}"' in index


@pytest.mark.parametrize("lang", LANGS)
def test_indicator_facts_on_goal_pages(site, lang):
    from seuranta.i18n import Translator

    tr = Translator(lang)
    page = html.unescape((site / lang / "goal-3.html").read_text(encoding="utf-8"))
    for key in ("definition", "unit", "direction", "frequency", "source"):
        assert f"<dt>{tr(f'report.facts.{key}')}</dt>" in page, key
    assert tr("report.facts.lower") in page  # unemployment: lower is better
    assert tr("report.facts.every.monthly") in page
    goal4 = html.unescape((site / lang / "goal-4.html").read_text(encoding="utf-8"))
    publisher = {"fi": "Espoon kaupunki", "sv": "Esbo stad", "en": "City of Espoo"}[lang]
    assert publisher in goal4  # the survey's publisher beside its name


def test_long_chart_data_stays_within_one_phone_screen(browser, site):
    # The six-city monthly table (48 months) ran to 11 000 px on a phone: every chart's
    # data table now fits in about one screen, scrolling in a focusable, labelled region.
    for lang in LANGS:
        for name in ("goal-3", "goal-1"):
            context = browser.new_context(viewport=PHONE)
            try:
                page = context.new_page()
                page.goto((site / lang / f"{name}.html").as_uri(), wait_until="load")
                regions = page.evaluate(CHART_TABLES)
            finally:
                context.close()
            assert regions, f"{lang}/{name}: no chart data tables"
            for region in regions:
                assert region["height"] <= PHONE["height"], region
                if region["content"] > region["height"] + 1:
                    assert region["role"] == "region" and region["tabindex"] == "0"
                    assert region["label"]
            if name == "goal-3":
                assert max(r["content"] for r in regions) > 5 * PHONE["height"]  # not vacuous
