"""Helpers of the browser tests: open a rendered page in headless Chromium and report on it.

A :class:`PageReport` holds everything the tests assert about one page in one viewport:
the requests it made, its console errors, the axe-core violations and facts read from the
DOM (language, headings, images, tables, status labels, widths). Each page is opened once
per viewport and the tests read the report.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from seuranta.render.pdf import missing_requirement

#: The WCAG 2.1 A and AA rules of axe-core.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
#: A 1280 px wide window at 200 % zoom lays the page out in 640 CSS pixels.
ZOOM_200 = {"width": 640, "height": 450}

#: Opens every "show the data as a table" and measures each chart's data table region.
CHART_TABLES = """() => {
  document.querySelectorAll('figure details').forEach((d) => { d.open = true; });
  return [...document.querySelectorAll('figure details .table-wrap')].map((el) => ({
    label: el.getAttribute('aria-label'),
    role: el.getAttribute('role'),
    tabindex: el.getAttribute('tabindex'),
    height: el.getBoundingClientRect().height,
    content: el.scrollHeight,
  }));
}"""

#: One evaluate() that reads every DOM fact the tests check.
DOM_FACTS = """() => {
  const text = (el) => (el ? el.textContent.replace(/\\s+/g, ' ').trim() : null);
  const doc = document.documentElement;
  return {
    lang: doc.getAttribute('lang'),
    title: document.title,
    headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
      .map((h) => ({level: Number(h.tagName[1]), text: text(h)})),
    images: [...document.images].map((img) => ({
      src: (img.getAttribute('src') || '').slice(0, 60),
      complete: img.complete,
      naturalWidth: img.naturalWidth,
      alt: img.getAttribute('alt'),
    })),
    tables: [...document.querySelectorAll('table')].map((table) => ({
      caption: table.caption ? text(table.caption) : null,
      headerCells: table.querySelectorAll('th').length,
      firstRow: text(table.rows[0]),
    })),
    // Charts as the reader sees them (inline SVG; the one that fits the width is shown):
    // their text alternative, how many texts they hold and the smallest text in CSS px.
    charts: [...document.querySelectorAll('.chart')]
      .filter((el) => el.getClientRects().length > 0)
      .map((el) => {
        const texts = [...el.querySelectorAll('svg text')];
        const sizes = texts.map((t) => {
          const m = t.getScreenCTM();
          return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
        });
        return {
          label: el.getAttribute('aria-label'),
          role: el.getAttribute('role'),
          texts: texts.length,
          minFont: sizes.length ? Math.min(...sizes) : null,
          smallest: texts[sizes.indexOf(Math.min(...sizes))]?.textContent || null,
        };
      }),
    // Table cells laid out outside the window (hidden off-screen, reachable only by scrolling).
    offscreenCells: [...document.querySelectorAll('td, th')]
      .filter((c) => {
        const r = c.getBoundingClientRect();
        return r.width > 0 && (r.right > window.innerWidth + 1 || r.left < -1);
      }).length,
    downloads: [...document.querySelectorAll('a.download')]
      .map((a) => ({name: a.getAttribute('download'), href: a.getAttribute('href')})),
    statuses: [...document.querySelectorAll('.status')]
      .map((el) => ({text: text(el), html: el.outerHTML.slice(0, 120)})),
    // Where the first status label ends, from the top of the page (results first).
    firstStatusBottom: (() => {
      const s = document.querySelector('.status');
      return s ? s.getBoundingClientRect().bottom + window.scrollY : null;
    })(),
    // Each status label with its count: whether the count stands on the label's line.
    tallies: [...document.querySelectorAll('.tally')].map((t) => {
      const label = t.querySelector('.status').getBoundingClientRect();
      const count = t.querySelector('.count').getBoundingClientRect();
      return {
        text: text(t),
        sameLine: count.top < label.bottom && count.bottom > label.top
                  && count.left >= label.right - 1,
      };
    }),
    links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
    ids: [...document.querySelectorAll('[id]')].map((el) => el.id),
    indicatorHeadings: [...document.querySelectorAll('h3')]
      .filter((h) => h.nextElementSibling && h.nextElementSibling.querySelector('.status'))
      .map((h) => ({text: text(h), id: h.id || null})),
    pager: [...document.querySelectorAll('nav.pager a')]
      .map((a) => ({href: a.getAttribute('href'), rel: a.getAttribute('rel')})),
    scrollWidth: doc.scrollWidth,
    innerWidth: window.innerWidth,
    wideElements: [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1
                      && !el.closest('.table-wrap'))
      .slice(0, 5)
      .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')),
    scrollingWraps: [...document.querySelectorAll('.table-wrap')]
      .filter((el) => el.scrollWidth > el.clientWidth + 1)
      .map((el) => ({
        tabindex: el.getAttribute('tabindex'),
        role: el.getAttribute('role'),
        label: el.getAttribute('aria-label'),
      })),
  };
}"""


def require_browser() -> None:
    """Skip (locally) or fail (in CI, ``$CI`` set) when Chromium or Playwright is missing."""
    problem = missing_requirement()
    if problem is None:
        return
    if os.environ.get("CI"):
        pytest.fail(problem, pytrace=False)
    pytest.skip(problem)


@dataclass
class PageReport:
    """What one page did and holds when opened in one viewport."""

    path: Path
    url: str
    viewport: dict[str, int]
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    violations: list[dict[str, Any]] | None = None
    dom: dict[str, Any] = field(default_factory=dict)

    @property
    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if u != self.url and not u.startswith("data:")]


def open_page(browser, path: Path, viewport: dict[str, int], *, scale: float = 1, axe=None):
    """Open ``path`` in a fresh context and return its :class:`PageReport`.

    Requests other than the page itself and ``data:`` URLs are recorded and aborted, so a
    page that tries the network fails its test without reaching it.
    """
    url = path.resolve().as_uri()
    report = PageReport(path, url, viewport)
    context = browser.new_context(viewport=viewport, device_scale_factor=scale)
    try:

        def route(route) -> None:
            if route.request.url == url or route.request.url.startswith("data:"):
                route.continue_()
            else:
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("request", lambda request: report.requests.append(request.url))
        page.on(
            "console",
            lambda msg: (
                report.console_errors.append(f"console.{msg.type}: {msg.text}")
                if msg.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda err: report.console_errors.append(f"pageerror: {err}"))
        page.goto(url, wait_until="load")
        # Images are data URIs, decoded asynchronously: wait for every one to settle.
        page.wait_for_function(
            "() => [...document.images].every((img) => img.complete)", timeout=10_000
        )
        report.dom = page.evaluate(DOM_FACTS)
        if axe is not None:
            report.violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    finally:
        context.close()
    return report


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """The violations as a developer needs them: rule, impact, where, what to fix."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v.get('help')} <{v.get('helpUrl')}>")
        for node in v.get("nodes", [])[:10]:
            target = " ".join(str(t) for t in node.get("target", []))
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    at {target}: {summary}")
            lines.append(f"       {node.get('html', '')[:200]}")
        if len(v.get("nodes", [])) > 10:
            lines.append(f"    ... and {len(v['nodes']) - 10} more")
    return "\n".join(lines)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG from its IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
