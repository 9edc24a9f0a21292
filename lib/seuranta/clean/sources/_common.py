"""Helpers shared by the readers: text decoding, missing-value symbols, number texts.

Published statistics files from Finland come in three encodings in practice: UTF-8
(StatFin since 2022, often while still declaring ``CHARSET="ANSI"``), Windows-1252
(Aluesarjat and other PC-Axis writers on Windows, declared as ``ANSI`` or ISO-8859-1)
and, rarely, true ISO-8859-1. A declaration is a hint, not a fact, so
:func:`decode_text` checks the bytes and records which encoding it used and why.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

#: The missing-value symbols of the PX specification (and of Statistics Finland's
#: tables): one to six dots for the kinds of "no value", ``-`` for magnitude nil.
DEFAULT_SYMBOLS: tuple[str, ...] = (".", "..", "...", "....", ".....", "......", "-")

#: C0/C1 control characters that never occur in real statistics text. Finding one after
#: decoding means the guess was wrong (e.g. Windows-1252 bytes 0x80-0x9F read as Latin-1).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x19\x1b-\x1f\x7f-\x9f]")

#: A plain decimal number as statistics files write it: sign, digits, optional decimals.
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


@dataclass(frozen=True)
class Decoded:
    """Decoded text with the encoding used and the reason it was chosen."""

    text: str
    encoding: str
    reason: str


def normalise_codec(name: str | None) -> str | None:
    """Python's codec name for a declared code page, or None when unknown or absent."""
    if not name:
        return None
    cleaned = name.strip().strip('"').lower()
    if cleaned in {"ansi", "windows", "win"}:
        return "cp1252"
    try:
        return codecs.lookup(cleaned).name
    except LookupError:
        return None


def _clean_decode(data: bytes, encoding: str) -> str | None:
    """Decode strictly; None when the bytes do not fit or give control characters."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if _CONTROL.search(text):
        return None
    return text


def decode_text(data: bytes, declared: str | None = None, declared_by: str = "") -> Decoded:
    """Decode ``data``, trusting the bytes over the declaration.

    Order: a UTF-8 byte-order mark wins; then strict UTF-8 (Windows-1252 text with
    letters like ä is practically never valid UTF-8, so success is strong evidence);
    then the declared code page; then Windows-1252; ISO-8859-1 last, as it accepts any
    byte. A candidate that yields control characters is rejected, which is how Windows
    bytes such as 0x94 (a closing quote) are told apart from ISO-8859-1.
    """
    said = f" ({declared_by})" if declared_by else ""
    if data.startswith(codecs.BOM_UTF8):
        text = _clean_decode(data[len(codecs.BOM_UTF8) :], "utf-8")
        if text is not None:
            return Decoded(text, "utf-8-sig", f"UTF-8 byte-order mark{said}")
    if data.isascii():
        return Decoded(data.decode("ascii"), "ascii", f"plain ASCII, no letters to tell{said}")
    text = _clean_decode(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8", f"bytes are valid UTF-8{said}")
    tried = ["utf-8"]
    codec = normalise_codec(declared)
    if codec and codec not in tried:
        tried.append(codec)
        text = _clean_decode(data, codec)
        if text is not None:
            return Decoded(text, codec, f"not valid UTF-8; declared code page fits{said}")
    for fallback in ("cp1252", "latin-1"):
        if fallback in tried:
            continue
        tried.append(fallback)
        text = _clean_decode(data, fallback)
        if text is not None:
            return Decoded(
                text,
                fallback,
                f"not valid UTF-8 nor the declared code page; {fallback} fits{said}",
            )
    # ISO-8859-1 with control characters left in: every byte decodes, keep them visible.
    return Decoded(data.decode("latin-1"), "latin-1", f"no candidate fitted cleanly{said}")


def unquote(token: str) -> str:
    """A data token without its surrounding double quotes (PX writes ``".."`` or ``..``)."""
    if len(token) >= 2 and token[0] == '"' and token[-1] == '"':
        return token[1:-1]
    return token


def parse_number(text: str, *, decimal_comma: bool = False) -> float | None:
    """A number written as digits with a decimal point (or comma); None when it is not one."""
    candidate = text.strip().replace("\u00a0", "").replace("\u2212", "-")
    if decimal_comma:
        if "." in candidate and "," in candidate:
            return None
        candidate = candidate.replace(",", ".")
    if NUMBER.fullmatch(candidate):
        return float(candidate)
    return None


def thousands(n: int) -> str:
    """An integer with a space between thousands, as Finnish text and messages write it."""
    return f"{n:,}".replace(",", " ")
