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
* Cells in DATA are separated by spaces, tabs, commas or semicolons, mixed as the writer
  likes ("synonyms", PX file format 2013, "Data in the PX-file"); the final ``;`` is
  optional (the count decides whether a file is complete). An empty cell (``1,,2``),
  ``inf``, ``nan`` or any other token that is neither a number nor a missing-value
  symbol is refused, naming its line.
* KEYS (sparse) files: ``KEYS("var")=VALUES|CODES`` for the leading STUB variables; each
  data row starts with their quoted keys (``"01",``: a code or label, never a number) and
  holds the cells of the other variables. Rows absent from the file are rows of zeros,
  as the specification says (see :meth:`_Reader._keys_data`).
* Labels are verbatim: leading spaces carry hierarchies, so ``"Total"`` and ``"  Total"``
  are two labels. A variable whose keys (CODES, else VALUES) repeat is refused.
* The mandatory keywords (CONTENTS, DECIMALS, MATRIX, SUBJECT-AREA, SUBJECT-CODE, UNITS,
  TITLE or DESCRIPTION, STUB/HEADING, VALUES, DATA) must be present, and with
  CONTVARIABLE a UNITS per content value: PX-Web refuses such files (its example
  database's ``error/fatal/``). A stray quote in a statement that shapes the table
  refuses the file; in a note, source or contact it is skipped (``attrs["skipped"]``),
  as PX-Web does (``error/continue/``).
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
alike, so the bytes decide (see :func:`seuranta.clean.sources._common.decode_text`) and
``attrs["encoding"]``/``attrs["encoding_reason"]`` record the outcome.

Why written here rather than taken from a library: pyaxis (the one maintained Python PX
reader) returns every cell as a string, ignores KEYS (a sparse file reads as a wrong table
or fails), refuses no truncated file by itself, and is 5-20x slower than this reader on
files of millions of cells (``benchmarks/bench_pcaxis.py``).

Speed and memory: the DATA block is never split into Python objects. Its whitespace is
turned into newlines with one ``bytes.translate`` and parsed by pandas' C CSV parser as a
single column; per-line cell counts (for the ``line``/``position`` columns and the count
check) come from numpy on the raw bytes, in chunks. Missing cells are classified by
numpy too (:class:`_Cells`), never by a Python loop per cell. Label columns are
Categoricals built from ``numpy.repeat``/``tile`` codes, so a label costs one or two
bytes per cell.
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

from seuranta.clean.sources._common import NUMBER, decode_text, thousands, unquote
from seuranta.errors import InputError

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
_QUOTED_RUN = re.compile(rb'"[^"]*"')
_BEFORE_QUOTE = b" \t\r\n,(-:"  # ":" links parent and child in HIERARCHIES
_AFTER_QUOTE = b" \t\r\n,)-:"
#: A statement cut at the first ";" that ends a line (used when its quotes do not pair up).
_LINE_END_VALUE = re.compile(rb".*?;[ \t]*(?:\r?\n|\Z)", re.S)
#: Keywords that shape the table or are mandatory: a malformed one refuses the file (as
#: PX-Web's fatal errors do); other malformed statements are skipped.
_ESSENTIAL = {
    "CHARSET",
    "CODEPAGE",
    "LANGUAGE",
    "LANGUAGES",
    "STUB",
    "HEADING",
    "VALUES",
    "CODES",
    "KEYS",
    "MATRIX",
    "SUBJECT-AREA",
    "SUBJECT-CODE",
    "UNITS",
    "CONTENTS",
    "TITLE",
    "DECIMALS",
    "CONTVARIABLE",
    "TIMEVAL",
    "VARIABLE-TYPE",
    "PRECISION",
    "DATASYMBOL1",
    "DATASYMBOL2",
    "DATASYMBOL3",
    "DATASYMBOL4",
    "DATASYMBOL5",
    "DATASYMBOL6",
    "DATASYMBOLNIL",
    "DATASYMBOLSUM",
}
#: Mandatory keywords of the PX file format 2013 (besides DATA, STUB/HEADING and VALUES,
#: checked where they are used); TITLE may be replaced by DESCRIPTION.
_MANDATORY = ("CONTENTS", "DECIMALS", "MATRIX", "SUBJECT-AREA", "SUBJECT-CODE", "UNITS")
_ITEM_TOKEN = re.compile(r'"([^"]*)"|([(),])|([^\s",()]+)')
_TLIST = re.compile(r'TLIST\s*\(\s*([A-Za-z]\d*)\s*(?:,\s*"([^"]*)"\s*-\s*"([^"]*)")?\s*\)', re.I)

#: Bytes 0-32 and ";" become newlines: each data token on its own line for the C parser.
_TO_NEWLINE = bytes.maketrans(bytes(range(33)) + b";,", b"\n" * 35)
_TO_SPACE = bytes.maketrans(b";,", b"  ")
#: An empty cell: a comma followed (after blanks) by another separator.
_EMPTY_CELL = re.compile(rb",[ \t\r\n]*[,;]")
#: One key at the start of a KEYS row: a quoted text followed by a comma.
_KEY = re.compile(rb'[ \t]*"([^"]*)"[ \t]*,')
#: Bytes per numpy chunk when counting cells per line (bounds temporary memory).
_CHUNK = 1 << 18

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
    elif items:  # a list ending in a comma ends in an empty item: CODES("sex")="1","2",;
        items.append("")
    return items


def _line_of(raw: bytes, pos: int) -> int:
    return raw.count(b"\n", 0, pos) + 1


def _quotes_ok(value: bytes) -> bool:
    """True unless a quoted text touches a letter: ``"Optio"nal`` is a stray quote."""
    for q in _QUOTED_RUN.finditer(value):
        before = value[q.start() - 1 : q.start()]
        after = value[q.end() : q.end() + 1]
        if (before and before not in _BEFORE_QUOTE) or (after and after not in _AFTER_QUOTE):
            return False
    return True


def _scan_statements(
    path: Path, raw: bytes, start: int
) -> tuple[list[tuple], int, list[dict[str, Any]]]:
    """Statement byte spans up to ``DATA=``, the offset after ``DATA=`` and skipped statements.

    A value whose quotes do not pair up (``NOTE="Optio"nal note";``) is cut at the first
    ``;`` that ends a line. PX-Web refuses such a file when the statement shapes the table
    or is mandatory (``_ESSENTIAL``) and reads the rest without the statement; so does this
    reader, which lists each skipped statement in ``attrs["skipped"]``.
    """
    spans = []
    skipped: list[dict[str, Any]] = []
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
            return spans, m.end(), skipped
        v = _VALUE.match(raw, m.end())
        end = v.end() if v is not None and v.end() <= n else None
        if end is None or not _quotes_ok(raw[m.end() : end - 1]):
            line = _line_of(raw, m.start("key"))
            cut = _LINE_END_VALUE.match(raw, m.end())
            if key in _ESSENTIAL or cut is None:
                what = "no closing ';'" if cut is None else "a stray double quote"
                raise InputError(
                    path,
                    f"the {key} statement has {what}: expected texts in double quotes "
                    "separated by commas, ending with ';'",
                    line=line,
                )
            log.warning("%s:%d: skipping %s with a stray double quote", path, line, key)
            skipped.append({"keyword": key, "line": line, "reason": "stray double quote"})
            pos = cut.end()
            continue
        spans.append((key, m.group("lang"), m.group("sub"), raw[m.end() : end - 1], m))
        pos = end


def _parse_header(path: Path, raw: bytes, body_start: int) -> tuple[_Header, int, Any]:
    spans, data_start, skipped = _scan_statements(path, raw, body_start)
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
        "skipped": skipped,
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
            tok = seg != 10
            starts = tok.copy()
            starts[1:] &= ~tok[:-1]
            idx = line_starts[li:lj] - b0
            counts[li:lj] = np.add.reduceat(starts, idx, dtype=np.int64)
        li = lj
    return counts


class _Reader:
    def __init__(self, path: Path, lang: str | None, max_cells: int = 200_000_000) -> None:
        self.path = path
        self.req_lang = lang
        self.max_cells = max_cells
        self._absent_rows = 0

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
        self._check_mandatory(variables)
        attrs = self._attrs(variables, enc_info)

        sizes = [len(v["labels"]) for v in variables]
        expected = math.prod(sizes)
        symbols = self._symbol_map()
        self._raw = raw
        del raw
        keyed = self._keys(variables)
        attrs["keys"] = {v["name"]: kind for v, kind in keyed}
        if keyed:
            values, sym_codes, sym_cats, line, position = self._keys_data(
                data_start,
                expected,
                sizes,
                variables,
                symbols,
                enc_info["encoding"],
                keyed,
                self.max_cells,
            )
            attrs["absent_rows"] = self._absent_rows
        else:
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
                    codes = list(codes_st.items)
                    if len(codes) != len(raw_labels):
                        raise InputError(
                            self.path,
                            f'CODES("{name_l}") has {len(codes)} codes but VALUES has '
                            f"{len(raw_labels)} values",
                            line=codes_st.line,
                        )
                is_time = name_d in time_vars
                # Labels verbatim: leading spaces carry the hierarchy ("  Total" under
                # "Total"), so two labels that differ only in spaces are two labels.
                labels = list(raw_labels)
                flags = [False] * len(labels)
                if is_time:
                    for i, lab in enumerate(labels):
                        if lab.rstrip().endswith("*") or raw_default[i].rstrip().endswith("*"):
                            flags[i] = True
                            labels[i] = lab.rstrip().rstrip("*").rstrip()
                self._refuse_duplicates(name_l, labels, codes, vals_st.line)
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

    def _keys(self, variables: list[dict[str, Any]]) -> list[tuple[dict, str]]:
        """The KEYS variables with VALUES or CODES: they must be the leading STUB variables."""
        keyed = []
        for st in self.h.statements.values():
            if st.key != "KEYS" or st.lang is not None:
                continue
            name = st.sub[0] if st.sub else ""
            var = next((v for v in variables if v["name_default"] == name), None)
            kind = (st.items[0] if st.items else "").strip().upper()
            if var is None or var["role"] != "stub":
                raise InputError(self.path, f'KEYS("{name}") names no STUB variable', line=st.line)
            if kind not in ("VALUES", "CODES"):
                raise InputError(
                    self.path, f'KEYS("{name}")={kind}: expected VALUES or CODES', line=st.line
                )
            if kind == "CODES" and var["codes"] is None:
                raise InputError(
                    self.path,
                    f'KEYS("{name}")=CODES but the file has no CODES("{name}")',
                    line=st.line,
                )
            keyed.append((var, kind))
        keyed.sort(key=lambda vk: variables.index(vk[0]))
        if keyed and [v for v, _ in keyed] != variables[: len(keyed)]:
            raise InputError(
                self.path,
                "KEYS must name the leading STUB variables, in order; it names "
                + ", ".join(f'"{v["name"]}"' for v, _ in keyed),
            )
        return keyed

    def _refuse_duplicates(
        self, name: str, labels: list[str], codes: list[str] | None, line: int
    ) -> None:
        """Refuse a variable whose keys repeat: two cells would have the same key.

        The key is the code where the file gives CODES (labels may then repeat, as in
        hierarchies), else the label.
        """
        keys, what = (codes, "CODES") if codes is not None else (labels, "VALUES")
        seen: dict[str, int] = {}
        for i, k in enumerate(keys):
            if k in seen:
                raise InputError(
                    self.path,
                    f'duplicate key: {what}("{name}") lists "{k}" twice (items {seen[k] + 1} '
                    f"and {i + 1}), so two cells would have the same key",
                    line=line,
                )
            seen[k] = i

    def _check_mandatory(self, variables: list[dict[str, Any]]) -> None:
        """The mandatory keywords of the PX format 2013; with CONTVARIABLE, UNITS per value."""
        h = self.h
        present = {key for key, _lang, sub in h.statements if not sub}
        missing = [k for k in _MANDATORY if k not in present]
        if "TITLE" not in present and "DESCRIPTION" not in present:
            missing.append("TITLE (or DESCRIPTION)")
        if missing:
            raise InputError(
                self.path,
                f"missing mandatory keyword{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)} (PX file format 2013)",
            )
        cont = h.get("CONTVARIABLE")
        if cont is None or not cont.items:
            return
        cvar = next((v for v in variables if v["name_default"] == cont.items[0]), None)
        if cvar is None:
            raise InputError(
                self.path,
                f'CONTVARIABLE names "{cont.items[0]}", which is not a STUB or HEADING variable',
                line=cont.line,
            )
        lacking = [v for v in cvar["raw_default"] if h.get("UNITS", None, (v,)) is None]
        if lacking:
            raise InputError(
                self.path,
                f"no UNITS for content value{'s' if len(lacking) > 1 else ''} "
                f"{', '.join(repr(v) for v in lacking)} of CONTVARIABLE "
                f'"{cont.items[0]}": with a content variable, UNITS("value") is mandatory '
                "for each of its values",
                line=cont.line,
            )

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

    def _data_region(self, data_start: int) -> tuple[int, int]:
        """The DATA bytes: from ``DATA=`` to the end, without trailing blanks or EOF marks.

        The PX specification (Statistics Sweden, "PX file format", 2013, "Data in the
        PX-file") lets comma, space, semicolon and tab separate cells, "synonyms [that] can
        be mixed in the file", so a ``;`` ending each data line or the whole block is a
        separator like any other, and a complete file without the final ``;`` is complete.
        What it rules out is an empty cell: "you can not write 1,,2,3".
        """
        raw = self._raw
        end = len(raw)
        while end > data_start and raw[end - 1] in b" \t\r\n\x1a\x00":
            end -= 1
        if raw.find(b",", data_start, end) >= 0:
            m = _EMPTY_CELL.search(raw, data_start, end)
            if m is not None:
                raise InputError(
                    self.path,
                    "an empty cell between two separators in DATA: the PX format has no "
                    'empty cells (write a missing-value symbol such as ".." instead)',
                    line=_line_of(raw, m.start()),
                )
        return data_start, end

    def _data(
        self,
        data_start: int,
        expected: int,
        sizes: list[int],
        variables: list[dict],
        symbols: dict[str, str],
        encoding: str,
    ) -> tuple:
        raw = self._raw
        data_line = _line_of(raw, data_start)
        start, end = self._data_region(data_start)
        if end - start < 2 * expected - 1:
            # Every cell takes at least one byte and one separator: refuse before allocating.
            found = len(raw[start:end].translate(_TO_SPACE).split())
            self._refuse_count(found, expected, variables, data_line)
        buf = np.frombuffer(raw, dtype=np.uint8, count=end - start, offset=start)
        line_starts = np.flatnonzero(buf == 10) + 1
        line_starts = np.concatenate(([0], line_starts[line_starts < len(buf)]))
        del buf
        # What follows ``end`` is blanks and EOF marks: they become newlines, skipped.
        translated = raw.translate(_TO_NEWLINE)
        # The raw bytes are no longer needed: free them before the parser allocates.
        self._raw = raw = None
        file_lines = np.arange(len(line_starts), dtype=np.int32) + np.int32(data_line)
        cells = _Cells(self, translated, start, end, line_starts, file_lines, symbols, encoding)
        del translated
        if cells.total != expected:
            self._refuse_count(cells.total, expected, variables, data_line)
        line = np.repeat(file_lines, cells.counts)
        position = _positions(cells.counts, expected)
        return cells.values, cells.sym_codes, cells.cats, line, position

    def _keys_data(
        self,
        data_start: int,
        expected: int,
        sizes: list[int],
        variables: list[dict],
        symbols: dict[str, str],
        encoding: str,
        keyed: list[tuple[dict, str]],
        max_cells: int,
    ) -> tuple:
        """A KEYS (sparse) DATA block: each row starts with the keys of the KEYS variables.

        Statistics Sweden, "PX file format" (2013), "Data in the PX-file", Files with KEYS:
        "For every variable in the stub is indicated the value for the variable within
        quotation marks, comma separated, followed by all datacells for that row", the keys
        taken from VALUES or CODES as ``KEYS("var")=VALUES|CODES`` says; and "Rows that only
        contain 0 (zeros) are excluded from the file". So an absent row is a row of zeros:
        its cells get 0 (symbol ``""``) and ``line``/``position`` 0 (not in the file).
        """
        path = self.path
        if expected > max_cells:
            raise InputError(
                path,
                f"the variables multiply to {thousands(expected)} cells, more than max_cells="
                f"{thousands(max_cells)}: refusing to allocate the table (pass max_cells=...)",
            )
        raw = self._raw
        data_line = _line_of(raw, data_start)
        start, end = self._data_region(data_start)
        k = len(keyed)
        row_len = math.prod(sizes[k:])
        lookups = []
        for var, kind in keyed:
            keys = var["codes"] if kind == "CODES" else var["raw_default"]
            lookups.append({key.encode(encoding): i for i, key in enumerate(keys)})
        strides = [math.prod(sizes[j + 1 : k]) for j in range(k)]
        parts: list[bytes] = []
        part_rows: list[int] = []
        row_keys: list[int] = []
        row_lines: list[int] = []
        first_line: dict[int, int] = {}
        for i, text in enumerate(raw[start:end].split(b"\n")):
            line_no = data_line + i
            pos = 0
            found = []
            for _ in range(k):
                m = _KEY.match(text, pos)
                if m is None:
                    break
                found.append(m.group(1))
                pos = m.end()
            if found and len(found) < k:
                raise InputError(
                    path,
                    f"KEYS row with {len(found)} keys: expected {k} quoted keys "
                    f"({', '.join(v['name'] for v, _ in keyed)}) followed by commas",
                    line=line_no,
                )
            if found:
                index = 0
                for j, (key, (var, kind)) in enumerate(zip(found, keyed, strict=True)):
                    at = lookups[j].get(key)
                    if at is None:
                        have = ", ".join(f'"{x.decode(encoding)}"' for x in list(lookups[j])[:8])
                        raise InputError(
                            path,
                            f'KEYS row key "{key.decode(encoding)}" is not one of the {kind} '
                            f'of "{var["name"]}" ({have}, ...)',
                            line=line_no,
                        )
                    index += at * strides[j]
                if index in first_line:
                    shown = ",".join(f'"{x.decode(encoding)}"' for x in found)
                    raise InputError(
                        path,
                        f"duplicate key: the KEYS row {shown} appears twice (lines "
                        f"{first_line[index]} and {line_no})",
                        line=line_no,
                    )
                first_line[index] = line_no
                row_keys.append(index)
                row_lines.append(line_no)
            elif not text.strip():
                continue
            elif not row_keys:
                raise InputError(
                    path,
                    f"expected a KEYS row starting with {k} quoted keys followed by commas",
                    line=line_no,
                )
            parts.append(text[pos:])
            part_rows.append(len(row_keys) - 1)
        self._raw = raw = None
        part_len = np.fromiter((len(p) + 1 for p in parts), dtype=np.int64, count=len(parts))
        starts = np.cumsum(part_len) - part_len
        translated = b"\n".join(parts).translate(_TO_NEWLINE) + b"\n"
        del parts
        file_lines = np.array([row_lines[r] for r in part_rows], dtype=np.int32)
        # A row continued on the next line: that part's file line is one below.
        for p in range(1, len(part_rows)):
            if part_rows[p] == part_rows[p - 1]:
                file_lines[p] = file_lines[p - 1] + 1
        cells = _Cells(self, translated, 0, len(translated), starts, file_lines, symbols, encoding)
        del translated
        per_row = np.bincount(
            np.asarray(part_rows, dtype=np.int64), weights=cells.counts, minlength=len(row_keys)
        ).astype(np.int64)
        bad = np.flatnonzero(per_row != row_len)
        if len(bad):
            r = int(bad[0])
            raise InputError(
                path,
                f"KEYS row holds {int(per_row[r])} cells, expected {thousands(row_len)} "
                "(the product of the other variables' VALUES)",
                line=row_lines[r],
            )
        target = (
            np.asarray(row_keys, dtype=np.int64)[:, None] * row_len
            + np.arange(row_len, dtype=np.int64)
        ).ravel()
        values = np.zeros(expected, dtype=np.float64)
        values[target] = cells.values
        sym_codes = np.zeros(expected, dtype=cells.sym_codes.dtype)
        sym_codes[target] = cells.sym_codes
        line = np.zeros(expected, dtype=np.int32)
        line[target] = np.repeat(file_lines, cells.counts)
        position = np.zeros(expected, dtype=np.int32)
        position[target] = _positions(cells.counts, cells.total).astype(np.int32)
        self._absent_rows = (expected // row_len if row_len else 0) - len(row_keys)
        return values, sym_codes, cells.cats, line, position


def _positions(counts: np.ndarray, total: int) -> np.ndarray:
    """The 1-based position of each cell on its line, from the cells per line."""
    max_pos = int(counts.max()) if len(counts) else 0
    pos_dtype = np.int16 if max_pos < np.iinfo(np.int16).max else np.int32
    full = counts[counts > 0]
    if len(full) and (full == full[0]).all():
        # The usual layout: every data line holds the same number of cells.
        return np.tile(np.arange(1, int(full[0]) + 1, dtype=pos_dtype), len(full))
    position = np.arange(1, total + 1, dtype=np.int64)
    position -= np.repeat(np.cumsum(counts) - counts, counts)
    return position.astype(pos_dtype)


class _Cells:
    """The cells of a DATA buffer in which every separator is already a newline.

    ``translated[start:end]`` holds the cells; ``line_starts`` (offsets from ``start``)
    and ``file_lines`` give the file line of each buffer line. Numbers are parsed by
    pandas' C parser; the cells it reads as missing are classified by numpy, chunk by
    chunk: each missing cell's token (at most 8 bytes, e.g. ``"......"``) is packed into
    one integer and the few distinct ones are looked up in the symbol table. No Python
    code runs per cell.
    """

    def __init__(
        self,
        reader: _Reader,
        translated: bytes,
        start: int,
        end: int,
        line_starts: np.ndarray,
        file_lines: np.ndarray,
        symbols: dict[str, str],
        encoding: str,
    ) -> None:
        self.reader = reader
        self.path = reader.path
        self.symbols = symbols
        self.encoding = encoding
        self.file_lines = file_lines
        buf = np.frombuffer(translated, dtype=np.uint8, count=end - start, offset=start)
        self.counts = _count_cells_per_line(buf, line_starts)
        self.total = int(self.counts.sum())
        stream = io.BytesIO(translated)
        stream.seek(start)
        try:
            frame = pd.read_csv(
                stream,
                header=None,
                names=["v"],
                sep="\x1f",
                quotechar='"',
                dtype={"v": np.float64},
                na_values=sorted(symbols),
                keep_default_na=False,
                skip_blank_lines=True,
                engine="c",
                encoding=encoding,
            )
            values = frame["v"].to_numpy()
            del frame
        except (ValueError, pd.errors.ParserError):
            self._locate_bad_token(buf, line_starts)
            raise  # _locate_bad_token always raises
        if len(values) != self.total:
            self._locate_bad_token(buf, line_starts)
        self.values = values
        finite = np.isfinite(values)
        if not finite.all():
            self._classify_missing(buf, line_starts, ~finite)
        else:
            self.cats = ["", *dict.fromkeys(symbols.values())]
            self.sym_codes = np.zeros(len(values), dtype=_codes_dtype(len(self.cats)))

    def _line_of_cell(self, cell: int) -> int:
        li = int(np.searchsorted(np.cumsum(self.counts), cell, side="right"))
        return int(self.file_lines[li]) if li < len(self.file_lines) else 0

    def _classify_missing(self, buf: np.ndarray, line_starts: np.ndarray, bad: np.ndarray) -> None:
        symbols = self.symbols
        cats = ["", *dict.fromkeys(symbols.values())]
        cat_index = {c: i for i, c in enumerate(cats)}
        sym_codes = np.zeros(len(self.values), dtype=_codes_dtype(len(cats)))
        n_lines = len(line_starts)
        cum = np.cumsum(self.counts)
        size = len(buf)
        li = 0
        # Each stored symbol, bare and quoted, packed into an integer (little-endian bytes).
        packed: dict[int, int] = {}
        for stored, shown in symbols.items():
            for form in (stored, f'"{stored}"'):
                b = form.encode(self.encoding, "replace")
                if 0 < len(b) <= 8:
                    packed[int.from_bytes(b, "little")] = cat_index[shown]
        while li < n_lines:
            lj = int(np.searchsorted(line_starts, line_starts[li] + _CHUNK, side="right"))
            lj = max(lj, li + 1)
            b0 = int(line_starts[li])
            b1 = int(line_starts[lj]) if lj < n_lines else size
            first_cell = int(cum[li - 1]) if li else 0
            last_cell = int(cum[lj - 1])
            sel = np.flatnonzero(bad[first_cell:last_cell])
            if len(sel):
                seg = buf[b0:b1]
                tok = seg != 10
                # Offsets within a chunk fit int32: the temporaries stay small.
                starts = np.flatnonzero(tok & ~np.concatenate(([False], tok[:-1]))).astype(np.int32)
                ends = np.flatnonzero(tok & ~np.concatenate((tok[1:], [False]))).astype(np.int32)
                del tok
                s, e = starts[sel], ends[sel] + 1
                del starts, ends
                length = e - s
                width = min(int(length.max()), 8)
                keys = np.zeros(len(sel), dtype=np.uint64)
                for j in range(width):
                    byte = seg[np.minimum(s + j, len(seg) - 1)].astype(np.uint64)
                    byte[length <= j] = 0
                    keys |= byte << np.uint64(8 * j)
                codes = np.full(len(sel), -1, dtype=np.int64)
                for key, code in packed.items():
                    codes[keys == key] = code
                codes[length > 8] = -1
                for at in np.flatnonzero(codes < 0).tolist():
                    # Not a packed symbol: a long symbol (rare) or not a value at all.
                    word = seg[s[at] : e[at]].tobytes().decode(self.encoding, "replace")
                    shown = symbols.get(unquote(word))
                    if shown is None:
                        cell = first_cell + int(sel[at])
                        raise InputError(
                            self.path,
                            f'DATA cell {thousands(cell + 1)}: "{word}" is not a number or '
                            f"a missing-value symbol ({' '.join(sorted(symbols))}); "
                            "inf and nan are not PX values",
                            line=self._line_of_cell(cell),
                        )
                    codes[at] = cat_index[shown]
                sym_codes[first_cell + sel] = codes
            li = lj
        self.cats = cats
        self.sym_codes = sym_codes

    def _locate_bad_token(self, buf: np.ndarray, line_starts: np.ndarray) -> None:
        """Slow path after the fast parser failed: name the first unreadable token."""
        ends = np.append(line_starts[1:], len(buf))
        symbols = self.symbols
        for li in range(len(line_starts)):
            chunk = buf[int(line_starts[li]) : int(ends[li])].tobytes()
            for k, tok_b in enumerate(chunk.split(), start=1):
                tok = unquote(tok_b.decode(self.encoding, "replace"))
                if tok in symbols or (NUMBER.fullmatch(tok) and math.isfinite(float(tok))):
                    continue
                raise InputError(
                    self.path,
                    f'DATA item {k}: cannot read "{tok}" as a number; expected a number or one '
                    f"of the missing-value symbols {' '.join(sorted(symbols))}",
                    line=int(self.file_lines[li]),
                )
        raise InputError(
            self.path, "the DATA block could not be parsed: a quoted symbol with blanks inside?"
        )


def read_px(
    path: str | Path, lang: str | None = None, *, max_cells: int = 200_000_000
) -> pd.DataFrame:
    """Read a PC-Axis file into a tidy DataFrame.

    Columns: one Categorical per variable (labels in ``lang``, default the file's
    LANGUAGE), ``<variable>_code`` where the file gives CODES, ``value`` (float, NaN when
    missing), ``symbol`` (the missing-value symbol, ``""`` when the value is present),
    ``preliminary`` when there is a time variable, and ``line``/``position``: the file line
    and the 1-based item on that line where each cell was read, for citing the source.
    Metadata goes to ``df.attrs``. Raises :class:`~seuranta.errors.InputError` for an
    unknown language, a cell count that does not match the variables, or unreadable cells.
    """
    return _Reader(Path(path), lang, max_cells).read()
