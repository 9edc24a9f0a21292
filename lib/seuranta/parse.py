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
# single space (or ungrouped), optional decimal comma. ASCII digits only: Python's \d,
# int() and float() also take Arabic-Indic or fullwidth digits, and str.isdigit() takes
# superscripts ("²"), none of which a report means as a number.
_NUMBER = re.compile(r"-?(?:[0-9]{1,3}(?: [0-9]{3})+|[0-9]+)(?:,[0-9]+)?")
_ANNOTATION = re.compile(r"^(?P<body>.*?)\s*\((?P<period>[^()]*)\)$")
#: Years a period, a report year or a project may name: a guard against typos such as
#: 0000 or 20222, not a statement about history.
YEARS = range(1900, 2101)


class CellError(ValueError):
    """A cell's text cannot be read as what its column and indicator expect."""


@dataclass(frozen=True)
class Cell:
    """A parsed table cell: a value (NaN when missing), its period if the cell names one."""

    value: float
    period: str | None = None
    missing: str = ""  # the text that said "no data", as written
    decimals: int = 0  # digits after the decimal comma, as written: 3,9/5 -> 1


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
    value = float(folded.replace(" ", "").replace(",", "."))
    if not math.isfinite(value):
        raise CellError(f'cannot read "{text}" as a number: too large')
    return value


def parse_whole(text: str, what: str = "a whole number") -> int:
    """ASCII digits only -> int: ``"2"`` -> 2; ``"²"``, ``"+2"``, ``" 2"``, ``"2.0"`` refused."""
    if not re.fullmatch(r"[0-9]{1,9}", text):
        raise CellError(f'expected {what}, found "{text}"')
    return int(text)


def parse_year(text: str) -> int:
    """A year of four ASCII digits within :data:`YEARS`: ``"2022"`` -> 2022."""
    if not re.fullmatch(r"[0-9]{4}", text):
        raise CellError(f'expected a year of four digits such as 2022, found "{text}"')
    return check_year(int(text), text)


def check_year(year: int, text: str | None = None) -> int:
    if year not in YEARS:
        raise CellError(
            f'year "{text or year}" is not plausible: expected {YEARS.start}-{YEARS.stop - 1}'
        )
    return year


def parse_period(text: str) -> str:
    """A period as the report writes it -> ISO-like text.

    ``2019`` -> ``2019``; ``5/2022`` -> ``2022-05``; ``30.12.2022`` -> ``2022-12-30``.
    """
    folded = normalise(text)
    try:
        if re.fullmatch(r"[0-9]{4}", folded):
            check_year(int(folded), folded)
            return folded
        m = re.fullmatch(r"([0-9]{1,2})/([0-9]{4})", folded)
        if m:
            month, year = int(m[1]), check_year(int(m[2]), m[2])
            if not 1 <= month <= 12:
                raise CellError(f"month {month} is not 1-12")
            return f"{year:04d}-{month:02d}"
        m = re.fullmatch(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})", folded)
        if m:
            check_year(int(m[3]), m[3])
    except CellError as err:
        raise CellError(f'cannot read "{text}" as a period: {err}') from None
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


def starts_after_year(period: str, year: int) -> bool:
    """Whether ``period`` begins after the last day of ``year`` (2023-01 after 2022)."""
    return period_start(period) > date(year, 12, 31)


def implausible(value: float, unit: str, scale: tuple[float, float] | None) -> str | None:
    """Why a value cannot be right for an indicator of ``unit`` and ``scale``, or None.

    A share (unit ``percent``) lies within 0-100 %; a score within the indicator's scale
    (on 1-5, 0,5/5 is no answer a survey can give); a count is not negative. A missing
    value is always plausible.
    """
    if math.isnan(value):
        return None
    if unit == "percent" and not 0 <= value <= 100:
        return "a share must lie within 0-100 %"
    if unit == "score" and scale:
        low, high = scale
        if not low <= value <= high:
            return f"a score must lie within its scale {low:g}-{high:g}"
    if unit == "count" and value < 0:
        return "a count cannot be negative"
    return None


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


# -- periods as time ----------------------------------------------------------------------

#: A period as analysts and statistics files date values: YYYY, YYYY-MM or YYYY-MM-DD.
PERIOD = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _days_in_year(year: int) -> int:
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days


def period_to_years(period: str) -> float:
    """A period as a decimal year, at the mid-point of the interval it names.

    ``"2021"`` -> 2021.5; ``"2022-11"`` -> 2022 + (304 + 15) / 365; ``"2022-12-30"`` ->
    2022 + 363.5 / 365.
    """
    text = str(period).strip()
    match = PERIOD.fullmatch(text)
    if not match:
        raise ValueError(
            f'period "{period}": expected YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2021, 2022-05, '
            "2022-12-30)"
        )
    year = int(match[1])
    if match[2] is None:
        return year + 0.5
    month = int(match[2])
    if not 1 <= month <= 12:
        raise ValueError(f'period "{period}": month {month} is not 1-12')
    length = _days_in_year(year)
    start = date(year, month, 1)
    if match[3] is None:
        end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        before = (start - date(year, 1, 1)).days
        return year + (before + (end - start).days / 2) / length
    try:
        day = date(year, month, int(match[3]))
    except ValueError:
        raise ValueError(f'period "{period}": not a calendar date') from None
    return year + ((day - date(year, 1, 1)).days + 0.5) / length
