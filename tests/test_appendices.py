"""The rendered 2022 appendices, read as HTML: what a council member gets.

The notebooks run with papermill on the real 2022 data (conftest ``rendered``).
"""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from html.parser import HTMLParser

import openpyxl
import pandas as pd
import pytest
import yaml

from conftest import APPENDICES, LANGS, PAGES, PROGRAMME, REPO, YEAR, run_seuranta
from seuranta.i18n import Translator

pytestmark = pytest.mark.slow

# Table 1 as the Finnish overview must print it, cell by cell (no-break spaces folded).
TABLE_1_FI = [
    "8 741 (2019)",
    "9 563 (2020)",
    "12 000",
    "39 000",
    "42 000 (5/2022)",
    "kaikki: 9,4 %",
    "nuoret alle 25-v: 9,3 %",
    "ulkomaalaiset: 21,2 %",
    "kaikki: 8,1 % (11/2022)",
    "nuoret alle 25-v: 7,3 % (11/2022)",
    "ulkomaalaiset: 19,4 % (11/2022)",
    "43 %",
    "48 %",
    "38 %",
    "3,58/5",
    "3,45/5",
    "3,9/5",
    "3,33/5",
    "3,34/5",
    "3,7/5",
    "ei tietoa",
]


def text_of(path) -> str:
    """The page's visible text, with tags removed and every kind of space folded."""
    html = path.read_text(encoding="utf-8")
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def cells_of(path) -> list[str]:
    """Every line of every table cell (a cell's lines are split at <br>)."""
    html = path.read_text(encoding="utf-8")
    lines = []
    for cell in re.findall(r"<t[dh](?:\s[^>]*)?>(.*?)</t[dh]>", html, flags=re.S):
        for line in re.split(r"<br\s*/?>", cell):
            text = unescape(re.sub(r"<[^>]+>", "", line)).replace("\u00a0", " ")
            lines.append(" ".join(text.split()))
    return lines


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", PAGES)
def test_page_is_a_clean_self_contained_document(rendered, lang, name):
    html = (rendered / lang / f"{name}.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert f'<html lang="{lang}">' in html
    assert len(re.findall(r"<h1>", html)) == 1
    assert "<title>" in html and "</title>" in html
    # no code, no prompts, no notebook machinery
    for leftover in (
        "<script",
        "jp-InputArea",
        "In&nbsp;[",
        "import ",
        "page.start",
        "show_",  # a section's call, e.g. table1.show_downloads(page, ...)
        "require.js",
        "mathjax",
        "Traceback",
    ):
        assert leftover.lower() not in html.lower(), leftover
    # nothing loaded from the network: every src and href is local or a data URI (a link
    # a reader may follow, such as the supervisory authority's site, loads nothing)
    loaded = re.sub(r'<a\s[^>]*href="(?:https://|mailto:)[^"]*"', "<a", html)
    for ref in re.findall(r'(?:src|href)="([^"]*)"', loaded):
        assert not re.match(r"[a-z]+://", ref) or ref.startswith("data:"), ref
        assert not ref.startswith("//"), ref
    assert "@import" not in html and "url(http" not in html
    # the sources section and the programme, year and date of the data
    text = text_of(rendered / lang / f"{name}.html")
    assert str(YEAR) in text


def test_overview_prints_table_1_exactly_in_finnish_notation(rendered):
    cells = cells_of(rendered / "fi" / "overview.html")
    for value in TABLE_1_FI:
        assert value in cells, value


def test_every_page_using_the_ledger_says_it_is_illustrative(rendered):
    notices = {
        "fi": "Havainnollistava aineisto",
        "sv": "Illustrativt material",
        "en": "Illustrative data",
    }
    for lang in LANGS:
        for name in ("overview", "goal-1", "goal-2", "goal-3", "goal-4", "budget"):
            text = text_of(rendered / lang / f"{name}.html")
            assert notices[lang] in text, (lang, name)
        assert notices[lang] not in text_of(rendered / lang / "index.html")


def test_no_finnish_placeholder_leaks_into_other_languages(rendered):
    for lang in ("sv", "en"):
        for name in PAGES:
            text = text_of(rendered / lang / f"{name}.html")
            assert "ei tietoa" not in text, (lang, name)
            assert "Hyötytavoite" not in text, (lang, name)


def test_sources_are_cited_for_readers_and_files_kept_for_the_manifest(rendered):
    # A reader gets the publication, its publisher and date; repository paths and working
    # notes are technical notes, recorded in the manifest and not printed.
    for lang in LANGS:
        for name in PAGES:
            html = (rendered / lang / f"{name}.html").read_text(encoding="utf-8")
            assert "data/raw/" not in html, (lang, name)
            assert "korvataan varsinaisella julkaisulla" not in html
    goal3 = text_of(rendered / "en" / "goal-3.html")
    assert "Employment Service Statistics: unemployed job seekers" in goal3
    goal1 = text_of(rendered / "fi" / "goal-1.html")
    assert "Seurantaraportin luvut julkaisijan tiedostomuodossa, ei alkuperäinen julkaisu." in goal1
    manifest = json.loads((rendered / "manifest.json").read_text(encoding="utf-8"))
    files = manifest["appendices"]["goal-3"]["en"]["sources"]
    assert f"data/raw/{PROGRAMME}/2022/sources/tyonv-12r5-six-cities.csv" in files
    assert f"data/raw/{PROGRAMME}/2022/table1.csv" in files


def test_figures_with_illustrative_or_reconstructed_data_carry_the_mark(rendered):
    # A screenshot of one figure must carry the mark: in the chart and beside it.
    budget = (rendered / "fi" / "budget.html").read_text(encoding="utf-8")
    figure = budget[budget.index("<figure>") : budget.index("</figure>")]
    assert '<p class="figure-note">Havainnollistava aineisto – ei todellisia lukuja</p>' in figure
    assert figure.count(">Havainnollistava aineisto</text>") == 2  # both SVGs
    goal1 = (rendered / "en" / "goal-1.html").read_text(encoding="utf-8")
    assert '<p class="figure-note">Compiled from the follow-up report\'s figures' in unescape(goal1)
    goal3 = (rendered / "en" / "goal-3.html").read_text(encoding="utf-8")
    assert '<p class="figure-note">' not in goal3  # real statistics: no mark


@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_has_a_download_of_its_numbers(rendered, lang):
    import base64

    from seuranta.pages.downloads import read_back

    html = (rendered / lang / "goal-3.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="download" download="([^"]+)" href="([^"]+)"', html)
    figures = html.count("<figure>")
    tables = html.count("<table") - figures  # every figure holds one data table
    assert len(links) == figures + tables
    names = [name for name, _ in links]
    assert len(set(names)) == len(names)
    # Every chart's CSV reads back to at least its data table's rows, numbers as numbers.
    for figure in re.findall(r"<figure>.*?</figure>", html, flags=re.S):
        href = re.search(r'class="download" download="[^"]+" href="([^"]+)"', figure)[1]
        frame = read_back(base64.b64decode(href.split(",", 1)[1]))
        rows = re.search(r"<tbody>(.*?)</tbody>", figure, flags=re.S)[1].count("<tr>")
        assert len(frame) >= rows
        assert frame["value"].dtype.kind in "if"
    # The monthly chart's CSV gives back the months drawn, at the indicator's precision; the
    # file beside the page is the same bytes as the page's link.
    name = f"{PROGRAMME}-{YEAR}-goal-3-indicator-unemployment-all.csv"
    _, href = next(link for link in links if link[0] == name)
    data = base64.b64decode(href.split(",", 1)[1])
    assert data == (rendered / lang / name).read_bytes()
    frame = read_back(data)
    months = frame[frame["kind"] == "observation"]
    assert len(months) == 48  # every month of 2019-2022
    assert months["value"].iloc[-2] == round(100 * 12133 / 150575, 1)  # 11/2022


def test_index_links_every_appendix_and_the_other_languages(rendered):
    html = (rendered / "fi" / "index.html").read_text(encoding="utf-8")
    for name in APPENDICES:
        assert f'href="{name}.html"' in html
    assert 'href="../sv/index.html"' in html and 'href="../en/index.html"' in html
    text = text_of(rendered / "fi" / "index.html")
    assert "Mittarisarjoja: 1 (Tavoite saavutettu 1)" in text  # goal 2's status line


def test_overview_writes_table_1_for_the_word_report(rendered):
    import openpyxl

    book = openpyxl.load_workbook(rendered / "fi" / f"{PROGRAMME}-{YEAR}-taulukko-1.xlsx")
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["goal", "indicator", "indicator_name"]
    assert sheet.max_row == 1 + 9  # one row per series (Table 1 stacks three in a cell)
    csv = (rendered / "fi" / f"{PROGRAMME}-{YEAR}-taulukko-1.csv").read_text(encoding="utf-8-sig")
    assert ",8741," in csv and "8\u00a0741 (2019)" in csv  # the number, and the report's text


def test_manifest_records_the_run(rendered):
    manifest = json.loads((rendered / "manifest.json").read_text(encoding="utf-8"))
    text = json.dumps(manifest)
    for key in ("papermill", "nbconvert", "pandas", "sha256"):
        assert key in text
    assert (rendered / "fi" / "notebooks" / "goal-1.ipynb").is_file()


def test_data_is_escaped_on_the_page(tmp_path):
    """A project named <script> shows as text and runs nothing."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "data" / "raw", root / "data" / "raw")
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    register = root / "data" / "raw" / PROGRAMME / "2022" / "projects.csv"
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    text = register.read_text(encoding="utf-8")
    register.write_text(text.replace("(Tapiola-klubi)", evil, 1), encoding="utf-8")
    run_seuranta(root, "clean")
    run_seuranta(root, "render", "--programme", PROGRAMME, "--lang", "fi", "--only", "goal-1")
    html = (root / "outputs" / PROGRAMME / "2022" / "fi" / "goal-1.html").read_text("utf-8")
    assert "<script" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x" in html


def test_a_missing_translation_fails_the_render_with_the_key(tmp_path):
    """No silent Finnish fallback: the Swedish page fails and names the missing key."""
    import os
    import subprocess
    import sys
    from importlib import resources

    import yaml

    root = tmp_path / "project"
    shutil.copytree(REPO / "data" / "raw", root / "data" / "raw")
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    locales = tmp_path / "locales"
    shutil.copytree(resources.files("seuranta") / "locales", locales)
    catalogue = locales / "sv" / "report.yaml"
    texts = yaml.safe_load(catalogue.read_text(encoding="utf-8"))
    del texts["goal"]["sections"]["projects"]
    catalogue.write_text(yaml.safe_dump(texts, allow_unicode=True), encoding="utf-8")
    run_seuranta(root, "clean")
    env = {**os.environ, "SEURANTA_ROOT": str(root), "SEURANTA_LOCALES": str(locales)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "seuranta.cli",
            "render",
            "--programme",
            PROGRAMME,
            "--lang",
            "fi,sv",
            "--only",
            "goal-1",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 1
    assert 'key "report.goal.sections.projects" has no text in language "sv"' in done.stderr
    out = root / "outputs" / PROGRAMME / "2022"
    assert (out / "fi" / "goal-1.html").is_file()  # the Finnish page still renders
    assert not (out / "sv" / "goal-1.html").exists()


CITIES = {
    "fi": ["Espoo", "Helsinki", "Vantaa", "Tampere", "Turku", "Oulu", "Koko maa"],
    "sv": ["Esbo", "Helsingfors", "Vanda", "Tammerfors", "Åbo", "Uleåborg", "Hela landet"],
    "en": ["Espoo", "Helsinki", "Vantaa", "Tampere", "Turku", "Oulu", "Whole country"],
}


@pytest.mark.parametrize("lang", LANGS)
def test_unemployment_from_the_real_statistics(rendered, lang):
    page = rendered / lang / "goal-3.html"
    text = text_of(page)
    cells = cells_of(page)
    # The monthly history with its moving average, and the report's two values.
    drawn = {
        "fi": "kuukausiarvot, liukuva vuosikeskiarvo ja seurantaraportin arvot",
        "sv": "månadsvärden, rullande tolvmånadersmedelvärde och uppföljningsrapportens värden",
        "en": "monthly values, the twelve-month moving average, and the follow-up report's values",
    }[lang]
    assert drawn in text
    # The like-for-like assessment, and which month the report's baseline is.
    like = {
        "fi": "arvo laski lukemasta 9,0 % (11/2021) lukemaan 8,1 % (11/2022) (saman kuukauden "
        "vertailu). Kausivaihtelun "
        "vuoksi sekä arviossa että muutoksessa edelliseen raporttiin verrataan saman kuukauden "
        "arvoja vuoden välein. Raportin lähtöarvo 9,4 % (2021) on ajankohdan 12/2021 luku.",
        "sv": "värdet sjönk från 9,0 % (11/2021) till 8,1 % (11/2022) (jämförelse av samma "
        "månad). På grund av "
        "säsongsvariationen jämförs samma månad med ett års mellanrum, både i bedömningen och "
        "i förändringen sedan föregående rapport. Rapportens utgångsvärde 9,4 % (2021) är "
        "värdet för 12/2021.",
        "en": "the value fell from 9.0% (Nov 2021) to 8.1% (Nov 2022) (same-month comparison). "
        "Because the series is "
        "seasonal, both the assessment and the change since the previous report compare the "
        "same month a year apart. The report's baseline 9.4% (2021) is the figure for Dec 2021.",
    }[lang]
    assert like in text
    # Espoo among the six largest cities, every name in the page's language.
    for city in CITIES[lang]:
        assert city in cells, city
    # The ranking table, by November 2022: Espoo, Tampere, Helsinki, Vantaa, Oulu, Turku,
    # then the whole country, unranked.
    html = page.read_text(encoding="utf-8")
    caption = {
        "fi": "ja vuotta aiemmin, muutos ja sija",
        "sv": "och ett år tidigare, förändring",
        "en": "and a year earlier, change and rank",
    }[lang]
    table = html[html.index(caption) :]
    table = table[: table.index("</table>")]
    rows = re.findall(r'<th scope="row">(.*?)</th>', table)
    assert rows == [CITIES[lang][i] for i in (0, 3, 1, 2, 5, 4, 6)]
    rank = {
        "fi": "Ajankohtana 11/2022 Espoo oli 6 alueen vertailussa sijalla 1",
        "sv": "Läget 11/2022: Esbo låg på plats 1 av 6",
        "en": "In Nov 2022, Espoo ranked 1 out of 6",
    }[lang]
    assert rank in text
    # The two series the file cannot give say that they are the report's own figures.
    own = {
        "fi": "Tämän sarjan luvut ovat seurantaraportin omia",
        "sv": "Seriens siffror är uppföljningsrapportens egna",
        "en": "This series gives the follow-up report's own figures",
    }[lang]
    assert text.count(own) == 2
    # Table 1 keeps the report's own notation.
    overview = cells_of(rendered / lang / "overview.html")
    assert {"fi": "kaikki: 9,4 %", "sv": "alla: 9,4 %", "en": "all: 9.4%"}[lang] in overview


def test_goal_3_stays_light(rendered):
    for lang in LANGS:
        size = (rendered / lang / "goal-3.html").stat().st_size
        assert size < 400_000, (lang, size)


# -- issue 21: figures a reader can trust ---------------------------------------------------

#: A euro figure as each language writes it (spaces of every kind folded by the caller).
EURO = {
    "fi": re.compile(r"\d{1,3}(?: \d{3})*(?:,\d+)? €"),
    "sv": re.compile(r"\d{1,3}(?: \d{3})*(?:,\d+)? €"),
    "en": re.compile(r"€\d{1,3}(?:,\d{3})*(?:\.\d+)?"),
}
#: The word that marks an illustrative figure, in each language.
ILLUSTRATIVE = {"fi": "havainnollista", "sv": "illustrativ", "en": "illustrative"}
_BLOCKS = {"p", "li", "caption", "figcaption", "h1", "h2", "h3", "h4", "summary", "title"}
_VOID = {"br", "meta", "img", "link", "input", "hr", "source", "wbr"}


def _fold(text: str) -> str:
    return " ".join(unescape(text).replace("\u00a0", " ").replace("\u202f", " ").split())


#: How far after a euro figure in its sentence the mark may stand (before the next figure).
MARK_REACH = 60


class _EuroCheck(HTMLParser):
    """Each euro figure of a page with what marks it: in a sentence, card or caption the
    mark after the figure, before the next one and within :data:`MARK_REACH` characters
    (so that a quoted clause keeps it); in a table cell its table's caption; in a chart
    its figure's note; a text alternative on its own."""

    def __init__(self, lang: str, reported: set[str]):
        super().__init__(convert_charrefs=True)
        self.lang, self.reported, self.mark = lang, reported, ILLUSTRATIVE[lang]
        self.open: list[dict] = []
        self.found: list[str] = []

    def _near(self, text: str) -> list[str]:
        """The figures of ``text`` without the mark after them, before the next figure."""
        matches = list(EURO[self.lang].finditer(text))
        found = []
        for i, m in enumerate(matches):
            end = m.end() + MARK_REACH
            if i + 1 < len(matches):
                end = min(end, matches[i + 1].start())
            if m[0] not in self.reported and self.mark not in text[m.end() : end].lower():
                found.append(m[0])
        return found

    def _inside(self, tag: str) -> dict | None:
        return next((e for e in reversed(self.open) if e["tag"] == tag), None)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("aria-label", "alt", "title") and value:
                text = _fold(value)
                if self.mark not in text.lower():
                    self.found += [
                        f"{f} in the text alternative {text[:80]!r}" for f in self._near(text)
                    ]
        if tag not in _VOID:
            self.open.append({"tag": tag, "text": [], "caption": ""})

    def handle_endtag(self, tag):
        while self.open:
            element = self.open.pop()
            self._check(element)
            if element["tag"] == tag:
                break

    def _check(self, element) -> None:
        tag, text = element["tag"], _fold("".join(element["text"]))
        if tag == "caption" and (table := self._inside("table")) is not None:
            table["caption"] = text
        if tag not in _BLOCKS | {"td", "th"} or any(e["tag"] in _BLOCKS for e in self.open):
            return  # a block is checked as a whole, once
        table, figure = self._inside("table"), self._inside("figure")
        if table is not None and self.mark in table["caption"].lower():
            return
        if figure is not None and self.mark in _fold("".join(figure["text"])).lower():
            return
        if tag in ("td", "th"):
            unmarked = [m[0] for m in EURO[self.lang].finditer(text) if m[0] not in self.reported]
        else:
            unmarked = self._near(text)
        self.found += [f"{f} in {text[:80]!r}" for f in unmarked]

    def handle_data(self, data):
        if any(e["tag"] in ("style", "script") for e in self.open):
            return
        for element in self.open:
            element["text"].append(data)


def unmarked_euros(path, lang: str, reported: set[str]) -> list[str]:
    """Every euro figure of a page that is neither one the report gives nor marked
    illustrative where it stands (see :class:`_EuroCheck`)."""
    check = _EuroCheck(lang, reported)
    check.feed(path.read_text(encoding="utf-8"))
    check.close()
    return check.found


def reported_euros(raw_year, lang: str) -> set[str]:
    """The euro figures the report itself gives (budget.yaml), as the language writes them."""
    budget = yaml.safe_load((raw_year / "budget.yaml").read_text(encoding="utf-8"))
    tr = Translator(lang)
    return {_fold(tr.money(budget[key])) for key in ("appropriation_eur", "spent_reported_eur")}


@pytest.mark.parametrize("lang", LANGS)
def test_every_euro_figure_is_the_reports_or_marked_where_it_stands(rendered, lang):
    reported = reported_euros(REPO / "data" / "raw" / PROGRAMME / str(YEAR), lang)
    seen = 0
    for name in PAGES:
        page = rendered / lang / f"{name}.html"
        seen += len(EURO[lang].findall(text_of(page)))
        assert unmarked_euros(page, lang, reported) == [], name
    assert seen > 50  # the test does find the figures


def test_the_euro_check_finds_an_unmarked_figure(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<p>Ohjelman määrärahasta (200 000 €) jäi käyttämättä 10 340 €.</p>"
        "<p>Käytettiin 30 380 € (havainnollistava luku).</p>"
        # A mark at the start of the sentence does not travel with a quoted clause.
        "<p>Havainnollistavan aineiston mukaan kuluja oli 189 660 €, joten käyttämättä jäi "
        "10 340 € (havainnollistava luku).</p>"
        "<table><caption>Käytetyt varat (havainnollistava aineisto)</caption>"
        "<tr><td>7 500 €</td></tr></table>"
        '<div aria-label="Pylväskuvio: 92 250 €"></div>',
        encoding="utf-8",
    )
    found = unmarked_euros(page, "fi", {"200 000 €"})
    assert [f.split(" in ")[0] for f in found] == ["10 340 €", "189 660 €", "92 250 €"]


def _indicator_rows(path) -> list[list[str]]:
    """The rows of the page's first table (a goal page's indicators), cell by cell."""
    html = path.read_text(encoding="utf-8")
    table = html[html.index("<table") : html.index("</table>")]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S):
        cells = re.findall(r"<t[dh](?:\s[^>]*)?>(.*?)</t[dh]>", row, flags=re.S)
        rows.append([_fold(re.sub(r"<[^>]+>", " ", c)) for c in cells])
    return rows


BASELINE_ALL = {"fi": "9,4 % (12/2021)", "sv": "9,4 % (12/2021)", "en": "9.4% (Dec 2021)"}


@pytest.mark.parametrize("lang", LANGS)
def test_all_has_one_baseline_the_one_table_1_gives(rendered, lang):
    rows = _indicator_rows(rendered / lang / "goal-3.html")
    all_row = next(
        r for r in rows if r[0].endswith({"fi": "kaikki", "sv": "alla", "en": "all"}[lang])
    )
    assert all_row[1] == BASELINE_ALL[lang]
    # The like-for-like figure is its own, labelled, and names the months compared.
    label = {
        "fi": "Saman kuukauden vertailu: 9,0 % (11/2021) → 8,1 % (11/2022)",
        "sv": "Jämförelse av samma månad: 9,0 % (11/2021) → 8,1 % (11/2022)",
        "en": "Same-month comparison: 9.0% (Nov 2021) → 8.1% (Nov 2022)",
    }[lang]
    assert label in text_of(rendered / lang / "goal-3.html")
    # Table 1 and its downloads give the report's own cell.
    cell = {"fi": "kaikki: 9,4 %", "sv": "alla: 9,4 %", "en": "all: 9.4%"}[lang]
    assert cell in cells_of(rendered / lang / "overview.html")
    # Every download that gives the series' baseline gives Table 1's, as a number and a month.
    found = 0
    for path in sorted((rendered / lang).glob("*.csv")):
        table = pd.read_csv(path, encoding="utf-8-sig")
        if not {"indicator", "series", "baseline_value", "baseline_period"} <= set(table):
            continue
        rows = table[(table["indicator"] == "unemployment") & (table["series"] == "all")]
        assert list(rows["baseline_value"]) == [9.4] * len(rows), path.name
        assert list(rows["baseline_period"]) == ["2021-12"] * len(rows), path.name
        found += len(rows)
    assert found >= 2  # Table 1's download and goal 3's indicator table


@pytest.mark.parametrize("lang", LANGS)
def test_series_of_one_table_1_cell_are_dated_alike_and_not_yet_assessable(rendered, lang):
    rows = _indicator_rows(rendered / lang / "goal-3.html")
    label = Translator(lang)("progress.status.not_yet_assessable")
    dated = {"fi": "(12/2021)", "sv": "(12/2021)", "en": "(Dec 2021)"}[lang]
    unemployment = [r for r in rows[1:] if len(r) > 2 and r[1].endswith(dated)]
    assert len(unemployment) == 3  # all, under 25, foreign nationals: one dating
    assert [r[-1].endswith(label) for r in unemployment] == [False, True, True]
    # Counted so in the overview and on the index.
    assert f"{label} 2" in text_of(rendered / lang / "overview.html")
    assert f"{label} 2" in text_of(rendered / lang / "index.html")


@pytest.mark.parametrize("lang", LANGS)
def test_the_caveat_travels_with_target_achieved(rendered, lang):
    tr = Translator(lang)
    caveat = _fold(
        tr(
            "progress.explain.caveat_reported_precision",
            period=tr.period("2022-05"),
            target_period=tr.period("2025"),
        )
    )
    for name in ("goal-2", "overview", "index"):
        assert caveat in text_of(rendered / lang / f"{name}.html"), name
    stem = {"fi": "taulukko-1", "sv": "tabell-1", "en": "table-1"}[lang]
    stem = f"{PROGRAMME}-{YEAR}-{stem}"
    assert caveat in _fold((rendered / lang / f"{stem}.csv").read_text(encoding="utf-8-sig"))
    sheet = openpyxl.load_workbook(rendered / lang / f"{stem}.xlsx").active
    assert any(caveat in _fold(str(c.value or "")) for row in sheet.iter_rows() for c in row)


@pytest.mark.parametrize("lang", LANGS)
def test_missing_values_read_one_way_in_every_indicator_table(rendered, lang):
    no_data = Translator(lang)("common.no_data")
    for name in ("goal-1", "goal-2", "goal-3", "goal-4", "overview"):
        page = rendered / lang / f"{name}.html"
        html = page.read_text(encoding="utf-8")
        start = html.index("<table") if name != "overview" else html.rindex("<table")
        table = html[start : html.index("</table>", start)]
        cells = re.findall(r"<td(?:\s[^>]*)?>(.*?)</td>", table, flags=re.S)
        assert all(_fold(re.sub(r"<[^>]+>", "", c)) for c in cells), name
    goal_1 = _indicator_rows(rendered / lang / "goal-1.html")
    assert goal_1[1][1:4] == [no_data] * 3  # work-based residence permits


def _number(text: str) -> float:
    return float(text.split()[0].replace("\u2212", "-").replace(",", ".").rstrip("%"))


def test_six_cities_on_the_month_and_on_12_month_averages(rendered):
    page = rendered / "fi" / "goal-3.html"
    html = page.read_text(encoding="utf-8")
    text = text_of(page)
    mean = "Kahdentoista kuukauden keskiarvoilla (12/2021–11/2022) Espoo oli 6 alueen joukossa"
    assert f"{mean} sijalla 1" in text
    for caption in ("11/2022 ja vuotta aiemmin", "päättyvät 11/2022 ja vuotta aiemmin"):
        start = html.index(caption)
        table = html[start : html.index("</table>", start)]
        for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]:
            cells = [
                _fold(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)
            ]
            latest, before, change = (_number(c) for c in cells[:3])
            # The change shown is the difference of the two values shown.
            assert round(latest - before, 1) == change, cells
    assert "Vuosikeskiarvo, jakso päättyy 11/2022" in cells_of(page)
    assert "−0,9 prosenttiyksikköä" in cells_of(page)  # Helsinki 9,8 % - 10,7 %


@pytest.mark.parametrize("lang", LANGS)
def test_chart_text_names_highest_lowest_and_latest(rendered, lang):
    html = _fold((rendered / lang / "goal-3.html").read_text(encoding="utf-8"))
    moving = {
        "fi": "Liukuva vuosikeskiarvo: suurin 12,8 % (3/2021)",
        "sv": "Rullande tolvmånadersmedelvärde: högst 12,8 % (3/2021)",
        "en": "Twelve-month moving average: highest 12.8% (Mar 2021)",
    }[lang]
    assert moving in html
    # A projection at the indicator's precision (whole per cent), inside the scale.
    assert {"fi": "67 %", "sv": "67 %", "en": "67%"}[lang] in cells_of(
        rendered / lang / "goal-3.html"
    )
    text = text_of(rendered / lang / "goal-3.html")
    assert "66,8" not in text and "66.8" not in text


def test_each_goal_header_gives_its_own_datas_latest_period(rendered):
    expected = {"goal-1": "2020", "goal-2": "5/2022", "goal-3": "11/2022", "goal-4": "2022"}
    for name, period in expected.items():
        # the data's period, from the earliest baseline the page assesses to this
        text = text_of(rendered / "fi" / f"{name}.html")
        assert re.search(rf"Tiedot: [^·]*–{re.escape(period)} ·", text), name
