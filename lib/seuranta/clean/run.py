"""``seuranta clean``: raw files -> validated, tidy tables in ``data/processed``.

Every raw file of every report year is read and validated before anything is written;
the tables are then written to a temporary folder beside the target and swapped in, so
``data/processed`` changes only when the whole run succeeds. Raw files are only read.

How the write survives faults:

- **Report-year folders.** Every folder of ``data/raw/<programme>/`` is a report year
  and its name must be exactly four ASCII digits (1900-2100); any other folder name
  (``02022``, ``2022-old``, ``０２０２２``) is an error naming it, never silently read or
  skipped, since a stray copy either counts a year twice or hides data. Only hidden
  folders (``.ipynb_checkpoints``) are skipped. ``budget.yaml`` must say the same year.
  Any other unknown file or folder is a warning naming the names expected there
  (:mod:`seuranta.clean.layout`).
- **One at a time.** A clean holds its programmes' locks from the first raw file it reads
  to the swap (:mod:`seuranta.clean.lock`): a second clean, or a render, waits for it, so
  two cleans never lose an update and a render never reads half of a clean.
- **What was read is what is written.** The definition is read once; the bytes checked are
  the bytes written beside the tables. ``cleaned-from.json`` records the hashes of the raw
  files and the library the tables were made from (:mod:`seuranta.clean.lineage`).
- **An atomic swap, no leftovers.** The tables are written to a staging folder and each
  programme's folder is swapped in whole; what a killed run left is repaired by the next
  one (:mod:`seuranta.clean.swap`).
- **Write errors.** A read-only ``data/processed`` or a full disk stops the run with one
  line; the staging folder is removed and the old tables stay as they were.

Written per programme, in ``data/processed/<programme>/``:

- ``indicators.csv`` and ``indicators.parquet``: every value of every report's Table 1
  (and of the published statistics files the programme feeds from), one history
  across report years (see :mod:`seuranta.clean.table1`);
- ``projects.csv``: the project registers;
- ``budget.csv``: the ledger rows; ``appropriation.csv``: the appropriation per year;
- ``commentary/<year>/<lang>/*.md``: the analysts' commentary (:mod:`seuranta.clean.commentary`);
- ``comparisons.csv``: a fed series for each area of its ``peers`` (Espoo among the six
  largest cities), one row per area and period;
- ``provenance.csv``: each raw file used, its checksum and whether it is illustrative;
- ``programme.yaml``: the validated programme definition, for the notebooks;
- ``cleaned-from.json``: the hashes of what the tables were cleaned from.
"""

from __future__ import annotations

import errno
import logging
import re
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path

import pandas as pd

from seuranta.catalog import PROGRAMME_FILE, raw_file, table_file
from seuranta.clean import budget, commentary, feeds, layout, lineage, projects, swap
from seuranta.clean import table1 as indicators
from seuranta.clean.lock import programme_locks
from seuranta.errors import InputError, SeurantaError
from seuranta.location import display_path
from seuranta.parse import YEARS
from seuranta.paths import ProjectPaths, check_links, project_paths
from seuranta.programme import Programme, list_programmes, load_programme
from seuranta.programme.provenance import Provenance, meta_path, read_provenance

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
    # The definition's bytes as read and checked, and what the tables were cleaned from.
    definition: bytes = b""
    lineage: dict = field(default_factory=dict)
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
                    **{f"publisher_{lang}": text for lang, text in (p.publishers or {}).items()},
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
    """The report years of a programme folder: every subfolder, named by four ASCII digits.

    A subfolder with any other name is an error (module docstring); hidden ones are skipped.
    """
    years = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or not entry.is_dir():
            continue
        if not re.fullmatch(r"[0-9]{4}", entry.name, re.ASCII):
            raise InputError(
                entry,
                "not a report-year folder: expected a name of exactly four digits such as "
                "2022 (move other material out of data/raw/<programme>/)",
            )
        if int(entry.name) not in YEARS:
            raise InputError(
                entry,
                f"report year {entry.name} is not plausible: expected "
                f"{YEARS.start}-{YEARS.stop - 1}",
            )
        years.append(int(entry.name))
    return years


def clean_programme(programme_id: str, paths: ProjectPaths) -> Cleaned:
    """Read and validate every raw file of one programme; write nothing."""
    folder = paths.raw_programme(programme_id)
    if folder.is_dir():
        check_links(folder, paths.raw)
    record = lineage.state(paths, programme_id)  # before reading: a later edit shows as stale
    definition_path = folder / PROGRAMME_FILE
    definition = definition_path.read_bytes() if definition_path.is_file() else None
    programme = load_programme(programme_id, paths, source=definition)
    record["raw"][PROGRAMME_FILE] = sha256(definition).hexdigest()
    provenance = [read_provenance(programme.path, programme.languages)]
    years = report_years(folder)
    if not years:
        raise InputError(folder, "no report year folders (such as 2022/) with a table1.csv")
    layout.warn_unknown(folder, [folder / str(year) for year in years])
    tables, registers, ledgers, facts_rows, comparisons = [], [], [], [], []
    texts: dict[tuple[int, str, str], str] = {}
    for year in years:
        ydir = folder / str(year)
        table_path = ydir / raw_file("table1")
        if not table_path.is_file():
            raise InputError(table_path, "missing: every report year needs its Table 1")
        provenance.append(read_provenance(table_path, programme.languages))
        table = indicators.read_table(table_path, programme, year)
        fed, fed_provenance = feeds.read_feeds(programme, ydir, year, table)
        provenance += fed_provenance
        decimals = {i.id: i.decimals for i in programme.indicators}
        tables.append(feeds.merge(table, fed, decimals))
        comparisons.append(feeds.read_peers(programme, ydir, year))
        for (lang, name), text in commentary.read_year(programme, ydir).items():
            texts[(year, lang, name)] = text

        # The project register is optional: a programme without one gets pages without
        # project sections (and no ledger can name a project).
        register_path = ydir / raw_file("projects")
        if register_path.exists() or meta_path(register_path).exists():
            provenance.append(read_provenance(register_path, programme.languages))
            register = projects.read_projects(register_path, programme, year)
        else:
            register = projects.no_register(programme)
        registers.append(register)

        facts_path, ledger_path = ydir / raw_file("budget"), ydir / raw_file("ledger")
        if facts_path.exists() or ledger_path.exists():
            for needed, other in ((facts_path, ledger_path), (ledger_path, facts_path)):
                if not needed.is_file():
                    raise InputError(
                        needed,
                        f"missing: a report year with {other.name} needs {needed.name} too",
                    )
            provenance += [
                read_provenance(facts_path, programme.languages),
                read_provenance(ledger_path, programme.languages),
            ]
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
        definition=definition,
        lineage=record,
    )


def _write(cleaned: Cleaned, target: Path) -> None:
    target.mkdir(parents=True)
    options = {"index": False, "lineterminator": "\n"}
    cleaned.indicators.to_csv(target / table_file("indicators"), **options)
    cleaned.indicators.to_parquet(target / table_file("indicators_parquet"), index=False)
    cleaned.projects.to_csv(target / table_file("projects"), **options)
    cleaned.ledger.to_csv(target / table_file("ledger"), **options)
    cleaned.appropriation.to_csv(target / table_file("appropriation"), **options)
    cleaned.comparisons.to_csv(target / table_file("comparisons"), **options)
    commentary.write(cleaned.commentary, target)
    cleaned.provenance_frame().to_csv(target / table_file("provenance"), **options)
    (target / PROGRAMME_FILE).write_bytes(cleaned.definition)
    lineage.write(cleaned.lineage, target)


def _write_error(err: OSError, where: Path, written: list[Path]) -> SeurantaError:
    place = display_path(err.filename) if getattr(err, "filename", None) else display_path(where)
    reason = err.strerror or str(err)
    if err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        reason += " (disk full or file size limit)"
    if written:
        done = ", ".join(display_path(p) for p in written)
        return SeurantaError(
            f"cannot write {place}: {reason}; only {done} was updated, the rest left as it was"
        )
    return SeurantaError(
        f"cannot write {place}: {reason}; data/processed was left as it was before this run"
    )


def clean(programme_ids: list[str] | None = None, paths: ProjectPaths | None = None) -> list[Path]:
    """Clean the given programmes (default: all); all-or-nothing. Returns the folders written.

    See :mod:`seuranta.clean.swap` for the lock, the atomic swap and what a killed run leaves.
    """
    paths = paths or project_paths()
    ids = programme_ids or list_programmes(paths)
    if not ids:
        raise InputError(paths.raw, "no programme definitions (<programme>/programme.yaml)")
    try:
        paths.processed.mkdir(parents=True, exist_ok=True)
        swap.repair_first(paths.processed)
    except OSError as err:
        raise _write_error(err, paths.processed, []) from None
    with programme_locks(paths, ids):
        results = [clean_programme(pid, paths) for pid in ids]  # raises before any write
        return publish(results, paths)


def publish(results: list[Cleaned], paths: ProjectPaths) -> list[Path]:
    """Write validated tables to a staging folder, then swap each programme's folder in
    (:mod:`seuranta.clean.swap`). Returns the folders written."""
    written = []
    try:
        paths.processed.mkdir(parents=True, exist_ok=True)
        with swap.staging(paths.processed) as staging:
            for cleaned in results:
                _write(cleaned, staging / cleaned.programme.id)
            for cleaned in results:
                final = paths.processed_programme(cleaned.programme.id)
                new = staging / cleaned.programme.id
                swap.swap_in(new, final, staging / f"{cleaned.programme.id}.old")
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
    except OSError as err:
        raise _write_error(err, paths.processed, written) from None
    return written
