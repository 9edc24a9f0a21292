"""Strict reading of the semicolon-separated files analysts keep in ``data/raw``.

Finnish spreadsheets export CSV with ``;`` (the comma is the decimal sign), often with a
UTF-8 byte order mark and Windows line ends. This reader accepts exactly that and
refuses anything else with the file, line and what was expected, so that a wrong export
setting is caught before a single number is read.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from seuranta.errors import InputError
from seuranta.rawtext import check_text

DELIMITER = ";"


@dataclass(frozen=True)
class Row:
    line: int  # 1-based line number in the file
    cells: dict[str, str]


#: A raw table of the toolkit is a few hundred kilobytes; far larger is not one of them.
MAX_CSV_BYTES = 50_000_000


def decode(path: Path) -> str:
    """The file's text as UTF-8 (one leading BOM is dropped); undecodable bytes name their line.

    An invisible, direction or control character is refused with its line and column
    (:func:`seuranta.rawtext.check_text`): Excel and copy-paste leave them invisibly, and a
    name with a hidden character matches nothing.
    """
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise InputError(path, f"{size} bytes: too large for a raw table")
        data = path.read_bytes()
    except OSError as err:
        raise InputError(path, f"cannot read: {err.strerror or err}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(
            path,
            f"byte 0x{data[err.start]:02x} is not UTF-8: save the file as UTF-8 "
            "(Excel: 'CSV UTF-8')",
            line=line,
        ) from None
    return check_text(path, text)


def _text_and_header(path: Path, expected: str) -> tuple[str, str]:
    """The decoded text and its header line, after the checks every ``;`` file gets."""
    text = decode(path)
    if not text.strip():
        raise InputError(path, "the file is empty: expected a header line and data rows", line=1)
    header_line = text.splitlines()[0]
    if DELIMITER not in header_line:
        found = next(
            (name for sep, name in ((",", "commas"), ("\t", "tabs")) if sep in header_line), None
        )
        hint = f" found {found}:" if found else ""
        raise InputError(
            path, f"wrong delimiter:{hint} expected ';' between columns ({expected})", line=1
        )
    return text, header_line


def read_rows(path: Path, columns: list[str], optional: tuple[str, ...] = ()) -> list[Row]:
    """Rows of a ``;`` file whose header must be ``columns`` (plus any of ``optional``).

    Column order is free; missing, unknown and repeated header names are errors, as are
    rows with more or fewer cells than the header and a file without data rows.
    """
    text, _ = _text_and_header(path, "; ".join(columns))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=DELIMITER, strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        for record in reader:
            records.append((reader.line_num, record))
    except csv.Error as err:
        raise InputError(path, f"not readable as CSV: {err}", line=reader.line_num) from None
    header = [h.strip() for h in records[0][1]]
    duplicates = sorted({h for h in header if header.count(h) > 1})
    if duplicates:
        raise InputError(path, f"repeated column(s) in the header: {', '.join(duplicates)}", line=1)
    missing = [c for c in columns if c not in header]
    unknown = [h for h in header if h not in columns and h not in optional]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown column(s) {', '.join(unknown)}")
        raise InputError(path, "; ".join(parts) + f": expected {';'.join(columns)}", line=1)

    rows: list[Row] = []
    for line_no, record in records[1:]:
        if not any(cell.strip() for cell in record):
            continue  # blank line
        if len(record) != len(header):
            raise InputError(
                path,
                f"expected {len(header)} cells separated by ';', found {len(record)}",
                line=line_no,
            )
        rows.append(Row(line_no, dict(zip(header, (c.strip() for c in record), strict=True))))
    if not rows:
        raise InputError(path, "no data rows after the header", line=2)
    return rows


def header_of(path: Path, expected: str) -> list[str]:
    """The header names of a ``;`` file (after the same checks as :func:`read_rows`)."""
    _, header_line = _text_and_header(path, expected)
    return [name.strip() for name in header_line.split(DELIMITER)]
