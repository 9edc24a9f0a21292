"""Errors a user can act on.

The command line prints these as one line, without a traceback: they describe bad
input or a bad request, not a bug in the toolkit.
"""

from __future__ import annotations

from pathlib import Path


class SeurantaError(Exception):
    """An error caused by input or a request, reported to the user as one message."""


class InputError(SeurantaError):
    """Bad content in an input file, located by file, line and column where known.

    ``str(err)`` reads ``table1.csv:7: column "baseline": cannot read "9,4 %%" as a
    percentage``: the place first, then what was expected.
    """

    def __init__(
        self,
        path: str | Path,
        message: str,
        *,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        from seuranta.paths import display_path

        place = display_path(self.path)
        if self.line is not None:
            place += f":{self.line}"
        column = f' column "{self.column}":' if self.column is not None else ""
        return f"{place}:{column} {self.message}"


class MissingTranslation(SeurantaError):
    """A text key has no translation in the requested language."""

    def __init__(self, key: str, lang: str) -> None:
        self.key = key
        self.lang = lang
        super().__init__(f'missing translation: key "{key}" has no text in language "{lang}"')
