"""Texts of a chart that never overlap, measured once the figure is laid out.

:func:`declutter` runs on every chart before it becomes SVG (:func:`seuranta.pages.charts.svg`):

1. the layout is fixed where it stands (a constrained layout would move the axes again
   once labels move);
2. crowded tick labels are thinned: every other one is hidden until neighbours keep a gap;
3. each data label (an annotation placed in points from its data point, without a leader
   line) takes the first of a few places around its point (above, below, left, right,
   further up or down) where its box keeps :data:`GAP` from every other text and stays
   inside the figure; where none is free, the place of least overlap.

The texts are measured as matplotlib draws them; the gap covers the few pixels a browser
adds to a text's box (its line height), which is what the browser test measures.
"""

from __future__ import annotations

from itertools import pairwise

from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

#: Room kept around each text, in points.
GAP = 1.0


def _shown(text: Text) -> bool:
    return bool(text.get_visible() and text.get_text().strip())


def _ticks(axis) -> list[Text]:
    """The tick labels an axis draws: shown and within its view."""
    low, high = sorted(axis.get_view_interval())
    span = (high - low) * 1e-9
    return [
        tick.label1
        for tick in axis.get_major_ticks()
        if _shown(tick.label1) and low - span <= tick.get_loc() <= high + span
    ]


def texts_of(fig: Figure) -> list[Text]:
    """Every text the figure draws: tick labels, axis labels, titles, legends, notes."""
    found: list[Text] = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        found += _ticks(ax.xaxis) + _ticks(ax.yaxis)
        found += [ax.xaxis.label, ax.yaxis.label, ax.title, ax._left_title, ax._right_title]
        found += ax.texts
        if ax.get_legend() is not None:
            found += ax.get_legend().get_texts()
    found += fig.texts
    for extra in (fig._suptitle, fig._supxlabel, fig._supylabel):
        if extra is not None:
            found.append(extra)
    for leg in fig.legends:
        found += leg.get_texts()
    return [t for t in dict.fromkeys(found) if _shown(t)]  # the supylabel is in fig.texts too


def text_box(text: Text, renderer: RendererBase) -> Bbox:
    """The box a browser gives the text, in pixels: matplotlib's measure of the text alone
    (an annotation's leader line and frame left out, 1 em high) made 0.12 em taller at top
    and bottom (Chromium's box of a DejaVu Sans text is 1.21 em high) and half of
    :data:`GAP` larger all round."""
    box = Text.get_window_extent(text, renderer)
    pad = GAP * renderer.points_to_pixels(1) / 2
    line = 0.12 * renderer.points_to_pixels(text.get_fontsize())
    return Bbox.from_extents(box.x0 - pad, box.y0 - pad - line, box.x1 + pad, box.y1 + pad + line)


def _overlap(a: Bbox, b: Bbox) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def _thin(labels: list[Text], renderer: RendererBase) -> None:
    """Hide every other tick label while neighbours overlap (the first one stays)."""
    while len(labels) > 1:
        boxes = [text_box(t, renderer) for t in labels]
        if not any(_overlap(a, b) for a, b in pairwise(boxes)):
            return
        for t in labels[1::2]:
            t.set_visible(False)
        labels = labels[::2]


def _places(dy: float, size: float) -> list[tuple[tuple[float, float], str, str]]:
    """Offsets (points), alignment: above as drawn, below, left, right, further away."""
    up = max(dy, 6.0)
    return [
        ((0, up), "center", "bottom"),
        ((0, -up), "center", "top"),
        ((-up, 0), "right", "center"),
        ((up, 0), "left", "center"),
        ((0, up + size * 1.4), "center", "bottom"),
        ((0, -up - size * 1.4), "center", "top"),
        ((-up, up), "right", "bottom"),
        ((up, up), "left", "bottom"),
        ((-up, -up), "right", "top"),
        ((up, -up), "left", "top"),
    ]


def declutter(fig: Figure) -> None:
    """Move the data labels and thin the ticks of ``fig`` so that no two texts overlap."""
    fig.draw_without_rendering()
    renderer = fig._get_renderer()
    fig.set_layout_engine("none")  # keep the axes where the layout put them
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            _thin(
                sorted(_ticks(axis), key=lambda t: t.get_position()[axis is ax.yaxis]),
                renderer,
            )
    texts = texts_of(fig)
    movable = [
        t
        for t in texts
        if isinstance(t, Annotation) and t.anncoords == "offset points" and t.arrow_patch is None
    ]
    placed = [text_box(t, renderer) for t in texts if t not in movable]
    inside = fig.bbox
    for label in movable:
        first = (tuple(label.xyann), label.get_ha(), label.get_va())
        best, best_cost = first, None
        for place in [first, *_places(abs(label.xyann[1]), label.get_fontsize())]:
            label.xyann, ha, va = place
            label.set_ha(ha)
            label.set_va(va)
            box = text_box(label, renderer)
            outside = box.x0 < inside.x0 or box.x1 > inside.x1
            outside = outside or box.y0 < inside.y0 or box.y1 > inside.y1
            cost = sum(_overlap(box, other) for other in placed) + (1e9 if outside else 0)
            if best_cost is None or cost < best_cost:
                best, best_cost = place, cost
            if cost == 0:
                break
        label.xyann, ha, va = best
        label.set_ha(ha)
        label.set_va(va)
        placed.append(text_box(label, renderer))
