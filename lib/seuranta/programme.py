"""The programme definition: goals, indicators, their units, directions and sources.

One YAML file per programme, ``data/raw/<programme>/programme.yaml``, transcribed from the
programme's follow-up report. It is read strictly: an unknown key, a missing name in one
of the three languages or an indicator without a direction is an error, never a default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seuranta.errors import InputError
from seuranta.i18n import LANGUAGES
from seuranta.meta import read_yaml
from seuranta.paths import ProjectPaths, project_paths

UNITS = ("count", "percent", "score")
DIRECTIONS = ("higher", "lower")
#: ``period_precision``: what a Table 1 period of the indicator stands for (see
#: seuranta.progress, "Survey scores are dated by their survey year").
PERIOD_PRECISIONS = ("year",)
#: How a series' baseline and latest value are chosen for the assessment (seuranta.progress,
#: "Seasonal monthly series").
COMPARISONS = ("as_reported", "same_month", "rolling_12_months")


@dataclass(frozen=True)
class Names:
    """A text in Finnish, Swedish and English."""

    fi: str
    sv: str
    en: str

    def __call__(self, lang: str) -> str:
        return getattr(self, lang)


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
    """Where a series' observations come from in a published file (see ``seuranta.sources``)."""

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
    unit: str  # one of UNITS
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
    """Strict reading of one YAML file, with the path of each node in error messages."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, message: str) -> InputError:
        return InputError(self.path, f"{where}: {message}")

    def mapping(self, node: Any, where: str, required: set[str], optional: set[str] = frozenset()):
        if not isinstance(node, dict):
            raise self.fail(where, f"expected a mapping, found {type(node).__name__}")
        missing = required - node.keys()
        if missing:
            raise self.fail(where, f"missing key(s) {', '.join(sorted(missing))}")
        unknown = node.keys() - required - optional
        if unknown:
            raise self.fail(where, f"unknown key(s) {', '.join(sorted(map(str, unknown)))}")
        return node

    def names(self, node: Any, where: str) -> Names:
        node = self.mapping(node, where, set(LANGUAGES))
        for lang in LANGUAGES:
            if not isinstance(node[lang], str) or not node[lang].strip():
                raise self.fail(f"{where}.{lang}", "expected a non-empty text")
        return Names(**{lang: node[lang].strip() for lang in LANGUAGES})

    def selection(self, node: Any, where: str) -> dict[str, str]:
        """A selection of a published file: variable -> code or label, both texts."""
        if not isinstance(node, dict) or not node:
            raise self.fail(where, "expected a mapping of variable: value")
        return {str(k): str(v) for k, v in node.items()}

    def peers(self, node: Any, where: str, feed) -> Peers:
        node = self.mapping(node, where, {"variable", "areas", "names"}, {"reference"})
        if feed is None:
            raise self.fail(where, "a comparison of areas needs the series' feed")
        variable = str(node["variable"])
        home = feed.select.get(variable)
        if home is None:
            raise self.fail(
                f"{where}.variable",
                f'the feed selects no "{variable}": expected one of {", ".join(feed.select)}',
            )
        if not isinstance(node["areas"], dict) or not node["areas"]:
            raise self.fail(f"{where}.areas", "expected a mapping of area code: names")
        areas = {
            str(code): self.names(names, f"{where}.areas.{code}")
            for code, names in node["areas"].items()
        }
        if home not in areas:
            raise self.fail(f"{where}.areas", f'expected the home area "{home}" among the areas')
        reference = node.get("reference") or []
        if not isinstance(reference, list) or any(str(c) not in areas for c in reference):
            raise self.fail(f"{where}.reference", "expected a list of area codes from areas")
        return Peers(
            variable,
            areas,
            home,
            self.names(node["names"], f"{where}.names"),
            tuple(str(c) for c in reference),
        )

    def choice(self, node: Any, where: str, allowed: tuple[str, ...]) -> str:
        if node not in allowed:
            raise self.fail(where, f'expected one of {", ".join(allowed)}, found "{node}"')
        return node


def load_programme(
    programme_id: str, paths: ProjectPaths | None = None, *, processed: bool = False
) -> Programme:
    """Read and validate a programme definition.

    From ``data/raw/<programme_id>/programme.yaml``, or with ``processed=True`` from the
    copy that ``seuranta clean`` wrote beside the tidy tables (what notebooks read).
    """
    paths = paths or project_paths()
    folder = (
        paths.processed_programme(programme_id) if processed else paths.raw_programme(programme_id)
    )
    path = folder / "programme.yaml"
    if not path.is_file():
        if processed:
            raise InputError(path, "no cleaned data: run `seuranta clean` first")
        known = ", ".join(list_programmes(paths)) or "none"
        raise InputError(path, f"no programme definition; known programmes: {known}")
    doc = read_yaml(path)
    r = _Reader(path)
    doc = r.mapping(
        doc,
        "programme",
        {"id", "names", "organisation", "report", "sources", "goals", "indicators"},
        {"table_number"},
    )
    table_number = doc.get("table_number", 1)
    if isinstance(table_number, bool) or not isinstance(table_number, int) or table_number < 1:
        raise r.fail("table_number", f"expected a whole number from 1 up, found {table_number!r}")
    if doc["id"] != programme_id:
        raise r.fail("id", f'expected "{programme_id}" (the folder name), found "{doc["id"]}"')

    sources: dict[str, DataSource] = {}
    if not isinstance(doc["sources"], dict):
        raise r.fail("sources", "expected a mapping of data source ids")
    for sid, node in doc["sources"].items():
        node = r.mapping(node, f"sources.{sid}", {"report_name", "names"})
        sources[sid] = DataSource(
            sid, node["report_name"], r.names(node["names"], f"sources.{sid}.names")
        )

    goals = []
    for i, node in enumerate(doc["goals"]):
        where = f"goals[{i}]"
        node = r.mapping(node, where, {"number", "names", "aim"})
        goals.append(
            Goal(
                int(node["number"]),
                r.names(node["names"], f"{where}.names"),
                r.names(node["aim"], f"{where}.aim"),
            )
        )
    numbers = [g.number for g in goals]
    if numbers != list(range(1, len(goals) + 1)):
        raise r.fail("goals", f"expected goals numbered 1..{len(goals)}, found {numbers}")

    indicators = []
    seen: set[str] = set()
    for i, node in enumerate(doc["indicators"]):
        where = f"indicators[{i}]"
        node = r.mapping(
            node,
            where,
            {"id", "goal", "names", "unit", "direction", "source"},
            {"series", "scale", "decimals", "period_precision"},
        )
        iid = node["id"]
        where = f"indicators.{iid}"
        if iid in seen:
            raise r.fail(where, "duplicate indicator id")
        seen.add(iid)
        if node["goal"] not in numbers:
            raise r.fail(f"{where}.goal", f"expected one of {numbers}, found {node['goal']}")
        unit = r.choice(node["unit"], f"{where}.unit", UNITS)
        direction = r.choice(node["direction"], f"{where}.direction", DIRECTIONS)
        if node["source"] not in sources:
            raise r.fail(f"{where}.source", f'unknown data source "{node["source"]}"')
        period_precision = node.get("period_precision")
        if period_precision is not None:
            period_precision = r.choice(
                period_precision, f"{where}.period_precision", PERIOD_PRECISIONS
            )
        scale = node.get("scale")
        if (unit == "score") != (scale is not None):
            raise r.fail(f"{where}.scale", "a score needs a scale [min, max]; other units none")
        series = []
        for j, snode in enumerate(node.get("series") or [{"id": "total", "names": node["names"]}]):
            swhere = f"{where}.series[{j}]"
            snode = r.mapping(
                snode,
                swhere,
                {"id", "names"},
                {"feed", "report_year_month", "comparison", "peers"},
            )
            feed = None
            if "feed" in snode:
                f = r.mapping(
                    snode["feed"],
                    f"{swhere}.feed",
                    {"file", "select", "period"},
                    {"options", "ratio"},
                )
                ratio = None
                if "ratio" in f:
                    q = r.mapping(
                        f["ratio"], f"{swhere}.feed.ratio", {"numerator", "denominator"}, {"scale"}
                    )
                    ratio_scale = q.get("scale", 100)
                    if (
                        isinstance(ratio_scale, bool)
                        or not isinstance(ratio_scale, int | float)
                        or ratio_scale <= 0
                    ):
                        raise r.fail(
                            f"{swhere}.feed.ratio.scale",
                            f"expected a positive number, found {ratio_scale!r}",
                        )
                    ratio = Ratio(
                        r.selection(q["numerator"], f"{swhere}.feed.ratio.numerator"),
                        r.selection(q["denominator"], f"{swhere}.feed.ratio.denominator"),
                        float(ratio_scale),
                    )
                feed = SeriesSelection(
                    f["file"],
                    r.selection(f["select"], f"{swhere}.feed.select"),
                    f["period"],
                    dict(f.get("options") or {}),
                    ratio,
                )
            month = snode.get("report_year_month")
            if month is not None and (
                isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12
            ):
                raise r.fail(
                    f"{swhere}.report_year_month", f"expected a month 1-12, found {month!r}"
                )
            comparison = r.choice(
                snode.get("comparison", "as_reported"), f"{swhere}.comparison", COMPARISONS
            )
            if comparison != "as_reported" and feed is None:
                raise r.fail(
                    f"{swhere}.comparison",
                    f"{comparison} needs a monthly history: the series has no feed",
                )
            peers = None
            if "peers" in snode:
                peers = r.peers(snode["peers"], f"{swhere}.peers", feed)
            series.append(
                Series(
                    str(snode["id"]),
                    r.names(snode["names"], f"{swhere}.names"),
                    feed,
                    month,
                    comparison,
                    peers,
                )
            )
        indicators.append(
            Indicator(
                id=iid,
                goal=node["goal"],
                names=r.names(node["names"], f"{where}.names"),
                unit=unit,
                direction=direction,
                source=sources[node["source"]],
                series=tuple(series),
                scale=tuple(scale) if scale else None,
                decimals=int(node.get("decimals", 0)),
                period_precision=period_precision,
            )
        )
    return Programme(
        id=programme_id,
        names=r.names(doc["names"], "names"),
        organisation=r.names(doc["organisation"], "organisation"),
        report=r.names(doc["report"], "report"),
        goals=tuple(goals),
        indicators=tuple(indicators),
        sources=sources,
        path=path,
        table_number=table_number,
    )


def list_programmes(paths: ProjectPaths | None = None) -> list[str]:
    paths = paths or project_paths()
    return sorted(p.parent.name for p in paths.raw.glob("*/programme.yaml"))
