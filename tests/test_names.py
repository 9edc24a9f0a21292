"""Names in the reader's language: no Finnish on the Swedish and English pages.

The programme's definition gives every name in each language it publishes (goals,
indicators, sources, areas, and under ``terms`` the partners and funding sources the raw
files write as the report does); the project register gives project names and summaries
per language and the sidecars each source's title and publisher. A Finnish text of any of
them that differs from its Swedish or English counterpart must not appear on that
language's pages, except inside a name the programme gives in that language (the
proper name "Business Espoo" holds the Finnish "Espoo" on a Swedish page). Dates on
English pages are written in English ("31 Dec 2022", never "31.12.2022").

How clean refuses a name without its translations is in ``tests/test_probes.py``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest

from conftest import PROGRAMME
from seuranta.dataset import load
from seuranta.paths import ProjectPaths
from seuranta.programme import Names

PAGES = ("index", "overview", "goal-1", "goal-2", "goal-3", "goal-4", "budget")
#: A Finnish date (d.m.yyyy), as a Finnish page writes it.
FINNISH_DATE = re.compile(r"\b[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}\b")


class _Text(HTMLParser):
    """What a reader sees or hears: text nodes (HTML and SVG), alt texts and labels."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        self.parts += [v for k, v in attrs if k in ("alt", "aria-label", "title") and v]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def names_in(value: object) -> Iterator[Names]:
    """Every :class:`Names` of a programme definition, however deep."""
    if isinstance(value, Names):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from names_in(getattr(value, f.name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from names_in(item)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from names_in(item)


def translations(dataset, year: int) -> list[dict[str, str]]:
    """Every text the data gives per language, as ``{lang: text}``."""
    pairs = [
        {lang: n(lang) for lang in dataset.programme.languages} for n in names_in(dataset.programme)
    ]
    projects = dataset.projects_of(year)
    for column in ("name", "summary"):
        pairs += (
            projects[[f"{column}_{lang}" for lang in ("fi", "sv", "en")]]
            .rename(columns=lambda c: c.rsplit("_", 1)[1])
            .to_dict("records")
        )
    prov = dataset.provenance
    for column in ("title", "publisher"):
        pairs += (
            prov[[f"{column}_{lang}" for lang in ("fi", "sv", "en")]]
            .rename(columns=lambda c: c.rsplit("_", 1)[1])
            .to_dict("records")
        )
    return pairs


def finnish_left(text: str, lang: str, pairs: list[dict[str, str]]) -> list[str]:
    """The Finnish texts of ``pairs`` found in ``text`` outside this language's names."""
    own = sorted({p[lang] for p in pairs}, key=len, reverse=True)
    found = []
    for finnish in sorted({p["fi"] for p in pairs if p["fi"] != p[lang]}):
        pattern = re.compile(rf"(?<!\w){re.escape(finnish)}(?!\w)")
        if not pattern.search(text):
            continue
        masked = text
        for name in own:  # a proper name of this language may hold the Finnish word
            if finnish in name:
                masked = masked.replace(name, " ")
        if pattern.search(masked):
            found.append(finnish)
    return found


@pytest.fixture(scope="module")
def data(rendered):
    root = rendered.parents[2]
    dataset = load(PROGRAMME, ProjectPaths(root))
    return dataset, translations(dataset, int(rendered.name))


def test_the_data_gives_finnish_names_to_look_for(data):
    """Not vacuous: the texts compared include the names the review found on sv/en pages."""
    _, pairs = data
    finnish = {p["fi"] for p in pairs}
    for name in ("Kehitysohjelman määräraha", "Aalto-yliopisto", "EAKR (haettu 2022)"):
        assert name in finnish
    assert "Espoon kaupunki" in finnish


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_no_finnish_names_on_swedish_and_english_pages(rendered, data, lang, name):
    _, pairs = data
    text = page_text((rendered / lang / f"{name}.html").read_text("utf-8"))
    assert finnish_left(text, lang, pairs) == []


@pytest.mark.parametrize("name", PAGES)
def test_english_pages_write_dates_in_english(rendered, name):
    text = page_text((rendered / "en" / f"{name}.html").read_text("utf-8"))
    assert FINNISH_DATE.findall(text) == []


def test_the_check_finds_a_finnish_name():
    """A Finnish name on an English page is found; inside an English proper name it is not."""
    pairs = [
        {"fi": "Aalto-yliopisto", "sv": "Aalto-universitetet", "en": "Aalto University"},
        {"fi": "Espoo", "sv": "Esbo", "en": "Espoo"},
        {"fi": "Business Espoo -verkosto", "sv": "Business Espoo-nätverket", "en": "Business"},
    ]
    assert finnish_left("Partners: Miltton, Aalto-yliopisto", "en", pairs) == ["Aalto-yliopisto"]
    assert finnish_left("Partner: Business Espoo-nätverket", "sv", pairs) == []
    assert finnish_left("Staden Espoo", "sv", pairs) == ["Espoo"]
