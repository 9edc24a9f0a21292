"""A page whose commentary text alone changed: its blocks rebuilt, the notebook not run.

The analyst's most frequent edit is a sentence of commentary. The commentary reaches a page
only through its own blocks (:mod:`seuranta.pages.commentary`), whose HTML depends on the
text, the language and the kind of block alone. So when the only inputs of a page that
changed since its last good render are commentary files it shows in such blocks
(:func:`commentary_changes`), ``seuranta render`` takes the executed notebook of that
render, puts the new blocks in place of the old ones, and exports the page again with the
same exporter (:func:`patch_page`). The page, its executed notebook (apart from papermill's
times) and its files are byte for byte what running the notebook gives; ``seuranta
verify`` re-renders from scratch and compares, and the tests do the same after every kind
of edit.

The notebook runs in full instead (:class:`NotPatchable`, said at debug level) when anything
else changed (data, definition, notebook, library, template, package versions), when a
commentary appears or disappears (a block added or removed), when the notebook read that
commentary other than into its block (the sources record), or when the published page or
its executed notebook are not those of the last good render (their recorded hashes).

This needs nbformat and the exporter (nbconvert), not papermill, IPython, pandas or
matplotlib: a few tenths of a second instead of a notebook run.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from seuranta.clean.commentary import find
from seuranta.files import sha256_file, write_atomic
from seuranta.i18n import Translator
from seuranta.pages import SOURCES_MIMETYPE
from seuranta.pages.commentary import block_html, shows, slot_of
from seuranta.pages.html_text import block_bundle
from seuranta.paths import ProjectPaths
from seuranta.render.manifest import Target, is_fresh, timestamp
from seuranta.render.page_inputs import changed_inputs
from seuranta.render.plan import Appendix

#: How the log tells a page rebuilt this way (:class:`seuranta.render.outcome.Outcome`).
HOW = "its commentary alone; the notebook did not run"


class NotPatchable(Exception):
    """The page must run in full; the message says why."""


def commentary_changes(
    previous: dict[str, Any] | None,
    inputs: dict[str, Any],
    versions: dict[str, Any],
    lang: str,
) -> list[str] | None:
    """The names of the commentary of ``lang`` whose text changed, when nothing else of the
    page's inputs did (and the page has a last good render); else None."""
    if not previous or not previous.get("last_good") or previous.get("versions") != versions:
        return None
    changed = changed_inputs(previous.get("inputs"), inputs)
    prefix = f"commentary/{lang}/"
    if not changed or not all(c.startswith(prefix) and c.endswith(".md") for c in changed):
        return None
    old, new = previous["inputs"].get("data") or {}, inputs.get("data") or {}
    if any(not old.get(c) or not new.get(c) for c in changed):  # added or removed
        return None
    return [c.removeprefix(prefix).removesuffix(".md") for c in changed]


def patch_page(
    appendix: Appendix,
    where: Target,
    previous: dict[str, Any],
    names: list[str],
    *,
    paths: ProjectPaths,
    exporter: Callable[[Any], str],
) -> dict[str, Any]:
    """Rebuild the blocks of commentary ``names`` in the last good render of ``appendix`` and
    export the page; the same result record as :func:`seuranta.render.execute.render_one`.

    Raises :class:`NotPatchable` before writing anything when the page must run in full.
    """
    import nbformat  # deferred: only a render that rebuilds a page loads it

    start = time.perf_counter()
    good = previous["last_good"]
    if not is_fresh(previous, good["cache_key"], where):
        raise NotPatchable("the published page is not its last good render")
    recorded = good.get("executed_sha256")
    if not recorded or sha256_file(where.executed) != recorded:
        raise NotPatchable("the executed notebook is not that of the last good render")
    nb = nbformat.read(where.executed, as_version=4)
    outside = _read_outside_blocks(nb)
    params = appendix.parameters
    tr = Translator(appendix.lang)
    for name in names:
        if outside is None or name in outside:
            raise NotPatchable(f"the notebook read commentary {name} other than into its block")
        blocks = [o for o in _outputs(nb) if (slot_of(o) or ("",))[0] == name]
        if len(blocks) != 1:
            raise NotPatchable(f"commentary {name} is shown in {len(blocks)} blocks, not one")
        text = find(paths, params["programme"], params["year"], appendix.lang, name)
        if not shows(text):
            raise NotPatchable(f"commentary {name} no longer shows")
        kind = slot_of(blocks[0])[1]
        blocks[0]["data"] = nbformat.from_dict(block_bundle(block_html(tr, text, kind)))
    html = exporter(nb)
    executed = nbformat.writes(nb)
    write_atomic(where.html, html)
    write_atomic(where.executed, executed)
    return {
        "status": "rendered",
        "how": HOW,
        "warnings": [],
        "html_sha256": hashlib.sha256(html.encode("utf-8")).hexdigest(),
        "executed_sha256": hashlib.sha256(executed.encode("utf-8")).hexdigest(),
        "attachments": dict(good.get("attachments") or {}),
        "resources": list(good.get("resources") or []),
        "sources": list(previous.get("sources") or []),
        "duration_s": round(time.perf_counter() - start, 3),
        "finished_at": timestamp(),
    }


def _outputs(nb: Any):
    for cell in nb.cells:
        yield from cell.get("outputs", [])


def _read_outside_blocks(nb: Any) -> set[str] | None:
    """The commentary the notebook read other than into its block (the page's sources
    record); None when the notebook has no such record (it did not end its page)."""
    for output in _outputs(nb):
        record = output.get("data", {}).get(SOURCES_MIMETYPE)
        if isinstance(record, dict) and isinstance(record.get("commentary_outside_blocks"), list):
            return set(record["commentary_outside_blocks"])
    return None
