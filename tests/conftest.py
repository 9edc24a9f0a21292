"""Shared test fixtures: a private copy of the project tree for each test that writes."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from seuranta.paths import ProjectPaths

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROGRAMME = "elinvoimainen-espoo"
#: The source report, copied with its provenance (fixtures/seed/SOURCES.md).
SEED = FIXTURES / "seed" / "000_43e58421b997c1a5.txt"
YEAR = 2022
LANGS = ("fi", "sv", "en")
PAGES = ("index", "overview", "goal-1", "goal-2", "goal-3", "goal-4", "budget")


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


def run_seuranta(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the ``seuranta`` command on the project tree ``root``; fail the test if it fails."""
    env = {**os.environ, "SEURANTA_ROOT": str(root)}
    done = subprocess.run(
        [sys.executable, "-m", "seuranta.cli", *args],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(
            f"`seuranta {' '.join(args)}` exited with {done.returncode}:\n{done.stderr[-5000:]}",
            pytrace=False,
        )
    return done


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> Path:
    """The 2022 appendices in fi, sv and en, rendered once per session from the real data.

    A private copy of the project tree; returns ``outputs/<programme>/2022``.
    """
    root = tmp_path_factory.mktemp("rendered") / "project"
    shutil.copytree(REPO / "data" / "raw", root / "data" / "raw")
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    run_seuranta(root, "clean")
    run_seuranta(
        root, "render", "--programme", PROGRAMME, "--year", str(YEAR), "--lang", ",".join(LANGS)
    )
    out = root / "outputs" / PROGRAMME / str(YEAR)
    missing = [
        f"{lang}/{name}.html"
        for lang in LANGS
        for name in PAGES
        if not (out / lang / f"{name}.html").is_file()
    ]
    assert not missing, f"seuranta render did not write {', '.join(missing)}"
    return out


@pytest.fixture(scope="session")
def rendered_second_year(tmp_path_factory) -> Path:
    """A second report year: the real 2022 data plus the made-up 2023 test year
    (``tests/fixtures/raw``), with 2023's 21 pages rendered in fi, sv and en once per
    session, as the README's "Adding next year's data" does. Returns ``outputs/<programme>``.
    """
    root = tmp_path_factory.mktemp("second-year") / "project"
    shutil.copytree(REPO / "data" / "raw", root / "data" / "raw")
    shutil.copytree(
        FIXTURES / "raw" / PROGRAMME / "2023", root / "data" / "raw" / PROGRAMME / "2023"
    )
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    run_seuranta(root, "clean")
    for year in (YEAR, YEAR + 1):
        run_seuranta(
            root, "render", "--programme", PROGRAMME, "--year", str(year), "--lang", ",".join(LANGS)
        )
    out = root / "outputs" / PROGRAMME
    missing = [
        f"{year}/{lang}/{name}.html"
        for year in (YEAR, YEAR + 1)
        for lang in LANGS
        for name in PAGES
        if not (out / str(year) / lang / f"{name}.html").is_file()
    ]
    assert not missing, f"seuranta render did not write {', '.join(missing)}"
    return out
