"""``datapackage.json``: the downloads of one language folder as a Frictionless Data Package.

Each page records, with every file it attaches, the file's Data Package resource (title,
each field's name, type, unit and description: :func:`seuranta.pages.downloads.resource`);
the manifest keeps them with the page's last good render. After every render,
:func:`write_packages` writes ``outputs/<programme>/<year>/<lang>/datapackage.json`` from the
manifest: every page's resources, in the order of the pages (index, overview, goals,
budget) and of their files on each page. A page that was not rendered again keeps its
resources, so the package always describes every file beside the pages. The file holds no
time: the same downloads give the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from seuranta.errors import SeurantaError
from seuranta.files import write_atomic
from seuranta.i18n import Translator
from seuranta.paths import ProjectPaths
from seuranta.programme import load_programme

PACKAGE_FILE = "datapackage.json"
#: The Data Package profile (version 1 of the specification).
PROFILE = "tabular-data-package"


def _page_order(name: str) -> tuple[int, int, str]:
    number = re.fullmatch(r"goal-(\d+)", name)
    rank = {"index": 0, "overview": 1, "budget": 3}.get(name, 2 if number else 4)
    return (rank, int(number[1]) if number else 0, name)


def package(
    programme: str, year: int, lang: str, resources: list[dict[str, Any]], name: str = ""
) -> dict:
    """The Data Package descriptor of one language folder; ``name`` is the programme's name
    in ``lang`` (by default its id)."""
    tr = Translator(lang)
    return {
        "profile": PROFILE,
        "name": f"{programme}-{year}-{lang}",
        "title": tr("report.download.package_title", programme=name or programme, year=year),
        "description": tr("report.download.package_description", encoding="UTF-8"),
        "language": lang,
        "resources": resources,
    }


def write_packages(
    paths: ProjectPaths, programme: str, year: int, entries: Mapping[str, Mapping[str, Any]]
) -> list[str]:
    """Write each language folder's ``datapackage.json`` (see the module docstring) where it
    changed; returns the languages whose package was written."""
    by_lang: dict[str, list[dict[str, Any]]] = {}
    for name in sorted(entries, key=_page_order):
        for lang, entry in entries[name].items():
            good = (entry or {}).get("last_good") or {}
            by_lang.setdefault(lang, []).extend(good.get("resources") or [])
    try:
        names = load_programme(programme, paths, processed=True).names
    except SeurantaError:  # the title falls back to the id; the files are described anyway
        names = None
    written = []
    for lang, resources in sorted(by_lang.items()):
        folder = paths.output_dir(programme, year, lang)
        if not resources or not folder.is_dir():
            continue
        seen, unique = set(), []
        for resource in resources:  # one resource per file, the last page's description
            if resource.get("path") not in seen:
                seen.add(resource.get("path"))
                unique.append(resource)
        name = names(lang) if names is not None else ""
        descriptor = package(programme, year, lang, unique, name)
        text = json.dumps(descriptor, indent=2, ensure_ascii=False)
        path = folder / PACKAGE_FILE
        if not path.is_file() or path.read_text(encoding="utf-8") != text + "\n":
            write_atomic(path, text + "\n")
            written.append(lang)
    return written
