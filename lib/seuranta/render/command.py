"""``seuranta render``: the command, from its arguments to the pages and the PDF books.

Without ``--programme`` every programme under ``data/raw/`` is rendered in turn; without
``--lang``, every language the programme publishes. For each programme, under its lock
(:mod:`seuranta.clean.lock`, held to the last PDF page, so that no clean replaces the data
half-way and no other render interleaves):

1. **Fresh data first.** The processed data are compared with what they were cleaned from
   (:func:`seuranta.clean.lineage.compare`); where raw or the library changed, the command
   says so in one line and cleans before planning, as make rebuilds a stale target: only
   the commentary when nothing else changed (:mod:`seuranta.clean.commentary_refresh`),
   else in full. A clean that fails stops the render with the clean's own message: nothing
   is published. Once the data are current, the definition the clean validated is read
   without checking it again (:func:`seuranta.programme.load.trust`).
2. The plan (:mod:`seuranta.render.plan`) is rendered by :func:`seuranta.render.run.render`
   under the year's lock; with ``--pdf`` each language then gets its PDF book
   (:func:`seuranta.render.book.print_books`) under the same locks.
"""

from __future__ import annotations

import logging
from argparse import Namespace
from functools import partial

from seuranta.catalog import PROGRAMME_FILE
from seuranta.clean import commentary_refresh, lineage
from seuranta.clean.lock import programme_lock
from seuranta.errors import SeurantaError
from seuranta.paths import ProjectPaths, project_paths
from seuranta.programme import list_programmes
from seuranta.programme.load import trust
from seuranta.render.manifest import manifest_path
from seuranta.render.plan import parse_languages, plan, programme_facts
from seuranta.render.run import render
from seuranta.render.year_lock import year_lock

log = logging.getLogger(__name__)


def render_command(args: Namespace) -> int:
    """``seuranta render``: 0 if every appendix rendered or was unchanged, else 1."""
    paths = project_paths()
    if getattr(args, "programme", None) is None:
        ids = list_programmes(paths)
        if not ids:
            raise SeurantaError("no programmes under data/raw/ (<programme>/programme.yaml)")
        codes = [render_command(Namespace(**{**vars(args), "programme": p})) for p in ids]
        return max(codes)
    with programme_lock(paths, args.programme):
        clean_if_stale(paths, args.programme, beside=True)
        return _render_programme(args, paths)


def clean_if_stale(paths: ProjectPaths, programme: str, *, beside: bool = False) -> bool:
    """Clean ``programme`` when its processed data are older than raw; True if it did.

    ``beside``: a full clean runs in a child process while this one imports the rendering
    machinery (:func:`seuranta.render.warmup.import_heavy`), two jobs on two cores; a
    clean means something to render, and each would otherwise wait for the other.
    """
    if programme not in list_programmes(paths):
        return False  # planning names the known programmes
    stale = lineage.compare(paths, programme)
    changed = stale.reasons(paths, programme)
    if changed:
        more = f" and {len(changed) - 1} more" if len(changed) > 1 else ""
        log.info("%s: %s%s since the last clean: cleaning first", programme, changed[0], more)
        if beside and commentary_refresh.commentary_years(stale) is None:
            # Forking and the rendering machinery: only for a full clean. A commentary edit
            # is refreshed here, at once: its pages mostly need no notebook run
            # (seuranta.render.patch), so the machinery may never be needed.
            from seuranta.render.scheduler import run_beside
            from seuranta.render.warmup import import_heavy

            run_beside(partial(_clean, paths, programme, stale), partial(import_heavy, ()))
        else:
            _clean(paths, programme, stale)
    recorded = lineage.read(paths, programme)  # current now, made by this library
    if recorded is not None and recorded.get("raw", {}).get(PROGRAMME_FILE):
        trust(recorded["raw"][PROGRAMME_FILE])
    return bool(changed)


def _clean(paths: ProjectPaths, programme: str, stale: lineage.Staleness) -> None:
    """Only the commentary when nothing else changed; else a full clean."""
    if not commentary_refresh.refresh(paths, programme, stale):
        # A full clean loads pandas, which a render with nothing to do need not pay for.
        from seuranta.clean.run import clean

        clean([programme], paths)


def _render_programme(args: Namespace, paths: ProjectPaths) -> int:
    langs = parse_languages(args.lang, programme_facts(args.programme, paths).languages)
    only = [name.strip() for name in args.only.split(",") if name.strip()] if args.only else None
    year, appendices = plan(args.programme, args.year, langs, paths=paths, only=only)
    with year_lock(manifest_path(paths, args.programme, year).parent):
        result = render(
            appendices,
            programme=args.programme,
            year=year,
            paths=paths,
            jobs=args.jobs,
            force=args.force,
            progress=False if getattr(args, "quiet", False) else None,
        )
        if args.pdf:
            # Printing loads asyncio and pypdf, which a run without --pdf need not pay for.
            from seuranta.render.book import print_books

            failed_langs = {o.appendix.lang for o in result.failed}
            print_books(paths, args.programme, year, langs, skip=failed_langs)
    return 1 if result.failed else 0
