"""The public corpus (tests/fixtures/published): every file reads, or is refused with the reason.

Files that read are compared cell for cell with pyaxis (PC-Axis) where pyaxis can read
them; where the two disagree, the PX specification (Statistics Sweden, "PX file format",
2013) decides and the test says why.
"""

from __future__ import annotations

import json
import math
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from pyaxis import pyaxis
from pyjstat import pyjstat

from published import PUBLISHED
from seuranta.clean.sources.jsonstat import read_jsonstat2
from seuranta.clean.sources.pcaxis import read_px
from seuranta.errors import InputError

EXAMPLES = PUBLISHED / "pxweb-examples"
EXAMPLE_FILES = sorted(
    p.relative_to(EXAMPLES).as_posix() for p in EXAMPLES.rglob("*") if p.suffix.lower() == ".px"
)

#: error/fatal/: what each file breaks (the folder's own file names say it) and the reason
#: the reader gives.
FATAL = {
    "BE0101F1errorCodes.px": r"CODES statement has a stray double quote",
    "BE0101F1errorContVariableunits.px": r"no UNITS for content value 'Inmigrated'",
    "BE0101F1errorContvariable.px": r'CONTVARIABLE names "typex"',
    "BE0101F1errorHeading.px": r"HEADING statement has a stray double quote",
    "BE0101F1errorMatrix.px": r"MATRIX statement has a stray double quote",
    "BE0101F1errorStub.px": r"STUB statement has a stray double quote",
    "BE0101F1errorSubjectArea.px": r"SUBJECT-AREA statement has a stray double quote",
    "BE0101F1errorUnit.px": r"UNITS statement has a stray double quote",
    "BE0101F1errorValues.px": r"VALUES statement has a stray double quote",
    "BE0101F1errorVarValue.px": r'expected VALUES\("region"\)',
    "BE0101F1errormissingValues.px": r'expected VALUES\("age"\)',
    "BE0101F1misingSubjectArea.px": r"missing mandatory keyword SUBJECT-AREA",
    "BE0101F1missingContents.px": r"missing mandatory keyword CONTENTS",
    "BE0101F1missingData.px": r"no DATA keyword",
    "BE0101F1missingDecimal.px": r"missing mandatory keyword DECIMALS",
    "BE0101F1missingMatrix.px": r"missing mandatory keyword MATRIX",
    "BE0101F1missingStubHeading.px": r"expected STUB and/or HEADING",
    "BE0101F1missingSubjectCode.px": r"missing mandatory keyword SUBJECT-CODE",
    "BE0101F1missingTitle.px": r"missing mandatory keyword TITLE \(or DESCRIPTION\)",
    "BE0101F1missingUnit.px": r"missing mandatory keyword UNITS",
}
#: The one file of error/fatal/ that is not broken: the template the error files were
#: made from, byte for byte the same as error/continue/'s template, which PX-Web reads.
TEMPLATE = "template av BE0101F1error.px"

#: Files pyaxis cannot read, and why the reader is right to read them.
PYAXIS_FAILS = {
    # KEYS (sparse) files: pyaxis ignores KEYS and counts the keys as cells.
    "keys/BE0101F1symbnotkeys.px",
    "keys/BE101ACEkeys.px",
    # A stray quote in DESCRIPTION, which PX-Web tolerates (error/continue/): pyaxis loses
    # the statement boundaries; the reader skips DESCRIPTION and lists it in attrs.
    "error/continue/BE0101F1errorDescription.px",
    # A multilingual file whose Swedish VALUES differ in count: pyaxis indexes past the
    # end; the reader falls back to the default language, by position.
    "error/multilang/BE0101F1langensvfiolikacelln2error.px",
}


def test_the_example_database_is_all_there():
    # 111 of the 113 files of PxWeb's example database (PUBLIC-CORPORA.md).
    assert len(EXAMPLE_FILES) == 111
    fatal = {f.split("/")[-1] for f in EXAMPLE_FILES if f.startswith("error/fatal/")}
    assert fatal == set(FATAL) | {TEMPLATE}
    assert (EXAMPLES / "error/fatal" / TEMPLATE).read_bytes() == (
        EXAMPLES / "error/continue" / TEMPLATE
    ).read_bytes()


def pyaxis_frame(path, encoding: str) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pyaxis.parse(uri=str(path), encoding=encoding)["DATA"]


def compare_with_pyaxis(df: pd.DataFrame, path) -> None:
    """Every cell: the same labels in the same order and the same number (or missing)."""
    theirs = pyaxis_frame(path, df.attrs["encoding"])
    assert len(theirs) == len(df)
    for var in df.attrs["variables"]:
        ours_l = df[var].astype(str).to_numpy()
        if var == df.attrs.get("time_variable") and df["preliminary"].any():
            # Statistics Finland marks preliminary periods with a "*" in VALUES only; the
            # reader moves it to the preliminary column, pyaxis keeps it in the label.
            ours_l = np.where(
                df["preliminary"].to_numpy(), np.char.add(ours_l.astype(str), "*"), ours_l
            )
        col = var if var in theirs.columns else df.attrs["variable_codes"].get(var, var)
        theirs_l = theirs[col].astype(str).to_numpy()
        assert (ours_l == theirs_l).all(), var
    their_values = pd.to_numeric(theirs["DATA"], errors="coerce").to_numpy(dtype=float)
    ours = df["value"].to_numpy()
    both = ~np.isnan(their_values)
    assert (ours[both] == their_values[both]).all()
    # Where pyaxis has no number the cell holds a missing-value symbol in the file.
    assert np.isnan(ours[~both]).all()
    assert (df["symbol"].to_numpy()[~both] != "").all()


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_every_example_reads_or_is_refused_as_its_folder_says(name):
    path = EXAMPLES / name
    base = name.split("/")[-1]
    if name.startswith("error/fatal/") and base != TEMPLATE:
        with pytest.raises(InputError, match=FATAL[base]):
            read_px(path)
        return
    df = read_px(path)
    assert len(df) == df.attrs["cells"] > 0
    assert df["value"].notna().sum() + (df["symbol"] != "").sum() == len(df)
    if name.startswith("error/continue/"):
        # Errors PX-Web tolerates: a stray quote in a statement that does not shape the
        # table is skipped (and listed); other errors name no variable the table has.
        for skipped in df.attrs["skipped"]:
            assert skipped["keyword"] in {
                "CONTACT",
                "DESCRIPTION",
                "MAP",
                "NOTE",
                "SOURCE",
                "VALUENOTE",
                "VALUENOTEX",
            }
    if name in PYAXIS_FAILS:
        with pytest.raises(Exception):  # noqa: B017 - pyaxis fails in several ways
            compare_with_pyaxis(df, path)
        return
    compare_with_pyaxis(df, path)


@pytest.mark.parametrize(
    ("keys", "dense"),
    [
        ("keys/BE101ACEkeys.px", "Population/BE101ACE.px"),
        ("keys/BE0101F1symbnotkeys.px", "Population/BE0101F1symbnot.px"),
    ],
)
def test_keys_files_read_to_the_cells_of_their_dense_counterparts(keys, dense):
    sparse_df = read_px(EXAMPLES / keys)
    dense_df = read_px(EXAMPLES / dense)
    assert sparse_df.attrs["keys"] and not dense_df.attrs["keys"]
    variables = dense_df.attrs["variables"]
    assert sparse_df.attrs["variables"] == variables
    cols = [*variables, "value", "symbol"]
    a = sparse_df[cols].astype({v: str for v in [*variables, "symbol"]})
    b = dense_df[cols].astype({v: str for v in [*variables, "symbol"]})
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
    # The rows the KEYS file leaves out are all zeros in the dense file, as the spec says
    # ("Rows that only contain 0 (zeros) are excluded from the file").
    absent = sparse_df["line"].to_numpy() == 0
    assert absent.sum() == sparse_df.attrs["absent_rows"] * (
        len(sparse_df) // math.prod(len(pd.unique(sparse_df[v])) for v in variables[:2])
    )
    assert (dense_df["value"].to_numpy()[absent] == 0).all()


@pytest.mark.parametrize(
    "name",
    [
        "pyaxis-tests/1001.px",
        "pyaxis-tests/27067.px",
        "pyaxis-tests/px-x-0602000000_107.px",
        "statfin-px/010_kats_tau_101.px",
        "aluesarjat/A01HKIS_Vaestotulot.px",
        "aluesarjat/B02S_ESP_Vakiluku1975.px",
        "aluesarjat/C04S_VANS_Tyottomat_Sukupuoli.px",
        "statfin/13pz-multilingual.px",
    ],
)
def test_real_files_agree_with_pyaxis(name):
    df = read_px(PUBLISHED / name)
    compare_with_pyaxis(df, PUBLISHED / name)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("aluesarjat/example-1.px", r"refusing truncated file: DATA holds 798 cells"),
        ("aluesarjat/example-negative-values.px", r"refusing truncated file: DATA holds 448"),
    ],
)
def test_truncated_real_files_refused(name, reason):
    with pytest.raises(InputError, match=reason):
        read_px(PUBLISHED / name)


# ------------------------------------------------------------------- JSON-stat --

JSONSTAT = PUBLISHED / "jsonstat-tests"
#: pyjstat's test files that are not one JSON-stat 2.0 dataset, and the reason given.
JSONSTAT_REFUSED = {
    "A02Level.json": "JSON-stat 1.x",
    "CPI15.json": "JSON-stat 1.x",
    "QS104EW.json": "JSON-stat 1.x",
    "galicia-ds.json": "JSON-stat 1.x",
    "galicia.json": "found a collection/bundle",
    "oecd-canada.json": "JSON-stat 1.x",
    "ons.json": "JSON-stat 1.x",
    "sample_data.json": "found a collection/bundle",
    "statswe.json": "found a collection/bundle",
    "us-labor-ds.json": "JSON-stat 1.x",
    "collection.json": "found a collection/bundle",
    "dimension.json": 'expected a JSON-stat 2.0 dataset with "id", "size", "dimension"',
}


def test_every_jsonstat_file_is_listed():
    names = {p.name for p in JSONSTAT.glob("*.json")}
    assert names == set(JSONSTAT_REFUSED) | {"cantabria.json", "galicia-2.0.json"}


@pytest.mark.parametrize("name", sorted(JSONSTAT_REFUSED))
def test_jsonstat_files_that_are_not_one_2_0_dataset_are_refused(name):
    with pytest.raises(InputError, match=re.escape(JSONSTAT_REFUSED[name])):
        read_jsonstat2(JSONSTAT / name)


def test_cantabria_agrees_with_pyjstat_cell_for_cell():
    path = JSONSTAT / "cantabria.json"
    df = read_jsonstat2(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = pyjstat.Dataset.read(path.read_text(encoding="utf-8")).write("dataframe")
    assert len(df) == len(theirs) == 5400
    for var in df.attrs["variables"]:
        assert (df[var].astype(str).to_numpy() == theirs[var].astype(str).to_numpy()).all()
    ours, their_values = df["value"].to_numpy(), theirs["value"].to_numpy(dtype=float)
    assert ((ours == their_values) | (np.isnan(ours) & np.isnan(their_values))).all()
    assert np.isnan(ours).sum() > 0  # the file has missing cells: null in "value"


def test_galicia_2_0_reads_where_pyjstat_fails():
    # A dimension with one category may omit category.index (JSON-stat 2.0, "index":
    # "not required when the dimension has only one category"); pyjstat requires it.
    path = JSONSTAT / "galicia-2.0.json"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(KeyError):
            pyjstat.Dataset.read(path.read_text(encoding="utf-8")).write("dataframe")
    df = read_jsonstat2(path)
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert len(df) == math.prod(raw["size"]) == 3960
    values = raw["value"]
    assert [None if math.isnan(v) else v for v in df["value"]] == [
        None if v is None else float(v) for v in values
    ]
    one = [d for d in raw["id"] if "index" not in raw["dimension"][d]["category"]]
    assert one, "the file has a one-category dimension without index"
