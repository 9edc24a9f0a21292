"""The kinds of figure the appendix sections draw, each in the house style
(:mod:`seuranta.pages.charts`) and each drawable wide or narrow (``narrow=True``, for a
phone; :func:`seuranta.pages.charts.pair` draws both):

- :func:`indicator_figure`: a series' observations, its target, the straight path to it and
  the observed trend carried on;
- :func:`series_figure`: several series of one indicator, a few values each, together;
- :func:`monthly_figure`: a monthly history with its 12-month moving average;
- :func:`areas_figure`: small multiples, a panel per area (the peer comparison);
- :func:`bar_figure`: horizontal stacked bars (spending by goal).

Points are (decimal year, value) pairs, values at the mid-point of their period as in
:mod:`seuranta.progress.method`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator, MultipleLocator

from seuranta.i18n import Translator
from seuranta.pages.charts import (
    BLUE,
    GREEN,
    GREY,
    INK,
    LABEL_BOX,
    LEGEND_ROW,
    LIGHT,
    NARROW,
    ORANGE,
    SMALL,
    STEPS,
    STYLE,
    WIDE,
    HouseFigure,
    fix_margins,
    legend,
    mark_data,
    name_lines,
    names_room,
    new_figure,
    value_formatter,
    value_label,
    year_axis,
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
            value_label(tr, y, unit, decimals),
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
            value_label(tr, target[1], unit, decimals),
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
    legend(fig, narrow, 2)
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
                value_label(tr, y, unit, decimals),
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
    name_lines(ax, ends, years[1] + 1 - years[0])
    ax.set_ylabel(y_label)
    fix_margins(fig, right=names_room(lines, narrow), mark=bool(mark))
    mark_data(fig, mark)
    return fig


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
    # a long name ("Programmets gemensamma kostnader") on lines of its own on a phone,
    # so that the bars keep their width
    ax.set_yticks(positions, [textwrap.fill(c, 18) if narrow else c for c in categories])
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: tr.number(v)))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=3 if narrow else 6, steps=STEPS))
    ax.set_xlabel(x_label)
    ax.set_xlim(0, max([*left, reference[0] if reference else 0]) * (1.45 if narrow else 1.25) or 1)
    if len(stacks) > 1 or reference is not None:
        legend(fig, narrow, 3)
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
                value_label(tr, y, unit, decimals),
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
    legend(fig, narrow, 3)
    entries = 1 + bool(moving) + bool(marks)
    fix_margins(fig, legend_rows=entries if narrow else 1, right=0.35, mark=bool(mark))
    mark_data(fig, mark)
    return fig


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
    """Small multiples: one panel per other area, named above it and drawn dark, each with
    the home area (thick, blue) and the reference areas (the whole country, dotted) behind
    it for comparison; the panels share their axes, the legend fills the last place.

    Every area is found by its name (a panel title) rather than told apart by a line style
    among five grey ones; no leader line crosses a name.
    """
    others = [name for name in lines if name != home and name not in reference]
    cols = 2 if narrow else 3
    # wide: the legend takes the place after the last panel; narrow: it stands below them
    rows = -(-(len(others) + (0 if narrow else 1)) // cols)
    # a long entry wraps: the legend's place is one panel wide
    names = [textwrap.fill(n, 22) for n in (home, *reference, tr("report.peers.panel_area"))]
    entries = sum(n.count("\n") + 1 for n in names)  # lines of the legend
    # Margins in inches, set by hand: a constrained layout of the panels costs seconds.
    width = NARROW if narrow else WIDE
    panel_h, row_gap, col_gap = (1.45 if narrow else 1.3), 0.62, 0.18
    left, right, top = 0.8, 0.1, 0.3 + (0.3 if mark else 0)
    bottom = 0.4 + (entries * LEGEND_ROW + 0.1 if narrow else 0)
    height = top + rows * panel_h + (rows - 1) * row_gap + bottom
    panel_w = (width - left - right - (cols - 1) * col_gap) / cols
    with rc_context(STYLE):
        fig = HouseFigure(figsize=(width, height))
        grid = fig.add_gridspec(
            rows,
            cols,
            left=left / width,
            right=1 - right / width,
            bottom=bottom / height,
            top=1 - top / height,
            hspace=row_gap / panel_h,
            wspace=col_gap / panel_w,
        )
        panels: list = []
        for i in range(len(others)):  # only the panels drawn: each axes costs its time
            share = panels[0] if panels else None
            panels.append(fig.add_subplot(grid[i // cols, i % cols], sharex=share, sharey=share))
    first = min(x for points in lines.values() for x, _ in points)
    last = max(x for points in lines.values() for x, _ in points)
    years = list(range(int(first) + 1, int(last) + 1))
    step = -(-len(years) // (2 if narrow else 3))
    ticks = years[::-1][::step][::-1]
    for i, (ax, name) in enumerate(zip(panels, others, strict=True)):
        for ref in reference:
            ax.plot(*zip(*lines[ref], strict=True), color=INK, linewidth=1.2, linestyle=":")
        ax.plot(*zip(*lines[home], strict=True), color=BLUE, linewidth=1.8)
        ax.plot(*zip(*lines[name], strict=True), color=INK, linewidth=1.6)
        # the name as a plain text above the panel (an axes title is placed at each draw)
        ax.text(0, 1.06, name, transform=ax.transAxes, fontsize=SMALL + 1, fontweight="bold")
        ax.grid(True, axis="y", color=STYLE["grid.color"], linewidth=STYLE["grid.linewidth"])
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.tick_params(labelsize=SMALL)
        ax.tick_params(axis="x", pad=8)
        # values on the left column only; years under the lowest panel of each column
        ax.tick_params(labelleft=i % cols == 0, labelbottom=i + cols >= len(others))
    first_ax = panels[0]
    first_ax.yaxis.set_major_formatter(value_formatter(tr, unit))
    first_ax.yaxis.set_major_locator(MaxNLocator(nbins=3, steps=STEPS))
    first_ax.set_xticks(ticks, [str(y) for y in ticks])
    first_ax.set_xlim(first, last + 1 / 24)
    low, high = first_ax.get_ylim()
    first_ax.set_ylim(0 if unit in ("count", "percent") else low, high)
    fig.supylabel(y_label, x=0.12 / width, fontsize=STYLE["axes.labelsize"], color=INK)
    handles = [Line2D([], [], color=BLUE, linewidth=1.8)]
    handles += [Line2D([], [], color=INK, linewidth=1.2, linestyle=":") for _ in reference]
    handles.append(Line2D([], [], color=INK, linewidth=1.6))
    if narrow:
        fig.legend(
            handles,
            names,
            loc="lower center",
            bbox_to_anchor=(0.5, 0.0),
            fontsize=SMALL,
            frameon=False,
        )
    else:
        slot = grid[len(others) // cols, len(others) % cols].get_position(fig)
        fig.legend(
            handles,
            names,
            loc="center left",
            bbox_to_anchor=(slot.x0, slot.y0, slot.width, slot.height),
            fontsize=SMALL,
            frameon=False,
        )
    mark_data(fig, mark)
    return fig
