"""The reconstructed Espoo source files read with the readers and give the report's values."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from seuranta.sources import read_source, select

SOURCES = (
    Path(__file__).resolve().parents[1]
    / "data"
    / "raw"
    / "elinvoimainen-espoo"
    / "2022"
    / "sources"
)
PX = SOURCES / "ulkomaalaistaustaiset-asiantuntijat.px"
CSV = SOURCES / "tyottomat-tyovoimasta.csv"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_foreign_background_experts_px(lang):
    df = read_source(PX, lang=lang)
    assert len(df) == 2
    area = {"fi": "Alue", "sv": "Område", "en": "Region"}[lang]
    year = {"fi": "Vuosi", "sv": "År", "en": "Year"}[lang]
    assert set(df[area]) == {{"fi": "Espoo", "sv": "Esbo", "en": "Espoo"}[lang]}
    assert df[area + "_code"].tolist() == ["049", "049"]
    # Report Table 1: 8 741 (2019) and 9 563 (2020).
    assert select(df, {area: "049", year: "2019"})["value"].tolist() == [8741]
    assert select(df, {area: "049", year: "2020"})["value"].tolist() == [9563]
    assert df["symbol"].eq("").all()
    assert df.attrs["encoding"] == "utf-8" and df.attrs["declared_charset"] == "ANSI"
    assert df.attrs["source"] in {"Tilastokeskus", "Statistikcentralen", "Statistics Finland"}


def test_unemployment_share_csv():
    df = read_source(CSV)
    assert len(df) == 6
    got = {(row["Ajanjakso"], row["Tiedot"].split()[0]): row["value"] for _, row in df.iterrows()}
    # Report Table 1: all 9,4 -> 8,1; under 25 9,3 -> 7,3; foreigners 21,2 -> 19,4 (11/2022).
    assert got == {
        ("2021", "Työttömien"): 9.4,
        ("2021", "Alle"): 9.3,
        ("2021", "Ulkomaan"): 21.2,
        ("2022M11", "Työttömien"): 8.1,
        ("2022M11", "Alle"): 7.3,
        ("2022M11", "Ulkomaan"): 19.4,
    }
    assert set(df["Alue_code"]) == {"049"} and set(df["Alue"]) == {"049 Espoo"}
    assert df.attrs["delimiter"] == ";" and df.attrs["decimal"] == ","


@pytest.mark.parametrize("path", [PX, CSV])
def test_meta_sidecars(path):
    meta = yaml.safe_load(Path(f"{path}.meta.yaml").read_text(encoding="utf-8"))
    for key in ("title", "publisher", "source", "published", "licence", "note"):
        assert meta.get(key), key
    assert meta["illustrative"] is False and meta["reconstructed"] is True
    assert "seurantaraportti 31.12.2022" in meta["source"]
    assert meta["licence"].startswith("CC BY 4.0")
