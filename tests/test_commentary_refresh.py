"""The clean of the analyst's loop: a commentary edit refreshes only the commentary, and the
result is byte for byte what a full clean writes (seuranta.clean.commentary_refresh); the
definition a current clean validated is read without the schema (seuranta.programme.load)."""

from __future__ import annotations

import logging
import shutil

import pytest

from conftest import PROGRAMME, YEAR, clean_in_place, tree_digest
from seuranta.catalog import PROGRAMME_FILE, table_file
from seuranta.clean import commentary_refresh, lineage
from seuranta.errors import InputError
from seuranta.paths import ProjectPaths
from seuranta.programme import load as programme_load
from seuranta.programme import load_programme
from seuranta.render.command import clean_if_stale


def commentary_dir(paths, lang: str):
    return paths.raw_programme(PROGRAMME) / str(YEAR) / "commentary" / lang


def write_commentary(paths, name: str, texts: dict[str, str]) -> None:
    for lang, text in texts.items():
        folder = commentary_dir(paths, lang)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.md").write_text(text, encoding="utf-8")


ALL_LANGS = {"fi": "Kommentti.\n", "sv": "Kommentar.\n", "en": "Commentary.\n"}


def full_clean_of(paths, tmp_path):
    """What a full clean of the same raw files writes, in a copy of the tree."""
    other = tmp_path / "full"
    shutil.copytree(paths.root / "data" / "raw", other / "data" / "raw")
    full = ProjectPaths(other)
    clean_in_place(full)
    return tree_digest(full.processed_programme(PROGRAMME))


def refreshed(caplog, paths) -> bool:
    with caplog.at_level(logging.INFO, logger="seuranta"):
        assert clean_if_stale(paths, PROGRAMME)
    return any("commentary of" in r.getMessage() for r in caplog.records)


def test_a_commentary_edit_refreshes_only_commentary_as_a_full_clean_would(
    cleaned_project, tmp_path, caplog
):
    paths = cleaned_project
    write_commentary(paths, "goal-3", ALL_LANGS)
    assert refreshed(caplog, paths)
    assert tree_digest(paths.processed_programme(PROGRAMME)) == full_clean_of(paths, tmp_path)
    assert lineage.changes(paths, PROGRAMME) == []

    # An edit, then a file removed in every language: each refresh equals a full clean.
    caplog.clear()
    (commentary_dir(paths, "fi") / "goal-3.md").write_text("Toinen.\n", encoding="utf-8")
    assert refreshed(caplog, paths)
    assert tree_digest(paths.processed_programme(PROGRAMME)) == full_clean_of(paths, tmp_path / "2")
    caplog.clear()
    shutil.rmtree(paths.raw_programme(PROGRAMME) / str(YEAR) / "commentary")
    assert refreshed(caplog, paths)
    processed = paths.processed_programme(PROGRAMME)
    assert not (processed / "commentary").exists()
    assert tree_digest(processed) == full_clean_of(paths, tmp_path / "3")


def test_anything_but_commentary_changed_means_a_full_clean(cleaned_project, caplog):
    paths = cleaned_project
    write_commentary(paths, "goal-3", ALL_LANGS)
    table = paths.raw_programme(PROGRAMME) / str(YEAR) / "projects.csv"
    table.write_bytes(table.read_bytes() + b"")  # same bytes: no change
    meta = paths.raw_programme(PROGRAMME) / str(YEAR) / "table1.csv.meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    stale = lineage.compare(paths, PROGRAMME)
    assert commentary_refresh.commentary_years(stale) is None
    assert not refreshed(caplog, paths)  # cleaned, but in full
    assert lineage.changes(paths, PROGRAMME) == []


def test_a_processed_table_not_as_written_means_a_full_clean(cleaned_project, tmp_path, caplog):
    paths = cleaned_project
    processed = paths.processed_programme(PROGRAMME)
    projects = processed / table_file("projects")
    projects.write_text(projects.read_text(encoding="utf-8") + "planted\n", encoding="utf-8")
    write_commentary(paths, "goal-3", ALL_LANGS)
    assert not refreshed(caplog, paths)
    assert "planted" not in projects.read_text(encoding="utf-8")
    assert tree_digest(processed) == full_clean_of(paths, tmp_path)


def test_a_missing_translation_fails_the_refresh_and_writes_nothing(cleaned_project):
    paths = cleaned_project
    processed = paths.processed_programme(PROGRAMME)
    before = tree_digest(processed)
    write_commentary(paths, "goal-3", {"fi": "Vain suomeksi.\n"})
    with pytest.raises(InputError, match=r"sv/goal-3\.md: missing"):
        clean_if_stale(paths, PROGRAMME)
    assert tree_digest(processed) == before


def test_a_trusted_definition_is_read_without_the_schema(cleaned_project, monkeypatch):
    paths = cleaned_project
    calls = []
    real_check = programme_load.check
    monkeypatch.setattr(programme_load, "check", lambda *a: calls.append(a) or real_check(*a))
    monkeypatch.setattr(programme_load, "_PROCESSED", {})
    monkeypatch.setattr(programme_load, "_CHECKED", set())
    checked = load_programme(PROGRAMME, paths, processed=True)
    assert len(calls) == 1

    programme_load._PROCESSED.clear()
    assert not clean_if_stale(paths, PROGRAMME)  # current: trusts the recorded definition
    trusted = load_programme(PROGRAMME, paths, processed=True)
    assert len(calls) == 1
    assert trusted == checked

    # Other bytes than the clean validated are checked in full, and refused when bad.
    definition = paths.processed_programme(PROGRAMME) / PROGRAMME_FILE
    definition.write_text(
        definition.read_text(encoding="utf-8").replace("goals:", "goals: 7\nx:", 1),
        encoding="utf-8",
    )
    with pytest.raises(InputError):
        load_programme(PROGRAMME, paths, processed=True)
    assert len(calls) == 2
