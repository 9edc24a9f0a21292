"""The accessibility statement's part of a programme definition: its schema and reading.

``accessibility`` in programme.yaml holds what the statement page
(:mod:`seuranta.pages.sections.statement`) says: the conformance status, the date and
method of the assessment, the contact and feedback channel, the supervisory authority and
the known gaps (Act on the Provision of Digital Services 306/2019).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from seuranta.errors import InputError
from seuranta.programme.model import Accessibility, Names
from seuranta.programme.vocabulary import CONFORMANCE


def accessibility_schema(names: dict[str, Any], texts: str) -> dict[str, Any]:
    """The JSON Schema of ``accessibility``; ``names`` is the schema of a text per language."""
    return {
        "type": "object",
        "description": "The accessibility statement of the pages (Act on the "
        "Provision of Digital Services 306/2019): one page per language, linked "
        "from every page. Without it the statement page says that no contact has "
        "been given.",
        "required": ["conformance", "assessed", "contact", "feedback", "gaps"],
        "additionalProperties": False,
        "properties": {
            "conformance": {
                "enum": list(CONFORMANCE),
                "description": "How far the pages meet WCAG 2.1 level AA: `full`, "
                "`partial` (the known gaps below) or `none`.",
            },
            "assessed": {
                # YAML reads 2026-12-03 as a date: load.py checks it (a date or
                # its ISO text)
                "description": "The date of the latest assessment (2026-12-03).",
                "x-expected": "a date yyyy-mm-dd",
            },
            "method": {
                **names,
                "description": "How the pages were assessed. " + texts,
            },
            "contact": {
                **names,
                "description": "Who answers for the pages' accessibility, with "
                "an address. " + texts,
            },
            "feedback": {
                **names,
                "description": "Where a reader reports a barrier or asks for the "
                "content in another form. " + texts,
            },
            "enforcement": {
                **names,
                "description": "The supervisory authority a reader may turn to "
                "when the answer does not satisfy. " + texts,
            },
            "gaps": {
                "type": "array",
                "items": {"$ref": "#/$defs/texts"},
                "description": "Known content that is not accessible, one text per "
                "gap, each in every language; empty where none is known.",
                "x-expected": "a list of texts",
            },
        },
    }


def read_accessibility(
    node: dict[str, Any] | None,
    fail: Callable[[tuple, str], InputError],
    names_kept: Callable[[dict[str, str]], Names],
) -> Accessibility | None:
    """The statement's facts from a node the schema accepted; its date checked (YAML gives
    a date object, a quoted date stays text). ``fail`` makes the error naming file, line
    and key; ``names_kept`` reads a text per language."""
    if node is None:
        return None
    where = ("accessibility", "assessed")
    assessed = node["assessed"]
    if isinstance(assessed, dt.datetime):
        assessed = assessed.date()
    if isinstance(assessed, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", assessed):
        try:
            assessed = dt.date.fromisoformat(assessed)
        except ValueError:
            raise fail(where, f'"{assessed}" is no such date') from None
    if not isinstance(assessed, dt.date):
        raise fail(where, f"expected a date yyyy-mm-dd, found {assessed!r}")
    optional = {k: names_kept(node[k]) for k in ("method", "enforcement") if k in node}
    return Accessibility(
        conformance=node["conformance"],
        assessed=assessed.isoformat(),
        contact=names_kept(node["contact"]),
        feedback=names_kept(node["feedback"]),
        gaps=tuple(names_kept(gap) for gap in node["gaps"]),
        **optional,
    )
