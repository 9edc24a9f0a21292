"""The frame around every page's content: the facts under the title (publication date and
the data's period), the results at a glance, the links between goal pages and the links
every page carries at its foot (the accessibility statement, feedback).

:class:`seuranta.pages.page.Page` builds its start and its end from these; they take what
they need as arguments, so this module does not import the page.
"""

from __future__ import annotations

import pandas as pd

from seuranta.catalog import STATEMENT_PAGE, page_kind
from seuranta.i18n import Translator
from seuranta.pages.blocks import esc, status_html
from seuranta.parse import period_to_years
from seuranta.progress import STATUSES


def masthead_html(
    tr: Translator, publisher: str, name: str, lang: str, languages: tuple[str, ...]
) -> str:
    """The publisher line and the links to the page in the programme's other languages."""
    links = []
    for other in languages:
        label = Translator(other)("report.language_name")
        if other == lang:
            links.append(f'<li><span lang="{other}" aria-current="page">{esc(label)}</span></li>')
        else:
            links.append(
                f'<li><a href="../{other}/{esc(name)}.html" lang="{other}" '
                f'hreflang="{other}">{esc(label)}</a></li>'
            )
    return (
        f'<div class="masthead"><p>{esc(publisher)}</p>'
        f'<nav aria-label="{esc(tr("report.nav.languages"))}"><ul>{"".join(links)}</ul></nav>'
        "</div>"
    )


def facts(
    tr: Translator,
    programme: str,
    year: int,
    status: pd.DataFrame | None,
    name: str,
    provenance: pd.DataFrame,
    data_date: str | None,
) -> list[str]:
    """The facts under the title: programme, report year, the data's period (from the
    earliest baseline the page sums up to ``data_date``) and the report's publication date."""
    found = [
        tr("report.meta.programme", programme=programme),
        tr("report.meta.report_year", year=year),
    ]
    if data_date and status is not None:
        scope = status_scope(status, name)
        start = first_period(status if scope is None else scope)
        if start and start != data_date:
            found.append(
                tr("report.meta.data_period", start=tr.period(start), end=tr.period(data_date))
            )
        else:
            found.append(tr("report.meta.data_date", date=tr.period(data_date)))
    elif data_date:
        found.append(tr("report.meta.data_date", date=tr.period(data_date)))
    published = report_published(provenance, year)
    if published:
        found.append(tr("report.meta.published", date=tr.period(published)))
    return found


def report_published(provenance: pd.DataFrame, year: int) -> str | None:
    """The publication date of the year's report (its Table 1's provenance), ISO; None
    where the page reads no provenance."""
    if provenance is None or provenance.empty or "file" not in provenance.columns:
        return None
    rows = provenance[provenance["file"].str.endswith(f"/{year}/table1.csv")]
    if rows.empty or pd.isna(rows["date"].iloc[0]):
        return None
    return str(rows["date"].iloc[0])


def status_scope(status: pd.DataFrame, name: str) -> pd.DataFrame | None:
    """The status rows a page sums up at its top: a goal page its goal's, the overview all;
    None on other pages."""
    found = page_kind(name)
    if found is None:
        return None
    kind, goal = found
    if kind == "goal":
        return status[status["goal"] == goal]
    if kind == "overview":
        return status
    return None


def first_period(status: pd.DataFrame) -> str | None:
    """The earliest baseline period among ``status`` rows (the start of the data shown)."""
    periods = [p for p in status["baseline_period"] if isinstance(p, str) and p]
    return min(periods, key=period_to_years) if periods else None


def tally_html(tr: Translator, status: str, count: int) -> str:
    """A status label with its count, kept on one line (the count never wraps away)."""
    return (
        f'<span class="tally">{status_html(tr, status)}&nbsp;'
        f'<span class="count">{int(count)}</span></span>'
    )


def results_html(tr: Translator, status: pd.DataFrame) -> str:
    """The results at a glance: how many series, and how many have each status."""
    counts = status["status"].value_counts()
    tallies = [tally_html(tr, s, counts[s]) for s in STATUSES if counts.get(s, 0)]
    return (
        '<p class="results">'
        f"<strong>{esc(tr('report.results.title', n=len(status)))}</strong> "
        + " ".join(tallies)
        + "</p>"
    )


def pager_html(tr: Translator, name: str, goals: list[int], title_of) -> str:
    """Links to the previous and the next goal page (on a goal page), else nothing."""
    found = page_kind(name)
    if found is None or found[0] != "goal" or found[1] not in goals:
        return ""
    at = goals.index(found[1])
    links = []
    if at > 0:
        number = goals[at - 1]
        links.append(
            f'<li class="previous"><a href="goal-{number}.html" rel="prev">'
            f'<span class="pager-label">{esc(tr("report.pager.previous"))}</span> '
            f"{esc(title_of(number))}</a></li>"
        )
    if at + 1 < len(goals):
        number = goals[at + 1]
        links.append(
            f'<li class="next"><a href="goal-{number}.html" rel="next">'
            f'<span class="pager-label">{esc(tr("report.pager.next"))}</span> '
            f"{esc(title_of(number))}</a></li>"
        )
    return (
        f'<nav class="pager" aria-label="{esc(tr("report.pager.label"))}">'
        f"<ul>{''.join(links)}</ul></nav>"
    )


def page_links_html(tr: Translator, name: str) -> str:
    """The links at every page's foot: the accessibility statement (not on itself)."""
    if name == STATEMENT_PAGE:
        return ""
    return (
        '<p class="page-links">'
        f'<a href="{STATEMENT_PAGE}.html">{esc(tr("report.statement.link"))}</a>'
        "</p>"
    )


def book_link_html(tr: Translator, year: int) -> str:
    """The index's link to the PDF book of all appendices (``seuranta render --pdf``)."""
    name = tr("report.book.file_name", year=year) + ".pdf"
    return (
        '<p class="book-link">'
        f'<a href="{esc(name)}" type="application/pdf">{esc(tr("report.book.link"))}</a> '
        f"({esc(name)})</p>"
    )


def foot_html(tr: Translator, name: str, programme, lang: str, items: list[str]) -> str:
    """A page's foot: the links to the previous and next goal (a goal page), the sources
    (``items``, each an escaped ``<li>``), the closing sentence and the statement link."""
    goals = [g.number for g in programme.goals]

    def goal_title(number: int) -> str:
        return tr("report.goal.title", number=number, name=programme.goal(number).names(lang))

    sources = (
        f"<h2>{esc(tr('report.sources.title'))}</h2>"
        f"<p>{esc(tr('report.sources.intro'))}</p>"
        f"<ul>{''.join(items)}</ul>"
        if items
        else ""
    )
    return (
        pager_html(tr, name, goals, goal_title)
        + '<footer class="sources">'
        + sources
        + f'<p class="meta">{esc(tr("report.sources.made_with"))}</p>'
        + page_links_html(tr, name)
        + "</footer>"
    )
