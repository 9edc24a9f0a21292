"""Page building blocks: escaping, accessible tables and figures, status words."""

import re

import pytest

from seuranta import dataset as data
from seuranta.i18n import Translator
from seuranta.pages import BLOCK_MIMETYPE
from seuranta.pages.blocks import Cell, num, status_html, table_html
from seuranta.pages.page import Page

EVIL = '<script>alert("x")</script> & <b>'


def test_table_escapes_data_and_has_headers_and_caption():
    html = table_html(
        EVIL, ["Name", num("Value")], [[EVIL, num("1 200")]], footer=["Total", num("1 200")]
    )
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    assert re.search(r"<caption>&lt;script&gt;", html)
    assert '<th scope="col">Name</th>' in html
    assert '<th scope="row">&lt;script&gt;' in html
    assert '<td class="num" data-label="Value">1 200</td>' in html
    assert "<tfoot>" in html
    # a wide table scrolls in a focusable, named region
    assert re.search(r'<div class="table-wrap" role="region" tabindex="0" aria-label="&lt;', html)


def test_trusted_html_cells_are_kept():
    html = table_html("c", ["a"], [[Cell(html="<br>")]])
    assert "<br>" in html


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_status_is_a_word_and_a_symbol_not_only_a_colour(lang):
    tr = Translator(lang)
    html = status_html(tr, "deterioration")
    assert tr("progress.status.deterioration") in html
    assert 'aria-hidden="true"' in html  # the symbol is decoration; the word is read


@pytest.fixture
def shown(monkeypatch):
    """What the page displays, as (mimebundle) dicts."""
    outputs = []

    def display(obj, raw=False):
        outputs.append(obj if raw else {"text/html": obj.data})

    monkeypatch.setattr("seuranta.pages.page.display", display)
    return outputs


@pytest.fixture
def page(cleaned_project):
    return Page(data.load("elinvoimainen-espoo", cleaned_project), 2022, "fi", "goal-1")


def html_of(outputs) -> str:
    """The page's HTML: the blocks (what the template keeps), not JupyterLab's view."""
    return "\n".join(o.get(BLOCK_MIMETYPE, "") for o in outputs)


def test_figure_has_alt_text_and_data_table(page, shown):
    page.figure(
        b"\x89PNG",
        alt=f"Kuvio: {EVIL} 8 741",
        caption="c",
        data_caption="d",
        data_header=["a"],
        data_rows=[["1"]],
    )
    html = html_of(shown)
    assert 'src="data:image/png;base64,' in html
    assert re.search(r'alt="Kuvio: &lt;script&gt;alert\(&quot;x&quot;\)', html)
    assert "<details><summary>" in html and "<caption>d</caption>" in html


def test_page_start_records_language_and_title(page, shown):
    page.start(EVIL, lead="lead", illustrative=True)
    record = shown[0]["application/vnd.seuranta.page+json"]
    assert record["lang"] == "fi"
    assert record["title"].startswith(EVIL)  # escaped by the template, not here
    html = html_of(shown)
    assert "<h1>&lt;script&gt;" in html
    assert 'href="../sv/goal-1.html" lang="sv" hreflang="sv"' in html
    # The notice on the illustrative ledger is not under the title but next to the budget
    # figures it qualifies, once however many sections show such figures.
    assert "Havainnollistava aineisto" not in html
    page.budget_notice()
    page.budget_notice()
    assert html_of(shown).count("Havainnollistava aineisto") == 1


def test_unknown_year_is_a_clear_error(cleaned_project):
    project = cleaned_project
    from seuranta.errors import InputError

    with pytest.raises(
        InputError, match="no report for 2019: elinvoimainen-espoo has report years 2022"
    ):
        Page(data.load("elinvoimainen-espoo", project), 2019, "fi", "index")
