"""The programme definition: goals, indicators, their units, directions and sources.

One YAML file per programme, ``data/raw/<programme>/programme.yaml``, transcribed from the
programme's follow-up report. It is read strictly against the schema of
:mod:`seuranta.programme.schema` (reference: docs/programme-reference.md): an unknown or repeated
key, a value of the wrong type, a missing text in one of the programme's languages, a text
in a language it does not publish or an indicator without a direction is an error naming
the file, the line and the key, never a default.

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

from seuranta.catalog import LANGUAGES, PROGRAMME_FILE
from seuranta.errors import InputError, SeurantaError
from seuranta.meta import Where, is_placeholder, read_yaml_lines
from seuranta.paths import ProjectPaths, check_programme_id, project_paths
from seuranta.programme import schema

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

    def as_dict(self) -> dict[str, str]:
        return dict(self._texts)


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


@dataclass(frozen=True)
class DataSource:
    id: str
    report_name: str  # as the report's Table 1 writes it, e.g. "Tilastokeskus"
    names: Names


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

    file: str  # relative to data/raw/<programme>/<year>/sources/
    select: dict[str, str]
    period_variable: str
    options: dict[str, Any] = field(default_factory=dict)
    ratio: Ratio | None = None


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


class _Reader:
    """Builds the definition from a document the schema has accepted; checks what a schema
    cannot (references between parts), each error naming the file, the line and the key."""

    def __init__(self, path: Path, lines: dict[Where, int], languages: tuple[str, ...]) -> None:
        self.path = path
        self.lines = lines
        self.languages = languages

    def fail(self, where: Where, message: str) -> InputError:
        return InputError(
            self.path,
            f"{schema.where_text(where)}: {message}",
            line=schema.line_of(self.lines, where),
        )

    def names_kept(self, node: dict[str, str]) -> Names:
        """The texts in the programme's languages, without spaces at their ends."""
        return Names({lang: node[lang].strip() for lang in self.languages})

    @staticmethod
    def selection(node: dict[str, Any]) -> dict[str, str]:
        """A selection of a published file: variable -> code or label, both texts."""
        return {str(k): str(v) for k, v in node.items()}

    def units(self, node: dict[str, Any]) -> dict[str, Unit]:
        units = dict(BUILTIN_UNITS)
        for uid, u in node.items():
            where: Where = ("units", uid)
            if uid in BUILTIN_UNITS:
                raise self.fail(where, "a built-in unit: give your own unit another id")
            scale = u.get("scale")
            if scale is not None and not scale[0] < scale[1]:
                raise self.fail(
                    (*where, "scale"), f"expected [min, max] with min < max, found {scale}"
                )
            units[uid] = Unit(
                uid,
                self.names_kept(u["names"]),
                u.get("decimals"),
                tuple(scale) if scale is not None else None,
                bool(u.get("bounded", False)),
            )
        return units

    def peers(self, node: dict[str, Any], where: Where, feed: SeriesSelection | None) -> Peers:
        if feed is None:
            raise self.fail(where, "a comparison of areas needs the series' feed")
        variable = str(node["variable"])
        home = feed.select.get(variable)
        if home is None:
            raise self.fail(
                (*where, "variable"),
                f'the feed selects no "{variable}": expected one of {", ".join(feed.select)}',
            )
        areas = {str(code): self.names_kept(names) for code, names in node["areas"].items()}
        if home not in areas:
            raise self.fail((*where, "areas"), f'expected the home area "{home}" among the areas')
        reference = [str(c) for c in node.get("reference") or []]
        for i, code in enumerate(reference):
            if code not in areas:
                raise self.fail((*where, "reference", i), f'"{code}" is not among the areas')
        return Peers(variable, areas, home, self.names_kept(node["names"]), tuple(reference))

    def series(self, snode: dict[str, Any], where: Where) -> Series:
        feed = None
        if "feed" in snode:
            f = snode["feed"]
            ratio = None
            if "ratio" in f:
                q = f["ratio"]
                ratio = Ratio(
                    self.selection(q["numerator"]),
                    self.selection(q["denominator"]),
                    float(q.get("scale", 100)),
                )
            feed = SeriesSelection(
                f["file"],
                self.selection(f["select"]),
                f["period"],
                dict(f.get("options") or {}),
                ratio,
            )
        comparison = snode.get("comparison", "as_reported")
        if comparison != "as_reported" and feed is None:
            raise self.fail(
                (*where, "comparison"),
                f"{comparison} needs a monthly history: the series has no feed",
            )
        peers = None
        if "peers" in snode:
            peers = self.peers(snode["peers"], (*where, "peers"), feed)
        return Series(
            str(snode["id"]),
            self.names_kept(snode["names"]),
            feed,
            snode.get("report_year_month"),
            comparison,
            peers,
        )


def _languages(doc: object) -> tuple[str, ...]:
    """The languages a document declares, if it declares a valid list; else all of them.

    An invalid list is reported by the schema check, before any text is checked.
    """
    declared = doc.get("languages") if isinstance(doc, dict) else None
    if (
        isinstance(declared, list)
        and declared
        and all(isinstance(lang, str) and lang in LANGUAGES for lang in declared)
        and len(set(declared)) == len(declared)
    ):
        return tuple(declared)
    return LANGUAGES


def _placeholders(node: object, where: Where = ()) -> list[Where]:
    if isinstance(node, dict):
        return [w for k, v in node.items() for w in _placeholders(v, (*where, k))]
    if isinstance(node, list):
        return [w for i, v in enumerate(node) for w in _placeholders(v, (*where, i))]
    return [where] if is_placeholder(node) else []


def load_programme(
    programme_id: str, paths: ProjectPaths | None = None, *, processed: bool = False
) -> Programme:
    """Read and validate a programme definition.

    From ``data/raw/<programme_id>/programme.yaml``, or with ``processed=True`` from the
    copy that ``seuranta clean`` wrote beside the tidy tables (what notebooks read). A
    placeholder text (``TODO: ...``, see :mod:`seuranta.programme.starter`) in the raw definition is
    logged as a warning naming its line and key.
    """
    paths = paths or project_paths()
    check_programme_id(programme_id)
    folder = (
        paths.processed_programme(programme_id) if processed else paths.raw_programme(programme_id)
    )
    path = folder / PROGRAMME_FILE
    if not path.is_file():
        if processed:
            raise InputError(path, "no cleaned data: run `seuranta clean` first")
        known = ", ".join(list_programmes(paths)) or "none"
        raise InputError(path, f"no programme definition; known programmes: {known}")
    doc, lines = read_yaml_lines(path)
    languages = _languages(doc)
    schema.check(doc, schema.programme_schema(languages), path, lines)
    assert isinstance(doc, dict)  # the schema says so
    r = _Reader(path, lines, languages)
    if doc["id"] != programme_id:
        raise r.fail(("id",), f'expected "{programme_id}" (the folder name), found "{doc["id"]}"')
    if not processed:
        for where in _placeholders(doc):
            log.warning("%s", r.fail(where, "placeholder still to be filled in"))

    units = r.units(doc.get("units") or {})
    sources = {
        sid: DataSource(sid, node["report_name"], r.names_kept(node["names"]))
        for sid, node in doc["sources"].items()
    }
    goals = []
    for i, node in enumerate(doc["goals"]):
        if node["number"] != i + 1:
            raise r.fail(
                ("goals", i, "number"),
                f"expected {i + 1}: goals are numbered 1, 2, ... in order, found {node['number']}",
            )
        goals.append(Goal(i + 1, r.names_kept(node["names"]), r.names_kept(node["aim"])))
    numbers = [g.number for g in goals]

    indicators = []
    first: dict[str, int] = {}
    for i, node in enumerate(doc["indicators"]):
        where: Where = ("indicators", i)
        iid = node["id"]
        if iid in first:
            raise r.fail(
                (*where, "id"),
                f'duplicate indicator id "{iid}" (first at indicators[{first[iid]}])',
            )
        first[iid] = i
        if node["goal"] not in numbers:
            raise r.fail(
                (*where, "goal"),
                f"expected one of the goal numbers {', '.join(map(str, numbers))}, "
                f"found {node['goal']}",
            )
        if node["unit"] not in units:
            raise r.fail(
                (*where, "unit"),
                f'unknown unit "{node["unit"]}": expected one of {", ".join(units)} '
                "(declare your own under units:)",
            )
        unit = units[node["unit"]]
        if node["source"] not in sources:
            raise r.fail(
                (*where, "source"),
                f'unknown data source "{node["source"]}": expected one of {", ".join(sources)}',
            )
        scale = node.get("scale")
        if scale is not None and not unit.is_score:
            raise r.fail(
                (*where, "scale"), f'only a score has a scale; the unit "{unit.id}" has none'
            )
        if scale is None and unit.is_score:
            if unit.scale is None:
                raise r.fail(where, "a score needs a scale [min, max], e.g. scale: [1, 5]")
            scale = unit.scale
        if scale is not None and not scale[0] < scale[1]:
            raise r.fail((*where, "scale"), f"expected [min, max] with min < max, found {scale}")
        series = []
        seen_series: set[str] = set()
        snodes = node.get("series") or [{"id": "total", "names": node["names"]}]
        for j, snode in enumerate(snodes):
            if snode["id"] in seen_series:
                raise r.fail((*where, "series", j, "id"), f'duplicate series id "{snode["id"]}"')
            seen_series.add(snode["id"])
            series.append(r.series(snode, (*where, "series", j)))
        decimals = node.get("decimals")
        if decimals is None:
            decimals = unit.decimals if unit.decimals is not None else 0
        indicators.append(
            Indicator(
                id=iid,
                goal=node["goal"],
                names=r.names_kept(node["names"]),
                unit=unit.id,
                direction=node["direction"],
                source=sources[node["source"]],
                series=tuple(series),
                scale=tuple(scale) if scale is not None else None,
                decimals=int(decimals),
                period_precision=node.get("period_precision"),
            )
        )
    return Programme(
        id=programme_id,
        names=r.names_kept(doc["names"]),
        organisation=r.names_kept(doc["organisation"]),
        report=r.names_kept(doc["report"]),
        goals=tuple(goals),
        indicators=tuple(indicators),
        sources=sources,
        path=path,
        table_number=doc.get("table_number", 1),
        languages=languages,
        units=units,
    )


def list_programmes(paths: ProjectPaths | None = None) -> list[str]:
    paths = paths or project_paths()
    return sorted(p.parent.name for p in paths.raw.glob("*/programme.yaml"))
