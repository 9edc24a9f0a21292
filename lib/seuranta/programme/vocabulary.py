"""The closed lists of a programme definition's words, each defined once.

The schema offers them as enums, the model documents its fields by them and the progress
method checks its arguments against them.
"""

from __future__ import annotations

#: Which way is better for an indicator.
DIRECTIONS = ("higher", "lower")
#: ``period_precision``: what a Table 1 period of the indicator stands for (see
#: docs/progress-method.md, "Survey scores are dated by their survey year").
PERIOD_PRECISIONS = ("year",)
#: How a series' baseline and latest value are chosen for the assessment
#: (docs/progress-method.md, "Seasonal monthly series").
COMPARISONS = ("as_reported", "same_month", "rolling_12_months")
#: How often an indicator's value is published (its ``frequency``).
FREQUENCIES = ("monthly", "quarterly", "annual", "biennial", "irregular")
#: An accessibility statement's conformance status (Act 306/2019, the EU model statement).
CONFORMANCE = ("full", "partial", "none")
