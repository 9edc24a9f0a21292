"""The house style of every figure in the appendices, and the figure as inline SVG.

One palette that also works in greyscale and for colour-blind readers (each series also
differs by line style and marker), labelled axes with units, numbers on the axes in the
page's language (``12 000`` and ``9,4 %`` in Finnish), no chart junk. Figures are returned
as matplotlib Figures; :func:`svg` turns one into inline SVG and closes it. The kinds of
figure the pages draw are in :mod:`seuranta.pages.figures`; an analyst draws an own chart
on :func:`new_figure`.

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
from collections.abc import Callable

# No matplotlib.use() here: charts are Figure objects drawn straight to SVG, so importing
# this module leaves an analyst's backend as it is (plt.show() keeps working in JupyterLab);
# seuranta render sets MPLBACKEND=Agg for its own processes.
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from seuranta.i18n import Translator
from seuranta.pages.declutter import declutter

# Okabe-Ito based; dark enough for 3:1 contrast against white as graphics (WCAG 1.4.11).
INK = "#1a1a1a"
BLUE = "#00558c"
ORANGE = "#b35900"
GREEN = "#0b6e3a"
GREY = "#5c5c5c"
LIGHT = "#9ecae1"
#: Text on the pale yellow of a data mark: 7:1 (the orange frame measures only 4,4:1).
MARK_INK = "#7a3c00"
MARK_GROUND = "#fff4ce"

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


class HouseFigure(Figure):
    """A figure that shows itself in JupyterLab as an image wherever it is displayed.

    The house style draws on a bare :class:`~matplotlib.figure.Figure` (no pyplot state, so
    nothing leaks between charts), which Jupyter shows as ``<Figure size ...>`` until
    pyplot has loaded the inline backend; this one draws itself as PNG.
    """

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png")
        return buffer.getvalue()


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
        fig = HouseFigure(figsize=(width, height), layout=None if fixed else "constrained")
        ax = fig.add_subplot()
    for key, value in STYLE.items():
        if key.startswith("axes.spines."):
            ax.spines[key.rsplit(".", 1)[1]].set_visible(value)
    ax.grid(True, axis="y", color=STYLE["grid.color"], linewidth=STYLE["grid.linewidth"])
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=STYLE["font.size"])
    # the first time label keeps clear of the lowest value label in the corner
    ax.tick_params(axis="x", pad=8)
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
    a screenshot of the chart alone still carries it. It stands above the axes (the
    figure kinds leave room for it, ``fix_margins(mark=True)``), dark on pale yellow."""
    if text:
        fig.text(
            0.01,
            0.99,
            text,
            ha="left",
            va="top",
            fontsize=SMALL,
            fontweight="bold",
            color=MARK_INK,
            bbox={"boxstyle": "round,pad=0.25", "facecolor": MARK_GROUND, "edgecolor": ORANGE},
        )
        if fig.get_layout_engine() is not None:  # constrained layout: keep the axes below it
            fig.get_layout_engine().set(rect=(0, 0, 1, 1 - 0.3 / fig.get_size_inches()[1]))


def legend(fig: Figure, narrow: bool, ncol: int) -> None:
    """The legend below the axes: in one column on a narrow chart."""
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


# -- what the figure kinds share (seuranta.pages.figures) -----------------------------------


def names_room(lines, narrow: bool) -> float:
    """Inches to the right of the axes for the names at the line ends."""
    longest = max((len(name) for name in lines), default=0)
    return min(0.25 + 0.085 * longest, 1.6 if narrow else 2.2)


def name_lines(ax: plt.Axes, ends: list, span: float) -> None:
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


def value_label(tr: Translator, value: float, unit: str, decimals: int | None = None) -> str:
    """A value written on a chart, in the page's number format (a share with its % sign)."""
    if unit == "percent":
        return tr.percent(value, decimals)
    return tr.number(value, decimals)


# -- output ---------------------------------------------------------------------------------


def pair(draw: Callable[[bool], Figure], prefix: str) -> tuple[str, str]:
    """The chart drawn wide and narrow (``draw(narrow)``), as two inline SVGs."""
    return svg(draw(narrow=False), f"{prefix}w"), svg(draw(narrow=True), f"{prefix}n")


_ID = re.compile(r'\bid="([^"]+)"')


def svg(fig: Figure, prefix: str = "c") -> str:
    """The figure as an inline ``<svg>`` element (text kept as text); the figure is closed.

    The same figure gives the same bytes (no date, a fixed hash salt), and every id inside
    is prefixed with ``prefix`` so that several charts on one page never share an id. Its
    texts are first moved apart (:func:`seuranta.pages.declutter.declutter`).
    """
    declutter(fig)
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
