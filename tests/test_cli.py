"""The ``seuranta`` command line (seuranta.cli): options and help texts."""

from __future__ import annotations

import pytest

from seuranta.cli import build_parser


@pytest.mark.parametrize(
    "argv",
    [
        ["-q", "clean"],
        ["clean", "-q"],
        ["clean", "--quiet", "--programme", "x"],
        ["render", "--force", "-q"],
        ["status", "--programme", "x", "--year", "2022", "-q"],
        ["verify", "-q", "--programme", "x", "--year", "2022"],
        ["new", "x", "-q"],
    ],
)
def test_the_quiet_option_works_before_and_after_the_command(argv):
    assert build_parser().parse_args(argv).quiet is True


@pytest.mark.parametrize("command", ["clean", "render", "new x"])
def test_without_the_quiet_option_the_command_talks(command):
    assert build_parser().parse_args(command.split()).quiet is False


def test_render_help_says_what_pdf_prints(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["render", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "one PDF book of all appendices per language" in text
    assert "each page to PDF" not in text
