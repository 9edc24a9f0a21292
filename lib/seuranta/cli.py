"""The ``seuranta`` command: new, fetch, clean, status, render, verify.

User errors (bad input, unknown programme) print one line and exit 1. A file that cannot
be read or written (permissions, a full disk) is one line too. Anything else is a bug: it
prints one line saying where its full traceback was written (a file under the system's
temporary folder, ``seuranta-errors/``) and exits 1, so no traceback reaches the user.
Every message is passed through :func:`seuranta.errors.visible` and kept on one line.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from seuranta.errors import SeurantaError, visible
from seuranta.location import display_path


def _programme_arg(parser: argparse.ArgumentParser, required: bool = True) -> None:
    parser.add_argument(
        "--programme",
        required=required,
        metavar="ID",
        help="programme id, the folder name under data/raw/",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seuranta",
        description="Follow-up toolkit for city development programmes.",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    # The global options are accepted after the command too (`seuranta clean -q`): each
    # command's parser has them, defaulting to nothing so that they never undo the top's.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="print errors only"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "fetch",
        parents=[common],
        help="download the year's statistics from the publisher's PxWeb API into sources/",
    )
    _programme_arg(p)
    p.add_argument("--year", type=int, required=True, help="report year, e.g. 2023")
    p.add_argument(
        "--api", default=None, metavar="URL", help="API root replacing every download's own"
    )
    p.add_argument(
        "--dry-run", action="store_true", help="ask the server and show changes; write nothing"
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="store a changed answer, keeping the earlier file under a dated name",
    )

    p = sub.add_parser(
        "clean", parents=[common], help="raw files -> validated tidy tables in data/processed"
    )
    _programme_arg(p, required=False)

    p = sub.add_parser(
        "status", parents=[common], help="progress of each indicator toward its target"
    )
    _programme_arg(p)
    p.add_argument("--year", type=int, required=True, help="report year, e.g. 2022")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--lang", default="fi", help="language of the explanations: fi, sv, en")

    p = sub.add_parser(
        "render", parents=[common], help="execute the notebooks and export the HTML appendices"
    )
    _programme_arg(p, required=False)  # default: every programme under data/raw/
    p.add_argument("--year", type=int, help="report year (default: the latest)")
    p.add_argument(
        "--lang",
        default=None,
        help="comma-separated languages, e.g. fi,sv (default: those the programme publishes)",
    )
    p.add_argument("--jobs", type=int, default=None, help="parallel workers (default: CPUs)")
    p.add_argument("--force", action="store_true", help="render even if nothing changed")
    p.add_argument(
        "--pdf", action="store_true", help="also print one PDF book of all appendices per language"
    )
    p.add_argument("--only", default=None, help="comma-separated appendices, e.g. goal-1")

    p = sub.add_parser(
        "new", parents=[common], help="start a new programme: a minimal valid data/raw/<id>/"
    )
    p.add_argument("programme", metavar="ID", help="programme id: a-z, 0-9 and -")
    p.add_argument(
        "--lang", default=None, help="languages it publishes, e.g. fi or fi,sv (default: fi,sv,en)"
    )
    p.add_argument("--year", type=int, default=None, help="first report year (default: this year)")

    p = sub.add_parser(
        "verify",
        parents=[common],
        help="re-render a year in a temporary folder and compare with the published outputs",
    )
    _programme_arg(p)
    p.add_argument("--year", type=int, required=True, help="report year, e.g. 2022")
    p.add_argument("--lang", default=None, help="languages (default: all the programme publishes)")
    p.add_argument("--jobs", type=int, default=None, help="parallel workers (default: CPUs)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(message)s",
        stream=sys.stderr,
    )
    # Each command imports its stage only when it runs: clean and status load pandas, which
    # a render with nothing to do (and `seuranta --help`) must not pay for.
    try:
        if args.command == "fetch":
            from seuranta.fetch import Refused, fetch_command

            try:
                sys.stdout.write(
                    fetch_command(
                        args.programme,
                        args.year,
                        api=args.api,
                        dry_run=args.dry_run,
                        replace=args.replace,
                    )
                )
            except Refused as err:  # what changed goes to stdout, the refusal is the error
                sys.stdout.write("\n".join(err.report) + "\n")
                raise
        elif args.command == "clean":
            from seuranta.clean.run import clean

            clean([args.programme] if args.programme else None)
        elif args.command == "status":
            from seuranta.progress import status_command

            sys.stdout.write(status_command(args.programme, args.year, args.format, args.lang))
        elif args.command == "render":
            from seuranta.render.command import render_command

            if args.only is not None and not any(n.strip() for n in args.only.split(",")):
                # "--only ," is no page, not every page.
                raise SeurantaError(
                    f'--only "{args.only}" names no appendix: expected names separated by '
                    "commas, such as overview,goal-1"
                )

            return render_command(args)
        elif args.command == "new":
            from seuranta.programme.starter import new_programme

            new_programme(args.programme, args.lang, args.year)
        elif args.command == "verify":
            from seuranta.render.verify import verify_command

            text, code = verify_command(args)
            sys.stdout.write(text)
            return code
    except SeurantaError as err:
        return _fail(str(err))
    except OSError as err:
        # A file the toolkit could not open, read or write: the user's to fix, not a bug.
        filename = getattr(err, "filename", None)
        reason = err.strerror or (os.strerror(err.errno) if err.errno else None)
        if filename is None and reason is None and len(err.args) == 1:
            # pyarrow and others raise FileNotFoundError(path) without errno or strerror
            filename = str(err.args[0])
            if isinstance(err, FileNotFoundError):
                reason = "No such file or directory"
        place = f"{display_path(filename)}: " if filename else ""
        return _fail(f"{place}{reason or err}")
    except Exception as err:  # the last resort: one line here, the traceback in a file
        return _fail(f"internal error ({type(err).__name__}: {err}); {_save_traceback()}")
    return 0


def _fail(message: str) -> int:
    sys.stderr.write(f"seuranta: error: {_one_line(message)}\n")
    return 1


def _one_line(message: str) -> str:
    """The message with invisible characters shown; never more than one line."""
    return visible(" ".join(message.splitlines()) if "\n" in message else message)[:2000]


def _save_traceback() -> str:
    """Write the current exception's traceback to a file; say where (or that it failed)."""
    text = traceback.format_exc()
    folder = Path(tempfile.gettempdir()) / "seuranta-errors"
    try:
        folder.mkdir(exist_ok=True)
        path = folder / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}.txt"
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        return f"the traceback could not be saved ({err.strerror or err})"
    return f"full traceback in {path}; please report it"


if __name__ == "__main__":
    raise SystemExit(main())
