"""The budget page's sections: the headline (appropriation and spending, also on the
overview page), spending by goal against an equal share, by project and by funding
source. The figures come from :mod:`seuranta.pages.spending`.
"""

from __future__ import annotations

from functools import partial

import pandas as pd

from seuranta.i18n import Translated
from seuranta.pages import charts, downloads, figures
from seuranta.pages.blocks import Cell, esc, num
from seuranta.pages.page import Page
from seuranta.pages.sections.common import (
    field_descriptions,
    is_illustrative,
    ledger_is_illustrative,
)
from seuranta.pages.spending import headline, spending_by


def ledger_money(page: Page, value: float) -> str:
    """A euro figure from the ledger in a sentence: marked where it stands when the ledger
    is illustrative, so that a quoted sentence carries its mark."""
    text = page.tr.money(value)
    if ledger_is_illustrative(page):
        return page.tr("report.budget.illustrative_figure", value=text)
    return text


def ledger_caption(page: Page, caption: str) -> str:
    """A table or chart caption of ledger figures, marked when the ledger is illustrative."""
    if ledger_is_illustrative(page):
        return page.tr("report.budget.illustrative_caption", caption=caption)
    return caption


def ledger_files(page: Page) -> list[str]:
    """This year's ledger and ``budget.yaml``, as the sources of a spending section."""
    prov = page.dataset.provenance
    wanted = (f"/{page.year}/ledger.csv", f"/{page.year}/budget.yaml")
    return [f for f in prov["file"] if f.endswith(wanted)]


def project_names(page: Page) -> dict[str, str]:
    """This year's project names in the page's language, by project id."""
    projects = page.dataset.projects_of(page.year)
    return dict(zip(projects["id"], projects[f"name_{page.lang}"], strict=True))


def money_totals(page: Page, frame: pd.DataFrame) -> list[Cell]:
    """The footer cells of a spending table: from the appropriation, outside, total."""
    columns = ("from_appropriation", "outside", "total")
    return [num(page.tr.money(frame[c].sum())) for c in columns]


def spending_download(
    page: Page, frame: pd.DataFrame, by: str, *, content: str, title: str, labels=None
) -> pd.DataFrame:
    """The tidy download of a spending table: one row per ``by`` key (goal, project or
    funding source) with its name, the euros from the appropriation, outside it and in
    total, and ``illustrative`` where the ledger is made up."""
    names = project_names(page) if by == "project" else {}
    keys = list(frame[by])
    data = pd.DataFrame(
        {
            by: ["" if pd.isna(k) else (str(int(k)) if by == "goal" else str(k)) for k in keys],
            f"{by}_name": list(labels)
            if labels is not None
            else [names.get(k, page.tr("report.budget.programme_wide")) for k in keys],
            "from_appropriation_eur": list(frame["from_appropriation"]),
            "outside_eur": list(frame["outside"]),
            "total_eur": list(frame["total"]),
        }
    )
    if by == "funding" and labels is None:
        data = data.drop(columns=["funding_name"])
    euro = {c: "EUR" for c in data.columns if c.endswith("_eur")}
    return downloads.tidy(
        data,
        content=content,
        title=title,
        units=euro,
        descriptions=field_descriptions(page),
        illustrative=is_illustrative(page, ledger_files(page)),
        description=page.tr("report.illustrative.title")
        if is_illustrative(page, ledger_files(page))
        else "",
    )


def show_headline(page: Page) -> None:
    """Appropriation and spending as the report states them, and the ledger's total."""
    tr = page.tr
    facts = page.budget_facts
    if facts is None:
        page.paragraph(tr("report.budget.no_ledger"))
        return
    page.cite(ledger_files(page))
    page.budget_notice()  # the illustrative ledger's notice, next to the figures it qualifies
    h = headline(page.dataset.ledger, page.dataset.appropriation, page.year)
    share = tr.percent(100 * h["spent_reported"] / h["appropriation"], 0)
    items = [
        (tr("report.budget.appropriation"), tr.money(h["appropriation"])),
        (tr("report.budget.spent_reported"), page.reported_spending()),
        (
            tr("report.budget.utilisation"),
            tr("report.budget.about", value=share)
            if facts["spent_reported_rounding_eur"]
            else share,
        ),
        (
            tr("report.budget.ledger_total" + ("_illustrative" if h["illustrative"] else "")),
            tr.money(h["spent"]),
        ),
    ]
    page.show(
        '<ul class="kpis">'
        + "".join(f'<li><span class="value">{esc(v)}</span>{esc(k)}</li>' for k, v in items)
        + "</ul>"
    )
    illustrative = "_illustrative" if h["illustrative"] else ""
    sentences = [
        tr(
            "report.budget.headline_reported",
            appropriation=tr.money(h["appropriation"]),
            spent=page.reported_spending(),
        ),
        tr(
            f"report.budget.headline_ledger{illustrative}",
            ledger=ledger_money(page, h["spent"]),
            unspent=ledger_money(page, h["unspent"]),
        ),
    ]
    if h["outside_funding"]:
        sentences.append(
            tr("report.budget.headline_outside", outside=ledger_money(page, h["outside_funding"]))
        )
    page.paragraph(Translated(" ".join(sentences)))


def goal_label(page: Page, goal) -> str:
    """ "Goal 2", or "programme-wide" for a cost of no goal."""
    if goal is None or pd.isna(goal):
        return page.tr("report.budget.programme_wide")
    return page.tr("report.goal.short", number=int(goal))


def show_by_goal(page: Page) -> None:
    """Spending per goal against an equal share: which goals used the most and the least."""
    tr = page.tr
    ledger = page.dataset.ledger
    page.cite(ledger_files(page))
    by_goal = spending_by(ledger, page.year, "goal")
    goals = by_goal[by_goal["goal"].notna()]
    spent = by_goal["from_appropriation"].sum()
    equal = goals["from_appropriation"].sum() / len(page.programme.goals)
    labels = [goal_label(page, g) for g in by_goal["goal"]]
    note = page.data_note(ledger_files(page))
    mark = page.data_note(ledger_files(page), short=True)
    chart = charts.pair(
        partial(
            figures.bar_figure,
            tr,
            labels,
            {
                tr("report.budget.from_appropriation"): list(by_goal["from_appropriation"]),
                tr("report.budget.outside"): list(by_goal["outside"]),
            },
            x_label=tr("report.unit.euro"),
            reference=(equal, tr("report.budget.equal_share")),
            mark=mark,
        ),
        page.chart_id(),
    )
    top = goals.loc[goals["from_appropriation"].idxmax()]
    low = goals.loc[goals["from_appropriation"].idxmin()]
    share = lambda v: tr.percent(100 * v / spent, 0)  # noqa: E731
    text = tr(
        "report.budget.uneven_text",
        top=goal_label(page, top["goal"]),
        top_amount=ledger_money(page, top["from_appropriation"]),
        top_share=share(top["from_appropriation"]),
        low=goal_label(page, low["goal"]),
        low_amount=ledger_money(page, low["from_appropriation"]),
        low_share=share(low["from_appropriation"]),
        equal=ledger_money(page, equal),
    )
    page.paragraph(text)
    values = "; ".join(
        f"{lab}: {tr.money(v)}"
        for lab, v in zip(labels, by_goal["from_appropriation"], strict=True)
    )
    rows = [
        [
            lab,
            num(tr.money(r.from_appropriation)),
            num(share(r.from_appropriation)),
            num(tr.money(r.outside)),
            num(tr.money(r.total)),
        ]
        for lab, r in zip(labels, by_goal.itertuples(), strict=True)
    ]
    header = [
        tr("report.table1.goal"),
        tr("report.budget.from_appropriation"),
        tr("report.budget.share"),
        tr("report.budget.outside"),
        tr("report.budget.total"),
    ]
    numbers = spending_download(
        page,
        by_goal,
        "goal",
        content="spending-by-goal",
        title=tr("report.budget.by_goal_data", year=page.year),
        labels=labels,
    )
    numbers.insert(
        3,
        "share_of_spent_pct",
        [round(100 * v / spent, 1) for v in by_goal["from_appropriation"]],
    )
    numbers.attrs[downloads.ATTR]["units"]["share_of_spent_pct"] = "percent"
    page.figure(
        chart,
        alt=ledger_caption(
            page, tr("report.budget.by_goal_alt", values=values, equal=tr.money(equal))
        ),
        caption=ledger_caption(page, tr("report.budget.by_goal_caption", year=page.year)),
        data_caption=ledger_caption(page, tr("report.budget.by_goal_data", year=page.year)),
        data_header=header,
        data_rows=rows,
        data=numbers,
        note=note,
    )


def show_by_project(page: Page) -> None:
    """Spending per project with its goal, programme-wide costs last."""
    tr = page.tr
    ledger = page.dataset.ledger
    by_project = spending_by(ledger, page.year, "project")
    names = project_names(page)
    projects = page.dataset.projects_of(page.year).set_index("id")
    rows = []
    for r in by_project.itertuples():
        goal = projects["goal"].get(r.project) if isinstance(r.project, str) else None
        name = names.get(r.project, tr("report.budget.programme_wide"))
        rows.append(
            [
                name,
                # a programme-wide cost has no goal: the dash, not its name a second time
                goal_label(page, goal) if goal is not None and not pd.isna(goal) else "\u2013",
                num(tr.money(r.from_appropriation)),
                num(tr.money(r.outside)),
                num(tr.money(r.total)),
            ]
        )
    rows.sort(key=lambda row: (row[1] == "\u2013", row[1]))
    page.table(
        ledger_caption(page, tr("report.budget.by_project_caption", year=page.year)),
        [
            tr("report.budget.project"),
            tr("report.table1.goal"),
            tr("report.budget.from_appropriation"),
            tr("report.budget.outside"),
            tr("report.budget.total"),
        ],
        rows,
        footer=[
            tr("report.summary.total"),
            "",
            *money_totals(page, by_project),
        ],
        data=_with_goal(
            page,
            spending_download(
                page,
                by_project,
                "project",
                content="spending-by-project",
                title=tr("report.budget.by_project_caption", year=page.year),
            ),
            projects,
        ),
    )


def _with_goal(page: Page, data: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """A spending-by-project download with each project's goal (empty: programme-wide)."""
    goals = [projects["goal"].get(p) if p else None for p in data["project"]]
    data.insert(
        2,
        "goal",
        pd.array([None if g is None or pd.isna(g) else int(g) for g in goals], dtype="Int64"),
    )
    return data


def show_by_funding(page: Page) -> None:
    """Spending per funding source (the ledger's Rahoituslähde)."""
    tr = page.tr
    by_funding = spending_by(page.dataset.ledger, page.year, "funding")
    term = partial(page.programme.term, lang=page.lang)  # the source in the page's language
    rows = [[term(r.funding), num(tr.money(r.total))] for r in by_funding.itertuples()]
    page.table(
        ledger_caption(page, tr("report.budget.by_funding_caption", year=page.year)),
        [tr("report.budget.funding"), tr("report.budget.total")],
        rows,
        footer=[tr("report.summary.total"), num(tr.money(by_funding["total"].sum()))],
        data=spending_download(
            page,
            by_funding,
            "funding",
            content="spending-by-funding",
            title=tr("report.budget.by_funding_caption", year=page.year),
            # the ledger's text as the key, its name in the page's language beside it
            labels=[term(f) for f in by_funding["funding"]],
        ),
    )
