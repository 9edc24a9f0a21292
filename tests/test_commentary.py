"""The analysts' commentary files as clean reads them (seuranta.clean.commentary).

Everything written is shown, or clean refuses the file: the words of each Markdown source
(the fixture commentary quoted from the report, and Markdown made to probe the parser) are
compared with the words of its HTML and of its rendered page.
"""

from __future__ import annotations

import html
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import FIXTURES, PROGRAMME, REPO, YEAR, copy_tree, run_seuranta
from seuranta.clean import commentary
from seuranta.clean.commentary import MAX_BYTES, MAX_LIST_DEPTH, MAX_NESTING, read_year, to_html
from seuranta.errors import InputError
from seuranta.paths import ProjectPaths
from seuranta.programme import load_programme

#: Commentary for the render tests: the report's own words (fixtures/README.md).
FIXTURE_COMMENTARY = FIXTURES / "commentary" / PROGRAMME / str(YEAR)


@pytest.fixture(scope="module")
def programme():
    return load_programme(PROGRAMME, ProjectPaths(REPO))


def write(year_dir: Path, lang: str, name: str, text: str = "Teksti.") -> Path:
    path = year_dir / "commentary" / lang / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_commentary_in_every_language_is_read(tmp_path, programme):
    for lang in programme.languages:
        write(tmp_path, lang, "goal-3", f"\ufeff{lang} text")
    found = read_year(programme, tmp_path)
    assert found == {(lang, "goal-3"): f"{lang} text" for lang in programme.languages}


def test_no_commentary_folder_is_no_commentary(tmp_path, programme):
    assert read_year(programme, tmp_path) == {}


@pytest.mark.parametrize("have", [("fi",), ("fi", "en"), ("sv",)])
def test_a_missing_translation_names_the_file_to_write(tmp_path, programme, have):
    for lang in have:
        write(tmp_path, lang, "goal-1")
    missing = next(lang for lang in programme.languages if lang not in have)
    with pytest.raises(InputError) as err:
        read_year(programme, tmp_path)
    message = str(err.value)
    assert f"commentary/{missing}/goal-1.md: missing" in message
    assert f"exists in {', '.join(have)} but not in {missing}" in message
    assert "write this file" in message


def test_a_language_the_programme_does_not_publish_is_refused(tmp_path, programme):
    from dataclasses import replace

    finnish_only = replace(programme, languages=("fi",))
    write(tmp_path, "fi", "overview")
    write(tmp_path, "en", "overview")
    with pytest.raises(InputError, match=r"commentary/en: expected a folder for a language .* fi$"):
        read_year(finnish_only, tmp_path)


def test_a_page_the_programme_does_not_have_is_refused(tmp_path, programme):
    write(tmp_path, "fi", "goal-9")
    with pytest.raises(InputError, match=r"goal-9\.md: expected overview\.md, goal-<number>\.md"):
        read_year(programme, tmp_path)


# -- everything written is shown --------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")
#: A list item's marker (``*``, ``-``, ``1.``): the page shows it as the list, not as text.
_MARKER = re.compile(r"^[ \t]*(?:[*+-]|[0-9]{1,9}[.)])(?=[ \t]|$)", re.MULTILINE)


def source_words(markdown: str) -> Counter:
    """The words a reader of the Markdown source sees (entities read, list markers not)."""
    return Counter(_WORD.findall(html.unescape(_MARKER.sub(" ", markdown))))


class _Words(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:  # a link's address is part of what was written
            if name in ("href", "title") and value:
                self.words.update(_WORD.findall(value))

    def handle_data(self, data):
        self.words.update(_WORD.findall(data))


def html_words(markup: str) -> Counter:
    parser = _Words()
    parser.feed(markup)
    parser.close()
    return parser.words


def nested_list(depth: int) -> str:
    return "".join("  " * level + f"* level{level}\n" for level in range(depth)) + "\nafter\n"


#: Markdown that probes the subset: each is shown whole by to_html.
SAMPLES = {
    "emphasis and links": 'Työttömyys *laski*; ks. [raportti](https://www.espoo.fi/ "Espoo").',
    "html as text": "<script>alert(1)</script> <b>bold</b> <!-- comment -->",
    "image as text": "![kuva](https://example.org/a.png) and ![x](javascript:y)",
    "link not https": "[a](http://x.fi) [b](javascript:alert(1)) [c](data:text/html,x) [d](/x)",
    "reference definition as text": "[espoo]: https://www.espoo.fi/\n\nSee [espoo].",
    "setext heading as text": "Otsikko\n=======\n\nteksti",
    "code as text": "    indented code\n\n```\nfenced\n```\n\n`inline`",
    "thematic break as text": "yksi\n\n* * *\n\n---\n\nkaksi",
    "entities and escapes": "&amp; &copy; &#228; \\* \\# \\[not a link\\]",
    "hard breaks": "rivi  \nrivi\\\nrivi",
    "deep emphasis": "*" * 40 + "sana" + "*" * 40,
    "lists 8 deep": nested_list(MAX_LIST_DEPTH),
    "ordered lists": "1. yksi\n2. kaksi\n   1. kaksi a\n\n10) kymmenen",
    "headings one level at a time": "# A\n\n## B\n\n### C\n\n# D\n\n## E\n\n### F\n\n#### G",
}


def fixture_sources() -> list[Path]:
    return sorted(FIXTURE_COMMENTARY.rglob("*.md")) + sorted(
        (REPO / "data" / "raw").glob("*/*/commentary/*/*.md")
    )


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_word_of_the_markdown_is_in_its_html(name, tmp_path):
    text = SAMPLES[name]
    path = tmp_path / "goal-1.md"
    path.write_text(text, encoding="utf-8")
    assert commentary.read_file(path) == text  # clean accepts it
    assert html_words(to_html(text)) == source_words(text)


@pytest.mark.parametrize("path", fixture_sources(), ids=lambda p: "/".join(p.parts[-2:]))
def test_every_word_of_the_fixture_commentary_is_in_its_html(path):
    text = commentary.read_file(path)
    assert sum(source_words(text).values()) > 40
    assert html_words(to_html(text)) == source_words(text)


def test_markdown_it_drops_what_follows_its_nesting_cap():
    """Why clean stops lists at MAX_LIST_DEPTH: one level more than markdown-it can show
    keeps the rest; at its cap the rest of the file is silently gone."""
    md = MarkdownIt("zero", {"maxNesting": MAX_NESTING}).enable(list(commentary.RULES))
    assert "after" in md.render(nested_list(MAX_LIST_DEPTH + 1))
    assert "after" not in md.render(nested_list(MAX_LIST_DEPTH + 2))
    assert "after" not in md.render("* " * 12 + "x\n\nafter\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (nested_list(MAX_LIST_DEPTH + 1), r"goal-1\.md:9: a list nested 9 deep: .* at most 8"),
        (nested_list(40), r"goal-1\.md:9: a list nested 9 deep"),
        ("Alku.\n\n" + "* " * 12 + "x\n\nafter\n", r"goal-1\.md:3: a list nested 9 deep"),
        ("# A\n\nteksti\n\n###### B\n", r"goal-1\.md:5: heading ###### follows a # heading"),
        ("Alku.\n\n## A\n", r"goal-1\.md:3: heading ## is the first: .* from #"),
        ("# A\n## B\n#### C\n", r"goal-1\.md:3: heading #### follows a ## heading: .* ###"),
        ("* # A\n* ### B\n", r"goal-1\.md:2: heading ### follows a # heading"),
    ],
    ids=["list 9 deep", "list 40 deep", "a line of stars", "h1 then h6", "first ##", "skip", "in"],
)
def test_what_would_not_be_shown_whole_is_refused_with_its_line(tmp_path, text, message):
    path = tmp_path / "goal-1.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        commentary.read_file(path)


def test_a_commentary_larger_than_the_limit_is_refused(tmp_path):
    path = tmp_path / "goal-1.md"
    path.write_bytes(b"sana " * (MAX_BYTES // 5) + b"x")
    with pytest.raises(InputError, match=rf"goal-1\.md: {MAX_BYTES + 1} bytes: .* at most"):
        commentary.read_file(path)
    path.write_bytes(b"sana " * (MAX_BYTES // 5))
    assert len(commentary.read_file(path)) == MAX_BYTES


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x00", "a control character"),
        ("\u202e", "RIGHT-TO-LEFT OVERRIDE"),
        ("\u200e", "LEFT-TO-RIGHT MARK"),
        ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
        ("\u00ad", "SOFT HYPHEN"),
        ("\ue000", "a private-use character"),
        ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"),
    ],
)
def test_an_invisible_character_is_refused_with_line_and_column(tmp_path, char, name):
    path = tmp_path / "goal-1.md"
    path.write_text(f"\ufeff# Otsikko\n\nTyö{char}ttömyys\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        commentary.read_file(path)
    assert f"goal-1.md:3: invisible character U+{ord(char):04X} ({name}) at column 4" in str(
        err.value
    )


def test_the_rendered_pages_show_every_word_of_their_commentary(cleaned_tree, tmp_path):
    root = copy_tree(cleaned_tree.root, tmp_path / "project").root
    shutil.copytree(
        FIXTURE_COMMENTARY, root / "data" / "raw" / PROGRAMME / str(YEAR) / "commentary"
    )
    run_seuranta(root, "render", "--programme", PROGRAMME, "--only", "overview,goal-1")
    out = root / "outputs" / PROGRAMME / str(YEAR)
    section = re.compile(r'<section class="commentary"><h2>[^<]*</h2>(.*?)</section>', re.S)
    for source in sorted(FIXTURE_COMMENTARY.rglob("*.md")):
        lang, name = source.parent.name, source.stem
        page = (out / lang / f"{name}.html").read_text(encoding="utf-8")
        # axe's heading-order: no heading of the page more than one level below the last.
        levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", page)]
        jumps = [(a, b) for a, b in pairwise(levels) if b > a + 1]
        assert levels[0] == 1 and not jumps, f"{lang}/{name}.html: {levels}"
        shown = section.findall(page)
        assert len(shown) == 1, f"{lang}/{name}.html"
        assert html_words(shown[0]) == source_words(source.read_text(encoding="utf-8"))
        assert "<h3>" in shown[0] and "<h5>" not in shown[0]  # # is h3, ## is h4
