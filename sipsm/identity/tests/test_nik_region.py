"""The first six digits: province and regency must exist; an unknown district only warns."""

from __future__ import annotations

import datetime as dt

from sipsm.identity.nik import check_nik, make_nik
from sipsm.identity.tests.support import TODAY

BIRTH = dt.date(1985, 3, 14)


def test_it_rejects_an_unknown_province() -> None:
    # python-stdnum's public vector: province 99 does not exist.
    result = check_nik("9971011708450001", today=TODAY)

    assert result.error_codes() == ["province"]
    assert str(result.errors[0]) == "Province code 99 does not exist."


def test_it_rejects_an_unknown_regency_in_a_known_province() -> None:
    nik = make_nik(district_code="75.99.01", birth_date=BIRTH, sex="M", serial=1)

    result = check_nik(nik, today=TODAY)

    assert result.error_codes() == ["regency"]
    assert str(result.errors[0]) == "Regency/city code 75.99 does not exist."


def test_it_only_warns_about_an_unknown_or_historical_district() -> None:
    nik = make_nik(district_code="75.01.99", birth_date=BIRTH, sex="M", serial=1)

    result = check_nik(nik, today=TODAY)

    assert result.is_valid
    assert result.warning_codes() == ["district"]
    assert str(result.warnings[0]) == (
        "District code 75.01.99 is not in the current list "
        "(it may be an older code from before a split)."
    )
    assert result.district_code == "75.01.99"
    assert result.birth_date == BIRTH


def test_it_accepts_a_district_of_a_province_not_loaded_in_the_database() -> None:
    # Regions of Papua (91) are not in the test database; the check uses the shipped list.
    nik = make_nik(district_code="91.03.01", birth_date=BIRTH, sex="F", serial=7)

    result = check_nik(nik, today=TODAY)

    assert result.errors == []
    assert result.warnings == []
