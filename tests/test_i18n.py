import re
import shutil
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
import yaml

from seuranta.errors import MissingTranslation, SeurantaError
from seuranta.i18n import LANGUAGES, PACKAGED_LOCALES, Translator, catalogue
from seuranta.yamlfile import read_yaml, read_yaml_checked

NBSP = "\u00a0"


def test_every_language_has_the_same_keys_and_placeholders():
    fi = catalogue("fi")
    for lang in LANGUAGES:
        other = catalogue(lang)
        assert other.keys() == fi.keys(), sorted(other.keys() ^ fi.keys())
        for key, text in fi.items():
            assert set(re.findall(r"{\w+}", text)) == set(re.findall(r"{\w+}", other[key])), key


@pytest.mark.parametrize(
    ("lang", "number", "percent", "score", "money"),
    [
        ("fi", f"8{NBSP}741", f"9,4{NBSP}%", "3,58/5", f"190{NBSP}000{NBSP}€"),
        ("sv", f"8{NBSP}741", f"9,4{NBSP}%", "3,58/5", f"190{NBSP}000{NBSP}€"),
        ("en", "8,741", "9.4%", "3.58/5", "€190,000"),
    ],
)
def test_numbers_follow_cldr(lang, number, percent, score, money):
    tr = Translator(lang)
    assert tr.number(8741) == number
    assert tr.percent(9.4) == percent
    assert tr.value(3.58, "score", scale_max=5) == score
    assert tr.money(190000) == money


def test_numbers_keep_the_written_precision():
    tr = Translator("fi")
    assert tr.value(3.9, "score", scale_max=5) == "3,9/5"  # as the report writes it
    assert tr.value(43.0, "percent") == f"43{NBSP}%"
    assert tr.value(3.9, "score", decimals=2, scale_max=5) == "3,90/5"
    assert tr.number(-1240.5, 2) == f"\u22121{NBSP}240,50"  # CLDR minus sign


def test_periods():
    assert Translator("fi").period("2022-05") == "5/2022"
    assert Translator("fi").period("2022-12-30") == "30.12.2022"
    assert Translator("en").period("2022-11") == "Nov 2022"
    assert Translator("sv").period("2019") == "2019"
    assert Translator("fi").date(date(2022, 12, 30)) == "30.12.2022"


def test_missing_key_names_the_key_and_language():
    with pytest.raises(MissingTranslation, match=r'key "report\.nope" has no text in lang'):
        Translator("sv")("report.nope")


def test_unknown_language():
    with pytest.raises(SeurantaError, match='unknown language "de"'):
        Translator("de")


def test_a_city_can_supply_its_own_catalogue(tmp_path, monkeypatch):
    folder = tmp_path / "locales"
    shutil.copytree(resources.files("seuranta") / "locales", folder)
    path = folder / "sv" / "report.yaml"
    texts = yaml.safe_load(path.read_text(encoding="utf-8"))
    del texts["goal"]["title"]
    path.write_text(yaml.safe_dump(texts, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("SEURANTA_LOCALES", str(folder))
    with pytest.raises(MissingTranslation, match=r'"report\.goal\.title".*"sv"'):
        Translator("sv")("report.goal.title", number=1, name="x")
    assert Translator("fi")("report.goal.title", number=1, name="x").startswith("Hyöty")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_catalogue_text_holds_a_figure(lang):
    # Every number on a page comes from the data being rendered: a catalogue text is a
    # template. A digit outside a {placeholder} would be a fact of one year or programme.
    found = {
        key: text
        for key, text in catalogue(lang).items()
        if re.search(r"\d", re.sub(r"{\w+}", "", text))
    }
    assert not found, found


def test_the_figure_check_would_catch_a_hard_coded_amount(tmp_path, monkeypatch):
    folder = tmp_path / "locales"
    shutil.copytree(resources.files("seuranta") / "locales", folder)
    path = folder / "fi" / "report.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("({appropriation})", "(200 000 €)"),
        encoding="utf-8",
    )
    monkeypatch.setenv("SEURANTA_LOCALES", str(folder))
    with pytest.raises(AssertionError, match=r"report\.illustrative\.text"):
        test_no_catalogue_text_holds_a_figure("fi")


@pytest.mark.parametrize(
    ("lang", "percent", "count", "none"),
    [
        ("fi", "+1,5 prosenttiyksikköä", "\u2212500", "\u00b10 prosenttiyksikköä"),
        ("sv", "+1,5 procentenheter", "\u2212500", "\u00b10 procentenheter"),
        ("en", "+1.5 percentage points", "\u2212500", "\u00b10 percentage points"),
    ],
)
def test_changes_are_signed_and_shares_change_in_points(lang, percent, count, none):
    tr = Translator(lang)
    assert tr.change(1.5, "percent") == percent
    assert tr.change(-500, "count") == count
    assert tr.change(0.0, "percent") == none


def test_lists_follow_cldr():
    assert Translator("fi").join(["a", "b", "c"]) == "a, b ja c"
    assert Translator("sv").join(["a", "b"]) == "a och b"
    assert Translator("en").join(["a", "b", "c"]) == "a, b, and c"


def test_a_programmes_own_unit_is_written_after_the_number():
    from seuranta.programme import Names, Unit

    unit = Unit("kt-co2e", names=Names({"fi": "kt CO2e", "sv": "kt CO2e", "en": "kt CO2e"}))
    assert Translator("fi").value(1234.5, unit, decimals=1) == f"1{NBSP}234,5{NBSP}kt CO2e"
    assert Translator("en").change(-12.0, unit) == f"\u221212{NBSP}kt CO2e"
    assert Translator("fi").value(9.4, "percent") == f"9,4{NBSP}%"  # built-ins as before


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_packaged_catalogues_pass_the_strict_loader_and_read_the_same(lang):
    # Renders read the toolkit's own catalogues with libyaml (seuranta.i18n): each file must
    # pass the strict loader of the raw data and give exactly the same texts.
    files = sorted(Path(str(PACKAGED_LOCALES / lang)).glob("*.yaml"))
    assert files
    for path in files:
        assert read_yaml(path) == read_yaml_checked(path.read_bytes()), path
