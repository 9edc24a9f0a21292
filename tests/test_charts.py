"""The house style of the figures (seuranta.pages.charts)."""

from __future__ import annotations

from IPython.core.interactiveshell import InteractiveShell

from seuranta.pages import charts


def test_a_house_style_figure_shows_as_an_image_in_jupyter():
    # A shell without pyplot's inline backend, as JupyterLab is before any plt.subplots().
    shell = InteractiveShell.instance()
    fig, ax = charts.new_figure()
    ax.plot([2019, 2022], [8.0, 9.4])
    shown, _ = shell.display_formatter.format(fig)
    assert shown["image/png"].startswith(b"\x89PNG\r\n\x1a\n")


def test_a_narrow_figure_is_a_phone_width():
    wide, _ = charts.new_figure()
    narrow, _ = charts.new_figure(narrow=True)
    assert narrow.get_figwidth() == charts.NARROW < wide.get_figwidth() == charts.WIDE
