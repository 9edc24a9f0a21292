"""The analysts' commentary files as clean reads them (seuranta.clean.commentary)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PROGRAMME, REPO
from seuranta.clean.commentary import read_year
from seuranta.errors import InputError
from seuranta.paths import ProjectPaths
from seuranta.programme import load_programme


@pytest.fixture(scope="module")
def programme():
    return load_programme(PROGRAMME, ProjectPaths(REPO))


def write(year_dir: Path, lang: str, name: str, text: str = "Teksti.") -> Path:
    path = year_dir / "commentary" / lang / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_commentary_in_every_language_is_read(tmp_path, programme):
    for lang in programme.languages:
        write(tmp_path, lang, "goal-3", f"\ufeff{lang} text")
    found = read_year(programme, tmp_path)
    assert found == {(lang, "goal-3"): f"{lang} text" for lang in programme.languages}


def test_no_commentary_folder_is_no_commentary(tmp_path, programme):
    assert read_year(programme, tmp_path) == {}


@pytest.mark.parametrize("have", [("fi",), ("fi", "en"), ("sv",)])
def test_a_missing_translation_names_the_file_to_write(tmp_path, programme, have):
    for lang in have:
        write(tmp_path, lang, "goal-1")
    missing = next(lang for lang in programme.languages if lang not in have)
    with pytest.raises(InputError) as err:
        read_year(programme, tmp_path)
    message = str(err.value)
    assert f"commentary/{missing}/goal-1.md: missing" in message
    assert f"exists in {', '.join(have)} but not in {missing}" in message
    assert "write this file" in message


def test_a_language_the_programme_does_not_publish_is_refused(tmp_path, programme):
    from dataclasses import replace

    finnish_only = replace(programme, languages=("fi",))
    write(tmp_path, "fi", "overview")
    write(tmp_path, "en", "overview")
    with pytest.raises(InputError, match=r"commentary/en: expected a folder for a language .* fi$"):
        read_year(finnish_only, tmp_path)


def test_a_page_the_programme_does_not_have_is_refused(tmp_path, programme):
    write(tmp_path, "fi", "goal-9")
    with pytest.raises(InputError, match=r"goal-9\.md: expected overview\.md, goal-<number>\.md"):
        read_year(programme, tmp_path)
