"""HTML text helpers that need neither pandas nor IPython: escaping, a fragment's visible
text, and the output bundle of one page block.

:mod:`seuranta.pages.blocks` and :class:`~seuranta.pages.page.Page` use them on every page;
``seuranta render`` uses them without loading a notebook's machinery when it rebuilds a
commentary block alone (:mod:`seuranta.render.patch`), so the block is built by the same
code either way.
"""

from __future__ import annotations

import re
from html import escape, unescape
from typing import Any

from seuranta.pages import BLOCK_MIMETYPE


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def plain_text(html: str) -> str:
    """Visible text of an HTML fragment: tags dropped, entities decoded, spaces folded."""
    text = re.sub(r"<br\s*/?>", "\n", html)
    text = unescape(re.sub(r"<[^>]+>", "", text))
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()


def block_bundle(html: str) -> dict[str, Any]:
    """The display data of a page block: the page's HTML, and what JupyterLab shows."""
    return {BLOCK_MIMETYPE: html, "text/html": html, "text/plain": plain_text(html)}
