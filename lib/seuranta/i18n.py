"""Texts and number formats in Finnish, Swedish and English.

Every text the toolkit writes comes from the catalogue ``locales/<lang>/<domain>.yaml``;
a key ``progress.status.deterioration`` is the entry ``status: {deterioration: ...}`` of
``progress.yaml``. A key missing in a language raises :class:`MissingTranslation`:
there is no silent fallback to Finnish. Numbers and dates are formatted with Babel
(CLDR), so ``9,4 %`` in Finnish and Swedish and ``9.4%`` in English.
"""

from __future__ import annotations

import math
import os
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from seuranta.catalog import LANGUAGES  # the one list; re-exported here for the catalogues
from seuranta.errors import MissingTranslation, SeurantaError
from seuranta.yamlfile import read_yaml, read_yaml_checked


def _pattern(decimals: int | None) -> str:
    """A CLDR number pattern: fixed decimals, or (None) up to two without trailing zeros."""
    if decimals is None:
        return "#,##0.##"
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _flatten(prefix: str, node: Any, out: dict[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), value, out)
    else:
        out[prefix] = str(node)


#: The toolkit's own catalogues; ``test_i18n`` reads each with the strict loader.
PACKAGED_LOCALES = resources.files("seuranta") / "locales"


def locales_folder():
    """The catalogue folder: the package's own, or ``$SEURANTA_LOCALES`` for a city's texts."""
    override = os.environ.get("SEURANTA_LOCALES")
    return Path(override) if override else PACKAGED_LOCALES


def catalogue(lang: str) -> dict[str, str]:
    """All texts of one language, keyed ``domain.key.subkey``."""
    if lang not in LANGUAGES:
        raise SeurantaError(f'unknown language "{lang}": expected one of {", ".join(LANGUAGES)}')
    folder = locales_folder()
    return _read_catalogue(str(folder), lang, strict=folder != PACKAGED_LOCALES)


@cache
def _read_catalogue(folder_name: str, lang: str, *, strict: bool = True) -> dict[str, str]:
    folder = Path(folder_name) / lang
    texts: dict[str, str] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        domain = entry.name.removesuffix(".yaml")
        # A city's own texts: the same strict loader as the raw data (no aliases, no
        # duplicate keys, no invisible characters). The toolkit's own, which its tests
        # read strictly, with libyaml: the strict loader costs ~0.1 s per render.
        doc = read_yaml(entry) if strict else read_yaml_checked(entry.read_bytes())
        _flatten(domain, doc or {}, texts)
    return texts


def _unit(unit, lang: str) -> tuple[str, str | None]:
    """A unit's id, and its label where it is a programme's own (a Unit with names)."""
    if isinstance(unit, str):
        return unit, None
    names = getattr(unit, "names", None)
    return unit.id, (names(lang) if names is not None else None)


class Translated(str):
    """A text taken from the catalogue, so already in the page's language.

    :class:`seuranta.pages.page.Page` takes a plain string for a paragraph or a heading only in
    this form: any other string would appear unchanged on every language's page.
    """


class Translator:
    """Texts and formats of one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._texts = catalogue(lang)

    def __call__(self, key: str, **fields: Any) -> str:
        try:
            text = self._texts[key]
        except KeyError:
            raise MissingTranslation(key, self.lang) from None
        return Translated(text.format(**fields) if fields else text)

    def has(self, key: str) -> bool:
        return key in self._texts

    # -- numbers ---------------------------------------------------------------------------

    def number(self, value: float, decimals: int | None = None) -> str:
        """``8 741`` (fi, sv: no-break space), ``8,741`` (en).

        ``decimals`` fixes the digits after the decimal sign; None writes at most two and
        drops trailing zeros, which is how the report writes its numbers (3,9 and 3,58).
        """
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return self("common.no_data")
        pattern = _pattern(decimals)
        text = format_decimal(value, format=pattern, locale=self.lang)
        return text.replace("-", "\u2212")

    def percent(self, value: float, decimals: int | None = None) -> str:
        """A value already in percent (9.4 -> ``9,4 %`` fi, sv; ``9.4%`` en)."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return self("common.no_data")
        pattern = _pattern(decimals) + "%"
        # Babel takes the locale's own spacing before the sign only from the locale's
        # pattern; build it from the CLDR pattern so fi/sv get the no-break space.
        from babel import Locale

        cldr = Locale.parse(self.lang).percent_formats[None].pattern
        if "\u00a0%" in cldr:
            pattern = pattern.replace("%", "\u00a0%")
        text = format_percent(value / 100, format=pattern, locale=self.lang)
        return text.replace("-", "\u2212")

    def money(self, value: float, decimals: int | None = 0) -> str:
        """Euros: ``190 000 €`` (fi, sv), ``€190,000`` (en)."""
        amount = self.number(value, decimals)
        return f"€{amount}" if self.lang == "en" else f"{amount}\u00a0€"

    def change(self, value: float, unit: str, decimals: int | None = None) -> str:
        """A signed change in a unit: ``+1,5 prosenttiyksikköä``, ``−500``, ``±0``.

        A change of a share is in percentage points, never in per cent of the value.
        """
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return self("common.no_data")
        text = self.number(abs(value), decimals)
        if text.strip("0,.\u00a0") == "":
            amount = "\u00b10" if decimals is None else f"\u00b1{text}"
        else:
            amount = ("+" if value > 0 else "\u2212") + text
        unit_id, label = _unit(unit, self.lang)
        key = f"report.change.{unit_id}"
        if self.has(key):
            return self(key, value=amount)
        return f"{amount}\u00a0{label}" if label else amount

    def join(self, items: list[str]) -> str:
        """``a, b ja c`` (fi), ``a, b och c`` (sv), ``a, b, and c`` (en): CLDR list patterns."""
        from babel.lists import format_list

        return format_list(list(items), locale=self.lang)

    def value(self, value: float, unit, decimals: int | None = None, scale_max=None) -> str:
        """A value in its unit: count, percent, score (``3,58/5``), or a programme's own
        unit (a :class:`seuranta.programme.model.Unit` with names), written after the number
        (``1 234 kt CO2e``)."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return self("common.no_data")
        unit_id, label = _unit(unit, self.lang)
        if unit_id == "percent":
            return self.percent(value, decimals)
        if unit_id == "score" or (label and scale_max):
            text = self.number(value, decimals)
            return f"{text}/{self.number(scale_max)}" if scale_max else text
        text = self.number(value, decimals)
        return f"{text}\u00a0{label}" if label else text

    # -- periods and dates -----------------------------------------------------------------

    def date(self, day: date) -> str:
        """``30.12.2022`` (fi, sv), ``30 Dec 2022`` (en, the British order the city uses)."""
        return format_date(
            day, format="d MMM yyyy" if self.lang == "en" else "d.M.yyyy", locale=self.lang
        )

    def period(self, period: str) -> str:
        """An ISO-like period as the reader expects it: ``2019``, ``5/2022``, ``30.12.2022``."""
        parts = str(period).split("-")
        if len(parts) == 1:
            return parts[0]
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            if self.lang == "en":
                return format_date(date(year, month, 1), format="MMM yyyy", locale="en")
            return f"{month}/{year}"
        return self.date(date(int(parts[0]), int(parts[1]), int(parts[2])))
