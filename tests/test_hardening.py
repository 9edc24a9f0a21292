"""Hardening of ``seuranta clean`` and ``seuranta status`` (issue 13).

``PROBES`` is the table of malformed inputs: each edits a copy of the raw data (or asks
``status`` something impossible) and names a fragment of the one-line error it must give.
Every probe checks exit status 1, exactly one line on stderr without a traceback, and that
``data/processed/`` and ``data/raw/`` are byte-identical afterwards. The kill tests SIGKILL a
``seuranta clean`` at several moments and check that the programme's processed folder is
always whole, old or new, and that the next run leaves no ``.clean-*`` leftovers.
"""

from __future__ import annotations

import errno
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import PROGRAMME, tree_digest
from seuranta.cli import main

RAW = f"data/raw/{PROGRAMME}"
Y = f"{RAW}/2022"
T1 = f"{Y}/table1.csv"
PR = f"{Y}/projects.csv"
LE = f"{Y}/ledger.csv"
BY = f"{Y}/budget.yaml"
PY = f"{RAW}/programme.yaml"
SRC = f"{Y}/sources"
STATUS = ["status", "--programme", PROGRAMME, "--year", "2022"]

ZWSP, BOM, NUL = "\u200b", "\ufeff", "\x00"
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


# -- edits ---------------------------------------------------------------------------------


def sub(file, old, new, count=1):
    """Replace ``old`` by ``new`` in a raw text file (which must contain it)."""

    def edit(root: Path) -> None:
        path = root / file
        text = path.read_bytes().decode("utf-8")
        assert old in text, old
        path.write_bytes(text.replace(old, new, count).encode("utf-8"))

    return edit


def append(file, extra):
    def edit(root: Path) -> None:
        path = root / file
        path.write_bytes(path.read_bytes() + extra.encode("utf-8"))

    return edit


def write(file, text):
    def edit(root: Path) -> None:
        (root / file).write_bytes(text.encode("utf-8"))

    return edit


def remove(file):
    def edit(root: Path) -> None:
        (root / file).unlink()

    return edit


def copy_year(name):
    def edit(root: Path) -> None:
        shutil.copytree(root / Y, root / RAW / name)

    return edit


def link(file, target):
    """Replace ``file`` by a symbolic link to ``target`` (relative to the project root's
    parent for outside targets, which ``outside`` creates)."""

    def edit(root: Path) -> None:
        path = root / file
        destination = target(root)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        path.symlink_to(destination)

    return edit


def outside(root: Path, name="elsewhere.csv") -> Path:
    """A file outside data/raw (beside the project), with Table 1's content."""
    target = root.parent / name
    shutil.copyfile(root / T1, target)
    return target


def outside_dir(root: Path) -> Path:
    target = root.parent / "elsewhere-sources"
    if not target.exists():
        shutil.copytree(root / SRC, target)
    return target


def both(*edits):
    def edit(root: Path) -> None:
        for e in edits:
            e(root)

    return edit


# -- the probe table: (id, edit of the raw tree, command, expected fragment) ----------------

CLEAN = ["clean"]

PROBES = [
    # report-year folders: exactly four digits, a plausible year, matching budget.yaml
    ("stray year folder 02022", copy_year("02022"), CLEAN, "02022: not a report-year folder"),
    ("year folder 0000", copy_year("0000"), CLEAN, "0000: report year 0000 is not plausible"),
    ("superscript year folder", copy_year("202²"), CLEAN, "202²: not a report-year folder"),
    ("fullwidth year folder", copy_year("２０２２"), CLEAN, "not a report-year folder"),
    ("year folder with suffix", copy_year("2022-old"), CLEAN, "2022-old: not a report-year"),
    ("year folder 20222", copy_year("20222"), CLEAN, "20222: not a report-year folder"),
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
    ("budget NUL", append(BY, f"# {NUL}\n"), CLEAN, "budget.yaml:11: character U+0000"),
    (
        "budget python tag",
        append(BY, "x: !!python/object/apply:os.system ['true']\n"),
        CLEAN,
        "budget.yaml:11: not valid YAML",
    ),
    # provenance sidecars
    (
        "impossible date in a sidecar",
        sub(f"{T1}.meta.yaml", "published: 2022-12-31", "published: 2022-02-30"),
        CLEAN,
        'table1.csv.meta.yaml:10: "2022-02-30" is no such date',
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
        'key "published": expected a date such as 2022-12-31, found int 2022',
    ),
    (
        "billion laughs in a sidecar",
        sub(f"{LE}.meta.yaml", "note: >-", BOMB + "notes: >-"),
        CLEAN,
        'ledger.csv.meta.yaml:16: anchor "&a" refused',
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
        'key "title": expected a non-empty text, found int 2022',
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
    # programme.yaml through the strict loader, feeds inside sources/
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
        sub(PY, "file: tyonv-12r5-six-cities.csv", "file: ../table1.csv"),
        CLEAN,
        '"../table1.csv" leads outside data/raw/elinvoimainen-espoo/2022/sources/',
    ),
    (
        "feed file absolute",
        sub(PY, "file: tyonv-12r5-six-cities.csv", "file: /etc/passwd"),
        CLEAN,
        '"/etc/passwd" leads outside',
    ),
    (
        "feed file through a link",
        both(
            sub(PY, "file: tyonv-12r5-six-cities.csv", "file: t1.csv"),
            lambda root: (root / SRC / "t1.csv").symlink_to("../table1.csv"),
        ),
        CLEAN,
        '"t1.csv" leads outside data/raw/elinvoimainen-espoo/2022/sources/ (through a symbolic',
    ),
    (
        "feed file not a text",
        sub(PY, "file: tyonv-12r5-six-cities.csv", "file: [a, b]"),
        CLEAN,
        "feed.file: expected a file name, found a list",
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
    ("ledger sidecar missing", remove(f"{LE}.meta.yaml"), CLEAN, "missing provenance for ledger"),
    # invisible characters in the CSV files, shown visibly
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
]


@pytest.fixture
def cleaned(project, capsys):
    assert main(["-q", "clean"]) == 0
    capsys.readouterr()
    return project


def test_probe_table_is_large_enough():
    assert len(PROBES) >= 60
    assert len({p[0] for p in PROBES}) == len(PROBES)


@pytest.mark.parametrize(("case", "edit", "args", "fragment"), PROBES, ids=[p[0] for p in PROBES])
def test_bad_input_gives_one_line(cleaned, capsys, case, edit, args, fragment):
    project = cleaned
    if edit is not None:
        edit(project.root)
    raw_before = tree_digest(project.raw)
    processed_before = tree_digest(project.processed)
    code = main(["-q", *args])
    captured = capsys.readouterr()
    err = captured.err
    assert code == 1, err
    assert "Traceback" not in err
    assert err.startswith("seuranta: error: "), err
    assert len(err.splitlines()) == 1, err
    assert fragment in err, err
    assert "internal error" not in err, err
    assert tree_digest(project.raw) == raw_before
    assert tree_digest(project.processed) == processed_before


# -- faults: read-only, full disk, internal errors -------------------------------------------


def test_read_only_processed_gives_one_line_and_loses_nothing(cleaned, capsys, monkeypatch):
    before = tree_digest(cleaned.processed)
    import seuranta.clean.run as clean_module

    def refuse(cleaned_tables, target):
        raise PermissionError(errno.EACCES, "Permission denied", str(target))

    monkeypatch.setattr(clean_module, "_write", refuse)
    assert main(["-q", "clean"]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "Permission denied; data/processed was left as it was" in err
    assert tree_digest(cleaned.processed) == before
    assert not list(cleaned.processed.glob(".clean-*"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_read_only_processed_folder_for_real(cleaned, capsys):
    before = tree_digest(cleaned.processed)
    cleaned.processed.chmod(0o555)
    try:
        assert main(["-q", "clean"]) == 1
    finally:
        cleaned.processed.chmod(0o755)
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "Permission denied" in err
    assert tree_digest(cleaned.processed) == before


def test_processed_is_a_file(project, capsys):
    project.processed.parent.mkdir(parents=True, exist_ok=True)
    project.processed.write_text("not a folder")
    assert main(["-q", "clean"]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "cannot write data/processed" in err


def _run_clean(root: Path, command=None, preexec=None, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "SEURANTA_ROOT": str(root)}
    return subprocess.Popen(
        [sys.executable, *(command or ["-m", "seuranta.cli"]), "-q", "clean"],
        env=env,
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=preexec,
        **kwargs,
    )


def test_full_disk_gives_one_line_and_loses_nothing(cleaned):
    before = tree_digest(cleaned.processed)

    def small_files():
        # Files larger than 2 kB cannot be written: write() fails with EFBIG like ENOSPC.
        resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))

    proc = _run_clean(cleaned.root, preexec=small_files)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, err
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert "disk full or file size limit" in err, err
    assert tree_digest(cleaned.processed) == before
    assert not list(cleaned.processed.glob(".clean-*"))


def test_internal_error_prints_one_line_and_saves_the_traceback(project, capsys, monkeypatch):
    import seuranta.clean.run as clean_module

    def broken(*args, **kwargs):
        return 1 / 0

    monkeypatch.setattr(clean_module, "clean_programme", broken)
    assert main(["-q", "clean"]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "internal error (ZeroDivisionError: division by zero)" in err
    saved = Path(err.split("full traceback in ")[1].split(";")[0])
    assert "Traceback" in saved.read_text() and "ZeroDivisionError" in saved.read_text()
    saved.unlink()


# -- kills and concurrent runs ----------------------------------------------------------------


def _change_raw(project, n: int) -> None:
    """A valid change of the raw data, so that old and new processed tables differ."""
    path = project.root / PR
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("(Tapiola-klubi)", f"(Tapiola-klubi {n})", 1), encoding="utf-8")


def _programme_state(project) -> dict[str, str]:
    return tree_digest(project.processed_programme(PROGRAMME))


def _next_run_is_clean(project) -> dict[str, str]:
    proc = _run_clean(project.root)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert not list(project.processed.glob(".clean-*")), "leftovers after the next run"
    return _programme_state(project)


def _kill_at(project, step: str, *options: str) -> None:
    """Kill a clean that stopped at ``step`` (tests/clean_paused.py pauses it there)."""
    paused = [str(Path(__file__).with_name("clean_paused.py")), step, *options]
    proc = _run_clean(project.root, paused, start_new_session=True)
    line = proc.stderr.readline()
    assert line.strip() == f"paused at {step}", line + proc.stderr.read()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()
    proc.stdout.close()


@pytest.mark.parametrize(
    ("step", "expect"), [("validated", "old"), ("staged", "old"), ("swapped", "new")]
)
def test_kill_at_each_step_leaves_whole_old_or_new(cleaned, step, expect):
    old = _programme_state(cleaned)
    _change_raw(cleaned, 1)
    _kill_at(cleaned, step)
    state = _programme_state(cleaned)
    new = _next_run_is_clean(cleaned)
    assert old != new
    assert state == (old if expect == "old" else new)


def test_kill_between_fallback_renames_is_repaired_by_the_next_run(cleaned, capsys):
    """Without the atomic exchange, a kill between the renames leaves no programme folder;
    the next run puts the old one back before it even validates."""
    old = _programme_state(cleaned)
    _kill_at(cleaned, "between-renames", "--no-exchange")
    assert not cleaned.processed_programme(PROGRAMME).exists()
    # A next run that fails on bad input still restores the old tables.
    sub(T1, "9,4 %", "9,4 %%")(cleaned.root)
    assert main(["-q", "clean"]) == 1
    assert _programme_state(cleaned) == old
    assert not list(cleaned.processed.glob(".clean-*"))
    sub(T1, "9,4 %%", "9,4 %")(cleaned.root)
    assert _next_run_is_clean(cleaned) == old


def test_kills_at_random_moments(cleaned):
    rng = random.Random(13)
    states = [_programme_state(cleaned)]
    for n in range(8):
        _change_raw(cleaned, n + 2)
        proc = _run_clean(cleaned.root)
        time.sleep(rng.uniform(0.0, 2.5))
        proc.kill()
        proc.communicate(timeout=30)
        state = _programme_state(cleaned)
        new = _next_run_is_clean(cleaned)
        assert state in (states[-1], new), f"kill {n}: neither whole old nor whole new"
        states.append(new)


def test_concurrent_cleans_are_safe(cleaned):
    _change_raw(cleaned, 99)
    for _ in range(3):
        procs = [_run_clean(cleaned.root) for _ in range(3)]
        results = [(p.wait(timeout=300), p.communicate()[1]) for p in procs]
        assert any(code == 0 for code, _ in results), results
        for code, err in results:
            assert code == 0 or (
                code == 1
                and len(err.splitlines()) == 1
                and "another `seuranta clean` is writing" in err
            ), err
    state = _programme_state(cleaned)
    assert _next_run_is_clean(cleaned) == state
