"""The columns and keys of a report year's raw files, each defined once.

``seuranta clean`` reads every file against these lists (a missing, unknown or repeated
column is an error naming the file) and docs/programme-reference.md documents them from the
same lists (:mod:`seuranta.programme.reference`), so the reference cannot drift from what
``clean`` accepts. What each value must look like is checked by the readers under
:mod:`seuranta.clean`; the texts here say it for the reader of the reference.
"""

from __future__ import annotations

from dataclasses import dataclass

from seuranta.catalog import LANGUAGES


@dataclass(frozen=True)
class Column:
    """One column of a raw file (or one key of a YAML file)."""

    name: str
    required: bool  # whether every row must give a value
    meaning: str


#: ``table1.csv``: the report's Table 1 in its own notation. Besides these, one value
#: column per role, each named with its default period: ``baseline 2021``,
#: ``status 30.12.2022``, ``target 2025``.
TABLE1_KEYS = (
    Column("goal", True, "the benefit goal's number"),
    Column("indicator", True, "the indicator's id in programme.yaml"),
    Column("series", True, "the series' id in programme.yaml (`all` for a single series)"),
    Column("source", True, "the data source's id in programme.yaml"),
)
TABLE1_VALUES = (
    Column(
        "baseline <period>",
        False,
        "the baseline as the report writes it: `9,4 %`, `8 741 (2019)`, `3,58/5`, `ei tietoa`",
    ),
    Column("status <period>", False, "the latest value the report gives, in the same notation"),
    Column("target <period>", False, "the target, in the same notation"),
)
#: How clean names the value columns in a message about the header.
TABLE1_HEADER = (
    "goal; indicator; series; source; baseline <period>; status <period>; target <period>"
)

PROJECT_KINDS = ("pilot", "study", "project", "plan", "workshops")
PROJECT_STATUSES = ("proposed", "planned", "in_preparation", "ongoing", "completed")


def _one_of(values: tuple[str, ...]) -> str:
    return "one of " + ", ".join(f"`{v}`" for v in values)


#: ``projects.csv``, the project register, before the texts in each language.
PROJECT_COLUMNS = (
    Column("id", True, "the project's id, unique in the file; the ledger's `Projekti`"),
    Column("goal", False, "the benefit goal's number; empty only for a proposed project"),
    Column("kind", True, _one_of(PROJECT_KINDS)),
    Column("status", True, _one_of(PROJECT_STATUSES)),
    Column("start", False, "the start year, e.g. `2022`"),
    Column("end", False, "the end year, not before the start year"),
    Column("partners", False, "the partners, as the report names them"),
    Column("outside_funding", False, "outside funding, as the report names it"),
)


def project_columns(languages: tuple[str, ...] = LANGUAGES) -> list[str]:
    """The register's columns for a programme publishing ``languages``."""
    return (
        [c.name for c in PROJECT_COLUMNS]
        + [f"name_{lang}" for lang in languages]
        + [f"summary_{lang}" for lang in languages]
    )


PROJECT_TEXTS = (
    Column("name_<lang>", True, "the project's name in each language the programme publishes"),
    Column("summary_<lang>", False, "a one-line summary in each language"),
)

#: ``ledger.csv``: the accounting export, with the accounting system's Finnish headers.
LEDGER_COLUMNS = (
    Column("Tosite", True, "voucher number, unique in the file"),
    Column("Kirjauspäivä", True, "booking date in the report year, d.m.yyyy: `22.3.2022`"),
    Column("Kustannuspaikka", False, "cost centre"),
    Column("Tili", False, "account"),
    Column("Projekti", False, "the project's id in projects.csv; empty: a programme-wide cost"),
    Column("Hyötytavoite", False, "the project's goal number; empty without a project"),
    Column("Toimittaja", False, "supplier"),
    Column(
        "Selite",
        False,
        "description; a credit begins with `Hyvityslasku` or `Hyvitys` and is negative",
    ),
    Column("Rahoituslähde", True, "funding source; `appropriation_funding` of budget.yaml"),
    Column("Summa", True, "amount in euros, at most two decimals: `1 200,00 €`"),
)

#: ``budget.yaml``: the appropriation and the spending the report gives.
BUDGET_KEYS = (
    Column("year", True, "the report year, equal to the folder's"),
    Column("appropriation_eur", True, "the appropriation in euros, more than 0"),
    Column("spent_reported_eur", True, "the spending the report gives, in euros"),
    Column(
        "spent_reported_rounding_eur",
        True,
        "the precision of the reported spending: the ledger must round to it (`1000`: to "
        "the nearest 1 000 €; `0`: not checked)",
    ),
    Column(
        "appropriation_funding",
        True,
        "the ledger's `Rahoituslähde` of rows drawn on the appropriation",
    ),
)


def names(columns: tuple[Column, ...]) -> list[str]:
    return [c.name for c in columns]
