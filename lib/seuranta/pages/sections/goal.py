"""The sections of a goal page (goal-N): the indicator table, each series' explanation and
chart, the revised values, the goal's projects and what was spent on it.

The charts themselves are :mod:`.indicator_charts`, the comparison with peer areas
:mod:`.peer_comparison`.
"""

from __future__ import annotations

import math
from functools import partial

import pandas as pd

from seuranta.i18n import Translated
from seuranta.pages import downloads
from seuranta.pages.blocks import Cell, esc, num, status_html, turn_html
from seuranta.pages.page import Page
from seuranta.pages.sections.budget import (
    ledger_caption,
    ledger_files,
    ledger_money,
    money_totals,
    project_names,
    spending_download,
)
from seuranta.pages.sections.common import (
    field_descriptions,
    is_illustrative,
    point_text,
    series_label,
    show_indicator_commentary,
    status_download,
    unit_label,
    value_text,
)
from seuranta.pages.sections.indicator_charts import compact_series, show_chart
from seuranta.pages.spending import spending_by


def assessment_html(page: Page, row) -> str:
    """The method's status word, and beside it a turn for the worse since the last report."""
    html = status_html(page.tr, row.status)
    if row.turned_worse:
        html += " " + turn_html(page.tr)
    return html


def change_text(page: Page, indicator, row) -> str:
    """``+1,5 prosenttiyksikköä (heikentynyt)``; the reason where there is no comparison."""
    tr = page.tr
    if row.since_previous == "not_available" or pd.isna(row.change_since_previous):
        return tr(f"progress.since_previous.{row.since_previous}")
    amount = tr.change(
        row.change_since_previous, page.programme.unit_of(indicator), indicator.decimals or None
    )
    return f"{amount} ({tr(f'progress.since_previous.{row.since_previous}')})"


def heading_id(indicator, series_id: str) -> str:
    """The id of a series' heading, for links to one indicator: ``unemployment`` for an
    indicator's first series, ``unemployment-under-25`` for the others."""
    if series_id == indicator.series[0].id:
        return indicator.id
    return f"{indicator.id}-{series_id}"


def indicator_facts_html(page: Page, indicator) -> str:
    """What a reader of statistics expects of an indicator: its definition, unit, which way
    is better, how often it is published and its source with the publisher."""
    tr = page.tr
    source = indicator.source
    source_text = source.names(page.lang)
    publisher = source.publisher(page.lang) if source.publisher is not None else None
    if publisher and publisher != source_text:
        source_text = tr("report.facts.source_publisher", source=source_text, publisher=publisher)
    facts = []
    if indicator.definition is not None:
        facts.append(("definition", indicator.definition(page.lang)))
    facts.append(("unit", unit_label(page, indicator)))
    facts.append(("direction", tr(f"report.facts.{indicator.direction}")))
    if indicator.frequency is not None:
        facts.append(("frequency", tr(f"report.facts.every.{indicator.frequency}")))
    facts.append(("source", source_text))
    return (
        '<dl class="indicator-facts">'
        + "".join(f"<dt>{esc(tr(f'report.facts.{k}'))}</dt><dd>{esc(v)}</dd>" for k, v in facts)
        + "</dl>"
    )


def show_indicator_table(page: Page, goal: int) -> pd.DataFrame:
    """Baseline, latest, target and the assessment of each series; with a previous report,
    its latest value and the change since. Returns the table's data."""
    tr = page.tr
    status = page.status[page.status["goal"] == goal]
    before = page.dataset.previous_report_year(page.year)
    rows = []
    for row in status.itertuples():
        indicator = page.programme.indicator(row.indicator)
        label = series_label(page, indicator, row.series)
        cells = [
            Cell(label, html=f'<a href="#{heading_id(indicator, row.series)}">{esc(label)}</a>'),
            num(point_text(page, indicator, row.baseline_value, row.baseline_period)),
        ]
        if before is not None:
            cells.append(num(point_text(page, indicator, row.previous_value, row.previous_period)))
        cells.append(num(point_text(page, indicator, row.latest_value, row.latest_period)))
        if before is not None:
            cells.append(num(change_text(page, indicator, row)))
        cells += [
            num(point_text(page, indicator, row.target_value, row.target_period)),
            Cell(html=assessment_html(page, row)),
        ]
        rows.append(cells)
    header = [tr("report.table1.indicator"), tr("report.goal.baseline")]
    if before is not None:
        header.append(tr("report.previous.column", report=before))
    header.append(tr("report.goal.latest"))
    if before is not None:
        header.append(tr("report.previous.change"))
    header += [tr("report.goal.target"), tr("report.table1.assessment")]
    caption = tr("report.goal.indicator_caption", number=goal)
    data = status_download(page, status, content="indicators", title=caption)
    if before is None:
        data = data.drop(columns=[c for c in data.columns if c.startswith("previous_")])
    page.table(caption, header, rows, data=data)
    return status


def show_indicator_details(page: Page, goal: int) -> None:
    """Per indicator series: the explanation, the chart and its data. Series of one
    indicator with a few values each are drawn together, after the last of them."""
    tr = page.tr
    compact = {i.id: compact_series(page, i) for i in page.programme.indicators_of(goal)}
    for row in page.status[page.status["goal"] == goal].itertuples():
        indicator = page.programme.indicator(row.indicator)
        label = series_label(page, indicator, row.series)
        rows = page.indicators
        rows = rows[(rows["indicator"] == row.indicator) & (rows["series"] == row.series)]
        page.cite(rows["raw_file"])
        series = indicator.series_by_id(row.series)
        notes = [row.like_for_like] if row.like_for_like else []
        if series.feed is None and any(s.feed for s in indicator.series):
            notes.append(tr("progress.explain.report_only"))  # siblings read a file, not this
        first = series.id == indicator.series[0].id
        page.show(
            f'<h3 id="{heading_id(indicator, row.series)}">{esc(label)}</h3>'
            f"<p>{assessment_html(page, row)}</p>"
            f"<p>{esc(row.explanation)}</p>"
            + (indicator_facts_html(page, indicator) if first else "")
            + "".join(f'<p class="meta">{esc(note)}</p>' for note in notes)
        )
        if series.id == indicator.series[0].id:  # the indicator's own words, once
            show_indicator_commentary(page, indicator.id)
        observed = rows[(rows["kind"] == "observation") & rows["value"].notna()]
        show_chart(page, indicator, row, observed, compact[indicator.id])


def show_revisions(page: Page, goal: int) -> pd.DataFrame:
    """Values of the goal's indicators that a later report revised: period, the earlier
    value and its report, the revised value and its report. Nothing where none was."""
    tr = page.tr
    found = page.dataset.revisions_as_of(page.year)
    found = found[found["goal"] == goal]
    if found.empty:
        return found
    page.cite(found["raw_file"])
    rows = []
    for r in found.itertuples():
        indicator = page.programme.indicator(r.indicator)
        label = series_label(page, indicator, r.series)
        if r.kind == "target":
            label += f" ({tr('report.goal.target').lower()})"
        rows.append(
            [
                label,
                tr.period(r.period),
                num(
                    f"{value_text(page, indicator, r.old_value, r.old_decimals)} "
                    f"{tr('report.revisions.in_report', report=r.old_report)}"
                ),
                num(
                    f"{value_text(page, indicator, r.new_value, r.new_decimals)} "
                    f"{tr('report.revisions.in_report', report=r.new_report)}"
                ),
            ]
        )
    caption = tr("report.revisions.caption", number=goal)
    data = downloads.tidy(
        pd.DataFrame(
            {
                "indicator": list(found["indicator"]),
                "series": list(found["series"]),
                "kind": list(found["kind"]),
                "period": list(found["period"]),
                "old_value": list(found["old_value"]),
                "old_report": [int(r) for r in found["old_report"]],
                "new_value": list(found["new_value"]),
                "new_report": [int(r) for r in found["new_report"]],
                "unit": [page.programme.unit_of(i).id for i in found["indicator"]],
            }
        ),
        content="revisions",
        title=caption,
        descriptions=field_descriptions(page),
        illustrative=is_illustrative(page, found["raw_file"]),
    )
    page.subsection(tr("report.revisions.title"), tr("report.revisions.intro"))
    page.table(
        caption,
        [
            tr("report.table1.indicator"),
            tr("report.revisions.period"),
            tr("report.revisions.old"),
            tr("report.revisions.new"),
        ],
        rows,
        data=data,
    )
    return found


def show_projects(page: Page, goal: int | None) -> None:
    """The projects of the goal (of every goal with ``goal=None``) from this year's project
    register; a sentence where the year has no register or the goal no project."""
    tr = page.tr
    projects = page.dataset.projects_of(page.year)
    if goal is not None:
        projects = projects[projects["goal"] == goal]
    register = _register_file(page)
    if not register:  # the register is optional: this year's report has none
        page.paragraph(tr("report.optional.no_register"))
        return
    page.cite([register])
    if projects.empty:
        page.paragraph(tr("report.projects.none"))
        return
    rows, data = [], []
    for p in projects.itertuples():
        term = partial(page.programme.term, lang=page.lang)  # names in the page's language
        partners = ", ".join(term(x.strip()) for x in str(p.partners or "").split("|") if x)
        funding = term(str(p.outside_funding)) if p.outside_funding else ""
        data.append(
            {
                "project": p.id,
                "project_name": getattr(p, f"name_{page.lang}"),
                "goal": int(p.goal),
                "kind": p.kind,
                "kind_label": tr(f"report.projects.kind.{p.kind}"),
                "status": p.status,
                "status_label": tr(f"report.projects.status.{p.status}"),
                "partners": partners,
                "outside_funding": funding,
                "summary": getattr(p, f"summary_{page.lang}"),
            }
        )
        extra = "; ".join(x for x in (partners, funding) if x)
        rows.append(
            [
                getattr(p, f"name_{page.lang}"),
                tr(f"report.projects.kind.{p.kind}"),
                tr(f"report.projects.status.{p.status}"),
                extra or "\u2013",
                getattr(p, f"summary_{page.lang}"),
            ]
        )
    caption = (
        tr("report.projects.caption_goal", number=goal)
        if goal is not None
        else tr("report.projects.caption_all", year=page.year)
    )
    page.table(
        caption,
        [
            tr("report.projects.name"),
            tr("report.projects.kind_header"),
            tr("report.projects.status_header"),
            tr("report.projects.partners"),
            tr("report.projects.summary"),
        ],
        rows,
        data=downloads.tidy(
            pd.DataFrame(data),
            content="projects",
            title=caption,
            descriptions=field_descriptions(page),
            illustrative=is_illustrative(page, [register]),
        ),
    )


def _register_file(page: Page) -> str:
    """This year's project register as the provenance names it; empty where there is none."""
    prov = page.dataset.provenance
    matches = prov[prov["file"].str.endswith(f"/{page.year}/projects.csv")]
    return matches["file"].iloc[0] if len(matches) else ""


def show_spending(page: Page, goal: int) -> None:
    """What the goal's projects spent: its share of the appropriation spent, other funding,
    and a table by project (the whole budget is on the budget page, :mod:`.budget`)."""
    tr = page.tr
    ledger = page.dataset.ledger
    if not page.dataset.has_ledger(page.year):  # optional: no ledger for this year
        page.paragraph(tr("report.budget.no_ledger"))
        return
    page.cite(ledger_files(page))
    page.budget_notice()  # the illustrative ledger's notice, next to the figures it qualifies
    by_project = spending_by(ledger[ledger["goal"] == goal], page.year, "project")
    all_goals = spending_by(ledger, page.year, "goal")
    spent_total = all_goals["from_appropriation"].sum()
    mine = by_project["from_appropriation"].sum()
    share = 100 * mine / spent_total if spent_total else math.nan
    sentences = [
        tr(
            "report.budget.goal_text",
            number=goal,
            amount=ledger_money(page, mine),
            share=tr.percent(share, 0),
        )
    ]
    if by_project["outside"].sum():  # no sentence about 0 € of other funding
        sentences.append(
            tr(
                "report.budget.goal_text_outside",
                outside=ledger_money(page, by_project["outside"].sum()),
            )
        )
    page.paragraph(Translated(" ".join(sentences)))
    names = project_names(page)
    rows = [
        [
            names.get(r.project, r.project),
            num(tr.money(r.from_appropriation)),
            num(tr.money(r.outside)),
            num(tr.money(r.total)),
        ]
        for r in by_project.itertuples()
    ]
    if rows:
        page.table(
            ledger_caption(page, tr("report.budget.goal_caption", number=goal, year=page.year)),
            [
                tr("report.budget.project"),
                tr("report.budget.from_appropriation"),
                tr("report.budget.outside"),
                tr("report.budget.total"),
            ],
            rows,
            footer=[
                tr("report.summary.total"),
                *money_totals(page, by_project),
            ],
            data=spending_download(
                page,
                by_project,
                "project",
                content="spending-by-project",
                title=tr("report.budget.goal_caption", number=goal, year=page.year),
            ),
        )
