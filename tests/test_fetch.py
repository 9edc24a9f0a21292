"""``seuranta fetch`` against a PxWeb API 2.0 server on 127.0.0.1 (tests/pxweb_server.py).

Recorded answers of Statistics Sweden and built StatFin-shaped answers of table 12r5 (real
values up to 2022M12, made-up 2023 months; fixtures/pxweb-v2/SOURCES.md). Nothing here
reaches beyond 127.0.0.1.
"""

from __future__ import annotations

import json
import re
import shutil
import socket

import pandas as pd
import pytest
import yaml
from pytest_httpserver import HTTPServer
from tests.conftest import (
    FIXTURES,
    PROGRAMME,
    clean_in_place,
    copy_raw_project,
    run_seuranta,
    try_seuranta,
)
from tests.pxweb_server import PREFIX, PxServer

from seuranta.clean.sources import read_jsonstat2, read_source, select
from seuranta.errors import SeurantaError
from seuranta.fetch import Refused, fetch_command
from seuranta.fetch.client import RateLimit, Server
from seuranta.fetch.command import _ask
from seuranta.files import sha256_file
from seuranta.programme import Download, load_programme
from seuranta.programme.provenance import read_provenance

FILE = "tyonv-12r5.json"


@pytest.fixture
def px():
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    state = PxServer(url=f"http://127.0.0.1:{server.port}{PREFIX}")
    server.expect_request(re.compile(".*")).respond_with_handler(state.handle)
    yield state
    server.clear()
    server.stop()


@pytest.fixture
def tree(tmp_path, monkeypatch):
    paths = copy_raw_project(tmp_path / "project")
    monkeypatch.setenv("SEURANTA_ROOT", str(paths.root))
    return paths


def fetch(tree, px, year=2023, **options):
    options.setdefault("backoff", 0.01)
    return fetch_command(PROGRAMME, year, api=px.url, paths=tree, **options)


def sources(tree, year=2023):
    return tree.raw_programme(PROGRAMME) / str(year) / "sources"


def listing(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_fetch_writes_the_answer_as_received_with_its_sidecar(tree, px):
    report = fetch(tree, px)
    target = sources(tree) / FILE
    assert "written" in report
    data_urls = px.data_requests()
    assert len(data_urls) == 1
    assert (
        "valueCodes%5BKuukausi%5D=%2A" in data_urls[0] or "valueCodes[Kuukausi]=*" in (data_urls[0])
    )
    # the bytes are the server's: the same query asked again gives the same bytes
    meta = yaml.safe_load((sources(tree) / (FILE + ".meta.yaml")).read_text(encoding="utf-8"))
    fetched = meta["fetched"]
    assert fetched["sha256"] == sha256_file(target)
    assert fetched["updated"] == px.updated
    assert fetched["table"] == "12r5"
    assert fetched["url"].startswith(px.url + "/tables/12r5/data?")
    assert fetched["licence"] == px.config["license"]
    assert fetched["credit"].startswith("Lähde: Työ- ja elinkeinoministeriö")
    assert fetched["joined"] is False
    assert meta["title"].startswith("Työnhakijat")
    assert meta["titles"]["sv"].startswith("Arbetssökande")  # asked in each page language
    assert meta["titles"]["en"].startswith("Jobseekers")
    assert meta["licence"].startswith("https://creativecommons.org/licenses/by/4.0/. Credit:")
    frame = read_jsonstat2(target)
    espoo = select(frame, {"Alue": "KU049", "Kuukausi": "2022M11", "Tiedot": "TYOTTOMATLOPUSSA"})
    assert espoo["value"].tolist() == [12133.0]  # the real figure of tem/SOURCES.md


@pytest.mark.slow  # cleans and renders a project tree
def test_fetch_then_clean_and_render_2023(tree, px):
    shutil.copytree(FIXTURES / "raw" / PROGRAMME / "2023", tree.raw_programme(PROGRAMME) / "2023")
    fetch(tree, px)
    clean_in_place(tree)
    table = pd.read_csv(tree.processed_programme(PROGRAMME) / "indicators.csv")
    row = table[
        (table["report_year"] == 2023)
        & (table["indicator"] == "unemployment")
        & (table["series"] == "all")
        & (table["period"] == "2023-10")
    ]
    assert len(row) == 1
    assert round(row["value"].iloc[0], 2) == 8.78
    assert row["raw_file"].iloc[0].endswith("2023/sources/tyonv-12r5.json")
    # the 2022 year still reads its extract
    old = table[(table["report_year"] == 2022) & (table["indicator"] == "unemployment")]
    assert old["raw_file"].str.endswith("tyonv-12r5-six-cities.csv").any()
    # and the page renders: Table 1 gives 11/2023, the file ends at 2023M10, so the
    # comparison with the other cities is of the latest month the file has
    run_seuranta(
        tree.root, "render", "--year", "2023", "--only", "goal-3", "--lang", "en", "--jobs", "1"
    )
    page = (tree.outputs / PROGRAMME / "2023" / "en" / "goal-3.html").read_text("utf-8")
    assert "In Oct 2023, Espoo ranked" in page
    assert "Jobseekers and vacancies at the end of the month" in page  # the sidecar's titles.en


def test_a_revision_is_shown_and_refused_without_replace(tree, px):
    fetch(tree, px)
    target = sources(tree) / FILE
    first = target.read_bytes()
    first_meta = (sources(tree) / (FILE + ".meta.yaml")).read_bytes()
    assert "unchanged" in fetch(tree, px)

    px.values[("KU049", "2023M09", "TYOTTOMATLOPUSSA")] += 57
    old = px.values[("KU049", "2023M09", "TYOTTOMATLOPUSSA")] - 57
    with pytest.raises(Refused) as err:
        fetch(tree, px)
    message = str(err.value)
    assert "(1 revised value); refused" in message and "--replace" in message
    assert "\n" not in message
    report = "\n".join(err.value.report)
    assert f"revised: 2023M09 KU049 TYOTTOMATLOPUSSA: {old} -> {old + 57}" in report
    assert target.read_bytes() == first  # refused: nothing changed on disk
    assert listing(sources(tree)) == [FILE, FILE + ".meta.yaml"]

    dry = fetch(tree, px, dry_run=True)
    assert "revised: 2023M09" in dry and "nothing written" in dry
    assert target.read_bytes() == first

    report = fetch(tree, px, replace=True)
    assert f"{old} -> {old + 57}" in report
    kept = [n for n in listing(sources(tree)) if n not in (FILE, FILE + ".meta.yaml")]
    assert len(kept) == 2, kept  # the earlier file and its sidecar, under a dated name
    dated = next(n for n in kept if not n.endswith(".meta.yaml"))
    assert (sources(tree) / dated).read_bytes() == first
    assert (sources(tree) / (dated + ".meta.yaml")).read_bytes() == first_meta
    new = read_jsonstat2(target)
    cell = select(new, {"Alue": "KU049", "Kuukausi": "2023M09", "Tiedot": "TYOTTOMATLOPUSSA"})
    assert cell["value"].tolist() == [old + 57]


def test_new_periods_are_reported(tree, px):
    px.values = {k: v for k, v in px.values.items() if not k[1].startswith("2023M1")}
    fetch(tree, px)
    px.values = PxServer().values
    with pytest.raises(Refused, match=r"\(21 new cells\)") as err:
        fetch(tree, px)
    assert "  new: 21 cells, periods 2023M10" in err.value.report


def test_a_query_over_max_data_cells_is_split_and_joined(tree, px):
    whole = fetch_command(PROGRAMME, 2022, api=px.url, paths=tree, backoff=0.01)
    assert "written" in whole
    px.config["maxDataCells"] = 1000
    px.log.clear()
    fetch(tree, px)
    parts = px.data_requests()
    cells = 7 * 3 * len({m for _, m, _ in px.values})
    assert len(parts) == -(-cells // (1000 // 21 * 21))
    joined = read_source(sources(tree) / FILE)
    unsplit = read_source(sources(tree, 2022) / FILE)
    columns = ["Alue_code", "Kuukausi_code", "Tiedot_code", "value"]
    assert joined[columns].equals(unsplit[columns])
    meta = yaml.safe_load((sources(tree) / (FILE + ".meta.yaml")).read_text(encoding="utf-8"))
    assert meta["fetched"]["joined"] is True
    assert len(meta["fetched"]["url"]) == len(parts) == len(meta["fetched"]["part_sha256"])


def test_the_stated_rate_limit_is_kept(tree, px):
    px.config.update(maxCallsPerTimeWindow=2, timeWindow=0.4, maxDataCells=1000)
    fetch(tree, px)
    times = [t for t, url in px.log if not url.startswith(PREFIX + "/config")]
    assert len(times) >= 4
    for a, b in zip(times, times[2:], strict=False):
        assert b - a >= 0.4  # never a third call within one window


def test_rate_limit_waits_in_a_sliding_window():
    now, slept = [0.0], []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    limit = RateLimit(3, 1.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        limit.wait()
        now[0] += 0.1  # the answer takes 0.1 s
        limit.done()
    limit.wait()  # a fourth call within the second waits for the first to leave the window
    # answers at 0.1, 0.2 and 0.3 s: the fourth call waits until 1.1 s
    assert slept == [pytest.approx(0.8)]
    assert now[0] == pytest.approx(1.1)


def test_429_and_5xx_are_retried_with_backoff(tree, px):
    px.faults = [
        (429, '{"title": "Too many requests"}', {"Retry-After": "0"}),
        (503, "", {}),
    ]
    assert "written" in fetch(tree, px)
    assert len(px.log) >= 4


def test_a_slow_answer_times_out_and_is_tried_again(tree, px):
    px.delays = [1.0]  # the data answer comes too late the first time
    report = fetch(tree, px, timeout=0.3)
    assert "written" in report
    # the server answers one request at a time: a retry may wait for the slow one and
    # time out too
    assert len(px.data_requests()) >= 2


def test_an_interrupted_fetch_is_found_and_mended(tree, px):
    fetch(tree, px)
    target = sources(tree) / FILE
    sidecar = sources(tree) / (FILE + ".meta.yaml")
    # As if killed between storing a revised answer and its sidecar: new bytes, old sidecar.
    px.values[("KU049", "2023M09", "TYOTTOMATLOPUSSA")] += 1
    server_bytes = _fetch_bytes(px)
    target.write_bytes(server_bytes)
    with pytest.raises(SeurantaError, match=r"fetched\.sha256.*tyonv-12r5\.json is not the file"):
        read_provenance(target)
    assert "sidecar did not match and was written again" in fetch(tree, px)
    assert read_provenance(target).sha256 == sha256_file(target)
    assert yaml.safe_load(sidecar.read_text("utf-8"))["fetched"]["sha256"] == sha256_file(target)


def _fetch_bytes(px) -> bytes:
    server = Server(px.url, "test", backoff=0.01)
    try:
        values = {
            "Alue": ("SSS", "KU091", "KU049", "KU092", "KU837", "KU853", "KU564"),
            "Kuukausi": ("*",),
            "Tiedot": ("TYOTTOMATLOPUSSA", "TYOVOIMATK", "AVPAIKATLOPUSSA"),
        }
        return _ask(server, Download(FILE, px.url, "12r5", values, "fi")).data
    finally:
        server.close()


def test_a_server_that_keeps_failing_is_one_line_and_writes_nothing(tree, px):
    px.faults = [(503, "", {})] * 10
    with pytest.raises(SeurantaError) as err:
        fetch(tree, px, retries=2)
    message = str(err.value)
    assert message.startswith("tem/12r5: http://127.0.0.1:")
    assert "HTTP 503, after 3 tries" in message
    assert listing(sources(tree)) == []


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("table", r'unknown table "12r5x" \(HTTP 404\)'),
        ("code", r'the table has no code "KU999" in the variable "Alue"'),
        ("variable", r'the table has no variable "Alueet"'),
        ("html", "the server answered with an HTML page, not the API"),
        ("network", "cannot connect"),
        ("dataset", "expected a JSON-stat 2.0 dataset, found none"),
        ("split csv", "cells are over the server's maxDataCells 1000, and answers in csv cannot"),
    ],
)
def test_each_error_is_one_line_naming_source_and_url(tree, px, fault, expected):
    definition = tree.raw_programme(PROGRAMME) / "programme.yaml"
    text = definition.read_text(encoding="utf-8")
    api = px.url
    if fault == "table":
        text = text.replace("table: 12r5", "table: 12r5x")
    elif fault == "code":
        text = text.replace("Alue: [SSS,", "Alue: [KU999, SSS,")
    elif fault == "variable":
        text = text.replace("Alue: [SSS,", "Alueet: [SSS,")
    elif fault == "html":
        px.faults = [(200, "<!DOCTYPE html><html><body>Sivua ei löydy</body></html>", {})]
    elif fault == "split csv":
        text = text.replace("file: tyonv-12r5.json", "file: tyonv-12r5.csv")
        text = text.replace("format: json-stat2", "format: csv")
        px.config["maxDataCells"] = 1000
    elif fault == "dataset":
        px.data_answer = '{"title": "Palvelussa on huoltokatko"}'
    elif fault == "network":
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            api = f"http://127.0.0.1:{s.getsockname()[1]}/api/v2"  # closed once the block ends
    definition.write_text(text, encoding="utf-8")
    with pytest.raises(SeurantaError) as err:
        fetch_command(PROGRAMME, 2023, api=api, paths=tree, backoff=0.01)
    message = str(err.value)
    assert re.search(expected, message), message
    assert message.startswith(f"tem/12r5{'x' if fault == 'table' else ''}: {api}/")
    assert "\n" not in message
    assert listing(sources(tree)) == []


def test_the_recorded_scb_answers_are_stored_byte_for_byte(px):
    data = json.loads((FIXTURES / "pxweb-v2" / "scb-TAB6471_data.json").read_text("utf-8"))
    values = {var: tuple(dim["category"]["index"]) for var, dim in data["dimension"].items()}
    px.config = json.loads((FIXTURES / "pxweb-v2" / "scb-config.json").read_text("utf-8"))
    download = Download("befolkning.json", px.url, "TAB6471", values, "sv")
    server = Server(px.url, "scb/TAB6471", backoff=0.01)
    try:
        answer = _ask(server, download)
    finally:
        server.close()
    assert answer.data == (FIXTURES / "pxweb-v2" / "scb-TAB6471_data.json").read_bytes()
    assert answer.metadata["updated"] == "2026-06-08T06:00:00Z"
    assert answer.cells == 21 * 11 * 3 * 1 * 4 == len(data["value"])
    assert answer.config["license"].endswith("/cc0/")


def test_the_command_line(tree, px):
    args = ("fetch", "--programme", PROGRAMME, "--year", "2023", "--api", px.url)
    done = run_seuranta(tree.root, *args)
    assert "tyonv-12r5.json" in done.stdout and "written" in done.stdout
    assert "HTTP Request" not in done.stderr  # httpx's own log stays quiet
    assert "unchanged" in run_seuranta(tree.root, *args).stdout
    px.values[("SSS", "2023M01", "TYOVOIMATK")] -= 1000
    refused = try_seuranta(tree.root, *args)
    assert refused.returncode == 1
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("seuranta: error: ")
    assert "(1 revised value); refused" in lines[0]
    assert "revised: 2023M01 SSS TYOVOIMATK" in refused.stdout
    dry = run_seuranta(tree.root, *args, "--dry-run")
    assert "nothing written (dry run)" in dry.stdout
    replaced = run_seuranta(tree.root, *args, "--replace")
    assert "the earlier file is kept as" in replaced.stdout
    assert len(listing(sources(tree))) == 4


def test_two_downloads_into_one_file_are_refused(tree):
    definition = tree.raw_programme(PROGRAMME) / "programme.yaml"
    text = definition.read_text(encoding="utf-8")
    start = text.index("      - file: tyonv-12r5.json\n")
    end = text.index("AVPAIKATLOPUSSA]\n", start) + len("AVPAIKATLOPUSSA]\n")
    definition.write_text(text[:end] + text[start:end] + text[end:], encoding="utf-8")
    with pytest.raises(SeurantaError, match=r"sources\.tem\.downloads\[1\]\.file: .* another"):
        load_programme(PROGRAMME, tree)
