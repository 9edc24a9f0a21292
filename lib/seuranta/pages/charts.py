"""The house style of every figure in the appendices.

One palette that also works in greyscale and for colour-blind readers (each series also
differs by line style and marker), labelled axes with units, numbers on the axes in the
page's language (``12 000`` and ``9,4 %`` in Finnish), no chart junk. Figures are returned
as matplotlib Figures; :func:`svg` turns one into inline SVG and closes it.

Charts on the pages are inline SVG with their text kept as text (selectable, searchable,
sharp at any zoom). Every chart is drawn twice (:func:`pair`): at full width for a screen
or paper, and narrow for a phone (``narrow=True``: about 3.9 inches wide with text of at
least 10 points, so that at 375 CSS px the smallest text stays at 12 px or more; fewer
ticks; the legend in one column). The page shows the one that fits (``appendix.css``).

Time axes have their ticks at the start of each year, labelled with the year, so a value
of May 2023 stands just right of "2023". Values are placed at the mid-point of their
period, as in :mod:`seuranta.progress.method`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence

# No matplotlib.use() here: charts are Figure objects drawn straight to SVG, so importing
# this module leaves an analyst's backend as it is (plt.show() keeps working in JupyterLab);
# seuranta render sets MPLBACKEND=Agg for its own processes.
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
#: Width of a chart in inches: full (screen, paper) and narrow (a phone).
WIDE, NARROW = 7.5, 3.9
#: The smallest text in a chart, in points: 10 pt in a narrow chart is 12.5 CSS px at 375 px.
SMALL = 10
#: Nice steps for value axes (no 0/15/30/45).
STEPS = [1, 2, 2.5, 5, 10]
#: White behind a data label, so that a line drawn through it does not cross the text.
LABEL_BOX = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.9}


def new_figure(
    width: float = WIDE, height: float = 4.0, *, narrow: bool = False, fixed: bool = False
) -> tuple[Figure, plt.Axes]:
    """A figure in the house style; ``narrow`` for a phone (see the module docstring).

    ``fixed``: the caller sets the margins (:func:`fix_margins`) instead of matplotlib's
    constrained layout, which measures every text and costs a third of the drawing time.
    """
    if narrow:
        height = height * 1.1
        width = NARROW
    with plt.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout=None if fixed else "constrained")
        ax = fig.add_subplot()
    for key, value in STYLE.items():
        if key.startswith("axes.spines."):
            ax.spines[key.rsplit(".", 1)[1]].set_visible(value)
    ax.grid(True, axis="y", color=STYLE["grid.color"], linewidth=STYLE["grid.linewidth"])
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=STYLE["font.size"])
    return fig, ax


def value_formatter(tr: Translator, unit: str) -> FuncFormatter:
    """Axis ticks in the page's number format and the indicator's unit."""

    def fmt(value, _pos=None):
        return tr.percent(value) if unit == "percent" else tr.number(value)

    return FuncFormatter(fmt)


def year_axis(ax: plt.Axes, first: float, last: float, *, narrow: bool = False) -> None:
    """Ticks at the start of each year between the bounds, labelled with the year (every
    other year on a narrow chart that spans many)."""
    years = list(range(int(first), int(last) + 1))
    if narrow and len(years) > 4:
        years = years[:: (len(years) + 3) // 4]
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(first, last)


def mark_data(fig: Figure, text: str | None) -> None:
    """Write a data warning ("illustrative data") into the chart itself, top left, so that
    a screenshot of the chart alone still carries it."""
    if text:
        fig.text(
            0.01,
            0.99,
            text,
            ha="left",
            va="top",
            fontsize=SMALL,
            fontweight="bold",
            color=ORANGE,
            bbox={"boxstyle": "round,pad=0.25", "facecolor": "#fff4ce", "edgecolor": ORANGE},
        )


def _legend(fig: Figure, narrow: bool, ncol: int) -> None:
    if fig.get_layout_engine() is None:  # fixed margins: the legend sits in the bottom one
        fig.legend(
            loc="lower center",
            bbox_to_anchor=(0.5, 0.0),
            ncol=1 if narrow else ncol,
            fontsize=SMALL,
        )
    else:
        fig.legend(loc="outside lower center", ncol=1 if narrow else ncol, fontsize=SMALL)


#: Room in inches for the value axis (tick labels and the unit) and for the time axis.
LEFT, AXIS_BOTTOM, TOP = 0.95, 0.36, 0.22
LEGEND_ROW = 0.24  # one row of legend entries


def fix_margins(
    fig: Figure, *, legend_rows: int = 0, right: float = 0.25, mark: bool = False
) -> None:
    """Margins in inches for a figure drawn with ``fixed=True``: the value axis on the left,
    the time axis and ``legend_rows`` of legend below, ``right`` for names at line ends, and
    room at the top for a data mark."""
    width, height = fig.get_size_inches()
    bottom = AXIS_BOTTOM + legend_rows * LEGEND_ROW + (0.08 if legend_rows else 0)
    top = TOP + (0.3 if mark else 0)
    fig.subplots_adjust(
        left=LEFT / width,
        right=1 - right / width,
        bottom=bottom / height,
        top=1 - top / height,
    )


def indicator_figure(
    tr: Translator,
    observations: Sequence[tuple[float, float]],
    *,
    unit: str,
    y_label: str,
    target: tuple[float, float] | None = None,
    trend: Sequence[tuple[float, float]] = (),
    labels: dict[str, str],
    years: tuple[int, int] | None = None,
    scale: tuple[float, float] | None = None,
    decimals: int | None = None,
    mark: str | None = None,
    narrow: bool = False,
) -> Figure:
    """Observations, the target, the straight path to it and the observed trend carried on.

    ``observations`` and ``trend`` are (decimal year, value) pairs; ``target`` one such
    pair. ``labels`` names the legend entries: observed, target, path, trend. ``years`` is
    the first and last year of the time axis.
    """
    fig, ax = new_figure(narrow=narrow, fixed=True)
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
            zorder=2,
        )
    if trend:
        ax.plot(
            [x for x, _ in trend],
            [y for _, y in trend],
            linestyle=":",
            color=ORANGE,
            linewidth=2.2,
            label=labels["trend"],
            zorder=2,
        )
    ax.plot(
        xs,
        ys,
        marker="o",
        markersize=7,
        color=BLUE,
        linewidth=2.4,
        label=labels["observed"],
        zorder=3,
    )
    for x, y in observations:
        ax.annotate(
            _label(tr, y, unit, decimals),
            (x, y),
            textcoords="offset points",
            xytext=(0, 9),
            ha="center",
            color=INK,
            fontsize=SMALL,
            bbox=LABEL_BOX,
            zorder=5,
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
            zorder=4,
        )
        ax.annotate(
            _label(tr, target[1], unit, decimals),
            target,
            textcoords="offset points",
            xytext=(0, 11),
            ha="center",
            color=GREEN,
            fontsize=SMALL,
            fontweight="bold",
            bbox=LABEL_BOX,
            zorder=5,
        )
    ax.yaxis.set_major_formatter(value_formatter(tr, unit))
    # whole steps on a 1-5 score, nice steps elsewhere
    ax.yaxis.set_major_locator(
        MultipleLocator(1) if scale else MaxNLocator(nbins=4 if narrow else 6, steps=STEPS)
    )
    if years:
        year_axis(ax, years[0], years[1] + 1, narrow=narrow)
    ax.set_ylabel(y_label)
    low, high = ax.get_ylim()
    if unit in ("count", "percent") and low > 0:
        low = 0  # counts and shares start at zero so that the slope is not exaggerated
    if scale is not None:
        low, high = scale
    ax.set_ylim(low, high + (high - low) * 0.12)
    entries = 1 + (target is not None) * 2 + bool(trend)
    _legend(fig, narrow, 2)
    fix_margins(fig, legend_rows=entries if narrow else (entries + 1) // 2, mark=bool(mark))
    mark_data(fig, mark)
    return fig


def series_figure(
    tr: Translator,
    lines: dict[str, Sequence[tuple[float, float]]],
    *,
    unit: str,
    y_label: str,
    years: tuple[int, int],
    decimals: int | None = None,
    mark: str | None = None,
    narrow: bool = False,
) -> Figure:
    """Several series of one indicator, each of a few values, drawn together compactly:
    one line per series with its values labelled and its name at its right end."""
    fig, ax = new_figure(height=3.4, narrow=narrow, fixed=True)
    styles = ["-", "--", "-.", ":"]
    markers = ["o", "s", "D", "^"]
    colours = [BLUE, ORANGE, GREY, GREEN]
    ends = []
    for i, (name, points) in enumerate(lines.items()):
        xs, ys = [x for x, _ in points], [y for _, y in points]
        colour = colours[i % len(colours)]
        ax.plot(
            xs,
            ys,
            linestyle=styles[i % len(styles)],
            marker=markers[i % len(markers)],
            color=colour,
            linewidth=2.2,
            markersize=6,
            zorder=3,
        )
        for x, y in points:
            ax.annotate(
                _label(tr, y, unit, decimals),
                (x, y),
                textcoords="offset points",
                xytext=(0, 8),
                ha="center",
                fontsize=SMALL,
                color=INK,
                bbox=LABEL_BOX,
                zorder=5,
            )
        ends.append([ys[-1], name, colour, xs[-1]])
    ax.yaxis.set_major_formatter(value_formatter(tr, unit))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4 if narrow else 5, steps=STEPS))
    low, high = ax.get_ylim()
    ax.set_ylim(0 if unit in ("count", "percent") and low > 0 else low, high * 1.1)
    year_axis(ax, years[0], years[1] + 1, narrow=narrow)
    _name_lines(ax, ends, years[1] + 1 - years[0])
    ax.set_ylabel(y_label)
    fix_margins(fig, right=_names_room(lines, narrow), mark=bool(mark))
    mark_data(fig, mark)
    return fig


def _names_room(lines, narrow: bool) -> float:
    """Inches to the right of the axes for the names at the line ends."""
    longest = max((len(name) for name in lines), default=0)
    return min(0.25 + 0.085 * longest, 1.6 if narrow else 2.2)


def _name_lines(ax: plt.Axes, ends: list, span: float) -> None:
    """Names at the right end of lines, spread apart so that none overlaps another (pushed
    up, then the group re-centred on the line ends), each with a leader line to its end."""
    low, high = ax.get_ylim()
    gap = (high - low) * 0.07
    ends.sort(key=lambda end: end[0])
    placed = [end[0] for end in ends]
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    shift = sum(end[0] for end in ends) / len(ends) - sum(placed) / len(placed)
    placed = [max(low + gap / 2, y + shift) for y in placed]
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    for (y, name, colour, x, *rest), label_y in zip(ends, placed, strict=True):
        weight = rest[0] if rest else "normal"
        ax.annotate(
            name,
            (x, y),
            xytext=(x + span * 0.04, label_y),
            textcoords="data",
            va="center",
            fontsize=SMALL,
            color=colour,
            fontweight=weight,
            annotation_clip=False,
            arrowprops={"arrowstyle": "-", "color": colour, "linewidth": 0.8},
        )


def _label(tr: Translator, value: float, unit: str, decimals: int | None = None) -> str:
    if unit == "percent":
        return tr.percent(value, decimals)
    return tr.number(value, decimals)


def bar_figure(
    tr: Translator,
    categories: Sequence[str],
    stacks: dict[str, Sequence[float]],
    *,
    x_label: str,
    reference: tuple[float, str] | None = None,
    money: bool = True,
    mark: str | None = None,
    narrow: bool = False,
) -> Figure:
    """Horizontal bars, stacked by ``stacks`` (label -> one value per category).

    ``reference`` draws a vertical line, named in the legend, e.g. an equal share per goal;
    the totals stand on a white ground so that the line never runs through them.
    """
    height = 1.4 + 0.55 * len(categories)
    fig, ax = new_figure(height=height, narrow=narrow)
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
            zorder=2,
        )
        left = [a + b for a, b in zip(left, values, strict=True)]
    if reference is not None:
        ax.axvline(
            reference[0], color=INK, linestyle="--", linewidth=1.2, label=reference[1], zorder=1
        )
    for pos, total in zip(positions, left, strict=True):
        text = tr.money(total) if money else tr.number(total)
        ax.annotate(
            text,
            (total, pos),
            textcoords="offset points",
            xytext=(4, 0),
            va="center",
            fontsize=SMALL,
            color=INK,
            bbox=LABEL_BOX,
            zorder=5,
        )
    ax.set_yticks(positions, categories)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: tr.number(v)))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=3 if narrow else 6, steps=STEPS))
    ax.set_xlabel(x_label)
    ax.set_xlim(0, max([*left, reference[0] if reference else 0]) * (1.45 if narrow else 1.25) or 1)
    if len(stacks) > 1 or reference is not None:
        _legend(fig, narrow, 3)
    mark_data(fig, mark)
    return fig


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
    mark: str | None = None,
    narrow: bool = False,
) -> Figure:
    """A monthly history: each month thin and grey, its 12-month moving average thick, and
    marked points (the report's values) with their numbers at ``decimals``.

    Points are (decimal year, value); ``labels`` names the legend entries: monthly,
    moving, marks. A mark's number stands on the side away from the moving average.
    """
    fig, ax = new_figure(height=3.6, narrow=narrow, fixed=True)
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
            ax.annotate(
                _label(tr, y, unit, decimals),
                (x, y),
                textcoords="offset points",
                xytext=(0, -16 if below else 10),
                ha="center",
                va="top" if below else "baseline",
                color=INK,
                fontsize=SMALL,
                fontweight="bold",
                bbox=LABEL_BOX,
                zorder=5,
            )
    ax.yaxis.set_major_formatter(value_formatter(tr, unit))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4 if narrow else 5, steps=STEPS))
    low, high = ax.get_ylim()
    ax.set_ylim(0 if unit in ("count", "percent") else low, high + (high - low) * 0.12)
    year_axis(ax, int(min(xs)), max(xs) + 1 / 24, narrow=narrow)
    ax.set_ylabel(y_label)
    _legend(fig, narrow, 3)
    entries = 1 + bool(moving) + bool(marks)
    fix_margins(fig, legend_rows=entries if narrow else 1, right=0.35, mark=bool(mark))
    mark_data(fig, mark)
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
    mark: str | None = None,
    narrow: bool = False,
) -> Figure:
    """One line per area over time, each named at its right end; the home area thick and
    coloured, the others grey in distinct line styles, reference areas (the whole country)
    black and dotted."""
    fig, ax = new_figure(height=4.4, narrow=narrow, fixed=True)
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
        ends.append([ys[-1], name, colour, xs[-1], weight])
    ax.yaxis.set_major_formatter(value_formatter(tr, unit))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4 if narrow else 5, steps=STEPS))
    low, high = ax.get_ylim()
    ax.set_ylim(0 if unit in ("count", "percent") else low, high)
    first = min(x for points in lines.values() for x, _ in points)
    last = max(x for points in lines.values() for x, _ in points)
    year_axis(ax, int(first), last + 1 / 24, narrow=narrow)
    _name_lines(ax, ends, last - int(first))
    ax.set_ylabel(y_label)
    fix_margins(fig, right=_names_room(lines, narrow), mark=bool(mark))
    mark_data(fig, mark)
    return fig


# -- output ---------------------------------------------------------------------------------


def pair(draw: Callable[[bool], Figure], prefix: str) -> tuple[str, str]:
    """The chart drawn wide and narrow (``draw(narrow)``), as two inline SVGs."""
    return svg(draw(narrow=False), f"{prefix}w"), svg(draw(narrow=True), f"{prefix}n")


_ID = re.compile(r'\bid="([^"]+)"')


def svg(fig: Figure, prefix: str = "c") -> str:
    """The figure as an inline ``<svg>`` element (text kept as text); the figure is closed.

    The same figure gives the same bytes (no date, a fixed hash salt), and every id inside
    is prefixed with ``prefix`` so that several charts on one page never share an id.
    """
    buffer = io.StringIO()
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "seuranta"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    # matplotlib's RDF metadata ("image/svg+xml", the creator) would be read as page text.
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    ids = set(_ID.findall(text))
    for old in sorted(ids, key=len, reverse=True):
        text = text.replace(f'id="{old}"', f'id="{prefix}-{old}"')
        text = text.replace(f"#{old})", f"#{prefix}-{old})").replace(
            f'"#{old}"', f'"#{prefix}-{old}"'
        )
    # Coordinates to two decimals: a quarter of the size, no visible difference.
    text = re.sub(r"(\d+\.\d{2})\d+", r"\1", text)
    return text.strip()


#: Colours of a PNG after quantising: the house palette, its anti-aliasing and text.
PNG_COLOURS = 64


def png(fig: Figure) -> bytes:
    """The figure as PNG bytes (150 dpi), quantised to :data:`PNG_COLOURS` colours without
    dithering; the figure is closed. For uses outside the pages (the pages use SVG)."""
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
