"""The programme definition: its schema, strict reading, languages, units and reference page.

Every malformed definition in :data:`MALFORMED` must stop ``seuranta clean`` with one line
naming the file, the line and the key, exit 1 and leave ``data/processed`` as it was.
They are tried on a programme made by ``seuranta new`` (small, so each clean is fast).
"""

from __future__ import annotations

import re

import pytest

from conftest import PROGRAMME, REPO, tree_digest
from seuranta.cli import main
from seuranta.errors import InputError, SeurantaError
from seuranta.paths import ProjectPaths, check_programme_id
from seuranta.programme import BUILTIN_UNITS, Names, load_programme, reference, schema, validate
from seuranta.programme.sidecar_schema import SIDECAR_SCHEMA
from seuranta.programme.starter import new_programme
from seuranta.render.plan import parse_languages

NEW = "kestava-espoo"
PY = f"data/raw/{NEW}/programme.yaml"
SIDECAR = f"{PY}.meta.yaml"


@pytest.fixture
def starter(tmp_path, monkeypatch) -> ProjectPaths:
    """A project holding only a programme made by ``seuranta new`` (fi and sv), cleaned."""
    root = tmp_path / "project"
    monkeypatch.setenv("SEURANTA_ROOT", str(root))
    paths = ProjectPaths(root)
    new_programme(NEW, "fi,sv", 2026, paths=paths)
    assert main(["-q", "clean", "--programme", NEW]) == 0
    return paths


def replace(old: str, new: str, count: int = 1):
    def edit(text: str) -> str:
        assert text.count(old) >= 1, f"fixture text changed: {old!r}"
        return text.replace(old, new, count)

    return edit


def append(extra: str):
    return lambda text: text + extra


INDICATOR_END = "    source: source-1\n"
SECOND_INDICATOR = (
    "  - id: indicator-1\n    goal: 1\n    names: {fi: Toinen, sv: Andra}\n"
    "    unit: count\n    direction: lower\n    source: source-1\n"
)

#: (case, file, edit, expected message: a regex after the file name)
MALFORMED = [
    ("unknown top-level key", PY, append("colour: blue\n"), r":\d+: colour: unknown key"),
    (
        "unknown key in a goal",
        PY,
        replace("  - number: 1\n", "  - number: 1\n    colour: blue\n"),
        r":34: goals\[0\]\.colour: unknown key: expected one of number, names, aim",
    ),
    ("duplicate key", PY, append("id: again\n"), r':\d+: key "id": duplicate key'),
    (
        "goal number a word",
        PY,
        replace("number: 1", "number: one"),
        r':33: goals\[0\]\.number: expected a whole number from 1 up, found the text "one"',
    ),
    (
        "goals null",
        PY,
        lambda t: re.sub(r"goals:\n.*?\n\n", "goals:\n\n", t, flags=re.S),
        r":32: goals: expected a list of goals, found nothing",
    ),
    (
        "scale a number",
        PY,
        replace(INDICATOR_END, INDICATOR_END + "    scale: 5\n"),
        r":\d+: indicators\[0\]\.scale: expected a list of two numbers \[min, max\], found 5",
    ),
    (
        "unit not declared",
        PY,
        replace("unit: count", "unit: kt-co2e"),
        r':\d+: indicators\[0\]\.unit: unknown unit "kt-co2e": expected one of count, '
        r"percent, score",
    ),
    (
        "score without a scale",
        PY,
        replace("unit: count", "unit: score"),
        r":\d+: indicators\[0\]: a score needs a scale",
    ),
    (
        "scale on a count",
        PY,
        replace(INDICATOR_END, INDICATOR_END + "    scale: [1, 5]\n"),
        r':\d+: indicators\[0\]\.scale: only a score has a scale; the unit "count"',
    ),
    (
        "direction unknown",
        PY,
        replace("direction: higher", "direction: up"),
        r':\d+: indicators\[0\]\.direction: expected one of higher, lower, found the text "up"',
    ),
    (
        "direction missing",
        PY,
        replace("    direction: higher\n", ""),
        r":\d+: indicators\[0\]: missing key\(s\) direction",
    ),
    (
        "a text missing in a published language",
        PY,
        replace('  sv: "TODO: the programme\'s name in sv"\n', ""),
        r":\d+: names: missing key\(s\) sv",
    ),
    (
        "a text in a language not published",
        PY,
        replace('  sv: "TODO: the programme\'s name in sv"\n', "  sv: x\n  en: y\n"),
        r":\d+: names\.en: unknown key: expected one of fi, sv",
    ),
    (
        "unknown language",
        PY,
        replace("languages: [fi, sv]", "languages: [fi, de]"),
        r':6: languages\[1\]: expected one of fi, sv, en, found the text "de"',
    ),
    (
        "language repeated",
        PY,
        replace("languages: [fi, sv]", "languages: [fi, fi]"),
        r":6: languages: expected each item once",
    ),
    (
        "languages a text",
        PY,
        replace("languages: [fi, sv]", "languages: fi"),
        r':6: languages: expected a list of languages from fi, sv, en, found the text "fi"',
    ),
    (
        "id not the folder",
        PY,
        replace(f"id: {NEW}", "id: another-programme"),
        rf':4: id: expected "{NEW}" \(the folder name\), found "another-programme"',
    ),
    (
        "id with a path",
        PY,
        replace(f"id: {NEW}", "id: ../victim"),
        r":4: id: expected a folder name of a-z, 0-9 and -",
    ),
    (
        "indicator of a goal that does not exist",
        PY,
        replace("    goal: 1\n", "    goal: 2\n"),
        r":\d+: indicators\[0\]\.goal: expected one of the goal numbers 1, found 2",
    ),
    (
        "unknown data source",
        PY,
        replace("    source: source-1\n", "    source: nowhere\n"),
        r':\d+: indicators\[0\]\.source: unknown data source "nowhere"',
    ),
    (
        "duplicate indicator id",
        PY,
        append(SECOND_INDICATOR),
        r':\d+: indicators\[1\]\.id: duplicate indicator id "indicator-1"',
    ),
    (
        "goals not numbered from 1",
        PY,
        replace("number: 1", "number: 2"),
        r":33: goals\[0\]\.number: expected 1: goals are numbered 1, 2, \.\.\. in order",
    ),
    (
        "month out of range",
        PY,
        replace(
            INDICATOR_END,
            INDICATOR_END + "    series:\n      - id: all\n        names: {fi: a, sv: b}\n"
            "        report_year_month: 13\n",
        ),
        r":\d+: indicators\[0\]\.series\[0\]\.report_year_month: expected a month 1-12, found 13",
    ),
    (
        "comparison without a feed",
        PY,
        replace(
            INDICATOR_END,
            INDICATOR_END + "    series:\n      - id: all\n        names: {fi: a, sv: b}\n"
            "        comparison: same_month\n",
        ),
        r":54: indicators\[0\]\.series\[0\]\.comparison: same_month needs a monthly history",
    ),
    (
        "table number zero",
        PY,
        append("table_number: 0\n"),
        r":\d+: table_number: expected a whole number from 1 to 999, found 0",
    ),
    (
        "an anchor",
        PY,
        replace("units: {}", "units: &u {}"),
        r':\d+: anchor "&u" refused',
    ),
    (
        "decimals a word",
        PY,
        replace(INDICATOR_END, INDICATOR_END + "    decimals: two\n"),
        r":51: indicators\[0\]\.decimals: expected a whole number of decimals 0-6, "
        r'found the text "two"',
    ),
    (
        "a built-in unit redefined",
        PY,
        replace("units: {}", "units:\n  count: {names: {fi: kpl, sv: st}}"),
        r":\d+: units\.count: a built-in unit",
    ),
    (
        "unknown key in a unit",
        PY,
        replace("units: {}", "units:\n  kt: {names: {fi: kt, sv: kt}, colour: red}"),
        r":\d+: units\.kt\.colour: unknown key: expected one of names, decimals, scale, bounded",
    ),
    (
        "an empty name",
        PY,
        replace('"TODO: the goal\'s title in fi"', '""'),
        r':\d+: goals\[0\]\.names\.fi: expected a non-empty text, found the text ""',
    ),
    (
        "no indicators",
        PY,
        lambda t: t[: t.index("indicators:")] + "indicators: []\n",
        r":\d+: indicators: expected a list of indicators, found none",
    ),
    ("a list, not a mapping", PY, lambda t: "- a\n- b\n", r":1: programme: expected a mapping"),
    (
        "sidecar unknown key",
        SIDECAR,
        append("colour: blue\n"),
        r':9: key "colour": unknown key: expected one of title',
    ),
    (
        "sidecar flag not a truth value",
        SIDECAR,
        replace("illustrative: false", "illustrative: maybe"),
        r':6: key "illustrative": expected true or false, found the text "maybe"',
    ),
    (
        "accessibility statement without a date of assessment",
        PY,
        append(
            "accessibility:\n  conformance: partial\n  assessed: last spring\n"
            "  contact: {fi: a, sv: b}\n  feedback: {fi: a, sv: b}\n  gaps: []\n"
        ),
        r":\d+: accessibility\.assessed: expected a date yyyy-mm-dd, found 'last spring'",
    ),
    (
        "accessibility conformance unknown",
        PY,
        append(
            "accessibility:\n  conformance: mostly\n  assessed: 2026-12-03\n"
            "  contact: {fi: a, sv: b}\n  feedback: {fi: a, sv: b}\n  gaps: []\n"
        ),
        r":\d+: accessibility\.conformance: expected one of full, partial, none, found the "
        r'text "mostly"',
    ),
    (
        "indicator frequency unknown",
        PY,
        replace("    direction: higher\n", "    direction: higher\n    frequency: weekly\n"),
        r":\d+: indicators\[0\]\.frequency: expected one of monthly, quarterly, annual, "
        r'biennial, irregular, found the text "weekly"',
    ),
    (
        "sidecar title in a language not published",
        SIDECAR,
        append("titles:\n  en: Programme\n"),
        r':10: key "titles\.en": expected a non-empty text in fi or sv',
    ),
]


def test_the_list_is_long_enough():
    assert len(MALFORMED) >= 20
    assert len({case for case, *_ in MALFORMED}) == len(MALFORMED)


@pytest.mark.parametrize(
    ("case", "file", "edit", "message"), MALFORMED, ids=[case[0] for case in MALFORMED]
)
def test_malformed_definition_one_line_exit_1_nothing_written(
    starter, capsys, case, file, edit, message
):
    before = tree_digest(starter.processed)
    assert before
    path = starter.root / file
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    capsys.readouterr()
    assert main(["-q", "clean", "--programme", NEW]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"seuranta: error: {file}:"), err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert re.search(re.escape(file) + message, err), err
    assert tree_digest(starter.processed) == before


# -- languages ----------------------------------------------------------------------------


def test_languages_default_to_all_and_espoo_declares_them():
    text = (REPO / "data" / "raw" / PROGRAMME / "programme.yaml").read_text(encoding="utf-8")
    assert "\nlanguages: [fi, sv, en]\n" in text
    programme = load_programme(PROGRAMME, ProjectPaths(REPO))
    assert programme.languages == ("fi", "sv", "en")
    assert programme.goal(1).names("sv").startswith("Den bästa platsen")


def test_names_hold_only_the_programmes_languages(starter):
    programme = load_programme(NEW, starter)
    assert programme.languages == ("fi", "sv")
    assert programme.names.languages == ("fi", "sv")
    assert programme.names("fi").startswith("TODO")
    with pytest.raises(SeurantaError, match='no text in "en": this text is given in fi, sv'):
        programme.names("en")
    assert Names(fi="a", sv="b", en="c") == Names({"fi": "a", "sv": "b", "en": "c"})
    assert Names(fi="a").fi == "a" and not hasattr(Names(fi="a"), "sv")


def test_render_languages_default_to_the_programmes():
    assert parse_languages(None, ("fi",)) == ["fi"]
    assert parse_languages(None, ("fi", "sv", "en")) == ["fi", "sv", "en"]
    assert parse_languages("sv,fi", ("fi", "sv")) == ["sv", "fi"]
    with pytest.raises(SeurantaError, match='language "en" is not published by this programme'):
        parse_languages("en", ("fi",))
    with pytest.raises(SeurantaError, match='unknown language "de"'):
        parse_languages("de", ("fi",))


def test_the_language_list_lives_in_one_place():
    from seuranta import catalog, i18n

    assert i18n.LANGUAGES is catalog.LANGUAGES
    lib = REPO / "lib" / "seuranta"
    literal = re.compile(r"""\(\s*["']fi["'],\s*["']sv["'],\s*["']en["']\s*\)""")
    found = [
        p.relative_to(lib).as_posix()
        for p in lib.rglob("*.py")
        if literal.search(p.read_text(encoding="utf-8"))
    ]
    assert found == ["catalog.py"], found


# -- units --------------------------------------------------------------------------------


def test_a_declared_unit_is_accepted(starter):
    path = starter.root / PY
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "units: {}",
        "units:\n  kt-co2e:\n    names: {fi: kt CO2e, sv: kt CO2e}\n    decimals: 1\n",
    ).replace("unit: count", "unit: kt-co2e")
    path.write_text(text, encoding="utf-8")
    programme = load_programme(NEW, starter)
    unit = programme.unit_of(programme.indicators[0])
    assert programme.indicators[0].unit == "kt-co2e"
    assert unit.names("fi") == "kt CO2e" and unit.decimals == 1 and not unit.builtin
    assert programme.indicators[0].decimals == 1  # the unit's default
    assert list(programme.units)[:3] == ["count", "percent", "score"]
    assert programme.units["percent"].bounded and programme.units["score"].is_score


def test_builtin_units_are_entries_of_the_same_kind():
    assert set(BUILTIN_UNITS) == {"count", "percent", "score"}
    assert BUILTIN_UNITS["count"].catalogue_key == "report.unit.count"
    programme = load_programme(PROGRAMME, ProjectPaths(REPO))
    climate = programme.indicator("business-climate")
    assert programme.unit_of(climate).id == "score" and climate.scale == (1, 5)


# -- ids ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad", ["../victim", "Victim", "a_b", "a.b", "-a", "", "a/b", "espoo\u200b", ".clean-x"]
)
def test_programme_ids_are_plain_folder_names(bad):
    with pytest.raises(SeurantaError, match="expected a folder name"):
        check_programme_id(bad)


def test_clean_refuses_a_path_as_programme_before_touching_files(starter, capsys):
    before = tree_digest(starter.root / "data")
    assert main(["-q", "clean", "--programme", "../victim"]) == 1
    assert 'programme "../victim": expected a folder name' in capsys.readouterr().err
    assert tree_digest(starter.root / "data") == before


# -- the reference page -------------------------------------------------------------------


def test_reference_page_is_current():
    page = REPO / "docs" / "programme-reference.md"
    assert page.read_text(encoding="utf-8") == reference.reference(), (
        "docs/programme-reference.md is stale: run "
        "`.venv/bin/python -m seuranta.programme.reference > docs/programme-reference.md`"
    )


def test_schema_and_readers_agree():
    from seuranta.programme.provenance import KNOWN_KEYS, REQUIRED

    assert set(SIDECAR_SCHEMA["properties"]) == set(KNOWN_KEYS)
    assert SIDECAR_SCHEMA["required"] == list(REQUIRED)
    # The real programme is valid against the published schema.
    from jsonschema import Draft202012Validator

    from seuranta.yamlfile import read_yaml

    doc = read_yaml(REPO / "data" / "raw" / PROGRAMME / "programme.yaml")
    Draft202012Validator.check_schema(schema.programme_schema())
    assert not list(Draft202012Validator(schema.programme_schema()).iter_errors(doc))


def test_input_errors_carry_the_line(tmp_path):
    from seuranta.yamlfile import read_yaml_lines

    path = tmp_path / "x.yaml"
    path.write_text("a:\n  - b: 1\n    c: [1, 2]\n", encoding="utf-8")
    doc, lines = read_yaml_lines(path)
    assert lines[("a", 0, "c")] == 3 and lines[("a", 0, "c", 1)] == 3
    items = {"type": "object", "properties": {"c": {"type": "string"}}}
    with pytest.raises(InputError, match=r"x\.yaml:3: a\[0\]\.c: expected a text, found a list"):
        validate.check(doc, {"properties": {"a": {"items": items}}}, path, lines)
