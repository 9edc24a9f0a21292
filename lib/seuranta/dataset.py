"""What notebooks read: the cleaned tables of one programme, from ``data/processed``.

Notebooks never open files themselves; they call :func:`load` and get a
:class:`Dataset`. The library never reads ``outputs/``.

The project register, the ledger and the appropriation are optional parts of a programme:
without them their tables have no rows (:attr:`Dataset.has_projects`,
:attr:`Dataset.has_ledger`), and the pages say so instead of failing.

A page reads only what its kind declares (:data:`seuranta.catalog.PAGE_READS`):
:meth:`Dataset.for_page` narrows the tables to those rows, the same rows the page's cache
key holds (:mod:`seuranta.render.page_inputs`), so a page cannot show what its key does not
hold.

The indicator table keeps every report year's values side by side: :func:`latest_view`
gives one value per period as a report year knows it (the newest report wins), and
:func:`revisions` lists the values a later report changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import pandas as pd

from seuranta.catalog import (
    PAGE_READS,
    UNREAD_COLUMNS,
    commentary_names,
    file_year,
    page_kind,
    table_file,
)
from seuranta.clean import commentary
from seuranta.errors import InputError, SeurantaError
from seuranta.paths import ProjectPaths, project_paths
from seuranta.programme import Programme, load_programme


@dataclass(frozen=True)
class Dataset:
    """The cleaned data of one programme."""

    programme: Programme
    indicators: pd.DataFrame  # every report year; see seuranta.clean.table1
    projects: pd.DataFrame
    ledger: pd.DataFrame
    appropriation: pd.DataFrame
    provenance: pd.DataFrame
    comparisons: pd.DataFrame  # see seuranta.clean.feeds.read_peers
    folder: Path | None = None  # data/processed/<programme>, where the commentary is
    #: The commentary names a page may read (:meth:`for_page`); None: every one.
    commentary_names: frozenset[str] | None = None
    #: The report years a page knows (:meth:`for_page`: up to its own); None: from the data.
    known_years: tuple[int, ...] | None = None
    #: The parts :meth:`for_page` made, by page and year: the same object each time, so what
    #: is computed from one (the status table) is computed once, in the render's parent.
    _pages: dict[tuple[str, int], Dataset] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    #: The commentary read other than into its own block (:meth:`commentary`).
    commentary_outside_blocks: set[str] = field(
        default_factory=set, init=False, repr=False, compare=False
    )

    def commentary(self, year: int, lang: str, name: str, *, block: bool = False) -> str | None:
        """The analysts' commentary ``name`` (see seuranta.clean.commentary); None if none.

        ``block``: read to be shown in its own block (:mod:`seuranta.pages.commentary`), the
        only use of it that ``seuranta render`` may rebuild alone when the text changes; any
        other read is recorded (:attr:`commentary_outside_blocks`).
        """
        if self.commentary_names is not None and name not in self.commentary_names:
            raise SeurantaError(
                f'commentary "{name}" is not among what this page reads '
                f"({', '.join(sorted(self.commentary_names)) or 'none'}): declare it in "
                "seuranta.catalog.PAGE_COMMENTARY"
            )
        if not block:
            self.commentary_outside_blocks.add(name)
        if self.folder is None:
            return None
        paths = ProjectPaths(self.folder.parents[2])
        return commentary.find(paths, self.programme.id, year, lang, name)

    def for_page(self, name: str, year: int) -> Dataset:
        """The part of the data the page ``name`` of ``year`` reads (module docstring); the
        whole dataset for a name that is no page kind (an exploration)."""
        found = page_kind(name)
        if found is None:
            return self
        if (name, year) not in self._pages:
            self._pages[name, year] = self._for_page(found, year)
        return self._pages[name, year]

    def _for_page(self, found: tuple[str, int | None], year: int) -> Dataset:
        kind, goal = found
        if goal is not None and goal not in [g.number for g in self.programme.goals]:
            numbers = ", ".join(str(g.number) for g in self.programme.goals)
            raise SeurantaError(
                f"goal {goal}: {self.programme.id} has the goals {numbers}; expected one of them"
            )
        reads = PAGE_READS[kind]

        def select(table: str, frame: pd.DataFrame) -> pd.DataFrame:
            rows = reads.get(table)
            if rows is None or frame.empty:
                return frame.iloc[0:0]
            if table == "provenance":
                keep = frame["file"].map(lambda f: (file_year(f) or 0) <= year)
            else:
                keep = frame["report_year"] <= year
            if rows == "goal":
                keep &= (frame["goal"] == goal).fillna(False).astype(bool)
            unread = [c for c in UNREAD_COLUMNS.get(table, ()) if c in frame.columns]
            return frame[keep.astype(bool)].drop(columns=unread)

        ids = [i.id for i in self.programme.indicators_of(goal)] if goal is not None else []
        names = commentary_names(kind, goal, ids)
        return replace(
            self,
            indicators=select("indicators", self.indicators),
            projects=select("projects", self.projects),
            ledger=select("ledger", self.ledger),
            appropriation=select("appropriation", self.appropriation),
            provenance=select("provenance", self.provenance),
            comparisons=select("comparisons", self.comparisons),
            commentary_names=frozenset(names),
            known_years=tuple(y for y in self.report_years if y <= year),
        )

    @property
    def report_years(self) -> list[int]:
        if self.known_years is not None:
            return list(self.known_years)
        return sorted(int(y) for y in self.indicators["report_year"].unique())

    def check_year(self, year: int) -> int:
        if year not in self.report_years:
            raise InputError(
                self.programme.path,
                f"no report for {year}: {self.programme.id} has report years "
                f"{', '.join(map(str, self.report_years))}",
            )
        return year

    def previous_report_year(self, year: int) -> int | None:
        """The report year before ``year``, or None for the first report."""
        earlier = [y for y in self.report_years if y < self.check_year(year)]
        return earlier[-1] if earlier else None

    def revisions_as_of(self, year: int) -> pd.DataFrame:
        """Values that a report up to ``year`` revised (see :func:`revisions`)."""
        return revisions(self.indicators, self.check_year(year))

    def comparisons_as_of(self, year: int) -> pd.DataFrame:
        """The area comparisons as the report of ``year`` knows them (its own download)."""
        rows = self.comparisons
        return rows[rows["report_year"] == self.check_year(year)]

    def indicators_as_of(self, year: int) -> pd.DataFrame:
        """One value per period as known in the report of ``year`` (latest report wins)."""
        return latest_view(self.indicators, self.check_year(year))

    def projects_of(self, year: int) -> pd.DataFrame:
        return self.projects[self.projects["report_year"] == self.check_year(year)]

    @property
    def has_projects(self) -> bool:
        """Whether any report year has a project register (projects.csv)."""
        return any(self.provenance["file"].str.endswith("/" + table_file("projects")))

    def has_ledger(self, year: int) -> bool:
        """Whether the report of ``year`` has a ledger and its budget.yaml (clean accepts
        them only together: the year's row of the appropriation says so)."""
        facts = self.appropriation
        return not facts.empty and bool((facts["report_year"] == year).any())

    def ledger_illustrative(self, year: int) -> bool:
        """Whether the ledger of ``year`` is illustrative (its .meta.yaml says so): every
        euro figure read from it, on a page or in a download, must then be marked."""
        facts = self.appropriation
        rows = facts[facts["report_year"] == year] if not facts.empty else facts
        return bool(len(rows)) and bool(rows["ledger_illustrative"].iloc[0])

    @cached_property
    def _files(self) -> pd.DataFrame:
        return self.provenance.set_index("file")

    def sources_used(self, files: list[str]) -> pd.DataFrame:
        """Provenance rows of the given raw files (as written in ``raw_file`` columns)."""
        return self._files.loc[[f for f in dict.fromkeys(files) if f in self._files.index]]


# -- the history across report years ---------------------------------------------------------


def revisions(indicators: pd.DataFrame, up_to_year: int) -> pd.DataFrame:
    """Values that a later report (up to ``up_to_year``) changed for the same period.

    One row per revision: ``goal, indicator, series, kind, period``, ``old_value``,
    ``old_report``, ``old_decimals``, ``new_value``, ``new_report``, ``new_decimals``, and
    the raw file and line of the new value. Each report is compared with the last earlier
    report that gave a value for the period. Two values differ only where they differ at
    the coarser of their two precisions (``9,4 %`` in a table and ``9.42`` in a statistics
    file agree). A value added where an earlier report had none is not a revision.
    """
    columns = [
        "goal",
        "indicator",
        "series",
        "kind",
        "period",
        "old_value",
        "old_report",
        "old_decimals",
        "new_value",
        "new_report",
        "new_decimals",
        "raw_file",
        "raw_line",
    ]
    rows = indicators[
        (indicators["report_year"] <= up_to_year) & indicators["value"].notna()
    ].sort_values("report_year", kind="stable")
    found = []
    for _key, group in rows.groupby(["indicator", "series", "kind", "period"], sort=True):
        if group["report_year"].nunique() < 2:
            continue
        previous = None
        for _, row in group.drop_duplicates("report_year", keep="last").iterrows():
            if previous is not None:
                places = int(min(previous["decimals"], row["decimals"]))
                if round(previous["value"], places) != round(row["value"], places):
                    found.append(
                        {
                            "goal": row["goal"],
                            "indicator": row["indicator"],
                            "series": row["series"],
                            "kind": row["kind"],
                            "period": row["period"],
                            "old_value": previous["value"],
                            "old_report": previous["report_year"],
                            "old_decimals": previous["decimals"],
                            "new_value": row["value"],
                            "new_report": row["report_year"],
                            "new_decimals": row["decimals"],
                            "raw_file": row["raw_file"],
                            "raw_line": row["raw_line"],
                        }
                    )
            previous = row
    frame = pd.DataFrame(found, columns=columns)
    return frame.sort_values(
        ["goal", "indicator", "series", "kind", "period", "new_report"], kind="stable"
    ).reset_index(drop=True)


def latest_view(indicators: pd.DataFrame, up_to_year: int) -> pd.DataFrame:
    """One value per (indicator, series, kind, period) as known in the report of ``up_to_year``.

    Reports repeat values (each report shows the baseline again) and statistics get
    revised: the latest report up to ``up_to_year`` wins. Rows without a value stay only
    when no report gives a value for that period.
    """
    view = indicators[indicators["report_year"] <= up_to_year].copy()
    view["_has_value"] = view["value"].notna()
    view = view.sort_values(["_has_value", "report_year"], kind="stable")
    view = view.drop_duplicates(["indicator", "series", "kind", "period"], keep="last")
    return (
        view.drop(columns="_has_value")
        .sort_values(["goal", "indicator", "series", "kind", "period"], kind="stable")
        .reset_index(drop=True)
    )


#: Datasets read in this process, with the state of the files they were read from.
_LOADED: dict[Path, tuple[tuple, Dataset]] = {}


def _state(folder: Path) -> tuple:
    """What changes when ``seuranta clean`` rewrites a processed folder."""
    try:
        return tuple(
            (p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.iterdir())
        )
    except FileNotFoundError:
        return ()


def load(programme_id: str, paths: ProjectPaths | None = None) -> Dataset:
    """Read the cleaned tables of ``programme_id`` (run ``seuranta clean`` first).

    A process reads them once while the files stay as they are: ``seuranta render`` reads
    them in the parent before forking, so every page starts with them in memory. Pages
    only read the tables.
    """
    paths = paths or project_paths()
    folder = paths.processed_programme(programme_id)
    state = _state(folder)
    cached = _LOADED.get(folder)
    if cached is not None and cached[0] == state and state:
        return cached[1]
    dataset = _load(programme_id, paths)
    _LOADED[folder] = (state, dataset)
    return dataset


def _load(programme_id: str, paths: ProjectPaths) -> Dataset:
    folder = paths.processed_programme(programme_id)
    programme = load_programme(programme_id, paths, processed=True)

    def read(table: str, optional: tuple[str, ...] = (), **options) -> pd.DataFrame:
        """A processed table; an optional part without rows (or file) is an empty frame
        with the ``optional`` columns the pages filter on."""
        path = folder / table_file(table)
        if optional and (not path.is_file() or not path.read_bytes().strip()):
            return pd.DataFrame(columns=list(optional))
        if not path.is_file():
            raise InputError(path, "missing: run `seuranta clean` to rebuild data/processed")
        return pd.read_csv(path, keep_default_na=False, na_values=[""], **options)

    indicators = pd.read_parquet(folder / table_file("indicators_parquet"))
    indicators["missing"] = indicators["missing"].fillna("")
    return Dataset(
        programme=programme,
        indicators=indicators,
        projects=read(
            "projects",
            ("report_year", "id", "goal", "partners", "outside_funding"),
            dtype={"goal": "Int64", "start": "Int64", "end": "Int64"},
        ).fillna({c: "" for c in ("partners", "outside_funding")}),
        ledger=read("ledger", ("report_year", "goal"), dtype={"goal": "Int64", "voucher": str}),
        appropriation=read("appropriation", ("report_year",)),
        provenance=read("provenance"),
        comparisons=read("comparisons", dtype={"area": str, "period": str}),
        folder=folder,
    )
