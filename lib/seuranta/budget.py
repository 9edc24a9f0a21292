"""The cost ledger -> appropriation, spending by goal, project and funding source.

The ledger is the accounting export (``ledger.csv``: d.m.yyyy dates, amounts such as
``1 200,00 €``); ``budget.yaml`` holds the appropriation and the spending the report
states. Only ledger rows funded from the appropriation use it up; rows funded from unit
budgets or EU funds are outside funding, shown but not counted against it. ``clean``
checks that the ledger agrees with the report's total at the report's precision.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from seuranta.errors import InputError
from seuranta.meta import read_yaml
from seuranta.parse import CellError, parse_number
from seuranta.paths import display_path
from seuranta.programme import Programme
from seuranta.rawcsv import read_rows

LEDGER_COLUMNS = [
    "Tosite",
    "Kirjauspäivä",
    "Kustannuspaikka",
    "Tili",
    "Projekti",
    "Hyötytavoite",
    "Toimittaja",
    "Selite",
    "Rahoituslähde",
    "Summa",
]
BUDGET_KEYS = {
    "year",
    "appropriation_eur",
    "spent_reported_eur",
    "spent_reported_rounding_eur",
    "appropriation_funding",
}


def parse_amount(text: str) -> float:
    """``1 200,00 €``, ``-1 240,00 €``, ``1200,00`` -> euros; two decimals at most."""
    body = text.replace("€", "").strip()
    value = parse_number(body)
    if "," in body and len(body.rsplit(",", 1)[1]) > 2:
        raise CellError(f'cannot read "{text}" as euros: more than two decimals')
    return value


def parse_date(text: str) -> date:
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text.strip())
    if not m:
        raise CellError(f'cannot read "{text}" as a date: expected d.m.yyyy, such as 5.5.2022')
    try:
        return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        raise CellError(f'cannot read "{text}" as a date: no such day') from None


def read_budget_facts(path: Path, report_year: int) -> dict:
    """The appropriation and reported spending of one year (``budget.yaml``)."""
    doc = read_yaml(path) or {}
    if not isinstance(doc, dict):
        raise InputError(path, "expected a mapping of budget facts")
    missing = BUDGET_KEYS - doc.keys()
    unknown = doc.keys() - BUDGET_KEYS
    if missing or unknown:
        raise InputError(
            path,
            f"expected the keys {', '.join(sorted(BUDGET_KEYS))}"
            + (f"; missing {', '.join(sorted(missing))}" if missing else "")
            + (f"; unknown {', '.join(sorted(unknown))}" if unknown else ""),
        )
    if doc["year"] != report_year:
        raise InputError(path, f"year {doc['year']} does not match the folder {report_year}")
    for key in ("appropriation_eur", "spent_reported_eur", "spent_reported_rounding_eur"):
        if not isinstance(doc[key], int | float) or doc[key] < 0:
            raise InputError(path, f'"{key}" must be a non-negative number, found {doc[key]!r}')
    return doc


def read_ledger(
    path: Path, programme: Programme, report_year: int, projects: pd.DataFrame, facts: dict
) -> pd.DataFrame:
    """Read and validate one year's ledger against the project register and the report."""
    goal_of = dict(zip(projects["id"], projects["goal"], strict=True))
    records = []
    vouchers: dict[str, int] = {}
    for row in read_rows(path, LEDGER_COLUMNS):
        cells = row.cells

        def fail(column: str, message: str, line: int = row.line) -> InputError:
            return InputError(path, message, line=line, column=column)

        voucher = cells["Tosite"]
        if not voucher:
            raise fail("Tosite", "expected a voucher number")
        if voucher in vouchers:
            raise fail(
                "Tosite", f'duplicate voucher "{voucher}" (first on line {vouchers[voucher]})'
            )
        vouchers[voucher] = row.line
        try:
            booked = parse_date(cells["Kirjauspäivä"])
        except CellError as err:
            raise fail("Kirjauspäivä", str(err)) from None
        if booked.year != report_year:
            raise fail(
                "Kirjauspäivä", f"{cells['Kirjauspäivä']} is outside the report year {report_year}"
            )
        try:
            amount = parse_amount(cells["Summa"])
        except CellError as err:
            raise fail("Summa", str(err)) from None
        project = cells["Projekti"] or None
        goal_text = cells["Hyötytavoite"]
        goal = int(goal_text) if goal_text.isdigit() else None
        if goal_text and goal is None:
            raise fail("Hyötytavoite", f'expected a goal number, found "{goal_text}"')
        if project is not None:
            if project not in goal_of:
                raise fail(
                    "Projekti",
                    f'unknown project "{project}": not in the project register of this year',
                )
            if goal != goal_of[project]:
                raise fail(
                    "Hyötytavoite",
                    f'project "{project}" belongs to goal '
                    f"{goal_of[project]}, found {goal_text or 'none'}",
                )
        elif goal is not None:
            raise fail(
                "Hyötytavoite",
                "a row without a project is a programme-wide cost: leave the goal empty",
            )
        if not cells["Rahoituslähde"]:
            raise fail("Rahoituslähde", "expected a funding source")
        records.append(
            {
                "programme": programme.id,
                "report_year": report_year,
                "voucher": voucher,
                "date": booked.isoformat(),
                "cost_centre": cells["Kustannuspaikka"],
                "account": cells["Tili"],
                "project": project,
                "goal": goal,
                "supplier": cells["Toimittaja"],
                "description": cells["Selite"],
                "funding": cells["Rahoituslähde"],
                "from_appropriation": cells["Rahoituslähde"] == facts["appropriation_funding"],
                "amount": amount,
                "raw_file": display_path(path),
                "raw_line": row.line,
            }
        )
    ledger = pd.DataFrame.from_records(records).astype({"goal": "Int64"})
    spent = round(float(ledger.loc[ledger["from_appropriation"], "amount"].sum()), 2)
    step = facts["spent_reported_eur"] and facts["spent_reported_rounding_eur"]
    if step and round(spent / step) * step != facts["spent_reported_eur"]:
        raise InputError(
            path,
            f"the appropriation-funded rows add up to {spent:.2f} €, which "
            f"does not round to the reported {facts['spent_reported_eur']} € "
            f"(to the nearest {step} €)",
        )
    if spent > facts["appropriation_eur"]:
        raise InputError(
            path, f"spending {spent:.2f} € exceeds the appropriation {facts['appropriation_eur']} €"
        )
    return ledger


def facts_of(appropriation: pd.DataFrame, year: int) -> pd.Series | None:
    """One year's row of ``appropriation.csv`` (its ``budget.yaml``), or None."""
    if appropriation.empty:
        return None
    rows = appropriation[appropriation["report_year"] == year]
    return rows.iloc[0] if len(rows) else None


def headline(ledger: pd.DataFrame, appropriation: pd.DataFrame, year: int) -> dict:
    """Appropriation, spent from it, utilisation and outside funding of one year."""
    facts = appropriation.set_index("report_year").loc[year]
    rows = ledger[ledger["report_year"] == year]
    spent = round(float(rows.loc[rows["from_appropriation"], "amount"].sum()), 2)
    outside = round(float(rows.loc[~rows["from_appropriation"], "amount"].sum()), 2)
    return {
        "year": year,
        "appropriation": float(facts["appropriation_eur"]),
        "spent": spent,
        "unspent": round(float(facts["appropriation_eur"]) - spent, 2),
        "utilisation_percent": 100 * spent / float(facts["appropriation_eur"]),
        "spent_reported": float(facts["spent_reported_eur"]),
        "outside_funding": outside,
        "illustrative": bool(facts["ledger_illustrative"]),
    }


def spending_by(ledger: pd.DataFrame, year: int, by: str) -> pd.DataFrame:
    """Spending of one year grouped by ``goal``, ``project`` or ``funding``.

    Columns: the key, ``from_appropriation`` (euros drawn on the appropriation),
    ``outside`` (other funding) and ``total``. Programme-wide costs have no goal or
    project: their key is missing (``<NA>``), kept as its own group.
    """
    rows = ledger[ledger["report_year"] == year].copy()
    rows["appropriation_part"] = rows["amount"].where(rows["from_appropriation"], 0.0)
    rows["outside_part"] = rows["amount"].where(~rows["from_appropriation"], 0.0)
    grouped = rows.groupby(by, dropna=False, sort=True)[["appropriation_part", "outside_part"]]
    out = grouped.sum().round(2).reset_index()
    out.columns = [by, "from_appropriation", "outside"]
    out["total"] = (out["from_appropriation"] + out["outside"]).round(2)
    return out
