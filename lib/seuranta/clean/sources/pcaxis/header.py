"""PC-Axis header: languages, the variables with their values and codes, the mandatory checks.

* Variables are STUB then HEADING, each with its VALUES. Labels are verbatim: leading
  spaces carry hierarchies, so ``"Total"`` and ``"  Total"`` are two labels. A variable
  whose keys (CODES, else VALUES) repeat is refused.
* Multilingual files give ``LANGUAGE`` (the default), ``LANGUAGES`` and translated
  keywords ``KEY[sv]``; variable-keyed translations use the translated variable name
  (``VALUES[sv]("Kvartal")``). A missing translation falls back to the default
  language, matching variables and values by position.
* CODES give the language-independent codes (column ``<variable>_code``). TIMEVAL or
  ``VARIABLE-TYPE="Time"`` marks the time variable; Statistics Finland marks preliminary
  periods with a trailing ``*`` in VALUES only (``2024Q1*``): the star is removed from the
  label and the cells get ``preliminary=True``.
* The mandatory keywords (CONTENTS, DECIMALS, MATRIX, SUBJECT-AREA, SUBJECT-CODE, UNITS,
  TITLE or DESCRIPTION, STUB/HEADING, VALUES, DATA) must be present, and with
  CONTVARIABLE a UNITS per content value: PX-Web refuses such files (its example
  database's ``error/fatal/``).
* KEYS (sparse) files: ``KEYS("var")=VALUES|CODES`` for the leading STUB variables (their
  DATA rows are read by :mod:`seuranta.clean.sources.pcaxis.sparse`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from seuranta.clean.sources.pcaxis.scan import Address, Statement
from seuranta.errors import InputError

#: Mandatory keywords of the PX file format 2013 (besides DATA, STUB/HEADING and VALUES,
#: checked where they are used); TITLE may be replaced by DESCRIPTION.
_MANDATORY = ("CONTENTS", "DECIMALS", "MATRIX", "SUBJECT-AREA", "SUBJECT-CODE", "UNITS")
#: Columns every table has: no variable may take their names.
_RESERVED = {"value", "symbol", "line", "position", "preliminary"}


def _joined(st: Statement) -> str:
    """A statement's value as one text: its items joined by ", "."""
    return ", ".join(st.items) if len(st.items) > 1 else (st.items[0] if st.items else "")


class Header:
    """The decoded keywords and the language chosen, addressable by (keyword, language, subkeys).

    ``default`` is the file's LANGUAGE, ``languages`` its LANGUAGES, ``lang`` the language
    read (``lang`` asked for, else the default) and ``tag`` that language's keyword tag
    (None for the default language, whose keywords carry no ``[lang]``).
    """

    def __init__(self, path: Path, statements: dict[Address, Statement], lang: str | None) -> None:
        self.path = path
        self.statements = statements
        default = self.text("LANGUAGE")
        languages = self.items("LANGUAGES") or ([default] if default else [])
        if default is None and languages:
            default = languages[0]
        self.default = default
        self.languages = languages
        if lang is not None and lang != default and lang not in languages:
            have = ", ".join(languages) if languages else "none (the file declares no LANGUAGE)"
            raise InputError(
                path,
                f'language "{lang}" is not in the file; available languages: {have}',
            )
        self.lang = lang if lang is not None else default
        self.tag = None if (self.lang == default) else self.lang

    def get(self, key: str, lang: str | None = None, sub: tuple[str, ...] = ()) -> Statement | None:
        return self.statements.get((key, lang, sub))

    def items(self, key: str, lang: str | None = None, sub: tuple[str, ...] = ()) -> list[str]:
        st = self.get(key, lang, sub)
        return st.items if st else []

    def text(self, key: str, lang: str | None = None, sub: tuple[str, ...] = ()) -> str | None:
        st = self.get(key, lang, sub)
        return None if st is None else _joined(st)

    def tr(self, key: str, sub_lang: tuple = (), sub_default: tuple = ()) -> Statement | None:
        """A keyword in the chosen language, falling back to the default language."""
        if self.tag is not None:
            st = self.get(key, self.tag, sub_lang)
            if st is not None:
                return st
        st = self.get(key, None, sub_default)
        if st is None and self.default:
            st = self.get(key, self.default, sub_default)
        return st

    def tr_text(self, key: str, sub_lang: tuple = (), sub_default: tuple = ()) -> str | None:
        st = self.tr(key, sub_lang, sub_default)
        return None if st is None else _joined(st)


@dataclass
class Variable:
    """A STUB or HEADING variable: its name and values in the chosen and default language.

    ``labels`` are the column's labels (a time variable's without the preliminary ``*``),
    ``raw_labels``/``raw_default`` the VALUES as written in the chosen/default language,
    ``codes`` the CODES (None without), ``preliminary_flags`` one flag per value.
    """

    name: str
    name_default: str
    role: str
    labels: list[str]
    raw_labels: list[str]
    raw_default: list[str]
    codes: list[str] | None
    is_time: bool
    preliminary_flags: list[bool]


def _time_variables(h: Header) -> set[str]:
    """The variables (default-language names) marked by TIMEVAL or VARIABLE-TYPE="Time"."""
    time_vars = set()
    for st in h.statements.values():
        if st.key == "TIMEVAL" and st.sub and st.lang is None:
            time_vars.add(st.sub[0])
        is_type = st.key == "VARIABLE-TYPE" and st.sub and st.lang is None
        if is_type and st.items and st.items[0].strip().lower() == "time":
            time_vars.add(st.sub[0])
    return time_vars


def read_variables(h: Header) -> list[Variable]:
    """The STUB then HEADING variables, with VALUES and CODES checked against each other."""
    path = h.path
    stub_d, head_d = h.items("STUB"), h.items("HEADING")
    if not stub_d and not head_d:
        raise InputError(path, "expected STUB and/or HEADING naming the variables")
    stub_st, head_st = h.tr("STUB"), h.tr("HEADING")
    stub_l = stub_st.items if stub_st else stub_d
    head_l = head_st.items if head_st else head_d
    if len(stub_l) != len(stub_d) or len(head_l) != len(head_d):
        raise InputError(
            path,
            f"STUB/HEADING in language {h.lang} name {len(stub_l)}/{len(head_l)} "
            f"variables, the default language {len(stub_d)}/{len(head_d)}",
        )
    out = []
    names_seen: set[str] = set()
    time_vars = _time_variables(h)
    for role, names_d, names_l in (("stub", stub_d, stub_l), ("heading", head_d, head_l)):
        for name_d, name_l in zip(names_d, names_l, strict=True):
            vals_st = h.tr("VALUES", (name_l,), (name_d,))
            if vals_st is None:
                raise InputError(path, f'expected VALUES("{name_d}") for {role} variable')
            raw_labels = list(vals_st.items)
            default_st = h.get("VALUES", None, (name_d,)) or vals_st
            raw_default = list(default_st.items)
            if len(raw_default) != len(raw_labels):
                raise InputError(
                    path,
                    f'VALUES("{name_l}") has {len(raw_labels)} values but the default '
                    f"language has {len(raw_default)}",
                    line=vals_st.line,
                )
            codes_st = h.tr("CODES", (name_l,), (name_d,))
            codes = None
            if codes_st is not None:
                codes = list(codes_st.items)
                if len(codes) != len(raw_labels):
                    raise InputError(
                        path,
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
            _refuse_duplicates(path, name_l, labels, codes, vals_st.line)
            if name_l in names_seen or name_l in _RESERVED or name_l.endswith("_code"):
                raise InputError(path, f'variable name "{name_l}" clashes with a column')
            names_seen.add(name_l)
            out.append(
                Variable(
                    name=name_l,
                    name_default=name_d,
                    role=role,
                    labels=labels,
                    raw_labels=raw_labels,
                    raw_default=raw_default,
                    codes=codes,
                    is_time=is_time,
                    preliminary_flags=flags,
                )
            )
    return out


def _refuse_duplicates(
    path: Path, name: str, labels: list[str], codes: list[str] | None, line: int
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
                path,
                f'duplicate key: {what}("{name}") lists "{k}" twice (items {seen[k] + 1} '
                f"and {i + 1}), so two cells would have the same key",
                line=line,
            )
        seen[k] = i


def keyed_variables(h: Header, variables: list[Variable]) -> list[tuple[Variable, str]]:
    """The KEYS variables with VALUES or CODES: they must be the leading STUB variables."""
    path = h.path
    keyed = []
    for st in h.statements.values():
        if st.key != "KEYS" or st.lang is not None:
            continue
        name = st.sub[0] if st.sub else ""
        var = next((v for v in variables if v.name_default == name), None)
        kind = (st.items[0] if st.items else "").strip().upper()
        if var is None or var.role != "stub":
            raise InputError(path, f'KEYS("{name}") names no STUB variable', line=st.line)
        if kind not in ("VALUES", "CODES"):
            raise InputError(path, f'KEYS("{name}")={kind}: expected VALUES or CODES', line=st.line)
        if kind == "CODES" and var.codes is None:
            raise InputError(
                path,
                f'KEYS("{name}")=CODES but the file has no CODES("{name}")',
                line=st.line,
            )
        keyed.append((var, kind))
    keyed.sort(key=lambda vk: variables.index(vk[0]))
    if keyed and [v for v, _ in keyed] != variables[: len(keyed)]:
        raise InputError(
            path,
            "KEYS must name the leading STUB variables, in order; it names "
            + ", ".join(f'"{v.name}"' for v, _ in keyed),
        )
    return keyed


def check_mandatory(h: Header, variables: list[Variable]) -> None:
    """The mandatory keywords of the PX format 2013; with CONTVARIABLE, UNITS per value."""
    present = {key for key, _lang, sub in h.statements if not sub}
    missing = [k for k in _MANDATORY if k not in present]
    if "TITLE" not in present and "DESCRIPTION" not in present:
        missing.append("TITLE (or DESCRIPTION)")
    if missing:
        raise InputError(
            h.path,
            f"missing mandatory keyword{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} (PX file format 2013)",
        )
    cont = h.get("CONTVARIABLE")
    if cont is None or not cont.items:
        return
    cvar = next((v for v in variables if v.name_default == cont.items[0]), None)
    if cvar is None:
        raise InputError(
            h.path,
            f'CONTVARIABLE names "{cont.items[0]}", which is not a STUB or HEADING variable',
            line=cont.line,
        )
    lacking = [v for v in cvar.raw_default if h.get("UNITS", None, (v,)) is None]
    if lacking:
        raise InputError(
            h.path,
            f"no UNITS for content value{'s' if len(lacking) > 1 else ''} "
            f"{', '.join(repr(v) for v in lacking)} of CONTVARIABLE "
            f'"{cont.items[0]}": with a content variable, UNITS("value") is mandatory '
            "for each of its values",
            line=cont.line,
        )
