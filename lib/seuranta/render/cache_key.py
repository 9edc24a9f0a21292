"""The cache key of an appendix: what an appendix is rendered from, as one hash.

Before importing anything heavy, ``seuranta render`` hashes (SHA-256 of the content, never
mtimes) the notebook, every file of the library (:data:`LIBRARY_ROOT`, all of
``lib/seuranta``: code of every stage, locales, templates; not ``__pycache__``, ``*.pyc``
or dotfiles; with ``$SEURANTA_LOCALES``, a city's own texts too) and every file of
``data/processed/<programme>``, and reads the versions of the packages that shape a page
(:mod:`seuranta.render.versions`). :func:`gather_inputs` assembles these once per run;
with the appendix's parameters they make its key (:func:`cache_key`, a pure function of
its inputs). An appendix is skipped when its key equals the key of its last good render
in ``manifest.json`` and its files are intact (:func:`seuranta.render.manifest.is_fresh`),
unless ``--force``.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seuranta.files import sha256_file
from seuranta.render.manifest import MANIFEST_VERSION
from seuranta.render.plan import Appendix
from seuranta.render.versions import package_versions

#: The library whose every file is an input of every page: the package ``seuranta``.
LIBRARY_ROOT = Path(__file__).resolve().parents[1]


def tree_hashes(root: Path) -> dict[str, str]:
    """SHA-256 of every file below ``root`` (relative POSIX paths), except caches and dotfiles."""
    found = {}
    if not root.is_dir():
        return found
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name.endswith((".pyc", ".pyo")):
                continue
            path = Path(folder, name)
            found[path.relative_to(root).as_posix()] = sha256_file(path)
    return found


def digest(value: Any) -> str:
    """The SHA-256 of a JSON-able value (keys sorted)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Inputs:
    """What every appendix of a run is rendered from (hashed once, see :func:`gather_inputs`)."""

    library: dict[str, str]
    data: dict[str, str]
    versions: dict[str, Any]
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
            "data": dict(self.data),
        }


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
    return Inputs(
        library=library_hashes,
        data=tree_hashes(data),
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
