"""The progress bar of ``seuranta render`` on a terminal (tqdm), with the log kept above it.

Imported only when something must render: tqdm costs a run with nothing to do.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from typing import Any

import tqdm
from tqdm.contrib.logging import logging_redirect_tqdm


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(total: int, show: bool | None, log: logging.Logger) -> Any:
    """A bar of ``total`` pages: shown when ``show``, or by default on a terminal; never
    when ``log`` would not say INFO (``--quiet``)."""
    if show is False or not log.isEnabledFor(logging.INFO):
        return _NoBar()
    tqdm.tqdm.monitor_interval = 0  # no monitor thread: this process forks
    return tqdm.tqdm(
        total=total,
        desc="Rendering",
        unit="page",
        file=sys.stderr,
        disable=None if show is None else not show,
    )


@contextlib.contextmanager
def logging_above(bar: Any) -> Iterator[None]:
    """Log lines printed above a shown bar instead of through it."""
    if isinstance(bar, _NoBar) or getattr(bar, "disable", True):
        yield
        return
    with logging_redirect_tqdm():
        yield
