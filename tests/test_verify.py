"""``seuranta verify``: exit 0 only when the published year folder is what the inputs give.

End to end (a private copy of the session's rendered tree, then ``seuranta verify``, which
cleans and renders again in a temporary tree): an untouched render passes; each tampering
of issue 22 (a planted page, a stray notebook, a fake PDF book, manifest fields, a page
edited together with its manifest hash, a download) gets its own line and exit 1. The
single tamperings, each alone, are rows of the probe table (``tests/test_probes.py``).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from conftest import LANGS, PAGES, PROGRAMME, YEAR, run_seuranta
from seuranta.cli import main
from seuranta.render import pdf, verify
from seuranta.render.versions import package_versions

#: Table 1's download in each language (seuranta.pages.downloads names them).
DOWNLOADS = {
    lang: f"{PROGRAMME}-{YEAR}-{name}"
    for lang, name in {"fi": "taulukko-1", "sv": "tabell-1", "en": "table-1"}.items()
}


def published_files(out: Path, lang: str) -> list[str]:
    """The files a language folder publishes beside its pages: every download and the
    Data Package, as ``lang/name``."""
    return [
        f"{lang}/{p.name}"
        for p in sorted((out / lang).iterdir())
        if p.is_file() and p.suffix != ".html"
    ]


def copy_project(rendered: Path, tmp_path: Path) -> Path:
    """A private copy of the session's rendered project tree, free to change."""
    root = tmp_path / "project"
    shutil.copytree(rendered.parents[2], root, ignore=shutil.ignore_patterns("*.pdf"))
    return root


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run_verify(capsys, *extra: str) -> tuple[int, dict[str, str]]:
    code = main(["verify", "--programme", PROGRAMME, "--year", str(YEAR), *extra])
    lines = capsys.readouterr().out.splitlines()
    return code, dict(line.split(": ", 1) for line in lines)


@pytest.mark.slow
def test_an_untouched_render_verifies_and_verify_changes_nothing(
    rendered, tmp_path, monkeypatch, capsys
):
    root = copy_project(rendered, tmp_path)
    monkeypatch.setenv("SEURANTA_ROOT", str(root))
    before = hashes(root / "outputs")

    code, lines = run_verify(capsys)
    assert code == 0, lines
    summary = lines.pop(f"seuranta verify {PROGRAMME} {YEAR}")
    pages = [f"{lang}/{page}" for lang in LANGS for page in PAGES]
    out = root / "outputs" / PROGRAMME / str(YEAR)
    files = [name for lang in LANGS for name in published_files(out, lang)]
    for lang in LANGS:  # Table 1 in both formats and the Data Package, among the rest
        needed = {f"{lang}/{DOWNLOADS[lang]}.csv", f"{lang}/{DOWNLOADS[lang]}.xlsx"}
        assert needed | {f"{lang}/datapackage.json"} <= set(files)
    assert sorted(lines) == sorted([*pages, *files, "manifest.json"])
    assert set(lines.values()) == {"identical"}
    assert summary == f"{len(pages) + len(files) + 1} identical, 0 different"
    assert hashes(root / "outputs") == before


@pytest.mark.slow
def test_each_tampering_is_named_in_one_line(rendered, tmp_path, monkeypatch, capsys):
    root = copy_project(rendered, tmp_path)
    monkeypatch.setenv("SEURANTA_ROOT", str(root))
    out = root / "outputs" / PROGRAMME / str(YEAR)
    fi = out / "fi"
    # planted files: a page with a script, a stray notebook, a fake PDF book
    (fi / "evil.html").write_text("<script>alert(1)</script>\n", encoding="utf-8")
    shutil.copy(fi / "notebooks" / "index.ipynb", fi / "notebooks" / "stray.ipynb")
    (fi / f"liitteet-{YEAR}.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    # manifest fields: a package version, a parameter, the hash of an attachment
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entries = manifest["appendices"]
    entries["goal-1"]["fi"]["versions"]["pandas"] = "0.0.1"
    entries["goal-2"]["fi"]["parameters"]["goal"] = 3
    table1 = DOWNLOADS["fi"]
    entries["overview"]["fi"]["last_good"]["attachments"][f"{table1}.csv"] = "0" * 64
    # a page edited together with its manifest hash
    page = fi / "goal-3.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", " (ok)</h1>"))
    entries["goal-3"]["fi"]["last_good"]["html_sha256"] = hashlib.sha256(
        page.read_bytes()
    ).hexdigest()
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    # a download edited, another removed
    (fi / f"{table1}.csv").write_text("edited\n", encoding="utf-8")
    (fi / f"{table1}.xlsx").unlink()
    # without a browser the fake book cannot be printed again: named, and not a pass
    monkeypatch.setattr(pdf, "missing_requirement", lambda: "Chromium was not found.")

    code, lines = run_verify(capsys, "--lang", "fi")
    assert code == 1
    pandas = package_versions()["pandas"]
    expected = {
        "fi/evil.html": "DIFFERENT: a file that a render of the inputs does not write",
        "fi/notebooks/stray.ipynb": "DIFFERENT: a file that a render of the inputs does not write",
        f"fi/liitteet-{YEAR}.pdf": (
            "NOT CHECKED: the book could not be printed again: Chromium was not found."
        ),
        "fi/goal-1": (
            "DIFFERENT: manifest.json records other fields than a fresh render: "
            f"versions.pandas 0.0.1 (a render records {pandas})"
        ),
        "fi/goal-2": (
            "DIFFERENT: manifest.json records other fields than a fresh render: "
            "parameters.goal 3 (a render records 2)"
        ),
        "fi/overview": (
            "DIFFERENT: manifest.json records other fields than a fresh render: "
            f"last_good.attachments.{table1}.csv 000000000000... (a render records "
        ),
        f"fi/{table1}.csv": "DIFFERENT: the bytes differ",
        f"fi/{table1}.xlsx": "DIFFERENT: missing: a render of the inputs writes it",
    }
    overview = lines.pop("fi/overview")
    assert overview.startswith(expected.pop("fi/overview")), overview
    edited = lines.pop("fi/goal-3")  # the page, and the hash the manifest records for it
    assert edited.startswith(
        "DIFFERENT: the HTML differs from a fresh render of the same inputs and versions, "
        "although the manifest records its hash (page and manifest edited); "
        "manifest.json records other fields than a fresh render: last_good.html_sha256 "
    ), edited
    for label, line in expected.items():
        assert lines.pop(label) == line, label
    tampered = {"goal-1", "goal-2", "goal-3", "overview"}
    untouched = {"manifest.json"} | {f"fi/{name}" for name in PAGES if name not in tampered}
    untouched |= set(published_files(out, "fi")) - {f"fi/{table1}.csv", f"fi/liitteet-{YEAR}.pdf"}
    assert lines.pop(f"seuranta verify {PROGRAMME} {YEAR}") == (
        f"{len(untouched)} identical, 8 different, 1 not checked"
    )
    assert set(lines.values()) == {"identical"}
    assert set(lines) == untouched


@pytest.mark.slow
def test_an_invalid_manifest_is_named_not_taken_for_a_missing_render(
    rendered, tmp_path, monkeypatch, capsys
):
    root = copy_project(rendered, tmp_path)
    monkeypatch.setenv("SEURANTA_ROOT", str(root))
    (root / "outputs" / PROGRAMME / str(YEAR) / "manifest.json").write_text("{", "utf-8")
    code, lines = run_verify(capsys, "--lang", "sv")
    assert code == 1
    assert lines.pop("manifest.json").startswith("DIFFERENT: not valid JSON (")
    out = root / "outputs" / PROGRAMME / str(YEAR)
    identical = len(PAGES) + len(published_files(out, "sv"))
    assert lines.pop(f"seuranta verify {PROGRAMME} {YEAR}") == f"{identical} identical, 1 different"
    assert set(lines.values()) == {"identical"}


def test_verify_reasons_come_from_the_recorded_inputs_and_versions():
    old = {
        "parameters": {"lang": "fi"},
        "notebook": "notebooks/goal.ipynb",
        "inputs": {"notebook": "a", "library": "l", "template": "t", "data": {"x.csv": "1"}},
        "versions": {"python": "3.11.7", "matplotlib": "3.8.0"},
    }
    assert verify.differences(old, old) == []
    new = json.loads(json.dumps(old))
    new["inputs"] |= {"notebook": "b", "library": "m", "data": {"x.csv": "1", "y.csv": "2"}}
    new["versions"]["matplotlib"] = "3.9.0"
    assert verify.differences(old, new) == [
        "notebook changed (notebooks/goal.ipynb)",
        "library changed",
        "data changed (y.csv)",
        "versions changed (matplotlib 3.8.0 -> 3.9.0)",
    ]
    new["inputs"]["template"] = "u"  # a template is part of the library: named as such
    new["parameters"] = {"lang": "sv"}
    assert verify.differences(old, new)[:3] == [
        "parameters changed",
        "notebook changed (notebooks/goal.ipynb)",
        "template changed",
    ]


def test_manifest_fields_are_compared_apart_from_times_and_run_states():
    entry = {
        "parameters": {"goal": 2},
        "versions": {"pandas": "3.1.1"},
        "status": "rendered",
        "run_at": "2026-12-03T14:58:21+00:00",
        "last_good": {"html_sha256": "ab", "rendered_at": "x", "duration_s": 1.0},
    }
    later = json.loads(json.dumps(entry))
    later |= {"status": "skipped", "run_at": "2027-01-01T00:00:00+00:00", "because": "forced"}
    later["last_good"] |= {"rendered_at": "y", "duration_s": 9.0}
    assert verify.field_differences(verify._stable(later), verify._stable(entry)) == []
    later["parameters"]["goal"] = 3
    later["last_good"]["extra"] = 1
    del later["versions"]
    assert verify.field_differences(verify._stable(later), verify._stable(entry)) == [
        "parameters.goal 3 (a render records 2)",
        "versions missing",
        "last_good.extra not written by a render",
    ]


def test_verify_without_published_pages_is_a_user_error(project, capsys):
    assert main(["verify", "--programme", PROGRAMME, "--year", str(YEAR)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"seuranta: error: outputs/{PROGRAMME}/{YEAR}/manifest.json: ")
    assert "run seuranta render" in err


@pytest.mark.slow
def test_a_render_with_nothing_to_do_keeps_each_pages_sources(rendered, tmp_path):
    """A skipped page's manifest entry keeps the raw files it drew on (it lost them, and
    verify, comparing with a fresh render, named every skipped page)."""
    root = copy_project(rendered, tmp_path)
    path = root / "outputs" / PROGRAMME / str(YEAR) / "manifest.json"

    def sources() -> dict[str, list[str]]:
        entries = json.loads(path.read_text(encoding="utf-8"))["appendices"]
        return {name: per_lang["fi"].get("sources") for name, per_lang in entries.items()}

    before = sources()
    assert before["goal-1"], before
    run_seuranta(root, "render", "--programme", PROGRAMME, "--year", str(YEAR), "--lang", "fi")
    entries = json.loads(path.read_text(encoding="utf-8"))["appendices"]
    assert {per_lang["fi"]["status"] for per_lang in entries.values()} == {"skipped"}
    assert sources() == before


@pytest.mark.slow
@pytest.mark.browser
def test_a_published_book_is_printed_again_and_compared(rendered, tmp_path, monkeypatch, capsys):
    from browser import require_browser  # playwright: only for the browser layer

    require_browser()
    root = copy_project(rendered, tmp_path)
    monkeypatch.setenv("SEURANTA_ROOT", str(root))
    run_seuranta(
        root, "render", "--programme", PROGRAMME, "--year", str(YEAR), "--lang", "fi", "--pdf"
    )
    book = root / "outputs" / PROGRAMME / str(YEAR) / "fi" / f"liitteet-{YEAR}.pdf"
    assert book.is_file()
    code, lines = run_verify(capsys, "--lang", "fi")
    assert code == 0, lines
    assert lines[f"fi/liitteet-{YEAR}.pdf"] == "identical"

    book.write_bytes(b"%PDF-1.4\n%%EOF\n")  # a fake book under the real name
    code, lines = run_verify(capsys, "--lang", "fi")
    assert code == 1
    assert lines.pop(f"fi/liitteet-{YEAR}.pdf") == (
        "DIFFERENT: the book differs from a fresh print (apart from node numbers)"
    )
    lines.pop(f"seuranta verify {PROGRAMME} {YEAR}")
    assert set(lines.values()) == {"identical"}
