import math

import pytest

from seuranta.parse import CellError, parse_number, parse_period, parse_value

NBSP, NNBSP, MINUS = "\u00a0", "\u202f", "\u2212"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8 741", 8741.0),
        (f"8{NBSP}741", 8741.0),
        (f"8{NNBSP}741", 8741.0),
        ("12000", 12000.0),
        ("1 234 567,25", 1234567.25),
        ("9,4", 9.4),
        ("-1,5", -1.5),
        (f"{MINUS}1,5", -1.5),
        ("  42 000  ", 42000.0),
        ("0", 0.0),
    ],
)
def test_numbers_in_finnish_notation(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.5", "use a decimal comma"),
        ("1 23", "Finnish notation"),
        ("9,4,1", "Finnish notation"),
        ("abc", "Finnish notation"),
        ("", "Finnish notation"),
        ("12 3456", "Finnish notation"),
    ],
)
def test_bad_numbers_say_what_was_expected(text, message):
    with pytest.raises(CellError, match=message):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019", "2019"),
        ("5/2022", "2022-05"),
        ("11/2022", "2022-11"),
        ("30.12.2022", "2022-12-30"),
        ("1.1.2023", "2023-01-01"),
    ],
)
def test_periods(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("13/2022", "month 13"),
        ("31.2.2022", "no such day"),
        ("2022-05", "expected a year"),
        ("Q1 2022", "expected a year"),
    ],
)
def test_bad_periods(text, message):
    with pytest.raises(CellError, match=message):
        parse_period(text)


@pytest.mark.parametrize(
    ("text", "unit", "value", "period"),
    [
        ("8 741 (2019)", "count", 8741.0, "2019"),
        ("42 000 (5/2022)", "count", 42000.0, "2022-05"),
        ("9,4 %", "percent", 9.4, None),
        ("9,4%", "percent", 9.4, None),
        (f"9,4{NBSP}%", "percent", 9.4, None),
        ("19,4 % (11/2022)", "percent", 19.4, "2022-11"),
        ("3,58/5", "score", 3.58, None),
        (f"{MINUS}0,3 %", "percent", -0.3, None),
    ],
)
def test_report_cells(text, unit, value, period):
    cell = parse_value(text, unit, scale_max=5)
    assert (cell.value, cell.period) == (value, period)


@pytest.mark.parametrize("text", ["ei tietoa", "Ei tietoa", f"ei{NBSP}tietoa", "ei tietoa (2021)"])
def test_no_data_is_missing_not_zero(text):
    cell = parse_value(text, "count")
    assert math.isnan(cell.value)
    assert cell.missing.casefold() == "ei tietoa"


@pytest.mark.parametrize(
    ("text", "unit", "message"),
    [
        ("9,4 %%", "percent", 'cannot read "9,4 %%" as a percentage'),
        ("43", "percent", "expected a number followed by %"),
        ("43 %", "count", "expected a plain number"),
        ("3,58", "score", "value/5"),
        ("3,58/10", "score", "out of 5"),
        ("6/5", "score", "between 0 and 5"),
        ("8 741 (2019", "count", "as a count"),
        ("8 741 (13/2019)", "count", "month 13"),
    ],
)
def test_cells_in_the_wrong_unit(text, unit, message):
    with pytest.raises(CellError, match=message):
        parse_value(text, unit, scale_max=5)


# -- hardening (issue 13): ASCII digits only, plausible years, plausible values ---------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("٣٩ ٠٠٠", "Finnish notation"),  # Arabic-Indic digits: float() would take them
        ("１２", "Finnish notation"),  # fullwidth digits
        ("1" * 400, "too large"),  # float() gives inf
    ],
)
def test_only_ascii_digits_and_finite_numbers(text, message):
    with pytest.raises(CellError, match=message):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0000", 'year "0000" is not plausible'),
        ("5/0000", 'year "0000" is not plausible'),
        ("1.1.0000", 'year "0000" is not plausible'),
        ("202²", "expected a year"),  # str.isdigit() says True
        ("٢٠٢٢", "expected a year"),
        ("30.2.2022", "no such day"),
    ],
)
def test_implausible_periods(text, message):
    with pytest.raises(CellError, match=message):
        parse_period(text)


@pytest.mark.parametrize("text", ["²", "+1", " 1", "1.0", "١", "", "1_0"])
def test_whole_numbers_are_ascii_digits(text):
    from seuranta.parse import parse_whole

    with pytest.raises(CellError, match="expected a goal number"):
        parse_whole(text, "a goal number")


def test_years_within_range():
    from seuranta.parse import parse_year

    assert parse_year("2022") == 2022
    for text in ("0000", "2222", "202²", "22", "20222"):
        with pytest.raises(CellError):
            parse_year(text)


@pytest.mark.parametrize(
    ("value", "unit", "scale", "problem"),
    [
        (143.0, "percent", None, "0-100 %"),
        (-0.1, "percent", None, "0-100 %"),
        (0.5, "score", (1, 5), "scale 1-5"),
        (-1.0, "count", None, "negative"),
    ],
)
def test_implausible_values(value, unit, scale, problem):
    from seuranta.parse import implausible

    assert problem in implausible(value, unit, scale)


@pytest.mark.parametrize(
    ("value", "unit", "scale"),
    [
        (0.0, "percent", None),
        (100.0, "percent", None),
        (1.0, "score", (1, 5)),
        (math.nan, "count", None),
    ],
)
def test_plausible_values(value, unit, scale):
    from seuranta.parse import implausible

    assert implausible(value, unit, scale) is None


def test_period_after_the_report_year():
    from seuranta.parse import starts_after_year

    assert not starts_after_year("2022-12", 2022)
    assert not starts_after_year("2022-12-31", 2022)
    assert starts_after_year("2023-01", 2022)
    assert starts_after_year("2099", 2022)


def test_invisible_characters_are_shown():
    from seuranta.errors import visible

    assert visible("a\u200bb\ufeff\x00\n") == "a<U+200B>b<U+FEFF><U+0000><U+000A>"
    assert visible(f"8{NBSP}741 € ä") == f"8{NBSP}741 € ä"
