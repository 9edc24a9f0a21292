"""The programme definition as JSON Schema.

:func:`programme_schema` is the schema of ``data/raw/<programme>/programme.yaml`` (the one
of every ``<file>.meta.yaml`` is :data:`seuranta.programme.sidecar_schema.SIDECAR_SCHEMA`);
:mod:`seuranta.programme.validate` checks a document against them. What a schema cannot say
(a goal number that no goal has, a unit that the programme does not declare, a score
without a scale) is checked by :mod:`seuranta.programme.load` with the same kind of message.

``docs/programme-reference.md`` is generated from these schemas by
:mod:`seuranta.programme.reference`; a test fails when the committed page is stale.
"""

from __future__ import annotations

from typing import Any

from seuranta.catalog import LANGUAGES
from seuranta.paths import PROGRAMME_ID_MAX, PROGRAMME_ID_PATTERN
from seuranta.programme.accessibility import accessibility_schema
from seuranta.programme.model import DOWNLOAD_FORMATS
from seuranta.programme.vocabulary import COMPARISONS, DIRECTIONS, FREQUENCIES, PERIOD_PRECISIONS

#: Ids of indicators, series, sources and units: they end up in file names and links.
ID_PATTERN = "^[a-z0-9][a-z0-9_-]*$"
#: The programme id is its folder name under data/raw/ (seuranta.paths).

#: The highest table number: it is part of the download's file name, and a report has
#: far fewer tables.
MAX_TABLE_NUMBER = 999

#: A non-empty text (also the sidecars', seuranta.programme.sidecar_schema).
TEXT = {"type": "string", "pattern": r"\S", "x-expected": "a non-empty text"}
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
        "properties": {lang: TEXT for lang in languages},
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
                "maximum": MAX_TABLE_NUMBER,
                "default": 1,
                "description": "The number of the report's indicator table (Taulukko 1), "
                "for captions and file names.",
                "x-expected": f"a whole number from 1 to {MAX_TABLE_NUMBER}",
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
            "terms": {
                "type": "object",
                "description": "The names the raw files write as the report does, each "
                "in every language: partners and outside funding (`projects.csv`), funding "
                "sources (`Rahoituslähde` of `ledger.csv`). The key is the text as written "
                "there; a name the same in every language (a company) is listed too, with "
                "that text in each. Clean refuses a name not listed here.",
                "propertyNames": {"pattern": r"\S"},
                "additionalProperties": {"$ref": "#/$defs/texts"},
                "default": {},
                "x-expected": "a mapping of name: names",
                "x-key": "name",
            },
            "accessibility": {"$ref": "#/$defs/accessibility"},
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
                        **TEXT,
                        "description": "The text of Table 1's source column (Tietolähde).",
                    },
                    "names": {**names, "description": "The source's name. " + texts},
                    "publisher": {
                        **names,
                        "description": "Its publisher, if not its name. " + texts,
                    },
                    "downloads": {
                        "type": "array",
                        "items": {"$ref": "#/$defs/download"},
                        "minItems": 1,
                        "description": "Tables the publisher serves from a PxWeb API 2.0 "
                        "server: `seuranta fetch` stores each in the year's `sources/`.",
                        "x-expected": "a list of downloads",
                    },
                },
            },
            "download": {
                "type": "object",
                "description": "One table of a PxWeb API 2.0 server (Statistics Finland's "
                "StatFin, Statistics Sweden, Statistics Norway) and the cells to ask for. "
                "`seuranta fetch` asks `<api>/tables/<table>/data` with `valueCodes[<variable>]` "
                "and `outputFormat`, and stores the answer as received under `file`, with a "
                "sidecar written from what the server said.",
                "required": ["file", "api", "table", "values"],
                "additionalProperties": False,
                "properties": {
                    "file": {
                        "type": "string",
                        "pattern": r"^[^/\\.][^/\\]*$",
                        "x-expected": "a file name without a folder, not beginning with a dot",
                        "description": "The name in `<year>/sources/`, with the suffix of "
                        "its format (`.json` for `json-stat2`); a feed names it.",
                    },
                    "api": {
                        "type": "string",
                        "pattern": "^https?://[^ ]+$",
                        "x-expected": "an http(s) address",
                        "description": "The API root, e.g. "
                        "`https://statistikdatabasen.scb.se/api/v2`; `seuranta fetch --api` "
                        "replaces it (a mirror, a test server).",
                    },
                    "table": {
                        "type": "string",
                        "pattern": "^[A-Za-z0-9_.-]+$",
                        "x-expected": "a table id",
                        "description": "The table's id on the server, e.g. `12r5`.",
                    },
                    "values": {
                        "type": "object",
                        "minProperties": 1,
                        "additionalProperties": {
                            "type": ["string", "array"],
                            "items": {"type": ["string", "integer"]},
                            "minItems": 1,
                        },
                        "description": "Variable code: the value codes to ask for, a list or "
                        '`"*"` for all. Every variable of the table is named, so the file '
                        "holds exactly what is asked for.",
                        "x-expected": 'a mapping of variable: codes or "*"',
                    },
                    "lang": {
                        "type": "string",
                        "pattern": "^[a-z]{2}$",
                        "description": "The language of the labels (`fi`, `sv`, `en`); "
                        "default: the server's.",
                        "x-expected": "a language code such as fi",
                    },
                    "format": {
                        "enum": list(DOWNLOAD_FORMATS),
                        "default": "json-stat2",
                        "description": "The output format asked for.",
                    },
                },
            },
            "accessibility": accessibility_schema(names, texts),
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
                    "definition": {**names, "description": "What it measures and how. " + texts},
                    "frequency": {
                        "enum": list(FREQUENCIES),
                        "description": "How often it is published.",
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
                    "margin": {
                        "type": "number",
                        "exclusiveMinimum": 0,
                        "description": 'A change within this many units is "no clear '
                        "change\" (e.g. a survey's sampling error); give its source in a "
                        "comment.",
                        "x-expected": "a positive number in the indicator's unit",
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
                        "December figure of a monthly statistic); it dates the whole Table 1 "
                        "cell, so every series of the indicator takes it.",
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
                        "type": ["string", "array"],
                        "pattern": r"\S",
                        "items": TEXT,
                        "minItems": 1,
                        "x-expected": "a file name or a list of file names",
                        "description": "The file name in `<year>/sources/`; of a list, the "
                        "first one the year has is read (a fetched download from one year on, "
                        "an older extract before it).",
                    },
                    "select": _selection("Variable: code or label of the cells to read."),
                    "period": {**TEXT, "description": "The variable holding the period."},
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
                    "variable": {**TEXT, "description": "The variable the feed selects."},
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
