"""Shared test fixtures: a private copy of the project tree for each test that writes."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from seuranta.paths import ProjectPaths

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROGRAMME = "elinvoimainen-espoo"
SEED = REPO.parent / "shared" / "seed" / "000_43e58421b997c1a5.txt"


@pytest.fixture
def project(tmp_path, monkeypatch) -> ProjectPaths:
    """A copy of the repository's raw data in a temporary project root.

    ``SEURANTA_ROOT`` points the library there, so tests may write and break files freely.
    """
    root = tmp_path / "project"
    shutil.copytree(REPO / "data" / "raw", root / "data" / "raw")
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    monkeypatch.setenv("SEURANTA_ROOT", str(root))
    return ProjectPaths(root)


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` with its SHA-256, to prove that nothing changed."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
