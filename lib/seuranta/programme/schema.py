"""The programme definition and the provenance sidecars as JSON Schema, and their reference.

:func:`programme_schema` is the schema of ``data/raw/<programme>/programme.yaml`` and
:data:`SIDECAR_SCHEMA` the one of every ``<file>.meta.yaml``. :func:`check` validates a
document read by :func:`seuranta.meta.read_yaml_lines` and turns the first problem in the
file (the one on the lowest line) into one :class:`~seuranta.errors.InputError` naming the
file, the line and the key (``programme.yaml:57: indicators[3].unit: expected ...``).
What a schema cannot say (a goal number that no goal has, a unit that the programme does
not declare, a score without a scale) is checked by :mod:`seuranta.programme.model` with the same
kind of message.

``docs/programme-reference.md`` is generated from these schemas by :func:`reference`
(``python -m seuranta.programme.schema > docs/programme-reference.md``); a test fails when the
committed page is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from seuranta.catalog import LANGUAGES
from seuranta.errors import InputError
from seuranta.meta import DATES, REQUIRED, Where
from seuranta.paths import PROGRAMME_ID_MAX, PROGRAMME_ID_PATTERN
from seuranta.programme.vocabulary import COMPARISONS, DIRECTIONS, PERIOD_PRECISIONS

#: Ids of indicators, series, sources and units: they end up in file names and links.
ID_PATTERN = "^[a-z0-9][a-z0-9_-]*$"
#: The programme id is its folder name under data/raw/ (seuranta.paths).

_TEXT = {"type": "string", "pattern": r"\S", "x-expected": "a non-empty text"}
_ID = {"type": "string", "pattern": ID_PATTERN, "x-expected": "an id (a-z, 0-9, - and _)"}
_SCALE = {
    "type": "array",
    "items": {"type": "number"},
    "minItems": 2,
    "maxItems": 2,
    "x-expected": "a list of two numbers [min, max]",
}
_DECIMALS = {
    "type": "integer",
    "minimum": 0,
    "maximum": 6,
    "x-expected": "a whole number of decimals 0-6",
}


def _names(languages: tuple[str, ...], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": {lang: _TEXT for lang in languages},
        "required": list(languages),
        "additionalProperties": False,
        "x-expected": f"a mapping {', '.join(languages)}: text",
        "x-type": "texts",
    }


def _selection(description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "minProperties": 1,
        "additionalProperties": {"type": ["string", "integer", "number"]},
        "x-expected": "a mapping of variable: value",
    }


def programme_schema(languages: tuple[str, ...] = LANGUAGES) -> dict[str, Any]:
    """The JSON Schema of programme.yaml for a programme publishing ``languages``."""
    texts = "Required in each of the programme's `languages` and in no other."
    names = _names(languages, f"A text per language, e.g. `fi: ...`. {texts}")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "programme.yaml",
        "description": "The definition of one programme: its goals, indicators and units.",
        "type": "object",
        "required": ["id", "names", "organisation", "report", "sources", "goals", "indicators"],
        "additionalProperties": False,
        "properties": {
            "id": {
                "type": "string",
                "pattern": PROGRAMME_ID_PATTERN,
                "maxLength": PROGRAMME_ID_MAX,
                "description": "The programme id: exactly its folder name under `data/raw/`, "
                "lowercase letters, digits and single `-` (`kestava-espoo`).",
                "x-expected": "a folder name of a-z, 0-9 and -",
            },
            "languages": {
                "type": "array",
                "items": {"enum": list(LANGUAGES)},
                "minItems": 1,
                "uniqueItems": True,
                "default": list(LANGUAGES),
                "description": "The languages the pages are published in, in the order "
                "the language links list them. Every text of the definition, the project "
                "register and the commentary is required in these and refused in others.",
                "x-expected": f"a list of languages from {', '.join(LANGUAGES)}",
            },
            "names": {**names, "description": "The programme's name. " + texts},
            "organisation": {**names, "description": "Who runs it. " + texts},
            "report": {**names, "description": "The follow-up report's own title. " + texts},
            "table_number": {
                "type": "integer",
                "minimum": 1,
                "default": 1,
                "description": "The number of the report's indicator table (Taulukko 1), "
                "for captions and file names.",
                "x-expected": "a whole number from 1 up",
            },
            "units": {
                "type": "object",
                "description": "The programme's own units, by id; they extend the built-in "
                "`count`, `percent` and `score`, which a programme may not redefine.",
                "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": {"$ref": "#/$defs/unit"},
                "default": {},
                "x-expected": "a mapping of unit id: unit",
            },
            "sources": {
                "type": "object",
                "description": "The data sources of Table 1, by id.",
                "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": {"$ref": "#/$defs/source"},
                "minProperties": 1,
                "x-expected": "a mapping of source id: source",
            },
            "goals": {
                "type": "array",
                "description": "The goals, numbered 1, 2, ... in this order.",
                "items": {"$ref": "#/$defs/goal"},
                "minItems": 1,
                "x-expected": "a list of goals",
            },
            "indicators": {
                "type": "array",
                "description": "The indicators in the order of Table 1.",
                "items": {"$ref": "#/$defs/indicator"},
                "minItems": 1,
                "x-expected": "a list of indicators",
            },
        },
        "$defs": {
            "texts": names,
            "unit": {
                "type": "object",
                "description": "A unit of measure. Built in: `count` (a number of things, "
                "not negative), `percent` (a share, bounded at 100) and `score` (a value "
                "on the indicator's `scale`).",
                "required": ["names"],
                "additionalProperties": False,
                "properties": {
                    "names": {**names, "description": "The axis label. " + texts},
                    "decimals": {
                        **_DECIMALS,
                        "description": "Decimals shown by default for values in this unit.",
                    },
                    "scale": {
                        **_SCALE,
                        "description": "For scores: the scale [min, max], e.g. [1, 5].",
                    },
                    "bounded": {
                        "type": "boolean",
                        "default": False,
                        "description": "`true` for a share: values lie within 0-100.",
                        "x-expected": "true or false",
                    },
                },
            },
            "source": {
                "type": "object",
                "description": "A data source of Table 1.",
                "required": ["report_name", "names"],
                "additionalProperties": False,
                "properties": {
                    "report_name": {
                        **_TEXT,
                        "description": "The text of Table 1's source column (Tietolähde).",
                    },
                    "names": {**names, "description": "The source's name. " + texts},
                },
            },
            "goal": {
                "type": "object",
                "description": "A goal of the programme (hyötytavoite).",
                "required": ["number", "names", "aim"],
                "additionalProperties": False,
                "properties": {
                    "number": {
                        "type": "integer",
                        "minimum": 1,
                        "description": "1 for the first goal, 2 for the second, ...",
                        "x-expected": "a whole number from 1 up",
                    },
                    "names": {**names, "description": "The goal's title. " + texts},
                    "aim": {**names, "description": "What the goal aims at. " + texts},
                },
            },
            "indicator": {
                "type": "object",
                "description": "An indicator of Table 1.",
                "required": ["id", "goal", "names", "unit", "direction", "source"],
                "additionalProperties": False,
                "properties": {
                    "id": {**_ID, "description": "Unique among the indicators."},
                    "goal": {
                        "type": "integer",
                        "minimum": 1,
                        "description": "The number of the goal it measures.",
                        "x-expected": "a goal number",
                    },
                    "names": {**names, "description": "As Table 1 names it. " + texts},
                    "unit": {
                        **_ID,
                        "description": "The id of a unit: `count`, `percent`, `score` or "
                        "one of `units`.",
                    },
                    "direction": {
                        "enum": list(DIRECTIONS),
                        "description": "Which way is better; required, never guessed.",
                    },
                    "source": {
                        "type": "string",
                        "description": "The id of one of `sources`.",
                        "x-expected": "a source id",
                    },
                    "series": {
                        "type": "array",
                        "items": {"$ref": "#/$defs/series"},
                        "minItems": 1,
                        "description": "Table 1's rows of the indicator; default one series "
                        "`total` named as the indicator.",
                        "x-expected": "a list of series",
                    },
                    "scale": {
                        **_SCALE,
                        "description": "For a score: [min, max], e.g. [1, 5]; required for a "
                        "score unless its unit gives one, refused for other units.",
                    },
                    "decimals": {
                        **_DECIMALS,
                        "default": 0,
                        "description": "Decimals shown for its values.",
                    },
                    "period_precision": {
                        "enum": list(PERIOD_PRECISIONS),
                        "description": "`year`: a date in Table 1 stands for its year (an "
                        "annual survey printed under the report's date).",
                    },
                },
            },
            "series": {
                "type": "object",
                "description": "One row of Table 1 for an indicator.",
                "required": ["id", "names"],
                "additionalProperties": False,
                "properties": {
                    "id": {**_ID, "description": "Unique within the indicator."},
                    "names": {**names, "description": "The row's label. " + texts},
                    "feed": {
                        "$ref": "#/$defs/feed",
                        "description": "Where its history is read from a published file.",
                    },
                    "report_year_month": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": 12,
                        "description": "The month a year in Table 1 stands for (12: the "
                        "December figure of a monthly statistic).",
                        "x-expected": "a month 1-12",
                    },
                    "comparison": {
                        "enum": list(COMPARISONS),
                        "default": "as_reported",
                        "description": "How the baseline and the latest value are chosen; "
                        "other than `as_reported` needs a `feed`.",
                    },
                    "peers": {
                        "$ref": "#/$defs/peers",
                        "description": "Areas to compare the fed series with.",
                    },
                },
            },
            "feed": {
                "type": "object",
                "description": "A selection of a published file in the year's `sources/`.",
                "required": ["file", "select", "period"],
                "additionalProperties": False,
                "properties": {
                    "file": {
                        **_TEXT,
                        "x-expected": "a file name",
                        "description": "The file name in `<year>/sources/`.",
                    },
                    "select": _selection("Variable: code or label of the cells to read."),
                    "period": {**_TEXT, "description": "The variable holding the period."},
                    "options": {
                        "type": "object",
                        "description": "Options of the file's reader.",
                        "x-expected": "a mapping of options",
                    },
                    "ratio": {"$ref": "#/$defs/ratio"},
                },
                "x-expected": "a mapping file, select, period",
            },
            "ratio": {
                "type": "object",
                "description": "A value computed as `scale * numerator / denominator`.",
                "required": ["numerator", "denominator"],
                "additionalProperties": False,
                "properties": {
                    "numerator": _selection("Added to the feed's selection."),
                    "denominator": _selection("Added to the feed's selection."),
                    "scale": {
                        "type": "number",
                        "exclusiveMinimum": 0,
                        "default": 100,
                        "description": "The factor, 100 for a percentage.",
                        "x-expected": "a positive number",
                    },
                },
            },
            "peers": {
                "type": "object",
                "description": "The same selection for other values of one variable.",
                "required": ["variable", "areas", "names"],
                "additionalProperties": False,
                "properties": {
                    "variable": {**_TEXT, "description": "The variable the feed selects."},
                    "areas": {
                        "type": "object",
                        "minProperties": 1,
                        "additionalProperties": {"$ref": "#/$defs/texts"},
                        "description": "Code: names, in the order the pages list them; must "
                        "include the feed's own area.",
                        "x-expected": "a mapping of area code: names",
                    },
                    "names": {**names, "description": "What the group is called. " + texts},
                    "reference": {
                        "type": "array",
                        "items": {"type": ["string", "integer"]},
                        "description": "Area codes shown but not ranked (the whole country).",
                        "x-expected": "a list of area codes",
                    },
                },
            },
        },
    }


#: The schema of a provenance sidecar ``<file>.meta.yaml`` (read by seuranta.meta).
SIDECAR_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "<file>.meta.yaml",
    "description": "Where a raw file came from and whether its numbers are real. Also "
    "one of `published`, `retrieved` or `transcribed` is required.",
    "type": "object",
    "required": list(REQUIRED),
    "additionalProperties": False,
    "properties": {
        "title": {**_TEXT, "description": "The file's title."},
        "source": {**_TEXT, "description": "Where it came from (a citation or an address)."},
        "publisher": {**_TEXT, "description": "Who published it."},
        "licence": {**_TEXT, "description": "Its licence, e.g. CC BY 4.0."},
        "illustrative": {
            "type": "boolean",
            "description": "`true`: made-up numbers; every page using it carries a notice.",
        },
        "reconstructed": {
            "type": "boolean",
            "description": "`true`: the report's numbers in a publisher's file layout.",
        },
        **{
            key: {
                "type": "string",
                "format": "date",
                "description": f"The date it was {key} (2022-12-31).",
            }
            for key in DATES
        },
        "note": {**_TEXT, "description": "Anything a reader should know."},
        "titles": {
            "type": "object",
            "properties": {lang: _TEXT for lang in LANGUAGES},
            "additionalProperties": False,
            "description": "The title per page language; a language without one shows "
            "`title`. Only the programme's languages.",
        },
    },
}


# -- validation ---------------------------------------------------------------------------


def where_text(where: Where) -> str:
    """``("indicators", 3, "unit")`` -> ``indicators[3].unit``."""
    text = ""
    for part in where:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "programme"


def line_of(lines: dict[Where, int], where: Where) -> int | None:
    """The line of ``where``, or of the nearest enclosing value the file has."""
    while True:
        key = tuple(p if isinstance(p, int) else str(p) for p in where)
        # A mapping key that YAML reads as a number (``1: x``) is kept as written.
        for candidate in (key, (*key[:-1], str(key[-1])) if key else key):
            if candidate in lines:
                return lines[candidate]
        if not where:
            return None
        where = where[:-1]


_TYPE_WORDS = {
    "object": "a mapping",
    "array": "a list",
    "string": "a text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}


def describe(value: object) -> str:
    """A found value as a message names it: ``the text "one"``, ``13``, ``nothing``."""
    if isinstance(value, str):
        return f'the text "{value}"'
    if isinstance(value, bool):
        return str(value).lower()
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    return f"{type(value).__name__} {value}"


def _message(error) -> tuple[Where, str]:
    """Where a jsonschema error is and what was expected, in the toolkit's words."""
    where: Where = tuple(error.absolute_path)
    schema, kind, value = error.schema, error.validator, error.instance
    if kind == "required":
        missing = [k for k in error.validator_value if k not in value]
        return where, f"missing key(s) {', '.join(missing)}"
    if kind == "additionalProperties":
        known = list(schema.get("properties", {}))
        unknown = [k for k in value if k not in known]
        return (*where, unknown[0]), f"unknown key: expected one of {', '.join(known)}"
    if kind == "propertyNames":
        return (*where, value), f'"{value}" is no id: expected a-z, 0-9, - and _'
    if kind == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return where, f"expected one of {allowed}, found {describe(value)}"
    if kind == "uniqueItems":
        return where, "expected each item once, found one repeated"
    found = describe(value)
    if kind in ("minItems", "maxItems", "minProperties"):
        found = f"{len(value)} item(s)" if value else "none"
    expected = schema.get("x-expected")
    if expected is None and kind == "type":
        types = error.validator_value
        types = [types] if isinstance(types, str) else types
        expected = " or ".join(_TYPE_WORDS.get(t, t) for t in types)
    return where, f"expected {expected or 'something else'}, found {found}"


def import_jsonschema() -> None:
    """Import jsonschema (for nbformat) without building the ``rfc3987_syntax`` IRI grammar.

    jsonschema's format checker imports the optional ``rfc3987_syntax`` when installed, and
    that module compiles a Lark grammar at import: ~1 s of CPU, more than all the rest of the
    warm-up, spent in the parent before any appendix can start. Only the "iri" formats of
    jsonschema's FormatChecker need it; nbformat validates notebooks without format checks.
    The module is hidden for that one import and importable again afterwards.
    """
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        return
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        pass
    finally:
        del sys.modules["rfc3987_syntax"]


def check(doc: object, schema: dict[str, Any], path: Path, lines: dict[Where, int]) -> None:
    """Validate ``doc``; the first problem in the file as one InputError, else nothing."""
    # Without the IRI grammar jsonschema would build at import (~1.8 s): no format here
    # needs it, and every command and notebook reads a programme definition.
    import_jsonschema()
    from jsonschema import Draft202012Validator

    errors = list(Draft202012Validator(schema).iter_errors(doc))
    if not errors:
        return
    found = [_message(e) for e in errors]
    # The first problem in the file; at the same line the innermost. A wrong language list
    # goes first: it decides which texts every other value needs.
    found.sort(
        key=lambda f: (
            f[0][:1] != ("languages",),
            line_of(lines, f[0]) or 0,
            -len(f[0]),
        )
    )
    where, message = found[0]
    raise InputError(path, f"{where_text(where)}: {message}", line=line_of(lines, where))


# -- the reference page -------------------------------------------------------------------


def _what(node: dict[str, Any]) -> str:
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        return f"[{name}](#{name})"
    if node.get("x-type") == "texts":
        return "[texts](#texts)"
    if "enum" in node:
        return "one of " + ", ".join(f"`{v}`" for v in node["enum"])
    kind = node.get("type")
    if kind == "array":
        items = node.get("items", {})
        if "$ref" in items:
            return f"list of {_what(items)}"
        if "enum" in items:
            return "list of " + ", ".join(f"`{v}`" for v in items["enum"])
        return node.get("x-expected", "list")
    values = node.get("additionalProperties")
    if kind == "object" and isinstance(values, dict) and "$ref" in values:
        return f"mapping of id: {_what(values)}"
    if node.get("format") == "date":
        return "date"
    if "x-expected" in node:
        return node["x-expected"]
    kinds = kind if isinstance(kind, list) else [kind]
    return " or ".join(_TYPE_WORDS.get(k, str(k)) for k in kinds)


def _table(node: dict[str, Any]) -> list[str]:
    rows = ["| key | required | value | default | meaning |", "|---|---|---|---|---|"]
    required = set(node.get("required", []))
    for key, sub in node.get("properties", {}).items():
        default = f"`{json.dumps(sub['default'])}`" if "default" in sub else ""
        meaning = " ".join(str(sub.get("description", "")).split())
        rows.append(
            f"| `{key}` | {'yes' if key in required else ''} | {_what(sub)} | {default} "
            f"| {meaning} |"
        )
    return rows


def reference() -> str:
    """docs/programme-reference.md, generated from the schemas (module docstring)."""
    schema = programme_schema()
    out = [
        "# Programme definition reference",
        "",
        "<!-- Generated by `python -m seuranta.programme.schema > docs/programme-reference.md`",
        "from lib/seuranta/programme/schema.py; do not edit by hand (tests/test_programme.py",
        "checks it). -->",
        "",
        "A programme is a folder `data/raw/<id>/` with `programme.yaml`, one folder per report",
        "year (`2022/`) and a provenance sidecar `<file>.meta.yaml` beside every file.",
        "`seuranta new <id>` makes a minimal one. Everything is read strictly: an unknown key,",
        "a repeated key, a value of the wrong type or a text in a language the programme does",
        "not publish stops `seuranta clean` with one line naming the file, the line and the",
        "key, e.g. `data/raw/x/programme.yaml:12: goals[0].number: expected a whole number",
        'from 1 up, found the text "one"`. Anchors and aliases are refused.',
        "",
        "## Files of a report year",
        "",
        "| file | required | what |",
        "|---|---|---|",
        "| `table1.csv` | yes | the report's Table 1 in its own notation |",
        "| `projects.csv` | | the project register; without it the pages say there is none |",
        "| `budget.yaml` and `ledger.csv` | | the appropriation and the ledger, together; "
        "without them there is no budget page |",
        "| `sources/` | | published statistics files named by the `feed`s |",
        "| `commentary/<lang>/` | | the analysts' Markdown per page |",
        "",
        "## programme.yaml",
        "",
        schema["description"],
        "",
        *_table(schema),
    ]
    for name, node in schema["$defs"].items():
        out += ["", f"### {name}", "", " ".join(node["description"].split()), ""]
        if name != "texts":
            out += _table(node)
        else:
            out.append(f"Keys: the programme's `languages` (of {', '.join(LANGUAGES)}).")
    out += [
        "",
        "### Placeholders",
        "",
        "A text beginning with `TODO` (what `seuranta new` writes where only you know the",
        "answer) is valid, so a new programme cleans and renders as is, but `seuranta clean`",
        "warns about each one, naming the file, the line and the key, until it is filled in.",
        "",
        "## <file>.meta.yaml",
        "",
        " ".join(SIDECAR_SCHEMA["description"].split()),
        "",
        *_table(SIDECAR_SCHEMA),
        "",
    ]
    return "\n".join(out)


if __name__ == "__main__":
    import sys

    sys.stdout.write(reference())
