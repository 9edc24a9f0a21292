"""The cost ledger and ``budget.yaml`` -> the validated ledger and the year's budget facts.

The ledger is the accounting export (``ledger.csv``: d.m.yyyy dates, amounts such as
``1 200,00 €``); ``budget.yaml`` holds the appropriation and the spending the report
states. Only ledger rows funded from the appropriation use it up; rows funded from unit
budgets or EU funds are outside funding, shown but not counted against it. ``clean``
checks that the ledger agrees with the report's total at the report's precision.

Money is read as an exact decimal (:class:`decimal.Decimal`), never through a float: sums
and messages show the cents that were written, and an amount above :data:`MAX_EUROS` is
refused as no amount of a programme's ledger. The processed ledger holds the amounts as
numbers with two decimals.
"""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path

import pandas as pd

from seuranta.clean.projects import check_term
from seuranta.clean.rawcsv import read_rows
from seuranta.errors import InputError, describe
from seuranta.location import display_path
from seuranta.parse import CellError, normalise, parse_number, parse_whole
from seuranta.programme import Programme
from seuranta.yamlfile import read_yaml

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


#: How a ledger line is marked as a credit (the accounting export's description, Selite,
#: begins with it): "Hyvityslasku" (credit note) and "Hyvitys" (credit) in Finnish,
#: "Kreditnota" in Swedish. Folded for case.
CREDIT_MARKERS = ("hyvitys", "kreditnota", "credit note")


def is_credit(description: str) -> bool:
    """Whether a ledger line's description marks it as a credit (see :func:`read_ledger`)."""
    return description.strip().casefold().startswith(CREDIT_MARKERS)


#: The largest amount of euros clean reads (a billion: a programme's appropriation is a few
#: hundred thousand); a larger one is a typo or not an amount.
MAX_EUROS = Decimal(1_000_000_000)


def parse_amount(text: str) -> Decimal:
    """``1 200,00 €``, ``-1 240,00 €``, ``1200,00`` -> exact euros; two decimals at most."""
    body = text.replace("€", "").strip()
    parse_number(body)  # the notation, checked and explained in one place
    if "," in body and len(body.rsplit(",", 1)[1]) > 2:
        raise CellError(f'cannot read "{text}" as euros: more than two decimals')
    value = Decimal(normalise(body).replace(" ", "").replace(",", "."))
    if abs(value) > MAX_EUROS:
        raise CellError(f'"{text}" is more than {MAX_EUROS} € (the most clean reads)')
    return value


def parse_date(text: str) -> date:
    m = re.fullmatch(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})", text.strip())
    if not m:
        raise CellError(f'cannot read "{text}" as a date: expected d.m.yyyy, such as 5.5.2022')
    try:
        return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        raise CellError(f'cannot read "{text}" as a date: no such day') from None


def _money(path: Path, doc: dict, key: str, positive: bool = False) -> Decimal:
    """A euro amount of ``budget.yaml``: a finite number (not a truth value), not negative,
    at most :data:`MAX_EUROS`, as an exact decimal (a YAML float by its shortest text)."""
    value = doc[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(path, f"expected a number of euros, found {describe(value)}", key=key)
    if not math.isfinite(value):
        raise InputError(path, f"expected a finite number of euros, found {value!r}", key=key)
    if value < 0 or (positive and value == 0):
        what = "more than 0" if positive else "0 or more"
        raise InputError(path, f"expected {what} euros, found {value!r}", key=key)
    exact = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    if exact > MAX_EUROS:
        raise InputError(
            path, f"{exact:f} € is more than {MAX_EUROS} € (the most clean reads)", key=key
        )
    return exact


def read_budget_facts(path: Path, report_year: int) -> dict:
    """The appropriation and reported spending of one year (``budget.yaml``).

    Types are checked before values are compared: ``year`` must be a whole number equal to
    the folder's year (``"2022"`` in quotes is a text, and said to be one), the amounts
    finite numbers of euros (``true`` and ``.nan`` refused), the appropriation more than
    0, and ``appropriation_funding`` the non-empty text of the ledger's funding source.
    """
    doc = read_yaml(path)
    if doc is None:
        doc = {}
    if not isinstance(doc, dict):
        raise InputError(path, f"expected a mapping of budget facts, found {describe(doc)}")
    keys = {str(k) for k in doc}
    missing = BUDGET_KEYS - keys
    unknown = keys - BUDGET_KEYS
    if missing or unknown:
        raise InputError(
            path,
            f"expected the keys {', '.join(sorted(BUDGET_KEYS))}"
            + (f"; missing {', '.join(sorted(missing))}" if missing else "")
            + (f"; unknown {', '.join(sorted(unknown))}" if unknown else ""),
        )
    year = doc["year"]
    if isinstance(year, bool) or not isinstance(year, int):
        raise InputError(
            path,
            f"expected the report year as a number such as {report_year}, found {describe(year)}",
            key="year",
        )
    if year != report_year:
        raise InputError(path, f"year {year} does not match the folder {report_year}")
    for key in ("appropriation_eur", "spent_reported_eur", "spent_reported_rounding_eur"):
        doc[key] = _money(path, doc, key, positive=key == "appropriation_eur")
    funding = doc["appropriation_funding"]
    if not isinstance(funding, str) or not funding.strip():
        raise InputError(
            path,
            f"expected the ledger's funding source (Rahoituslähde) as a text, found "
            f"{describe(funding)}",
            key="appropriation_funding",
        )
    return doc


def read_ledger(
    path: Path, programme: Programme, report_year: int, projects: pd.DataFrame, facts: dict
) -> pd.DataFrame:
    """Read and validate one year's ledger against the project register and the report.

    Amounts are finite euros with at most two decimals. A negative amount is a credit and
    is accepted only on a line marked as one: its description (``Selite``) begins with
    "Hyvityslasku" or "Hyvitys" (:data:`CREDIT_MARKERS`), as the real export writes its
    credit note ("Hyvityslasku: peruttu tilaisuus", -1 240,00 €). A line so marked must
    be negative; any other line must not be. Goal numbers are ASCII digits only.
    """
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
        credit = is_credit(cells["Selite"])
        if amount < 0 and not credit:
            raise fail(
                "Summa",
                f"{cells['Summa']} is negative: only a credit may be, and its description "
                '(Selite) must begin with "Hyvityslasku" (or "Hyvitys")',
            )
        if amount > 0 and credit:
            raise fail(
                "Summa",
                f'{cells["Summa"]} on a credit ("{cells["Selite"]}"): expected a negative amount',
            )
        project = cells["Projekti"] or None
        goal_text = cells["Hyötytavoite"]
        goal = None
        if goal_text:
            try:
                goal = parse_whole(goal_text, "a goal number")
            except CellError as err:
                raise fail("Hyötytavoite", str(err)) from None
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
        check_term(programme, cells["Rahoituslähde"], partial(fail, "Rahoituslähde"))
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
    spent = sum(ledger.loc[ledger["from_appropriation"], "amount"], Decimal(0))
    ledger["amount"] = ledger["amount"].astype(float)  # cents: exact enough below MAX_EUROS
    step = facts["spent_reported_eur"] and facts["spent_reported_rounding_eur"]
    if step and (spent / step).to_integral_value() * step != facts["spent_reported_eur"]:
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
