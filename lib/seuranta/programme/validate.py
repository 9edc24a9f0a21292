"""Checking a document against a schema, with messages an analyst can act on.

:func:`check` validates a document read by :func:`seuranta.yamlfile.read_yaml_lines` and turns
the first problem in the file (the one on the lowest line) into one
:class:`~seuranta.errors.InputError` naming the file, the line and the key
(``programme.yaml:57: indicators[3].unit: expected ...``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from seuranta.errors import InputError, describe
from seuranta.yamlfile import Where


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


TYPE_WORDS = {
    "object": "a mapping",
    "array": "a list",
    "string": "a text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}


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
        expected = " or ".join(TYPE_WORDS.get(t, t) for t in types)
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
