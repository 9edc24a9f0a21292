"""Progress assessment: Statistics Canada method with the UNSD cross-check (seuranta.progress)."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from conftest import REPO
from seuranta.clean.table1 import dated
from seuranta.errors import SeurantaError
from seuranta.i18n import Translator, catalogue
from seuranta.pages.sections.indicator_charts import within_scale
from seuranta.parse import period_to_years
from seuranta.paths import ProjectPaths
from seuranta.programme import DataSource, Goal, Indicator, Names, Programme, Series
from seuranta.programme.load import load_programme
from seuranta.progress import (
    COLUMNS,
    CROSSCHECK_STATUSES,
    PREVIOUS_COLUMNS,
    REASONS,
    SINCE_PREVIOUS,
    STATUSES,
    TRENDS,
    Assessment,
    Point,
    add_previous,
    assess,
    assess_indicators,
    cagr,
    classify_crosscheck,
    classify_growth,
    classify_target_ratio,
    explain,
    explain_since_previous,
    like_for_like,
    met_only_at_reported_precision,
    moving_average,
    projection_path,
    since_previous,
    turned_worse,
)

NBSP = "\u00a0"


def points(*pairs) -> list[Point]:
    return [Point(period, value) for period, value in pairs]


# -- the report's cases --------------------------------------------------------------------

FOREIGN = points(("2019", 8741), ("2020", 9563))
FOREIGN_TARGET = Point("2025", 12000)
JOBS = points(("2021", 39000), ("2022-05", 42000))
JOBS_TARGET = Point("2025", 42000)
RECRUITMENT = points(("2021", 43), ("2022-12-30", 48))
RECRUITMENT_TARGET = Point("2025", 38)
# The report gives the survey values, not their years; the survey is biennial: 2020, 2022.
CLIMATE = points(("2020", 3.58), ("2022", 3.45))
CLIMATE_TARGET = Point("2025", 3.9)
UNEMPLOYMENT = points(("2021", 9.4), ("2022-11", 8.1))


def test_foreign_background_experts_substantial_progress():
    # Observed: 2019 -> 2020 is 1 year: CAGR = 9563 / 8741 - 1 = 0.094040.
    # Required: 2019 -> 2025 is 6 years: (12000 / 8741) ** (1/6) - 1 = 1.372840 ** (1/6) - 1
    #   = exp(0.316880 / 6) - 1 = 0.054233.
    # R = +1 * 0.094040 / 0.054233 = 1.7340 >= 0.95.
    a = assess(FOREIGN, FOREIGN_TARGET, "higher")
    assert a.status == "substantial_progress"
    assert a.method == "target"
    assert a.ratio == pytest.approx(1.73399, abs=1e-5)
    assert a.baseline == Point("2019", 8741) and a.latest == Point("2020", 9563)
    assert a.reason is None and a.trend == "improving"
    # UNSD: projected at 2025 = 8741 * 1.094040 ** 6 = 14988.5;
    # Q = (14988.5 - 8741) / (12000 - 8741) = 1.917 >= 0.95.
    assert a.projected == pytest.approx(14988.54, abs=0.01)
    assert a.crosscheck_ratio == pytest.approx(1.91701, abs=1e-5)
    assert a.crosscheck_status == "on_track"


def test_high_knowledge_jobs_target_achieved():
    # 42 000 >= 42 000: the target is met, R is not computed.
    a = assess(JOBS, JOBS_TARGET, "higher")
    assert a.status == "target_achieved"
    assert a.ratio is None and a.reason is None
    # 2021.5 -> 2022.371 is 0.8712 years, less than the minimum of one year: no growth
    # rate, so no cross-check and no projection (annualised, these ten months would
    # project 54 806 jobs in 2025).
    assert a.projected is None and a.growth is None
    assert a.crosscheck_status == "not_available"


def test_recruitment_difficulties_deterioration():
    # Lower is better, d = -1. 2021.5 -> 2022-12-30 (2022.9959) is 1.4959 years:
    # observed CAGR = (48 / 43) ** (1 / 1.4959) - 1 = +0.076307;
    # required 2021.5 -> 2025.5, 4 years: (38 / 43) ** (1/4) - 1 = -0.030431;
    # R = -1 * 0.076307 / 0.030431 = -2.5075 < 0.
    a = assess(RECRUITMENT, RECRUITMENT_TARGET, "lower")
    assert a.status == "deterioration"
    assert a.ratio == pytest.approx(-2.50754, abs=1e-5)
    assert a.trend == "worsening"
    assert a.crosscheck_status == "stagnation_or_regression"
    assert a.crosscheck_ratio < 0


def test_business_climate_deterioration():
    # Higher is better. 2020 -> 2022, 2 years: CAGR = (3.45 / 3.58) ** 0.5 - 1 = -0.018324;
    # required 2020 -> 2025, 5 years: (3.9 / 3.58) ** 0.2 - 1 = 0.017270;
    # R = -0.018324 / 0.017270 = -1.0610 < 0.
    a = assess(CLIMATE, CLIMATE_TARGET, "higher")
    assert a.status == "deterioration"
    assert a.ratio == pytest.approx(-1.06104, abs=1e-5)
    assert a.trend == "worsening"


def test_unemployment_no_target_substantial_progress():
    # Lower is better, no target. 2021 -> 2021.5; 2022-11 -> 2022 + (304 + 15) / 365 =
    # 2022.8740; elapsed 1.3740 years. CAGR = (8.1 / 9.4) ** (1 / 1.3740) - 1
    #   = exp(-0.148842 / 1.3740) - 1 = -0.102671; p = -1 * CAGR = 0.10267 >= 0.015.
    a = assess(UNEMPLOYMENT, None, "lower")
    assert a.status == "substantial_progress"
    assert a.method == "no_target"
    assert a.ratio == pytest.approx(0.102671, abs=1e-6)
    assert a.trend == "improving"
    assert a.crosscheck_status == "not_applicable"
    assert a.crosscheck_ratio is None and a.projected is None


def test_residence_permits_no_data_not_available():
    a = assess([], None, "higher")
    assert a.status == "not_available"
    assert a.reason == "no_observations"
    assert a.ratio is None and a.baseline is None and a.latest is None
    assert a.trend == "unknown"
    assert a.crosscheck_status == "not_applicable"


def test_report_cases_do_not_depend_on_the_year_anchor():
    # Sensitivity: place a year at its end (YYYY + 1.0) instead of its mid-point.
    end = {
        "2021": 2022.0,
        "2022-11": period_to_years("2022-11"),
        "2022-12-30": period_to_years("2022-12-30"),
        "2025": 2026.0,
    }
    # Unemployment: elapsed 0.874 years instead of 1.374: p = 0.1566 instead of 0.1027.
    p = -cagr(8.1, 9.4, end["2022-11"], end["2021"])
    assert p == pytest.approx(0.156596, abs=1e-6)
    assert classify_growth(p) == "substantial_progress"
    # Recruitment: elapsed 0.996 years instead of 1.496: R = -3.84 instead of -2.51.
    r = -cagr(48, 43, end["2022-12-30"], end["2021"]) / abs(cagr(38, 43, end["2025"], end["2021"]))
    assert r == pytest.approx(-3.8378, abs=1e-4)
    assert classify_target_ratio(r) == "deterioration"


# -- formulas ------------------------------------------------------------------------------


def test_cagr_on_worked_numbers():
    assert cagr(121, 100, 2, 0) == pytest.approx(0.10)  # 1.21 ** (1/2) - 1
    assert cagr(50, 100, 1, 0) == pytest.approx(-0.5)
    assert cagr(100, 100, 2023.5, 2020.5) == 0.0
    # Half a year of 21 % a year: 1.21 ** 2 = 1.4641 over one year is 1.21 over half a year.
    assert cagr(121, 100, 0.5, 0) == pytest.approx(0.4641)


@pytest.mark.parametrize(("v1", "v0"), [(10, 0), (-5, 10), (10, -5), (-1, -2)])
def test_cagr_refuses_values_without_a_rate(v1, v0):
    with pytest.raises(ValueError, match="CAGR needs a positive v0 and v1 >= 0"):
        cagr(v1, v0, 1, 0)


def test_cagr_of_a_fall_to_zero_is_minus_one():
    assert cagr(0, 10, 2, 0) == -1.0


def test_cagr_refuses_no_elapsed_time():
    with pytest.raises(ValueError, match="CAGR needs t1 > t0"):
        cagr(2, 1, 2020.5, 2020.5)


# -- thresholds at their boundaries --------------------------------------------------------


@pytest.mark.parametrize(
    ("r", "status"),
    [
        (1.5, "substantial_progress"),
        (0.95, "substantial_progress"),
        (0.9499, "moderate_progress"),
        (0.6, "moderate_progress"),
        (0.5999, "limited_progress"),
        (0.0, "limited_progress"),
        (-0.0001, "deterioration"),
        (-3.0, "deterioration"),
    ],
)
def test_target_ratio_thresholds(r, status):
    assert classify_target_ratio(r) == status


@pytest.mark.parametrize(
    ("p", "status"),
    [
        (0.2, "substantial_progress"),
        (0.015, "substantial_progress"),
        (0.01499, "moderate_progress"),
        (0.005, "moderate_progress"),
        (0.00499, "limited_progress"),
        (0.0, "limited_progress"),
        (-0.00001, "deterioration"),
    ],
)
def test_growth_thresholds(p, status):
    assert classify_growth(p) == status


@pytest.mark.parametrize(
    ("q", "status"),
    [
        (2.0, "on_track"),
        (0.95, "on_track"),
        (0.9499, "fair_progress"),
        (0.10, "fair_progress"),
        (0.0999, "stagnation_or_regression"),
        (-1.0, "stagnation_or_regression"),
    ],
)
def test_crosscheck_thresholds(q, status):
    assert classify_crosscheck(q) == status


def test_ratio_on_a_threshold_by_construction_is_not_lost_to_rounding():
    # Required: 100 -> 121 over 2020..2022 is 10 % a year; observed 100 -> 109.5 in one year
    # is 9.5 %; R = 0.095 / 0.10 = 0.95 (0.9499999999999988 in floating point).
    a = assess(points(("2020", 100), ("2021", 109.5)), Point("2022", 121), "higher")
    assert a.ratio == pytest.approx(0.95)
    assert a.status == "substantial_progress"
    # Required 10 %, observed 100 -> 106 is 6 %: R = 0.6, moderate.
    a = assess(points(("2020", 100), ("2021", 106)), Point("2022", 121), "higher")
    assert a.status == "moderate_progress"
    # Unchanged: R = 0, limited.
    a = assess(points(("2020", 100), ("2021", 100)), Point("2022", 121), "higher")
    assert (a.status, a.ratio, a.trend) == ("limited_progress", 0.0, "unchanged")


@pytest.mark.parametrize(
    ("latest", "direction", "status"),
    [
        (101.5, "higher", "substantial_progress"),  # p = 0.015 (0.0149999999999999 in floats)
        (100.5, "higher", "moderate_progress"),  # p = 0.005
        (100.4, "higher", "limited_progress"),  # p = 0.004
        (99.9, "higher", "deterioration"),  # p = -0.001
        (98.5, "lower", "substantial_progress"),  # p = -1 * -0.015
        (100.1, "lower", "deterioration"),  # p = -1 * 0.001
    ],
)
def test_no_target_boundaries_end_to_end(latest, direction, status):
    a = assess(points(("2020", 100), ("2021", latest)), None, direction)
    assert a.status == status


def test_target_reached_exactly_in_either_direction():
    assert assess(points(("2020", 10), ("2021", 12)), Point("2025", 12), "higher").status == (
        "target_achieved"
    )
    assert assess(points(("2020", 10), ("2021", 8)), Point("2025", 8), "lower").status == (
        "target_achieved"
    )
    # Passing the target in the better direction counts too.
    assert assess(points(("2020", 10), ("2021", 7)), Point("2025", 8), "lower").status == (
        "target_achieved"
    )


def test_baseline_and_latest_are_first_and_last_observations():
    obs = points(("2018", 100), ("2019", 50), ("2020", 300), ("2021", 121))
    a = assess(obs, None, "higher")
    assert a.baseline == Point("2018", 100) and a.latest == Point("2021", 121)
    # 100 -> 121 over 3 years: 1.21 ** (1/3) - 1 = 0.06560
    assert a.ratio == pytest.approx(1.21 ** (1 / 3) - 1)


# -- periods -------------------------------------------------------------------------------


def test_period_convention_is_the_mid_point():
    assert period_to_years("2021") == 2021.5
    assert period_to_years(2021) == 2021.5  # a year read as a number
    # November 2022: 304 days before it, 30 days long -> (304 + 15) / 365.
    assert period_to_years("2022-11") == pytest.approx(2022 + 319 / 365)
    assert period_to_years("2022-01") == pytest.approx(2022 + 15.5 / 365)
    # February of a leap year: 31 days before it, 29 long -> (31 + 14.5) / 366.
    assert period_to_years("2024-02") == pytest.approx(2024 + 45.5 / 366)
    # 30 December 2022 is day 364: the middle of it is 363.5 days into the year.
    assert period_to_years("2022-12-30") == pytest.approx(2022 + 363.5 / 365)
    assert period_to_years("2024-12-31") == pytest.approx(2024 + 365.5 / 366)


def test_elapsed_time_between_periods():
    # Year to year is exactly one year, whatever the anchor.
    assert period_to_years("2022") - period_to_years("2021") == 1.0
    # 2021 -> 2022-05 is 0.871 years, not 1 (sdg-build's cut to 2022) nor 0.
    assert period_to_years("2022-05") - period_to_years("2021") == pytest.approx(0.5 + 135.5 / 365)


@pytest.mark.parametrize("period", ["22", "2022/05", "2022-5", "2022-13", "2022-00", "Q1 2022"])
def test_bad_period(period):
    with pytest.raises(ValueError, match="period"):
        period_to_years(period)


def test_not_a_calendar_date():
    with pytest.raises(ValueError, match="not a calendar date"):
        period_to_years("2022-02-30")


def test_periods_must_strictly_increase():
    with pytest.raises(ValueError, match='strictly increase: "2021" follows "2022"'):
        assess(points(("2022", 1), ("2021", 2)), None, "higher")
    with pytest.raises(ValueError, match="strictly increase"):
        assess(points(("2021", 1), ("2021", 2)), None, "higher")
    # The middle of 2022 comes after the middle of May 2022.
    with pytest.raises(ValueError, match='"2022-05" follows "2022"'):
        assess(points(("2022", 1), ("2022-05", 2)), None, "higher")


def test_target_before_baseline_is_an_error():
    with pytest.raises(ValueError, match='target period "2020" must come after the baseline'):
        assess(points(("2021", 1), ("2022", 2)), Point("2020", 3), "higher")
    with pytest.raises(ValueError, match="must come after the baseline"):
        assess(points(("2021", 1), ("2022", 2)), Point("2021", 3), "higher")


# -- direction -----------------------------------------------------------------------------


@pytest.mark.parametrize("direction", [None, "", "up", "Higher"])
def test_direction_is_required(direction):
    with pytest.raises(ValueError, match="direction is required"):
        assess(FOREIGN, FOREIGN_TARGET, direction)
    with pytest.raises(ValueError, match="direction is required"):
        assess([], None, direction)


def test_direction_decides_the_sign():
    up = assess(points(("2020", 100), ("2021", 110)), None, "higher")
    down = assess(points(("2020", 100), ("2021", 110)), None, "lower")
    assert up.ratio == pytest.approx(0.1) and down.ratio == pytest.approx(-0.1)
    assert (up.status, down.status) == ("substantial_progress", "deterioration")
    assert (up.trend, down.trend) == ("improving", "worsening")


# -- values where the growth rate is not defined -------------------------------------------


def test_zero_value_not_available():
    a = assess(points(("2020", 0), ("2021", 5)), Point("2025", 10), "higher")
    assert (a.status, a.reason) == ("not_available", "non_positive_value")
    assert a.ratio is None and a.crosscheck_ratio is None and a.projected is None
    assert a.crosscheck_status == "not_available"
    assert a.trend == "improving"  # the plain direction of change is still known


def test_negative_values_not_available():
    a = assess(points(("2020", -5), ("2021", -3)), None, "higher")
    assert (a.status, a.reason, a.ratio) == ("not_available", "non_positive_value", None)
    assert a.trend == "improving"


def test_sign_change_not_available():
    a = assess(points(("2020", -2), ("2021", 3)), None, "higher")
    assert (a.status, a.reason, a.ratio) == ("not_available", "sign_change", None)
    a = assess(points(("2020", 2), ("2021", -3)), Point("2025", 5), "higher")
    assert (a.status, a.reason, a.ratio) == ("not_available", "sign_change", None)
    assert a.trend == "worsening"


def test_zero_target_met_is_achieved():
    a = assess(points(("2020", 5), ("2021", 0)), Point("2025", 0), "lower")
    assert a.status == "target_achieved"
    assert a.ratio is None


def test_zero_target_not_met_not_available():
    # Reaching 0 needs CAGR = -100 %: R would be meaningless.
    a = assess(points(("2020", 5), ("2021", 4)), Point("2025", 0), "lower")
    assert (a.status, a.reason, a.ratio) == ("not_available", "non_positive_target", None)
    # The cross-check is linear and still defined: projected 5 * 0.8 ** 5 = 1.6384,
    # Q = (1.6384 - 5) / (0 - 5) = 0.6723.
    assert a.projected == pytest.approx(1.6384)
    assert a.crosscheck_ratio == pytest.approx(0.67232)
    assert a.crosscheck_status == "fair_progress"


def test_baseline_equal_to_target_is_deterioration_without_ratio():
    # Required CAGR = (10 / 10) ** (1/5) - 1 = 0: no division by zero.
    a = assess(points(("2020", 10), ("2021", 9)), Point("2025", 10), "higher")
    assert (a.status, a.reason, a.ratio) == ("deterioration", "baseline_at_target", None)
    # Q's denominator is 0 too: no ratio; projected 10 * 0.9 ** 5 = 5.90 < 10.
    assert a.crosscheck_ratio is None
    assert a.crosscheck_status == "stagnation_or_regression"


def test_baseline_beyond_target_then_lost_is_deterioration():
    # Higher is better, baseline 50 already above the target 40, latest 35 below it.
    # Observed 50 -> 35 in 1 year: -0.30; required 50 -> 40 in 5 years: 0.8 ** 0.2 - 1 =
    # -0.04363; R = -0.30 / 0.04363 = -6.876.
    a = assess(points(("2020", 50), ("2021", 35)), Point("2025", 40), "higher")
    assert a.status == "deterioration"
    assert a.ratio == pytest.approx(-0.30 / (1 - 0.8**0.2))
    assert a.crosscheck_ratio is None


def test_bounded_scales_use_raw_values():
    # A 1-5 score and a percentage are positive: the method applies to the raw values.
    a = assess(points(("2020", 1.0), ("2022", 1.21)), Point("2024", 1.4641), "higher")
    # Observed 1.21 ** 0.5 - 1 = 0.10; required 1.4641 ** 0.25 - 1 = 0.10: R = 1.
    assert a.ratio == pytest.approx(1.0)
    assert a.status == "substantial_progress"
    # A projection past the top of a percentage scale is not clipped.
    a = assess(points(("2020", 80), ("2021", 96)), Point("2030", 99), "higher")
    assert a.projected > 100
    assert a.crosscheck_status == "on_track"


def test_one_observation():
    a = assess(points(("2021", 5)), Point("2025", 10), "higher")
    assert (a.status, a.reason, a.ratio) == ("not_available", "one_observation", None)
    assert a.baseline == a.latest == Point("2021", 5)
    assert a.crosscheck_status == "not_available"
    assert a.trend == "unknown"
    a = assess(points(("2021", 5)), None, "higher")
    assert (a.status, a.reason, a.crosscheck_status) == (
        "not_available",
        "one_observation",
        "not_applicable",
    )


def test_one_observation_meeting_the_target():
    a = assess(points(("2021", 12)), Point("2025", 10), "higher")
    assert (a.status, a.reason, a.ratio) == ("target_achieved", None, None)


@pytest.mark.parametrize("value", [math.nan, math.inf, None, "5"])
def test_values_must_be_finite_numbers(value):
    with pytest.raises(ValueError, match="expected a finite number"):
        assess([Point("2020", 1), Point("2021", value)], None, "higher")
    with pytest.raises(ValueError, match="target at period"):
        assess([Point("2020", 1)], Point("2025", value), "higher")


# -- explain -------------------------------------------------------------------------------


def test_explain_deterioration_with_target():
    a = assess(RECRUITMENT, RECRUITMENT_TARGET, "lower")
    fi = explain(a, Translator("fi"), "percent", decimals=0)
    assert fi == (
        f"Kehitys on tavoitteen vastainen: arvo nousi lukemasta 43{NBSP}% (2021) lukemaan "
        f"48{NBSP}% (30.12.2022); tavoite on 38{NBSP}% (2025)."
    )
    sv = explain(a, Translator("sv"), "percent", decimals=0)
    assert sv == (
        f"Utvecklingen går bort från målet: värdet steg från 43{NBSP}% (2021) "
        f"till 48{NBSP}% (30.12.2022); målet är 38{NBSP}% (2025)."
    )
    en = explain(a, Translator("en"), "percent", decimals=0)
    assert en == (
        "The indicator is moving away from the target: the value rose from 43% (2021) to "
        "48% (30 Dec 2022); the target is 38% (2025)."
    )


def test_explain_substantial_progress_with_counts():
    a = assess(FOREIGN, FOREIGN_TARGET, "higher")
    assert explain(a, Translator("fi"), "count") == (
        f"Kehitys etenee kohti tavoitetta riittävää vauhtia: arvo nousi lukemasta 8{NBSP}741 "
        f"(2019) lukemaan 9{NBSP}563 (2020); tavoite on 12{NBSP}000 (2025)."
    )
    assert explain(a, Translator("sv"), "count") == (
        f"Utvecklingen går mot målet i tillräcklig takt: värdet steg från 8{NBSP}741 (2019) "
        f"till 9{NBSP}563 (2020); målet är 12{NBSP}000 (2025)."
    )
    assert explain(a, Translator("en"), "count") == (
        "The indicator is moving towards the target fast enough: the value rose from 8,741 "
        "(2019) to 9,563 (2020); the target is 12,000 (2025)."
    )


def test_explain_without_target():
    a = assess(UNEMPLOYMENT, None, "lower")
    assert explain(a, Translator("fi"), "percent") == (
        f"Kehitys on selvästi myönteistä: arvo laski lukemasta 9,4{NBSP}% (2021) lukemaan "
        f"8,1{NBSP}% (11/2022)."
    )
    assert explain(a, Translator("sv"), "percent") == (
        f"Utvecklingen är klart positiv: värdet sjönk från 9,4{NBSP}% (2021) till "
        f"8,1{NBSP}% (11/2022)."
    )
    assert explain(a, Translator("en"), "percent") == (
        "The indicator is clearly improving: the value fell from 9.4% (2021) to 8.1% (Nov 2022)."
    )


def test_explain_score_and_target_achieved():
    a = assess(CLIMATE, CLIMATE_TARGET, "higher")
    assert explain(a, Translator("fi"), "score", scale_max=5) == (
        "Kehitys on tavoitteen vastainen: arvo laski lukemasta 3,58/5 (2020) lukemaan "
        "3,45/5 (2022); tavoite on 3,9/5 (2025)."
    )
    a = assess(JOBS, JOBS_TARGET, "higher")
    assert explain(a, Translator("en"), "count") == (
        "The target has been reached: the value rose from 39,000 (2021) to 42,000 "
        "(May 2022); the target is 42,000 (2025)."
    )


def test_explain_not_available():
    a = assess([], None, "higher")
    assert explain(a, Translator("fi"), "count") == (
        "Kehitystä ei voi arvioida, koska tietoja ei ole."
    )
    assert explain(a, Translator("sv"), "count") == (
        "Utvecklingen kan inte bedömas eftersom uppgifter saknas."
    )
    assert explain(a, Translator("en"), "count") == (
        "Progress cannot be assessed because there are no data."
    )
    a = assess([], Point("2025", 2000), "higher")
    assert explain(a, Translator("fi"), "count") == (
        f"Kehitystä ei voi arvioida, koska tietoja ei ole; tavoite on 2{NBSP}000 (2025)."
    )
    a = assess(points(("2022", 1234)), Point("2025", 2000), "higher")
    assert explain(a, Translator("en"), "count") == (
        "Progress cannot be assessed because there is only one value: the value was 1,234 "
        "(2022); the target is 2,000 (2025)."
    )


def test_explain_unchanged_value():
    a = assess(points(("2020", 3.5), ("2022", 3.5)), None, "higher")
    assert explain(a, Translator("fi"), "score", scale_max=5) == (
        "Parannus on vähäinen tai sitä ei ole: arvo pysyi lukemassa 3,5/5 (2020 ja 2022)."
    )


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_explain_every_status_and_reason(lang):
    tr = Translator(lang)
    cases = [
        assess(points(("2020", 100), ("2021", 110)), Point("2025", 120), "higher"),
        assess(points(("2020", 100), ("2021", 100.5)), None, "higher"),
        assess(points(("2020", 0), ("2021", 1)), None, "higher"),
        assess(points(("2020", -1), ("2021", 1)), None, "higher"),
        assess(points(("2020", 5), ("2021", 4)), Point("2025", 0), "lower"),
        assess(points(("2020", 10), ("2021", 9)), Point("2025", 10), "higher"),
    ]
    for a in cases:
        text = explain(a, tr, "count")
        assert text.endswith(".") and "{" not in text


# -- catalogue -----------------------------------------------------------------------------


def _progress_keys(lang: str) -> set[str]:
    return {key for key in catalogue(lang) if key.startswith("progress.")}


def test_same_keys_in_all_languages():
    assert _progress_keys("fi") == _progress_keys("sv") == _progress_keys("en")


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_code_has_a_label(lang):
    tr = Translator(lang)
    for code in STATUSES:
        assert tr.has(f"progress.status.{code}")
    for code in CROSSCHECK_STATUSES:
        assert tr.has(f"progress.crosscheck.{code}")
    for code in TRENDS:
        assert tr.has(f"progress.trend.{code}")
    for code in REASONS:
        assert tr.has(f"progress.reason.{code}")
    assert tr("progress.status.target_achieved")


def test_finnish_status_labels():
    tr = Translator("fi")
    assert [tr(f"progress.status.{code}") for code in STATUSES] == [
        "Tavoite saavutettu",
        "Merkittävää edistystä",
        "Kohtalaista edistystä",
        "Vähäistä edistystä",
        "Kehitys väärään suuntaan",
        "Ei selvää muutosta",
        "Ei vielä arvioitavissa",
        "Ei arvioitavissa",
    ]


# -- a whole programme ---------------------------------------------------------------------


def _names(text: str) -> Names:
    return Names(fi=text, sv=text, en=text)


def _programme() -> Programme:
    source = DataSource("tk", "Tilastokeskus", _names("Statistics Finland"))

    def indicator(iid, goal, unit, direction, series=("total",), scale=None):
        return Indicator(
            id=iid,
            goal=goal,
            names=_names(iid),
            unit=unit,
            direction=direction,
            source=source,
            series=tuple(Series(s, _names(s)) for s in series),
            scale=scale,
        )

    return Programme(
        id="test",
        names=_names("Test"),
        organisation=_names("Espoo"),
        report=_names("Report"),
        goals=(Goal(1, _names("g1"), _names("a1")), Goal(2, _names("g2"), _names("a2"))),
        # Goal 2 is listed first: the result follows goal, then this order.
        indicators=(
            indicator("climate", 2, "score", "higher", scale=(1, 5)),
            indicator("experts", 1, "count", "higher"),
            indicator("unemployment", 1, "percent", "lower", series=("total", "youth")),
            indicator("permits", 1, "count", "higher"),
        ),
        sources={"tk": source},
        path=Path("programme.yaml"),
    )


def _row(indicator, series, kind, period, value, report_year=2023, goal=1):
    return {
        "goal": goal,
        "indicator": indicator,
        "series": series,
        "kind": kind,
        "period": period,
        "value": value,
        "unit": "count",
        "source": "tk",
        "report_year": report_year,
        "note": "",
    }


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        [
            _row("experts", "total", "observation", "2019", 8741.0),
            _row("experts", "total", "observation", "2020", 9563.0),
            _row("experts", "total", "target", "2025", 12000.0),
            # An older report gave another value for 2020: the newest report wins.
            _row("experts", "total", "observation", "2020", 9000.0, report_year=2022),
            _row("unemployment", "total", "observation", "2022-11", 8.1),
            _row("unemployment", "total", "observation", "2021", 9.4),  # out of order
            _row("unemployment", "youth", "observation", "2021", math.nan),  # "no data"
            _row("unemployment", "youth", "observation", "2022", 20.0),
            _row("climate", "total", "observation", "2020", 3.58, goal=2),
            _row("climate", "total", "observation", "2022", 3.45, goal=2),
            _row("climate", "total", "target", "2025", 3.9, goal=2),
            _row("not_in_programme", "total", "observation", "2020", 1.0),
        ]
    )


def test_assess_indicators():
    result = assess_indicators(_frame(), _programme())
    assert list(result.columns) == list(COLUMNS)
    assert list(zip(result["indicator"], result["series"], strict=True)) == [
        ("experts", "total"),
        ("unemployment", "total"),
        ("unemployment", "youth"),
        ("permits", "total"),
        ("climate", "total"),
    ]
    assert list(result["goal"]) == [1, 1, 1, 1, 2]
    rows = result.set_index(["indicator", "series"])
    experts = rows.loc[("experts", "total")]
    assert experts["status"] == "substantial_progress"
    assert experts["latest_value"] == 9563.0 and experts["baseline_period"] == "2019"
    assert experts["target_period"] == "2025" and experts["target_value"] == 12000.0
    assert experts["ratio"] == pytest.approx(1.73399, abs=1e-5)
    assert experts["crosscheck_status"] == "on_track"
    assert (experts["direction"], experts["unit"], experts["trend"]) == (
        "higher",
        "count",
        "improving",
    )
    unemployment = rows.loc[("unemployment", "total")]
    assert unemployment["status"] == "substantial_progress"
    assert unemployment["baseline_period"] == "2021"
    assert unemployment["ratio"] == pytest.approx(0.102671, abs=1e-6)
    assert unemployment["crosscheck_status"] == "not_applicable"
    assert math.isnan(unemployment["target_value"])
    youth = rows.loc[("unemployment", "youth")]
    assert (youth["status"], youth["reason"]) == ("not_available", "one_observation")
    permits = rows.loc[("permits", "total")]
    assert (permits["status"], permits["reason"], permits["trend"]) == (
        "not_available",
        "no_observations",
        "unknown",
    )
    assert math.isnan(permits["ratio"]) and math.isnan(permits["latest_value"])
    climate = rows.loc[("climate", "total")]
    assert climate["status"] == "deterioration"
    assert climate["ratio"] == pytest.approx(-1.06104, abs=1e-5)


def test_assess_indicators_empty_frame():
    result = assess_indicators(pd.DataFrame(), _programme())
    assert len(result) == 5
    assert set(result["status"]) == {"not_available"}
    assert set(result["reason"]) == {"no_observations"}


def test_one_bad_series_harms_only_its_own_row():
    frame = pd.DataFrame(
        [
            _row("experts", "total", "observation", "2019", 1.0),
            _row("experts", "total", "target", "2019", 2.0),  # target period = baseline
            _row("climate", "total", "observation", "2020", 3.58, goal=4),
            _row("climate", "total", "observation", "2022", 3.45, goal=4),
            _row("climate", "total", "target", "2025", 3.9, goal=4),
        ]
    )
    result = assess_indicators(frame, _programme()).set_index(["indicator", "series"])
    bad = result.loc[("experts", "total")]
    assert (bad["status"], bad["reason"]) == ("not_available", "invalid_input")
    assert 'indicator "experts", series "total": target period "2019"' in bad["note"]
    assert result.loc[("climate", "total")]["status"] == "deterioration"
    assert result["note"].notna().sum() == 1


@pytest.mark.parametrize(
    "bad",
    [
        [("observation", "2020", 5.0), ("observation", "2021", math.inf)],  # infinity
        [("observation", "2021", 5.0), ("target", "2020", 6.0)],  # target before baseline
        [("observation", "2021", 5.0), ("observation", "2022-13", 6.0)],  # no such month
    ],
)
def test_unassessable_input_is_not_available_with_a_note(bad):
    frame = pd.DataFrame([_row("experts", "total", k, p, v) for k, p, v in bad])
    row = assess_indicators(frame, _programme()).set_index("indicator").loc["experts"]
    assert (row["status"], row["reason"]) == ("not_available", "invalid_input")
    assert row["note"]


def test_assessment_is_frozen():
    a = assess(FOREIGN, FOREIGN_TARGET, "higher")
    assert isinstance(a, Assessment)
    with pytest.raises(AttributeError):
        a.status = "x"


# -- the method's open edges ---------------------------------------------------------------


def test_no_rate_over_less_than_a_year():
    # One month's change would be raised to the twelfth power: no rate, no projection.
    a = assess(points(("2022-10", 8.0), ("2022-11", 8.4)), None, "lower")
    assert (a.status, a.reason, a.ratio, a.growth) == (
        "not_yet_assessable",
        "too_short",
        None,
        None,
    )
    assert a.trend == "worsening"
    a = assess(points(("2022-01", 10), ("2022-09", 12)), Point("2025", 20), "higher")
    assert (a.status, a.reason, a.projected) == ("not_yet_assessable", "too_short", None)
    # A value that already meets the target needs no rate.
    a = assess(points(("2022-01", 10), ("2022-09", 12)), Point("2025", 11), "higher")
    assert a.status == "target_achieved"


@pytest.mark.parametrize(
    ("first", "last"),
    [("2021-11", "2022-11"), ("2024-12", "2025-12"), ("2023-02", "2024-02"), ("2020", "2021")],
)
def test_the_same_month_a_year_apart_is_long_enough(first, last):
    # Leap days make these 0.9999 to 1.001 years apart: all qualify.
    a = assess(points((first, 10.0), (last, 9.0)), None, "lower")
    assert a.reason is None and a.status == "substantial_progress"


def test_a_fall_to_zero_is_rated():
    down = assess(points(("2020", 5.0), ("2021", 0.0)), Point("2025", 10), "higher")
    assert (down.status, down.reason) == ("deterioration", None)
    assert down.growth == -1.0 and down.ratio < 0
    gone = assess(points(("2020", 5.0), ("2021", 0.0)), None, "lower")
    assert (gone.status, gone.ratio) == ("substantial_progress", 1.0)


def test_projection_path_ends_at_the_projection():
    a = assess(FOREIGN, FOREIGN_TARGET, "higher")
    path = projection_path(a)
    assert path[0] == (pytest.approx(2020.5), pytest.approx(9563))
    assert path[-1] == (pytest.approx(2025.5), pytest.approx(a.projected))
    assert projection_path(assess(UNEMPLOYMENT, None, "lower")) == []


def test_target_met_only_at_the_reported_precision_three_years_early():
    jobs = assess(JOBS, JOBS_TARGET, "higher")
    assert met_only_at_reported_precision(jobs)
    beyond = assess(points(("2021", 39000), ("2022-05", 42500)), JOBS_TARGET, "higher")
    assert not met_only_at_reported_precision(beyond)
    on_time = assess(points(("2021", 39000), ("2025", 42000)), Point("2025", 42000), "higher")
    assert not met_only_at_reported_precision(on_time)


# -- since the previous report ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("previous", "latest", "direction", "change", "status"),
    [
        (("2022-11", 7.3), ("2023-11", 8.8), "lower", 1.5, "worsening"),
        (("2022-11", 8.1), ("2023-11", 7.6), "lower", -0.5, "improving"),
        (("2022", 3.34), ("2023", 3.41), "higher", 0.07, "improving"),
        (("2022-11", 8.1), ("2023-11", 8.12), "lower", 0.02, "unchanged"),  # 8,1 -> 8,1
        (("2022-11", 8.1), ("2022-11", 8.2), "lower", None, "not_available"),  # no new value
    ],
)
def test_since_previous(previous, latest, direction, change, status):
    sp = since_previous(Point(*previous), Point(*latest), direction, decimals=1, report=2022)
    assert sp.status == status
    assert sp.change == (None if change is None else pytest.approx(change))
    assert sp.report == 2022


def test_since_previous_without_a_previous_value():
    assert since_previous(None, Point("2023", 1.0), "higher").status == "not_available"
    assert since_previous(Point("2022", 1.0), None, "higher").status == "not_available"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "fi",
            "Edellisen seurantaraportin (2022) jälkeen kehitys on kuitenkin kääntynyt "
            "huonompaan suuntaan: arvo nousi lukemasta 7,3 % (11/2022) lukemaan 8,8 % (11/2023).",
        ),
        (
            "sv",
            "Sedan föregående uppföljningsrapport (2022) har utvecklingen dock vänt till det "
            "sämre: värdet steg från 7,3 % (11/2022) till 8,8 % (11/2023).",
        ),
        (
            "en",
            "Since the previous follow-up report (2022), however, the indicator has turned "
            "for the worse: the value rose from 7.3% (Nov 2022) to 8.8% (Nov 2023).",
        ),
    ],
)
def test_a_turn_for_the_worse_is_said_plainly(lang, text):
    # Youth unemployment 9,3 -> 7,3 -> 8,8 %: better than the baseline, worse than last year.
    a = assess(points(("2021", 9.3), ("2023-11", 8.8)), None, "lower")
    sp = since_previous(Point("2022-11", 7.3), a.latest, "lower", 1, 2022)
    assert a.status == "substantial_progress" and turned_worse(a, sp)
    sentence = explain_since_previous(a, sp, Translator(lang), "percent")
    assert sentence.replace(NBSP, " ") == text


def test_add_previous_columns():
    programme = _programme()
    now = assess_indicators(_frame(), programme)
    before = assess_indicators(
        pd.DataFrame(
            [
                _row("experts", "total", "observation", "2019", 8741.0, report_year=2022),
                _row("experts", "total", "observation", "2020", 9000.0, report_year=2022),
            ]
        ),
        programme,
    )
    table = add_previous(now, before, 2022, programme).set_index(["indicator", "series"])
    experts = table.loc[("experts", "total")]
    assert experts["previous_report"] == 2022
    assert (experts["previous_period"], experts["previous_value"]) == ("2020", 9000.0)
    # The newest report revised 2020 to 9 563 and gives no newer period: no comparison.
    assert experts["since_previous"] == "not_available"
    assert set(PREVIOUS_COLUMNS) <= set(table.columns)
    assert set(table["since_previous"]) <= set(SINCE_PREVIOUS)
    first = add_previous(now, None, None, programme)
    assert first["previous_report"].isna().all()
    assert set(first["since_previous"]) == {"not_available"}


# -- like for like: seasonal monthly series ------------------------------------------------


def _monthly(start_year: int, values: list[float]) -> list[Point]:
    return [
        Point(f"{start_year + i // 12:04d}-{i % 12 + 1:02d}", value)
        for i, value in enumerate(values)
    ]


# Two years of a seasonal series: a summer peak of a full point on a falling trend.
SEASONAL = _monthly(
    2021,
    [10, 10, 10, 10, 10, 11, 11, 11, 10, 10, 10, 9.4, 9, 9, 9, 9, 9, 10, 10, 10, 9, 9, 8.1, 8],
)


def test_same_month_compares_the_baseline_years_month():
    # The report: "9,4 % (2021)" is December 2021; the status is November 2022.
    baseline, latest = Point("2021-12", 9.4), Point("2022-11", 8.1)
    first, last, how = like_for_like(SEASONAL, baseline, latest, "same_month")
    assert (first, last, how) == (Point("2021-11", 10), latest, "same_month")


def test_rolling_means_compare_twelve_months_each():
    baseline, latest = Point("2021-12", 9.4), Point("2022-12", 8)
    first, last, how = like_for_like(SEASONAL, baseline, latest, "rolling_12_months")
    assert how == "rolling_12_months"
    assert first == Point("2021-12", pytest.approx(sum(p.value for p in SEASONAL[:12]) / 12))
    assert last == Point("2022-12", pytest.approx(sum(p.value for p in SEASONAL[12:]) / 12))
    # November 2022 has no twelve months in 2021 before it: the report's values instead.
    assert like_for_like(SEASONAL, baseline, Point("2022-11", 8.1), "rolling_12_months")[2] == (
        "as_reported"
    )


def test_without_the_month_the_reports_values_are_compared():
    baseline, latest = Point("2020", 9.0), Point("2022-11", 8.1)
    assert like_for_like(SEASONAL, baseline, latest, "same_month") == (
        baseline,
        latest,
        "as_reported",
    )
    # An annual latest value has no month to match.
    annual = like_for_like(SEASONAL, Point("2021", 9), Point("2022", 8), "same_month")
    assert annual[2] == "as_reported"


def test_moving_average_needs_a_whole_window():
    means = moving_average(SEASONAL)
    assert [p.period for p in means] == ["2021-12"] + [f"2022-{m:02d}" for m in range(1, 13)]
    assert means[0].value == pytest.approx(sum(p.value for p in SEASONAL[:12]) / 12)
    gap = [p for p in SEASONAL if p.period != "2022-06"]
    assert [p.period for p in moving_average(gap)] == [
        "2021-12",
        "2022-01",
        "2022-02",
        "2022-03",
        "2022-04",
        "2022-05",
    ]


def test_assess_indicators_compares_like_for_like():
    # A history fed from a file plus the report's roles: the series says same_month.
    programme = _programme()
    experts = programme.indicator("experts")
    series = replace(experts.series[0], comparison="same_month")
    programme = replace(
        programme,
        indicators=tuple(
            replace(i, series=(series,)) if i.id == "experts" else i for i in programme.indicators
        ),
    )
    rows = [_row("experts", "total", "observation", p.period, p.value) for p in SEASONAL]
    for row in rows:
        row["role"] = {"2021-12": "baseline", "2022-11": "status"}.get(row["period"], "observation")
    result = assess_indicators(pd.DataFrame(rows), programme).set_index("indicator")
    got = result.loc["experts"]
    # One baseline per series: the report's own, whatever the comparison rule.
    assert (got["baseline_period"], got["baseline_value"]) == ("2021-12", 9.4)
    assert (got["latest_period"], got["latest_value"]) == ("2022-11", 8.1)
    # The like-for-like pair is its own figure, and the status rests on it.
    assert (got["comparison"], got["compared_from_period"], got["compared_to_period"]) == (
        "same_month",
        "2021-11",
        "2022-11",
    )
    assert (got["compared_from_value"], got["compared_to_value"]) == (10, 8.1)
    assert got["assessment"].baseline == Point("2021-11", 10)


# -- issue 21: one baseline, like for like, dating, precision and noise ---------------------


def _seasonal_programme(rule: str = "same_month") -> Programme:
    programme = _programme()
    experts = programme.indicator("experts")
    series = replace(experts.series[0], comparison=rule)
    return replace(
        programme,
        indicators=tuple(
            replace(i, series=(series,), unit="percent", decimals=1, direction="lower")
            if i.id == "experts"
            else i
            for i in programme.indicators
        ),
    )


def _seasonal_report(report_year: int, status_period: str, extra=()) -> list[dict]:
    """The seasonal history as one report year's rows: baseline 12/2021, its status month."""
    rows = []
    for p in [*SEASONAL, *extra]:
        row = _row("experts", "total", "observation", p.period, p.value, report_year)
        row["role"] = {"2021-12": "baseline", status_period: "status"}.get(p.period, "observation")
        rows.append(row)
    return rows


def test_the_baseline_is_the_reports_in_every_report_year_and_like_for_like_is_separate():
    # 2022: status 11/2022. 2023: status 10/2023, a month other than the previous report's.
    programme = _seasonal_programme()
    first = pd.DataFrame(_seasonal_report(2022, "2022-11"))
    second = pd.DataFrame(
        _seasonal_report(2022, "2022-11")
        + _seasonal_report(2023, "2023-10", extra=[Point("2023-10", 8.9)])
    )
    before = assess_indicators(first, programme)
    after = add_previous(assess_indicators(second, programme), before, 2022, programme)
    for table in (before, after):
        row = table.set_index("indicator").loc["experts"]
        assert (row["baseline_period"], row["baseline_value"]) == ("2021-12", 9.4)
    row = after.set_index("indicator").loc["experts"]
    # Since the baseline: October 2023 against October 2021 (the baseline's year).
    assert (row["compared_from_period"], row["compared_to_period"]) == ("2021-10", "2023-10")
    # Since the previous report, by the same rule: October 2023 against October 2022, not
    # against the 11/2022 the previous report printed.
    assert (row["previous_period"], row["previous_comparison"]) == ("2022-10", "same_month")
    assert row["previous_value"] == 9  # SEASONAL's October 2022
    assert row["change_since_previous"] == pytest.approx(-0.1)
    assert row["since_previous"] == "improving"


def test_a_sentence_on_a_like_for_like_change_names_the_months():
    programme = _seasonal_programme()
    second = pd.DataFrame(
        _seasonal_report(2022, "2022-11")
        + _seasonal_report(2023, "2023-10", extra=[Point("2023-10", 8.9)])
    )
    before = assess_indicators(pd.DataFrame(_seasonal_report(2022, "2022-11")), programme)
    row = next(
        r
        for r in add_previous(
            assess_indicators(second, programme), before, 2022, programme
        ).itertuples()
        if r.indicator == "experts"
    )
    tr = Translator("en")
    text = explain_since_previous(row.assessment, row.since, tr, "percent", decimals=1)
    assert "9.0% (Oct 2022) to 8.9% (Oct 2023)" in text
    assert "from 10.0% (Oct 2021) to 8.9% (Oct 2023)" in explain(
        row.assessment, tr, "percent", decimals=1
    )


def test_one_table_1_cell_has_one_dating():
    # "9,4 % / 9,3 % / 21,2 % (2021)": the month one series declares dates every series.
    programme = _programme()
    unemployment = programme.indicator("unemployment")
    total, youth = unemployment.series
    unemployment = replace(unemployment, series=(replace(total, report_year_month=12), youth))
    assert unemployment.series[1] == youth and youth.report_year_month is None
    assert dated("2021", unemployment) == "2021-12"  # every series of the cell
    assert dated("2022-11", unemployment) == "2022-11"


def test_a_short_series_is_not_yet_assessable_and_counted_so():
    # Dated like "all" (12/2021), 11/2022 is 0.92 years later: below the minimum span.
    a = assess(points(("2021-12", 9.3), ("2022-11", 7.3)), None, "lower")
    assert (a.status, a.reason) == ("not_yet_assessable", "too_short")
    assert Translator("en")("progress.status.not_yet_assessable") == "Not yet assessable"
    assert "not_yet_assessable" in STATUSES


@pytest.mark.parametrize(
    ("values", "decimals", "margin", "status"),
    [
        # Equal at the reported precision: no clear change, whatever the rate says.
        ((3.331, 3.334), 2, None, "no_clear_change"),
        # 3,33 -> 3,34 is a change at the precision of two decimals ...
        ((3.33, 3.34), 2, None, "limited_progress"),
        # ... but inside a survey's margin of 0,05 it is no clear change.
        ((3.33, 3.34), 2, 0.05, "no_clear_change"),
        ((3.58, 3.45), 2, 0.05, "deterioration"),
        ((3.58, 3.45), 2, 0.2, "no_clear_change"),
    ],
)
def test_a_change_inside_the_noise_is_no_clear_change(values, decimals, margin, status):
    observations = points(("2021", values[0]), ("2022", values[1]))
    a = assess(observations, Point("2025", 3.7), "higher", decimals, margin)
    assert a.status == status
    if status == "no_clear_change":
        assert projection_path(a) == []  # no trend is carried on from noise


def test_since_previous_inside_the_margin_is_unchanged():
    sp = since_previous(Point("2022", 3.33), Point("2023", 3.41), "higher", 2, 2022, margin=0.1)
    assert sp.status == "unchanged"
    sp = since_previous(Point("2022", 3.33), Point("2023", 3.41), "higher", 2, 2022)
    assert sp.status == "improving"


def test_projections_stay_inside_the_scale():
    programme = _programme()
    climate = programme.indicator("climate")
    share = replace(climate, unit="percent", scale=None)
    assert within_scale(share, 104.2) == 100 and within_scale(share, -3) == 0
    assert within_scale(climate, 5.6) == 5 and within_scale(climate, 0.4) == 1
    assert within_scale(share, 66.77) == 66.77


def test_series_of_one_cell_may_not_declare_different_months():
    source = (REPO / "data" / "raw" / "elinvoimainen-espoo" / "programme.yaml").read_text(
        encoding="utf-8"
    )
    marker = "      - id: under-25\n"
    assert marker in source
    broken = source.replace(marker, marker + "        report_year_month: 6\n")
    with pytest.raises(SeurantaError, match=r"one Table 1 cell has one dating.*\[6, 12\]"):
        load_programme("elinvoimainen-espoo", ProjectPaths(REPO), source=broken.encode())
    margin = source.replace(
        "    period_precision: year\n", "    period_precision: year\n    margin: 0.05\n", 1
    )
    programme = load_programme("elinvoimainen-espoo", ProjectPaths(REPO), source=margin.encode())
    assert programme.indicator("recruitment-difficulties").margin == 0.05
    assert programme.indicator("business-climate").margin is None
