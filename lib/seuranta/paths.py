"""The one place that knows where the project's folders are.

Data flows one way: ``data/raw`` (as received, never written by code) ->
``data/processed`` (rebuilt by ``seuranta clean``) -> ``outputs`` (rebuilt by
``seuranta render``). Nothing else in the toolkit builds these paths by hand.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from seuranta.errors import InputError, SeurantaError
from seuranta.location import display_path, project_root

#: A programme id is a plain folder name: words of lowercase ASCII letters and digits joined
#: by single "-" (so never starting with "-", which would read as an option), at most
#: :data:`PROGRAMME_ID_MAX` characters. So never "..", a hidden folder, a "/" leading
#: elsewhere or a name that differs only by case on another file system. Checked before any
#: path is built from it; the programme schema uses the same pattern.
PROGRAMME_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
PROGRAMME_ID_MAX = 100
_PROGRAMME_ID = re.compile(PROGRAMME_ID_PATTERN, re.ASCII)


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
        return self.raw / check_programme_id(programme)

    def processed_programme(self, programme: str) -> Path:
        return self.processed / check_programme_id(programme)

    def output_dir(self, programme: str, year: int, lang: str) -> Path:
        return self.outputs / programme / str(year) / lang


def project_paths(root: str | Path | None = None) -> ProjectPaths:
    """Resolve the project tree: an explicit root, else ``$SEURANTA_ROOT``, else the repository.

    Tests and other cities' checkouts point ``SEURANTA_ROOT`` at their own tree; nothing
    else needs to change.
    """
    return ProjectPaths(Path(root).resolve() if root is not None else project_root())


def check_programme_id(programme: str) -> str:
    """``programme`` if it is a plain folder name (see ``_PROGRAMME_ID``), else an error."""
    if (
        not isinstance(programme, str)
        or len(programme) > PROGRAMME_ID_MAX
        or not _PROGRAMME_ID.fullmatch(programme)
    ):
        raise SeurantaError(
            f'programme "{programme}": expected a folder name of data/raw/ (lowercase '
            'letters a-z, digits and "-", such as elinvoimainen-espoo)'
        )
    return programme


def inside(folder: Path, relative: object, source: Path, key: str) -> Path:
    """``folder / relative``, refused unless it stays inside ``folder``.

    ``relative`` comes from an input file (``source``, at ``key``): an absolute path, a
    ``..`` or a symlink leading out of ``folder`` would read a file the input does not own
    (``file: ../table1.csv`` in a feed). Checked both as written and after resolving links.
    """
    if not isinstance(relative, str) or not relative.strip():
        raise InputError(source, f"expected a file name, found {relative!r}", key=key)
    parts = Path(relative).parts
    if Path(relative).is_absolute() or ".." in parts or "\\" in relative:
        raise InputError(
            source,
            f'"{relative}" leads outside {display_path(folder)}/: expected a file name in it',
            key=key,
        )
    path = folder / relative
    try:
        resolved = path.resolve()
        resolved.relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):
        raise InputError(
            source,
            f'"{relative}" leads outside {display_path(folder)}/ (through a symbolic link): '
            "expected a file in it",
            key=key,
        ) from None
    return path


def check_links(folder: Path, root: Path) -> None:
    """Refuse a symbolic link below ``folder`` (or ``folder`` itself) leading out of ``root``.

    ``data/raw`` is the one place raw data comes from: a link to a file elsewhere would
    make the processed data depend on a file nobody checks in, and a dangling or looping
    link would fail somewhere less clear. Links that stay inside ``root`` are followed.
    """
    try:
        top = root.resolve(strict=True)
    except (OSError, RuntimeError) as err:
        raise InputError(root, f"cannot open: {getattr(err, 'strerror', None) or err}") from None
    candidates = [folder]
    for base, dirs, files in os.walk(folder, followlinks=False):
        candidates += [Path(base) / name for name in dirs + files]
    for path in candidates:
        if not path.is_symlink() and path != folder:
            continue
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            raise InputError(
                path, "a symbolic link to nothing (or a loop): expected a file in data/raw/"
            ) from None
        try:
            target.relative_to(top)
        except ValueError:
            raise InputError(
                path,
                f"a symbolic link leading out of data/raw/ (to {target}): "
                "copy the file into data/raw/ instead",
            ) from None
