"""The Espoo source files read with the readers and give the report's values."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from seuranta.clean.sources import read_source, select

SOURCES = (
    Path(__file__).resolve().parents[1]
    / "data"
    / "raw"
    / "elinvoimainen-espoo"
    / "2022"
    / "sources"
)
PX = SOURCES / "ulkomaalaistaustaiset-asiantuntijat.px"
TEM = SOURCES / "tyonv-12r5-six-cities.csv"


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


def test_unemployment_statistics_give_the_reports_values():
    # The real employment service statistics (not reconstructed) behind the "all" series.
    df = read_source(TEM)
    assert df.attrs["format"] == "long-csv" or "Tiedot" in df.columns
    espoo = select(df, {"Alue": "KU049"})

    def share(month):
        cells = select(espoo, {"Kuukausi": month}).set_index("Tiedot")["value"]
        return 100 * cells["TYOTTOMATLOPUSSA"] / cells["TYOVOIMATK"]

    # Report Table 1: 9,4 % (2021: the December figure) -> 8,1 % (11/2022).
    assert round(share("2021M12"), 1) == 9.4 and round(share("2022M11"), 1) == 8.1
    assert share("2022M11") == pytest.approx(8.0578, abs=1e-4)


def test_the_statistics_file_is_real():
    meta = yaml.safe_load(Path(f"{TEM}.meta.yaml").read_text(encoding="utf-8"))
    assert meta["illustrative"] is False and meta["reconstructed"] is False
    assert "statfin_tyonv_pxt_12r5" in meta["source"]
    assert "tidy long CSV" in meta["note"]


@pytest.mark.parametrize("path", [PX])
def test_meta_sidecars(path):
    meta = yaml.safe_load(Path(f"{path}.meta.yaml").read_text(encoding="utf-8"))
    for key in ("title", "publisher", "source", "published", "licence", "note"):
        assert meta.get(key), key
    assert meta["illustrative"] is False and meta["reconstructed"] is True
    assert "seurantaraportti 31.12.2022" in meta["source"]
    assert meta["licence"].startswith("CC BY 4.0")
