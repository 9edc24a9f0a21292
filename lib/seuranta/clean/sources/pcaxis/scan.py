"""PC-Axis scanning: the file's bytes up to ``DATA=`` as decoded keyword statements.

A PX file is a sequence of statements ``KEYWORD[lang]("subkey","subkey2")=value;``
ending with ``DATA=`` and the data cells (PX file format specification 2013,
pxtools.net). A value is a list of items separated by commas; an item is a quoted
string, several quoted strings separated only by whitespace or line breaks (they are
joined, which is how TITLE and NOTE continue on the next line), or a bare word such as
``YES``, ``1`` or ``TLIST(Q1)``. A ``;`` inside quotes does not end a statement
(Aluesarjat has a label ``"...palv.;elinkeinoelämän..."``).

A stray quote in a statement that shapes the table or is mandatory (``_ESSENTIAL``)
refuses the file; in a note, source or contact the statement is skipped
(``attrs["skipped"]``), as PX-Web does (its example database's ``error/fatal/`` and
``error/continue/``).

Encoding: CHARSET="ANSI" is routinely declared on UTF-8 files and on Windows-1252 files
alike, so the bytes decide (see :func:`seuranta.clean.sources._common.decode_text`) and
``attrs["encoding"]``/``attrs["encoding_reason"]`` record the outcome. The statements are
found in the raw bytes (their structure is ASCII) before anything is decoded.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seuranta.clean.sources._common import decode_text
from seuranta.errors import InputError

log = logging.getLogger(__name__)

# One statement head: KEYWORD, optional [lang], optional ("subkeys"), then "=".
_HEAD = re.compile(
    rb'\s*(?P<key>[A-Za-z][A-Za-z0-9_-]*)\s*(?:\[\s*(?P<lang>[^\]"]*?)\s*\])?\s*'
    rb'(?:\((?P<sub>(?:"[^"]*"|[^)"])*)\))?\s*='
)
# The value up to the terminating ";" outside quotes.
_VALUE = re.compile(rb'(?:"[^"]*"|[^";])*;')
#: A quoted text of a decoded value (subkeys, TIMEVAL lists).
QUOTED = re.compile(r'"([^"]*)"')
_QUOTED_RUN = re.compile(rb'"[^"]*"')
_BEFORE_QUOTE = b" \t\r\n,(-:"  # ":" links parent and child in HIERARCHIES
_AFTER_QUOTE = b" \t\r\n,)-:"
#: A statement cut at the first ";" that ends a line (used when its quotes do not pair up).
_LINE_END_VALUE = re.compile(rb".*?;[ \t]*(?:\r?\n|\Z)", re.S)
#: Keywords that shape the table or are mandatory: a malformed one refuses the file (as
#: PX-Web's fatal errors do); other malformed statements are skipped.
_ESSENTIAL = {
    "CHARSET",
    "CODEPAGE",
    "LANGUAGE",
    "LANGUAGES",
    "STUB",
    "HEADING",
    "VALUES",
    "CODES",
    "KEYS",
    "MATRIX",
    "SUBJECT-AREA",
    "SUBJECT-CODE",
    "UNITS",
    "CONTENTS",
    "TITLE",
    "DECIMALS",
    "CONTVARIABLE",
    "TIMEVAL",
    "VARIABLE-TYPE",
    "PRECISION",
    "DATASYMBOL1",
    "DATASYMBOL2",
    "DATASYMBOL3",
    "DATASYMBOL4",
    "DATASYMBOL5",
    "DATASYMBOL6",
    "DATASYMBOLNIL",
    "DATASYMBOLSUM",
}
_ITEM_TOKEN = re.compile(r'"([^"]*)"|([(),])|([^\s",()]+)')

#: A statement's address: (keyword, language tag or None, subkeys).
Address = tuple[str, str | None, tuple[str, ...]]


@dataclass
class Statement:
    """One decoded ``KEYWORD[lang]("sub")=items;`` with its value text and file line."""

    key: str
    lang: str | None
    sub: tuple[str, ...]
    items: list[str]
    raw: str
    line: int


def split_items(value: str) -> list[str]:
    """Split a statement value into items at top-level commas, joining continued strings."""
    items: list[str] = []
    cur: str | None = None
    depth = 0
    for quoted, punct, bare in _ITEM_TOKEN.findall(value):
        if punct == ",":
            if depth == 0:
                items.append(cur if cur is not None else "")
                cur = None
            else:
                cur = (cur or "") + ","
        elif punct == "(":
            depth += 1
            cur = (cur or "") + "("
        elif punct == ")":
            depth -= 1
            cur = (cur or "") + ")"
        elif bare:
            cur = bare if cur is None else cur + bare
        else:  # a quoted piece: pieces separated only by whitespace are one text
            cur = quoted if cur is None else cur + quoted
    if cur is not None:
        items.append(cur)
    elif items:  # a list ending in a comma ends in an empty item: CODES("sex")="1","2",;
        items.append("")
    return items


def line_of(raw: bytes, pos: int) -> int:
    """The 1-based file line of byte offset ``pos``."""
    return raw.count(b"\n", 0, pos) + 1


def _quotes_ok(value: bytes) -> bool:
    """True unless a quoted text touches a letter: ``"Optio"nal`` is a stray quote."""
    for q in _QUOTED_RUN.finditer(value):
        before = value[q.start() - 1 : q.start()]
        after = value[q.end() : q.end() + 1]
        if (before and before not in _BEFORE_QUOTE) or (after and after not in _AFTER_QUOTE):
            return False
    return True


def _scan_statements(
    path: Path, raw: bytes, start: int
) -> tuple[list[tuple], int, list[dict[str, Any]]]:
    """Statement byte spans up to ``DATA=``, the offset after ``DATA=`` and skipped statements.

    A value whose quotes do not pair up (``NOTE="Optio"nal note";``) is cut at the first
    ``;`` that ends a line. PX-Web refuses such a file when the statement shapes the table
    or is mandatory (``_ESSENTIAL``) and reads the rest without the statement; so does
    this reader, which lists each skipped statement in ``attrs["skipped"]``.
    """
    spans = []
    skipped: list[dict[str, Any]] = []
    pos = start
    n = len(raw)
    while True:
        m = _HEAD.match(raw, pos)
        if m is None:
            rest = raw[pos:].strip()
            if not rest:
                raise InputError(
                    path, "no DATA keyword: expected the header to end with DATA=", line=None
                )
            at = pos + (len(raw[pos:]) - len(raw[pos:].lstrip()))
            snippet = raw[at : at + 40].decode("latin-1").splitlines()[0]
            raise InputError(
                path,
                f'expected a statement KEYWORD=value; but found "{snippet}"',
                line=line_of(raw, at),
            )
        key = m.group("key").decode("ascii").upper()
        if key == "DATA":
            return spans, m.end(), skipped
        v = _VALUE.match(raw, m.end())
        end = v.end() if v is not None and v.end() <= n else None
        if end is None or not _quotes_ok(raw[m.end() : end - 1]):
            line = line_of(raw, m.start("key"))
            cut = _LINE_END_VALUE.match(raw, m.end())
            if key in _ESSENTIAL or cut is None:
                what = "no closing ';'" if cut is None else "a stray double quote"
                raise InputError(
                    path,
                    f"the {key} statement has {what}: expected texts in double quotes "
                    "separated by commas, ending with ';'",
                    line=line,
                )
            log.warning("%s:%d: skipping %s with a stray double quote", path, line, key)
            skipped.append({"keyword": key, "line": line, "reason": "stray double quote"})
            pos = cut.end()
            continue
        spans.append((key, m.group("lang"), m.group("sub"), raw[m.end() : end - 1], m))
        pos = end


def scan_header(
    path: Path, raw: bytes, body_start: int
) -> tuple[dict[Address, Statement], int, dict[str, Any]]:
    """The header's statements by address, the offset after ``DATA=`` and the encoding.

    The third value holds ``encoding``, ``encoding_reason``, ``declared_charset``,
    ``declared_codepage`` and ``skipped`` (the statements left out), all for ``df.attrs``.
    """
    spans, data_start, skipped = _scan_statements(path, raw, body_start)
    header_bytes = raw[body_start:data_start]
    # Declared code page: read from the ASCII structure before decoding anything.
    declared = {}
    for key, _lang, _sub, value, _m in spans:
        if key in ("CODEPAGE", "CHARSET") and key not in declared:
            declared[key] = value.decode("latin-1").strip().strip('"')
    codepage = declared.get("CODEPAGE")
    charset = declared.get("CHARSET")
    said = ", ".join(f'{k}="{v}"' for k, v in (("CHARSET", charset), ("CODEPAGE", codepage)) if v)
    decoded = decode_text(
        header_bytes,
        codepage or ("cp1252" if charset else "latin-1"),
        f"declared {said or 'nothing'}",
    )
    enc = "utf-8" if decoded.encoding == "utf-8-sig" else decoded.encoding
    statements: dict[Address, Statement] = {}
    for key, lang, sub, value, m in spans:
        lang_s = lang.decode(enc).strip() if lang is not None else None
        sub_t = tuple(QUOTED.findall(sub.decode(enc))) if sub is not None else ()
        text = value.decode(enc)
        line = line_of(raw, m.start("key"))
        st = Statement(key, lang_s or None, sub_t, split_items(text), text, line)
        statements[(key, st.lang, sub_t)] = st
    info = {
        "encoding": enc,
        "encoding_reason": decoded.reason,
        "declared_charset": charset,
        "declared_codepage": codepage,
        "skipped": skipped,
    }
    return statements, data_start, info
