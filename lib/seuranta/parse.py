"""Reading numbers, percents, scores, periods and "no data" as Finnish reports write them.

Finnish notation (CLDR ``fi``): decimal comma, digits grouped with a space, minus sign
U+2212, percent as ``9,4 %``. Real inputs mix the no-break space (U+00A0), the narrow
no-break space (U+202F), plain spaces, the hyphen-minus and U+2212, and write a missing
value as ``ei tietoa`` or leave the cell empty. Every function here either returns a
value or raises :class:`CellError` saying what was expected; the caller adds the file,
line and column.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

#: Texts that mean "no data" in a report table (compared after folding case and spaces).
MISSING_TEXTS = ("ei tietoa", "uppgift saknas", "no data")

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\t": " "})
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})
# A number in Finnish notation: optional minus, digits in groups of three separated by a
# single space (or ungrouped), optional decimal comma.
_NUMBER = re.compile(r"-?(?:\d{1,3}(?: \d{3})+|\d+)(?:,\d+)?")
_ANNOTATION = re.compile(r"^(?P<body>.*?)\s*\((?P<period>[^()]*)\)$")


class CellError(ValueError):
    """A cell's text cannot be read as what its column and indicator expect."""


@dataclass(frozen=True)
class Cell:
    """A parsed table cell: a value (NaN when missing), its period if the cell names one."""

    value: float
    period: str | None = None
    missing: str = ""  # the text that said "no data", as written
    decimals: int = 0  # digits after the decimal comma, as written: 3,9/5 -> 1

    @property
    def is_missing(self) -> bool:
        return math.isnan(self.value)


def normalise(text: str) -> str:
    """Fold the kinds of space into one plain space and trim; U+2212 and en dash to '-'."""
    return re.sub(r" +", " ", text.translate(_SPACES)).strip().translate(_MINUS)


def decimals_of(text: str) -> int:
    """Digits written after the decimal comma: ``9,4 %`` -> 1, ``8 741`` -> 0."""
    m = re.search(r",(\d+)", normalise(text))
    return len(m[1]) if m else 0


def parse_number(text: str) -> float:
    """``8 741`` -> 8741.0, ``−1,5`` -> -1.5, ``42 000`` -> 42000.0.

    A dot is refused rather than guessed: in ``1.234`` it could be a grouping dot or a
    decimal point, and a wrong guess is off by a factor of a thousand.
    """
    folded = normalise(text)
    if not _NUMBER.fullmatch(folded):
        hint = " (use a decimal comma)" if "." in folded else ""
        raise CellError(f'cannot read "{text}" as a number in Finnish notation{hint}')
    return float(folded.replace(" ", "").replace(",", "."))


def parse_period(text: str) -> str:
    """A period as the report writes it -> ISO-like text.

    ``2019`` -> ``2019``; ``5/2022`` -> ``2022-05``; ``30.12.2022`` -> ``2022-12-30``.
    """
    folded = normalise(text)
    if re.fullmatch(r"\d{4}", folded):
        return folded
    m = re.fullmatch(r"(\d{1,2})/(\d{4})", folded)
    if m:
        month, year = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise CellError(f'cannot read "{text}" as a period: month {month} is not 1-12')
        return f"{year:04d}-{month:02d}"
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", folded)
    if m:
        try:
            return date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        except ValueError:
            raise CellError(f'cannot read "{text}" as a date: no such day') from None
    raise CellError(
        f'cannot read "{text}" as a period: expected a year (2019), a month (5/2022) '
        "or a date (30.12.2022)"
    )


def period_start(period: str) -> date:
    """The first day of an ISO-like period, for ordering periods of mixed precision."""
    parts = [int(p) for p in period.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


_UNIT_WORDS = {"count": "a count", "percent": "a percentage", "score": "a score"}


def parse_value(text: str, unit: str, scale_max: float | None = None) -> Cell:
    """A report cell in an indicator's unit, with an optional period annotation.

    ``8 741 (2019)`` (count), ``9,4 %`` or ``9,4%`` (percent), ``3,58/5`` (score out of
    5), ``19,4 % (11/2022)``, ``ei tietoa``. The unit written in the cell must be the
    indicator's: a ``%`` on a count, or a score without ``/5``, is an error.
    """
    folded = normalise(text)
    period = None
    m = _ANNOTATION.match(folded)
    if m:
        folded = m["body"].strip()
        period = parse_period(m["period"])
    if folded.casefold() in MISSING_TEXTS:
        return Cell(math.nan, period, folded)
    what = _UNIT_WORDS[unit]
    try:
        if unit == "percent":
            if not folded.endswith("%") or folded.count("%") != 1:
                raise CellError("expected a number followed by %")
            value = parse_number(folded[:-1])
        elif unit == "score":
            number, slash, maximum = folded.partition("/")
            if not slash:
                raise CellError(f"expected a score written as value/{_fmt(scale_max)}")
            value = parse_number(number)
            if scale_max is not None and parse_number(maximum) != scale_max:
                raise CellError(f"expected a score out of {_fmt(scale_max)}")
            if scale_max is not None and not 0 <= value <= scale_max:
                raise CellError(f"expected a score between 0 and {_fmt(scale_max)}")
        else:
            if "%" in folded or "/" in folded:
                raise CellError("expected a plain number, found a unit sign")
            value = parse_number(folded)
    except CellError as err:
        raise CellError(f'cannot read "{text}" as {what}: {err}') from None
    return Cell(value, period, decimals=decimals_of(folded.partition("/")[0]))


def _fmt(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"
