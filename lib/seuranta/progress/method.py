"""The progress method: one series rated towards its target (Statistics Canada, as in Open SDG).

Pure functions, no I/O: :func:`assess` rates one series and gives the UNSD Progress Chart
cross-check beside it; :func:`projection_path` is the line that cross-check projects. The
formulas, the thresholds and every edge case decided here, each with its reason, are in
docs/progress-method.md.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass

from seuranta.parse import period_to_years
from seuranta.programme.vocabulary import DIRECTIONS

STATUSES = (
    "target_achieved",
    "substantial_progress",
    "moderate_progress",
    "limited_progress",
    "deterioration",
    "no_clear_change",
    "not_yet_assessable",
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

#: No growth rate over a shorter span between baseline and latest (docs/progress-method.md,
#: "A minimum elapsed time").
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

#: Rounding before comparing with a threshold, against floating-point noise.
NOISE_DECIMALS = 12


@dataclass(frozen=True)
class Point:
    """One value at one period (``"2021"``, ``"2022-05"`` or ``"2022-12-30"``)."""

    period: str
    value: float


@dataclass(frozen=True)
class Assessment:
    """The progress of one series (docs/progress-method.md)."""

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


# -- growth rate ---------------------------------------------------------------------------


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
    value = round(value, NOISE_DECIMALS)
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


def direction_sign(direction: str) -> int:
    """``d``: +1 where higher is better, -1 where lower is; no default (a ValueError)."""
    if direction not in DIRECTIONS:
        raise ValueError(
            f'direction is required: expected "higher" or "lower" (is better), found '
            f"{direction!r}; there is no default"
        )
    return 1 if direction == "higher" else -1


def check_finite(point: Point, what: str) -> None:
    """A ValueError naming ``what`` and its period unless the value is a finite number."""
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


def assess(
    observations: Sequence[Point],
    target: Point | None,
    direction: str,
    decimals: int | None = None,
    margin: float | None = None,
) -> Assessment:
    """Rate one series by the Statistics Canada method, with the UNSD cross-check.

    ``observations`` in increasing period order (missing values left out), ``target`` the
    value to reach and its period, or None; ``direction`` "higher" or "lower" (is better).
    ``decimals`` is the precision the indicator is reported at and ``margin`` an optional
    noise band (a survey's sampling error): a change that rounds to zero at ``decimals`` or
    lies within ``margin`` is ``no_clear_change`` (docs/progress-method.md, "Precision and
    noise").
    """
    d = direction_sign(direction)
    observations = list(observations)
    for point in observations:
        check_finite(point, "observation")
    times = [period_to_years(p.period) for p in observations]
    for i in range(1, len(observations)):
        if not times[i] > times[i - 1]:
            raise ValueError(
                f'periods must strictly increase: "{observations[i].period}" follows '
                f'"{observations[i - 1].period}"'
            )
    method = "no_target" if target is None else "target"
    if target is not None:
        check_finite(target, "target")
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
        return result("not_yet_assessable", reason="too_short")
    observed = growth = cagr(v1, v0, t1, t0)
    noise = within_noise(v0, v1, decimals, margin)

    if target is None:
        p = d * observed
        return result("no_clear_change" if noise else classify_growth(p), ratio=p)

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
    return result("no_clear_change" if noise else classify_target_ratio(r), ratio=r, **checked)


def within_noise(first: float, last: float, decimals: int | None, margin: float | None) -> bool:
    """No clear change from ``first`` to ``last``: the two are equal at the reported
    precision (``decimals``), or ``last`` lies within ``margin`` of ``first``."""
    if decimals is not None and round(first, decimals) == round(last, decimals):
        return True
    return margin is not None and abs(round(last - first, NOISE_DECIMALS)) <= margin


# -- what the pages draw and qualify -------------------------------------------------------


def projection_path(a: Assessment, steps: int = 12) -> list[tuple[float, float]]:
    """The observed growth rate carried on from the latest value to the target period.

    ``steps + 1`` (decimal year, value) points, the last one the assessment's ``projected``;
    empty where the assessment has no projection. Charts draw this line, so that what a
    page draws is what the cross-check computed.
    """
    if a.projected is None or a.growth is None or not (a.target and a.baseline and a.latest):
        return []
    if a.status == "no_clear_change":  # no trend to carry on
        return []
    t0 = period_to_years(a.baseline.period)
    t1 = period_to_years(a.latest.period)
    t_target = period_to_years(a.target.period)
    path = []
    for i in range(steps + 1):
        t = t1 + (t_target - t1) * i / steps
        path.append((t, a.baseline.value * (1 + a.growth) ** (t - t0)))
    return path


def met_only_at_reported_precision(a: Assessment, decimals: int = 0) -> bool:
    """ "Target achieved" on a value equal to the target as rounded, before the target period.

    Such a status rests on rounding and on a value years early (42 000 in 5/2022 against
    42 000 in 2025): the pages add a caveat to it.
    """
    if a.status != "target_achieved" or a.latest is None or a.target is None:
        return False
    equal = round(a.latest.value, decimals) == round(a.target.value, decimals)
    return equal and period_to_years(a.latest.period) < period_to_years(a.target.period)
