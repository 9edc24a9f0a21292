"""The versions of the packages that shape a page, part of every cache key.

:data:`VERSIONED` lists them: the library itself, papermill, nbconvert, nbformat, pandas,
matplotlib, Babel, openpyxl, ipykernel and IPython; Python's version comes with them. They
are read from the installed distributions' ``*.dist-info`` folder names, without importing
the packages, so that a run with nothing to render stays fast; an upgrade of any of them
(a new lock, see the README) re-renders every page.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys

#: Distributions whose version is part of every cache key (with Python's own).
VERSIONED = ("seuranta", "papermill", "nbconvert", "nbformat", "pandas", "matplotlib")
VERSIONED += ("babel", "openpyxl", "ipykernel", "ipython")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _dist_info_versions() -> dict[str, str]:
    """``{normalised name: version}`` from the ``<name>-<version>.dist-info`` folder names.

    The first on ``sys.path`` wins, as for imports and :mod:`importlib.metadata`. Listing the
    folders takes about a millisecond; asking :mod:`importlib.metadata`, which parses each
    METADATA file, costs some 50 ms, a third of a run with nothing to render.
    """
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info") and "-" in folder:
                name, version = folder[: -len(".dist-info")].split("-", 1)
                found.setdefault(_normalise(name), version)
    return found


def package_versions() -> dict[str, str | None]:
    """Python's version and those of :data:`VERSIONED` (None when not installed)."""
    found = _dist_info_versions()
    versions: dict[str, str | None] = {"python": sys.version.split()[0]}
    for name in VERSIONED:
        versions[name] = found.get(_normalise(name))
        if versions[name] is None:  # an egg or another layout: ask the slow way
            from importlib import metadata  # ~50 ms to import: only when needed

            with contextlib.suppress(metadata.PackageNotFoundError):
                versions[name] = metadata.version(name)
    return versions
