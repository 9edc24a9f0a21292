"""The provenance sidecar ``<file>.meta.yaml`` as JSON Schema: :data:`SIDECAR_SCHEMA`.

Read by :mod:`seuranta.programme.provenance` through :mod:`seuranta.programme.validate`;
``docs/programme-reference.md`` documents it (:mod:`seuranta.programme.reference`).
"""

from __future__ import annotations

from typing import Any

from seuranta.catalog import LANGUAGES
from seuranta.programme.provenance import DATES, REQUIRED
from seuranta.programme.schema import TEXT

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
        "title": {**TEXT, "description": "The file's title."},
        "source": {**TEXT, "description": "Where it came from (a citation or an address)."},
        "publisher": {**TEXT, "description": "Who published it."},
        "licence": {**TEXT, "description": "Its licence, e.g. CC BY 4.0."},
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
        "note": {**TEXT, "description": "Anything a reader should know."},
        "titles": {
            "type": "object",
            "properties": {lang: TEXT for lang in LANGUAGES},
            "additionalProperties": False,
            "description": "The title per page language; a language without one shows "
            "`title`. Only the programme's languages.",
        },
        "publishers": {
            "type": "object",
            "properties": {lang: TEXT for lang in LANGUAGES},
            "additionalProperties": False,
            "description": "The publisher's name per page language (Esbo stad, City of "
            "Espoo); a language without one shows `publisher`. Only the programme's languages.",
        },
        "fetched": {
            "type": "object",
            "description": "Written by `seuranta fetch`: what the server said. `url` and "
            "`query` (each request's address, more than one when a query was split), the "
            "table's `table`, `label` and `updated` time, `retrieved_at` (UTC), the `sha256` "
            "of the stored bytes, the `licence` and `credit` of the server's `/config`, and "
            "`joined` (true when split answers were joined into one file).",
            "x-expected": "a mapping written by seuranta fetch",
        },
    },
}
