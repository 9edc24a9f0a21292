"""Every YAML file the toolkit reads, read strictly: :func:`read_yaml`.

A strict safe loader: anchors and aliases are refused (an alias bomb, "billion laughs",
would otherwise expand to gigabytes in memory, and no file of ours needs them), as are
duplicate keys (YAML would silently keep the last one), impossible dates (``2022-02-30``),
invisible characters in a text (a zero-width space, a BOM, a control character), nesting
deeper than any of our files needs and files larger than :data:`MAX_YAML_BYTES`. The
whole text, comments too, first passes the rule every raw file follows
(:func:`seuranta.rawtext.check_text`). Each
error names the file, the line and, where there is one, the key.
"""

from __future__ import annotations

import logging
from pathlib import Path

import yaml
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from seuranta.errors import InputError
from seuranta.rawtext import INVISIBLE, check_text, describe_character

#: Our YAML files are a few kilobytes; anything this large is not one of them.
MAX_YAML_BYTES = 2_000_000
#: Deeper nesting than this is no programme definition (and would exhaust the stack).
MAX_YAML_DEPTH = 50

log = logging.getLogger(__name__)


class _Refused(Exception):
    """A YAML construct the strict loader does not accept, at a line, maybe at a key."""

    def __init__(self, message: str, line: int | None, key: str | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.key = message, line, key


def _line(node_or_event) -> int | None:
    mark = getattr(node_or_event, "start_mark", None)
    return mark.line + 1 if mark is not None else None


class StrictLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` without anchors, aliases or duplicate keys (module docstring)."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _Refused(
                f'alias "*{event.anchor}" refused: write the value out in full', _line(event)
            )
        if isinstance(event, ScalarEvent | MappingStartEvent | SequenceStartEvent) and (
            event.anchor is not None
        ):
            raise _Refused(
                f'anchor "&{event.anchor}" refused: anchors and aliases are not accepted',
                _line(event),
            )
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise _Refused(f"nested deeper than {MAX_YAML_DEPTH} levels", _line(event))
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        if isinstance(node, MappingNode):
            seen: dict[object, int | None] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, ScalarNode):
                    raise _Refused("a key must be a plain text or number", _line(key_node))
                key = self.construct_object(key_node, deep=True)
                if key in seen:
                    raise _Refused(
                        f"duplicate key (first on line {seen[key]})", _line(key_node), str(key)
                    )
                seen[key] = _line(key_node)
        return super().construct_mapping(node, deep=deep)

    def construct_scalar(self, node):
        value = super().construct_scalar(node)
        # The file's text passed check_text; an escape ("\u202e") can still make one.
        hidden = INVISIBLE.search(value) if isinstance(value, str) else None
        if hidden:
            raise _Refused(
                f"invisible character {describe_character(hidden[0])} in a text: remove it",
                _line(node),
            )
        return value

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as err:
            raise _Refused(f'"{node.value}" is no such date ({err})', _line(node)) from None


StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", StrictLoader.construct_yaml_timestamp)


def read_yaml(path: Path) -> object:
    """A YAML file read strictly (module docstring), or an InputError naming file and line."""
    return _load(path, with_lines=False)[0]


#: Where a value of a YAML document is: the keys and list positions leading to it.
Where = tuple[str | int, ...]


def read_yaml_lines(path: Path, data: bytes | None = None) -> tuple[object, dict[Where, int]]:
    """:func:`read_yaml` and the line of every value: ``("goals", 0, "number") -> 42``.

    A mapping entry's line is its key's, a list item's is where the item starts, and the
    document's own (``()``) is 1; the programme definition names them in its errors. With
    ``data``, those bytes are read as the file ``path`` (what was read is what is checked).
    """
    return _load(path, with_lines=True, data=data)


def read_yaml_checked(data: bytes) -> object:
    """YAML bytes that :func:`read_yaml` has already accepted, read again quickly.

    The strict loader is pure Python (~70 ms for a programme definition); these bytes have
    passed its checks, so libyaml's parser gives the same values (the same constructors,
    dates included) without them. Only for bytes known to be checked, such as the copy
    ``clean`` wrote of the definition it validated (:func:`seuranta.programme.load.trust`).
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(data.decode("utf-8"), Loader=loader)  # CSafeLoader or SafeLoader: safe


def _lines_of(node, where: Where, lines: dict[Where, int]) -> None:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            # The same key as construct_mapping builds: an int key stays an int.
            key = key_node.value
            child = (*where, key)
            lines[child] = _line(key_node) or 1
            _lines_of(value_node, child, lines)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            child = (*where, index)
            lines[child] = _line(item) or 1
            _lines_of(item, child, lines)


def _load(
    path: Path, *, with_lines: bool, data: bytes | None = None
) -> tuple[object, dict[Where, int]]:
    try:
        size = path.stat().st_size if data is None else len(data)
        if size > MAX_YAML_BYTES:
            raise InputError(path, f"{size} bytes: too large for a YAML file of the toolkit")
        text = (path.read_bytes() if data is None else data).decode("utf-8")
        text = check_text(path, text)
    except UnicodeDecodeError as err:
        raise InputError(path, f"not UTF-8 text: {err.reason} at byte {err.start}") from None
    except OSError as err:
        raise InputError(path, f"cannot read: {err.strerror or err}") from None
    lines: dict[Where, int] = {(): 1}
    try:
        loader = StrictLoader(text)
        try:
            if not with_lines:
                return loader.get_single_data(), lines
            node = loader.get_single_node()
            if node is None:
                return None, lines
            data = loader.construct_document(node)
            _lines_of(node, (), lines)
            return data, lines
        finally:
            loader.dispose()
    except _Refused as err:
        raise InputError(path, err.message, line=err.line, key=err.key) from None
    except yaml.reader.ReaderError as err:
        line = text[: err.position].count("\n") + 1
        raise InputError(
            path, f"character U+{err.character:04X} is not allowed in YAML", line=line
        ) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err)
        raise InputError(
            path, f"not valid YAML: {problem}", line=mark.line + 1 if mark else None
        ) from None
    except RecursionError:
        raise InputError(path, f"nested deeper than {MAX_YAML_DEPTH} levels") from None


#: A value that still holds the starter's text (``seuranta new``): ``TODO: who published
#: this file``. ``clean`` warns about each one; the placeholders are valid values, so a
#: new programme cleans and renders as is and the warnings say what is left to fill in.
PLACEHOLDER = "TODO"


def is_placeholder(value: object) -> bool:
    return isinstance(value, str) and value.strip().startswith(PLACEHOLDER)
