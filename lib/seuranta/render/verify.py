"""``seuranta verify``: re-render a report year privately and compare with what is published.

An auditor's question, years later: is the folder ``outputs/<programme>/<year>/`` exactly
what the data, notebooks and library in this repository give? :func:`verify` answers it:

1. copies ``data/raw/<programme>`` and ``notebooks/`` into a temporary project tree, runs
   ``seuranta clean`` there (the processed data is rebuilt from the raw files, as
   ``make appendices`` does) and renders every language of the year with ``--force`` (the
   repository's ``outputs/`` and ``data/processed`` are not touched); where a language's
   PDF book is published, the book is printed again too (Chromium; without it the book is
   named as not checked);
2. compares what is there, not only what it expects: every file and folder below the
   published year folder against the fresh one (:func:`compare`). Each page's HTML byte
   for byte against the fresh page, whatever ``manifest.json`` records for it; its executed
   notebook apart from the times papermill records (:func:`without_times`); each page's
   manifest entry field by field against the entry the fresh render wrote, apart from
   times and run states (:data:`VOLATILE`); the other files (Table 1 as ``.xlsx`` and
   ``.csv``) byte for byte; a PDF book apart from Chromium's node numbers. A file the
   render does not write (a planted page, a stray notebook) and one it writes that is
   missing are named; so is a ``manifest.json`` that cannot be read;
3. for a page that differs, says why where it can: the manifest's recorded ``inputs``
   (parameters, notebook, library, template, each data file) and ``versions`` against those
   of the fresh render (:func:`differences`).

Every page and file gets one line, ``identical``, ``DIFFERENT: <why>`` or ``NOT CHECKED:
<why>``; the command exits 0 only when all are identical.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
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
from seuranta.render.manifest import MANIFEST_VERSION, manifest_path
from seuranta.render.outcome import RenderResult
from seuranta.render.plan import parse_languages, plan, programme_facts
from seuranta.render.run import render
from seuranta.render.year_lock import LOCK_NAME

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
    not_checked: bool = False  # could not be compared (no browser to print a book)

    @property
    def identical(self) -> bool:
        return not self.reasons

    def line(self) -> str:
        if self.identical:
            return f"{self.label}: identical"
        verdict = "NOT CHECKED" if self.not_checked else "DIFFERENT"
        return f"{self.label}: {verdict}: {'; '.join(self.reasons)}"


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
        unchecked = sum(c.not_checked for c in self.checks)
        lines.append(
            f"seuranta verify {self.programme} {self.year}: {same} identical, "
            f"{len(self.different) - unchecked} different"
            + (f", {unchecked} not checked" if unchecked else "")
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


def published_manifest(path: Path) -> tuple[dict[str, Any], str | None]:
    """The published manifest and, if it cannot be used, why (one phrase)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, "missing"
    except (OSError, UnicodeDecodeError) as err:
        return {}, f"unreadable ({getattr(err, 'strerror', None) or err})"
    try:
        manifest = json.loads(text)
    except ValueError as err:
        return {}, f"not valid JSON ({err})"
    if not isinstance(manifest, dict):
        return {}, "not a JSON object"
    if manifest.get("manifest_version") != MANIFEST_VERSION:
        found = manifest.get("manifest_version")
        return {}, f"manifest_version {found!r}, expected {MANIFEST_VERSION}"
    if not isinstance(manifest.get("appendices"), dict):
        return {}, 'no "appendices" object'
    return manifest, None


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
    folder = paths.outputs / programme / str(year)
    published = manifest_path(paths, programme, year)
    if not folder.is_dir() or not (published.exists() or any(folder.iterdir())):
        raise SeurantaError(
            f"{display_path(published)}: no manifest of rendered pages; "
            f"run seuranta render --programme {programme} --year {year} first"
        )
    with tempfile.TemporaryDirectory(prefix="seuranta-verify-") as tmp:
        fresh = ProjectPaths(Path(tmp) / "project")
        _copy_inputs(paths, programme, fresh)
        with _root(fresh.root), _quiet("seuranta.render"), _quiet("seuranta.clean"):
            clean([programme], fresh)
            langs = list(langs or programme_facts(programme, fresh).languages)
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
            books, not_printed = _print_books(paths, fresh, programme, year, langs, result)
        checks = compare(folder, fresh.outputs / programme / str(year), langs, result)
        checks = [_book_check(c, books, not_printed) for c in checks]
    return VerifyReport(programme, year, checks)


def _print_books(
    paths: ProjectPaths,
    fresh: ProjectPaths,
    programme: str,
    year: int,
    langs: Sequence[str],
    result: RenderResult,
) -> tuple[set[str], str | None]:
    """Print the fresh book of each language whose book is published: the book labels
    (``fi/liitteet-2022.pdf``) and, when Chromium cannot be used, why."""
    # The book's module loads pypdf and asyncio, which a verify without books need not.
    from seuranta.render.book import book_file_name, print_books
    from seuranta.render.pdf import missing_requirement

    wanted = [
        lang
        for lang in langs
        if (paths.output_dir(programme, year, lang) / book_file_name(lang, year)).exists()
    ]
    labels = {f"{lang}/{book_file_name(lang, year)}" for lang in wanted}
    if not wanted:
        return labels, None
    missing = missing_requirement()
    if missing is not None:
        return labels, missing
    print_books(fresh, programme, year, wanted, skip={o.appendix.lang for o in result.failed})
    return labels, None


def _book_check(check: Check, books: set[str], not_printed: str | None) -> Check:
    if check.label in books and not_printed is not None:
        return Check(check.label, [f"the book could not be printed again: {not_printed}"], True)
    return check


def _entries(folder: Path, langs: Sequence[str]) -> dict[str, Path]:
    """Every file, link and empty folder below ``folder`` by relative path, apart from the
    render lock and the folders of languages not compared."""
    found: dict[str, Path] = {}
    if not folder.is_dir():
        return found
    for base, dirs, files in os.walk(folder, followlinks=False):
        here = Path(base)
        for name in list(dirs):
            path = here / name
            rel = path.relative_to(folder).as_posix()
            if here == folder and name in LANGUAGES and name not in langs:
                dirs.remove(name)  # --lang: another language is not compared
            elif path.is_symlink() or not any(path.iterdir()):
                found[rel] = path  # a link to a folder, or an empty folder
                dirs.remove(name)
        for name in files:
            if here == folder and name == LOCK_NAME:
                continue
            found[(here / name).relative_to(folder).as_posix()] = here / name
    return found


def compare(mine: Path, theirs: Path, langs: Sequence[str], result: RenderResult) -> list[Check]:
    """Compare the published year folder ``mine`` with the fresh one ``theirs``."""
    manifest, problem = published_manifest(mine / "manifest.json")
    rendered, _ = published_manifest(theirs / "manifest.json")
    published, made = _entries(mine, langs), _entries(theirs, langs)
    checks = [_check_manifest(manifest, rendered, problem)]
    done = {"manifest.json"}
    failed = {o.appendix.label: o for o in result.failed}
    names = list(dict.fromkeys(o.appendix.name for o in result.outcomes))
    names += [n for n in rendered.get("appendices", {}) if n not in names]
    names += [n for n in manifest.get("appendices", {}) if n not in names]
    for lang in langs:
        for name in names:
            old, new = _entry(manifest, name, lang), _entry(rendered, name, lang)
            if old is None and new is None:
                continue
            check = Check(f"{lang}/{name}")
            if new is None:
                check.reasons.append("in the manifest, but the inputs no longer make this page")
            elif check.label in failed:
                error = failed[check.label].error
                check.reasons.append(
                    f"the re-render failed: {error.get('ename')}: {error.get('evalue')}"
                )
            else:
                _check_page(check, mine, theirs, old, new, problem is None)
                done |= {new["html"], new["executed_notebook"]}
            checks.append(check)
    for rel in sorted(published.keys() | made.keys()):
        if rel not in done:
            checks.append(_check_file(rel, published.get(rel), made.get(rel)))
    return checks


def _entry(manifest: dict[str, Any], name: str, lang: str) -> dict[str, Any] | None:
    """A page's manifest entry; None when missing or not an object."""
    per_lang = manifest.get("appendices", {}).get(name)
    entry = per_lang.get(lang) if isinstance(per_lang, dict) else None
    return entry if isinstance(entry, dict) else None


def _check_manifest(
    manifest: dict[str, Any], rendered: dict[str, Any], problem: str | None
) -> Check:
    """``manifest.json`` itself: readable, and its own fields those a render writes."""
    check = Check("manifest.json")
    if problem is not None:
        check.reasons.append(problem)
        return check
    top = {k: v for k, v in manifest.items() if k not in ("appendices", "updated_at")}
    fresh = {k: v for k, v in rendered.items() if k not in ("appendices", "updated_at")}
    moved = field_differences(top, fresh)
    if moved:
        check.reasons.append(f"fields differ from a fresh render's: {', '.join(moved)}")
    return check


#: Manifest fields that change from run to run: times, run states and the reason a page
#: was rendered. Everything else in an entry must be what a render records today.
VOLATILE = {
    "status",
    "duration_s",
    "run_at",
    "because",
    "error",
    "rendered_at",
    "updated_at",
    # the executed notebook's bytes, papermill's times included (compared without them)
    "executed_sha256",
}


def _stable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in VOLATILE}
    return value


def field_differences(old: Any, new: Any, path: str = "") -> list[str]:
    """``versions.pandas 0.0.1 (a render records 3.1.1)`` for each field that differs."""
    if isinstance(old, dict) and isinstance(new, dict):
        found = []
        for key in list(new) + [k for k in old if k not in new]:
            where = f"{path}.{key}" if path else str(key)
            if key not in old:
                found.append(f"{where} missing")
            elif key not in new:
                found.append(f"{where} not written by a render")
            else:
                found += field_differences(old[key], new[key], where)
        return found
    if old == new:
        return []
    if isinstance(old, dict | list) or isinstance(new, dict | list):
        return [f"{path} differs"]
    shown = str(old) if len(str(old)) <= 20 else str(old)[:12] + "..."
    fresh = str(new) if len(str(new)) <= 20 else str(new)[:12] + "..."
    return [f"{path} {shown} (a render records {fresh})"]


def _check_page(
    check: Check,
    mine: Path,
    theirs: Path,
    old: dict[str, Any] | None,
    new: dict[str, Any],
    readable: bool,
) -> None:
    """One page: its HTML against the fresh page, its notebook, its manifest entry."""
    published_html = _sha256(mine / new["html"])
    if published_html is None:
        check.reasons.append(f"{new['html']} is missing")
    elif published_html != _sha256(theirs / new["html"]):
        good = (old or {}).get("last_good")
        recorded = good.get("html_sha256") if isinstance(good, dict) else None
        try:
            why = differences(old, new) if old else []
        except (AttributeError, TypeError):  # a manifest edited out of shape: named below
            why = []
        if why:
            check.reasons.append(f"the HTML differs from a fresh render: {', '.join(why)}")
        elif published_html == recorded:
            check.reasons.append(
                "the HTML differs from a fresh render of the same inputs and versions, "
                "although the manifest records its hash (page and manifest edited)"
            )
        else:
            check.reasons.append(
                "the HTML differs from a fresh render of the same inputs and versions "
                "(edited after rendering)"
            )
    executed = mine / new["executed_notebook"]
    if not executed.is_file() or executed.is_symlink():
        check.reasons.append(f"{new['executed_notebook']} is missing")
    else:
        try:
            same = without_times(executed.read_bytes()) == without_times(
                (theirs / new["executed_notebook"]).read_bytes()
            )
        except ValueError:
            same = False
        if not same:
            check.reasons.append("the executed notebook differs (apart from its times)")
    if readable and old is None:
        check.reasons.append("no entry in manifest.json")
    elif readable:
        moved = field_differences(_stable(old), _stable(new))
        if moved:
            check.reasons.append(
                f"manifest.json records other fields than a fresh render: {', '.join(moved)}"
            )


def _check_file(rel: str, mine: Path | None, theirs: Path | None) -> Check:
    """A file or folder that is no page: present in both, and the same bytes."""
    check = Check(rel)
    if mine is None:
        check.reasons.append("missing: a render of the inputs writes it")
    elif theirs is None:
        kind = "a symbolic link" if mine.is_symlink() else "a folder" if mine.is_dir() else "a file"
        check.reasons.append(f"{kind} that a render of the inputs does not write")
    elif mine.is_symlink() or not mine.is_file():
        check.reasons.append("not a plain file")
    elif rel.endswith(".pdf"):
        if _pdf_bytes(mine) != _pdf_bytes(theirs):
            check.reasons.append("the book differs from a fresh print (apart from node numbers)")
    elif _sha256(mine) != _sha256(theirs):
        check.reasons.append("the bytes differ")
    return check


#: Chromium numbers tagged table cells by DOM node; the numbers may move between prints.
_NODE = re.compile(rb"\(node\d+\)")


def _pdf_bytes(path: Path) -> bytes:
    return _NODE.sub(b"(node)", path.read_bytes())


def verify_command(args) -> tuple[str, int]:
    """``seuranta verify``: the report, and 0 if every page and file is identical, else 1."""
    langs = parse_languages(args.lang) if args.lang else None
    report = verify(args.programme, args.year, langs=langs, jobs=args.jobs)
    return report.text(), 1 if report.different else 0
