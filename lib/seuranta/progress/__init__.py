"""Progress towards the targets: the method, what is compared, the sentences and the table.

``method`` rates one series (Statistics Canada, with the UNSD cross-check), ``comparisons``
picks the values a series is compared with, ``explain`` says the result in a sentence,
``indicators`` rates every series of a programme from the processed frame and ``status``
is the status table and the ``seuranta status`` command. The method itself, its formulas
and decided edge cases are in docs/progress-method.md. Other layers import from here.
"""

from seuranta.progress.comparisons import (
    SINCE_PREVIOUS,
    SincePrevious,
    like_for_like,
    moving_average,
    since_previous,
    turned_worse,
)
from seuranta.progress.explain import explain, explain_since_previous
from seuranta.progress.indicators import (
    COLUMNS,
    PREVIOUS_COLUMNS,
    add_previous,
    assess_indicators,
)
from seuranta.progress.method import (
    CROSSCHECK_STATUSES,
    REASONS,
    STATUSES,
    TRENDS,
    Assessment,
    Point,
    assess,
    cagr,
    classify_crosscheck,
    classify_growth,
    classify_target_ratio,
    met_only_at_reported_precision,
    projection_path,
)
from seuranta.progress.status import status_command, status_table

__all__ = [
    "COLUMNS",
    "CROSSCHECK_STATUSES",
    "PREVIOUS_COLUMNS",
    "REASONS",
    "SINCE_PREVIOUS",
    "STATUSES",
    "TRENDS",
    "Assessment",
    "Point",
    "SincePrevious",
    "add_previous",
    "assess",
    "assess_indicators",
    "cagr",
    "classify_crosscheck",
    "classify_growth",
    "classify_target_ratio",
    "explain",
    "explain_since_previous",
    "like_for_like",
    "met_only_at_reported_precision",
    "moving_average",
    "projection_path",
    "since_previous",
    "status_command",
    "status_table",
    "turned_worse",
]
