"""Provenance sidecars: every raw file ``x.csv`` has ``x.csv.meta.yaml`` beside it.

The sidecar says where the file came from and whether its numbers are real. The
``illustrative`` flag travels with the data all the way to the appendices, which show a
notice on every page that uses an illustrative file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from seuranta.errors import InputError

REQUIRED = ("title", "source", "publisher", "licence", "illustrative", "reconstructed")
DATES = ("published", "retrieved", "transcribed")


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


def read_yaml(path: Path) -> object:
    """A YAML file, or an InputError naming the file and line of a syntax error."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as err:
        raise InputError(path, f"not UTF-8 text: {err.reason} at byte {err.start}") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err)
        raise InputError(
            path, f"not valid YAML: {problem}", line=mark.line + 1 if mark else None
        ) from None


def meta_path(path: Path) -> Path:
    return path.with_name(path.name + ".meta.yaml")


def read_provenance(path: Path) -> Provenance:
    """The provenance of a raw file; a missing or incomplete sidecar is an error."""
    sidecar = meta_path(path)
    if not sidecar.is_file():
        raise InputError(
            sidecar,
            f"missing provenance for {path.name}: expected a sidecar with "
            f"{', '.join(REQUIRED)} and one of {', '.join(DATES)}",
        )
    doc = read_yaml(sidecar) or {}
    if not isinstance(doc, dict):
        raise InputError(sidecar, "expected a mapping of provenance keys")
    missing = [key for key in REQUIRED if key not in doc]
    dates = [str(doc[key]) for key in DATES if key in doc]
    if missing or not dates:
        what = missing + ([f"one of {', '.join(DATES)}"] if not dates else [])
        raise InputError(sidecar, f"provenance incomplete: missing {', '.join(what)}")
    for flag in ("illustrative", "reconstructed"):
        if not isinstance(doc[flag], bool):
            raise InputError(sidecar, f'"{flag}" must be true or false, found {doc[flag]!r}')
    return Provenance(
        path=path,
        title=str(doc["title"]),
        source=" ".join(str(doc["source"]).split()),
        publisher=str(doc["publisher"]),
        licence=str(doc["licence"]),
        illustrative=doc["illustrative"],
        reconstructed=doc["reconstructed"],
        date=dates[0],
        note=" ".join(str(doc.get("note", "")).split()),
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        titles={
            lang: str((doc.get("titles") or {}).get(lang, doc["title"]))
            for lang in ("fi", "sv", "en")
        },
    )
