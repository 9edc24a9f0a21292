"""Progress of an indicator towards its target: the Statistics Canada method used by Open SDG.

Pure functions, no I/O. :func:`assess` rates one series, :func:`explain` says the result in
one sentence in Finnish, Swedish or English, :func:`assess_indicators` rates every series of
a programme.

Primary method (Statistics Canada, as in open-sdg/sdg-build ``sdg/ProgressMeasure.py`` and
Open SDG ``progress-methodology.md``)
---------------------------------------------------------------------------------------------
Compound annual growth rate between two observations, ``t`` in years::

    CAGR(v1, v0, t1, t0) = (v1 / v0) ** (1 / (t1 - t0)) - 1

``d = +1`` where a higher value is better, ``d = -1`` where a lower value is better. The
baseline is the earliest observation, the latest is the last one; observations in between
are not used, as in the method.

With a target ``(t_T, v_T)``:

* the latest value has reached the target (``v1 >= v_T`` where higher is better,
  ``v1 <= v_T`` where lower is better): ``target_achieved``;
* otherwise ``R = d * CAGR(v1, v0, t1, t0) / |CAGR(v_T, v0, t_T, t0)|``:
  ``R >= 0.95`` substantial_progress, ``0.6 <= R < 0.95`` moderate_progress,
  ``0 <= R < 0.6`` limited_progress, ``R < 0`` deterioration.

Without a target: ``p = d * CAGR(v1, v0, t1, t0)``; ``p >= 0.015`` substantial_progress,
``0.005 <= p < 0.015`` moderate_progress, ``0 <= p < 0.005`` limited_progress, ``p < 0``
deterioration.

No observation, or a single one: ``not_available`` (reason ``no_observations`` or
``one_observation``), unless a single value already meets the target.

Ratios are compared with the thresholds after rounding to 12 decimals, so that a value that
sits on a threshold by construction (``1.015 / 1`` over one year) is not pushed below it by
floating-point error; the ratio returned is not rounded.

Cross-check: the UNSD Progress Chart ratio
-------------------------------------------
The value projected to the target period from the observed growth rate, and the share of the
required change that it covers::

    v_proj = v0 * (1 + CAGR(v1, v0, t1, t0)) ** (t_T - t0)
    Q      = (v_proj - v0) / (v_T - v0)

``Q >= 0.95`` on_track, ``0.10 <= Q < 0.95`` fair_progress, ``Q < 0.10``
stagnation_or_regression. It is reported beside the primary status, never instead of it.
Without a target it is ``not_applicable``; where the growth rate is not defined it is
``not_available``. ``Q`` only means "share of the way" when the target lies on the better
side of the baseline; when the baseline already met the target (``d * (v_T - v0) <= 0``)
``Q`` is not returned (None) and the status is on_track if ``v_proj`` meets the target,
otherwise stagnation_or_regression.

Where this module departs from sdg-build, and why
-------------------------------------------------
* **Direction is required.** sdg-build silently treats an indicator without a direction as
  "lower is better", which turns every rising count into "deterioration". Here a missing
  or unknown direction is a ``ValueError``.

* **Real elapsed time.** sdg-build cuts ``2022-05`` to the year 2022, so five months count
  as zero or a whole year. Here every period is placed at the **mid-point of the interval
  it names**, as a decimal year (:func:`period_to_years`):

  - ``YYYY`` -> ``YYYY + 0.5`` (1 July);
  - ``YYYY-MM`` -> the middle of that month, ``YYYY + (days before the month + days in the
    month / 2) / days in the year`` (``2022-11`` -> 2022.874);
  - ``YYYY-MM-DD`` -> the middle of that day, ``YYYY + (day of year - 0.5) / days in the
    year`` (``2022-12-30`` -> 2022.996).

  Why the mid-point: it is the one rule that treats a year, a month and a day alike (each
  is an interval, located at its centre), and it is right for the commonest annual figure
  in the follow-up, a year average or an annual survey. For end-of-year stocks (population,
  jobs on 31 December) it places the value half a year early; for year averages an
  end-of-year rule would be half a year off the other way, so neither choice is error-free
  and the mid-point bounds the error at half a year for both kinds. Targets are placed the
  same way (``2025`` -> 2025.5). The unemployment shares of the follow-up are not annual
  figures: they come from the Ministry of Economic Affairs and Employment's register-based
  employment service statistics (työnvälitystilasto), a count of unemployed job seekers at
  the end of each month, so they are dated by their month (``2022-11``), not by a year.

* **Survey scores are dated by their survey year.** The business survey behind the score
  and share indicators is annual; Table 1 puts its values in the column "status
  30.12.2022", the report's date, not the survey's. An indicator declared with
  ``period_precision: year`` in the programme definition has each Table 1 date taken as
  the year it falls in (``2022-12-30`` -> ``2022``), so an annual survey sits at mid-year
  by the rule above, as the baseline survey (``2021``) does, and one survey year apart is
  one year of elapsed time. The Table 1 reproduction still prints the report's own dating.

* **A minimum elapsed time.** A growth rate is annualised: over a short span a small or
  seasonal change becomes a large yearly rate (one month's change raised to the twelfth
  power). As in sdg-build, which needs a whole year between the base year and the latest
  year, no rate is computed when the latest observation is less than
  :data:`MIN_ELAPSED_YEARS` (one year) after the baseline, less a tolerance of
  :data:`ELAPSED_TOLERANCE_YEARS` so that the same month or day a year apart qualifies in
  spite of leap days. Then the status is ``not_available`` with the reason ``too_short``
  (``target_achieved`` where the latest value already meets the target, which needs no
  rate), and there is no cross-check or projection.

  Sensitivity: between two periods of the same granularity (year to year, month to month)
  the elapsed time is the same under any consistent anchor, so all-annual series give the
  same CAGR as sdg-build. Only mixed granularity moves: ``2021`` -> ``2022-11`` is 1.37
  years at the mid-point and 0.87 years at the end of the year. A shorter elapsed time
  makes the observed CAGR larger in magnitude, so R or p moves away from zero but never
  changes sign: ``target_achieved`` and ``deterioration`` never depend on the convention,
  and the report's cases keep their statuses under either anchor (see the tests).

* **Zero, negative values and a sign change.** A positive baseline falling to zero has a
  defined growth rate, -100 % a year (``(0 / v0) ** (1 / t) - 1 = -1``): where higher is
  better that is a deterioration, where lower is better the largest possible improvement,
  and it is rated like any other rate. A baseline of zero or below, a negative latest
  value, or a change of sign has no defined rate (the ratio of values is undefined or
  negative, its fractional power complex). Then the status is ``not_available`` with the
  reason ``non_positive_value`` (or ``sign_change`` when the two values have opposite
  signs), and ratio, cross-check ratio and projection are None; the ``trend`` (plain
  direction of change) is still given. A target that is zero or negative and not yet met
  gives ``non_positive_target``: reaching zero needs an infinite log growth rate, so R is
  meaningless. A value that has already met such a target is ``target_achieved``.

* **Bounded scales.** Percentages (0-100) and scores (e.g. 1-5) are positive, so the growth
  rate is defined and the method is applied to the raw values, as Open SDG does. R compares
  two growth rates taken from the same baseline on the same scale, so for the small changes
  usual on a bounded scale it is close to the ratio of the observed to the required slope
  and hardly depends on where the scale starts. The projection is not clipped to the
  scale: a projected 104 % only says that the target (which lies inside the scale) will be
  passed, and the cross-check status stays right.

* **Baseline equal to the target.** The required growth rate is zero and R would divide by
  zero. The baseline met the target and the latest value does not, so the value has moved
  away from it: status ``deterioration``, ratio None, reason ``baseline_at_target``. A
  baseline beyond the target (already met, then lost) gives a negative R, deterioration,
  through ``|CAGR required|`` as in the method.

* **Checked input.** Periods must strictly increase in time, the target period must come
  after the baseline period, values must be finite numbers: otherwise :func:`assess`
  raises ``ValueError`` with the offending periods. sdg-build sorts and drops silently.
  :func:`assess_indicators` rates a whole programme and lets one bad series harm only its
  own row: that series gets ``not_available`` with the reason ``invalid_input`` and the
  error in its ``note``; every other series is rated as usual.

Which two values are compared
-----------------------------
The baseline and the latest value are the ones the report gives: the newest report's
baseline and status (its Table 1 roles), wherever they sit in a longer history that a
statistics file adds; without roles, the first and the last observation. A series may set
``comparison`` in the programme definition (:func:`like_for_like`):

* ``as_reported`` (default): the report's two values, as they are.
* ``same_month``: for a seasonal monthly series. The latest value (a month) is compared
  with **the same month of the baseline year**: the report's "9,4 % (2021)" is December
  2021, so the November 2022 status is compared with November 2021, a whole year apart,
  and summer peaks or winter troughs do not pass for a trend.
* ``rolling_12_months``: the means of the twelve months ending at the latest month and at
  the same month of the baseline year (both need twelve observed months).

Where the history lacks what the rule needs, the report's values are compared and the
``comparison`` column says ``as_reported``. ``baseline_period`` and ``latest_period`` are
always the periods actually compared (for 12-month means, their last months).

Since the previous report
-------------------------
Beside the assessment from the baseline, each series is compared with the value the
previous report year gave as its latest (:func:`since_previous`): ``change`` is latest
minus previous in the series' unit, and the change is ``improving``, ``worsening`` or
``unchanged`` by the indicator's direction, judged at the indicator's precision (a change
that rounds to zero at the precision the pages print is ``unchanged``). Where there is no
previous report, no previous or latest value, or no value newer than the previous one, it
is ``not_available``. The method's status is never changed by it; a series that improved
since the baseline but worsened since the previous report is said to have turned for the
worse (:func:`explain_since_previous`).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from seuranta.parse import PERIOD, period_to_years
from seuranta.programme.vocabulary import COMPARISONS, DIRECTIONS

if TYPE_CHECKING:
    from seuranta.i18n import Translator
    from seuranta.programme.model import Programme

STATUSES = (
    "target_achieved",
    "substantial_progress",
    "moderate_progress",
    "limited_progress",
    "deterioration",
    "not_available",
)
CROSSCHECK_STATUSES = (
    "on_track",
    "fair_progress",
    "stagnation_or_regression",
    "not_applicable",
    "not_available",
)
TRENDS = ("improving", "worsening", "unchanged", "unknown")
REASONS = (
    "no_observations",
    "one_observation",
    "too_short",
    "non_positive_value",
    "sign_change",
    "non_positive_target",
    "baseline_at_target",
    "invalid_input",
)
#: What an assessment compared (see "Which two values are compared").
#: How a series moved since the previous report (see :func:`since_previous`).
SINCE_PREVIOUS = ("improving", "worsening", "unchanged", "not_available")

#: No growth rate over a shorter span between baseline and latest (see the module docstring).
MIN_ELAPSED_YEARS = 1.0
#: The same month or day a year apart is 1 year give or take a leap day.
ELAPSED_TOLERANCE_YEARS = 0.01

# Statistics Canada thresholds: R with a target, p (growth rate per year) without.
TARGET_THRESHOLDS = (
    (0.95, "substantial_progress"),
    (0.6, "moderate_progress"),
    (0.0, "limited_progress"),
)
NO_TARGET_THRESHOLDS = (
    (0.015, "substantial_progress"),
    (0.005, "moderate_progress"),
    (0.0, "limited_progress"),
)
# UNSD Progress Chart thresholds on the share of the required change.
CROSSCHECK_THRESHOLDS = ((0.95, "on_track"), (0.10, "fair_progress"))

_DECIMALS = 12  # rounding before comparing with a threshold, against floating-point noise

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
    "status",
    "ratio",
    "crosscheck_status",
    "crosscheck_ratio",
    "projected",
    "reason",
    "note",  # why a series could not be assessed at all (invalid_input), in English
    "trend",
    "assessment",  # the Assessment itself, for explain()
)
#: Columns :func:`add_previous` adds beside the assessment.
PREVIOUS_COLUMNS = (
    "previous_report",
    "previous_period",
    "previous_value",
    "change_since_previous",
    "since_previous",
)


@dataclass(frozen=True)
class Point:
    """One value at one period (``"2021"``, ``"2022-05"`` or ``"2022-12-30"``)."""

    period: str
    value: float


@dataclass(frozen=True)
class Assessment:
    """The progress of one series; see the module docstring for the method."""

    status: str  # one of STATUSES
    method: str  # "target" or "no_target"
    ratio: float | None  # R (with a target) or p (without); None where not defined
    baseline: Point | None
    latest: Point | None
    target: Point | None
    direction: str
    crosscheck_status: str  # one of CROSSCHECK_STATUSES
    crosscheck_ratio: float | None  # UNSD Q
    projected: float | None  # value at the target period from the observed CAGR
    reason: str | None  # one of REASONS: why not_available, or why a deterioration has no R
    trend: str  # one of TRENDS: the direction of change in plain terms
    growth: float | None = None  # the observed CAGR, where it is defined


# -- time ----------------------------------------------------------------------------------


def cagr(v1: float, v0: float, t1: float, t0: float) -> float:
    """Compound annual growth rate ``(v1 / v0) ** (1 / (t1 - t0)) - 1``.

    Defined for a positive ``v0``, ``v1 >= 0`` (a fall to zero is -100 % a year) and
    ``t1 > t0``; anything else is a ``ValueError`` (callers decide what an undefined rate
    means).
    """
    if not (v0 > 0 and v1 >= 0):
        raise ValueError(f"CAGR needs a positive v0 and v1 >= 0, found v0={v0}, v1={v1}")
    if not t1 > t0:
        raise ValueError(f"CAGR needs t1 > t0, found t0={t0}, t1={t1}")
    return (v1 / v0) ** (1 / (t1 - t0)) - 1


# -- classification ------------------------------------------------------------------------


def _classify(value: float, thresholds, below: str) -> str:
    value = round(value, _DECIMALS)
    for limit, status in thresholds:
        if value >= limit:
            return status
    return below


def classify_target_ratio(r: float) -> str:
    """Status from R (with a target): >= 0.95, >= 0.6, >= 0, below."""
    return _classify(r, TARGET_THRESHOLDS, "deterioration")


def classify_growth(p: float) -> str:
    """Status from p = d * CAGR (no target): >= 0.015, >= 0.005, >= 0, below."""
    return _classify(p, NO_TARGET_THRESHOLDS, "deterioration")


def classify_crosscheck(q: float) -> str:
    """UNSD Progress Chart status from Q: >= 0.95, >= 0.10, below."""
    return _classify(q, CROSSCHECK_THRESHOLDS, "stagnation_or_regression")


# -- assessment ----------------------------------------------------------------------------


def _sign(direction: str) -> int:
    if direction not in DIRECTIONS:
        raise ValueError(
            f'direction is required: expected "higher" or "lower" (is better), found '
            f"{direction!r}; there is no default"
        )
    return 1 if direction == "higher" else -1


def _check_value(point: Point, what: str) -> None:
    value = point.value
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(
            f'{what} at period "{point.period}": expected a finite number, found {value!r} '
            "(leave out periods without data)"
        )


def _meets(value: float, target: float, d: int) -> bool:
    return d * (value - target) >= 0


def _trend(observations: Sequence[Point], d: int) -> str:
    if len(observations) < 2:
        return "unknown"
    change = d * (observations[-1].value - observations[0].value)
    return "improving" if change > 0 else "worsening" if change < 0 else "unchanged"


def assess(observations: Sequence[Point], target: Point | None, direction: str) -> Assessment:
    """Rate one series by the Statistics Canada method, with the UNSD cross-check.

    ``observations`` in increasing period order (missing values left out), ``target`` the
    value to reach and its period, or None; ``direction`` "higher" or "lower" (is better).
    """
    d = _sign(direction)
    observations = list(observations)
    for point in observations:
        _check_value(point, "observation")
    times = [period_to_years(p.period) for p in observations]
    for i in range(1, len(observations)):
        if not times[i] > times[i - 1]:
            raise ValueError(
                f'periods must strictly increase: "{observations[i].period}" follows '
                f'"{observations[i - 1].period}"'
            )
    method = "no_target" if target is None else "target"
    if target is not None:
        _check_value(target, "target")
        t_target = period_to_years(target.period)
        if observations and not t_target > times[0]:
            raise ValueError(
                f'target period "{target.period}" must come after the baseline period '
                f'"{observations[0].period}"'
            )

    baseline = observations[0] if observations else None
    latest = observations[-1] if observations else None
    trend = _trend(observations, d)

    growth = None

    def result(status, ratio=None, reason=None, cross="not_available", q=None, projected=None):
        if target is None:
            cross, q, projected = "not_applicable", None, None
        return Assessment(
            status=status,
            method=method,
            ratio=ratio,
            baseline=baseline,
            latest=latest,
            target=target,
            direction=direction,
            crosscheck_status=cross,
            crosscheck_ratio=q,
            projected=projected,
            reason=reason,
            trend=trend,
            growth=growth,
        )

    if not observations:
        return result("not_available", reason="no_observations")
    achieved = target is not None and _meets(latest.value, target.value, d)
    if len(observations) == 1:
        if achieved:
            return result("target_achieved")
        return result("not_available", reason="one_observation")

    v0, v1 = baseline.value, latest.value
    if v0 <= 0 or v1 < 0:
        reason = "sign_change" if v0 * v1 < 0 else "non_positive_value"
        if achieved:
            return result("target_achieved")
        return result("not_available", reason=reason)
    t0, t1 = times[0], times[-1]
    if t1 - t0 < MIN_ELAPSED_YEARS - ELAPSED_TOLERANCE_YEARS:
        if achieved:
            return result("target_achieved")
        return result("not_available", reason="too_short")
    observed = growth = cagr(v1, v0, t1, t0)

    if target is None:
        p = d * observed
        return result(classify_growth(p), ratio=p)

    # Cross-check (UNSD): computed whenever the observed growth rate is defined.
    vt = target.value
    projected = v0 * (1 + observed) ** (t_target - t0)
    if d * (vt - v0) > 0:
        q = (projected - v0) / (vt - v0)
        cross = classify_crosscheck(q)
    else:  # the baseline already met the target: Q has no "share of the way" meaning
        q = None
        cross = "on_track" if _meets(projected, vt, d) else "stagnation_or_regression"
    checked = {"cross": cross, "q": q, "projected": projected}

    if achieved:
        return result("target_achieved", **checked)
    if vt <= 0:
        return result("not_available", reason="non_positive_target", **checked)
    required = cagr(vt, v0, t_target, t0)
    if required == 0:  # v_T == v0: met at the baseline, lost since
        return result("deterioration", reason="baseline_at_target", **checked)
    r = d * observed / abs(required)
    return result(classify_target_ratio(r), ratio=r, **checked)


# -- explanation ---------------------------------------------------------------------------


def shown_value(tr: Translator, v: float, unit, scale_max=None, decimals=None) -> str:
    """A value at the indicator's precision: a statistics file's 8.0578 prints as the
    report's 8,1 % and 8.98 as 9,0 %; a score drops trailing zeros (3,9/5), as the report
    does."""
    if decimals is None:
        return tr.value(v, unit, scale_max=scale_max)
    fixed = decimals if getattr(unit, "id", unit) == "percent" else None
    return tr.value(round(v, decimals), unit, decimals=fixed, scale_max=scale_max)


def explain(
    a: Assessment,
    tr: Translator,
    unit: str,
    scale_max: float | None = None,
    decimals: int | None = None,
) -> str:
    """One plain-language sentence about ``a`` in ``tr``'s language.

    Every word comes from ``locales/<lang>/progress.yaml``; numbers and periods from ``tr``.
    Periods stand in brackets after the values, so no number needs a Finnish case ending:
    "Kehitys on tavoitteen vastainen: arvo nousi lukemasta 43 % (2021) lukemaan 48 %
    (30.12.2022); tavoite on 38 % (2025)."
    """

    def value(v: float) -> str:
        return shown_value(tr, v, unit, scale_max, decimals)

    if a.status == "not_available":
        lead = tr(f"progress.explain.lead.not_available.{a.reason}")
    else:
        lead = tr(f"progress.explain.lead.{a.method}.{a.status}")

    change = None
    if a.latest is not None and a.baseline is not None and a.baseline != a.latest:
        first, last = a.baseline.value, a.latest.value
        key = "rose" if last > first else "fell" if last < first else "unchanged"
        change = tr(
            f"progress.explain.change.{key}",
            first=value(first),
            last=value(last),
            first_period=tr.period(a.baseline.period),
            last_period=tr.period(a.latest.period),
        )
    elif a.latest is not None:
        change = tr(
            "progress.explain.change.single",
            last=value(a.latest.value),
            last_period=tr.period(a.latest.period),
        )

    target = None
    if a.target is not None:
        target = tr(
            "progress.explain.target_value",
            target=value(a.target.value),
            target_period=tr.period(a.target.period),
        )

    if change and target:
        return tr(
            "progress.explain.sentence.change_target", lead=lead, change=change, target=target
        )
    if change:
        return tr("progress.explain.sentence.change", lead=lead, change=change)
    if target:
        return tr("progress.explain.sentence.target", lead=lead, target=target)
    return tr("progress.explain.sentence.lead", lead=lead)


# -- a whole programme ---------------------------------------------------------------------


def _points(rows: pd.DataFrame) -> list[Point]:
    points = [Point(str(p), float(v)) for p, v in zip(rows["period"], rows["value"], strict=True)]
    return sorted(points, key=lambda p: period_to_years(p.period))


def _month(period: str) -> tuple[int, int] | None:
    match = PERIOD.fullmatch(period)
    if not match or match[2] is None or match[3] is not None:
        return None
    return int(match[1]), int(match[2])


def like_for_like(
    observations: Sequence[Point], baseline: Point, latest: Point, rule: str
) -> tuple[Point, Point, str]:
    """The two values to compare under ``rule``, and the comparison actually made.

    ``observations`` is the series' whole history; ``baseline`` and ``latest`` are the
    report's values. See "Which two values are compared" in the module docstring.
    """
    if rule not in COMPARISONS:
        raise ValueError(f"comparison {rule!r}: expected one of {', '.join(COMPARISONS)}")
    last = _month(latest.period)
    if rule == "as_reported" or last is None:
        return baseline, latest, "as_reported"
    year = int(baseline.period[:4])
    month = f"{year:04d}-{last[1]:02d}"
    if not period_to_years(month) < period_to_years(latest.period):
        return baseline, latest, "as_reported"
    by_period = {p.period: p for p in observations}
    if rule == "same_month":
        if month not in by_period:
            return baseline, latest, "as_reported"
        return by_period[month], latest, "same_month"

    means = {p.period: p for p in moving_average(observations)}
    first, second = means.get(month), means.get(latest.period)
    if first is None or second is None:
        return baseline, latest, "as_reported"
    return first, second, "rolling_12_months"


def _months_back(period: str, k: int) -> str:
    year, month = _month(period)
    index = year * 12 + month - 1 - k
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def moving_average(observations: Sequence[Point], months: int = 12) -> list[Point]:
    """The mean of the ``months`` monthly observations ending at each month.

    Only months whose whole window is observed get a mean (dated by the window's last
    month); periods that are not months are ignored. The 12-month mean takes the season
    out of a seasonal monthly series; the charts draw it and ``rolling_12_months`` compares
    it.
    """
    by_period = {p.period: p.value for p in observations if _month(p.period)}
    means = []
    for period in sorted(by_period):
        window = [_months_back(period, k) for k in range(months)]
        if all(w in by_period for w in window):
            means.append(Point(period, sum(by_period[w] for w in window) / months))
    return means


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
    """The row of a series whose input the method cannot take (see "Checked input")."""
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
        from seuranta.clean.table1 import latest_view

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
            try:
                observed = mine[mine["kind"] == "observation"]
                observations = _points(observed)
                if len(observations) > 2:  # a history: compare the report's own two values
                    baseline, latest = _anchors(observed, observations)
                    baseline, latest, comparison = like_for_like(
                        observations, baseline, latest, series.comparison
                    )
                    observations = [baseline, latest] if baseline != latest else [latest]
                targets = _points(mine[mine["kind"] == "target"])
                a = assess(observations, targets[-1] if targets else None, indicator.direction)
            except ValueError as err:
                a, note = _unassessable(
                    indicator.direction,
                    f'indicator "{indicator.id}", series "{series.id}": {err}',
                )
            rows.append(
                {
                    "goal": indicator.goal,
                    "indicator": indicator.id,
                    "series": series.id,
                    "direction": indicator.direction,
                    "unit": indicator.unit,
                    "baseline_period": a.baseline.period if a.baseline else None,
                    "baseline_value": a.baseline.value if a.baseline else math.nan,
                    "latest_period": a.latest.period if a.latest else None,
                    "latest_value": a.latest.value if a.latest else math.nan,
                    "target_period": a.target.period if a.target else None,
                    "target_value": a.target.value if a.target else math.nan,
                    "comparison": comparison,
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
                }
            )
    result = pd.DataFrame(rows, columns=list(COLUMNS))
    return result.astype(
        {
            "goal": "int64",
            "baseline_value": "float64",
            "latest_value": "float64",
            "target_value": "float64",
            "ratio": "float64",
            "crosscheck_ratio": "float64",
            "projected": "float64",
        }
    )


# -- since the previous report ---------------------------------------------------------------


@dataclass(frozen=True)
class SincePrevious:
    """A series' latest value against the latest value of the previous report year."""

    report: int | None  # the previous report year
    previous: Point | None
    latest: Point | None
    change: float | None  # latest - previous, in the series' unit
    status: str  # one of SINCE_PREVIOUS


def since_previous(
    previous: Point | None,
    latest: Point | None,
    direction: str,
    decimals: int = 0,
    report: int | None = None,
) -> SincePrevious:
    """Compare ``latest`` with the ``previous`` report's latest value (module docstring).

    ``decimals`` is the precision the pages print the indicator at: a change that rounds
    to zero there is ``unchanged``.
    """
    d = _sign(direction)
    if previous is None or latest is None:
        return SincePrevious(report, previous, latest, None, "not_available")
    for point in (previous, latest):
        _check_value(point, "value")
    if not period_to_years(latest.period) > period_to_years(previous.period):
        return SincePrevious(report, previous, latest, None, "not_available")
    change = round(latest.value - previous.value, _DECIMALS)
    if round(change, decimals) == 0:
        status = "unchanged"
    else:
        status = "improving" if d * change > 0 else "worsening"
    return SincePrevious(report, previous, latest, change, status)


def projection_path(a: Assessment, steps: int = 12) -> list[tuple[float, float]]:
    """The observed growth rate carried on from the latest value to the target period.

    ``steps + 1`` (decimal year, value) points, the last one the assessment's ``projected``;
    empty where the assessment has no projection. Charts draw this line, so that what a
    page draws is what the cross-check computed.
    """
    if a.projected is None or a.growth is None or not (a.target and a.baseline and a.latest):
        return []
    t0 = period_to_years(a.baseline.period)
    t1 = period_to_years(a.latest.period)
    t_target = period_to_years(a.target.period)
    path = []
    for i in range(steps + 1):
        t = t1 + (t_target - t1) * i / steps
        path.append((t, a.baseline.value * (1 + a.growth) ** (t - t0)))
    return path


def turned_worse(a: Assessment, sp: SincePrevious) -> bool:
    """Improved since the baseline, but worse than in the previous report."""
    return a.trend == "improving" and sp.status == "worsening"


def add_previous(
    table: pd.DataFrame,
    previous: pd.DataFrame | None,
    previous_report: int | None,
    programme: Programme,
) -> pd.DataFrame:
    """``table`` (from :func:`assess_indicators`) with the :data:`PREVIOUS_COLUMNS`.

    ``previous`` is the assessment table of the previous report year (None where there is
    none); its latest value of each series is the "previous" value. A ``since`` column holds
    the :class:`SincePrevious` itself, for :func:`explain_since_previous`.
    """
    latest_before = {}
    if previous is not None:
        for row in previous.itertuples():
            a = row.assessment
            latest_before[(row.indicator, row.series)] = a.latest
    records = []
    for row in table.itertuples():
        indicator = programme.indicator(row.indicator)
        before = latest_before.get((row.indicator, row.series))
        try:
            sp = since_previous(
                before,
                row.assessment.latest,
                indicator.direction,
                indicator.decimals,
                previous_report if previous is not None else None,
            )
        except ValueError:
            sp = SincePrevious(previous_report, before, None, None, "not_available")
        records.append(
            {
                "previous_report": previous_report if previous is not None else None,
                "previous_period": before.period if before is not None else None,
                "previous_value": before.value if before is not None else math.nan,
                "change_since_previous": math.nan if sp.change is None else sp.change,
                "since_previous": sp.status,
                "since": sp,
            }
        )
    extra = pd.DataFrame(records, index=table.index)
    out = pd.concat([table.drop(columns="assessment"), extra, table[["assessment"]]], axis=1)
    return out.astype(
        {
            "previous_report": "Int64",
            "previous_value": "float64",
            "change_since_previous": "float64",
        }
    )


def explain_since_previous(
    a: Assessment,
    sp: SincePrevious,
    tr: Translator,
    unit: str,
    scale_max: float | None = None,
    decimals: int | None = None,
) -> str | None:
    """One sentence on the change since the previous report; None where there was none.

    Where the series improved since the baseline but worsened since the previous report,
    the sentence says plainly that it turned for the worse.
    """
    if sp.previous is None or sp.latest is None:
        return None

    def value(v: float) -> str:
        return shown_value(tr, v, unit, scale_max, decimals)

    if sp.status == "not_available":
        if sp.latest.period == sp.previous.period:
            return tr(
                "progress.explain.previous.no_new_value",
                report=sp.report,
                value=value(sp.latest.value),
                period=tr.period(sp.latest.period),
            )
        return None
    first, last = sp.previous.value, sp.latest.value
    key = "rose" if last > first else "fell" if last < first else "unchanged"
    if sp.status == "unchanged":  # a change too small to show at the printed precision
        key = "unchanged"
    change = tr(
        f"progress.explain.change.{key}",
        first=value(first),
        last=value(last),
        first_period=tr.period(sp.previous.period),
        last_period=tr.period(sp.latest.period),
    )
    which = "turned_worse" if turned_worse(a, sp) else sp.status
    return tr(f"progress.explain.previous.{which}", report=sp.report, change=change)


def met_only_at_reported_precision(a: Assessment, decimals: int = 0) -> bool:
    """ "Target achieved" on a value equal to the target as rounded, before the target period.

    Such a status rests on rounding and on a value years early (42 000 in 5/2022 against
    42 000 in 2025): the pages add a caveat to it.
    """
    if a.status != "target_achieved" or a.latest is None or a.target is None:
        return False
    equal = round(a.latest.value, decimals) == round(a.target.value, decimals)
    return equal and period_to_years(a.latest.period) < period_to_years(a.target.period)
