"""The house style of every figure in the appendices.

One palette that also works in greyscale and for colour-blind readers (each series also
differs by line style and marker), labelled axes with units, numbers on the axes in the
page's language (``12 000`` and ``9,4 %`` in Finnish), no chart junk. Figures are returned
as matplotlib Figures; :func:`png` turns one into bytes and closes it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")  # appendices are rendered without a screen
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, MultipleLocator

from seuranta.i18n import Translator

# Okabe-Ito based; dark enough for 3:1 contrast against white as graphics (WCAG 1.4.11).
INK = "#1a1a1a"
BLUE = "#00558c"
ORANGE = "#b35900"
GREEN = "#0b6e3a"
GREY = "#5c5c5c"
LIGHT = "#9ecae1"

STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#d9d9d9",
    "grid.linewidth": 0.8,
    "xtick.color": INK,
    "ytick.color": INK,
    "legend.frameon": False,
    "font.family": ["DejaVu Sans"],
}


def new_figure(width: float = 7.5, height: float = 4.0) -> tuple[Figure, plt.Axes]:
    with plt.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
        ax = fig.add_subplot()
    for key, value in STYLE.items():
        if key.startswith("axes.spines."):
            ax.spines[key.rsplit(".", 1)[1]].set_visible(value)
    ax.grid(True, axis="y", color=STYLE["grid.color"], linewidth=STYLE["grid.linewidth"])
    ax.set_axisbelow(True)
    return fig, ax


def value_formatter(tr: Translator, unit: str) -> FuncFormatter:
    """Axis ticks in the page's number format and the indicator's unit."""

    def fmt(value, _pos=None):
        return tr.percent(value) if unit == "percent" else tr.number(value)

    return FuncFormatter(fmt)


def indicator_figure(
    tr: Translator,
    observations: Sequence[tuple[float, float]],
    *,
    unit: str,
    y_label: str,
    target: tuple[float, float] | None = None,
    trend: Sequence[tuple[float, float]] = (),
    labels: dict[str, str],
    year_ticks: Sequence[int] = (),
    scale: tuple[float, float] | None = None,
) -> Figure:
    """Observations, the target, the straight path to it and the observed trend carried on.

    ``observations`` and ``trend`` are (decimal year, value) pairs; ``target`` one such
    pair. ``labels`` names the legend entries: observed, target, path, trend.
    """
    fig, ax = new_figure()
    xs = [x for x, _ in observations]
    ys = [y for _, y in observations]
    if target is not None and observations:
        ax.plot(
            [xs[0], target[0]],
            [ys[0], target[1]],
            linestyle="--",
            color=GREY,
            linewidth=1.5,
            label=labels["path"],
        )
    if trend:
        ax.plot(
            [x for x, _ in trend],
            [y for _, y in trend],
            linestyle=":",
            color=ORANGE,
            linewidth=2.2,
            label=labels["trend"],
        )
    ax.plot(xs, ys, marker="o", markersize=7, color=BLUE, linewidth=2.4, label=labels["observed"])
    for x, y in observations:
        ax.annotate(
            _label(tr, y, unit),
            (x, y),
            textcoords="offset points",
            xytext=(0, 9),
            ha="center",
            color=INK,
            fontsize=10,
        )
    if target is not None:
        ax.plot(
            [target[0]],
            [target[1]],
            marker="*",
            markersize=16,
            color=GREEN,
            linestyle="none",
            label=labels["target"],
        )
        ax.annotate(
            _label(tr, target[1], unit),
            target,
            textcoords="offset points",
            xytext=(0, 11),
            ha="center",
            color=GREEN,
            fontsize=10,
            fontweight="bold",
        )
    ax.yaxis.set_major_formatter(value_formatter(tr, unit))
    # whole steps on a 1-5 score, "nice" steps elsewhere
    ax.yaxis.set_major_locator(MultipleLocator(1) if scale else MaxNLocator(nbins=6))
    if year_ticks:
        ax.set_xticks([y + 0.5 for y in year_ticks], [str(y) for y in year_ticks])
        ax.set_xlim(year_ticks[0], year_ticks[-1] + 1)
    ax.set_ylabel(y_label)
    low, high = ax.get_ylim()
    if unit in ("count", "percent") and low > 0:
        low = 0  # counts and shares start at zero so that the slope is not exaggerated
    if scale is not None:
        low, high = scale
    ax.set_ylim(low, high + (high - low) * 0.12)
    fig.legend(loc="outside lower center", ncol=2, fontsize=9.5)
    return fig


def _label(tr: Translator, value: float, unit: str) -> str:
    return tr.percent(value) if unit == "percent" else tr.number(value)


def bar_figure(
    tr: Translator,
    categories: Sequence[str],
    stacks: dict[str, Sequence[float]],
    *,
    x_label: str,
    reference: tuple[float, str] | None = None,
    money: bool = True,
) -> Figure:
    """Horizontal bars, stacked by ``stacks`` (label -> one value per category).

    ``reference`` draws a vertical line with a label, e.g. an equal share per goal.
    """
    height = 1.2 + 0.55 * len(categories)
    fig, ax = new_figure(7.5, height)
    ax.grid(True, axis="x", color=STYLE["grid.color"])
    ax.grid(False, axis="y")
    colours = [BLUE, LIGHT, ORANGE, GREY]
    hatches = ["", "//", "..", "xx"]
    left = [0.0] * len(categories)
    positions = list(range(len(categories)))[::-1]
    for (label, values), colour, hatch in zip(stacks.items(), colours, hatches, strict=False):
        ax.barh(
            positions,
            values,
            left=left,
            color=colour,
            hatch=hatch,
            edgecolor=INK,
            linewidth=0.6,
            label=label,
            height=0.6,
        )
        left = [a + b for a, b in zip(left, values, strict=True)]
    for pos, total in zip(positions, left, strict=True):
        text = tr.money(total) if money else tr.number(total)
        ax.annotate(
            text,
            (total, pos),
            textcoords="offset points",
            xytext=(4, 0),
            va="center",
            fontsize=10,
            color=INK,
        )
    if reference is not None:
        ax.axvline(reference[0], color=INK, linestyle="--", linewidth=1.2, label=reference[1])
    ax.set_yticks(positions, categories)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: tr.number(v)))
    ax.set_xlabel(x_label)
    ax.set_xlim(0, max([*left, reference[0] if reference else 0]) * 1.22 or 1)
    if len(stacks) > 1 or reference is not None:
        fig.legend(loc="outside lower center", ncol=3, fontsize=9.5)
    return fig


#: Colours of a PNG after quantising: the house palette, its anti-aliasing and text.
PNG_COLOURS = 64


def png(fig: Figure) -> bytes:
    """The figure as PNG bytes (150 dpi: sharp at 200 % zoom); the figure is closed.

    The image is quantised to a palette of :data:`PNG_COLOURS` colours, without dithering:
    a chart has few colours, and a palette PNG is a quarter of the size (a page of six
    charts stays well under 400 KB).
    """
    from PIL import Image

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=STYLE["savefig.dpi"], facecolor="white")
    plt.close(fig)
    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    palette = image.quantize(
        colors=PNG_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()


def year_axis(ax: plt.Axes, first: float, last: float) -> None:
    """Ticks at the start of each year, labelled with the year, between the two bounds."""
    years = list(range(int(first), int(last) + 2))
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(first, last)


def monthly_figure(
    tr: Translator,
    months: Sequence[tuple[float, float]],
    *,
    unit: str,
    y_label: str,
    moving: Sequence[tuple[float, float]] = (),
    marks: Sequence[tuple[float, float]] = (),
    labels: dict[str, str],
    decimals: int | None = None,
) -> Figure:
    """A monthly history: each month thin and grey, its 12-month moving average thick, and
    marked points (the report's values) with their numbers at ``decimals``.

    Points are (decimal year, value); ``labels`` names the legend entries: monthly,
    moving, marks. A mark's number stands on the side away from the moving average.
    """
    fig, ax = new_figure(7.5, 3.6)
    xs = [x for x, _ in months]
    ax.plot(
        xs, [y for _, y in months], color=GREY, linewidth=1.3, label=labels["monthly"], zorder=2
    )
    if moving:
        ax.plot(
            [x for x, _ in moving],
            [y for _, y in moving],
            color=BLUE,
            linewidth=2.6,
            label=labels["moving"],
            zorder=3,
        )
    if marks:
        ax.plot(
            [x for x, _ in marks],
            [y for _, y in marks],
            linestyle="none",
            marker="D",
            markersize=8,
            color=ORANGE,
            markeredgecolor=INK,
            label=labels["marks"],
            zorder=4,
        )
        for x, y in marks:
            near = min(moving, key=lambda p: abs(p[0] - x), default=None)
            below = near is not None and y < near[1]
            text = tr.percent(y, decimals) if unit == "percent" else tr.number(y, decimals)
            ax.annotate(
                text,
                (x, y),
                textcoords="offset points",
                xytext=(0, -16 if below else 10),
                ha="center",
                va="top" if below else "baseline",
                color=INK,
                fontsize=10,
                fontweight="bold",
            )
    ax.yaxis.set_major_formatter(value_formatter(tr, unit))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    low, high = ax.get_ylim()
    ax.set_ylim(0 if unit in ("count", "percent") else low, high + (high - low) * 0.12)
    year_axis(ax, int(min(xs)), max(xs) + 1 / 24)
    ax.set_ylabel(y_label)
    fig.legend(loc="outside lower center", ncol=3, fontsize=9.5)
    return fig


# Line styles that tell the areas apart without colour (WCAG 1.4.1).
AREA_STYLES = ["--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 3))]


def areas_figure(
    tr: Translator,
    lines: dict[str, Sequence[tuple[float, float]]],
    *,
    home: str,
    unit: str,
    y_label: str,
    reference: Sequence[str] = (),
) -> Figure:
    """One line per area over time, each named at its right end; the home area thick and
    coloured, the others grey in distinct line styles, reference areas (the whole country)
    black and dotted."""
    fig, ax = new_figure(7.5, 4.4)
    ends = []
    style = iter(AREA_STYLES * 3)
    for name, points in lines.items():
        xs, ys = [x for x, _ in points], [y for _, y in points]
        if name == home:
            ax.plot(xs, ys, color=BLUE, linewidth=3.0, zorder=4)
            colour, weight = BLUE, "bold"
        elif name in reference:
            ax.plot(xs, ys, color=INK, linewidth=1.6, linestyle=":", zorder=3)
            colour, weight = INK, "normal"
        else:
            ax.plot(xs, ys, color=GREY, linewidth=1.4, linestyle=next(style), zorder=2)
            colour, weight = GREY, "normal"
        ends.append([ys[-1], name, colour, weight, xs[-1]])
    ax.yaxis.set_major_formatter(value_formatter(tr, unit))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    low, high = ax.get_ylim()
    ax.set_ylim(0 if unit in ("count", "percent") else low, high)
    first = min(x for points in lines.values() for x, _ in points)
    last = max(x for points in lines.values() for x, _ in points)
    year_axis(ax, int(first), last + 1 / 24)
    # Names at the right end of each line, spread apart so that none overlaps another
    # (pushed up, then the group re-centred on the line ends), with a leader line to the end.
    low, high = ax.get_ylim()
    gap = (high - low) * 0.05
    ends.sort()
    placed = [end[0] for end in ends]
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    shift = sum(end[0] for end in ends) / len(ends) - sum(placed) / len(placed)
    placed = [max(low + gap / 2, y + shift) for y in placed]
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    span = last - int(first)
    for (y, name, colour, weight, x), label_y in zip(ends, placed, strict=True):
        ax.annotate(
            name,
            (x, y),
            xytext=(x + span * 0.04, label_y),
            textcoords="data",
            va="center",
            fontsize=10,
            color=colour,
            fontweight=weight,
            annotation_clip=False,
            arrowprops={"arrowstyle": "-", "color": colour, "linewidth": 0.8},
        )
    ax.set_ylabel(y_label)
    return fig
