"""``seuranta verify``: re-render a report year privately and compare with what is published.

An auditor's question, years later: do the pages under ``outputs/<programme>/<year>/`` come
from the data, notebooks and library in this repository? :func:`verify` answers it:

1. copies ``data/raw/<programme>`` and ``notebooks/`` into a temporary project tree, runs
   ``seuranta clean`` there (the processed data is rebuilt from the raw files, as
   ``make appendices`` does) and renders every published language of the year with
   ``--force`` (the repository's ``outputs/`` and ``data/processed`` are not touched);
2. compares, file by file, the fresh render with the published one: each page's HTML
   (also against the ``html_sha256`` that ``manifest.json`` recorded for it), its executed
   notebook apart from the times papermill records (:func:`without_times`), and the other
   files of each language folder (Table 1 as ``.xlsx`` and ``.csv``). PDFs are not compared
   (Chromium does not print the same bytes twice, see the README);
3. for a page that differs, says why where it can: the manifest's recorded ``inputs``
   (parameters, notebook, library, template, each data file) and ``versions`` against those
   of the fresh render (:func:`differences`), or that the published page no longer matches
   the manifest's hash (edited after rendering).

Every page and file gets one line, ``identical`` or ``DIFFERENT: <why>``; the command exits
0 only when all are identical.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seuranta.catalog import LANGUAGES
from seuranta.clean.run import clean
from seuranta.errors import SeurantaError
from seuranta.files import sha256_file
from seuranta.location import display_path
from seuranta.paths import ProjectPaths, project_paths
from seuranta.render.manifest import manifest_path, read_manifest
from seuranta.render.outcome import Outcome, RenderResult
from seuranta.render.plan import parse_languages, plan
from seuranta.render.run import render

log = logging.getLogger(__name__)

#: papermill's clock readings, in the notebook's and in each cell's ``metadata.papermill``.
TIME_FIELDS = ("start_time", "end_time", "duration")


def without_times(data: bytes) -> Any:
    """An executed notebook (JSON bytes) without the times papermill records in it."""
    nb = json.loads(data)
    for meta in [nb.get("metadata", {})] + [c.get("metadata", {}) for c in nb.get("cells", [])]:
        record = meta.get("papermill")
        if isinstance(record, dict):
            for name in TIME_FIELDS:
                record.pop(name, None)
    return nb


@dataclass
class Check:
    """One compared page or file."""

    label: str  # "fi/goal-1" for a page, "fi/taulukko-1.xlsx" for another file
    reasons: list[str] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not self.reasons

    def line(self) -> str:
        if self.identical:
            return f"{self.label}: identical"
        return f"{self.label}: DIFFERENT: {'; '.join(self.reasons)}"


@dataclass
class VerifyReport:
    programme: str
    year: int
    checks: list[Check]

    @property
    def different(self) -> list[Check]:
        return [c for c in self.checks if not c.identical]

    def text(self) -> str:
        lines = [c.line() for c in self.checks]
        same = len(self.checks) - len(self.different)
        lines.append(
            f"seuranta verify {self.programme} {self.year}: {same} identical, "
            f"{len(self.different)} different"
        )
        return "\n".join(lines) + "\n"


@contextlib.contextmanager
def _root(root: Path) -> Iterator[None]:
    """Point ``SEURANTA_ROOT`` (read by the notebooks and the library) at ``root`` for a while."""
    previous = os.environ.get("SEURANTA_ROOT")
    os.environ["SEURANTA_ROOT"] = str(root)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SEURANTA_ROOT", None)
        else:
            os.environ["SEURANTA_ROOT"] = previous


@contextlib.contextmanager
def _quiet(name: str) -> Iterator[None]:
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _sha256(path: Path) -> str | None:
    return sha256_file(path) if path.is_file() else None


def differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Why a page may differ: the recorded inputs and versions against the current ones."""
    reasons = []
    if old.get("parameters") != new.get("parameters"):
        reasons.append("parameters changed")
    recorded, current = old.get("inputs") or {}, new.get("inputs") or {}
    if recorded.get("notebook") != current.get("notebook"):
        reasons.append(f"notebook changed ({new.get('notebook')})")
    if recorded.get("template") != current.get("template"):
        reasons.append("template changed")
    elif recorded.get("library") != current.get("library"):
        reasons.append("library changed")
    old_data, new_data = recorded.get("data") or {}, current.get("data") or {}
    changed = sorted(
        n for n in old_data.keys() | new_data.keys() if old_data.get(n) != new_data.get(n)
    )
    if changed:
        reasons.append(f"data changed ({', '.join(changed)})")
    old_versions, new_versions = old.get("versions") or {}, new.get("versions") or {}
    moved = [
        f"{name} {old_versions.get(name)} -> {new_versions.get(name)}"
        for name in sorted(old_versions.keys() | new_versions.keys())
        if old_versions.get(name) != new_versions.get(name)
    ]
    if moved:
        reasons.append(f"versions changed ({', '.join(moved)})")
    return reasons


def _copy_inputs(paths: ProjectPaths, programme: str, into: ProjectPaths) -> None:
    source = paths.raw_programme(programme)
    if not source.is_dir():
        raise SeurantaError(f"{display_path(source)}: no raw data for {programme}")
    shutil.copytree(source, into.raw_programme(programme))
    shutil.copytree(paths.notebooks, into.notebooks)


def _published_languages(manifest: dict[str, Any]) -> list[str]:
    found = {lang for entries in manifest.get("appendices", {}).values() for lang in entries}
    return [lang for lang in LANGUAGES if lang in found]


def verify(
    programme: str,
    year: int,
    *,
    paths: ProjectPaths | None = None,
    langs: Sequence[str] | None = None,
    jobs: int | None = None,
) -> VerifyReport:
    """Re-render ``programme``'s ``year`` in a temporary tree and compare (module docstring)."""
    paths = paths or project_paths()
    published = manifest_path(paths, programme, year)
    manifest = read_manifest(published)
    if not manifest.get("appendices"):
        raise SeurantaError(
            f"{display_path(published)}: no manifest of rendered pages; "
            f"run seuranta render --programme {programme} --year {year} first"
        )
    langs = list(langs or _published_languages(manifest))
    with tempfile.TemporaryDirectory(prefix="seuranta-verify-") as tmp:
        fresh = ProjectPaths(Path(tmp) / "project")
        _copy_inputs(paths, programme, fresh)
        with _root(fresh.root), _quiet("seuranta.render"), _quiet("seuranta.clean"):
            clean([programme], fresh)
            _, appendices = plan(programme, year, langs, paths=fresh)
            result = render(
                appendices,
                programme=programme,
                year=year,
                paths=fresh,
                jobs=jobs,
                force=True,
                progress=False,
            )
        rendered = read_manifest(result.manifest)
        checks = _compare(paths, fresh, programme, year, langs, manifest, rendered, result)
    return VerifyReport(programme, year, checks)


def _compare(
    paths: ProjectPaths,
    fresh: ProjectPaths,
    programme: str,
    year: int,
    langs: Sequence[str],
    manifest: dict[str, Any],
    rendered: dict[str, Any],
    result: RenderResult,
) -> list[Check]:
    checks = []
    failed = {o.appendix.label: o for o in result.failed}
    names = list(dict.fromkeys(o.appendix.name for o in result.outcomes))
    names += [n for n in manifest.get("appendices", {}) if n not in names]
    for lang in langs:
        for name in names:
            old = manifest.get("appendices", {}).get(name, {}).get(lang)
            new = rendered.get("appendices", {}).get(name, {}).get(lang)
            if old is None and new is None:
                continue
            checks.append(_check_page(paths, fresh, programme, year, lang, name, old, new, failed))
        checks += _check_files(paths, fresh, programme, year, lang)
    return checks


def _check_page(
    paths: ProjectPaths,
    fresh: ProjectPaths,
    programme: str,
    year: int,
    lang: str,
    name: str,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
    failed: dict[str, Outcome],
) -> Check:
    check = Check(f"{lang}/{name}")
    if new is None:
        check.reasons.append("published, but the data and notebooks no longer make this page")
        return check
    if check.label in failed:
        outcome = failed[check.label]
        check.reasons.append(
            f"the re-render failed: {outcome.error.get('ename')}: {outcome.error.get('evalue')}"
        )
        return check
    mine = paths.outputs / programme / str(year)
    theirs = fresh.outputs / programme / str(year)
    if old is None:
        check.reasons.append("not published (no entry in the manifest)")
        return check
    published_html = _sha256(mine / new["html"])
    fresh_html = _sha256(theirs / new["html"])
    recorded = (old.get("last_good") or {}).get("html_sha256")
    if published_html is None:
        check.reasons.append(f"{new['html']} is missing")
    elif published_html != fresh_html:
        why = differences(old, new)
        if published_html != recorded:
            check.reasons.append(
                "the published HTML does not match the manifest's hash (edited after rendering)"
            )
        if why:
            check.reasons.append(f"the HTML differs: {', '.join(why)}")
        elif published_html == recorded:
            check.reasons.append("the HTML differs, from the same inputs and versions")
    elif published_html != recorded:
        check.reasons.append("the manifest records another hash for this page")
    executed = mine / new["executed_notebook"]
    if not executed.is_file():
        check.reasons.append(f"{new['executed_notebook']} is missing")
    elif without_times(executed.read_bytes()) != without_times(
        (theirs / new["executed_notebook"]).read_bytes()
    ):
        check.reasons.append("the executed notebook differs (apart from its times)")
    return check


def _files(folder: Path) -> set[str]:
    if not folder.is_dir():
        return set()
    return {
        p.name
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix not in (".html", ".pdf")
    }


def _check_files(
    paths: ProjectPaths, fresh: ProjectPaths, programme: str, year: int, lang: str
) -> list[Check]:
    """The language folder's other files (Table 1 downloads), byte for byte."""
    mine = paths.output_dir(programme, year, lang)
    theirs = fresh.output_dir(programme, year, lang)
    checks = []
    for name in sorted(_files(mine) | _files(theirs)):
        check = Check(f"{lang}/{name}")
        if not (theirs / name).is_file():
            check.reasons.append("published, but a render no longer writes it")
        elif not (mine / name).is_file():
            check.reasons.append("missing from the published outputs")
        elif _sha256(mine / name) != _sha256(theirs / name):
            check.reasons.append("the bytes differ")
        checks.append(check)
    return checks


def verify_command(args) -> tuple[str, int]:
    """``seuranta verify``: the report, and 0 if every page and file is identical, else 1."""
    langs = parse_languages(args.lang) if args.lang else None
    report = verify(args.programme, args.year, langs=langs, jobs=args.jobs)
    return report.text(), 1 if report.different else 0
