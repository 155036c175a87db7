"""A NIK is 16 ASCII digits once spaces, dots and dashes are removed; serial 0000 is invalid."""

from __future__ import annotations

import datetime as dt

import pytest

from sipsm.identity.nik import InvalidNik, check_nik, normalize, parse_nik
from sipsm.identity.tests.support import TODAY


def test_it_accepts_a_valid_nik_and_parses_its_parts() -> None:
    # python-stdnum's public documentation vector.
    result = check_nik("3171011708450001", today=TODAY)

    assert result.is_valid
    assert result.errors == []
    assert result.warnings == []
    assert result.nik == "3171011708450001"
    assert result.province_code == "31"
    assert result.regency_code == "31.71"
    assert result.district_code == "31.71.01"
    assert result.birth_date == dt.date(1945, 8, 17)
    assert result.sex == "M"
    assert result.serial == "0001"


@pytest.mark.parametrize(
    "raw",
    [
        "3171 0117 0845 0001",
        "3171.01.170845.0001",
        "31-71-01-17-08-45-0001",
        " 317101 170845 0001 ",
        "3171/01_1708450001",
    ],
)
def test_it_normalises_spaces_dots_and_dashes(raw: str) -> None:
    assert normalize(raw) == "3171011708450001"
    result = check_nik(raw, today=TODAY)
    assert result.nik == "3171011708450001"
    assert result.is_valid


@pytest.mark.parametrize(
    ("raw", "n"),
    [("31710117084500", 14), ("317101170845000123", 18), ("", 0)],
)
def test_it_rejects_a_wrong_length(raw: str, n: int) -> None:
    result = check_nik(raw, today=TODAY)

    assert result.error_codes() == ["length"]
    assert str(result.errors[0]) == f"A NIK has 16 digits; this one has {n}."
    assert result.birth_date is None


@pytest.mark.parametrize(
    "raw", ["317101170845000A", "3171011708450001x", "３１７１０１１７０８４５０００１"]
)
def test_it_rejects_anything_but_ascii_digits(raw: str) -> None:
    assert check_nik(raw, today=TODAY).error_codes() == ["not_digits"]


def test_it_rejects_serial_0000() -> None:
    result = check_nik("3171011708450000", today=TODAY)

    assert result.error_codes() == ["serial"]
    assert result.serial == "0000"


def test_it_raises_invalid_nik_from_parse_nik_when_there_are_errors() -> None:
    assert parse_nik("3171011708450001", today=TODAY).birth_date == dt.date(1945, 8, 17)
    with pytest.raises(InvalidNik) as excinfo:
        parse_nik("3171011708450000", today=TODAY)
    assert excinfo.value.check.error_codes() == ["serial"]
    assert str(excinfo.value) == "The last four digits cannot be 0000."
