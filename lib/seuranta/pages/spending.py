"""Spending and budget figures for the pages, read from the processed ledger and
appropriation tables (``seuranta clean`` has validated both; see
:mod:`seuranta.clean.budget`).

Only ledger rows funded from the appropriation use it up; rows funded from unit budgets or
EU funds are outside funding, shown but not counted against it.
"""

from __future__ import annotations

import pandas as pd


def facts_of(appropriation: pd.DataFrame, year: int) -> pd.Series | None:
    """One year's row of ``appropriation.csv`` (its ``budget.yaml``), or None."""
    if appropriation.empty:
        return None
    rows = appropriation[appropriation["report_year"] == year]
    return rows.iloc[0] if len(rows) else None


def headline(ledger: pd.DataFrame, appropriation: pd.DataFrame, year: int) -> dict:
    """Appropriation, reported spending, spent from it by the ledger, unspent and outside
    funding of one year, and whether the ledger is illustrative."""
    facts = appropriation.set_index("report_year").loc[year]
    rows = ledger[ledger["report_year"] == year]
    spent = round(float(rows.loc[rows["from_appropriation"], "amount"].sum()), 2)
    outside = round(float(rows.loc[~rows["from_appropriation"], "amount"].sum()), 2)
    return {
        "appropriation": float(facts["appropriation_eur"]),
        "spent": spent,
        "unspent": round(float(facts["appropriation_eur"]) - spent, 2),
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
