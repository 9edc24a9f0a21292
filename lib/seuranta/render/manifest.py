"""Where an appendix's files go, and ``manifest.json``: what was rendered from what.

For one programme and report year::

    outputs/<programme>/<year>/<lang>/<name>.html             the page
    outputs/<programme>/<year>/<lang>/<file>                  files attached to the page
    outputs/<programme>/<year>/<lang>/datapackage.json        the attached files described
    outputs/<programme>/<year>/<lang>/notebooks/<name>.ipynb  the executed notebook (record)
    outputs/<programme>/<year>/manifest.json                  what was rendered from what

``appendices.<name>.<lang>`` of ``manifest.json`` holds, for the latest run: ``notebook``,
``parameters``, ``inputs`` (hashes of the notebook, the library, the template, each
processed data file), ``versions``, ``cache_key``, ``status`` (rendered / skipped /
failed), ``duration_s`` (time spent on the appendix in that run), ``run_at``, ``error``
(if failed) and ``last_good``: ``rendered_at``, ``duration_s``, ``cache_key``,
``html_sha256`` of the page on disk, ``attachments`` (name -> SHA-256 of each file
published beside it) and ``resources`` (their Data Package resources, from which
:mod:`seuranta.render.datapackage` writes each language's ``datapackage.json``).

An appendix is fresh (:func:`is_fresh`) when the cache key of its last good render is the
key of this run and its HTML, executed notebook and attachments are still on disk with the
recorded hashes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from seuranta.files import sha256_file
from seuranta.paths import ProjectPaths
from seuranta.render.plan import Appendix

#: Also part of every cache key: a manifest of another format re-renders every page.
MANIFEST_VERSION = 1


@dataclass(frozen=True)
class Target:
    """Where one appendix's files go."""

    html: Path
    executed: Path

    @property
    def failed(self) -> Path:
        return self.executed.with_name(self.executed.stem + ".failed.ipynb")


def target(paths: ProjectPaths, programme: str, year: int, appendix: Appendix) -> Target:
    folder = paths.output_dir(programme, year, appendix.lang)
    return Target(folder / f"{appendix.name}.html", folder / "notebooks" / f"{appendix.name}.ipynb")


def manifest_path(paths: ProjectPaths, programme: str, year: int) -> Path:
    return paths.outputs / programme / str(year) / "manifest.json"


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest at ``path``; empty when missing, unreadable or of another format."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    if not isinstance(manifest, dict) or manifest.get("manifest_version") != MANIFEST_VERSION:
        return {}
    return manifest


def timestamp() -> str:
    """Now, as the manifest records its times (UTC, to the second)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def is_fresh(previous: dict[str, Any] | None, key: str, where: Target) -> bool:
    """True if the last good render has this cache key and its files are intact: the page,
    its executed notebook and every file published beside it (Table 1's downloads)."""
    good = (previous or {}).get("last_good") or {}
    if good.get("cache_key") != key or not where.html.is_file() or not where.executed.is_file():
        return False
    for name, digest in (good.get("attachments") or {}).items():
        path = where.html.parent / name
        if not path.is_file() or sha256_file(path) != digest:
            return False
    return sha256_file(where.html) == good.get("html_sha256")
