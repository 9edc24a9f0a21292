"""Read PC-Axis (``.px``) files into tidy DataFrames, fast and strictly.

Rules of the PX format followed here (PX file format specification 2013, pxtools.net,
and Statistics Finland's StatFin profile):

* A file is a sequence of statements ``KEYWORD[lang]("subkey","subkey2")=value;``
  ending with ``DATA=`` and the data cells. A value is a list of items separated by
  commas; an item is a quoted string, several quoted strings separated only by
  whitespace or line breaks (they are joined, which is how TITLE and NOTE continue on
  the next line), or a bare word such as ``YES``, ``1`` or ``TLIST(Q1)``. A ``;`` inside
  quotes does not end a statement (Aluesarjat has a label ``"...palv.;elinkeinoelämän..."``).
* Variables are STUB then HEADING. The DATA cells run row-major over that order: the
  last HEADING variable changes fastest, the first STUB variable slowest. The cell count
  must equal the product of the numbers of VALUES: a file with fewer cells (truncated)
  or more is refused; nothing is padded or dropped.
* Multilingual files give ``LANGUAGE`` (the default), ``LANGUAGES`` and translated
  keywords ``KEY[sv]``; variable-keyed translations use the translated variable name
  (``VALUES[sv]("Kvartal")``). A missing translation falls back to the default
  language, matching variables and values by position.
* CODES give the language-independent codes (column ``<variable>_code``). TIMEVAL or
  ``VARIABLE-TYPE="Time"`` marks the time variable; Statistics Finland marks preliminary
  periods with a trailing ``*`` in VALUES only (``2024Q1*``): the star is removed from the
  label and the cells get ``preliminary=True``.
* Missing cells are stored as ``.`` to ``......`` or ``-`` (quoted or not). Under the
  spec, ``DATASYMBOL1``-``6`` and ``DATASYMBOLNIL`` say how such a stored symbol is to be
  presented; the ``symbol`` column holds that presentation symbol (``".."`` unless
  redefined), and the presentation symbols themselves are accepted as stored tokens too.
* CONTVARIABLE makes UNITS, LAST-UPDATED, PRECISION etc. per content value; they are
  collected in ``attrs["contents_info"]``.

Encoding: CHARSET="ANSI" is routinely declared on UTF-8 files and on Windows-1252 files
alike, so the bytes decide (see :func:`seuranta.sources._common.decode_text`) and
``attrs["encoding"]``/``attrs["encoding_reason"]`` record the outcome.

Speed and memory: the DATA block is never split into Python objects. Its whitespace is
turned into newlines with one ``bytes.translate`` and parsed by pandas' C CSV parser as a
single column; per-line cell counts (for the ``line``/``position`` columns and the count
check) come from numpy on the raw bytes, in chunks. Label columns are Categoricals built
from ``numpy.repeat``/``tile`` codes, so a label costs one or two bytes per cell.
"""

from __future__ import annotations

import io
import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from seuranta.errors import InputError
from seuranta.sources._common import NUMBER, decode_text, thousands, unquote

log = logging.getLogger(__name__)

__all__ = ["read_px"]

# One statement head: KEYWORD, optional [lang], optional ("subkeys"), then "=".
_HEAD = re.compile(
    rb'\s*(?P<key>[A-Za-z][A-Za-z0-9_-]*)\s*(?:\[\s*(?P<lang>[^\]"]*?)\s*\])?\s*'
    rb'(?:\((?P<sub>(?:"[^"]*"|[^)"])*)\))?\s*='
)
# The value up to the terminating ";" outside quotes.
_VALUE = re.compile(rb'(?:"[^"]*"|[^";])*;')
_QUOTED = re.compile(r'"([^"]*)"')
_ITEM_TOKEN = re.compile(r'"([^"]*)"|([(),])|([^\s",()]+)')
_TLIST = re.compile(r'TLIST\s*\(\s*([A-Za-z]\d*)\s*(?:,\s*"([^"]*)"\s*-\s*"([^"]*)")?\s*\)', re.I)

#: Bytes 0-32 and ";" become newlines: each data token on its own line for the C parser.
_TO_NEWLINE = bytes.maketrans(bytes(range(33)) + b";", b"\n" * 34)
#: Bytes per numpy chunk when counting cells per line (bounds temporary memory).
_CHUNK = 1 << 22

_RESERVED = {"value", "symbol", "line", "position", "preliminary"}


@dataclass
class _Statement:
    key: str
    lang: str | None
    sub: tuple[str, ...]
    items: list[str]
    raw: str
    line: int


@dataclass
class _Header:
    """The decoded keywords, addressable by (keyword, language, subkeys)."""

    path: Path
    statements: dict[tuple[str, str | None, tuple[str, ...]], _Statement] = field(
        default_factory=dict
    )

    def get(self, key: str, lang: str | None = None, sub: tuple[str, ...] = ()) -> _Statement:
        return self.statements.get((key, lang, sub))  # type: ignore[return-value]

    def items(self, key: str, lang: str | None = None, sub: tuple[str, ...] = ()) -> list[str]:
        st = self.get(key, lang, sub)
        return st.items if st else []

    def text(self, key: str, lang: str | None = None, sub: tuple[str, ...] = ()) -> str | None:
        st = self.get(key, lang, sub)
        if st is None:
            return None
        return ", ".join(st.items) if len(st.items) > 1 else (st.items[0] if st.items else "")


def _split_items(value: str) -> list[str]:
    """Split a statement value into items at top-level commas, joining continued strings."""
    items: list[str] = []
    cur: str | None = None
    depth = 0
    for quoted, punct, bare in _ITEM_TOKEN.findall(value):
        if punct == ",":
            if depth == 0:
                items.append(cur if cur is not None else "")
                cur = None
            else:
                cur = (cur or "") + ","
        elif punct == "(":
            depth += 1
            cur = (cur or "") + "("
        elif punct == ")":
            depth -= 1
            cur = (cur or "") + ")"
        elif bare:
            cur = bare if cur is None else cur + bare
        else:  # a quoted piece: pieces separated only by whitespace are one text
            cur = quoted if cur is None else cur + quoted
    if cur is not None:
        items.append(cur)
    return items


def _line_of(raw: bytes, pos: int) -> int:
    return raw.count(b"\n", 0, pos) + 1


def _scan_statements(path: Path, raw: bytes, start: int) -> tuple[list[tuple], int]:
    """Statement byte spans up to ``DATA=``; returns them and the offset after ``DATA=``."""
    spans = []
    pos = start
    n = len(raw)
    while True:
        m = _HEAD.match(raw, pos)
        if m is None:
            rest = raw[pos:].strip()
            if not rest:
                raise InputError(
                    path, "no DATA keyword: expected the header to end with DATA=", line=None
                )
            at = pos + (len(raw[pos:]) - len(raw[pos:].lstrip()))
            snippet = raw[at : at + 40].decode("latin-1").splitlines()[0]
            raise InputError(
                path,
                f'expected a statement KEYWORD=value; but found "{snippet}"',
                line=_line_of(raw, at),
            )
        key = m.group("key").decode("ascii").upper()
        if key == "DATA":
            return spans, m.end()
        v = _VALUE.match(raw, m.end())
        if v is None or v.end() > n:
            raise InputError(
                path,
                f"the {key} statement has no closing ';' (an unbalanced quote?)",
                line=_line_of(raw, m.start("key")),
            )
        spans.append((key, m.group("lang"), m.group("sub"), raw[m.end() : v.end() - 1], m))
        pos = v.end()


def _parse_header(path: Path, raw: bytes, body_start: int) -> tuple[_Header, int, Any]:
    spans, data_start = _scan_statements(path, raw, body_start)
    header_bytes = raw[body_start:data_start]
    # Declared code page: read from the ASCII structure before decoding anything.
    declared = {}
    for key, _lang, _sub, value, _m in spans:
        if key in ("CODEPAGE", "CHARSET") and key not in declared:
            declared[key] = value.decode("latin-1").strip().strip('"')
    codepage = declared.get("CODEPAGE")
    charset = declared.get("CHARSET")
    said = ", ".join(f'{k}="{v}"' for k, v in (("CHARSET", charset), ("CODEPAGE", codepage)) if v)
    decoded = decode_text(
        header_bytes,
        codepage or ("cp1252" if charset else "latin-1"),
        f"declared {said or 'nothing'}",
    )
    enc = "utf-8" if decoded.encoding == "utf-8-sig" else decoded.encoding
    header = _Header(path)
    for key, lang, sub, value, m in spans:
        lang_s = lang.decode(enc).strip() if lang is not None else None
        sub_t = tuple(_QUOTED.findall(sub.decode(enc))) if sub is not None else ()
        text = value.decode(enc)
        st = _Statement(key, lang_s or None, sub_t, _split_items(text), text, 0)
        st.line = _line_of(raw, m.start("key"))
        header.statements[(key, st.lang, sub_t)] = st
    info = {
        "encoding": enc,
        "encoding_reason": decoded.reason,
        "declared_charset": charset,
        "declared_codepage": codepage,
    }
    return header, data_start, info


def _px_datetime(text: str | None) -> str | None:
    """``"20241029 08:00"`` (the PX date form) as ISO ``2024-10-29T08:00``; other text as is."""
    if not text:
        return text
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})\s*(\d{2}):(\d{2})", text.strip())
    if not m:
        return text
    y, mo, d, h, mi = m.groups()
    return f"{y}-{mo}-{d}T{h}:{mi}"


def _codes_dtype(n: int) -> type:
    # The dtype pandas itself picks for Categorical codes: no copy when we match it.
    if n < np.iinfo(np.int8).max:
        return np.int8
    if n < np.iinfo(np.int16).max:
        return np.int16
    return np.int32


def _categorical(codes: np.ndarray, labels: list[str]) -> pd.Categorical:
    """Categorical in file order; repeated labels (allowed in PX) share one category."""
    first: dict[str, int] = {}
    remap = np.empty(len(labels), dtype=np.int64)
    for i, lab in enumerate(labels):
        remap[i] = first.setdefault(lab, len(first))
    cats = list(first)
    if len(cats) != len(labels):
        codes = remap.astype(_codes_dtype(len(cats)))[codes]
    return pd.Categorical.from_codes(codes, categories=cats, validate=False)


def _count_cells_per_line(buf: np.ndarray, line_starts: np.ndarray) -> np.ndarray:
    """Number of whitespace-separated tokens on each line, numpy only, chunk by chunk."""
    n_lines = len(line_starts)
    counts = np.zeros(n_lines, dtype=np.int64)
    size = len(buf)
    li = 0
    while li < n_lines:
        target = line_starts[li] + _CHUNK
        lj = int(np.searchsorted(line_starts, target, side="right"))
        lj = max(lj, li + 1)
        b0 = int(line_starts[li])
        b1 = int(line_starts[lj]) if lj < n_lines else size
        seg = buf[b0:b1]
        if len(seg):
            tok = seg > 32
            starts = tok.copy()
            starts[1:] &= ~tok[:-1]
            idx = line_starts[li:lj] - b0
            counts[li:lj] = np.add.reduceat(starts, idx, dtype=np.int64)
        li = lj
    return counts


class _Reader:
    def __init__(self, path: Path, lang: str | None) -> None:
        self.path = path
        self.req_lang = lang

    # ----------------------------------------------------------------- header --
    def read(self) -> pd.DataFrame:
        path = self.path
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise InputError(path, f"cannot read the file: {exc.strerror}") from exc
        body = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
        header, data_start, enc_info = _parse_header(path, raw, body)
        self.h = header
        self._languages()
        variables = self._variables()
        attrs = self._attrs(variables, enc_info)

        sizes = [len(v["labels"]) for v in variables]
        expected = math.prod(sizes)
        symbols = self._symbol_map()
        self._raw = raw
        del raw
        values, sym_codes, sym_cats, line, position = self._data(
            data_start, expected, sizes, variables, symbols, enc_info["encoding"]
        )
        attrs["symbols"] = symbols
        attrs["cells"] = int(expected)

        columns: dict[str, Any] = {}
        stride = expected
        for var, size in zip(variables, sizes, strict=True):
            stride //= size
            outer = expected // (stride * size) if size else 0
            base = np.arange(size, dtype=_codes_dtype(size))
            codes = np.tile(np.repeat(base, stride), outer)
            columns[var["name"]] = _categorical(codes, var["labels"])
            if var["codes"] is not None:
                columns[var["name"] + "_code"] = _categorical(codes.copy(), var["codes"])
            if var.get("is_time"):
                time_codes = codes
                time_flags = np.array(var["preliminary_flags"], dtype=bool)
        columns["value"] = values
        columns["symbol"] = pd.Categorical.from_codes(
            sym_codes, categories=sym_cats, validate=False
        )
        if attrs.get("time_variable") is not None:
            columns["preliminary"] = time_flags[time_codes]
        columns["line"] = line
        columns["position"] = position
        df = pd.DataFrame(columns, copy=False)
        df.attrs.update(attrs)
        return df

    def _languages(self) -> None:
        h = self.h
        default = h.text("LANGUAGE")
        languages = h.items("LANGUAGES") or ([default] if default else [])
        if default is None and languages:
            default = languages[0]
        self.default = default
        self.languages = languages
        lang = self.req_lang
        if lang is not None and lang != default and lang not in languages:
            have = ", ".join(languages) if languages else "none (the file declares no LANGUAGE)"
            raise InputError(
                self.path,
                f'language "{lang}" is not in the file; available languages: {have}',
            )
        self.lang = lang if lang is not None else default
        # Keyword language tag for the chosen language: None for the default language.
        self.tag = None if (self.lang == default) else self.lang

    def _tr(self, key: str, sub_lang: tuple = (), sub_default: tuple = ()) -> _Statement | None:
        """A keyword in the chosen language, falling back to the default language."""
        h = self.h
        if self.tag is not None:
            st = h.get(key, self.tag, sub_lang)
            if st is not None:
                return st
        st = h.get(key, None, sub_default)
        if st is None and self.default:
            st = h.get(key, self.default, sub_default)
        return st

    def _tr_text(self, key: str, sub_lang: tuple = (), sub_default: tuple = ()) -> str | None:
        st = self._tr(key, sub_lang, sub_default)
        if st is None:
            return None
        return ", ".join(st.items) if len(st.items) > 1 else (st.items[0] if st.items else "")

    def _variables(self) -> list[dict[str, Any]]:
        h = self.h
        stub_d, head_d = h.items("STUB"), h.items("HEADING")
        if not stub_d and not head_d:
            raise InputError(self.path, "expected STUB and/or HEADING naming the variables")
        stub_l = (self._tr("STUB") or _Statement("", None, (), stub_d, "", 0)).items
        head_l = (self._tr("HEADING") or _Statement("", None, (), head_d, "", 0)).items
        if len(stub_l) != len(stub_d) or len(head_l) != len(head_d):
            raise InputError(
                self.path,
                f"STUB/HEADING in language {self.lang} name {len(stub_l)}/{len(head_l)} "
                f"variables, the default language {len(stub_d)}/{len(head_d)}",
            )
        out = []
        names_seen: set[str] = set()
        time_vars = set()
        for st in h.statements.values():
            if st.key == "TIMEVAL" and st.sub and st.lang is None:
                time_vars.add(st.sub[0])
            is_type = st.key == "VARIABLE-TYPE" and st.sub and st.lang is None
            if is_type and st.items and st.items[0].strip().lower() == "time":
                time_vars.add(st.sub[0])
        for role, names_d, names_l in (("stub", stub_d, stub_l), ("heading", head_d, head_l)):
            for name_d, name_l in zip(names_d, names_l, strict=True):
                vals_st = self._tr("VALUES", (name_l,), (name_d,))
                if vals_st is None:
                    raise InputError(self.path, f'expected VALUES("{name_d}") for {role} variable')
                raw_labels = list(vals_st.items)
                default_st = h.get("VALUES", None, (name_d,)) or vals_st
                raw_default = list(default_st.items)
                if len(raw_default) != len(raw_labels):
                    raise InputError(
                        self.path,
                        f'VALUES("{name_l}") has {len(raw_labels)} values but the default '
                        f"language has {len(raw_default)}",
                        line=vals_st.line,
                    )
                codes_st = self._tr("CODES", (name_l,), (name_d,))
                codes = None
                if codes_st is not None:
                    codes = [c.strip() for c in codes_st.items]
                    if len(codes) != len(raw_labels):
                        raise InputError(
                            self.path,
                            f'CODES("{name_l}") has {len(codes)} codes but VALUES has '
                            f"{len(raw_labels)} values",
                            line=codes_st.line,
                        )
                is_time = name_d in time_vars
                labels = [s.strip() for s in raw_labels]
                flags = [False] * len(labels)
                if is_time:
                    for i, lab in enumerate(labels):
                        if lab.endswith("*") or raw_default[i].strip().endswith("*"):
                            flags[i] = True
                            labels[i] = lab.rstrip("*").rstrip()
                if name_l in names_seen or name_l in _RESERVED or name_l.endswith("_code"):
                    raise InputError(self.path, f'variable name "{name_l}" clashes with a column')
                names_seen.add(name_l)
                out.append(
                    {
                        "name": name_l,
                        "name_default": name_d,
                        "role": role,
                        "labels": labels,
                        "raw_labels": raw_labels,
                        "raw_default": raw_default,
                        "codes": codes,
                        "is_time": is_time,
                        "preliminary_flags": flags,
                    }
                )
        return out

    def _symbol_map(self) -> dict[str, str]:
        """Stored data token -> presentation symbol (DATASYMBOL1-6, DATASYMBOLNIL)."""
        h = self.h
        mapping: dict[str, str] = {}
        for n in range(1, 7):
            shown = h.text(f"DATASYMBOL{n}") or "." * n
            mapping["." * n] = shown
        mapping["-"] = h.text("DATASYMBOLNIL") or "-"
        for key in [f"DATASYMBOL{n}" for n in range(1, 7)] + ["DATASYMBOLNIL", "DATASYMBOLSUM"]:
            shown = h.text(key)
            if shown and not NUMBER.fullmatch(shown.strip()):
                mapping.setdefault(shown.strip(), shown.strip())
        return mapping

    def _attrs(self, variables: list[dict], enc_info: dict) -> dict[str, Any]:
        h = self.h
        t = self._tr_text

        def as_int(text: str | None) -> int | None:
            try:
                return int(text) if text not in (None, "") else None
            except ValueError:
                return None

        attrs: dict[str, Any] = {
            "path": str(self.path),
            "format": "px",
            "title": t("TITLE"),
            "description": t("DESCRIPTION"),
            "contents": t("CONTENTS"),
            "units": t("UNITS"),
            "source": t("SOURCE"),
            "database": t("DATABASE"),
            "subject_area": t("SUBJECT-AREA"),
            "subject_code": h.text("SUBJECT-CODE"),
            "matrix": h.text("MATRIX"),
            "table_id": h.text("TABLEID"),
            "axis_version": h.text("AXIS-VERSION"),
            "creation_date": h.text("CREATION-DATE"),
            "next_update": h.text("NEXT-UPDATE"),
            "last_updated": t("LAST-UPDATED"),
            "last_updated_iso": _px_datetime(t("LAST-UPDATED")),
            "decimals": as_int(h.text("DECIMALS")),
            "showdecimals": as_int(h.text("SHOWDECIMALS")),
            "note": t("NOTE"),
            "language": self.lang,
            "default_language": self.default,
            "languages": list(self.languages),
            "stub": [v["name"] for v in variables if v["role"] == "stub"],
            "heading": [v["name"] for v in variables if v["role"] == "heading"],
            "variables": [v["name"] for v in variables],
        }
        attrs.update(enc_info)
        var_codes = {}
        for v in variables:
            code_st = h.get("VARIABLE-CODE", None, (v["name_default"],))
            var_codes[v["name"]] = (
                code_st.items[0] if code_st and code_st.items else v["name_default"]
            )
        attrs["variable_codes"] = var_codes

        # Per-variable keywords.
        elimination, precision, var_types = {}, {}, {}
        for v in variables:
            sl, sd = (v["name"],), (v["name_default"],)
            e = self._tr("ELIMINATION", sl, sd)
            if e is not None and e.items:
                item = e.items[0].strip()
                elimination[v["name"]] = item if item.upper() not in ("YES", "NO") else item.upper()
            vt = self._tr("VARIABLE-TYPE", sl, sd)
            if vt is not None and vt.items:
                var_types[v["name"]] = vt.items[0]
            per = {}
            for lab_l, lab_d, lab in zip(
                v["raw_labels"], v["raw_default"], v["labels"], strict=True
            ):
                p = self._tr("PRECISION", (v["name"], lab_l), (v["name_default"], lab_d))
                if p is not None and p.items:
                    per[lab] = as_int(p.items[0])
            if per:
                precision[v["name"]] = per
        attrs["elimination"] = elimination
        attrs["precision"] = precision
        attrs["variable_types"] = var_types

        # Content variable: per-content UNITS, LAST-UPDATED, REFPERIOD, ...
        cont_st = self._tr("CONTVARIABLE")
        attrs["content_variable"] = None
        attrs["contents_info"] = {}
        if cont_st is not None and cont_st.items:
            cname = cont_st.items[0]
            cvar = next((v for v in variables if v["name"] == cname), None)
            if cvar is None:
                raise InputError(
                    self.path,
                    f'CONTVARIABLE names "{cname}", which is not a STUB or HEADING variable',
                    line=cont_st.line,
                )
            attrs["content_variable"] = cname
            info = {}
            for i, lab in enumerate(cvar["labels"]):
                sl, sd = (cvar["raw_labels"][i],), (cvar["raw_default"][i],)
                entry = {"code": cvar["codes"][i] if cvar["codes"] else None}
                for key in (
                    "UNITS",
                    "LAST-UPDATED",
                    "REFPERIOD",
                    "CONTACT",
                    "STOCKFA",
                    "BASEPERIOD",
                ):
                    val = self._tr_text(key, sl, sd)
                    if val is not None:
                        entry[key.lower().replace("-", "_")] = val
                if "last_updated" in entry:
                    entry["last_updated_iso"] = _px_datetime(entry["last_updated"])
                entry["precision"] = precision.get(cname, {}).get(lab)
                info[lab] = entry
            attrs["contents_info"] = info

        # Time variable and preliminary periods.
        attrs["time_variable"] = None
        attrs["timeval"] = None
        attrs["preliminary"] = []
        for v in variables:
            if not v["is_time"]:
                continue
            attrs["time_variable"] = v["name"]
            tv = self._tr("TIMEVAL", (v["name"],), (v["name_default"],))
            if tv is not None:
                m = _TLIST.search(tv.raw)
                listed = [s for s in _QUOTED.findall(tv.raw[m.end() :])] if m else []
                if m and m.group(2) is not None:
                    listed = [m.group(2), m.group(3)]
                attrs["timeval"] = {
                    "unit": m.group(1).upper() if m else None,
                    "values": listed,
                    "range": bool(m and m.group(2) is not None),
                }
            keys = v["codes"] or v["labels"]
            attrs["preliminary"] = [
                k for k, f in zip(keys, v["preliminary_flags"], strict=True) if f
            ]
            break
        return attrs

    # ------------------------------------------------------------------- data --
    def _refuse_count(self, found: int, expected: int, variables: list[dict], line: int) -> None:
        def side(role: str) -> str:
            parts = [f"{v['name']} {len(v['labels'])}" for v in variables if v["role"] == role]
            return " x ".join(parts) if parts else "(none)"

        what = "truncated file" if found < expected else "file with surplus cells"
        raise InputError(
            self.path,
            f"refusing {what}: DATA holds {thousands(found)} cells, the variables multiply to "
            f"{thousands(expected)} (STUB x HEADING: {side('stub')} x {side('heading')})",
            line=line,
        )

    def _data(
        self,
        data_start: int,
        expected: int,
        sizes: list[int],
        variables: list[dict],
        symbols: dict[str, str],
        encoding: str,
    ) -> tuple:
        path = self.path
        raw = self._raw
        data_line = _line_of(raw, data_start)
        end = raw.rfind(b";", data_start)
        if end < 0:
            raise InputError(path, "the DATA block has no closing ';'", line=data_line)
        tail = raw[end + 1 :]
        if tail.strip(b" \t\r\n\x1a\x00"):
            raise InputError(
                path,
                "unexpected text after the DATA block's closing ';'",
                line=_line_of(raw, end),
            )
        inner = raw.count(b";", data_start, end)
        if inner:
            at = raw.index(b";", data_start, end)
            raise InputError(
                path,
                "a ';' inside the DATA block: expected it only at the end",
                line=_line_of(raw, at),
            )
        buf = np.frombuffer(raw, dtype=np.uint8, count=end - data_start, offset=data_start)
        line_starts = np.flatnonzero(buf == 10) + 1
        line_starts = np.concatenate(([0], line_starts[line_starts < len(buf)]))
        counts = _count_cells_per_line(buf, line_starts)
        del buf
        total = int(counts.sum())
        if total != expected:
            self._refuse_count(total, expected, variables, data_line)

        translated = raw.translate(_TO_NEWLINE)
        # The raw bytes are no longer needed: free them before the parser allocates.
        del raw
        self._raw = None
        stream = io.BytesIO(translated)
        stream.seek(data_start)
        na = sorted(symbols)
        try:
            frame = pd.read_csv(
                stream,
                header=None,
                names=["v"],
                sep="\x1f",
                quotechar='"',
                dtype={"v": np.float64},
                na_values=na,
                keep_default_na=False,
                skip_blank_lines=True,
                engine="c",
                encoding=encoding,
            )
            values = frame["v"].to_numpy()
            del frame
        except (ValueError, pd.errors.ParserError):
            self._locate_bad_token(
                translated, data_start, line_starts, data_line, symbols, encoding
            )
            raise  # _locate_bad_token always raises; this keeps type checkers calm
        if len(values) != expected:
            # Tokens and parser fields disagree: a quoted symbol with a blank inside.
            self._locate_bad_token(
                translated, data_start, line_starts, data_line, symbols, encoding
            )
            self._refuse_count(len(values), expected, variables, data_line)

        # Missing cells: find which symbol each one had (only their lines are split).
        cats = ["", *dict.fromkeys(symbols.values())]
        sym_codes = np.zeros(expected, dtype=_codes_dtype(len(cats)))
        nan_idx = np.flatnonzero(np.isnan(values))
        cum = np.cumsum(counts)
        if len(nan_idx):
            cat_index = {c: i for i, c in enumerate(cats)}
            line_of_cell = np.searchsorted(cum, nan_idx, side="right")
            ends = np.append(line_starts[1:], end - data_start)
            lines_with_nan, first_at = np.unique(line_of_cell, return_index=True)
            for li, sel in zip(
                lines_with_nan.tolist(), np.split(nan_idx, first_at[1:]), strict=True
            ):
                b0 = data_start + int(line_starts[li])
                b1 = data_start + int(ends[li])
                tokens = translated[b0:b1].split()
                first = int(cum[li] - counts[li])
                for cell in sel.tolist():
                    tok = unquote(tokens[cell - first].decode(encoding))
                    shown = symbols.get(tok)
                    if shown is None:  # e.g. "nan" or "inf": not a PX symbol
                        raise InputError(
                            path,
                            f'DATA item {cell - first + 1}: "{tok}" is not a number or a '
                            f"missing-value symbol ({', '.join(sorted(symbols))})",
                            line=data_line + li,
                        )
                    sym_codes[cell] = cat_index[shown]
        del translated

        # Where each cell sits: file line and 1-based position on that line.
        line_numbers = (np.arange(len(counts), dtype=np.int32) + np.int32(data_line)).astype(
            np.int32
        )
        line = np.repeat(line_numbers, counts)
        max_pos = int(counts.max()) if len(counts) else 0
        pos_dtype = np.int16 if max_pos < np.iinfo(np.int16).max else np.int32
        full = counts[counts > 0]
        if len(full) and (full == full[0]).all():
            # The usual layout: every data line holds the same number of cells.
            position = np.tile(np.arange(1, int(full[0]) + 1, dtype=pos_dtype), len(full))
        else:
            position = np.arange(1, expected + 1, dtype=np.int32)
            position -= np.repeat((cum - counts).astype(np.int32), counts)
            position = position.astype(pos_dtype, copy=False)
        return values, sym_codes, cats, line, position

    def _locate_bad_token(
        self,
        translated: bytes,
        data_start: int,
        line_starts: np.ndarray,
        data_line: int,
        symbols: dict[str, str],
        enc: str,
    ) -> None:
        """Slow path after the fast parser failed: name the first unreadable token."""
        ends = np.append(line_starts[1:], len(translated) - data_start)
        for li in range(len(line_starts)):
            chunk = translated[data_start + int(line_starts[li]) : data_start + int(ends[li])]
            for k, tok_b in enumerate(chunk.split(), start=1):
                tok = unquote(tok_b.decode(enc))
                if tok in symbols or NUMBER.fullmatch(tok):
                    continue
                raise InputError(
                    self.path,
                    f'DATA item {k}: cannot read "{tok}" as a number; expected a number or one '
                    f"of the missing-value symbols {' '.join(sorted(symbols))}",
                    line=data_line + li,
                )
        raise InputError(
            self.path, "the DATA block could not be parsed: a quoted symbol with blanks inside?"
        )


def read_px(path: str | Path, lang: str | None = None) -> pd.DataFrame:
    """Read a PC-Axis file into a tidy DataFrame.

    Columns: one Categorical per variable (labels in ``lang``, default the file's
    LANGUAGE), ``<variable>_code`` where the file gives CODES, ``value`` (float, NaN when
    missing), ``symbol`` (the missing-value symbol, ``""`` when the value is present),
    ``preliminary`` when there is a time variable, and ``line``/``position``: the file line
    and the 1-based item on that line where each cell was read, for citing the source.
    Metadata goes to ``df.attrs``. Raises :class:`~seuranta.errors.InputError` for an
    unknown language, a cell count that does not match the variables, or unreadable cells.
    """
    return _Reader(Path(path), lang).read()
