"""Bad input to ``seuranta clean`` and ``seuranta status``: one table of probes.

``PROBES`` lists malformed inputs: each edits the raw data (or, for ``status``, the cleaned
tables) of a private copy of the session's cleaned tree, or asks ``status`` something
impossible, and names the error it must give: a fragment of text, or a pattern (``rx``)
where the message holds a computed number. Every probe checks exit status 1, exactly one
line on stderr that begins ``seuranta: error:`` and names the file, line and column,
neither a traceback nor an internal error, and that ``data/raw/``, ``data/processed/`` and
``outputs/`` (holding a published page) are byte-identical afterwards: nothing already good
is overwritten. ``WARNINGS`` lists raw files that are not read: clean names each and goes on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import PROGRAMME, tree_digest
from seuranta.clean.commentary import MAX_BYTES
from seuranta.cli import main
from seuranta.paths import ProjectPaths
from seuranta.programme.starter import new_programme
from seuranta.render import verify
from seuranta.render.outcome import RenderResult

RAW = f"data/raw/{PROGRAMME}"
Y = f"{RAW}/2022"
T1 = f"{Y}/table1.csv"
PR = f"{Y}/projects.csv"
LE = f"{Y}/ledger.csv"
BY = f"{Y}/budget.yaml"
PY = f"{RAW}/programme.yaml"
SRC = f"{Y}/sources"
CLEAN = ["clean"]
OUT = f"outputs/{PROGRAMME}/2022"
RENDER = ["render", "--programme", PROGRAMME, "--year", "2022", "--lang", "fi"]
STATUS = ["status", "--programme", PROGRAMME, "--year", "2022"]

ZWSP, BOM, NUL = "\u200b", "\ufeff", "\x00"
RLO, LRM, LRI, SHY, PUA, LSEP = "\u202e", "\u200e", "\u2066", "\u00ad", "\ue000", "\u2028"
COMMENTARY = f"{Y}/commentary"
#: A programme published in Finnish and Swedish only, made by `seuranta new` in a probe.
BILINGUAL = "kaksikielinen"
BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "note: [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
)

Edit = Callable[[Path], None]


def rx(pattern: str) -> re.Pattern:
    """An expected message given as a regular expression rather than a plain fragment."""
    return re.compile(pattern)


# -- edits of a project tree ---------------------------------------------------------------


def rewrite(file: str, change: Callable[[str], str]) -> Edit:
    """Rewrite a text file of the tree through ``change``; its bytes are kept otherwise
    (a leading BOM stays, line ends stay)."""

    def edit(root: Path) -> None:
        path = root / file
        path.write_bytes(change(path.read_bytes().decode("utf-8")).encode("utf-8"))

    return edit


def sub(file: str, old: str, new: str, count: int = 1) -> Edit:
    """Replace ``old`` by ``new`` in a text file (which must contain it)."""

    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, count)

    return rewrite(file, change)


def drop_line(number: int) -> Callable[[str], str]:
    def change(text: str) -> str:
        lines = text.splitlines(keepends=True)
        del lines[number - 1]
        return "".join(lines)

    return change


def repeat_line(number: int) -> Callable[[str], str]:
    """Append a copy of line ``number`` at the end."""

    def change(text: str) -> str:
        lines = text.splitlines(keepends=True)
        return "".join(lines) + lines[number - 1]

    return change


def append(file: str, extra: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / file
        path.write_bytes(path.read_bytes() + extra.encode("utf-8"))

    return edit


def write(file: str, text: str) -> Edit:
    def edit(root: Path) -> None:
        (root / file).write_bytes(text.encode("utf-8"))

    return edit


def latin1(file: str) -> Edit:
    """The file saved in Latin-1 instead of UTF-8."""

    def edit(root: Path) -> None:
        path = root / file
        path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))

    return edit


def remove(file: str) -> Edit:
    def edit(root: Path) -> None:
        (root / file).unlink()

    return edit


def copy_year(name: str) -> Edit:
    def edit(root: Path) -> None:
        shutil.copytree(root / Y, root / RAW / name)

    return edit


def link(file: str, target: Callable[[Path], Path]) -> Edit:
    """Replace ``file`` by a symbolic link to ``target(root)``."""

    def edit(root: Path) -> None:
        path = root / file
        destination = target(root)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        path.symlink_to(destination)

    return edit


def outside(root: Path, name: str = "elsewhere.csv") -> Path:
    """A file outside data/raw (beside the project), with Table 1's content."""
    target = root.parent / name
    shutil.copyfile(root / T1, target)
    return target


def outside_dir(root: Path) -> Path:
    """A copy of the sources/ folder outside data/raw (beside the project)."""
    target = root.parent / "elsewhere-sources"
    if not target.exists():
        shutil.copytree(root / SRC, target)
    return target


def out_link(file: str, target: Callable[[Path], Path], *, folder: bool = True) -> Edit:
    """Make ``file`` below outputs/ (a folder there is removed first) a symbolic link to
    ``target(root)``: a folder, made if missing, unless ``folder`` is false (then the
    target is left missing, as for a lock)."""

    def edit(root: Path) -> None:
        path, destination = root / file, target(root)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if folder:
            destination.mkdir(parents=True, exist_ok=True)
        path.symlink_to(destination)

    return edit


def both(*edits: Edit) -> Edit:
    def edit(root: Path) -> None:
        for e in edits:
            e(root)

    return edit


def commentary(name: str, text: str, langs: tuple[str, ...] = ("fi", "sv", "en")) -> Edit:
    """Commentary ``name`` in each of ``langs``: ``text`` in the last, a plain text in the
    others (so that a refusal is about ``text``, not a missing translation)."""

    def edit(root: Path) -> None:
        for lang in langs:
            path = root / COMMENTARY / lang / f"{name}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes((text if lang == langs[-1] else "Teksti.\n").encode("utf-8"))

    return edit


def bilingual_with_english_commentary(root: Path) -> None:
    """A new fi,sv programme (``seuranta new``) with commentary in fi, sv and en."""
    new_programme(BILINGUAL, "fi,sv", 2022, paths=ProjectPaths(root))
    for lang in ("fi", "sv", "en"):
        path = root / "data/raw" / BILINGUAL / "2022/commentary" / lang / "goal-1.md"
        path.parent.mkdir(parents=True)
        path.write_text("Teksti.\n", encoding="utf-8")


def nested_list(depth: int) -> str:
    return "".join("  " * level + f"* {level}\n" for level in range(depth)) + "\nLoppu.\n"


def drop_source_column(text: str) -> str:
    return (
        "\n".join(
            ";".join(c for i, c in enumerate(line.split(";")) if i != 3)
            for line in text.splitlines()
        )
        + "\n"
    )


# -- the probe table: (id, edit of the tree, command, expected fragment or pattern) ----------

#: The unemployment feed's files in the Espoo programme.yaml.
FEED_FILE = "file: [tyonv-12r5.json, tyonv-12r5-six-cities.csv]"

PROBES = [
    # table1.csv: the report's notation in each cell, periods in order
    (
        "percent twice",
        sub(T1, "9,4 %", "9,4 %%"),
        CLEAN,
        rx(r'table1\.csv:5: column "baseline": cannot read "9,4 %%" as a percentage'),
    ),
    (
        "decimal point",
        sub(T1, "8 741 (2019)", "8.741 (2019)"),
        CLEAN,
        rx(r'table1\.csv:3: column "baseline": .*use a decimal comma'),
    ),
    (
        "score without scale",
        sub(T1, "3,58/5", "3,58"),
        CLEAN,
        rx(r'table1\.csv:9: column "baseline": .*as a score: expected a score written as value/5'),
    ),
    (
        "percent on a count",
        sub(T1, "39 000;", "39 000 %;"),
        CLEAN,
        rx(r'table1\.csv:4: column "baseline": .*as a count: expected a plain number'),
    ),
    (
        "percent without sign",
        sub(T1, "43 %", "43"),
        CLEAN,
        rx(r'table1\.csv:8: column "baseline": .*expected a number followed by %'),
    ),
    (
        "month 13",
        sub(T1, "(5/2022)", "(13/2022)"),
        CLEAN,
        rx(r'table1\.csv:4: column "status": .*month 13 is not 1-12'),
    ),
    (
        "no such day in the header",
        sub(T1, "status 30.12.2022", "status 31.11.2022"),
        CLEAN,
        rx(r'table1\.csv:1: column "status 31\.11\.2022": header: .*no such day'),
    ),
    (
        "target before the baseline",
        sub(T1, ";12 000\n", ";12 000 (2018)\n"),
        CLEAN,
        rx(r'table1\.csv:3: column "target": the target period 2018 is not after the baseline'),
    ),
    (
        "target period equal to the baseline period",
        sub(T1, "8 741 (2019);9 563 (2020);12 000", "8 741 (2019);9 563 (2020);12 000 (2019)"),
        CLEAN,
        rx(
            r'table1\.csv:3: column "target": the target period 2019 is not after the baseline '
            r"period 2019: expected a later period"
        ),
    ),
    (
        "status period equal to the baseline period",
        sub(T1, "39 000;42 000 (5/2022)", "39 000;42 000 (2021)"),
        CLEAN,
        rx(r'table1\.csv:4: column "status": the status period 2021 is not after the baseline'),
    ),
    # table1.csv: its header, rows and cells match the programme
    (
        "unknown goal",
        sub(T1, "1;work-permits", "7;work-permits"),
        CLEAN,
        rx(r'table1\.csv:2: column "goal": unknown goal 7'),
    ),
    (
        "unknown indicator",
        sub(T1, "work-permits", "work-permit"),
        CLEAN,
        rx(r'table1\.csv:2: column "indicator": unknown indicator "work-permit"'),
    ),
    (
        "goal mismatch",
        sub(T1, "2;high-knowledge-jobs", "3;high-knowledge-jobs"),
        CLEAN,
        rx(
            r'table1\.csv:4: column "goal": indicator "high-knowledge-jobs" belongs to goal 2, '
            r"not 3"
        ),
    ),
    (
        "unknown series",
        sub(T1, ";under-25;", ";under-30;"),
        CLEAN,
        rx(r'table1\.csv:6: column "series": unknown series "under-30"'),
    ),
    (
        "duplicate row",
        rewrite(T1, repeat_line(3)),
        CLEAN,
        rx(r'table1\.csv:11: column "indicator": duplicate row .*first on line 3'),
    ),
    (
        "missing series row",
        rewrite(T1, drop_line(6)),
        CLEAN,
        rx(r'table1\.csv: no row for indicator "unemployment" series "under-25"'),
    ),
    (
        "wrong data source",
        sub(T1, "total;Migri;", "total;Tilastokeskus;"),
        CLEAN,
        rx(r'table1\.csv:2: column "source": expected the data source "Migri"'),
    ),
    (
        "missing column",
        rewrite(T1, drop_source_column),
        CLEAN,
        rx(r"table1\.csv:1: missing column\(s\) source"),
    ),
    (
        "extra column",
        rewrite(T1, lambda t: "\n".join(line + ";x" for line in t.splitlines()) + "\n"),
        CLEAN,
        rx(r"table1\.csv:1: unknown column\(s\) x"),
    ),
    ("empty file", rewrite(T1, lambda t: ""), CLEAN, rx(r"table1\.csv:1: the file is empty")),
    (
        "header only",
        rewrite(T1, lambda t: t.splitlines()[0] + "\n"),
        CLEAN,
        rx(r"table1\.csv:2: no data rows"),
    ),
    (
        "comma delimiter",
        rewrite(T1, lambda t: t.replace(";", ",")),
        CLEAN,
        rx(r"table1\.csv:1: wrong delimiter: found commas: expected ';'"),
    ),
    (
        "too few cells",
        sub(T1, "Tilastokeskus;8 741", "Tilastokeskus 8 741"),
        CLEAN,
        rx(r"table1\.csv:3: expected 7 cells separated by ';', found 6"),
    ),
    # programme.yaml: its schema through the strict loader, feeds inside sources/
    (
        "comparison of a series without a feed",
        sub(
            PY,
            "          en: young people under 25\n",
            "          en: young people under 25\n        comparison: same_month\n",
        ),
        CLEAN,
        rx(
            r"programme\.yaml:\d+: indicators\[3\]\.series\[1\]\.comparison: same_month needs a "
            r"monthly history"
        ),
    ),
    (
        "unknown comparison",
        sub(PY, "comparison: same_month", "comparison: same_season"),
        CLEAN,
        rx(r"series\[0\]\.comparison: expected one of as_reported, same_month, rolling_12_months"),
    ),
    (
        "month of a year out of range",
        sub(PY, "report_year_month: 12", "report_year_month: 13"),
        CLEAN,
        rx(r"series\[0\]\.report_year_month: expected a month 1-12, found 13"),
    ),
    (
        "peers without the home area",
        sub(PY, "            KU049: {fi: Espoo, sv: Esbo, en: Espoo}\n", ""),
        CLEAN,
        rx(r"series\[0\]\.peers\.areas: expected the home area \"KU049\" among the areas"),
    ),
    (
        "ratio scale not a number",
        sub(PY, "scale: 100", "scale: per cent"),
        CLEAN,
        rx(
            r"series\[0\]\.feed\.ratio\.scale: expected a positive number, "
            r'found the text "per cent"'
        ),
    ),
    (
        "ratio selecting nothing",
        sub(PY, "denominator: {Tiedot: TYOVOIMATK}", "denominator: {Tiedot: TYOVOIMA}"),
        CLEAN,
        rx(r"tyonv-12r5-six-cities\.csv: no value \"TYOVOIMA\" in variable \"Tiedot\""),
    ),
    (
        "unknown period precision",
        sub(PY, "period_precision: year", "period_precision: month"),
        CLEAN,
        rx(
            r"programme\.yaml:\d+: indicators\[4\]\.period_precision: expected one of year, "
            r'found the text "month"'
        ),
    ),
    (
        "direction missing",
        sub(PY, "    direction: higher\n", ""),
        CLEAN,
        rx(r"programme\.yaml:\d+: indicators\[0\]: missing key\(s\) direction"),
    ),
    ("programme duplicate key", append(PY, "id: again\n"), CLEAN, 'key "id": duplicate key'),
    (
        "programme alias bomb",
        sub(
            PY, "id: elinvoimainen-espoo\n", "id: elinvoimainen-espoo\n" + BOMB.replace("note", "x")
        ),
        CLEAN,
        'programme.yaml:6: anchor "&a" refused',
    ),
    (
        "feed file outside sources",
        sub(PY, FEED_FILE, "file: ../table1.csv"),
        CLEAN,
        '"../table1.csv" leads outside data/raw/elinvoimainen-espoo/2022/sources/',
    ),
    (
        "feed file absolute",
        sub(PY, FEED_FILE, "file: /etc/passwd"),
        CLEAN,
        '"/etc/passwd" leads outside',
    ),
    (
        "feed file through a link",
        both(
            sub(PY, FEED_FILE, "file: t1.csv"),
            lambda root: (root / SRC / "t1.csv").symlink_to("../table1.csv"),
        ),
        CLEAN,
        '"t1.csv" leads outside data/raw/elinvoimainen-espoo/2022/sources/ (through a symbolic',
    ),
    (
        "feed file not a text",
        sub(PY, FEED_FILE, "file: {a: b}"),
        CLEAN,
        "feed.file: expected a file name or a list of file names, found a mapping",
    ),
    (
        "feed file of a list outside sources",
        sub(PY, FEED_FILE, "file: [tyonv-12r5.json, ../table1.csv]"),
        CLEAN,
        '"../table1.csv" leads outside data/raw/elinvoimainen-espoo/2022/sources/',
    ),
    (
        "download file of the wrong format",
        sub(PY, "file: tyonv-12r5.json\n", "file: tyonv-12r5.csv\n"),
        CLEAN,
        rx(
            r"programme\.yaml:\d+: sources\.tem\.downloads\[0\]\.file: expected a name "
            r'ending in "\.json" for the format json-stat2'
        ),
    ),
    (
        "download without values",
        sub(PY, '          Kuukausi: "*"\n', "          Kuukausi: []\n"),
        CLEAN,
        rx(r"programme\.yaml:\d+: sources\.tem\.downloads\[0\]\.values\.Kuukausi"),
    ),
    # projects.csv and ledger.csv
    (
        "duplicate project id",
        sub(PR, "finnish-as-second-language;", "tapiola-club;"),
        CLEAN,
        rx(r'projects\.csv:3: column "id": duplicate project id "tapiola-club"'),
    ),
    (
        "unknown project kind",
        sub(PR, ";pilot;ongoing;", ";happening;ongoing;"),
        CLEAN,
        rx(r'projects\.csv:2: column "kind": expected one of pilot, study'),
    ),
    (
        "ledger date outside the year",
        sub(LE, "22.3.2022", "22.3.2021"),
        CLEAN,
        rx(r'ledger\.csv:2: column "Kirjauspäivä": 22\.3\.2021 is outside the report year 2022'),
    ),
    (
        "ledger date not a date",
        sub(LE, "5.5.2022", "5.5.22"),
        CLEAN,
        rx(r'ledger\.csv:3: column "Kirjauspäivä": cannot read "5\.5\.22" as a date'),
    ),
    (
        "ledger amount letter O",
        sub(LE, "200,00\u00a0€", "200,0O\u00a0€"),
        CLEAN,
        rx(r'ledger\.csv:2: column "Summa": cannot read'),
    ),
    (
        "ledger unknown project",
        sub(LE, ";innovation-story;", ";innovation-stories;"),
        CLEAN,
        rx(r'ledger\.csv:4: column "Projekti": unknown project "innovation-stories"'),
    ),
    (
        "ledger goal mismatch",
        sub(LE, ";ecosystem-study;2;", ";ecosystem-study;3;"),
        CLEAN,
        rx(r'ledger\.csv:6: column "Hyötytavoite": project "ecosystem-study" belongs to goal 2'),
    ),
    (
        "ledger total off the report",
        sub(LE, "18\u00a0600,00", "28\u00a0600,00"),
        CLEAN,
        rx(
            r"ledger\.csv: the appropriation-funded rows add up to 199660\.50 €, which does not "
            r"round to the reported 190000 €"
        ),
    ),
    # names in every language: partners, outside funding and funding sources (terms)
    (
        "partner without names",
        sub(PR, ";KPMG;", ";KPMG Oy Ab;"),
        CLEAN,
        'projects.csv:11: column "partners": "KPMG Oy Ab" has no names in programme.yaml',
    ),
    (
        "outside funding without names",
        sub(PR, "EAKR (haettu 2022)", "EAKR (haettu 2023)"),
        CLEAN,
        'projects.csv:4: column "outside_funding": "EAKR (haettu 2023)" has no names',
    ),
    (
        "funding source without names",
        sub(LE, ";Yksikön talousarvio;", ";Yksikön budjetti;"),
        CLEAN,
        'ledger.csv:13: column "Rahoituslähde": "Yksikön budjetti" has no names in '
        "programme.yaml: add it under terms with its name in fi, sv, en",
    ),
    (
        "term without its English name",
        sub(PY, "KPMG: {fi: KPMG, sv: KPMG, en: KPMG}", "KPMG: {fi: KPMG, sv: KPMG}"),
        CLEAN,
        rx(r"programme\.yaml:[0-9]+: .*terms\.KPMG.*\ben\b"),
    ),
    (
        "sidecar publisher in German",
        sub(f"{LE}.meta.yaml", "publishers:\n", "publishers:\n  de: Projekt seuranta\n"),
        CLEAN,
        'key "publishers.de": expected a non-empty text in fi, sv or en',
    ),
    # published files in sources/, read and checked against the report
    (
        "report and published file disagree",
        sub(T1, "9,4 %;8,1 %", "9,6 %;8,1 %"),
        CLEAN,
        rx(
            r"tyonv-12r5-six-cities\.csv: .*\"unemployment\" series \"all\" period 2021-12: the "
            r"file gives 9\.42\d* but the report's table gives 9\.6"
        ),
    ),
    (
        "published file disagrees with the report",
        sub(
            f"{SRC}/tyonv-12r5-six-cities.csv",
            "KU049,2022M11,TYOTTOMATLOPUSSA,12133",
            "KU049,2022M11,TYOTTOMATLOPUSSA,13133",
        ),
        CLEAN,
        rx(
            r"tyonv-12r5-six-cities\.csv: .*period 2022-11: the file gives 8\.72\d* but the "
            r"report's table gives 8\.1 \(data/raw/elinvoimainen-espoo/2022/table1\.csv:5\)"
        ),
    ),
    (
        "a ratio dividing by zero",
        sub(
            f"{SRC}/tyonv-12r5-six-cities.csv",
            "KU049,2022M11,TYOVOIMATK,150575",
            "KU049,2022M11,TYOVOIMATK,0",
        ),
        CLEAN,
        rx(r"tyonv-12r5-six-cities\.csv: the ratio divides by zero at 2022-11 \(line 610\)"),
    ),
    (
        "truncated PC-Axis file",
        rewrite(f"{SRC}/ulkomaalaistaustaiset-asiantuntijat.px", lambda t: t.replace("9563", "")),
        CLEAN,
        rx(r"ulkomaalaistaustaiset-asiantuntijat\.px.*DATA"),
    ),
    # budget.yaml: types before values
    ("budget year quoted", sub(BY, "year: 2022", 'year: "2022"'), CLEAN, 'found the text "2022"'),
    ("budget year float", sub(BY, "year: 2022", "year: 2022.0"), CLEAN, "found 2022.0"),
    ("budget year of another folder", sub(BY, "year: 2022", "year: 0"), CLEAN, "year 0 does not"),
    (
        "appropriation true",
        sub(BY, "appropriation_eur: 200000", "appropriation_eur: true"),
        CLEAN,
        'key "appropriation_eur": expected a number of euros, found the truth value true',
    ),
    (
        "appropriation nan",
        sub(BY, "appropriation_eur: 200000", "appropriation_eur: .nan"),
        CLEAN,
        'key "appropriation_eur": expected a finite number of euros, found nan',
    ),
    (
        "appropriation infinite",
        sub(BY, "appropriation_eur: 200000", "appropriation_eur: .inf"),
        CLEAN,
        "expected a finite number of euros, found inf",
    ),
    (
        "appropriation negative",
        sub(BY, "appropriation_eur: 200000", "appropriation_eur: -200000"),
        CLEAN,
        "expected more than 0 euros, found -200000",
    ),
    (
        "appropriation zero",
        sub(BY, "appropriation_eur: 200000", "appropriation_eur: 0"),
        CLEAN,
        "expected more than 0 euros, found 0",
    ),
    (
        "spending as text",
        sub(BY, "spent_reported_eur: 190000", 'spent_reported_eur: "190 000"'),
        CLEAN,
        'key "spent_reported_eur": expected a number of euros, found the text "190 000"',
    ),
    (
        "funding source a number",
        sub(BY, "appropriation_funding: Kehitysohjelman määräraha", "appropriation_funding: 5"),
        CLEAN,
        'key "appropriation_funding": expected the ledger\'s funding source',
    ),
    (
        "budget duplicate key",
        append(BY, "year: 2022\n"),
        CLEAN,
        'budget.yaml:11: key "year": duplicate key (first on line 3)',
    ),
    (
        "budget anchor",
        sub(BY, "appropriation_funding: Kehit", "appropriation_funding: &f Kehit"),
        CLEAN,
        'budget.yaml:10: anchor "&f" refused',
    ),
    ("budget a list", write(BY, "- 2022\n- 200000\n"), CLEAN, "expected a mapping of budget facts"),
    (
        "budget nested deep",
        write(BY, "year: " + "[" * 80 + "]" * 80 + "\n"),
        CLEAN,
        "nested deeper",
    ),
    (
        "budget NUL",
        append(BY, f"# {NUL}\n"),
        CLEAN,
        "budget.yaml:11: invisible character U+0000 (a control character) at column 3",
    ),
    (
        "budget python tag",
        append(BY, "x: !!python/object/apply:os.system ['true']\n"),
        CLEAN,
        "budget.yaml:11: not valid YAML",
    ),
    (
        "budget facts of another year",
        sub(BY, "year: 2022", "year: 2021"),
        CLEAN,
        rx(r"budget\.yaml: year 2021 does not match the folder 2022"),
    ),
    # report-year folders: exactly four digits, a plausible year, matching budget.yaml
    ("stray year folder 02022", copy_year("02022"), CLEAN, "02022: not a report-year folder"),
    ("year folder 0000", copy_year("0000"), CLEAN, "0000: report year 0000 is not plausible"),
    ("superscript year folder", copy_year("202²"), CLEAN, "202²: not a report-year folder"),
    ("fullwidth year folder", copy_year("２０２２"), CLEAN, "not a report-year folder"),
    ("year folder with suffix", copy_year("2022-old"), CLEAN, "2022-old: not a report-year"),
    ("year folder 20222", copy_year("20222"), CLEAN, "20222: not a report-year folder"),
    # provenance sidecars
    (
        "impossible date in a sidecar",
        sub(f"{T1}.meta.yaml", "published: 2022-12-31", "published: 2022-02-30"),
        CLEAN,
        'table1.csv.meta.yaml:14: "2022-02-30" is no such date',
    ),
    (
        "quoted impossible date in a sidecar",
        sub(f"{T1}.meta.yaml", "published: 2022-12-31", 'published: "2022-02-30"'),
        CLEAN,
        'key "published": "2022-02-30" is no such date',
    ),
    (
        "date as a number",
        sub(f"{T1}.meta.yaml", "published: 2022-12-31", "published: 2022"),
        CLEAN,
        'key "published": expected a date such as 2022-12-31, found 2022',
    ),
    (
        "billion laughs in a sidecar",
        sub(f"{LE}.meta.yaml", "note: >-", BOMB + "notes: >-"),
        CLEAN,
        'ledger.csv.meta.yaml:20: anchor "&a" refused',
    ),
    (
        "undefined alias in a sidecar",
        sub(f"{LE}.meta.yaml", "licence: CC BY 4.0", "licence: *cc"),
        CLEAN,
        'alias "*cc" refused',
    ),
    (
        "duplicate key in a sidecar",
        append(f"{PR}.meta.yaml", "title: Again\n"),
        CLEAN,
        'key "title": duplicate key',
    ),
    (
        "illustrative as quoted text",
        sub(f"{LE}.meta.yaml", "illustrative: true", 'illustrative: "yes"'),
        CLEAN,
        'key "illustrative": expected true or false, found the text "yes"',
    ),
    (
        "title a number",
        sub(f"{BY}.meta.yaml", "title: Appropriation and reported spending 2022", "title: 2022"),
        CLEAN,
        'key "title": expected a non-empty text, found 2022',
    ),
    ("sidecar a list", write(f"{T1}.meta.yaml", "- a\n- b\n"), CLEAN, "expected a mapping of prov"),
    (
        "zero-width space in a sidecar title",
        sub(f"{T1}.meta.yaml", "title:", f"title: {ZWSP}\ntitle2:"),
        CLEAN,
        "U+200B",
    ),
    (
        "sidecar title in German",
        sub(f"{LE}.meta.yaml", "titles:\n", "titles:\n  de: Hauptbuch\n"),
        CLEAN,
        'key "titles.de": expected a non-empty text in fi, sv or en',
    ),
    # symbolic links out of data/raw
    (
        "table1 a link out of data/raw",
        link(T1, outside),
        CLEAN,
        "table1.csv: a symbolic link leading out of data/raw/",
    ),
    (
        "sources a link out of data/raw",
        link(SRC, outside_dir),
        CLEAN,
        "sources: a symbolic link leading out of data/raw/",
    ),
    (
        "dangling link",
        lambda root: (root / Y / "notes.txt").symlink_to(root / "nowhere"),
        CLEAN,
        "notes.txt: a symbolic link to nothing",
    ),
    (
        "link loop",
        lambda root: (root / Y / "loop").symlink_to("loop"),
        CLEAN,
        "loop: a symbolic link to nothing (or a loop)",
    ),
    # missing files named as such
    (
        "ledger missing",
        remove(LE),
        CLEAN,
        "ledger.csv: missing: a report year with budget.yaml needs ledger.csv too",
    ),
    (
        "budget missing",
        remove(BY),
        CLEAN,
        "budget.yaml: missing: a report year with ledger.csv needs budget.yaml too",
    ),
    ("projects missing", remove(PR), CLEAN, "projects.csv: missing: expected this data file"),
    (
        "table1 sidecar missing",
        remove(f"{T1}.meta.yaml"),
        CLEAN,
        "missing provenance for table1.csv",
    ),
    ("ledger sidecar missing", remove(f"{LE}.meta.yaml"), CLEAN, "missing provenance for ledger"),
    # encodings and invisible characters in the CSV files, shown visibly
    ("Latin-1 table", latin1(T1), CLEAN, rx(r"table1\.csv:5: byte 0xf6 is not UTF-8")),
    (
        "zero-width space in a cell",
        sub(T1, "9,4 %", f"9,4{ZWSP} %"),
        CLEAN,
        "table1.csv:5: invisible character U+200B",
    ),
    (
        "NUL in the project list",
        sub(PR, "tapiola-club;1", f"tapiola-club{NUL};1"),
        CLEAN,
        "projects.csv:2: invisible character U+0000",
    ),
    (
        "BOM inside the table",
        sub(T1, "1;foreign", f"{BOM}1;foreign"),
        CLEAN,
        "table1.csv:3: invisible character U+FEFF",
    ),
    (
        "zero-width in the header",
        sub(T1, "goal;", f"goal{ZWSP};"),
        CLEAN,
        "table1.csv:1: invisible character U+200B",
    ),
    (
        "vertical tab in the ledger",
        sub(LE, "Asiantuntija;", "Asiantuntija\x0b;"),
        CLEAN,
        "ledger.csv:2: invisible character U+000B",
    ),
    (
        "word joiner in a ledger amount",
        sub(LE, "1\u00a0200,00", "1\u00a02\u206000,00"),
        CLEAN,
        "ledger.csv:2: invisible character U+2060",
    ),
    # digits that are not ASCII digits
    (
        "superscript goal",
        sub(T1, "1;work-permits", "¹;work-permits"),
        CLEAN,
        'table1.csv:2: column "goal": expected a goal number, found "¹"',
    ),
    (
        "superscript ledger goal",
        sub(LE, ";innovation-story;2;", ";innovation-story;²;"),
        CLEAN,
        'column "Hyötytavoite": expected a goal number, found "²"',
    ),
    (
        "superscript project year",
        sub(PR, ";pilot;ongoing;2022;", ";pilot;ongoing;202²;"),
        CLEAN,
        'column "start": expected a year of four digits such as 2022, found "202²"',
    ),
    (
        "project year 0000",
        sub(PR, ";pilot;ongoing;2022;", ";pilot;ongoing;0000;"),
        CLEAN,
        'column "start": year "0000" is not plausible',
    ),
    (
        "project goal with a plus",
        sub(PR, "tapiola-club;1;", "tapiola-club;+1;"),
        CLEAN,
        'column "goal": expected a goal number, found "+1"',
    ),
    (
        "Arabic-Indic digits",
        sub(T1, "39 000;", "٣٩ ٠٠٠;"),
        CLEAN,
        'table1.csv:4: column "baseline": cannot read "٣٩ ٠٠٠"',
    ),
    (
        "period year 0000",
        sub(T1, "8 741 (2019)", "8 741 (0000)"),
        CLEAN,
        'cannot read "0000" as a period: year "0000" is not plausible',
    ),
    (
        "date year 0000",
        sub(T1, "status 30.12.2022", "status 30.12.0000"),
        CLEAN,
        'table1.csv:1: column "status 30.12.0000"',
    ),
    # plausibility
    (
        "status period 2099",
        sub(T1, "9 563 (2020)", "9 563 (2099)"),
        CLEAN,
        'table1.csv:3: column "status": "9 563 (2099)": the period 2099 begins after the '
        "report year 2022",
    ),
    (
        "status month after the report",
        sub(T1, "8,1 % (11/2022)", "8,1 % (1/2023)"),
        CLEAN,
        "the period 2023-01 begins after the report year 2022",
    ),
    (
        "status header after the report",
        sub(T1, "status 30.12.2022", "status 30.12.2099"),
        CLEAN,
        'table1.csv:2: column "status"',
    ),
    (
        "share 143 %",
        sub(T1, "43 %", "143 %"),
        CLEAN,
        'table1.csv:8: column "baseline": "143 %": a share must lie within 0-100 %',
    ),
    (
        "score below the scale",
        sub(T1, "3,58/5", "0,5/5"),
        CLEAN,
        'table1.csv:9: column "baseline": "0,5/5": a score must lie within its scale 1-5',
    ),
    (
        "negative count",
        sub(T1, "8 741 (2019)", "-8 741 (2019)"),
        CLEAN,
        "a count cannot be negative",
    ),
    ("number too large", sub(T1, "39 000;", "1" * 400 + ";"), CLEAN, "as a number: too large"),
    (
        "negative amount not a credit",
        sub(LE, "1\u00a0200,00", "-1\u00a0200,00"),
        CLEAN,
        'ledger.csv:2: column "Summa": -1\u00a0200,00\u00a0€ is negative: only a credit may be',
    ),
    (
        "credit with a positive amount",
        sub(LE, "-1\u00a0240,00", "1\u00a0240,00"),
        CLEAN,
        'ledger.csv:15: column "Summa": 1\u00a0240,00\u00a0€ on a credit',
    ),
    (
        "ledger day that does not exist",
        sub(LE, "22.3.2022", "30.2.2022"),
        CLEAN,
        'cannot read "30.2.2022" as a date: no such day',
    ),
    # -- issue 22, clean side: one rule for the text of every raw file ----------------------
    (
        "right-to-left override in the project list",
        sub(PR, "tapiola-club;1", f"tapiola-club{RLO};1"),
        CLEAN,
        "projects.csv:2: invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) at column 13",
    ),
    (
        "left-to-right mark in the ledger",
        sub(LE, "Asiantuntija;", f"{LRM}Asiantuntija;"),
        CLEAN,
        "ledger.csv:2: invisible character U+200E (LEFT-TO-RIGHT MARK) at column 87",
    ),
    (
        "soft hyphen in Table 1",
        sub(T1, "Tilastokeskus;8 741", f"Tilasto{SHY}keskus;8 741"),
        CLEAN,
        "table1.csv:3: invisible character U+00AD (SOFT HYPHEN) at column 43",
    ),
    (
        "private-use character in Table 1",
        sub(T1, ";12 000\n", f";12 000{PUA}\n"),
        CLEAN,
        "table1.csv:3: invisible character U+E000 (a private-use character) at column 82",
    ),
    (
        "line separator in the ledger",
        sub(LE, "Asiantuntija;", f"{LSEP}Asiantuntija;"),
        CLEAN,
        "ledger.csv:2: invisible character U+2028 (LINE SEPARATOR) at column 87",
    ),
    (
        "BOM inside budget.yaml",
        sub(BY, "year: 2022", f"year: {BOM}2022"),
        CLEAN,
        "budget.yaml:3: invisible character U+FEFF (ZERO WIDTH NO-BREAK SPACE) at column 7",
    ),
    (
        "override in a comment of programme.yaml",
        sub(PY, "# Programme definition", f"# Programme{RLO} definition"),
        CLEAN,
        "programme.yaml:1: invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) at column 12",
    ),
    (
        "isolate in a sidecar",
        sub(f"{T1}.meta.yaml", "title: Taulukko 1.", f"title: {LRI}Taulukko 1."),
        CLEAN,
        "table1.csv.meta.yaml:1: invisible character U+2066 (LEFT-TO-RIGHT ISOLATE) at column 8",
    ),
    (
        "override written as a YAML escape",
        sub(PY, "  en: Vibrant Espoo\n", '  en: "Vibrant\\u202e Espoo"\n'),
        CLEAN,
        "programme.yaml:11: invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) in a text",
    ),
    (
        "NUL in commentary",
        commentary("goal-1", f"# Otsikko\n\nTeksti{NUL}\n"),
        CLEAN,
        "commentary/en/goal-1.md:3: invisible character U+0000 (a control character) at column 7",
    ),
    (
        "override in commentary",
        commentary("overview", f"Työttömyys {RLO}laski.\n"),
        CLEAN,
        "commentary/en/overview.md:1: invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) at col",
    ),
    # -- issue 22, clean side: commentary is shown whole or refused -------------------------
    (
        "commentary list nested ten deep",
        commentary("goal-1", nested_list(10)),
        CLEAN,
        "commentary/en/goal-1.md:9: a list nested 9 deep: a commentary's lists may be nested at "
        "most 8 deep",
    ),
    (
        "commentary line of stars",
        commentary("goal-2", "Alku.\n\n" + "* " * 12 + "\n\nLoppu.\n"),
        CLEAN,
        "commentary/en/goal-2.md:3: a list nested 9 deep",
    ),
    (
        "commentary of 5.8 MB",
        commentary("goal-1", "sana " * 1_160_000, langs=("fi", "en", "sv")),
        CLEAN,
        f"commentary/sv/goal-1.md: 5800000 bytes: a commentary may have at most {MAX_BYTES} bytes",
    ),
    (
        "commentary heading h1 then h6",
        commentary("goal-3", "# Tilanne\n\nTeksti.\n\n###### Yksityiskohta\n"),
        CLEAN,
        "commentary/en/goal-3.md:5: heading ###### follows a # heading: headings go down one "
        "level at a time, from # (expected at most ## here)",
    ),
    (
        "commentary beginning with h2",
        commentary("overview", "## Tilanne\n"),
        CLEAN,
        "commentary/en/overview.md:1: heading ## is the first",
    ),
    (
        "commentary in a language the programme does not publish",
        bilingual_with_english_commentary,
        ["clean", "--programme", BILINGUAL],
        f"data/raw/{BILINGUAL}/2022/commentary/en: expected a folder for a language the "
        "programme publishes: one of fi, sv",
    ),
    # -- issue 22, clean side: the small items -----------------------------------------------
    (
        "table number of 300 digits",
        append(PY, "table_number: " + "9" * 300 + "\n"),
        CLEAN,
        rx(
            r"programme\.yaml:\d+: table_number: expected a whole number from 1 to 999, "
            r"found 9{300}"
        ),
    ),
    (
        "ledger amount of a trillion trillion",
        sub(
            LE,
            "1\u00a0200,00",
            "1\u00a0000\u00a0000\u00a0000\u00a0000\u00a0000\u00a0131\u00a0072,00",
        ),
        CLEAN,
        'ledger.csv:2: column "Summa": "1\u00a0000\u00a0000\u00a0000\u00a0000\u00a0000\u00a0131'
        '\u00a0072,00\u00a0€" is more than 1000000000 € (the most clean reads)',
    ),
    (
        "appropriation of a trillion trillion",
        sub(BY, "appropriation_eur: 200000", "appropriation_eur: 1000000000000000131072"),
        CLEAN,
        'key "appropriation_eur": 1000000000000000131072 € is more than 1000000000 €',
    ),
    (
        "appropriation as a huge float",
        sub(BY, "appropriation_eur: 200000", "appropriation_eur: 1.0e+21"),
        CLEAN,
        'key "appropriation_eur": 1000000000000000000000 € is more than 1000000000 €',
    ),
    (
        "render only a comma",
        None,
        ["render", "--only", ","],
        '--only "," names no appendix: expected names separated by commas',
    ),
    ("render only nothing", None, ["render", "--only", ""], '--only "" names no appendix'),
    (
        "new programme in year 0",
        None,
        ["new", "uusi", "--year", "0"],
        "report year 0 is not plausible: expected 1900-2100",
    ),
    ("new programme id a--b", None, ["new", "a--b"], 'programme "a--b": expected a folder name'),
    ("new programme id x-", None, ["new", "x-"], 'programme "x-": expected a folder name'),
    # status: everything it can be given
    (
        "status programme path",
        None,
        ["status", "--programme", "../x", "--year", "2022"],
        'programme "../x": expected a folder name',
    ),
    (
        "status programme hidden",
        None,
        ["status", "--programme", ".clean-x", "--year", "2022"],
        "expected a folder name",
    ),
    (
        "status programme zero-width",
        None,
        ["status", "--programme", f"elinvoimainen-espoo{ZWSP}", "--year", "2022"],
        "espoo<U+200B>",
    ),
    (
        "status unknown programme",
        None,
        ["status", "--programme", "nowhere", "--year", "2022"],
        "no cleaned data: run `seuranta clean` first",
    ),
    (
        "status year without report",
        None,
        ["status", "--programme", PROGRAMME, "--year", "1999"],
        "no report for 1999",
    ),
    ("status year 0", None, ["status", "--programme", PROGRAMME, "--year", "0"], "no report for 0"),
    ("status unknown language", None, [*STATUS, "--lang", "xx"], 'unknown language "xx"'),
    (
        "status processed parquet gone",
        lambda root: (root / f"data/processed/{PROGRAMME}/indicators.parquet").unlink(),
        STATUS,
        "data/processed/elinvoimainen-espoo/indicators.parquet: No such file or directory",
    ),
    (
        "status processed programme alias",
        lambda root: sub(
            f"data/processed/{PROGRAMME}/programme.yaml",
            "id: elinvoimainen-espoo\n",
            "id: &i elinvoimainen-espoo\n",
        )(root),
        STATUS,
        'programme.yaml:5: anchor "&i" refused',
    ),
    # -- render writes below outputs/ only (issue 22): no symlinked output folder or lock --
    (
        "render language folder linked into raw",
        out_link(f"{OUT}/fi", lambda root: root / Y),
        RENDER,
        f"{OUT}/fi: a symbolic link; render writes only below outputs/",
    ),
    (
        "render year folder linked into raw",
        out_link(OUT, lambda root: root / Y),
        RENDER,
        f"{OUT}: a symbolic link; render writes only below outputs/",
    ),
    (
        "render programme folder linked outside",
        out_link(f"outputs/{PROGRAMME}", lambda root: root.parent / "elsewhere-outputs"),
        RENDER,
        f"outputs/{PROGRAMME}: a symbolic link; render writes only below outputs/",
    ),
    (
        "render notebooks folder linked into raw",
        out_link(f"{OUT}/fi/notebooks", lambda root: root / Y),
        RENDER,
        f"{OUT}/fi/notebooks: a symbolic link; render writes only below outputs/",
    ),
    (
        "render lock linked into raw",
        out_link(f"{OUT}/.render.lock", lambda root: root / Y / "planted.lock", folder=False),
        RENDER,
        f"{OUT}/.render.lock: a symbolic link or not a file; the render lock must be a plain file",
    ),
    (
        "render lock is a folder",
        lambda root: (root / OUT / ".render.lock").mkdir(parents=True),
        RENDER,
        f"{OUT}/.render.lock: a symbolic link or not a file",
    ),
]


def test_probe_table_is_large_enough():
    assert len(PROBES) >= 126
    assert len({p[0] for p in PROBES}) == len(PROBES)


@pytest.mark.parametrize(("case", "edit", "args", "expected"), PROBES, ids=[p[0] for p in PROBES])
def test_bad_input_gives_one_line_and_changes_nothing(
    cleaned_project, capsys, case, edit, args, expected
):
    root = cleaned_project.root
    published = root / "outputs" / PROGRAMME / "2022" / "fi" / "index.html"
    published.parent.mkdir(parents=True)
    published.write_text("<!doctype html><title>published</title>", encoding="utf-8")
    if edit is not None:
        edit(root)
    raw_before = tree_digest(cleaned_project.raw)
    processed_before = tree_digest(cleaned_project.processed)
    outputs_before = tree_digest(root / "outputs")
    code = main(["-q", *args])
    err = capsys.readouterr().err
    assert code == 1, err
    assert err.startswith("seuranta: error: "), err
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err and "internal error" not in err, err
    if isinstance(expected, re.Pattern):
        assert expected.search(err), err
    else:
        assert expected in err, err
    assert tree_digest(cleaned_project.raw) == raw_before
    assert tree_digest(cleaned_project.processed) == processed_before
    assert tree_digest(root / "outputs") == outputs_before


# -- raw folders say what they hold: (id, edit, expected warning) -----------------------------

YEAR_NAMES = (
    "expected table1.csv, projects.csv, budget.yaml, ledger.csv (each with its .meta.yaml), "
    "sources/ and commentary/"
)


def rename(file: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        (root / file).rename(root / new)

    return edit


WARNINGS = [
    (
        "commentaries folder",
        lambda root: (root / Y / "commentaries" / "fi").mkdir(parents=True),
        f"{Y}/commentaries: unknown folder, not read: did you mean commentary/? {YEAR_NAMES}",
    ),
    (
        "budget.yml beside Ledger.csv",
        both(rename(BY, f"{Y}/budget.yml"), rename(LE, f"{Y}/Ledger.csv")),
        f"{Y}/budget.yml: unknown file, not read: did you mean budget.yaml? {YEAR_NAMES}",
    ),
    (
        "Ledger.csv beside budget.yml",
        both(rename(BY, f"{Y}/budget.yml"), rename(LE, f"{Y}/Ledger.csv")),
        f"{Y}/Ledger.csv: unknown file, not read: did you mean ledger.csv?",
    ),
    (
        "a sidecar without its file",
        both(rename(BY, f"{Y}/budget.yml"), rename(LE, f"{Y}/Ledger.csv")),
        f"{Y}/ledger.csv.meta.yaml: the provenance of ledger.csv, which is not there: not read",
    ),
    (
        "notes in the programme folder",
        write(f"{RAW}/muistiinpanot.txt", "Luonnos.\n"),
        f"{RAW}/muistiinpanot.txt: unknown file, not read: expected programme.yaml (with its "
        ".meta.yaml) and report-year folders such as 2022/",
    ),
]


@pytest.mark.parametrize(("case", "edit", "expected"), WARNINGS, ids=[w[0] for w in WARNINGS])
def test_an_unknown_raw_file_is_a_warning_naming_the_expected_names(
    cleaned_project, caplog, case, edit, expected
):
    root = cleaned_project.root
    edit(root)
    raw_before = tree_digest(cleaned_project.raw)
    with caplog.at_level(logging.WARNING):
        code = main(["-q", "clean"])
    assert code == 0, caplog.text
    assert any(expected in message for message in caplog.messages), caplog.text
    assert tree_digest(cleaned_project.raw) == raw_before


# -- seuranta verify: tampered outputs (issue 22) --------------------------------------------
#
# Each row tampers with a private copy of the session's rendered 2022 outputs and names the
# one line verify must give: (id, edit of the tree, label of the line, expected fragment).
# The copy is compared with the session's own render of the same inputs by the comparison
# `seuranta verify` runs after its fresh render (tests/test_verify.py runs the command
# itself end to end); every other page and file must stay identical.

VOUT = f"outputs/{PROGRAMME}/2022"
EXTRA = "a file that a render of the inputs does not write"


def plant(file: str, data: bytes = b"<script>alert(1)</script>\n") -> Edit:
    def edit(root: Path) -> None:
        (root / VOUT / file).write_bytes(data)

    return edit


def manifest_edit(change: Callable[[dict], None]) -> Edit:
    def edit(root: Path) -> None:
        path = root / VOUT / "manifest.json"
        manifest = json.loads(path.read_text(encoding="utf-8"))
        change(manifest)
        path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")

    return edit


def entry(manifest: dict, name: str, lang: str = "fi") -> dict:
    return manifest["appendices"][name][lang]


def edit_page(name: str, with_hash: bool) -> Edit:
    def edit(root: Path) -> None:
        page = root / VOUT / "fi" / f"{name}.html"
        page.write_text(page.read_text(encoding="utf-8").replace("</h1>", " (ok)</h1>"))
        if with_hash:
            digest = hashlib.sha256(page.read_bytes()).hexdigest()
            manifest_edit(lambda m: entry(m, name)["last_good"].update(html_sha256=digest))(root)

    return edit


def vremove(file: str) -> Edit:
    def edit(root: Path) -> None:
        (root / VOUT / file).unlink()

    return edit


VERIFY_PROBES = [
    ("verify untouched", None, None, None),
    ("verify planted page", plant("fi/evil.html"), "fi/evil.html", EXTRA),
    (
        "verify stray notebook",
        plant("fi/notebooks/stray.ipynb", b"{}"),
        "fi/notebooks/stray.ipynb",
        EXTRA,
    ),
    (
        "verify book in the year folder",
        plant("liitteet-2022.pdf", b"%PDF"),
        "liitteet-2022.pdf",
        EXTRA,
    ),
    ("verify page in the year folder", plant("de.html"), "de.html", EXTRA),
    (
        "verify leftover of a killed render",
        plant("fi/.goal-1.html.x1y2.tmp"),
        "fi/.goal-1.html.x1y2.tmp",
        EXTRA,
    ),
    (
        "verify planted folder",
        lambda root: (root / VOUT / "fr").mkdir(),
        "fr",
        "a folder that a render of the inputs does not write",
    ),
    (
        "verify planted link",
        lambda root: (root / VOUT / "fi" / "link.html").symlink_to(root / RAW / "programme.yaml"),
        "fi/link.html",
        "a symbolic link that a render of the inputs does not write",
    ),
    ("verify page missing", vremove("fi/goal-1.html"), "fi/goal-1", "fi/goal-1.html is missing"),
    (
        "verify notebook missing",
        vremove("sv/notebooks/index.ipynb"),
        "sv/index",
        "sv/notebooks/index.ipynb is missing",
    ),
    (
        "verify download missing",
        vremove("en/elinvoimainen-espoo-2022-table-1.xlsx"),
        "en/elinvoimainen-espoo-2022-table-1.xlsx",
        "missing: a render of the inputs writes it",
    ),
    (
        "verify download edited",
        plant("fi/elinvoimainen-espoo-2022-taulukko-1.csv", b"x;y\n"),
        "fi/elinvoimainen-espoo-2022-taulukko-1.csv",
        "the bytes differ",
    ),
    (
        "verify page edited",
        edit_page("goal-2", with_hash=False),
        "fi/goal-2",
        "the HTML differs from a fresh render of the same inputs and versions (edited after",
    ),
    (
        "verify page edited with its manifest hash",
        edit_page("goal-2", with_hash=True),
        "fi/goal-2",
        "although the manifest records its hash (page and manifest edited)",
    ),
    (
        "verify notebook edited",
        lambda root: sub(f"{VOUT}/fi/notebooks/goal-4.ipynb", '"goal": 4', '"goal": 5')(root),
        "fi/goal-4",
        "the executed notebook differs (apart from its times)",
    ),
    (
        "verify manifest pandas version",
        manifest_edit(lambda m: entry(m, "goal-1")["versions"].update(pandas="0.0.1")),
        "fi/goal-1",
        rx(r"other fields than a fresh render: versions\.pandas 0\.0\.1 \(a render records \d"),
    ),
    (
        "verify manifest goal parameter",
        manifest_edit(lambda m: entry(m, "goal-2")["parameters"].update(goal=3)),
        "fi/goal-2",
        "parameters.goal 3 (a render records 2)",
    ),
    (
        "verify manifest attachment hash",
        manifest_edit(
            lambda m: entry(m, "overview", "sv")["last_good"]["attachments"].update(
                {"elinvoimainen-espoo-2022-tabell-1.xlsx": "0" * 64}
            )
        ),
        "sv/overview",
        "last_good.attachments.elinvoimainen-espoo-2022-tabell-1.xlsx 000000000000... "
        "(a render records",
    ),
    (
        "verify manifest attachment added",
        manifest_edit(
            lambda m: entry(m, "index", "en")["last_good"]["attachments"].update(
                {"evil.html": "0" * 64}
            )
        ),
        "en/index",
        "last_good.attachments.evil.html not written by a render",
    ),
    (
        "verify manifest inputs",
        manifest_edit(lambda m: entry(m, "budget")["inputs"]["data"].update({"x.csv": "0"})),
        "fi/budget",
        "inputs.data.x.csv not written by a render",
    ),
    (
        "verify manifest entry removed",
        manifest_edit(lambda m: m["appendices"]["goal-3"].pop("en")),
        "en/goal-3",
        "no entry in manifest.json",
    ),
    (
        "verify manifest entry for no page",
        manifest_edit(lambda m: m["appendices"].update(extra={"fi": entry(m, "index")})),
        "fi/extra",
        "in the manifest, but the inputs no longer make this page",
    ),
    (
        "verify manifest top-level field",
        manifest_edit(lambda m: m.update(year=2021)),
        "manifest.json",
        "fields differ from a fresh render's: year 2021 (a render records 2022)",
    ),
    (
        "verify manifest invalid JSON",
        plant("manifest.json", b'{"manifest_version": 1,'),
        "manifest.json",
        "not valid JSON (",
    ),
    (
        "verify manifest not UTF-8",
        plant("manifest.json", b"\xff\xfe"),
        "manifest.json",
        "unreadable (",
    ),
    ("verify manifest a list", plant("manifest.json", b"[]"), "manifest.json", "not a JSON object"),
    (
        "verify manifest of another version",
        manifest_edit(lambda m: m.update(manifest_version=0)),
        "manifest.json",
        "manifest_version 0, expected 1",
    ),
    ("verify manifest missing", vremove("manifest.json"), "manifest.json", "missing"),
]


@pytest.mark.parametrize(
    ("case", "edit", "label", "expected"), VERIFY_PROBES, ids=[p[0] for p in VERIFY_PROBES]
)
def test_tampered_outputs_fail_verify_in_one_line(rendered, tmp_path, case, edit, label, expected):
    root = tmp_path / "project"
    shutil.copytree(rendered.parents[2], root, ignore=shutil.ignore_patterns("*.pdf"))
    if edit is not None:
        edit(root)
    raw_before = tree_digest(root / "data" / "raw")
    nothing = RenderResult([], rendered / "manifest.json")
    checks = verify.compare(root / VOUT, rendered, ("fi", "sv", "en"), nothing)
    assert tree_digest(root / "data" / "raw") == raw_before
    different = [c.line() for c in checks if not c.identical]
    if label is None:
        assert different == []
        return
    assert len(different) == 1, different
    line = different[0]
    assert line.startswith(f"{label}: DIFFERENT: "), line
    if isinstance(expected, re.Pattern):
        assert expected.search(line), line
    else:
        assert expected in line, line
