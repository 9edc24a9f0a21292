"""One rule for the text of every raw file: no invisible, bidirectional or control characters.

Every reader of ``data/raw`` passes the decoded text through :func:`check_text`: the
programme definition, Table 1, the project register, the ledger, the budget facts, the
commentary and the ``.meta.yaml`` sidecars (through :mod:`seuranta.yamlfile`). What it
refuses is invisible in an editor and makes a text differ from what it shows: a name with a
zero-width space matches nothing, a right-to-left override turns a page's text around, a
NUL cuts a text short in other programs. The error names the file, the line and the column
(counted in characters from 1), and the character by its code and Unicode name.

Refused: control characters other than tab, line feed and carriage return (C0, DEL, C1);
the soft hyphen; the Arabic letter mark and the Mongolian vowel separator; zero-width
characters and the direction marks (U+200B-U+200F); the line and paragraph separators
(U+2028, U+2029); the direction embeddings, overrides and isolates (U+202A-U+202E,
U+2066-U+2069) and the other invisible format characters (U+2060-U+206F); a byte order
mark anywhere but at the very start (one leading BOM, as Excel writes it, is dropped); the
interlinear annotation marks (U+FFF9-U+FFFB) and the noncharacters U+FFFE and U+FFFF;
private-use characters (U+E000-U+F8FF, planes 15 and 16) and the tag characters
(U+E0000-U+E007F). The publishers' statistics files under ``sources/`` are read by their own
decoders (:mod:`seuranta.clean.sources`), which refuse control characters.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from seuranta.errors import InputError

BOM = "\ufeff"

#: Every character the rule refuses (module docstring).
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff\ue000-\uf8ff\U000e0000-\U000e007f"
    "\U000f0000-\U0010ffff]"
)


def describe_character(char: str) -> str:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE)``; a character without a name by its kind."""
    name = unicodedata.name(char, "")
    if not name:
        category = unicodedata.category(char)
        name = {"Cc": "a control character", "Co": "a private-use character"}.get(
            category, "a noncharacter"
        )
    return f"U+{ord(char):04X} ({name})"


def find_invisible(text: str) -> tuple[int, int, str] | None:
    """The first refused character of ``text``: ``(line, column, char)``, both from 1."""
    found = INVISIBLE.search(text)
    if found is None:
        return None
    start = found.start()
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    line = text.count("\n", 0, start) + 1
    if "\n" not in text and "\r" in text:  # old Mac line ends
        line = text.count("\r", 0, start) + 1
    return line, start - line_start + 1, found[0]


def check_text(path: Path, text: str) -> str:
    """``text`` without its one leading BOM, or an InputError naming the file, the line and
    the column of the first character the rule refuses (module docstring)."""
    text = text.removeprefix(BOM)
    found = find_invisible(text)
    if found is not None:
        line, column, char = found
        raise InputError(
            path,
            f"invisible character {describe_character(char)} at column {column}: "
            "remove it (invisible, direction and control characters are refused in raw files)",
            line=line,
        )
    return text
