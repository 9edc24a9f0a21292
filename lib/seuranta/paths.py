"""The one place that knows where the project's folders are.

Data flows one way: ``data/raw`` (as received, never written by code) ->
``data/processed`` (rebuilt by ``seuranta clean``) -> ``outputs`` (rebuilt by
``seuranta render``). Nothing else in the toolkit builds these paths by hand.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: The repository root when the package is installed editable from ``lib/``.
_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class ProjectPaths:
    """The folders of one project tree (the repository, or a copy of it in a test)."""

    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw"

    @property
    def processed(self) -> Path:
        return self.root / "data" / "processed"

    @property
    def outputs(self) -> Path:
        return self.root / "outputs"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    def raw_programme(self, programme: str) -> Path:
        return self.raw / programme

    def processed_programme(self, programme: str) -> Path:
        return self.processed / programme

    def output_dir(self, programme: str, year: int, lang: str) -> Path:
        return self.outputs / programme / str(year) / lang


def project_paths(root: str | Path | None = None) -> ProjectPaths:
    """Resolve the project tree: an explicit root, else ``$SEURANTA_ROOT``, else the repository.

    Tests and other cities' checkouts point ``SEURANTA_ROOT`` at their own tree; nothing
    else needs to change.
    """
    if root is None:
        root = os.environ.get("SEURANTA_ROOT") or _PACKAGE_ROOT
    return ProjectPaths(Path(root).resolve())


def display_path(path: str | Path) -> str:
    """A path as a user should read it in a message: relative to the project when inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(project_paths().root))
    except ValueError:
        return str(path)
