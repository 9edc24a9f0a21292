"""``seuranta render``: the command, from its arguments to the pages and the PDF books.

Without ``--programme`` every programme under ``data/raw/`` is rendered in turn; without
``--lang``, every language the programme publishes. The plan
(:mod:`seuranta.render.plan`) is rendered by :func:`seuranta.render.run.render`; with
``--pdf`` each language then gets its PDF book (:func:`seuranta.render.book.print_books`).
"""

from __future__ import annotations

from argparse import Namespace

from seuranta.errors import SeurantaError
from seuranta.paths import project_paths
from seuranta.programme import list_programmes
from seuranta.render.plan import parse_languages, plan, programme_facts
from seuranta.render.run import render


def render_command(args: Namespace) -> int:
    """``seuranta render``: 0 if every appendix rendered or was unchanged, else 1."""
    paths = project_paths()
    if getattr(args, "programme", None) is None:
        ids = list_programmes(paths)
        if not ids:
            raise SeurantaError("no programmes under data/raw/ (<programme>/programme.yaml)")
        codes = [render_command(Namespace(**{**vars(args), "programme": p})) for p in ids]
        return max(codes)
    langs = parse_languages(args.lang, programme_facts(args.programme, paths).languages)
    only = [name.strip() for name in args.only.split(",") if name.strip()] if args.only else None
    year, appendices = plan(args.programme, args.year, langs, paths=paths, only=only)
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
