"""Chart texts in a real browser: none overlaps another, each meets AA contrast.

Every page of the 2022 set is opened in headless Chromium at 375 and 1280 px; in each chart
shown at that width (the narrow or the wide drawing, :func:`seuranta.pages.charts.pair`)
the rendered box of every SVG ``<text>`` is measured and compared with every other: two
boxes may touch but not overlap by more than a pixel either way, and none may run past
the edge of its chart. Each text's colour is
compared with what it stands on (its own frame, as matplotlib draws a label's box just
before the text, else the white page): at least 4.5:1 (WCAG 1.4.3; axe does not look
inside SVG). The figure-level checks without a browser (labels moved apart, the data mark
above the axes, a named panel per area) are in ``tests/test_chart_layout.py`` too.
"""

from __future__ import annotations

from functools import partial

import pytest
from matplotlib.colors import to_rgb

from conftest import LANGS, PAGES
from seuranta.i18n import Translator
from seuranta.pages import charts, figures
from seuranta.pages.declutter import declutter, text_box, texts_of

WIDTHS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}
#: Overlaps and contrasts of the SVG texts of every chart shown at the window's width.
SVG_TEXTS = """() => {
  const hex = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    return m[1].split(',').map(Number);
  };
  const lum = (rgb) => {
    const [r, g, b] = rgb.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const out = [];
  [...document.querySelectorAll('.chart svg')]
    .filter((svg) => svg.getClientRects().length > 0)
    .forEach((svg, n) => {
      const texts = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim());
      const boxes = texts.map((t) => {
        const r = t.getBoundingClientRect();
        return {text: t.textContent.trim(), l: r.left, r: r.right, t: r.top, b: r.bottom};
      });
      const frame = svg.getBoundingClientRect();
      const clipped = boxes.filter((a) => a.l < frame.left - 1 || a.r > frame.right + 1
                                        || a.t < frame.top - 1 || a.b > frame.bottom + 1)
        .map((a) => a.text);
      const overlaps = [];
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i], b = boxes[j];
          const w = Math.min(a.r, b.r) - Math.max(a.l, b.l);
          const h = Math.min(a.b, b.b) - Math.max(a.t, b.t);
          if (w > 1 && h > 1) overlaps.push([a.text, b.text, Math.round(w), Math.round(h)]);
        }
      }
      const lowContrast = [];
      texts.forEach((t) => {
        const fill = hex(getComputedStyle(t).fill);
        let ground = [255, 255, 255];
        const patch = t.previousElementSibling && t.previousElementSibling.querySelector('path');
        if (patch) {
          const g = hex(getComputedStyle(patch).fill);
          const alpha = parseFloat(getComputedStyle(patch).opacity || '1');
          if (g && g.length >= 3) ground = g.slice(0, 3).map((v) => v * alpha + 255 * (1 - alpha));
        }
        if (fill) {
          const c = ratio(fill, ground);
          if (c < 4.5) lowContrast.push([t.textContent.trim(), Math.round(c * 100) / 100]);
        }
      });
      out.push({chart: svg.closest('.chart')?.id || svg.id || String(n),
                texts: texts.length, clipped, overlaps, lowContrast});
    });
  return out;
}"""


def svg_texts(browser, path, viewport) -> list[dict]:
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        page.goto(path.resolve().as_uri(), wait_until="load")
        return page.evaluate(SVG_TEXTS)
    finally:
        context.close()


@pytest.fixture(scope="module")
def measured(browser, rendered):
    """Each page measured once per width."""
    cache: dict = {}

    def get(lang: str, name: str, view: str) -> list[dict]:
        if (lang, name, view) not in cache:
            path = rendered / lang / f"{name}.html"
            cache[lang, name, view] = svg_texts(browser, path, WIDTHS[view])
        return cache[lang, name, view]

    return get


@pytest.mark.browser
@pytest.mark.parametrize("view", list(WIDTHS))
@pytest.mark.parametrize(("lang", "name"), [(lang, name) for lang in LANGS for name in PAGES])
def test_no_two_chart_texts_overlap(measured, lang, name, view):
    overlaps = {c["chart"]: c["overlaps"] for c in measured(lang, name, view) if c["overlaps"]}
    assert overlaps == {}
    clipped = {c["chart"]: c["clipped"] for c in measured(lang, name, view) if c["clipped"]}
    assert clipped == {}


@pytest.mark.browser
@pytest.mark.parametrize("view", list(WIDTHS))
@pytest.mark.parametrize(("lang", "name"), [(lang, name) for lang in LANGS for name in PAGES])
def test_chart_texts_meet_aa_contrast(measured, lang, name, view):
    low = {c["chart"]: c["lowContrast"] for c in measured(lang, name, view) if c["lowContrast"]}
    assert low == {}


@pytest.mark.browser
def test_the_measure_is_not_vacuous(measured, browser, tmp_path):
    """The pages have charts with texts, and a chart with known faults is caught."""
    goal3 = measured("fi", "goal-3", "phone")
    assert len(goal3) >= 3 and all(c["texts"] > 5 for c in goal3)
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="en"><body><figure class="chart" id="x">'
        '<svg width="300" height="100" style="font: 12px sans-serif">'
        '<text x="10" y="40">8 741</text><text x="20" y="44">9 563</text>'
        '<g><g><path d="M0 50 H200 V80 H0 Z" style="fill: #fff4ce"/></g>'
        '<text x="10" y="70" style="fill: #b35900">Illustrative</text></g>'
        '<text x="280" y="90">cut off</text>'
        "</svg></figure></body></html>",
        encoding="utf-8",
    )
    [chart] = svg_texts(browser, bad, WIDTHS["phone"])
    assert [o[:2] for o in chart["overlaps"]] == [["8 741", "9 563"]]
    assert chart["lowContrast"] == [["Illustrative", 4.39]]
    assert chart["clipped"] == ["cut off"]


# -- the figures themselves, without a browser -------------------------------------------


def boxes(fig):
    """Each text's box as a browser draws it (declutter's measure)."""
    renderer = fig._get_renderer()
    return {t.get_text(): text_box(t, renderer) for t in texts_of(fig)}


def overlapping(fig) -> list[tuple[str, str]]:
    found = boxes(fig)
    names = list(found)
    return [
        (a, b) for i, a in enumerate(names) for b in names[i + 1 :] if found[a].overlaps(found[b])
    ]


def luminance(colour) -> float:
    def channel(v):
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    hi, lo = sorted([luminance(a), luminance(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_declutter_moves_colliding_labels_apart():
    """Two values a month apart on a phone-wide chart collide as drawn (above their points);
    after declutter no two texts of the figure overlap."""
    tr = Translator("fi")
    draw = partial(
        figures.indicator_figure,
        tr,
        [(2019.5, 8741), (2019.6, 9063)],
        unit="count",
        y_label="Lukumäärä",
        target=(2025.5, 12000),
        labels={"observed": "a", "target": "b", "path": "c", "trend": "d"},
        years=(2019, 2025),
        narrow=True,
    )
    before = draw()
    before.draw_without_rendering()
    pair = (tr.number(8741), tr.number(9063))
    assert pair in overlapping(before)
    after = draw()
    declutter(after)
    after.draw_without_rendering()
    assert overlapping(after) == []


def test_the_data_mark_stands_above_the_bars_in_aa_contrast():
    tr = Translator("en")
    fig = figures.bar_figure(
        tr, ["Goal 1", "Goal 2"], {"spent": [12310, 92250]}, x_label="Euros", mark="Illustrative"
    )
    declutter(fig)
    renderer = fig._get_renderer()
    [mark] = [t for t in fig.texts if t.get_text() == "Illustrative"]
    assert contrast(mark.get_color(), mark.get_bbox_patch().get_facecolor()) >= 4.5
    frame = mark.get_bbox_patch().get_window_extent(renderer)
    assert not frame.overlaps(fig.axes[0].get_window_extent(renderer))


@pytest.mark.parametrize("narrow", [False, True])
def test_each_area_has_its_own_named_panel(narrow):
    tr = Translator("sv")
    months = [2021 + m / 12 for m in range(24)]
    lines = {
        name: [(x, 8 + i + (x - 2021)) for x in months]
        for i, name in enumerate(["Esbo", "Helsingfors", "Vanda", "Tammerfors", "Åbo", "Uleåborg"])
    }
    lines["Hela landet"] = [(x, 9.0) for x in months]
    fig = figures.areas_figure(
        tr,
        lines,
        home="Esbo",
        unit="percent",
        y_label="Procent",
        reference=["Hela landet"],
        narrow=narrow,
    )
    declutter(fig)
    assert overlapping(fig) == []
    svg = charts.svg(fig)
    titles = sorted(t.get_text() for ax in fig.axes for t in ax.texts)
    assert titles == sorted(["Helsingfors", "Vanda", "Tammerfors", "Åbo", "Uleåborg"])
    assert ">Området i rubriken</text>" in svg
