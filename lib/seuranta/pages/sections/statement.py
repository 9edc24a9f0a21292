"""The accessibility statement (saavutettavuusseloste, tillgänglighetsutlåtande): one page
per language, generated from the programme's definition (``accessibility`` in
programme.yaml) and linked from the foot of every page.

Its parts follow the model statement of the Act on the Provision of Digital Services
(306/2019) and the EU's model (Implementing Decision 2018/1523): the compliance status
against WCAG 2.1 level AA, the content that is not accessible, how and when accessibility
was assessed, feedback and contact, and the enforcement procedure.
"""

from __future__ import annotations

import re

from seuranta.pages.blocks import esc
from seuranta.pages.page import Page

#: The standard and level the pages are assessed against (tests/test_browser.py runs axe
#: with the WCAG 2.1 A and AA rules).
STANDARD = "WCAG 2.1"
LEVEL = "AA"


#: An email address or a web address (www.…) in a statement's text: made a link.
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|www\.[\w-]+(?:\.[\w-]+)+(?:/[\w./-]*)?")


def linked(text: str) -> str:
    """``text`` escaped, with each email and web address in it a link."""
    out, at = [], 0
    for found in _ADDRESS.finditer(text):
        address = found.group(0).rstrip(".")
        end = found.start() + len(address)
        href = f"https://{address}" if address.startswith("www.") else f"mailto:{address}"
        out += [esc(text[at : found.start()]), f'<a href="{esc(href)}">{esc(address)}</a>']
        at = end
    return "".join(out) + esc(text[at:])


def title(page: Page) -> str:
    return page.tr("report.statement.title")


def lead(page: Page) -> str:
    return page.tr("report.statement.lead", report=page.programme.report(page.lang), year=page.year)


def show_statement(page: Page) -> None:
    """The statement's sections; a sentence saying what is missing where the programme's
    definition gives no ``accessibility``."""
    tr = page.tr
    lang = page.lang
    facts = page.programme.accessibility
    page.paragraph(tr("report.statement.intro", organisation=page.programme.organisation(lang)))
    if facts is None:
        page.paragraph(tr("report.statement.missing"))
        return
    status = tr(f"report.statement.conformance.{facts.conformance}", standard=STANDARD, level=LEVEL)
    parts = [
        f"<h2>{esc(tr('report.statement.status_title'))}</h2>",
        f"<p>{esc(status)}</p>",
        f"<h2>{esc(tr('report.statement.gaps_title'))}</h2>",
    ]
    if facts.gaps:
        parts.append("<ul>" + "".join(f"<li>{esc(gap(lang))}</li>" for gap in facts.gaps) + "</ul>")
    else:
        parts.append(f"<p>{esc(tr('report.statement.no_gaps'))}</p>")
    parts.append(f"<h2>{esc(tr('report.statement.method_title'))}</h2>")
    if facts.method is not None:
        parts.append(f"<p>{esc(facts.method(lang))}</p>")
    parts.append(f"<p>{esc(tr('report.statement.assessed', date=tr.period(facts.assessed)))}</p>")
    parts += [
        f"<h2>{esc(tr('report.statement.feedback_title'))}</h2>",
        f"<p>{linked(facts.feedback(lang))}</p>",
        f"<p>{linked(tr('report.statement.contact', contact=facts.contact(lang)))}</p>",
    ]
    if facts.enforcement is not None:
        parts += [
            f"<h2>{esc(tr('report.statement.enforcement_title'))}</h2>",
            f"<p>{linked(facts.enforcement(lang))}</p>",
        ]
    page.show('<div class="statement">' + "\n".join(parts) + "</div>")
