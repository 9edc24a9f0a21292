"""The cache key of an appendix: what an appendix is rendered from, as one hash.

Before importing anything heavy, ``seuranta render`` hashes (SHA-256 of the content, never
mtimes) the notebook, every file of the library (:data:`LIBRARY_ROOT`, all of
``lib/seuranta``: code of every stage, locales, templates; not ``__pycache__``, ``*.pyc``
or dotfiles; with ``$SEURANTA_LOCALES``, a city's own texts too) and the processed data
the page reads: its kind's part of ``data/processed/<programme>``
(:mod:`seuranta.render.page_inputs`), or every file of a folder that holds no cleaned
programme. It reads the versions of the packages that shape a page
(:mod:`seuranta.render.versions`). :func:`gather_inputs` assembles these once per run;
with the appendix's parameters they make its key (:func:`cache_key`, a pure function of
its inputs). An appendix is skipped when its key equals the key of its last good render
in ``manifest.json`` and its files are intact (:func:`seuranta.render.manifest.is_fresh`),
unless ``--force``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seuranta.catalog import PROGRAMME_FILE, page_kind, table_file
from seuranta.files import digest, sha256_file, tree_hashes
from seuranta.location import LIBRARY_ROOT
from seuranta.paths import ProjectPaths
from seuranta.render.manifest import MANIFEST_VERSION
from seuranta.render.page_inputs import PageInputs
from seuranta.render.plan import Appendix
from seuranta.render.versions import package_versions


@dataclass
class Inputs:
    """What every appendix of a run is rendered from (hashed once, see :func:`gather_inputs`)."""

    library: dict[str, str]
    data: dict[str, str]  # every processed file: the fallback where no page kind applies
    versions: dict[str, Any]
    pages: PageInputs | None = None  # each page's part of the processed data
    notebooks: dict[Path, str] = field(default_factory=dict)

    def notebook(self, path: Path) -> str:
        if path not in self.notebooks:
            self.notebooks[path] = sha256_file(path)
        return self.notebooks[path]

    def of(self, appendix: Appendix) -> dict[str, Any]:
        """The input hashes of one appendix, as the manifest records them."""
        templates = {k: v for k, v in self.library.items() if k.startswith("templates/")}
        return {
            "notebook": self.notebook(appendix.notebook),
            "library": digest(self.library),
            "template": digest(templates) if templates else None,
            "data": self.data_of(appendix),
        }

    def data_of(self, appendix: Appendix) -> dict[str, str]:
        """The processed data the appendix reads: its page kind's part where the folder holds
        a cleaned programme (seuranta.render.page_inputs), else every file of it."""
        if self.pages is None or page_kind(appendix.name) is None:
            return dict(self.data)
        return self.pages.of(appendix.name, int(appendix.parameters["year"]), appendix.lang)


def gather_inputs(
    data: Path,
    *,
    library: Path | None = None,
    versions: dict[str, Any] | None = None,
) -> Inputs:
    """The inputs of a run: the library's files (default :data:`LIBRARY_ROOT`), the
    processed data folder ``data`` and the package versions (default: the installed ones).
    """
    library_hashes = tree_hashes(library or LIBRARY_ROOT)
    if os.environ.get("SEURANTA_LOCALES"):  # a city's own texts replace the package's
        override = tree_hashes(Path(os.environ["SEURANTA_LOCALES"]))
        library_hashes |= {f"SEURANTA_LOCALES/{k}": v for k, v in override.items()}
    pages = None
    if (data / PROGRAMME_FILE).is_file():  # a programme as clean writes it
        pages = PageInputs.read(ProjectPaths(data.parents[2]), data.name)
    return Inputs(
        library=library_hashes,
        pages=pages,
        # The clean's record changes with every raw byte and library file; the tables it
        # describes are the data.
        data={k: v for k, v in tree_hashes(data).items() if k != table_file("lineage")},
        versions=package_versions() if versions is None else versions,
    )


def cache_key(appendix: Appendix, inputs: dict[str, Any], versions: dict[str, Any]) -> str:
    """The key of one appendix: its parameters, input hashes and the package versions.

    A pure function: ``inputs`` is :meth:`Inputs.of` of the appendix and ``versions`` a
    mapping such as :func:`~seuranta.render.versions.package_versions` returns, so a
    changed version (a new lock) can be tried without installing anything.
    """
    return digest(
        {
            "format": MANIFEST_VERSION,
            "parameters": appendix.parameters,
            "notebook": inputs["notebook"],
            "library": inputs["library"],
            "data": digest(inputs["data"]),
            "versions": versions,
        }
    )
