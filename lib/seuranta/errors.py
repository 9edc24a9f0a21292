"""Errors a user can act on.

The command line prints these as one line, without a traceback: they describe bad
input or a bad request, not a bug in the toolkit. Every message passes through
:func:`visible`, so a byte order mark, a zero-width space or a NUL in a cell is shown as
``<U+FEFF>``, ``<U+200B>`` or ``<U+0000>`` instead of being echoed invisibly (and a line
break in a cell cannot split the one-line message).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from seuranta.location import display_path

#: Spaces that are visible as spaces and that the parsers accept as such (see
#: seuranta.parse): shown as they are.
_PLAIN_SPACES = {" ", "\u00a0", "\u202f", "\u2009"}


def visible(text: str) -> str:
    """``text`` with invisible and control characters written as ``<U+XXXX>``.

    Control (Cc), format (Cf: BOM, zero-width space, direction marks), surrogate, private
    use and unassigned characters, line and paragraph separators and the unusual spaces
    are made visible; letters, digits, punctuation and the ordinary spaces stay.
    """
    out = []
    for char in str(text):
        category = unicodedata.category(char)
        if char not in _PLAIN_SPACES and (category[0] == "C" or category in ("Zl", "Zp", "Zs")):
            out.append(f"<U+{ord(char):04X}>")
        else:
            out.append(char)
    return "".join(out)


def describe(value: object) -> str:
    """A found value as every message names it, its type visible: ``the text "2022"`` and
    ``2022`` differ, as do ``2022`` and ``2022.0``; ``the truth value true``, ``nothing``,
    ``a mapping``, ``a list``."""
    if isinstance(value, str):
        return f'the text "{value}"'
    if isinstance(value, bool):
        return f"the truth value {str(value).lower()}"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return f"{type(value).__name__} {value}"


class SeurantaError(Exception):
    """An error caused by input or a request, reported to the user as one message."""


class InputError(SeurantaError):
    """Bad content in an input file, located by file, line and column where known.

    ``str(err)`` reads ``table1.csv:7: column "baseline": cannot read "9,4 %%" as a
    percentage``: the place first, then what was expected. ``key`` names a YAML key
    (``budget.yaml:4: key "year": ...``) where a column would name a CSV column.
    """

    def __init__(
        self,
        path: str | Path,
        message: str,
        *,
        line: int | None = None,
        column: str | None = None,
        key: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.column = column
        self.key = key
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        place = display_path(self.path)
        if self.line is not None:
            place += f":{self.line}"
        column = f' column "{self.column}":' if self.column is not None else ""
        key = f' key "{self.key}":' if self.key is not None else ""
        return visible(f"{place}:{column}{key} {self.message}")


class MissingTranslation(SeurantaError):
    """A text key has no translation in the requested language."""

    def __init__(self, key: str, lang: str) -> None:
        self.key = key
        self.lang = lang
        super().__init__(f'missing translation: key "{key}" has no text in language "{lang}"')
