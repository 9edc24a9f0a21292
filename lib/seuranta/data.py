"""What notebooks read: the cleaned tables of one programme, from ``data/processed``.

Notebooks never open files themselves; they call :func:`load` and get a
:class:`Dataset`. The library never reads ``outputs/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from seuranta.errors import InputError
from seuranta.indicators import latest_view, revisions
from seuranta.paths import ProjectPaths, project_paths
from seuranta.programme import Programme, load_programme


@dataclass(frozen=True)
class Dataset:
    """The cleaned data of one programme."""

    programme: Programme
    indicators: pd.DataFrame  # every report year; see seuranta.indicators
    projects: pd.DataFrame
    ledger: pd.DataFrame
    appropriation: pd.DataFrame
    provenance: pd.DataFrame
    comparisons: pd.DataFrame  # see seuranta.feeds.read_peers
    folder: Path | None = None  # data/processed/<programme>, where the commentary is

    def commentary(self, year: int, lang: str, name: str, languages) -> str | None:
        """The analysts' commentary of one page (see seuranta.commentary); None if none."""
        from seuranta import commentary

        if self.folder is None:
            return None
        paths = ProjectPaths(self.folder.parents[2])
        return commentary.find(paths, self.programme.id, year, lang, name, languages)

    @property
    def report_years(self) -> list[int]:
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
        """Values that a report up to ``year`` revised (see seuranta.indicators.revisions)."""
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

    @cached_property
    def _files(self) -> pd.DataFrame:
        return self.provenance.set_index("file")

    def sources_used(self, files: list[str]) -> pd.DataFrame:
        """Provenance rows of the given raw files (as written in ``raw_file`` columns)."""
        return self._files.loc[[f for f in dict.fromkeys(files) if f in self._files.index]]


def load(programme_id: str, paths: ProjectPaths | None = None) -> Dataset:
    """Read the cleaned tables of ``programme_id`` (run ``seuranta clean`` first)."""
    paths = paths or project_paths()
    folder = paths.processed_programme(programme_id)
    programme = load_programme(programme_id, paths, processed=True)

    def read(name: str, **options) -> pd.DataFrame:
        path = folder / name
        if not path.is_file():
            raise InputError(path, "missing: run `seuranta clean` to rebuild data/processed")
        return pd.read_csv(path, keep_default_na=False, na_values=[""], **options)

    indicators = pd.read_parquet(folder / "indicators.parquet")
    indicators["missing"] = indicators["missing"].fillna("")
    return Dataset(
        programme=programme,
        indicators=indicators,
        projects=read(
            "projects.csv", dtype={"goal": "Int64", "start": "Int64", "end": "Int64"}
        ).fillna({c: "" for c in ("partners", "outside_funding")}),
        ledger=read("budget.csv", dtype={"goal": "Int64", "voucher": str}),
        appropriation=read("appropriation.csv"),
        provenance=read("provenance.csv"),
        comparisons=read("comparisons.csv", dtype={"area": str, "period": str}),
        folder=folder,
    )
