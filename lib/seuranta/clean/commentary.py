"""The analysts' own words on the pages: commentary files per report year and language.

The follow-up report is more than its numbers: per goal, what was done and why an
indicator moved. Analysts write it as Markdown, one file per page (and optionally per
indicator) and language::

    data/raw/<programme>/<year>/commentary/<lang>/overview.md
    data/raw/<programme>/<year>/commentary/<lang>/goal-<n>.md
    data/raw/<programme>/<year>/commentary/<lang>/indicator-<id>.md

``seuranta clean`` checks the names (a goal or indicator of the programme, a known
language) and copies the files into ``data/processed/<programme>/commentary/<year>/``, so
that commentary is part of the processed data and of every page's cache key. Where the file
of one language is missing but another language has it, the page of the missing language
fails to render and names the file: a bilingual city publishes both.

Markdown is read with markdown-it-py in a small, safe subset: paragraphs, lists, emphasis
and strong emphasis, links to ``https://`` addresses only, headings. Raw HTML is off, so
``<script>`` is shown as text, like every text that comes from data; images and code are
not part of the subset. Headings are moved down to fit the page's outline (``#`` becomes
the level below the section the commentary stands in).

Everything written is shown, or ``clean`` refuses the file with one line (:func:`check`):

- a file larger than :data:`MAX_BYTES` (a page's commentary is a few kilobytes);
- text the rule of every raw file refuses: invisible, direction and control characters,
  NUL among them (:func:`seuranta.rawtext.check_text`);
- lists nested deeper than :data:`MAX_LIST_DEPTH`: markdown-it stops at its nesting cap
  (``maxNesting``, :data:`MAX_NESTING`) and silently drops everything after the point it
  was reached, so clean refuses well before it;
- a heading that skips a level: the first heading is ``#`` and each next one is at most one
  level deeper than the one before (``#`` then ``###`` is refused), so that the page's
  outline has no gaps (WCAG 1.3.1, axe's heading-order). Below ``h6`` levels stay ``h6``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from seuranta.catalog import COMMENTARY_FOLDER
from seuranta.errors import InputError
from seuranta.paths import ProjectPaths
from seuranta.programme import Programme
from seuranta.rawtext import check_text

#: The Markdown syntax a commentary may use (markdown-it-py rule names).
RULES = ("heading", "list", "emphasis", "link", "newline", "escape", "entity")
#: The largest commentary file clean accepts (100 kB; the whole 2022 report is 19 kB).
MAX_BYTES = 100_000
#: markdown-it's nesting cap: a block nested this deep and all that follows is dropped.
MAX_NESTING = 20
#: The deepest list clean accepts; a list nested 10 deep reaches :data:`MAX_NESTING`.
MAX_LIST_DEPTH = 8


def page_names(programme: Programme) -> set[str]:
    """The file names (without ``.md``) a commentary folder may hold for ``programme``."""
    names = {"overview"}
    names |= {f"goal-{goal.number}" for goal in programme.goals}
    names |= {f"indicator-{indicator.id}" for indicator in programme.indicators}
    return names


def read_year(programme: Programme, year_dir: Path) -> dict[tuple[str, str], str]:
    """Every commentary file of one report year: ``(lang, name) -> Markdown text``.

    An unknown language folder, an unknown file name or text that is not UTF-8 stops
    ``clean`` with the file named.
    """
    folder = year_dir / COMMENTARY_FOLDER
    found: dict[tuple[str, str], str] = {}
    if not folder.exists():
        return found
    if not folder.is_dir():
        raise InputError(folder, "expected a folder of language folders (fi/, sv/, en/)")
    allowed = page_names(programme)
    for lang_dir in sorted(folder.iterdir()):
        if lang_dir.name.startswith("."):
            continue
        if not lang_dir.is_dir() or lang_dir.name not in programme.languages:
            raise InputError(
                lang_dir,
                "expected a folder for a language the programme publishes: one of "
                f"{', '.join(programme.languages)}",
            )
        for path in sorted(lang_dir.iterdir()):
            if path.name.startswith("."):
                continue
            name = path.name.removesuffix(".md")
            if path.suffix != ".md" or name not in allowed:
                raise InputError(
                    path,
                    "expected overview.md, goal-<number>.md or indicator-<id>.md of "
                    f"{programme.id}: {', '.join(sorted(allowed))}",
                )
            found[(lang_dir.name, name)] = read_file(path)
    _check_translations(found, programme, folder)
    return found


def read_file(path: Path) -> str:
    """One commentary file's text, checked (:func:`check`); its one leading BOM dropped."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(
            path,
            f"{size} bytes: a commentary may have at most {MAX_BYTES} bytes "
            "(split the text, or shorten it)",
        )
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(path, f"not UTF-8 text: {err.reason} at byte {err.start}") from None
    text = check_text(path, text)
    check(path, text)
    return text


def check(path: Path, text: str) -> None:
    """Refuse what the page would not show whole: lists too deep, headings that skip a
    level (module docstring); the error names the file and the line."""
    depth, previous = 0, 0
    for token in _parser().parse(text):
        line = token.map[0] + 1 if token.map else None
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            if depth > MAX_LIST_DEPTH:
                raise InputError(
                    path,
                    f"a list nested {depth} deep: a commentary's lists may be nested at most "
                    f"{MAX_LIST_DEPTH} deep (deeper ones would not be shown whole)",
                    line=line,
                )
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "heading_open":
            level = int(token.tag[1])
            if level > previous + 1:
                place = f"follows a {'#' * previous} heading" if previous else "is the first"
                raise InputError(
                    path,
                    f"heading {'#' * level} {place}: headings go down one level at a time, "
                    f"from # (expected at most {'#' * (previous + 1)} here)",
                    line=line,
                )
            previous = level


def _check_translations(
    found: dict[tuple[str, str], str], programme: Programme, folder: Path
) -> None:
    """Every commentary in every language the programme publishes, or ``clean`` stops.

    A text in one language only would publish a page set whose languages say different
    things; the error names the first file still to write.
    """
    for name in sorted({name for _, name in found}):
        have = [lang for lang in programme.languages if (lang, name) in found]
        for lang in programme.languages:
            if lang not in have:
                raise InputError(
                    folder / lang / f"{name}.md",
                    f"missing: the commentary exists in {', '.join(have)} but not in {lang}; "
                    "the pages of every language need it: write this file",
                )


def processed_path(paths: ProjectPaths, programme: str, year: int, lang: str, name: str) -> Path:
    folder = paths.processed_programme(programme) / COMMENTARY_FOLDER
    return folder / str(year) / lang / f"{name}.md"


def raw_path(paths: ProjectPaths, programme: str, year: int, lang: str, name: str) -> Path:
    return paths.raw_programme(programme) / str(year) / COMMENTARY_FOLDER / lang / f"{name}.md"


def find(paths: ProjectPaths, programme: str, year: int, lang: str, name: str) -> str | None:
    """The cleaned commentary ``name`` in ``lang``; None where there is none (clean made sure
    that every language has it or none does, :func:`read_year`)."""
    path = processed_path(paths, programme, year, lang, name)
    return path.read_text(encoding="utf-8") if path.is_file() else None


@cache
def _parser():
    from markdown_it import MarkdownIt

    options = {"html": False, "linkify": False, "typographer": False, "maxNesting": MAX_NESTING}
    md = MarkdownIt("zero", options)
    md.enable(list(RULES))
    # Links to https:// only; anything else (javascript:, data:, http:, relative) stays text.
    md.validateLink = lambda url: url.strip().lower().startswith("https://")
    return md


def to_html(text: str, top_level: int = 3) -> str:
    """Commentary Markdown as HTML, its headings starting at ``h{top_level}``."""
    md = _parser()
    tokens = md.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = int(token.tag[1]) + top_level - 1
            token.tag = f"h{min(level, 6)}"
    return md.renderer.render(tokens, md.options, {})


def write(texts: dict[tuple[int, str, str], str], target: Path) -> None:
    """Write ``(year, lang, name) -> text`` below a processed programme folder."""
    for (year, lang, name), text in sorted(texts.items()):
        path = target / COMMENTARY_FOLDER / str(year) / lang / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
