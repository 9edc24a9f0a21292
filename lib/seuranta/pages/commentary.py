"""The analysts' commentary on a page: one block each, which can be rebuilt alone.

A commentary block is a page block whose output carries the metadata
``{"seuranta": {"commentary": <name>, "kind": <kind>}}`` (:func:`slot`). Its HTML depends on
nothing but the commentary's text, the page's language and its kind (:func:`block_html`):
the page's own commentary is a section under the heading "Commentary", an indicator's is a
division under that indicator's heading. So when an edit changes nothing but the text of a
commentary a page already shows, ``seuranta render`` rebuilds that block in the executed
notebook and exports the page again without running the notebook
(:mod:`seuranta.render.patch`); the page is byte for byte what running it gives.

A notebook that reads a commentary without showing it in its block (to quote it, or count
its words) is recorded as doing so (:meth:`seuranta.dataset.Dataset.commentary`, the page's
sources record), and its page is run again in full when that commentary changes.

This module needs neither pandas nor IPython.
"""

from __future__ import annotations

from typing import Any

from seuranta.clean.commentary import to_html
from seuranta.i18n import Translator
from seuranta.pages.html_text import esc

#: The key of a commentary block's output metadata.
SLOT_KEY = "seuranta"
#: The kinds of commentary block: the page's own, and one indicator's.
KINDS = ("page", "indicator")


def block_html(tr: Translator, text: str, kind: str) -> str:
    """The HTML of a commentary block of ``kind`` with the Markdown ``text``."""
    if kind == "page":
        return (
            f'<section class="commentary"><h2>{esc(tr("report.commentary.title"))}</h2>'
            f"{to_html(text, top_level=3)}</section>"
        )
    if kind == "indicator":
        return f'<div class="commentary">{to_html(text, top_level=4)}</div>'
    raise ValueError(f"unknown commentary kind {kind!r}: expected one of {', '.join(KINDS)}")


def slot(name: str, kind: str) -> dict[str, Any]:
    """The output metadata that marks the block of commentary ``name``."""
    return {SLOT_KEY: {"commentary": name, "kind": kind}}


def slot_of(output: dict[str, Any]) -> tuple[str, str] | None:
    """``(name, kind)`` of a commentary block's output; None for any other output."""
    record = (output.get("metadata") or {}).get(SLOT_KEY)
    if not isinstance(record, dict) or record.get("kind") not in KINDS:
        return None
    name = record.get("commentary")
    return (name, record["kind"]) if isinstance(name, str) else None


def shows(text: str | None) -> bool:
    """Whether a commentary text gets a block at all (an empty file shows nothing)."""
    return bool(text and text.strip())
