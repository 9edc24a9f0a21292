"""Every series of a programme rated, from the processed indicator frame: the progress table.

:func:`assess_indicators` picks each series' observations and target from the tidy frame
(the newest report wins where several give a period), chooses the two values to compare
and rates them with :func:`~seuranta.progress.method.assess`; :func:`add_previous` adds the
change since the previous report. See docs/progress-method.md.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from seuranta.dataset import latest_view
from seuranta.parse import period_to_years
from seuranta.progress.comparisons import SincePrevious, like_for_like, since_previous
from seuranta.progress.method import Assessment, Point, assess

if TYPE_CHECKING:
    from seuranta.programme import Programme

#: The columns of :func:`assess_indicators`' table, in order.
COLUMNS = (
    "goal",
    "indicator",
    "series",
    "direction",
    "unit",
    "baseline_period",
    "baseline_value",
    "latest_period",
    "latest_value",
    "target_period",
    "target_value",
    "comparison",  # one of COMPARISONS: what was compared
    "compared_from_period",  # the two values the status rests on: the like-for-like pair,
    "compared_from_value",  # or the report's baseline and latest value (as_reported)
    "compared_to_period",
    "compared_to_value",
    "status",
    "ratio",
    "crosscheck_status",
    "crosscheck_ratio",
    "projected",
    "reason",
    "note",  # why a series could not be assessed at all (invalid_input), in English
    "trend",
    "assessment",  # the Assessment itself, for explain()
    "history",  # every observation of the series (Points), for like-for-like comparisons
)
#: Columns :func:`add_previous` adds beside the assessment.
PREVIOUS_COLUMNS = (
    "previous_report",
    "previous_period",  # the previous value compared: the like-for-like one where the
    "previous_value",  # series' comparison rule finds it, else the previous report's latest
    "previous_comparison",
    "change_since_previous",
    "since_previous",
)


def _points(rows: pd.DataFrame) -> list[Point]:
    points = [Point(str(p), float(v)) for p, v in zip(rows["period"], rows["value"], strict=True)]
    return sorted(points, key=lambda p: period_to_years(p.period))


def _anchors(rows: pd.DataFrame, observations: list[Point]) -> tuple[Point, Point]:
    """The report's baseline and latest value: the newest report's Table 1 roles."""
    baseline, latest = observations[0], observations[-1]
    if "role" not in rows.columns or "report_year" not in rows.columns:
        return baseline, latest
    for role in ("baseline", "status"):
        mine = rows[rows["role"] == role]
        if mine.empty:
            continue
        newest = mine[mine["report_year"] == mine["report_year"].max()]
        points = _points(newest)
        if role == "baseline":
            baseline = points[0]
        else:
            latest = points[-1]
    return baseline, latest


def _unassessable(direction: str, note: str) -> tuple[Assessment, str]:
    """The row of a series whose input the method cannot take (docs/progress-method.md,
    "Checked input")."""
    a = Assessment(
        status="not_available",
        method="no_target",
        ratio=None,
        baseline=None,
        latest=None,
        target=None,
        direction=direction,
        crosscheck_status="not_available",
        crosscheck_ratio=None,
        projected=None,
        reason="invalid_input",
        trend="unknown",
    )
    return a, note


def assess_indicators(indicators: pd.DataFrame, programme: Programme) -> pd.DataFrame:
    """One row per (goal, indicator, series) of ``programme``, in programme order.

    ``indicators`` is the processed tidy frame (columns goal, indicator, series, kind,
    period, value, report_year, ...). Rows with a missing value are not observations. Where
    several reports give the same period, the newest report's value is used. Where a series
    has several target periods, the last one (the programme's end target) is used.
    Indicators with no rows get a row with status not_available. A series the method
    cannot take (periods out of order, a target not after the baseline, a value that is not
    a finite number) gets not_available with the reason ``invalid_input`` and the error in
    ``note``: one bad series never stops the others.
    """
    needed = {"indicator", "series", "kind", "period", "value"}
    missing = needed - set(indicators.columns)
    if missing and len(indicators):
        raise ValueError(f"indicator frame: missing column(s) {', '.join(sorted(missing))}")
    frame = indicators if not missing else pd.DataFrame(columns=sorted(needed))
    if "report_year" in frame.columns and len(frame):
        # Several reports may give the same period: one rule for it, the newest report wins.
        frame = latest_view(frame, int(frame["report_year"].max()))
    frame = frame[frame["value"].notna()]
    frame = frame.assign(period=frame["period"].astype(str))
    ordered = sorted(programme.indicators, key=lambda i: i.goal)  # stable: programme order
    rows = []
    for indicator in ordered:
        for series in indicator.series:
            mine = frame[(frame["indicator"] == indicator.id) & (frame["series"] == series.id)]
            note = None
            comparison = "as_reported"
            history: list[Point] = []
            reported = (None, None)
            try:
                observed = mine[mine["kind"] == "observation"]
                history = observations = _points(observed)
                if observations:
                    # One baseline per series: the report's own (its Table 1 roles), on
                    # every page and report year; the like-for-like pair is its own figure.
                    reported = baseline, latest = _anchors(observed, observations)
                    baseline, latest, comparison = like_for_like(
                        observations, baseline, latest, series.comparison
                    )
                    observations = [baseline, latest] if baseline != latest else [latest]
                targets = _points(mine[mine["kind"] == "target"])
                a = assess(
                    observations,
                    targets[-1] if targets else None,
                    indicator.direction,
                    indicator.decimals,
                    indicator.margin,
                )
            except ValueError as err:
                a, note = _unassessable(
                    indicator.direction,
                    f'indicator "{indicator.id}", series "{series.id}": {err}',
                )
                reported = (None, None)
            base, last = reported
            rows.append(
                {
                    "goal": indicator.goal,
                    "indicator": indicator.id,
                    "series": series.id,
                    "direction": indicator.direction,
                    "unit": indicator.unit,
                    "baseline_period": base.period if base else None,
                    "baseline_value": base.value if base else math.nan,
                    "latest_period": last.period if last else None,
                    "latest_value": last.value if last else math.nan,
                    "target_period": a.target.period if a.target else None,
                    "target_value": a.target.value if a.target else math.nan,
                    "comparison": comparison,
                    "compared_from_period": a.baseline.period if a.baseline else None,
                    "compared_from_value": a.baseline.value if a.baseline else math.nan,
                    "compared_to_period": a.latest.period if a.latest else None,
                    "compared_to_value": a.latest.value if a.latest else math.nan,
                    "status": a.status,
                    "ratio": math.nan if a.ratio is None else a.ratio,
                    "crosscheck_status": a.crosscheck_status,
                    "crosscheck_ratio": math.nan
                    if a.crosscheck_ratio is None
                    else a.crosscheck_ratio,
                    "projected": math.nan if a.projected is None else a.projected,
                    "reason": a.reason,
                    "note": note,
                    "trend": a.trend,
                    "assessment": a,
                    "history": history,
                }
            )
    result = pd.DataFrame(rows, columns=list(COLUMNS))
    return result.astype(
        {
            "goal": "int64",
            "baseline_value": "float64",
            "latest_value": "float64",
            "target_value": "float64",
            "compared_from_value": "float64",
            "compared_to_value": "float64",
            "ratio": "float64",
            "crosscheck_ratio": "float64",
            "projected": "float64",
        }
    )


def add_previous(
    table: pd.DataFrame,
    previous: pd.DataFrame | None,
    previous_report: int | None,
    programme: Programme,
) -> pd.DataFrame:
    """``table`` (from :func:`assess_indicators`) with the :data:`PREVIOUS_COLUMNS`.

    ``previous`` is the assessment table of the previous report year (None where there is
    none); its latest value of each series is the "previous" value, or, for a seasonal
    series, the value the series' comparison rule pairs with the latest one (the same rule
    as since the baseline). A ``since`` column holds
    the :class:`SincePrevious` itself, for :func:`explain_since_previous`.
    """
    latest_before = {}
    if previous is not None:
        for row in previous.itertuples():
            if not pd.isna(row.latest_value):
                latest_before[(row.indicator, row.series)] = Point(
                    row.latest_period, row.latest_value
                )
    records = []
    for row in table.itertuples():
        indicator = programme.indicator(row.indicator)
        series = indicator.series_by_id(row.series)
        before = latest_before.get((row.indicator, row.series))
        latest = None if pd.isna(row.latest_value) else Point(row.latest_period, row.latest_value)
        comparison = "as_reported"
        try:
            if before is not None and latest is not None:
                # The same like-for-like rule as "since the baseline" (comparisons.py).
                before, latest, comparison = like_for_like(
                    row.history, before, latest, series.comparison
                )
            sp = since_previous(
                before,
                latest,
                indicator.direction,
                indicator.decimals,
                previous_report if previous is not None else None,
                indicator.margin,
            )
        except ValueError:
            sp = SincePrevious(previous_report, before, None, None, "not_available")
        records.append(
            {
                "previous_report": previous_report if previous is not None else None,
                "previous_period": before.period if before is not None else None,
                "previous_value": before.value if before is not None else math.nan,
                "previous_comparison": comparison,
                "change_since_previous": math.nan if sp.change is None else sp.change,
                "since_previous": sp.status,
                "since": sp,
            }
        )
    extra = pd.DataFrame(records, index=table.index)
    kept = table.drop(columns=["assessment", "history"])
    out = pd.concat([kept, extra, table[["assessment", "history"]]], axis=1)
    return out.astype(
        {
            "previous_report": "Int64",
            "previous_value": "float64",
            "change_since_previous": "float64",
        }
    )
