"""PC-Axis reader: real Aluesarjat and StatFin files, and small files that break the rules."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from published import published as fixture
from seuranta.clean.sources import read_source, select
from seuranta.clean.sources.pcaxis import read_px
from seuranta.errors import InputError


def one(df, **where):
    """The single row matching label (or code) equalities; fails unless exactly one."""
    rows = select(df, where)
    assert len(rows) == 1, rows
    return rows.iloc[0]


def data_tokens(path: Path) -> list[bytes]:
    """The DATA cells split by plain Python, an independent count for the checks."""
    raw = path.read_bytes()
    return raw[raw.index(b"\nDATA=") + 6 :].rstrip(b"\r\n ;").replace(b";", b" ").split()


def labels_ok(df) -> None:
    for col in df.columns:
        if df[col].dtype == "category" or df[col].dtype == object:
            for lab in map(str, df[col].astype(str).unique()):
                assert "Ã" not in lab and "\ufffd" not in lab, (col, lab)


# --------------------------------------------------------------- Aluesarjat files --


def test_vantaa_unemployment_latin1_lf_decimals_and_missing():
    path = fixture("aluesarjat", "C04S_VANS_Tyottomat_Sukupuoli.px")
    df = read_px(path)
    assert len(df) == 3_360 == 70 * 3 * 2 * 8
    assert df.attrs["stub"] == ["Alue", "Sukupuoli"]
    assert df.attrs["heading"] == ["Työttömyys", "Vuosi"]
    assert df.attrs["encoding"] == "cp1252"
    assert df.attrs["decimals"] == 1
    assert df.attrs["precision"] == {"Työttömyys": {"Työttömät": 0, "Työttömyysaste": 1}}
    assert df.attrs["title"].startswith("V4. Vantaa: Työttömät ja työttömyysaste")
    labels_ok(df)
    assert "092 11 Hämevaara" in set(df["Alue"])
    # DATA line 65 (file line), items 1 and 9: 7283 unemployed and rate 7.2 in 2000.
    row = one(df, Alue="092", Sukupuoli="Molemmat sukupuolet", Työttömyys="Työttömät", Vuosi="2000")
    assert row["value"] == 7283 and row["symbol"] == "" and row["line"] == 65
    assert len(select(df, {"Alue": "092 Vantaa", "Työttömyys": "Työttömyysaste"})) == 24
    r2000 = one(
        df, Alue="092", Sukupuoli="Molemmat sukupuolet", Työttömyys="Työttömyysaste", Vuosi="2000"
    )
    assert r2000["value"] == 7.2 and r2000["position"] == 9
    # Line 66 starts with ".." (men, unemployed, 2000) then 4003 (2001).
    miss = one(df, Alue="092", Sukupuoli="Miehet", Työttömyys="Työttömät", Vuosi="2000")
    assert math.isnan(miss["value"]) and miss["symbol"] == ".." and miss["line"] == 66
    assert (
        one(df, Alue="092", Sukupuoli="Miehet", Työttömyys="Työttömät", Vuosi="2001")["value"]
        == 4003
    )
    # Last line: "... 26.7 27.6;" = 092 99 Muut, Naiset, rate, 2006 and 2007.
    last = df.iloc[-1]
    assert (last["Alue"], last["Sukupuoli"], last["Vuosi"], last["value"]) == (
        "092 99 Muut",
        "Naiset",
        "2007",
        27.6,
    )
    # Every missing cell is a ".." in the file, and only those.
    tokens = data_tokens(path)
    assert len(tokens) == 3_360
    assert (df["symbol"] == "..").sum() == tokens.count(b'".."')
    assert df["value"].isna().sum() == tokens.count(b'".."')


def test_espoo_population_crlf_two_symbols_and_codes():
    path = fixture("aluesarjat", "B02S_ESP_Vakiluku1975.px")
    df = read_px(path)
    assert len(df) == 64_008 == 127 * 14 * 36
    labels_ok(df)
    assert {"049 13 Kilo-Karakallio", "049 645 Ämmässuo", "049 622 Gumböle"} <= set(df["Alue"])
    assert "Väestö yhteensä" in set(df["Ikäryhmä"])
    # Line 104 holds the first 36 cells: Espoo total population 1975 ... 2010.
    first = one(df, Alue="049", Ikäryhmä="all", Vuosi="1975")
    assert first["value"] == 117_090 and first["line"] == 104 and first["position"] == 1
    assert one(df, Alue="049 Espoo", Ikäryhmä="Väestö yhteensä", Vuosi="2010")["value"] == 244_330
    # Line 114 starts with ".." : Espoo, 75-84-year-olds, 1975.
    cell = one(df, Alue="049", Ikäryhmä="75-84-vuotiaat", Vuosi="1975")
    assert math.isnan(cell["value"]) and cell["symbol"] == ".." and cell["line"] == 114
    tokens = data_tokens(path)
    assert (df["symbol"] == "..").sum() == tokens.count(b'".."') == 5_192
    assert (df["symbol"] == ".").sum() == tokens.count(b'"."') == 2_856
    assert (df["symbol"] != "").sum() == df["value"].isna().sum()


def test_helsinki_income_windows_bytes_and_continued_title():
    path = fixture("aluesarjat", "A01HKIS_Vaestotulot.px")
    df = read_px(path)
    assert len(df) == 4_368
    # Byte 0x94 is not ISO-8859-1 text: the reader must fall to Windows-1252.
    assert df.attrs["encoding"] == "cp1252"
    assert "not valid UTF-8" in df.attrs["encoding_reason"]
    assert "”Valtionveronalaiset tulot”" in df.attrs["note"]
    # TITLE continues on the next quoted line: the two pieces are joined.
    assert df.attrs["title"].startswith("H1. Helsingin 15 vuotta täyttänyt väestö")
    assert df.attrs["title"].endswith("alkaen 31.12. 2001")
    labels_ok(df)
    assert "091 801 Östersundomin peruspiiri" in set(df["Alue"])
    # Line 145: 24265 = Helsinki mean income 2001; line 147: 11552337901 total income 2001.
    assert one(df, Alue="091", Tuloluokka="1", Vuosi="2001")["value"] == 24_265
    total = one(df, Alue="091 Helsinki", Tuloluokka="Tulot yhteensä", Vuosi="2001")
    assert total["value"] == 11_552_337_901 and total["line"] == 147


@pytest.mark.parametrize(
    ("name", "found", "expected"),
    [
        # 18 areas x 19 industries x 21 years; one industry label holds a quoted ";".
        ("example-1.px", "798", "7 182"),
        ("example-negative-values.px", "448", "26 304"),
    ],
)
def test_truncated_files_are_refused(name, found, expected):
    path = fixture("aluesarjat", name)
    with pytest.raises(InputError, match="refusing truncated file") as err:
        read_px(path)
    message = str(err.value)
    assert f"DATA holds {found} cells" in message
    assert f"multiply to {expected}" in message
    assert "STUB x HEADING" in message


def test_label_with_quoted_semicolon_is_one_value():
    # example-1.px line 21: " K  Kiinteistö- ja tutkim.palv.;elinkeinoelämän palv." is one
    # label; splitting at that ";" would give a wrong variable size.
    path = fixture("aluesarjat", "example-1.px")
    with pytest.raises(InputError, match=r"Toimiala 19 x Vuosi 21"):
        read_px(path)


# ----------------------------------------------------------------- StatFin 13pz --

PZ = ("statfin", "13pz-multilingual.px")


def test_13pz_default_language_utf8_despite_ansi():
    df = read_px(fixture(*PZ))
    assert len(df) == 450 == 10 * 5 * 9
    assert df.attrs["declared_charset"] == "ANSI"
    assert df.attrs["declared_codepage"] == "utf-8"
    assert df.attrs["encoding"] == "utf-8"
    assert df.attrs["language"] == "fi" and df.attrs["languages"] == ["fi", "sv", "en"]
    labels_ok(df)
    assert "Pääkaupunkiseutu (PKS)" in set(df["Alue"])
    assert df.attrs["content_variable"] == "Tiedot"
    info = df.attrs["contents_info"]
    assert info["Uusin julkistus, neljännesmuutos, %"]["units"] == "Prosentti"
    assert info["Uusin julkistus, kauppojen lukumäärä"]["units"] == "Lukumäärä"
    assert info["Uusin julkistus, kauppojen lukumäärä"]["precision"] is None
    assert info["Tarkentuminen, vuosimuutos, %-yksikköä"]["precision"] == 1
    assert info["Uusin julkistus, neljännesmuutos, %"]["last_updated_iso"] == "2024-10-29T08:00"
    assert df.attrs["decimals"] == 1 and df.attrs["showdecimals"] == 0
    assert df.attrs["timeval"]["unit"] == "Q1"
    assert df.attrs["timeval"]["values"][0] == "20221" and len(df.attrs["timeval"]["values"]) == 10
    # First DATA line (file line 177): 0.3 0.7 -0.4 3 3.4 -0.4 19831 12773 7058.
    row = one(df, Vuosineljännes="2022Q1", Alue="ksu", Tiedot="neljmuut_rev")
    assert row["value"] == -0.4 and row["line"] == 177 and row["position"] == 3
    assert one(df, Vuosineljännes="2022Q1", Alue="ksu", Tiedot="lkm_julk_viim")["value"] == 19_831
    # Last line: 1.9 2.5 -0.6 -2.6 -2 -0.6 7678 6690 988 (2024Q2, whole country excl. cities).
    last = df.iloc[-1]
    assert (last["Vuosineljännes"], last["Alue_code"], last["Tiedot_code"], last["value"]) == (
        "2024Q2",
        "muu",
        "lkm_julk_rev",
        988.0,
    )
    assert (df["value"] < 0).sum() > 50  # negative changes are kept as negative numbers
    assert df["symbol"].eq("").all() and not df["value"].isna().any()


def test_13pz_preliminary_periods():
    df = read_px(fixture(*PZ))
    assert df.attrs["time_variable"] == "Vuosineljännes"
    assert df.attrs["preliminary"] == ["2024Q1", "2024Q2"]
    assert "2024Q1" in set(df["Vuosineljännes"])
    assert not any(str(v).endswith("*") for v in df["Vuosineljännes"].unique())
    prelim = df[df["preliminary"]]
    assert len(prelim) == 2 * 5 * 9
    assert set(prelim["Vuosineljännes_code"]) == {"2024Q1", "2024Q2"}


@pytest.mark.parametrize(
    ("lang", "region", "content", "title", "source"),
    [
        ("fi", "Koko maa", "Uusin julkistus, vuosimuutos, %", "test_title_fi", "Tilastokeskus"),
        (
            "sv",
            "Hela landet",
            "Senaste publikation, årsförändring, %",
            "test_title_sv",
            "Statistik",
        ),
        ("en", "Whole country", "Latest release, yearly change, %", "test_title_en", "Statistics"),
    ],
)
def test_13pz_languages(lang, region, content, title, source):
    df = read_px(fixture(*PZ), lang=lang)
    names = {"fi": ("Vuosineljännes", "Alue", "Tiedot"), "sv": ("Kvartal", "Område", "Uppgifter")}
    names["en"] = ("Quarter", "Region", "Information")
    q, a, t = names[lang]
    assert df.attrs["variables"] == [q, a, t]
    assert df.attrs["title"] == title and df.attrs["source"].startswith(source)
    assert region in set(df[a]) and content in set(df[t])
    labels_ok(df)
    # Same cell in every language: 2022Q1, whole country, yearly change = 3 (line 177 item 4).
    row = one(df, **{q: "2022Q1", a: "ksu", t: "vmuut"})
    assert row[a] == region and row[t] == content and row["value"] == 3
    assert df.attrs["variable_codes"][t] == "Tiedot"
    assert df.attrs["preliminary"] == ["2024Q1", "2024Q2"]


def test_13pz_swedish_values_and_units_come_from_sv_keys():
    df = read_px(fixture(*PZ), lang="sv")
    assert set(df["Område"]) == {
        "Hela landet",
        "Huvudstadsregionen",
        "Hela landet utan Huvudstadsregionen",
        "Stora städerna (totalt)",
        "Hela landet utan stora städerna",
    }
    assert df.attrs["contents_info"]["Revidering, antal köp"]["units"] == "Antal"
    assert "Första publikation, årsförändring, %" in set(df["Uppgifter"])


def test_13pz_unknown_language_lists_available():
    with pytest.raises(InputError, match=r'language "de" is not in the file.*fi, sv, en'):
        read_px(fixture(*PZ), lang="de")


def test_13pz_revision_is_latest_minus_first_in_all_150_triples():
    df = read_px(fixture(*PZ))
    wide = df.pivot_table(
        index=["Vuosineljännes_code", "Alue_code"],
        columns="Tiedot_code",
        values="value",
        observed=True,
    )
    assert len(wide) == 50
    triples = 0
    for latest, first, rev in [
        ("neljmuut", "neljmuut_eka", "neljmuut_rev"),
        ("vmuut", "vmuut_eka", "vmuut_rev"),
        ("lkm_julk_viim", "lkm_julk_eka", "lkm_julk_rev"),
    ]:
        diff = (wide[latest] - wide[first]).round(1)
        np.testing.assert_array_equal(diff.to_numpy(), wide[rev].round(1).to_numpy())
        triples += len(wide)
    assert triples == 150


def test_read_source_dispatches_px():
    df = read_source(fixture(*PZ), lang="en")
    assert "Region" in df.columns


# ---------------------------------------------------------- small written files --

#: The mandatory keywords of the PX format 2013 that the small files do not test.
MANDATORY = (
    'MATRIX="T";\nSUBJECT-AREA="Testi";\nSUBJECT-CODE="T";\nCONTENTS="Testi";\nUNITS="lkm";\n'
)

HEAD = (
    'CHARSET="ANSI";\nLANGUAGE="fi";\nDECIMALS=1;\nTITLE="Testi";\n'
    + MANDATORY
    + 'STUB="Alue";\nHEADING="Vuosi";\n'
    'VALUES("Alue")="Espoo","Kauniainen";\nVALUES("Vuosi")="2021","2022";\n'
    'CODES("Alue")="049","235";\n'
)


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "t.px") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_symbols_quoted_unquoted_tabs_crlf_bom(tmp_path):
    text = HEAD + 'DATA=\n1.5\t"..";   \n'.replace(";   \n", " \n") + '- "-4" ;\n'
    path = write(tmp_path, "\ufeff" + text.replace("\n", "\r\n"))
    df = read_px(path)
    assert df["value"].tolist()[0] == 1.5 and df["value"].tolist()[3] == -4
    assert df["symbol"].tolist() == ["", "..", "-", ""]
    assert np.isnan(df["value"].tolist()[1]) and np.isnan(df["value"].tolist()[2])
    first = HEAD.count("\n") + 2  # the line after DATA=
    assert df["line"].tolist() == [first, first, first + 1, first + 1]


def test_datasymbol_keywords_redefine_presentation(tmp_path):
    text = HEAD.replace(
        'TITLE="Testi";', 'TITLE="Testi";\nDATASYMBOL2="x";\nDATASYMBOLNIL="nolla";'
    ) + ('DATA=\n".." - 3 ".";')
    df = read_px(write(tmp_path, text))
    assert df["symbol"].tolist() == ["x", "nolla", "", "."]
    assert df.attrs["symbols"][".."] == "x"


def test_latin1_and_cp1252_and_utf8_labels(tmp_path):
    text = HEAD.replace('"Kauniainen"', '"Mäntsälä/Åbo"') + "DATA=\n1 2 3 4;"
    for enc in ("latin-1", "cp1252", "utf-8"):
        df = read_px(write(tmp_path, text, enc, f"{enc}.px"))
        assert "Mäntsälä/Åbo" in set(df["Alue"]), enc
        labels_ok(df)


def test_declared_utf8_codepage_with_windows_bytes(tmp_path):
    text = 'CODEPAGE="utf-8";\n' + HEAD.replace('"Kauniainen"', '"Järvenpää ”x”"') + "DATA=1 2 3 4;"
    df = read_px(write(tmp_path, text, "cp1252"))
    assert df.attrs["encoding"] == "cp1252"
    assert "Järvenpää ”x”" in set(df["Alue"])


def test_lists_over_lines_and_continued_strings(tmp_path):
    text = MANDATORY + (
        'DECIMALS=0;\nTITLE="Alku "\n"ja loppu";\nSTUB="A";\nHEADING="B";\n'
        'VALUES("A")="a1",\n"a2",\n"a3";\nVALUES("B")="b1","b2";\nDATA=\n1 2\n3 4\n5 6;\n'
    )
    df = read_px(write(tmp_path, text))
    assert df.attrs["title"] == "Alku ja loppu"
    assert df["A"].tolist() == ["a1", "a1", "a2", "a2", "a3", "a3"]
    assert df["value"].tolist() == [1, 2, 3, 4, 5, 6]


def test_row_major_order_stub_then_heading(tmp_path):
    text = MANDATORY + (
        'DECIMALS=0;\nTITLE="T";\nSTUB="S1","S2";\nHEADING="H1","H2";\nVALUES("S1")="s","t";\nVALUES("S2")="u","v","w";\n'
        'VALUES("H1")="x","y";\nVALUES("H2")="p","q";\nDATA=\n'
        + "\n".join(" ".join(str(r * 4 + c) for c in range(4)) for r in range(6))
        + ";"
    )
    df = read_px(write(tmp_path, text))
    row = one(df, S1="t", S2="u", H1="y", H2="p")  # stub row 3, heading column 2
    assert row["value"] == 3 * 4 + 2


# --------------------------------------------------------------- malformed input --


def test_surplus_cells_refused(tmp_path):
    path = write(tmp_path, HEAD + "DATA=\n1 2 3 4 5;")
    with pytest.raises(
        InputError,
        match=r"refusing file with surplus cells: DATA holds 5 cells, "
        r"the variables multiply to 4 \(STUB x HEADING: Alue 2 x Vuosi 2\)",
    ):
        read_px(path)


def test_truncated_small_file_refused(tmp_path):
    with pytest.raises(InputError, match=r"refusing truncated file: DATA holds 3 cells.* to 4"):
        read_px(write(tmp_path, HEAD + "DATA=\n1 2 3;"))


def test_unreadable_cell_named_with_line(tmp_path):
    path = write(tmp_path, HEAD + "DATA=\n1 2\n3 4x5;")
    with pytest.raises(InputError, match=r'DATA item 2: cannot read "4x5" as a number') as err:
        read_px(path)
    assert err.value.line == HEAD.count("\n") + 3


def test_nan_text_is_not_a_symbol(tmp_path):
    with pytest.raises(InputError, match=r'"nan" is not a number or a missing-value symbol|"nan"'):
        read_px(write(tmp_path, HEAD + "DATA=\n1 2 nan 4;"))


def test_missing_data_keyword(tmp_path):
    with pytest.raises(InputError, match="no DATA keyword"):
        read_px(write(tmp_path, HEAD))


def test_unbalanced_quote(tmp_path):
    text = HEAD.replace('TITLE="Testi";', 'TITLE="Testi;') + "DATA=1 2 3 4;"
    with pytest.raises(InputError, match=r"statement|closing"):
        read_px(write(tmp_path, text))


def test_codes_length_mismatch(tmp_path):
    text = HEAD.replace('CODES("Alue")="049","235";', 'CODES("Alue")="049";') + "DATA=1 2 3 4;"
    with pytest.raises(InputError, match=r'CODES\("Alue"\) has 1 codes but VALUES has 2'):
        read_px(write(tmp_path, text))


def test_missing_values_keyword(tmp_path):
    text = HEAD.replace('VALUES("Vuosi")="2021","2022";\n', "") + "DATA=1 2 3 4;"
    with pytest.raises(InputError, match=r'expected VALUES\("Vuosi"\)'):
        read_px(write(tmp_path, text))


@pytest.mark.parametrize(
    "data",
    [
        "1 2;\n3 4;",  # a ";" ending each data line
        "1,2,\n3,4",  # commas, no final ";"
        "1\t2\n3\t4\n",  # tabs, no final ";"
        '1;"..",\n3 4;',  # separators mixed, as the spec allows
    ],
)
def test_every_separator_and_ending_the_spec_allows(tmp_path, data):
    # PX file format 2013, "Data in the PX-file": comma, space, semicolon and tab are
    # synonyms and can be mixed; the count of cells, not the final ";", says complete.
    df = read_px(write(tmp_path, HEAD + "DATA=\n" + data))
    expected = [
        float(t) if t != '".."' else None for t in re.split(r"[\s,;]+", data.strip(" ;,\n"))
    ]
    got = [None if math.isnan(v) else v for v in df["value"]]
    assert got == expected
    assert df["line"].tolist()[-1] == HEAD.count("\n") + 3


def test_empty_cell_between_commas_refused(tmp_path):
    # "It is not possible to get a dot ... by excluding a value ... you can not write 1,,2,3".
    with pytest.raises(InputError, match="empty cell between two separators"):
        read_px(write(tmp_path, HEAD + "DATA=\n1,,2,3;"))


@pytest.mark.parametrize("token", ["inf", "-inf", "nan", "NaN", "1e400", "Infinity"])
def test_non_numbers_refused_unless_symbols(tmp_path, token):
    with pytest.raises(InputError, match=rf'"{re.escape(token)}"'):
        read_px(write(tmp_path, HEAD + f"DATA=\n1 2\n{token} 4;"))


def test_truncated_without_final_semicolon_is_truncated(tmp_path):
    with pytest.raises(InputError, match=r"refusing truncated file: DATA holds 3 cells"):
        read_px(write(tmp_path, HEAD + "DATA=\n1 2\n3"))


def test_garbage_line_in_header(tmp_path):
    with pytest.raises(InputError, match=r'expected a statement KEYWORD=value; but found "\?\?\?'):
        read_px(write(tmp_path, "???\n" + HEAD + "DATA=1 2 3 4;"))


def test_language_on_file_without_language(tmp_path):
    text = HEAD.replace('LANGUAGE="fi";\n', "") + "DATA=1 2 3 4;"
    with pytest.raises(InputError, match="declares no LANGUAGE"):
        read_px(write(tmp_path, text), lang="sv")


def test_select_errors_list_what_exists(tmp_path):
    df = read_px(write(tmp_path, HEAD + "DATA=1 2 3 4;"))
    assert select(df, {"Alue": "049"})["value"].tolist() == [1, 2]
    assert select(df, {"Alue": "Kauniainen", "Vuosi": "2022"})["value"].tolist() == [4]
    with pytest.raises(InputError, match=r'no value "Vantaa" in variable "Alue"; labels: "Espoo"'):
        select(df, {"Alue": "Vantaa"})
    with pytest.raises(
        InputError, match=r'no variable "Kunta"; the variables are: "Alue", "Vuosi"'
    ):
        select(df, {"Kunta": "049"})


def test_error_message_format_has_place_first(tmp_path):
    with pytest.raises(InputError) as err:
        read_px(write(tmp_path, HEAD + "DATA=\n1 2 3;"))
    assert re.match(r".*t\.px:\d+: refusing", str(err.value))


def test_elimination_timeval_range_and_translation_fallback(tmp_path):
    text = MANDATORY + (
        'DECIMALS=0;\nTITLE="T";\nLANGUAGE="fi";\nLANGUAGES="fi","sv";\nSTUB="Alue";\nSTUB[sv]="Område";\n'
        'HEADING="Vuosi";\nHEADING[sv]="År";\n'
        'VALUES("Alue")="Espoo","Koko maa";\nVALUES[sv]("Område")="Esbo","Hela landet";\n'
        'VALUES("Vuosi")="2021","2022*";\nCODES("Alue")="049","SSS";\n'
        'ELIMINATION("Alue")="Koko maa";\nTIMEVAL("Vuosi")=TLIST(A1, "2021"-"2022");\n'
        "DATA=\n1 2\n3 4;"
    )
    df = read_px(write(tmp_path, text), lang="sv")
    assert df.attrs["elimination"] == {"Område": "Koko maa"}
    assert df.attrs["timeval"] == {"unit": "A1", "values": ["2021", "2022"], "range": True}
    # No VALUES[sv]("År") nor CODES[sv]: the default language's are used, by position.
    assert df["År"].tolist() == ["2021", "2022"] * 2
    assert df["Område_code"].tolist() == ["049", "049", "SSS", "SSS"]
    assert df["preliminary"].tolist() == [False, True, False, True]
    assert df.attrs["preliminary"] == ["2022"]


def test_labels_verbatim_leading_spaces_are_two_labels(tmp_path):
    # Leading spaces carry the hierarchy (Aluesarjat, PX-Web): "Total" and "  Total" are
    # two labels, and each comes out exactly as written.
    text = HEAD.replace('"Espoo","Kauniainen"', '"Total","  Total"').replace(
        'CODES("Alue")="049","235";\n', ""
    )
    df = read_px(write(tmp_path, text + "DATA=\n1 2\n3 4;"))
    assert df["Alue"].tolist() == ["Total", "Total", "  Total", "  Total"]
    assert select(df, {"Alue": "  Total", "Vuosi": "2022"})["value"].tolist() == [4]


def test_duplicate_key_refused_naming_it(tmp_path):
    text = HEAD.replace('"Espoo","Kauniainen"', '"Total","Total"').replace(
        'CODES("Alue")="049","235";\n', ""
    )
    with pytest.raises(InputError, match=r'duplicate key: VALUES\("Alue"\) lists "Total" twice'):
        read_px(write(tmp_path, text + "DATA=\n1 2\n3 4;"))


def test_duplicate_labels_with_distinct_codes_read(tmp_path):
    # Codes are the keys where the file gives them: repeated labels are then allowed.
    text = HEAD.replace('"Espoo","Kauniainen"', '"Total","Total"')
    df = read_px(write(tmp_path, text + "DATA=\n1 2\n3 4;"))
    assert df["Alue_code"].tolist() == ["049", "049", "235", "235"]
    with pytest.raises(InputError, match=r'duplicate key: CODES\("Alue"\) lists "049" twice'):
        read_px(write(tmp_path, text.replace('"049","235"', '"049","049"') + "DATA=1 2 3 4;"))


KEYS_HEAD = HEAD.replace('CODES("Alue")="049","235";\n', 'CODES("Alue")="01","03";\n')


@pytest.mark.parametrize(
    ("keys", "rows"),
    [("CODES", ['"03",3 4']), ("VALUES", ['"Kauniainen",3 4'])],
)
def test_keys_file_with_codes_or_values(tmp_path, keys, rows):
    # Quoted keys are codes or labels, never numbers: "03" is Kauniainen, not the value 3.
    text = KEYS_HEAD + f'KEYS("Alue")={keys};\nDATA=\n' + "\n".join(rows) + ";"
    df = read_px(write(tmp_path, text))
    assert df["value"].tolist() == [0, 0, 3, 4]  # the absent Espoo row is zeros (spec)
    assert df["symbol"].tolist() == ["", "", "", ""]
    assert df["line"].tolist()[:2] == [0, 0] and df["position"].tolist()[2:] == [1, 2]
    assert df.attrs["absent_rows"] == 1 and df.attrs["keys"] == {"Alue": keys}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ('"02",1 2;', r'KEYS row key "02" is not one of the CODES of "Alue"'),
        ('"01",1 2\n"01",3 4;', r'duplicate key: the KEYS row "01" appears twice'),
        ('"01",1 2 3;', r"KEYS row holds 3 cells, expected 2"),
        ("1 2 3 4;", r"expected a KEYS row starting with 1 quoted keys"),
    ],
)
def test_malformed_keys_files_refused(tmp_path, data, reason):
    text = KEYS_HEAD + 'KEYS("Alue")=CODES;\nDATA=\n' + data
    with pytest.raises(InputError, match=reason):
        read_px(write(tmp_path, text))


def test_keys_cube_too_large_refused_before_allocation(tmp_path):
    text = KEYS_HEAD + 'KEYS("Alue")=CODES;\nDATA=\n"01",1 2;'
    with pytest.raises(InputError, match=r"more than max_cells=3"):
        read_px(write(tmp_path, text), max_cells=3)


def test_stray_quote_in_a_note_is_skipped_in_a_value_refused(tmp_path):
    noted = HEAD + 'NOTE="Optio"nal note";\nDATA=1 2 3 4;'
    df = read_px(write(tmp_path, noted))
    assert df.attrs["skipped"] == [
        {"keyword": "NOTE", "line": HEAD.count("\n") + 1, "reason": "stray double quote"}
    ]
    broken = HEAD.replace('"Kauniainen"', '"Kaunia"inen"') + "DATA=1 2 3 4;"
    with pytest.raises(InputError, match="VALUES statement has a stray double quote"):
        read_px(write(tmp_path, broken))
