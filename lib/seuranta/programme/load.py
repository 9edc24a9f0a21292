"""Reading a programme definition: ``programme.yaml`` -> :class:`~seuranta.programme.Programme`.

The file is read strictly against the schema of :mod:`seuranta.programme.schema`
(reference: docs/programme-reference.md): an unknown or repeated key, a value of the wrong
type, a missing text in one of the programme's languages, a text in a language it does not
publish or an indicator without a direction is an error naming the file, the line and the
key, never a default. What a schema cannot check (references between parts) is checked
here, with the same kind of message.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from seuranta.catalog import LANGUAGES, PROGRAMME_FILE
from seuranta.errors import InputError
from seuranta.paths import ProjectPaths, check_programme_id, project_paths
from seuranta.programme import schema
from seuranta.programme.accessibility import read_accessibility
from seuranta.programme.model import (
    BUILTIN_UNITS,
    DOWNLOAD_FORMATS,
    DataSource,
    Download,
    Goal,
    Indicator,
    Names,
    Peers,
    Programme,
    Ratio,
    Series,
    SeriesSelection,
    Unit,
)
from seuranta.programme.validate import check, line_of, where_text
from seuranta.yamlfile import Where, is_placeholder, read_yaml_checked, read_yaml_lines

log = logging.getLogger(__name__)


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
            f"{where_text(where)}: {message}",
            line=line_of(self.lines, where),
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

    def download(self, node: dict[str, Any], where: Where) -> Download:
        fmt = node.get("format", "json-stat2")
        suffix = DOWNLOAD_FORMATS[fmt]
        if not node["file"].lower().endswith(suffix):
            raise self.fail(
                (*where, "file"), f'expected a name ending in "{suffix}" for the format {fmt}'
            )
        values = {
            str(var): (codes,) if isinstance(codes, str) else tuple(str(c) for c in codes)
            for var, codes in node["values"].items()
        }
        return Download(
            node["file"], node["api"].rstrip("/"), node["table"], values, node.get("lang"), fmt
        )

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
            files = f["file"] if isinstance(f["file"], list) else [f["file"]]
            feed = SeriesSelection(
                tuple(str(x) for x in files),
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
    programme_id: str,
    paths: ProjectPaths | None = None,
    *,
    processed: bool = False,
    source: bytes | None = None,
) -> Programme:
    """Read and validate a programme definition.

    From ``data/raw/<programme_id>/programme.yaml``, or with ``processed=True`` from the
    copy that ``seuranta clean`` wrote beside the tidy tables (what notebooks read). A
    placeholder text (``TODO: ...``, see :mod:`seuranta.programme.starter`) in the raw
    definition is logged as a warning naming its line and key. With ``source``, those bytes
    are read as the file (``clean`` checks and then writes exactly the bytes it read).
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
    if processed and source is None:
        # Planning, the cache keys and every page read the same cleaned definition: read
        # and checked once per process while its bytes stay the same.
        source = path.read_bytes()
        sha = hashlib.sha256(source).hexdigest()
        key = (path, sha)
        if key not in _PROCESSED:
            _PROCESSED[key] = _read(
                programme_id, path, source, processed=True, checked=sha in _CHECKED
            )
        return _PROCESSED[key]
    return _read(programme_id, path, source, processed=processed)


#: Cleaned definitions read in this process, by path and content hash.
_PROCESSED: dict[tuple[Path, str], Programme] = {}
#: SHA-256 of definitions this version of the library has validated (:func:`trust`).
_CHECKED: set[str] = set()


def trust(sha256: str) -> None:
    """Declare that the definition whose bytes hash to ``sha256`` has passed every check of
    this library: a cleaned copy with those bytes is then read without the schema check
    (whose jsonschema import alone costs ~0.2 s) and with libyaml.

    ``render`` declares the hash a clean recorded (``cleaned-from.json``) once it knows the
    record is current, the library included (:func:`seuranta.clean.lineage.compare`): the
    clean validated exactly those bytes with this library and wrote them. Any other bytes
    are read and checked in full.
    """
    _CHECKED.add(sha256)


def _read(
    programme_id: str,
    path: Path,
    source: bytes | None,
    *,
    processed: bool,
    checked: bool = False,
) -> Programme:
    if checked and source is not None:
        doc, lines = read_yaml_checked(source), {}
    else:
        doc, lines = read_yaml_lines(path, source)
    languages = _languages(doc)
    if not checked:
        check(doc, schema.programme_schema(languages), path, lines)
    assert isinstance(doc, dict)  # the schema says so
    r = _Reader(path, lines, languages)
    if doc["id"] != programme_id:
        raise r.fail(("id",), f'expected "{programme_id}" (the folder name), found "{doc["id"]}"')
    if not processed:
        for where in _placeholders(doc):
            log.warning("%s", r.fail(where, "placeholder still to be filled in"))

    units = r.units(doc.get("units") or {})
    sources = {
        sid: DataSource(
            sid,
            node["report_name"],
            r.names_kept(node["names"]),
            tuple(
                r.download(d, ("sources", sid, "downloads", i))
                for i, d in enumerate(node.get("downloads") or [])
            ),
            publisher=r.names_kept(node["publisher"]) if "publisher" in node else None,
        )
        for sid, node in doc["sources"].items()
    }
    stored: set[str] = set()
    for sid, node in doc["sources"].items():
        for i, download in enumerate(node.get("downloads") or []):
            if download["file"] in stored:
                raise r.fail(
                    ("sources", sid, "downloads", i, "file"),
                    f'"{download["file"]}" is already the file of another download',
                )
            stored.add(download["file"])
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
        months = {s.report_year_month for s in series if s.report_year_month}
        if len(months) > 1:
            raise r.fail(
                (*where, "series"),
                "one Table 1 cell has one dating: expected the same report_year_month for "
                f"every series, found {sorted(months)}",
            )
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
                margin=node.get("margin"),
                definition=r.names_kept(node["definition"]) if "definition" in node else None,
                frequency=node.get("frequency"),
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
        terms={
            str(text).strip(): r.names_kept(node) for text, node in (doc.get("terms") or {}).items()
        },
        accessibility=read_accessibility(doc.get("accessibility"), r.fail, r.names_kept),
    )


def list_programmes(paths: ProjectPaths | None = None) -> list[str]:
    paths = paths or project_paths()
    return sorted(p.parent.name for p in paths.raw.glob("*/programme.yaml"))
