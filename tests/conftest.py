"""Shared test fixtures (project trees made once and copied) and the test layers.

The layers, for ``make test-fast`` and ``make test``:

- ``browser``: opens rendered pages in headless Chromium (marked in the module);
- ``slow``: executes notebooks or renders pages (marked in the module), runs the command in
  a subprocess, or cleans a project tree: every test that calls :func:`run_seuranta` or
  uses one of ``TREE_FIXTURES`` is marked here, so a test file need not say so;
- the fast layer is everything else (``-m "not slow and not browser"``): parsing, schemas,
  readers, the method, page blocks.

A tree is made once per session (``cleaned_tree``, ``rendered``, ``rendered_second_year``);
a test that writes takes a private copy (``cleaned_project``), never a fresh clean.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from seuranta.clean.run import clean
from seuranta.paths import ProjectPaths
from seuranta.programme.validate import import_jsonschema

# Before any test module imports nbformat: jsonschema without the IRI grammar it would
# otherwise build at import (seconds of CPU per session), as the toolkit's own commands do.
import_jsonschema()

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROGRAMME = "elinvoimainen-espoo"
#: The source report, copied with its provenance (fixtures/seed/SOURCES.md).
SEED = FIXTURES / "seed" / "000_43e58421b997c1a5.txt"
YEAR = 2022
LANGS = ("fi", "sv", "en")
PAGES = ("index", "overview", "goal-1", "goal-2", "goal-3", "goal-4", "budget", "accessibility")
#: The report's appendices: what the index lists and the PDF book holds (not the index
#: itself, nor the accessibility statement every page links to).
APPENDICES = PAGES[1:-1]

#: The fixtures that give a test a project tree to clean, or one already cleaned or
#: rendered: a test using one (directly or through another fixture) is ``slow``.
TREE_FIXTURES = frozenset(
    {
        "project",
        "cleaned_tree",
        "cleaned_project",
        "cleaned_second_year",
        "rendered",
        "rendered_second_year",
    }
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if TREE_FIXTURES.intersection(getattr(item, "fixturenames", ())) or runs_the_command(item):
            item.add_marker(pytest.mark.slow)


def runs_the_command(item: pytest.Item) -> bool:
    """Whether the test function itself calls :func:`run_seuranta`."""
    code = getattr(getattr(item, "function", None), "__code__", None)
    return code is not None and run_seuranta.__name__ in code.co_names


def copy_raw_project(root: Path) -> ProjectPaths:
    """The repository's raw data and notebooks copied into a new project tree ``root``."""
    shutil.copytree(REPO / "data" / "raw", root / "data" / "raw")
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    return ProjectPaths(root)


def copy_tree(source: Path, root: Path) -> ProjectPaths:
    """A private copy of a session's project tree; symbolic links are copied as links."""
    shutil.copytree(source, root, symlinks=True)
    return ProjectPaths(root)


@pytest.fixture
def project(tmp_path, monkeypatch) -> ProjectPaths:
    """A copy of the repository's raw data in a temporary project root, not cleaned.

    ``SEURANTA_ROOT`` points the library there, so tests may write and break files freely.
    """
    paths = copy_raw_project(tmp_path / "project")
    monkeypatch.setenv("SEURANTA_ROOT", str(paths.root))
    return paths


def clean_in_place(paths: ProjectPaths) -> ProjectPaths:
    """Clean the tree ``paths`` in this process, as ``seuranta clean`` run there would."""
    # With SEURANTA_ROOT set, the tables name their raw files relative to the tree, so a
    # copy of the tree is as good as a tree cleaned in its own place.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SEURANTA_ROOT", str(paths.root))
        clean(paths=paths)
    return paths


@pytest.fixture(scope="session")
def cleaned_tree(tmp_path_factory) -> ProjectPaths:
    """The repository's raw data and notebooks with ``data/processed`` made by one clean per
    session. Shared: a test may only read it (``cleaned_project`` gives a copy to change).
    """
    return clean_in_place(copy_raw_project(tmp_path_factory.mktemp("cleaned") / "project"))


@pytest.fixture(scope="session")
def cleaned_second_year(tmp_path_factory) -> ProjectPaths:
    """The real 2022 data plus the made-up 2023 test year (``tests/fixtures/raw``), as the
    README's "Adding next year's data" does, cleaned once per session. Shared: read only.
    """
    paths = copy_raw_project(tmp_path_factory.mktemp("cleaned-second-year") / "project")
    shutil.copytree(FIXTURES / "raw" / PROGRAMME / "2023", paths.raw_programme(PROGRAMME) / "2023")
    return clean_in_place(paths)


@pytest.fixture
def cleaned_project(cleaned_tree, tmp_path, monkeypatch) -> ProjectPaths:
    """A private copy of the session's cleaned tree, with ``SEURANTA_ROOT`` pointing at it."""
    paths = copy_tree(cleaned_tree.root, tmp_path / "project")
    monkeypatch.setenv("SEURANTA_ROOT", str(paths.root))
    return paths


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` with its SHA-256, to prove that nothing changed."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def try_seuranta(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the ``seuranta`` command on the project tree ``root``, whatever its exit code."""
    return subprocess.run(
        [sys.executable, "-m", "seuranta.cli", *args],
        env={**os.environ, "SEURANTA_ROOT": str(root)},
        cwd=root,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def start_seuranta(root: Path, *args: str) -> subprocess.Popen:
    """Start the ``seuranta`` command on the project tree ``root`` in the background."""
    return subprocess.Popen(
        [sys.executable, "-m", "seuranta.cli", *args],
        env={**os.environ, "SEURANTA_ROOT": str(root)},
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_seuranta(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the ``seuranta`` command on the project tree ``root``; fail the test if it fails."""
    done = try_seuranta(root, *args)
    if done.returncode != 0:
        pytest.fail(
            f"`seuranta {' '.join(args)}` exited with {done.returncode}:\n{done.stderr[-5000:]}",
            pytrace=False,
        )
    return done


def render_all(root: Path, *years: int) -> Path:
    """Render every page of ``years`` in fi, sv and en on the cleaned tree ``root``; returns
    ``outputs/<programme>`` after checking that each page was written."""
    for year in years:
        run_seuranta(
            root, "render", "--programme", PROGRAMME, "--year", str(year), "--lang", ",".join(LANGS)
        )
    out = root / "outputs" / PROGRAMME
    missing = [
        f"{year}/{lang}/{name}.html"
        for year in years
        for lang in LANGS
        for name in PAGES
        if not (out / str(year) / lang / f"{name}.html").is_file()
    ]
    assert not missing, f"seuranta render did not write {', '.join(missing)}"
    return out


@pytest.fixture(scope="session")
def rendered(cleaned_tree, tmp_path_factory) -> Path:
    """The 2022 appendices in fi, sv and en, rendered once per session from the real data.

    A copy of the session's cleaned tree; returns ``outputs/<programme>/2022``.
    """
    root = copy_tree(cleaned_tree.root, tmp_path_factory.mktemp("rendered") / "project").root
    return render_all(root, YEAR) / str(YEAR)


@pytest.fixture(scope="session")
def rendered_second_year(cleaned_second_year, tmp_path_factory) -> Path:
    """A second report year: 2022's and 2023's 24 pages rendered in fi, sv and en once per
    session on a copy of ``cleaned_second_year``. Returns ``outputs/<programme>``.
    """
    root = tmp_path_factory.mktemp("second-year") / "project"
    return render_all(copy_tree(cleaned_second_year.root, root).root, YEAR, YEAR + 1)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test of the session: Playwright's sync API
    runs one instance per thread, so a second one beside it fails."""
    from browser import require_browser
    from seuranta.render import pdf

    require_browser()
    with pdf.chromium() as chromium:
        yield chromium
