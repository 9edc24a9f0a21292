"""``seuranta new <id> [--lang fi,sv]``: a minimal valid programme to start from.

It writes ``data/raw/<id>/``: ``programme.yaml`` (one goal, one indicator, one data
source, the languages asked for), the first report year's ``table1.csv`` with one row, and
a provenance sidecar for each. Nothing else: the project register, the ledger with its
``budget.yaml`` and published statistics are optional (see docs/programme-reference.md).

Where only the programme's people know the answer (its name, the source of a file, its
licence) the starter writes a placeholder, a text beginning with ``TODO``
(:data:`seuranta.yamlfile.PLACEHOLDER`). A placeholder is a valid value, so the new programme
cleans and renders as is; ``seuranta clean`` logs a warning for each one, naming the file,
the line and the key, until it is filled in. The example values of Table 1 are marked
illustrative in its sidecar.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile

from seuranta.catalog import LANGUAGES, META_SUFFIX, PROGRAMME_FILE, raw_file
from seuranta.errors import SeurantaError
from seuranta.location import display_path
from seuranta.paths import ProjectPaths, check_programme_id, project_paths

log = logging.getLogger(__name__)


def _languages(text: str | None) -> tuple[str, ...]:
    if text is None:
        return LANGUAGES
    langs = [part.strip() for part in text.split(",") if part.strip()]
    if not langs:
        raise SeurantaError("no language given: expected e.g. --lang fi or --lang fi,sv")
    for lang in langs:
        if lang not in LANGUAGES:
            raise SeurantaError(
                f'unknown language "{lang}": expected some of {", ".join(LANGUAGES)}'
            )
    return tuple(dict.fromkeys(langs))


def _texts(languages: tuple[str, ...], what: str, indent: int) -> str:
    pad = " " * indent
    return "".join(f'{pad}{lang}: "TODO: {what} in {lang}"\n' for lang in languages)


def programme_yaml(programme_id: str, languages: tuple[str, ...]) -> str:
    return (
        f"# The programme definition of {programme_id}, made by `seuranta new`.\n"
        "# Reference: docs/programme-reference.md. Replace every TODO text: `seuranta clean`\n"
        "# warns about each one until it is filled in.\n"
        f"id: {programme_id}\n"
        "# The languages the pages are published in; every text below is needed in each.\n"
        f"languages: [{', '.join(languages)}]\n"
        "names:\n" + _texts(languages, "the programme's name", 2) + "organisation:\n"
        "" + _texts(languages, "the organisation's name", 2) + "report:\n"
        "" + _texts(languages, "the follow-up report's title", 2) + "\n"
        "# Your own units (count, percent and score are built in), e.g.\n"
        "# units:\n"
        "#   kt-co2e:\n"
        "#     names: {" + ", ".join(f"{lang}: kt CO2e" for lang in languages) + "}\n"
        "#     decimals: 1\n"
        "units: {}\n\n"
        "# The data sources of Table 1; report_name is the text of its source column.\n"
        "sources:\n"
        "  source-1:\n"
        '    report_name: "TODO: source"\n'
        "    names:\n" + _texts(languages, "the data source's name", 6) + "\n"
        "goals:\n"
        "  - number: 1\n"
        "    names:\n" + _texts(languages, "the goal's title", 6) + "    aim:\n"
        "" + _texts(languages, "what the goal aims at", 6) + "\n"
        "# Indicators in the order of Table 1. direction: which way is better.\n"
        "indicators:\n"
        "  - id: indicator-1\n"
        "    goal: 1\n"
        "    names:\n" + _texts(languages, "the indicator's name", 6) + "    unit: count\n"
        "    direction: higher\n"
        "    source: source-1\n"
    )


def table1_csv(year: int) -> str:
    return (
        f"goal;indicator;series;source;baseline {year - 1};status 31.12.{year};"
        f"target {year + 3}\n"
        "1;indicator-1;total;TODO: source;100;110;150\n"
    )


def sidecar(title: str, today: str, *, illustrative: bool, note: str) -> str:
    return (
        f'title: "{title}"\n'
        'source: "TODO: where the file came from (a citation or an address)"\n'
        'publisher: "TODO: who published it"\n'
        f"transcribed: {today}\n"
        'licence: "TODO: its licence, e.g. CC BY 4.0"\n'
        f"illustrative: {'true' if illustrative else 'false'}\n"
        "reconstructed: false\n"
        f'note: "{note}"\n'
    )


def new_programme(
    programme_id: str,
    languages: str | None = None,
    year: int | None = None,
    paths: ProjectPaths | None = None,
) -> list[str]:
    """Write a new programme ``data/raw/<programme_id>/``; the files written, as displayed.

    Refused if the folder exists (nothing is overwritten); written whole or not at all.
    """
    paths = paths or project_paths()
    check_programme_id(programme_id)
    langs = _languages(languages)
    today = dt.date.today()
    year = today.year if year is None else year  # --year 0 is an error, not this year
    if not 1900 <= year <= 2100:
        raise SeurantaError(f"report year {year} is not plausible: expected 1900-2100")
    folder = paths.raw_programme(programme_id)
    if folder.exists():
        raise SeurantaError(f"{display_path(folder)} exists already: nothing was written")
    files = {
        PROGRAMME_FILE: programme_yaml(programme_id, langs),
        PROGRAMME_FILE + META_SUFFIX: sidecar(
            "TODO: the programme definition's title",
            today.isoformat(),
            illustrative=False,
            note="TODO: where the goals and indicators were transcribed from",
        ),
        f"{year}/{raw_file('table1')}": table1_csv(year),
        f"{year}/{raw_file('table1')}{META_SUFFIX}": sidecar(
            f"TODO: the title of Table 1 of the {year} report",
            today.isoformat(),
            illustrative=True,
            note="TODO: the values are examples made by seuranta new; replace them with the "
            "report's and set illustrative to false",
        ),
    }
    paths.raw.mkdir(parents=True, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=f".new-{programme_id}-", dir=paths.raw)
    try:
        for name, text in files.items():
            target = os.path.join(staging, name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
        os.rename(staging, folder)
    except OSError as err:
        raise SeurantaError(
            f"cannot write {display_path(folder)}: {err.strerror or err}; nothing was written"
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    written = [display_path(folder / name) for name in files]
    log.info(
        "%s: a new programme in %s; fill in its TODO texts, then `seuranta clean --programme "
        "%s` and `seuranta render --programme %s`",
        display_path(folder),
        ", ".join(langs),
        programme_id,
        programme_id,
    )
    return written
