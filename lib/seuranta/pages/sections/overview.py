"""The overview page's own sections: its lead and the status summary (how many indicator
series of each goal have each status). Table 1 is :mod:`.table1`, the budget headline
:mod:`.budget`.
"""

from __future__ import annotations

import pandas as pd

from seuranta.pages import downloads
from seuranta.pages.blocks import Cell, esc, num
from seuranta.pages.frame import tally_html
from seuranta.pages.page import Page
from seuranta.pages.sections.common import is_illustrative
from seuranta.pages.sections.table1 import column_periods
from seuranta.progress import STATUSES


def lead(page: Page) -> str:
    """The overview's lead, naming the target period of this year's Table 1."""
    target = column_periods(page).get("target")
    return page.tr(
        "report.overview.lead",
        year=page.year,
        target=page.tr.period(target) if target else page.tr("common.no_data"),
    )


def status_counts(page: Page) -> pd.DataFrame:
    """Per goal: how many indicator series have each status."""
    counts = page.status.groupby(["goal", "status"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(STATUSES), fill_value=0)
    return counts.reindex([g.number for g in page.programme.goals], fill_value=0)


def caveats(page: Page, goal: int | None = None) -> list[str]:
    """The caveats of the statuses of ``goal`` (of every goal with None), each once: a
    caveat travels with its status to every place the status is counted."""
    status = page.status
    if goal is not None:
        status = status[status["goal"] == goal]
    return list(dict.fromkeys(c for c in status["caveat"] if c))


def goal_status_line(page: Page, goal: int) -> str:
    """One line: "Indicator series: 3 (Target achieved 1, Deterioration 2)", and the
    caveats of those statuses."""
    tr = page.tr
    counts = status_counts(page).loc[goal]
    parts = [f"{tr(f'progress.status.{s}')} {int(n)}" for s, n in counts.items() if n]
    line = tr("report.goal.status_line", n=int(counts.sum()), parts=", ".join(parts))
    return " ".join([line, *caveats(page, goal)])


def show_status_summary(page: Page) -> None:
    """Per goal: how many series, and how many of them have each status."""
    tr = page.tr
    counts = status_counts(page)
    rows = []
    for goal in page.programme.goals:
        numbers = counts.loc[goal.number]
        badges = " ".join(tally_html(tr, s, n) for s, n in numbers.items() if n)
        notes = caveats(page, goal.number)
        badges += "".join(f'<br><span class="meta">{esc(c)}</span>' for c in notes)
        rows.append(
            [
                f"{goal.number}. {goal.names(page.lang)}",
                num(str(int(numbers.sum()))),
                Cell(html=badges),
            ]
        )
    total = counts.sum()
    badges = " ".join(tally_html(tr, s, n) for s, n in total.items() if n)
    page.table(
        tr("report.summary.caption", year=page.year),
        [
            tr("report.table1.goal"),
            num(tr("report.summary.series")),
            tr("report.table1.assessment"),
        ],
        rows,
        footer=[tr("report.summary.total"), num(str(int(total.sum()))), Cell(html=badges)],
        data=downloads.tidy(
            pd.DataFrame(
                [
                    {
                        "goal": goal.number,
                        "goal_name": goal.names(page.lang),
                        "status": status,
                        "status_label": tr(f"progress.status.{status}"),
                        "series_count": int(counts.loc[goal.number, status]),
                    }
                    for goal in page.programme.goals
                    for status in counts.columns
                ]
            ),
            content="status-by-goal",
            title=tr("report.summary.caption", year=page.year),
            illustrative=is_illustrative(page, page.indicators["raw_file"].dropna()),
        ),
    )
