"""Digits 7-12: the birth date (day + 40 for women), its century, and mismatch warnings."""

from __future__ import annotations

import datetime as dt

import pytest

from sipsm.identity.nik import check_nik, make_nik
from sipsm.identity.tests.support import TODAY


def _nik(ddmmyy: str) -> str:
    return f"750101{ddmmyy}0001"


@pytest.mark.parametrize(
    "ddmmyy",
    [
        "310285",  # 31 February
        "300285",  # 30 February
        "310485",  # 31 April
        "320185",  # day 32
        "000185",  # day 0
        "400185",  # day 40: neither a man's nor a woman's day
        "720185",  # day 72 (woman, 32nd)
        "711185",  # 31 November for a woman
        "011385",  # month 13
        "010085",  # month 0
        "290201",  # 29 Feb 2001 / 1901: no leap year either way
    ],
)
def test_it_rejects_a_date_that_does_not_exist(ddmmyy: str) -> None:
    result = check_nik(_nik(ddmmyy), today=TODAY)

    assert result.error_codes() == ["date"]
    assert result.birth_date is None
    assert result.sex == ""


def test_it_rejects_the_stdnum_invalid_date_vector() -> None:
    assert check_nik("3171013002001234", today=TODAY).error_codes() == ["date"]


def test_it_reads_a_woman_from_a_day_plus_40() -> None:
    result = check_nik("3171015708450001", today=TODAY)

    assert result.is_valid
    assert result.sex == "F"
    assert result.birth_date == dt.date(1945, 8, 17)


@pytest.mark.parametrize(("ddmmyy", "sex"), [("010190", "M"), ("410190", "F")])
def test_it_accepts_the_first_day_of_a_month(ddmmyy: str, sex: str) -> None:
    result = check_nik(_nik(ddmmyy), today=TODAY)
    assert (result.birth_date, result.sex) == (dt.date(1990, 1, 1), sex)


@pytest.mark.parametrize(
    ("ddmmyy", "expected"),
    [
        ("290200", dt.date(2000, 2, 29)),  # 2000 is a leap year
        ("690296", dt.date(1996, 2, 29)),  # a woman born on a leap day
        ("290228", dt.date(1928, 2, 29)),  # 2028 would be in the future
        ("290224", dt.date(2024, 2, 29)),
    ],
)
def test_it_accepts_a_leap_day_of_a_leap_year(ddmmyy: str, expected: dt.date) -> None:
    result = check_nik(_nik(ddmmyy), today=TODAY)
    assert result.errors == []
    assert result.birth_date == expected


def test_it_accepts_the_stdnum_leap_day_vector() -> None:
    assert check_nik("3171012902001234", today=TODAY).birth_date == dt.date(2000, 2, 29)


@pytest.mark.parametrize(
    ("ddmmyy", "expected"),
    [
        ("010105", dt.date(2005, 1, 1)),
        ("300625", dt.date(2025, 6, 30)),  # today itself is not the future
        ("010725", dt.date(1925, 7, 1)),  # 1 July 2025 is tomorrow: 1925
        ("150830", dt.date(1930, 8, 15)),
        ("311299", dt.date(1999, 12, 31)),
    ],
)
def test_it_chooses_the_most_recent_century_that_is_not_in_the_future(
    ddmmyy: str, expected: dt.date
) -> None:
    assert check_nik(_nik(ddmmyy), today=TODAY).birth_date == expected


def test_it_warns_when_the_stated_sex_differs() -> None:
    nik = make_nik(district_code="75.01.01", birth_date=dt.date(1985, 3, 14), sex="F", serial=3)

    result = check_nik(nik, stated_sex="M", today=TODAY)

    assert result.is_valid
    assert result.warning_codes() == ["sex_mismatch"]
    assert str(result.warnings[0]) == "The NIK encodes a different sex than the one entered."


def test_it_warns_when_the_stated_birth_date_differs() -> None:
    nik = make_nik(district_code="75.01.01", birth_date=dt.date(1985, 3, 14), sex="M", serial=3)

    result = check_nik(nik, stated_sex="M", stated_birth_date=dt.date(1985, 3, 15), today=TODAY)

    assert result.is_valid
    assert result.warning_codes() == ["birth_mismatch"]
    assert str(result.warnings[0]) == "The NIK encodes birth date 1985-03-14, not the one entered."


def test_it_does_not_warn_when_the_stated_sex_and_birth_date_agree() -> None:
    nik = make_nik(district_code="75.01.01", birth_date=dt.date(1985, 3, 14), sex="F", serial=3)

    result = check_nik(nik, stated_sex="F", stated_birth_date=dt.date(1985, 3, 14), today=TODAY)

    assert result.warnings == []


def test_it_reports_both_mismatches_together() -> None:
    nik = make_nik(district_code="75.01.01", birth_date=dt.date(1985, 3, 14), sex="F", serial=3)

    result = check_nik(nik, stated_sex="M", stated_birth_date=dt.date(1958, 3, 14), today=TODAY)

    assert result.warning_codes() == ["sex_mismatch", "birth_mismatch"]
