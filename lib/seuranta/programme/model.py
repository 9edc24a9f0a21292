"""The programme definition: goals, indicators, their units, directions and sources.

One YAML file per programme, ``data/raw/<programme>/programme.yaml``, transcribed from the
programme's follow-up report, read by :mod:`seuranta.programme.load` into these
dataclasses.

A programme publishes its ``languages`` (default: every language of the toolkit, see
:data:`seuranta.catalog.LANGUAGES`), and every :class:`Names` holds exactly those. Units
are data: the built-in ``count``, ``percent`` and ``score`` (:data:`BUILTIN_UNITS`) and
the programme's own ``units:``, each a :class:`Unit`; an indicator's ``unit`` names one.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seuranta.catalog import LANGUAGES
from seuranta.errors import SeurantaError

log = logging.getLogger(__name__)


class Names:
    """A text in each language the programme publishes: ``names("fi")``.

    Built from a mapping or keywords, ``Names(fi=..., sv=...)``; asking for a language it
    has no text in is an error naming the languages it has. ``names.fi`` works too.
    """

    __slots__ = ("_texts",)

    def __init__(self, texts: Mapping[str, str] | None = None, /, **by_lang: str) -> None:
        object.__setattr__(self, "_texts", {**(texts or {}), **by_lang})

    def __call__(self, lang: str) -> str:
        try:
            return self._texts[lang]
        except KeyError:
            raise SeurantaError(
                f'no text in "{lang}": this text is given in {", ".join(self._texts)} only '
                "(the programme's languages)"
            ) from None

    def __getattr__(self, lang: str) -> str:
        if not lang.startswith("_"):
            texts = object.__getattribute__(self, "_texts")
            if lang in texts:
                return texts[lang]
        raise AttributeError(lang)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Names is immutable")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Names) and self._texts == other._texts

    def __hash__(self) -> int:
        return hash(tuple(self._texts.items()))

    def __repr__(self) -> str:
        return f"Names({self._texts!r})"

    def __reduce__(self):
        return (Names, (dict(self._texts),))

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._texts)


@dataclass(frozen=True)
class Unit:
    """A unit of measure: a built-in one or one a programme declares (``units:``).

    ``names`` is the axis label per language; None for the built-in units, whose labels
    are the catalogue's ``report.unit.<id>`` (:attr:`catalogue_key`). ``decimals`` is the
    default for indicators in the unit (None: the indicator's own, 0 if it gives none);
    ``scale`` the [min, max] of a score; ``bounded`` a share that lies within 0-100.
    """

    id: str
    names: Names | None = None
    decimals: int | None = None
    scale: tuple[float, float] | None = None
    bounded: bool = False

    @property
    def builtin(self) -> bool:
        return self.names is None

    @property
    def catalogue_key(self) -> str | None:
        return f"report.unit.{self.id}" if self.builtin else None

    @property
    def is_score(self) -> bool:
        """A value on a scale (written ``3,58/5`` in Table 1)."""
        return self.id == "score" or self.scale is not None

    @property
    def notation(self) -> str:
        """How Table 1 writes a value of the unit: as a count, a percentage or a score."""
        if self.builtin:
            return self.id
        return "score" if self.scale is not None else "count"


#: The built-in units, in the order a reference lists them.
BUILTIN_UNITS: dict[str, Unit] = {
    "count": Unit("count"),
    "percent": Unit("percent", bounded=True),
    "score": Unit("score"),
}


#: The output formats of a PxWeb API 2.0 table and the file suffix each is stored under.
DOWNLOAD_FORMATS: dict[str, str] = {
    "json-stat2": ".json",
    "csv": ".csv",
    "px": ".px",
    "xlsx": ".xlsx",
}


@dataclass(frozen=True)
class Download:
    """A table the publisher serves from a PxWeb API 2.0 server, for ``seuranta fetch``.

    ``values`` gives the codes asked for per variable, in the table's own order of codes
    when ``*`` (every code the table has). The answer is stored as ``file`` in the year's
    ``sources/``.
    """

    file: str
    api: str  # the API root, e.g. https://statistikdatabasen.scb.se/api/v2
    table: str  # the table id, e.g. 12r5
    values: dict[str, tuple[str, ...]]  # variable -> codes; ("*",) for all
    lang: str | None = None  # the server's default language when None
    format: str = "json-stat2"  # one of DOWNLOAD_FORMATS


@dataclass(frozen=True)
class DataSource:
    id: str
    report_name: str  # as the report's Table 1 writes it, e.g. "Tilastokeskus"
    names: Names
    downloads: tuple[Download, ...] = ()
    # Who publishes it, where that is not its name (a survey's organisation); None: its name.
    publisher: Names | None = None


@dataclass(frozen=True)
class Ratio:
    """A value computed from two cells of the file: ``scale * numerator / denominator``.

    Each side is a selection added to the feed's own (``{Tiedot: TYOTTOMATLOPUSSA}``).
    """

    numerator: dict[str, str]
    denominator: dict[str, str]
    scale: float = 100.0


@dataclass(frozen=True)
class SeriesSelection:
    """Where a series' observations come from in a published file (``seuranta.clean.sources``)."""

    # Relative to data/raw/<programme>/<year>/sources/; where several are given, the first
    # one a year has is read (a fetched download from one year on, an older extract before).
    files: tuple[str, ...]
    select: dict[str, str]
    period_variable: str
    options: dict[str, Any] = field(default_factory=dict)
    ratio: Ratio | None = None

    @property
    def file(self) -> str:
        """The first choice of :attr:`files`."""
        return self.files[0]


@dataclass(frozen=True)
class Peers:
    """Areas to compare a fed series with: the same selection with another ``variable`` code.

    ``areas`` maps each code to its names, in the order the pages list them; ``home`` is the
    programme's own area (the code the feed selects); ``reference`` codes (the whole
    country) are shown but not ranked.
    """

    variable: str
    areas: dict[str, Names]
    home: str
    names: Names  # what the group is called on the pages
    reference: tuple[str, ...] = ()

    @property
    def ranked(self) -> list[str]:
        return [code for code in self.areas if code not in self.reference]


@dataclass(frozen=True)
class Series:
    id: str
    names: Names
    feed: SeriesSelection | None = None
    # The month a year in Table 1 stands for (12: "9,4 % (2021)" is the December figure of a
    # monthly statistic); None: a year is a year.
    report_year_month: int | None = None
    comparison: str = "as_reported"  # one of COMPARISONS
    peers: Peers | None = None


@dataclass(frozen=True)
class Indicator:
    id: str
    goal: int
    names: Names
    unit: str  # the id of a unit: one of Programme.units (see Programme.unit_of)
    direction: str  # "higher" or "lower" is better
    source: DataSource
    series: tuple[Series, ...]
    scale: tuple[float, float] | None = None  # (min, max) for scores, e.g. (1, 5)
    decimals: int = 0
    # "year": a date in Table 1 stands for the year it falls in (an annual survey's value
    # printed under the report's date); None: periods are taken as written.
    period_precision: str | None = None
    # A change within this many units is "no clear change" (a survey's sampling error, in
    # the indicator's unit); None: only the reported precision limits it.
    margin: float | None = None
    # What it measures and how (the page's indicator facts); None where not given.
    definition: Names | None = None
    frequency: str | None = None  # one of FREQUENCIES: how often it is published

    @property
    def scale_max(self) -> float | None:
        return self.scale[1] if self.scale else None

    def series_by_id(self, series_id: str) -> Series:
        for series in self.series:
            if series.id == series_id:
                return series
        raise KeyError(series_id)


@dataclass(frozen=True)
class Goal:
    number: int
    names: Names
    aim: Names


@dataclass(frozen=True)
class Accessibility:
    """The accessibility statement of the pages (programme.yaml's ``accessibility``)."""

    conformance: str  # one of CONFORMANCE
    assessed: str  # ISO date of the latest assessment
    contact: Names
    feedback: Names
    gaps: tuple[Names, ...] = ()
    method: Names | None = None
    enforcement: Names | None = None


@dataclass(frozen=True)
class Programme:
    id: str
    names: Names
    organisation: Names
    report: Names  # the follow-up report's own title
    goals: tuple[Goal, ...]
    indicators: tuple[Indicator, ...]
    sources: dict[str, DataSource]
    path: Path
    # The number of the report's indicator table ("Taulukko 1"), for captions and files.
    table_number: int = 1
    # The languages the pages are published in (programme.yaml's ``languages``).
    languages: tuple[str, ...] = LANGUAGES
    # Every unit an indicator may name: the built-in ones and the programme's own.
    units: dict[str, Unit] = field(default_factory=lambda: dict(BUILTIN_UNITS))
    # The names the raw files write as the report does (partners, funding sources, outside
    # funding), each in every language: ``terms["Aalto-yliopisto"]("en")``.
    terms: dict[str, Names] = field(default_factory=dict)

    def term(self, text: str, lang: str) -> str:
        """A name of the raw files (``terms``) in ``lang``; clean has checked it is listed."""
        return self.terms[text](lang)

    # The pages' accessibility statement; None where the definition gives none.
    accessibility: Accessibility | None = None

    def unit_of(self, indicator: Indicator | str) -> Unit:
        """The :class:`Unit` of an indicator (or of an indicator id)."""
        if isinstance(indicator, str):
            indicator = self.indicator(indicator)
        return self.units[indicator.unit]

    def goal(self, number: int) -> Goal:
        for goal in self.goals:
            if goal.number == number:
                return goal
        raise KeyError(number)

    def indicator(self, indicator_id: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(indicator_id)

    def indicators_of(self, goal: int) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.goal == goal)
