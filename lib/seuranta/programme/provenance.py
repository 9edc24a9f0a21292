"""Provenance sidecars: every raw file ``x.csv`` has ``x.csv.meta.yaml`` beside it.

The sidecar says where the file came from and whether its numbers are real. The
``illustrative`` flag travels with the data all the way to the appendices, which show a
notice on every page that uses an illustrative file. Its schema is
:data:`seuranta.programme.sidecar_schema.SIDECAR_SCHEMA` (docs/programme-reference.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from seuranta.catalog import LANGUAGES, META_SUFFIX
from seuranta.errors import InputError, describe
from seuranta.yamlfile import Where, is_placeholder, read_yaml_lines

REQUIRED = ("title", "source", "publisher", "licence", "illustrative", "reconstructed")
DATES = ("published", "retrieved", "transcribed")
#: Every key a sidecar may hold (see docs/programme-reference.md); any other is refused.
KNOWN_KEYS = (*REQUIRED, *DATES, "note", "titles", "publishers", "fetched")
#: The mappings of a text per page language, each falling back to its single-text key.
PER_LANGUAGE = {"titles": "title", "publishers": "publisher"}

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Provenance:
    path: Path  # the data file described
    title: str
    source: str
    publisher: str
    licence: str
    illustrative: bool
    reconstructed: bool
    date: str  # publication or retrieval date, ISO
    note: str
    sha256: str
    titles: dict[str, str]  # the title in each page language; falls back to ``title``
    # the publisher's name in each page language; falls back to ``publisher``
    publishers: dict[str, str] | None = None


def meta_path(path: Path) -> Path:
    """The sidecar of ``path``: always beside it, in the same folder."""
    return path.with_name(path.name + META_SUFFIX)


def _date(sidecar: Path, key: str, value: object, line: int | None = None) -> str:
    """A sidecar date as ISO text; YAML gives a date, a quoted one stays text."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value, re.ASCII):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            raise InputError(sidecar, f'"{value}" is no such date', line=line, key=key) from None
    raise InputError(
        sidecar,
        f"expected a date such as 2022-12-31, found {describe(value)}",
        line=line,
        key=key,
    )


def _or_list(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def read_provenance(path: Path, languages: tuple[str, ...] | None = None) -> Provenance:
    """The provenance of a raw file; a missing file, a missing or incomplete sidecar is an error.

    The data file is checked first, so a missing ``ledger.csv`` is reported as missing
    rather than as a missing ``ledger.csv.meta.yaml``. ``titles`` and ``publishers`` may
    be given in the ``languages`` the programme publishes (default: every language of the
    toolkit); a language without one falls back to ``title`` or ``publisher``. A placeholder value
    (:data:`seuranta.yamlfile.PLACEHOLDER`) is logged as a warning naming the file, line and
    key.
    """
    languages = tuple(languages or LANGUAGES)
    if not path.is_file():
        raise InputError(path, "missing: expected this data file (and its .meta.yaml)")
    sidecar = meta_path(path)
    if not sidecar.is_file():
        raise InputError(
            sidecar,
            f"missing provenance for {path.name}: expected a sidecar with "
            f"{', '.join(REQUIRED)} and one of {', '.join(DATES)}",
        )
    doc, lines = read_yaml_lines(sidecar)
    if doc is None:
        doc = {}
    if not isinstance(doc, dict):
        raise InputError(sidecar, f"expected a mapping of provenance keys, found {describe(doc)}")

    def fail(key: str, message: str, where: Where | None = None) -> InputError:
        return InputError(sidecar, message, line=lines.get(where or (key,)), key=key)

    for key in doc:
        if key not in KNOWN_KEYS:
            raise fail(str(key), f"unknown key: expected one of {', '.join(KNOWN_KEYS)}")
    missing = [key for key in REQUIRED if key not in doc]
    dates = [_date(sidecar, key, doc[key], lines.get((key,))) for key in DATES if key in doc]
    if missing or not dates:
        what = missing + ([f"one of {', '.join(DATES)}"] if not dates else [])
        raise InputError(sidecar, f"provenance incomplete: missing {', '.join(what)}")
    for flag in ("illustrative", "reconstructed"):
        if not isinstance(doc[flag], bool):
            raise fail(flag, f"expected true or false, found {describe(doc[flag])}")
    for key in ("title", "source", "publisher", "licence", "note"):
        if key in doc and not (isinstance(doc[key], str) and doc[key].strip()):
            raise fail(key, f"expected a non-empty text, found {describe(doc[key])}")
    per_language = {}
    for key in PER_LANGUAGE:
        texts = doc.get(key) or {}
        if not isinstance(texts, dict):
            raise fail(
                key,
                f"expected a mapping {'/'.join(languages)}: text, found {describe(texts)}",
            )
        for lang, text in texts.items():
            if lang not in languages or not (isinstance(text, str) and text.strip()):
                raise fail(
                    f"{key}.{lang}",
                    f"expected a non-empty text in {_or_list(languages)}, found {describe(text)}",
                    (key, lang),
                )
        per_language[key] = texts
    nested = [(f"{k}.{lang}", v) for k, texts in per_language.items() for lang, v in texts.items()]
    for key, value in [*doc.items(), *nested]:
        if is_placeholder(value):
            where = tuple(key.split(".", 1)) if "." in key else (key,)
            log.warning("%s", fail(key, "placeholder still to be filled in", where))
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    fetched = doc.get("fetched")
    if isinstance(fetched, dict) and fetched.get("sha256") and fetched["sha256"] != sha256:
        # Written by `seuranta fetch`: a file that is not the bytes it recorded was edited
        # by hand or is left from an interrupted fetch.
        raise fail(
            "fetched.sha256",
            f"{path.name} is not the file seuranta fetch stored (its sha256 differs): "
            "run seuranta fetch again, or restore the file",
            ("fetched", "sha256"),
        )
    # Every language of the toolkit, so provenance.csv keeps one column per language.
    by_lang = {
        key: {lang: per_language[key].get(lang, doc[single]) for lang in LANGUAGES}
        for key, single in PER_LANGUAGE.items()
    }
    return Provenance(
        path=path,
        title=doc["title"],
        source=" ".join(doc["source"].split()),
        publisher=doc["publisher"],
        licence=doc["licence"],
        illustrative=doc["illustrative"],
        reconstructed=doc["reconstructed"],
        date=dates[0],
        note=" ".join(doc.get("note", "").split()),
        sha256=sha256,
        titles=by_lang["titles"],
        publishers=by_lang["publishers"],
    )
