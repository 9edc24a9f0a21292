"""PC-Axis DATA section: the cells as numbers and missing-value symbols, with their file places.

* The DATA cells run row-major over STUB then HEADING: the last HEADING variable changes
  fastest, the first STUB variable slowest. The cell count must equal the product of the
  numbers of VALUES: a file with fewer cells (truncated) or more is refused; nothing is
  padded or dropped.
* Cells are separated by spaces, tabs, commas or semicolons, mixed as the writer likes
  ("synonyms", PX file format 2013, "Data in the PX-file"); the final ``;`` is optional
  (the count decides whether a file is complete). An empty cell (``1,,2``), ``inf``,
  ``nan`` or any other token that is neither a number nor a missing-value symbol is
  refused, naming its line.
* Missing cells are stored as ``.`` to ``......`` or ``-`` (quoted or not). Under the
  spec, ``DATASYMBOL1``-``6`` and ``DATASYMBOLNIL`` say how such a stored symbol is to be
  presented; the ``symbol`` column holds that presentation symbol (``".."`` unless
  redefined), and the presentation symbols themselves are accepted as stored tokens too.
* KEYS (sparse) files are read by :mod:`seuranta.clean.sources.pcaxis.sparse` with the
  same cell parser (:class:`ParsedCells`).

Speed and memory: the DATA block is never split into Python objects. Its whitespace is
turned into newlines with one ``bytes.translate`` and parsed by pandas' C CSV parser as a
single column; per-line cell counts (for the ``line``/``position`` columns and the count
check) come from numpy on the raw bytes, in chunks. Missing cells are classified by
numpy too (:class:`ParsedCells`), never by a Python loop per cell. The file's bytes are
handed over once (:meth:`DataBlock.take`) so that they are freed before the parser
allocates.
"""

from __future__ import annotations

import io
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from seuranta.clean.sources._common import NUMBER, thousands, unquote
from seuranta.clean.sources.pcaxis.header import Header, Variable
from seuranta.clean.sources.pcaxis.scan import line_of
from seuranta.errors import InputError

#: Bytes 0-32 and ";" become newlines: each data token on its own line for the C parser.
TO_NEWLINE = bytes.maketrans(bytes(range(33)) + b";,", b"\n" * 35)
_TO_SPACE = bytes.maketrans(b";,", b"  ")
#: An empty cell: a comma followed (after blanks) by another separator.
_EMPTY_CELL = re.compile(rb",[ \t\r\n]*[,;]")
#: Bytes per numpy chunk when counting cells per line (bounds temporary memory).
_CHUNK = 1 << 18

#: What :func:`read_dense` and ``read_sparse`` return: the values, the symbol codes and
#: their categories, and each cell's file line and 1-based position on it.
Cells = tuple[np.ndarray, np.ndarray, list[str], np.ndarray, np.ndarray]


def symbol_map(h: Header) -> dict[str, str]:
    """Stored data token -> presentation symbol (DATASYMBOL1-6, DATASYMBOLNIL)."""
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


def codes_dtype(n: int) -> type:
    """The integer type for codes of ``n`` categories."""
    # The dtype pandas itself picks for Categorical codes: no copy when we match it.
    if n < np.iinfo(np.int8).max:
        return np.int8
    if n < np.iinfo(np.int16).max:
        return np.int16
    return np.int32


class DataBlock:
    """The file's bytes with the offset just after ``DATA=``.

    The bytes are held here rather than by the caller so that the reader of the block
    can drop the last reference (:meth:`take`) once it has what it needs from them.
    """

    def __init__(self, path: Path, raw: bytes, start: int) -> None:
        self.path = path
        self.start = start
        self.line = line_of(raw, start)
        self._raw: bytes | None = raw

    def take(self) -> bytes:
        """The file's bytes, which the block no longer holds."""
        raw, self._raw = self._raw, None
        assert raw is not None, "the DATA bytes were already taken"
        return raw

    def end(self, raw: bytes) -> int:
        """Where the DATA bytes end: before trailing blanks or EOF marks.

        The PX specification (Statistics Sweden, "PX file format", 2013, "Data in the
        PX-file") lets comma, space, semicolon and tab separate cells, "synonyms [that]
        can be mixed in the file", so a ``;`` ending each data line or the whole block is
        a separator like any other, and a complete file without the final ``;`` is
        complete. What it rules out is an empty cell: "you can not write 1,,2,3".
        """
        start = self.start
        end = len(raw)
        while end > start and raw[end - 1] in b" \t\r\n\x1a\x00":
            end -= 1
        if raw.find(b",", start, end) >= 0:
            m = _EMPTY_CELL.search(raw, start, end)
            if m is not None:
                raise InputError(
                    self.path,
                    "an empty cell between two separators in DATA: the PX format has no "
                    'empty cells (write a missing-value symbol such as ".." instead)',
                    line=line_of(raw, m.start()),
                )
        return end


def _refuse_count(
    path: Path, found: int, expected: int, variables: list[Variable], line: int
) -> None:
    def side(role: str) -> str:
        parts = [f"{v.name} {len(v.labels)}" for v in variables if v.role == role]
        return " x ".join(parts) if parts else "(none)"

    what = "truncated file" if found < expected else "file with surplus cells"
    raise InputError(
        path,
        f"refusing {what}: DATA holds {thousands(found)} cells, the variables multiply to "
        f"{thousands(expected)} (STUB x HEADING: {side('stub')} x {side('heading')})",
        line=line,
    )


def read_dense(
    block: DataBlock,
    expected: int,
    variables: list[Variable],
    symbols: dict[str, str],
    encoding: str,
) -> Cells:
    """The cells of a DATA block holding every cell, in row-major order."""
    path = block.path
    raw = block.take()
    data_line = block.line
    start = block.start
    end = block.end(raw)
    if end - start < 2 * expected - 1:
        # Every cell takes at least one byte and one separator: refuse before allocating.
        found = len(raw[start:end].translate(_TO_SPACE).split())
        _refuse_count(path, found, expected, variables, data_line)
    buf = np.frombuffer(raw, dtype=np.uint8, count=end - start, offset=start)
    line_starts = np.flatnonzero(buf == 10) + 1
    line_starts = np.concatenate(([0], line_starts[line_starts < len(buf)]))
    del buf
    # What follows ``end`` is blanks and EOF marks: they become newlines, skipped.
    translated = raw.translate(TO_NEWLINE)
    # The raw bytes are no longer needed: free them before the parser allocates.
    raw = None
    file_lines = np.arange(len(line_starts), dtype=np.int32) + np.int32(data_line)
    cells = ParsedCells(path, translated, start, end, line_starts, file_lines, symbols, encoding)
    del translated
    if cells.total != expected:
        _refuse_count(path, cells.total, expected, variables, data_line)
    line = np.repeat(file_lines, cells.counts)
    position = positions(cells.counts, expected)
    return cells.values, cells.sym_codes, cells.cats, line, position


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


def positions(counts: np.ndarray, total: int) -> np.ndarray:
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


class ParsedCells:
    """The cells of a DATA buffer in which every separator is already a newline.

    ``translated[start:end]`` holds the cells; ``line_starts`` (offsets from ``start``)
    and ``file_lines`` give the file line of each buffer line. Numbers are parsed by
    pandas' C parser; the cells it reads as missing are classified by numpy, chunk by
    chunk: each missing cell's token (at most 8 bytes, e.g. ``"......"``) is packed into
    one integer and the few distinct ones are looked up in the symbol table. No Python
    code runs per cell.

    Results: ``values`` (float, NaN when missing), ``sym_codes`` into ``cats`` (``""``
    then the presentation symbols), ``counts`` (cells per buffer line) and ``total``.
    """

    def __init__(
        self,
        path: Path,
        translated: bytes,
        start: int,
        end: int,
        line_starts: np.ndarray,
        file_lines: np.ndarray,
        symbols: dict[str, str],
        encoding: str,
    ) -> None:
        self.path = path
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
            self.sym_codes = np.zeros(len(values), dtype=codes_dtype(len(self.cats)))

    def _line_of_cell(self, cell: int) -> int:
        li = int(np.searchsorted(np.cumsum(self.counts), cell, side="right"))
        return int(self.file_lines[li]) if li < len(self.file_lines) else 0

    def _classify_missing(self, buf: np.ndarray, line_starts: np.ndarray, bad: np.ndarray) -> None:
        symbols = self.symbols
        cats = ["", *dict.fromkeys(symbols.values())]
        cat_index = {c: i for i, c in enumerate(cats)}
        sym_codes = np.zeros(len(self.values), dtype=codes_dtype(len(cats)))
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
