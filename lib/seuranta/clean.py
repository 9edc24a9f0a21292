"""``seuranta clean``: raw files -> validated, tidy tables in ``data/processed``.

Every raw file of every report year is read and validated before anything is written;
the tables are then written to a temporary folder beside the target and swapped in, so
``data/processed`` changes only when the whole run succeeds. Raw files are only read.

Written per programme, in ``data/processed/<programme>/``:

- ``indicators.csv`` and ``indicators.parquet``: every value of every report's Table 1
  (and of the published statistics files the programme feeds from), one history
  across report years (see :mod:`seuranta.indicators`);
- ``projects.csv``: the project registers;
- ``budget.csv``: the ledger rows; ``appropriation.csv``: the appropriation per year;
- ``commentary/<year>/<lang>/*.md``: the analysts' commentary (:mod:`seuranta.commentary`);
- ``comparisons.csv``: a fed series for each area of its ``peers`` (Espoo among the six
  largest cities), one row per area and period;
- ``provenance.csv``: each raw file used, its checksum and whether it is illustrative;
- ``programme.yaml``: the validated programme definition, for the notebooks.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from seuranta import budget, commentary, feeds, indicators, projects
from seuranta.errors import InputError
from seuranta.meta import Provenance, read_provenance
from seuranta.paths import ProjectPaths, display_path, project_paths
from seuranta.programme import Programme, list_programmes, load_programme

log = logging.getLogger(__name__)


@dataclass
class Cleaned:
    """The tidy tables of one programme, held in memory until all are valid."""

    programme: Programme
    indicators: pd.DataFrame
    projects: pd.DataFrame
    ledger: pd.DataFrame
    appropriation: pd.DataFrame
    comparisons: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=feeds.PEER_COLUMNS)
    )
    provenance: list[Provenance] = field(default_factory=list)
    commentary: dict[tuple[int, str, str], str] = field(default_factory=dict)

    def provenance_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "file": display_path(p.path),
                    "sha256": p.sha256,
                    "title": p.title,
                    **{f"title_{lang}": text for lang, text in p.titles.items()},
                    "publisher": p.publisher,
                    "date": p.date,
                    "licence": p.licence,
                    "illustrative": p.illustrative,
                    "reconstructed": p.reconstructed,
                    "source": p.source,
                    "note": p.note,
                }
                for p in self.provenance
            ]
        )


def report_years(folder: Path) -> list[int]:
    return sorted(int(p.name) for p in folder.iterdir() if p.is_dir() and p.name.isdigit())


def clean_programme(programme_id: str, paths: ProjectPaths) -> Cleaned:
    """Read and validate every raw file of one programme; write nothing."""
    programme = load_programme(programme_id, paths)
    provenance = [read_provenance(programme.path)]
    folder = paths.raw_programme(programme_id)
    years = report_years(folder)
    if not years:
        raise InputError(folder, "no report year folders (such as 2022/) with a table1.csv")
    tables, registers, ledgers, facts_rows, comparisons = [], [], [], [], []
    texts: dict[tuple[int, str, str], str] = {}
    for year in years:
        ydir = folder / str(year)
        table_path = ydir / "table1.csv"
        if not table_path.is_file():
            raise InputError(table_path, "missing: every report year needs its Table 1")
        provenance.append(read_provenance(table_path))
        table = indicators.read_table(table_path, programme, year)
        fed, fed_provenance = feeds.read_feeds(programme, ydir, year, table)
        provenance += fed_provenance
        decimals = {i.id: i.decimals for i in programme.indicators}
        tables.append(feeds.merge(table, fed, decimals))
        comparisons.append(feeds.read_peers(programme, ydir, year))
        for (lang, name), text in commentary.read_year(programme, ydir).items():
            texts[(year, lang, name)] = text

        register_path = ydir / "projects.csv"
        provenance.append(read_provenance(register_path))
        register = projects.read_projects(register_path, programme, year)
        registers.append(register)

        facts_path, ledger_path = ydir / "budget.yaml", ydir / "ledger.csv"
        if facts_path.is_file() or ledger_path.is_file():
            provenance += [read_provenance(facts_path), read_provenance(ledger_path)]
            facts = budget.read_budget_facts(facts_path, year)
            ledger = budget.read_ledger(ledger_path, programme, year, register, facts)
            ledgers.append(ledger)
            facts_rows.append(
                {
                    "programme": programme_id,
                    "report_year": year,
                    "appropriation_eur": facts["appropriation_eur"],
                    "spent_reported_eur": facts["spent_reported_eur"],
                    "spent_reported_rounding_eur": facts["spent_reported_rounding_eur"],
                    "appropriation_funding": facts["appropriation_funding"],
                    "ledger_illustrative": provenance[-1].illustrative,
                }
            )
    return Cleaned(
        programme=programme,
        indicators=pd.concat(tables, ignore_index=True),
        projects=pd.concat(registers, ignore_index=True),
        ledger=pd.concat(ledgers, ignore_index=True) if ledgers else pd.DataFrame(),
        appropriation=pd.DataFrame(facts_rows),
        comparisons=pd.concat(comparisons, ignore_index=True),
        commentary=texts,
        provenance=provenance,
    )


def _write(cleaned: Cleaned, target: Path) -> None:
    target.mkdir(parents=True)
    options = {"index": False, "lineterminator": "\n"}
    cleaned.indicators.to_csv(target / "indicators.csv", **options)
    cleaned.indicators.to_parquet(target / "indicators.parquet", index=False)
    cleaned.projects.to_csv(target / "projects.csv", **options)
    cleaned.ledger.to_csv(target / "budget.csv", **options)
    cleaned.appropriation.to_csv(target / "appropriation.csv", **options)
    cleaned.comparisons.to_csv(target / "comparisons.csv", **options)
    commentary.write(cleaned.commentary, target)
    cleaned.provenance_frame().to_csv(target / "provenance.csv", **options)
    shutil.copyfile(cleaned.programme.path, target / "programme.yaml")


def clean(programme_ids: list[str] | None = None, paths: ProjectPaths | None = None) -> list[Path]:
    """Clean the given programmes (default: all); all-or-nothing. Returns the folders written."""
    paths = paths or project_paths()
    ids = programme_ids or list_programmes(paths)
    if not ids:
        raise InputError(paths.raw, "no programme definitions (<programme>/programme.yaml)")
    results = [clean_programme(pid, paths) for pid in ids]  # raises before any write

    paths.processed.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".clean-", dir=paths.processed))
    written = []
    try:
        for cleaned in results:
            _write(cleaned, staging / cleaned.programme.id)
        for cleaned in results:
            final = paths.processed_programme(cleaned.programme.id)
            old = staging / f"{cleaned.programme.id}.old"
            if final.exists():
                os.replace(final, old)
            os.replace(staging / cleaned.programme.id, final)
            written.append(final)
            rows = cleaned.indicators
            log.info(
                "%s: %d indicator values (%d report years), %d projects, %d ledger rows",
                display_path(final),
                len(rows),
                rows["report_year"].nunique(),
                len(cleaned.projects),
                len(cleaned.ledger),
            )
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written
