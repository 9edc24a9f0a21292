"""``seuranta fetch``: every download a programme declares, into the year's ``sources/``.

For each download of each source in programme.yaml (``sources.<id>.downloads``): ask the
server's ``/config`` (limits, licence, credit), the table's metadata (its codes, label and
``updated`` time), then its data, split into parts within ``maxDataCells`` where needed.
The answer is stored as received (the joined dataset when split) with a ``.meta.yaml``
written from what the server said. A file already there is never overwritten silently:
the changes are shown and the command refuses, unless ``--replace``, which keeps the
earlier file and its sidecar under a dated name. Every file is written whole or not at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from seuranta.catalog import SOURCES_FOLDER
from seuranta.clean.lock import programme_lock
from seuranta.errors import SeurantaError
from seuranta.fetch import query as q
from seuranta.fetch.changes import Changes, compare
from seuranta.fetch.client import BACKOFF, RETRIES, TIMEOUT, FetchError, Server
from seuranta.files import temp_file, write_atomic
from seuranta.location import display_path
from seuranta.paths import ProjectPaths, check_programme_id, project_paths
from seuranta.programme import DataSource, Download, load_programme
from seuranta.programme.provenance import meta_path

log = logging.getLogger(__name__)


class Refused(SeurantaError):
    """A changed answer not stored without ``--replace``; ``report`` says what changed."""

    def __init__(self, message: str, report: list[str]) -> None:
        super().__init__(message)
        self.report = report


@dataclass
class Answer:
    """What the server gave for one download."""

    data: bytes
    urls: list[str]
    part_sha256: list[str]
    metadata: dict[str, Any]
    config: dict[str, Any]
    cells: int
    titles: dict[str, str]  # the table's label in each page language the server has


def fetch_command(
    programme: str,
    year: int,
    *,
    api: str | None = None,
    dry_run: bool = False,
    replace: bool = False,
    paths: ProjectPaths | None = None,
    timeout: float = TIMEOUT,
    retries: int = RETRIES,
    backoff: float = BACKOFF,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> str:
    """Fetch every declared download; the report, one block per file."""
    paths = paths or project_paths()
    check_programme_id(programme)
    definition = load_programme(programme, paths)
    downloads = [(s, d) for s in definition.sources.values() for d in s.downloads]
    if not downloads:
        raise SeurantaError(
            f"{display_path(definition.path)}: no source declares downloads "
            "(sources.<id>.downloads): nothing to fetch"
        )
    folder = paths.raw_programme(programme) / str(year) / SOURCES_FOLDER
    out = []
    # One client per server, so that downloads from the same server share its rate limit.
    servers: dict[str, Server] = {}
    try:
        for source, download in downloads:
            root = (api or download.api).rstrip("/")
            if root not in servers:
                servers[root] = Server(root, "", timeout=timeout, retries=retries, backoff=backoff)
            server = servers[root]
            server.source = f"{source.id}/{download.table}"
            answer = _ask(server, download, definition.languages)
            target = folder / download.file
            stamp = now()
            meta = _sidecar(source, download, root, answer, stamp)
            with programme_lock(paths, programme):
                try:
                    out += _store(target, answer, meta, dry_run=dry_run, replace=replace)
                except Refused as err:
                    err.report = [*out, *err.report]
                    raise
    finally:
        for server in servers.values():
            server.close()
    return "\n".join(out) + "\n"


def _ask(server: Server, download: Download, languages: tuple[str, ...] = ()) -> Answer:
    config = server.config()
    info = {"outputFormat": "json-stat2", **({"lang": download.lang} if download.lang else {})}
    meta_url = f"/tables/{download.table}/metadata"
    try:
        metadata = server.json(meta_url, info)
    except FetchError as err:
        if err.status == 404:
            raise server.fail(
                f"{server.root}{meta_url}", f'unknown table "{download.table}" (HTTP 404)'
            ) from None
        raise
    titles = _titles(server, meta_url, download, metadata, config, languages)
    data_path = f"/tables/{download.table}/data"
    try:
        codes = q.table_codes(metadata)
        chosen = q.expand(download, codes)
        time_var = (metadata.get("role") or {}).get("time", [None])[0]
        limit = int(config.get("maxDataCells") or 0)
        parts = q.split(chosen, limit, time_var)
    except q.QueryError as err:
        raise server.fail(f"{server.root}{meta_url}", str(err)) from None
    if len(parts) == 1:
        response = server.get(data_path, q.params(download))
        body = response.content
        if download.format == "json-stat2":
            _dataset(server, response)  # an answer that is no dataset is not stored
        return Answer(
            body, [str(response.url)], [_sha(body)], metadata, config, q.cells(chosen), titles
        )
    if download.format != "json-stat2":
        raise server.fail(
            f"{server.root}{data_path}",
            f"{q.cells(chosen)} cells are over the server's maxDataCells {limit}, and answers "
            f"in {download.format} cannot be joined: ask for json-stat2 or for fewer codes",
        )
    answers, urls, hashes = [], [], []
    for part in parts:
        response = server.get(data_path, q.params(download, part))
        urls.append(str(response.url))
        hashes.append(_sha(response.content))
        answers.append(_dataset(server, response))
    try:
        joined = q.join(answers, chosen)
    except (q.QueryError, KeyError, TypeError) as err:
        raise server.fail(f"{server.root}{data_path}", f"cannot join the answers: {err}") from None
    body = json.dumps(joined, ensure_ascii=False).encode("utf-8")
    return Answer(body, urls, hashes, metadata, config, q.cells(chosen), titles)


def _dataset(server: Server, response: Any) -> dict[str, Any]:
    """A JSON-stat 2.0 answer as a dict; anything else is an error naming the URL."""
    try:
        doc = json.loads(response.content)
    except ValueError:
        doc = None
    if not (isinstance(doc, dict) and doc.get("class") == "dataset" and "value" in doc):
        raise server.fail(str(response.url), "expected a JSON-stat 2.0 dataset, found none")
    return doc


def _titles(
    server: Server,
    meta_url: str,
    download: Download,
    metadata: dict[str, Any],
    config: dict[str, Any],
    languages: tuple[str, ...],
) -> dict[str, str]:
    """The table's label in each of the programme's languages that the server offers, for
    the sidecar's ``titles`` (a page in Swedish names the file in Swedish)."""
    offered = {str(x.get("id")) for x in config.get("languages") or [] if isinstance(x, dict)}
    own = download.lang or config.get("defaultLanguage")
    titles = {own: str(metadata["label"])} if own in languages and metadata.get("label") else {}
    for lang in languages:
        if lang in titles or lang not in offered:
            continue
        other = server.json(meta_url, {"outputFormat": "json-stat2", "lang": lang})
        if other.get("label"):
            titles[lang] = str(other["label"])
    return titles


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _credit(config: dict[str, Any], lang: str | None) -> str | None:
    refs = [r for r in config.get("sourceReferences") or [] if isinstance(r, dict)]
    lang = lang or config.get("defaultLanguage")
    chosen = next((r for r in refs if r.get("language") == lang), refs[0] if refs else None)
    return chosen.get("text") if chosen else None


def _sidecar(
    source: DataSource, download: Download, root: str, answer: Answer, stamp: dt.datetime
) -> dict[str, Any]:
    metadata, config = answer.metadata, answer.config
    label = str(metadata.get("label") or f"table {download.table}")
    licence = str(config.get("license") or config.get("licence") or "not stated by the server")
    credit = _credit(config, download.lang)
    joined = len(answer.urls) > 1
    fetched = {
        "api": root,
        "table": download.table,
        "url": answer.urls[0] if not joined else answer.urls,
        "query": {var: list(codes) for var, codes in download.values.items()},
        "format": download.format,
        "lang": download.lang or config.get("defaultLanguage"),
        "label": label,
        "updated": metadata.get("updated"),
        "retrieved_at": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "sha256": _sha(answer.data),
        "cells": answer.cells,
        "licence": licence,
        "credit": credit,
        "joined": joined,
    }
    if joined:
        fetched["part_sha256"] = answer.part_sha256
    how = (
        f"joined by seuranta from {len(answer.urls)} answers of a query split to stay within "
        f"the server's maxDataCells {config.get('maxDataCells')} (each answer's sha256 under "
        "fetched.part_sha256)"
        if joined
        else "stored byte for byte as the server sent it"
    )
    return {
        "title": label,
        **({"titles": answer.titles} if answer.titles else {}),
        "source": f"{root}/tables/{download.table}/data (PxWeb API 2.0), table {download.table}",
        "publisher": str(metadata.get("source") or source.report_name),
        "licence": licence + (f'. Credit: "{credit}"' if credit else ""),
        "retrieved": stamp.date().isoformat(),
        "illustrative": False,
        "reconstructed": False,
        "note": f"Fetched with `seuranta fetch`: {how}. Table updated {metadata.get('updated')}.",
        "fetched": fetched,
    }


def _recorded_sha(sidecar: Path) -> str | None:
    """The sha256 a sidecar recorded when fetched; "" when it has none (or is missing), and
    None for a sidecar written by hand (no ``fetched``), which is left alone."""
    try:
        doc = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return ""
    if not isinstance(doc, dict):
        return ""
    fetched = doc.get("fetched")
    if fetched is None:
        return None
    return str(fetched.get("sha256") or "") if isinstance(fetched, dict) else ""


def _dated(target: Path, old_meta: Path) -> Path:
    """A free name for the earlier file: ``x.<its retrieval time>.json``."""
    when = None
    with contextlib.suppress(OSError, yaml.YAMLError, AttributeError, TypeError):
        doc = yaml.safe_load(old_meta.read_text(encoding="utf-8"))
        when = (doc.get("fetched") or {}).get("retrieved_at") or str(doc.get("retrieved"))
    if not when:
        stat = target.stat()
        when = dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    tag = str(when).replace(":", "").replace("-", "")
    candidate = target.with_name(f"{target.stem}.{tag}{target.suffix}")
    n = 2
    while candidate.exists() or meta_path(candidate).exists():
        candidate = target.with_name(f"{target.stem}.{tag}-{n}{target.suffix}")
        n += 1
    return candidate


def _store(
    target: Path,
    answer: Answer,
    meta: dict[str, Any],
    *,
    dry_run: bool,
    replace: bool,
) -> list[str]:
    shown = display_path(target)
    head = (
        f"{shown}: {meta['fetched']['label']} ({answer.cells} cells, table updated "
        f"{meta['fetched']['updated']})"
    )
    side = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=88)
    if not target.exists():
        if dry_run:
            return [f"{head}: would be written (dry run)"]
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, answer.data)
        try:
            write_atomic(meta_path(target), side)
        except BaseException:
            os.unlink(target)
            raise
        return [f"{head}: written, with {display_path(meta_path(target))}"]
    if target.read_bytes() == answer.data:
        if _recorded_sha(meta_path(target)) in (None, meta["fetched"]["sha256"]):
            return [f"{head}: unchanged, nothing written"]
        # The bytes are the server's but the sidecar is not theirs (an interrupted fetch).
        if dry_run:
            return [f"{head}: unchanged; its sidecar would be written again (dry run)"]
        write_atomic(meta_path(target), side)
        return [f"{head}: unchanged; its sidecar did not match and was written again"]
    new = temp_file(target, suffix=target.suffix)
    try:
        new.write_bytes(answer.data)
        changes = compare(target, new, _time_variable(answer))
        lines = [f"{head}: the server's answer differs from the stored file:"]
        lines += [f"  {line}" for line in (changes.lines() if changes.any else ["bytes only"])]
        if dry_run:
            return [*lines, "  nothing written (dry run)"]
        if not replace:
            raise Refused(
                f"{shown}: the server's answer differs from the stored file "
                f"({changes.summary() if changes.any else 'bytes only'}); refused: the stored "
                "file is kept; run again with --replace to store the new answer and keep the "
                "earlier file under a dated name",
                [*lines, "  refused: nothing written"],
            )
        dated = _swap(target, new, side)
        return [*lines, f"  stored; the earlier file is kept as {display_path(dated)}"]
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(new)


def _swap(target: Path, new: Path, side: str) -> Path:
    """The earlier file and sidecar to a dated name, then the new ones in place.

    The earlier pair is hard-linked first, so at every moment each name holds a whole
    file; a failure puts the earlier pair back.
    """
    old_meta = meta_path(target)
    dated = _dated(target, old_meta)
    os.link(target, dated)
    if old_meta.exists():
        os.link(old_meta, meta_path(dated))
    try:
        os.replace(new, target)
        write_atomic(old_meta, side)
    except BaseException:
        os.replace(dated, target)
        if meta_path(dated).exists():
            os.replace(meta_path(dated), old_meta)
        raise
    return dated


def _time_variable(answer: Answer) -> str | None:
    return ((answer.metadata.get("role") or {}).get("time") or [None])[0]


__all__ = ["Changes", "Refused", "fetch_command"]
