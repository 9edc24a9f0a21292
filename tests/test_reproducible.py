"""Reproducible appendices: same inputs, same bytes; versions in the key (verify: test_verify)."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from conftest import LANGS, PAGES, PROGRAMME, REPO, YEAR, run_seuranta
from seuranta.catalog import appendix_pages
from seuranta.files import tree_hashes
from seuranta.location import LIBRARY_ROOT
from seuranta.pages.workbook import workbook_bytes
from seuranta.render import verify
from seuranta.render.cache_key import cache_key, gather_inputs
from seuranta.render.pdf import pin_pdf_dates
from seuranta.render.plan import Appendix
from seuranta.render.versions import VERSIONED, package_versions

DOWNLOADS = {
    lang: f"elinvoimainen-espoo-2022-{name}"
    for lang, name in {"fi": "taulukko-1", "sv": "tabell-1", "en": "table-1"}.items()
}


def copy_project(rendered: Path, tmp_path: Path) -> Path:
    """A private copy of the session's rendered project tree, free to change."""
    root = tmp_path / "project"
    shutil.copytree(rendered.parents[2], root, ignore=shutil.ignore_patterns("*.pdf"))
    return root


def hashes(folder: Path, *suffixes: str) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix in suffixes
    }


def differing_keys(a, b, path: tuple = ()) -> list[tuple]:
    """The JSON paths where two documents differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [
            k
            for key in a.keys() | b.keys()
            for k in differing_keys(a.get(key), b.get(key), (*path, key))
        ]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [
            k
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for k in differing_keys(x, y, (*path, i))
        ]
    return [] if a == b else [path]


# -- deterministic outputs ----------------------------------------------------------------


@pytest.mark.slow
def test_two_forced_renders_give_the_same_bytes(rendered, tmp_path):
    root = copy_project(rendered, tmp_path)
    out = root / "outputs" / PROGRAMME / str(YEAR)
    before = hashes(out, ".html", ".xlsx", ".csv")
    notebooks = {p: p.read_bytes() for p in sorted(out.glob("*/notebooks/*.ipynb"))}
    assert len([f for f in before if f.endswith(".html")]) == len(LANGS) * len(PAGES)
    assert {
        f"{lang}/{DOWNLOADS[lang]}{suffix}" for lang in LANGS for suffix in (".xlsx", ".csv")
    } <= {f for f in before if not f.endswith(".html")}  # and every chart's and table's CSV
    packages = {lang: (out / lang / "datapackage.json").read_bytes() for lang in LANGS}
    assert len(notebooks) == len(LANGS) * len(PAGES)

    run_seuranta(
        root, "render", "--programme", PROGRAMME, "--year", str(YEAR), "--lang", ",".join(LANGS),
        "--force",
    )  # fmt: skip
    assert hashes(out, ".html", ".xlsx", ".csv") == before
    assert {lang: (out / lang / "datapackage.json").read_bytes() for lang in LANGS} == packages
    for path, old in notebooks.items():
        new = path.read_bytes()
        assert verify.without_times(new) == verify.without_times(old), path.name
        # what differs is papermill's clock and nothing else
        for key in differing_keys(json.loads(old), json.loads(new)):
            assert key[-2] == "papermill" and key[-1] in verify.TIME_FIELDS, (path.name, key)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for lang in LANGS:
        for page in PAGES:
            good = manifest["appendices"][page][lang]["last_good"]
            assert good["html_sha256"] == before[f"{lang}/{page}.html"]


def test_executed_notebooks_record_project_paths_and_a_stable_parameters_cell(rendered):
    nb = json.loads((rendered / "sv" / "notebooks" / "goal-3.ipynb").read_text(encoding="utf-8"))
    record = nb["metadata"]["papermill"]
    assert record["input_path"] == "notebooks/goal.ipynb"
    assert record["output_path"] == f"outputs/{PROGRAMME}/{YEAR}/sv/notebooks/goal-3.ipynb"
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert [c["id"] for c in injected] == ["injected-parameters"]


def test_table1_workbooks_carry_no_clock(rendered):
    for lang in LANGS:
        data = (rendered / lang / f"{DOWNLOADS[lang]}.xlsx").read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert {i.date_time for i in archive.infolist()} == {(YEAR, 12, 31, 0, 0, 0)}
            core = archive.read("docProps/core.xml").decode()
        stamp = f"{YEAR}-12-31T00:00:00Z"
        assert f'"dcterms:W3CDTF">{stamp}</dcterms:created>' in core
        assert f'"dcterms:W3CDTF">{stamp}</dcterms:modified>' in core


def test_a_workbook_saved_twice_gives_the_same_bytes_and_the_same_cells():
    from openpyxl import Workbook, load_workbook

    def workbook():
        book = Workbook()
        book.active.append(["Mittari", "Tilanne"])
        book.active.append(["Työllisyysaste", 72.5])
        book.properties.created = datetime(2023, 12, 31)
        return book

    first = workbook_bytes(workbook())
    book = workbook()
    book.properties.modified = datetime(2030, 1, 1)  # openpyxl replaces it with "now" anyway
    assert workbook_bytes(book) == first
    assert workbook_bytes(workbook(), timestamp=datetime(2024, 1, 1)) != first
    loaded = load_workbook(io.BytesIO(first))
    assert list(loaded.active.values) == [("Mittari", "Tilanne"), ("Työllisyysaste", 72.5)]
    assert loaded.properties.created == loaded.properties.modified == datetime(2023, 12, 31)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.testzip() is None
        assert {i.date_time for i in archive.infolist()} == {(2023, 12, 31, 0, 0, 0)}


def test_pdf_print_times_become_the_report_years_last_day(tmp_path):
    body = b"%PDF-1.4\n<</Producer (Skia/PDF m156)\n/CreationDate (D:20261128083831+00'00')\n"
    body += b"/ModDate (D:20261128083831+00'00')>>\nxref 42\n"
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(body)
    pin_pdf_dates(pdf, 2022)
    pinned = pdf.read_bytes()
    assert len(pinned) == len(body)  # the cross-reference offsets stay right
    assert pinned == body.replace(b"20261128083831", b"20221231000000")


@pytest.mark.slow
@pytest.mark.browser
def test_two_pdf_prints_differ_at_most_in_chromiums_node_numbers(rendered, tmp_path):
    from browser import require_browser

    require_browser()
    root = copy_project(rendered, tmp_path)
    out = root / "outputs" / PROGRAMME / str(YEAR) / "fi"
    args = ("render", "--programme", PROGRAMME, "--year", str(YEAR), "--only", "index,goal-1")
    run_seuranta(root, *args, "--pdf")
    first = {p.name: p.read_bytes() for p in out.glob("*.pdf")}
    run_seuranta(root, *args, "--pdf")
    second = {p.name: p.read_bytes() for p in out.glob("*.pdf")}
    assert set(first) == set(second) == {f"liitteet-{YEAR}.pdf"}  # the book of the set
    # Chromium numbers the tagged table cells by DOM node (their /ID and the /Headers that
    # point at them); the numbers sometimes shift between two prints, nothing else does
    node = re.compile(rb"\(node\d+\)")
    for name, data in first.items():
        assert b"/CreationDate (D:20221231000000+00'00')" in data
        assert node.sub(b"(node)", data) == node.sub(b"(node)", second[name]), name


# -- the cache key and the lock -----------------------------------------------------------


def lock_versions(text: str) -> dict[str, str | None]:
    """The versions a lock file gives the packages of the cache key (Python: this one)."""
    pins = dict(re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", text, re.M))
    pins = {name.lower().replace("_", "-"): version for name, version in pins.items()}
    versions = {"python": sys.version.split()[0]}
    versions |= {name: pins.get(name) for name in VERSIONED}
    versions["seuranta"] = package_versions()["seuranta"]  # the library is not locked
    return versions


def real_appendices() -> list[Appendix]:
    pages = appendix_pages((1, 2, 3, 4), with_budget=True)
    return [
        Appendix(
            name,
            lang,
            REPO / "notebooks" / f"{stem}.ipynb",
            {"programme": PROGRAMME, "year": YEAR, "lang": lang, **extra},
        )
        for lang in LANGS
        for name, stem, extra in pages
    ]


def test_the_installed_page_shaping_packages_are_the_locked_ones():
    locked = lock_versions((REPO / "requirements.lock").read_text(encoding="utf-8"))
    assert locked == package_versions()


@pytest.mark.parametrize(
    "package",
    ["pandas", "matplotlib", "babel", "papermill", "nbconvert", "nbformat", "openpyxl", "ipython"],
)
def test_a_changed_pin_in_the_lock_changes_every_cache_key(package, tmp_path):
    """No install: the versions a lock gives go straight into the key function."""
    lock = (REPO / "requirements.lock").read_text(encoding="utf-8")
    changed = re.sub(rf"^{package}==\S+", f"{package}==0.0.1", lock, count=1, flags=re.M)
    assert changed != lock
    appendices = real_appendices()
    assert len(appendices) == len(LANGS) * len(PAGES)
    inputs = gather_inputs(tmp_path)  # the library as installed, no processed data

    def keys(versions):
        return [cache_key(a, inputs.of(a), versions) for a in appendices]

    before, after = keys(lock_versions(lock)), keys(lock_versions(changed))
    assert len(set(before)) == len(appendices)
    assert all(old != new for old, new in zip(before, after, strict=True))


def test_a_change_to_any_file_of_the_library_changes_every_cache_key(tmp_path, monkeypatch):
    """The library hash covers the whole package, every stage, not only the render stage."""
    import seuranta

    monkeypatch.delenv("SEURANTA_LOCALES", raising=False)
    assert Path(seuranta.__file__).resolve().parent == LIBRARY_ROOT
    installed = tree_hashes(LIBRARY_ROOT)
    stages = {name.split("/")[0] for name in installed if "/" in name}
    assert {"clean", "pages", "progress", "programme", "render", "locales"} <= stages
    library = tmp_path / "seuranta"
    shutil.copytree(LIBRARY_ROOT, library, ignore=shutil.ignore_patterns("__pycache__"))
    appendices = real_appendices()
    versions = package_versions()

    def keys() -> list[str]:
        inputs = gather_inputs(tmp_path / "no-data", library=library, versions=versions)
        return [cache_key(a, inputs.of(a), versions) for a in appendices]

    before = keys()
    default = gather_inputs(tmp_path / "no-data", versions=versions)  # LIBRARY_ROOT itself
    assert before == [cache_key(a, default.of(a), versions) for a in appendices]
    # one file in each folder of the package and one at its top, each changed in turn
    chosen = {name.rsplit("/", 1)[0] if "/" in name else "": name for name in sorted(installed)}
    for name in chosen.values():
        path = library / name
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert all(old != new for old, new in zip(before, keys(), strict=True)), name
        path.write_bytes(original)
    assert keys() == before
