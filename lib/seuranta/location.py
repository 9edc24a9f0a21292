"""Where the project tree is, and how a path in it is shown to a user.

The ground of the library: :mod:`seuranta.errors` names files with :func:`display_path`,
and :mod:`seuranta.paths` builds the project's folders on :func:`project_root`.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The library, the package ``seuranta``: every file of it is an input of every page and of
#: every clean (seuranta.render.cache_key, seuranta.clean.lineage).
LIBRARY_ROOT = Path(__file__).resolve().parent
#: The repository root when the package is installed editable from ``lib/``.
_PACKAGE_ROOT = LIBRARY_ROOT.parents[1]


def project_root() -> Path:
    """``$SEURANTA_ROOT`` if set, else the repository.

    Tests and other cities' checkouts point ``SEURANTA_ROOT`` at their own tree; nothing
    else needs to change.
    """
    return Path(os.environ.get("SEURANTA_ROOT") or _PACKAGE_ROOT).resolve()


def display_path(path: str | Path) -> str:
    """A path as a user should read it in a message: relative to the project when inside it."""
    path = Path(path)
    try:
        # The folder resolved, not the file: a symbolic link is shown by its own name, and
        # a link to nothing or a loop cannot make showing its name fail.
        if path.name in ("", ".", ".."):
            absolute = path.resolve()
        else:
            absolute = path.parent.resolve() / path.name
        return str(absolute.relative_to(project_root()))
    except (ValueError, OSError, RuntimeError):
        return str(path)
