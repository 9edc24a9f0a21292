"""The index page: a link to each appendix of the year, with one line of status per goal."""

from __future__ import annotations

from seuranta.catalog import appendices_of, appendix_pages
from seuranta.pages.blocks import esc
from seuranta.pages.frame import book_link_html
from seuranta.pages.page import Page
from seuranta.pages.sections.overview import goal_status_line


def show_links(page: Page, appendices: list[str]) -> None:
    """A link to each appendix: a goal's with its status line, the others' with a summary;
    then the link to the PDF book of them all (printed by ``seuranta render --pdf``)."""
    tr = page.tr
    page.cite(page.indicators["raw_file"])  # the status lines are read from these
    table = page.programme.table_number
    items = []
    for name in appendices:
        if name.startswith("goal-"):
            number = int(name.split("-")[1])
            goal = page.programme.goal(number)
            title = tr("report.goal.title", number=number, name=goal.names(page.lang))
            line = goal_status_line(page, number)
            items.append(
                f'<li><a href="{esc(name)}.html">{esc(title)}</a><br><span>{esc(line)}</span></li>'
            )
        else:
            items.append(
                f'<li><a href="{esc(name)}.html">{esc(tr(f"report.{name}.title"))}'
                f"</a><br><span>{esc(tr(f'report.{name}.summary', table=table))}</span></li>"
            )
    page.show(f'<ul class="goal-list">{"".join(items)}</ul>' + book_link_html(tr, page.year))


def appendix_names(page: Page) -> list[str]:
    """The appendices the index lists: the renderer's own list, less the index itself and
    the accessibility statement (no budget page for a year without a ledger)."""
    with_budget = page.dataset.has_ledger(page.year)
    goals = [g.number for g in page.programme.goals]
    return appendices_of(appendix_pages(goals, with_budget=with_budget))
