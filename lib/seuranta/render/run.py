"""Render a plan of appendices: skip what is unchanged, render the rest, keep the manifest.

:func:`render` holds the year's lock (:mod:`seuranta.render.year_lock`), computes each
appendix's cache key (:mod:`seuranta.render.cache_key`) and skips the appendices whose last
good render is fresh (:func:`seuranta.render.manifest.is_fresh`). Only when something must
render does it import the rendering machinery: it warms up this process
(:mod:`seuranta.render.warmup`), runs each remaining appendix in its own forked process
(:mod:`seuranta.render.scheduler`, :func:`seuranta.render.execute.render_one`) and records
each outcome (:mod:`seuranta.render.outcome`) in ``manifest.json`` as it arrives, so a
killed run keeps what it finished. A failing appendix never stops the others, and
:func:`render` never raises for one.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seuranta.errors import SeurantaError
from seuranta.files import write_atomic
from seuranta.location import display_path
from seuranta.paths import ProjectPaths, project_paths
from seuranta.programme.validate import import_jsonschema
from seuranta.render.cache_key import cache_key, gather_inputs
from seuranta.render.datapackage import write_packages
from seuranta.render.manifest import (
    MANIFEST_VERSION,
    Target,
    is_fresh,
    manifest_path,
    read_manifest,
    target,
    timestamp,
)
from seuranta.render.outcome import Outcome, RenderResult
from seuranta.render.page_inputs import changed_inputs
from seuranta.render.patch import commentary_changes, patch_page
from seuranta.render.plan import Appendix
from seuranta.render.year_lock import year_lock

if TYPE_CHECKING:
    from seuranta.render.execute import Exporter

log = logging.getLogger(__name__)


def render(
    appendices: Sequence[Appendix],
    *,
    programme: str,
    year: int,
    paths: ProjectPaths | None = None,
    jobs: int | None = None,
    force: bool = False,
    library: Path | None = None,
    exporter: Exporter | None = None,
    progress: bool | None = None,
    versions: dict[str, Any] | None = None,
) -> RenderResult:
    """Render ``appendices`` (see the module docstring); never raises for a failing notebook.

    ``jobs`` render processes at most (default: one per CPU); ``force`` renders even what is
    fresh. ``library`` is the folder whose files make the library hash (default: the
    package, :data:`seuranta.location.LIBRARY_ROOT`); ``exporter`` turns an executed
    notebook into HTML (default: :func:`seuranta.render.export.export_html`); ``progress``
    shows the progress bar (default: on a terminal); ``versions`` replaces the installed
    package versions in the cache keys and the manifest (for tests).
    """
    paths = paths or project_paths()
    jobs = (os.cpu_count() or 1) if jobs is None else jobs
    if jobs < 1:
        raise SeurantaError(f"--jobs must be at least 1, found {jobs}")
    with year_lock(manifest_path(paths, programme, year).parent):
        return _render(
            appendices,
            programme=programme,
            year=year,
            paths=paths,
            jobs=jobs,
            force=force,
            library=library,
            exporter=exporter,
            progress=progress,
            versions=versions,
        )


def _render(
    appendices: Sequence[Appendix],
    *,
    programme: str,
    year: int,
    paths: ProjectPaths,
    jobs: int,
    force: bool,
    library: Path | None,
    exporter: Exporter | None,
    progress: bool | None,
    versions: dict[str, Any] | None,
) -> RenderResult:
    mpath = manifest_path(paths, programme, year)
    manifest = read_manifest(mpath)
    entries: dict[str, dict[str, Any]] = manifest.get("appendices", {})
    inputs = gather_inputs(paths.processed_programme(programme), library=library, versions=versions)
    outcomes: list[Outcome | None] = [None] * len(appendices)
    todo: list[int] = []
    patches: list[tuple[int, list[str]]] = []  # (appendix, its changed commentary)
    attempts: dict[int, dict[str, Any]] = {}
    for i, appendix in enumerate(appendices):
        started = time.perf_counter()
        appendix_inputs = inputs.of(appendix)
        key = cache_key(appendix, appendix_inputs, inputs.versions)
        where = target(paths, programme, year, appendix)
        previous = entries.get(appendix.name, {}).get(appendix.lang)
        entry = {
            "notebook": display_path(appendix.notebook),
            "parameters": appendix.parameters,
            "html": where.html.relative_to(mpath.parent).as_posix(),
            "executed_notebook": where.executed.relative_to(mpath.parent).as_posix(),
            "inputs": appendix_inputs,
            "versions": inputs.versions,
            "cache_key": key,
            "last_good": (previous or {}).get("last_good"),
        }
        attempts[i] = entry
        if not force and is_fresh(previous, key, where):
            where.failed.unlink(missing_ok=True)  # a failure since superseded
            outcome = Outcome(appendix, "skipped", round(time.perf_counter() - started, 3))
            outcomes[i] = outcome
            entry.update(status="skipped", duration_s=outcome.duration_s, run_at=timestamp())
            if "sources" in previous:  # the raw files of the page kept, as its hashes are
                entry["sources"] = previous["sources"]
            log.info("%s", outcome.summary())
        else:
            entry["because"] = why(previous, appendix_inputs, inputs.versions, force=force)
            log.info("%s: to render: %s", appendix.label, "; ".join(entry["because"]))
            names = (
                None
                if force
                else commentary_changes(previous, appendix_inputs, inputs.versions, appendix.lang)
            )
            if names:
                patches.append((i, names))
            else:
                todo.append(i)

    def save() -> None:
        for i, entry in attempts.items():
            if "status" in entry:
                appendix = appendices[i]
                entries.setdefault(appendix.name, {})[appendix.lang] = entry
        manifest.update(
            manifest_version=MANIFEST_VERSION,
            programme=programme,
            year=year,
            updated_at=timestamp(),
            appendices=entries,
        )
        write_atomic(mpath, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")

    def done(i: int, result: dict[str, Any]) -> None:
        outcomes[i] = _record(appendices[i], attempts[i], result)
        save()

    for i, names in patches:  # here, without the notebook machinery: else run in full below
        appendix = appendices[i]
        previous = entries[appendix.name][appendix.lang]
        where = target(paths, programme, year, appendix)
        try:
            result = patch_page(
                appendix, where, previous, names, paths=paths, exporter=exporter or _export()
            )
        except Exception as err:  # NotPatchable, or anything unforeseen: run it in full
            log.debug("%s: the notebook runs: %s", appendix.label, err)
            todo.append(i)
            continue
        done(i, result)
    todo.sort()
    if todo:
        _render_changed(
            [appendices[i] for i in todo],
            [target(paths, programme, year, appendices[i]) for i in todo],
            lambda k, result: done(todo[k], result),
            root=paths.root,
            jobs=jobs,
            exporter=exporter,
            progress=progress,
        )
    save()
    write_packages(paths, programme, year, entries)
    result = RenderResult([o for o in outcomes if o is not None], mpath)
    log.info(
        "%s %s: %d rendered, %d skipped, %d failed (%s)",
        programme,
        year,
        result.count("rendered"),
        result.count("skipped"),
        result.count("failed"),
        display_path(mpath),
    )
    return result


def why(
    previous: dict[str, Any] | None,
    inputs: dict[str, Any],
    versions: dict[str, Any],
    *,
    force: bool,
) -> list[str]:
    """Why a page is rendered again, for the log and its manifest entry (``because``): each
    input that changed since its last render, by name."""
    if force:
        return ["--force"]
    if not previous or not previous.get("last_good"):
        return ["no earlier good render"]
    found = [f"{name} changed" for name in changed_inputs(previous.get("inputs"), inputs)]
    if previous.get("versions") != versions:
        found.append("package versions changed")
    return found or ["its published files are missing or were edited"]


def _record(appendix: Appendix, entry: dict[str, Any], result: dict[str, Any]) -> Outcome:
    """Log one render process's result and write it into the appendix's manifest entry."""
    for message in result.get("warnings", []):
        log.warning("%s: %s", appendix.label, message)
    outcome = Outcome(
        appendix, result["status"], result.get("duration_s", 0.0), how=result.get("how")
    )
    entry.update(
        status=outcome.status,
        duration_s=outcome.duration_s,
        run_at=result.get("finished_at", timestamp()),
    )
    if outcome.status == "rendered":
        entry["last_good"] = {
            "cache_key": entry["cache_key"],
            "rendered_at": entry["run_at"],
            "duration_s": outcome.duration_s,
            "html_sha256": result["html_sha256"],
            "executed_sha256": result.get("executed_sha256"),
            "attachments": result.get("attachments", {}),
            "resources": result.get("resources", []),
        }
        entry["sources"] = result.get("sources", [])
        log.info("%s", outcome.summary())
    else:
        error = dict(result["error"])
        tb = error.pop("traceback", "")
        if error.get("record"):
            error["record"] = display_path(error["record"])
        entry["error"] = error
        outcome.error = error
        log.error("%s", outcome.summary())
        if tb:
            log.debug("%s", tb)
    return outcome


def _export() -> Exporter:
    import_jsonschema()  # before nbformat is imported (export)
    from seuranta.render.export import export_html

    return export_html


def _render_changed(
    appendices: list[Appendix],
    targets: list[Target],
    done: Callable[[int, dict[str, Any]], None],
    *,
    root: Path,
    jobs: int,
    exporter: Exporter | None,
    progress: bool | None,
) -> None:
    """Warm up, then render each appendix in its own forked process; ``done(k, result)``."""
    # The rendering machinery (tqdm, then papermill, nbformat, nbconvert, multiprocessing)
    # is imported only here: a run with nothing to render stays fast without it.
    from seuranta.render.progress_bar import logging_above, progress_bar

    bar = progress_bar(len(appendices), progress, log)  # shown during the warm-up already
    import_jsonschema()  # before nbformat is imported (execute, export)
    from seuranta.render.execute import render_one
    from seuranta.render.export import export_html
    from seuranta.render.scheduler import run_forked
    from seuranta.render.warmup import warm_up

    exporter = exporter or export_html
    warm_up(appendices, exporter)
    tasks = [
        partial(render_one, appendix, where, exporter, root)
        for appendix, where in zip(appendices, targets, strict=True)
    ]

    def finished(k: int, result: dict[str, Any]) -> None:
        done(k, result)
        bar.update(1)

    with logging_above(bar):
        try:
            run_forked(tasks, min(jobs, len(tasks)), finished)
        finally:
            bar.close()
