"""The rendered 2022 appendices, read as HTML: what a council member gets.

The notebooks run with papermill on the real 2022 data (conftest ``rendered``).
"""

from __future__ import annotations

import json
import re
import shutil
from html import unescape

import pytest

from conftest import LANGS, PAGES, PROGRAMME, REPO, YEAR, run_seuranta

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
    # nothing loaded from the network: every src and href is local or a data URI
    for ref in re.findall(r'(?:src|href)="([^"]*)"', html):
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
    # Every chart's CSV reads back to as many rows as its data table, numbers as numbers.
    for figure in re.findall(r"<figure>.*?</figure>", html, flags=re.S):
        href = re.search(r'class="download" download="[^"]+" href="([^"]+)"', figure)[1]
        frame = read_back(base64.b64decode(href.split(",", 1)[1]), lang)
        rows = re.search(r"<tbody>(.*?)</tbody>", figure, flags=re.S)[1].count("<tr>")
        assert len(frame) == rows
        assert any(frame[c].dtype.kind == "f" for c in frame.columns)
    # The monthly chart's CSV gives back the numbers drawn, in the page's conventions.
    chart = {"fi": "kuvio", "sv": "figur", "en": "chart"}[lang]
    _, href = next(link for link in links if link[0] == f"goal-3-{chart}-1.csv")
    data = base64.b64decode(href.split(",", 1)[1])
    assert data.startswith("\ufeff".encode())
    assert (b";" in data.splitlines()[0]) == (lang != "en")
    frame = read_back(data, lang)
    values = frame.iloc[:, 1]
    assert values.dtype.kind == "f" and len(values) == 48  # every month of 2019-2022
    assert values.iloc[-2] == pytest.approx(100 * 12133 / 150575, abs=1e-6)  # 11/2022


def test_index_links_every_appendix_and_the_other_languages(rendered):
    html = (rendered / "fi" / "index.html").read_text(encoding="utf-8")
    for name in PAGES[1:]:
        assert f'href="{name}.html"' in html
    assert 'href="../sv/index.html"' in html and 'href="../en/index.html"' in html
    text = text_of(rendered / "fi" / "index.html")
    assert "Mittarisarjoja: 1 (Tavoite saavutettu 1)" in text  # goal 2's status line


def test_overview_writes_table_1_for_the_word_report(rendered):
    import openpyxl

    book = openpyxl.load_workbook(rendered / "fi" / "taulukko-1.xlsx")
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Hyötytavoite", "Mittari", "Tietolähde"]
    assert sheet.max_row == 1 + 7  # one row per indicator, as in the report
    csv = (rendered / "fi" / "taulukko-1.csv").read_text(encoding="utf-8-sig")
    assert "8\u00a0741 (2019)" in csv


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
        "fi": "arvo laski lukemasta 9,0 % (11/2021) lukemaan 8,1 % (11/2022). Kausivaihtelun "
        "vuoksi arviossa verrataan saman kuukauden arvoja vuoden välein. Raportin lähtöarvo "
        "9,4 % (2021) on ajankohdan 12/2021 luku.",
        "sv": "värdet sjönk från 9,0 % (11/2021) till 8,1 % (11/2022). På grund av "
        "säsongsvariationen jämförs i bedömningen samma månad med ett års mellanrum. "
        "Rapportens utgångsvärde 9,4 % (2021) är värdet för 12/2021.",
        "en": "the value fell from 9.0% (Nov 2021) to 8.1% (Nov 2022). Because the series is "
        "seasonal, the assessment compares the same month a year apart. The report's baseline "
        "9.4% (2021) is the figure for Dec 2021.",
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
