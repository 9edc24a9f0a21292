"""What a series' values are compared with, beside the method's own baseline and latest value.

:func:`like_for_like` picks the two values a seasonal monthly series compares (the same
month a year apart, or 12-month means, from :func:`moving_average`); :func:`since_previous`
compares the latest value with the previous report's. Pure functions, no I/O; the rules
and their reasons are in docs/progress-method.md ("Which two values are compared", "Since
the previous report").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from seuranta.parse import PERIOD, period_to_years
from seuranta.programme.vocabulary import COMPARISONS
from seuranta.progress.method import (
    NOISE_DECIMALS,
    Assessment,
    Point,
    check_finite,
    direction_sign,
    within_noise,
)

#: How a series moved since the previous report (see :func:`since_previous`).
SINCE_PREVIOUS = ("improving", "worsening", "unchanged", "not_available")


# -- the same months a year apart ----------------------------------------------------------


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
    report's values. See "Which two values are compared" in docs/progress-method.md.
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


# -- since the previous report -------------------------------------------------------------


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
    margin: float | None = None,
) -> SincePrevious:
    """Compare ``latest`` with the ``previous`` report's latest value.

    ``decimals`` is the precision the pages print the indicator at: a change that rounds
    to zero there, or lies within the indicator's ``margin``, is ``unchanged``
    (docs/progress-method.md, "Since the previous report").
    """
    d = direction_sign(direction)
    if previous is None or latest is None:
        return SincePrevious(report, previous, latest, None, "not_available")
    for point in (previous, latest):
        check_finite(point, "value")
    if not period_to_years(latest.period) > period_to_years(previous.period):
        return SincePrevious(report, previous, latest, None, "not_available")
    change = round(latest.value - previous.value, NOISE_DECIMALS)
    if within_noise(previous.value, latest.value, decimals, margin):
        status = "unchanged"
    else:
        status = "improving" if d * change > 0 else "worsening"
    return SincePrevious(report, previous, latest, change, status)


def turned_worse(a: Assessment, sp: SincePrevious) -> bool:
    """Improved since the baseline, but worse than in the previous report."""
    return a.trend == "improving" and sp.status == "worsening"
