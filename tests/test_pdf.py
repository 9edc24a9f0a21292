"""The PDF book: ``seuranta render --pdf`` prints one PDF per language of the whole set.

The books are printed once per session from a copy of the session's rendered pages (the
pages are unchanged, so only the books are printed). Their text is read with pdftotext
(poppler-utils) where it is installed, else with pypdf; without Chromium the module is
skipped locally and fails in CI, like the other browser tests.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from browser import require_browser
from conftest import APPENDICES, LANGS, PROGRAMME, YEAR, run_seuranta
from seuranta.i18n import Translator
from seuranta.paths import ProjectPaths
from seuranta.programme import load_programme
from seuranta.render.book import book_file_name

pytestmark = pytest.mark.browser

BOOKS = {"fi": "liitteet-2022.pdf", "sv": "bilagor-2022.pdf", "en": "appendices-2022.pdf"}


@pytest.fixture(scope="session")
def printed(rendered, tmp_path_factory) -> Path:
    """A copy of the rendered project with ``render --pdf`` run on it; its project root."""
    require_browser()
    root = tmp_path_factory.mktemp("book") / "project"
    shutil.copytree(rendered.parents[2], root, ignore=shutil.ignore_patterns("*.pdf"))
    run_seuranta(
        root, "render", "--programme", PROGRAMME, "--year", str(YEAR), "--lang", ",".join(LANGS),
        "--pdf",
    )  # fmt: skip
    return root


def out_dir(root: Path, lang: str) -> Path:
    return root / "outputs" / PROGRAMME / str(YEAR) / lang


def book(root: Path, lang: str) -> Path:
    return out_dir(root, lang) / BOOKS[lang]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def page_texts(path: Path, *, layout: bool = False) -> list[str]:
    """The text of each page (pdftotext, else pypdf), as the PDF's reader would copy it."""
    if shutil.which("pdftotext"):
        args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
        text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
        return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
    from pypdf import PdfReader

    mode = "layout" if layout else "plain"
    return [page.extract_text(extraction_mode=mode) or "" for page in PdfReader(path).pages]


def h1_of(html_path: Path) -> str:
    found = re.search(r"<h1>(.*?)</h1>", html_path.read_text(encoding="utf-8"), re.S)
    assert found, f"{html_path.name} has no h1"
    return normalise(html.unescape(found.group(1)))


def test_book_names_are_in_the_page_language():
    assert {lang: book_file_name(lang, YEAR) for lang in LANGS} == BOOKS


def test_render_pdf_writes_one_book_per_language(printed):
    for lang in LANGS:
        path = book(printed, lang)
        assert path.read_bytes().startswith(b"%PDF-"), path
        # the book replaces the per-page PDFs
        assert sorted(p.name for p in out_dir(printed, lang).glob("*.pdf")) == [BOOKS[lang]]
        # Chromium's print time is pinned to the report year's last day
        assert b"/CreationDate (D:20221231000000+00'00')" in path.read_bytes()


@pytest.mark.parametrize("lang", LANGS)
def test_book_holds_every_appendix_goal_and_indicator(printed, lang):
    text = normalise(" ".join(page_texts(book(printed, lang))))
    definition = load_programme(PROGRAMME, ProjectPaths(printed), processed=True)
    for goal in definition.goals:
        assert normalise(goal.names(lang)) in text, f"goal {goal.number} is not in the book"
    for indicator in definition.indicators:
        assert normalise(indicator.names(lang)) in text, f"indicator {indicator.id} is missing"
    for name in APPENDICES:  # every appendix the index lists, with its title
        assert h1_of(out_dir(printed, lang) / f"{name}.html") in text, name
    # the data tables behind the charts are printed, though closed on screen
    page = (out_dir(printed, lang) / "goal-1.html").read_text(encoding="utf-8")
    inside = re.findall(r"<details>.*?<caption>(.*?)</caption>", page, re.S)
    assert inside, "goal-1 has no chart data table to look for"
    for caption in inside:
        assert normalise(html.unescape(caption)) in text, f"{caption!r} is not printed"


@pytest.mark.parametrize("lang", LANGS)
def test_cover_and_contents_with_right_page_numbers(printed, lang):
    pages = page_texts(book(printed, lang))
    definition = load_programme(PROGRAMME, ProjectPaths(printed), processed=True)
    cover = normalise(pages[0])
    for fact in (definition.names(lang), str(YEAR), definition.organisation(lang)):
        assert fact in cover, f"the cover lacks {fact!r}"
    publisher = Translator(lang)("report.book.publisher", publisher=definition.organisation(lang))
    assert normalise(publisher) in cover
    assert Translator(lang)("report.book.contents") in normalise(pages[1])
    # each contents line: the appendix's title (its first line) ... its page number
    lines = re.findall(
        r"^\s*(\S.*?)\s{2,}(\d+)\s*$", page_texts(book(printed, lang), layout=True)[1], re.M
    )
    titles = [h1_of(out_dir(printed, lang) / f"{name}.html") for name in APPENDICES]
    numbers = {}
    for start, number in lines:
        matches = [t for t in titles if t.startswith(normalise(start))]
        if len(matches) == 1:
            numbers[matches[0]] = int(number)
    assert list(numbers) == titles, f"contents lines found: {lines}"
    assert list(numbers.values()) == sorted(numbers.values())
    assert len(set(numbers.values())) == len(titles)
    assert numbers[titles[0]] == 3  # cover, contents, then the first appendix
    for title, number in numbers.items():
        assert number <= len(pages)
        on_page = normalise(pages[number - 1])
        assert on_page.startswith(title) or title in on_page[: len(title) + 200], (
            f"the contents say {title!r} starts on page {number}, which reads {on_page[:200]!r}"
        )
        assert title not in normalise(pages[number - 2]) or number - 1 == 2, (
            f"{title!r} already appears on page {number - 1}"
        )
    # the footer numbers the pages of the whole book
    assert re.search(rf"\b{len(pages)} ?/ ?{len(pages)}\b", normalise(pages[-1]))


@pytest.mark.parametrize("lang", LANGS)
def test_no_navigation_or_toggles_on_paper(printed, lang):
    text = normalise(" ".join(page_texts(book(printed, lang))))
    t = Translator(lang)
    for other in LANGS:  # the language links
        assert Translator(other)("report.language_name") not in text
    assert t("report.nav.index") not in text  # "All appendices"
    assert t("report.figure.show_data") not in text  # the toggle of a chart's data table


@pytest.mark.parametrize("lang", LANGS)
def test_book_is_tagged_with_its_language_and_outline(printed, lang):
    from pypdf import PdfReader

    reader = PdfReader(book(printed, lang))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == lang
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    titles = [normalise(str(item.title)) for item in reader.outline if not isinstance(item, list)]
    assert len(titles) >= 1 + len(APPENDICES)  # the cover's title, then each appendix
    assert reader.metadata.title == normalise(
        html.unescape(
            re.search(
                r"<title>(.*?)</title>", (out_dir(printed, lang) / "index.html").read_text()
            ).group(1)
        )
    )


def test_book_ids_are_unique(rendered):
    require_browser()
    from seuranta.render import book as book_module
    from seuranta.render import pdf

    folder = rendered / "fi"

    def read() -> book_module.Book:
        with pdf.chromium() as browser:
            context = pdf.offline_context(browser, [p.as_uri() for p in folder.glob("*.html")])
            try:
                return book_module.read_pages(context.new_page(), folder)
            finally:
                context.close()

    made = pdf.outside_event_loop(read)
    document = book_module.book_html(made, report="Raportti", publisher="Julkaisija")
    ids = Counter(re.findall(r'\sid="([^"]+)"', document))
    assert ids and not [i for i, n in ids.items() if n > 1], ids.most_common(3)
    for ref in re.findall(r'href="#([^"]+)"', document):
        assert ref in ids, f"a link to #{ref}, which is not in the book"
    assert 'href="../' not in document  # no language links
    assert "download=" not in document  # no data downloads: they lead nowhere on paper


def outline_titles(path: Path) -> list[str]:
    """Every bookmark's title, at every level, as the PDF stores it."""
    from pypdf import PdfReader

    titles: list[str] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(item.title))

    walk(PdfReader(path).outline)
    return titles


@pytest.mark.parametrize("lang", LANGS)
def test_bookmarks_keep_the_spaces_of_wrapped_titles(printed, lang):
    # Chromium drops the space where a heading wraps ("japysyvät"): each bookmark reads as
    # its heading does, and the long goal titles (which wrap on A4) are among them.
    headings = set()
    for name in APPENDICES:
        page = (out_dir(printed, lang) / f"{name}.html").read_text(encoding="utf-8")
        for found in re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", page, re.S):
            headings.add(normalise(html.unescape(re.sub(r"<[^>]+>", "", found[1]))))
    titles = outline_titles(book(printed, lang))
    by_key = {re.sub(r"\s+", "", h): h for h in headings}
    lost = [
        t for t in titles if re.sub(r"\s+", "", t) in by_key and t != by_key[re.sub(r"\s+", "", t)]
    ]
    assert not lost, f"bookmarks that lost a space: {lost}"
    for name in APPENDICES:
        assert h1_of(out_dir(printed, lang) / f"{name}.html") in titles
    long = [t for t in titles if len(t) > 80]
    assert long, "no long title: the check would be vacuous"


@pytest.mark.parametrize("lang", LANGS)
def test_no_sheet_holds_only_the_footer(printed, lang):
    # A sheet whose only words are the closing sentence, the running header and the page
    # number (the sources' last line spilled over) wastes paper and reads as an error.
    made_with = normalise(Translator(lang)("report.sources.made_with"))
    for number, text in enumerate(page_texts(book(printed, lang)), start=1):
        body = normalise(text).replace(made_with, "")
        body = re.sub(r"\b\d+ ?/ ?\d+\b", "", body)
        title = normalise(
            html.unescape(
                re.search(
                    r"<title>(.*?)</title>", (out_dir(printed, lang) / "index.html").read_text()
                ).group(1)
            )
        )
        assert len(body.replace(title, "").strip()) > 40, (
            f"{BOOKS[lang]} sheet {number} holds only the footer: {normalise(text)!r}"
        )
