"""The project's own copies of real published files (``tests/fixtures/published``).

The files are byte-for-byte copies of ``../shared/fixtures`` with their provenance in
``tests/fixtures/published/PROVENANCE.md``; they are part of the repository, so a missing
file is an error, never a skip.
"""

from __future__ import annotations

from pathlib import Path

PUBLISHED = Path(__file__).resolve().parent / "fixtures" / "published"


def published(*parts: str) -> Path:
    """A real published file from ``tests/fixtures/published``; fails if it is absent."""
    path = PUBLISHED.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"published fixture missing from the repository: {path}")
    return path
