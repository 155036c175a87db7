"""Nomor KK: 16 digits, issuing region checked strictly; date and serial problems only warn."""

from __future__ import annotations

import pytest

from sipsm.identity.kk import check_kk


def test_it_accepts_a_plausible_kk_number() -> None:
    result = check_kk("7501 0114 0324 0009")

    assert result.is_valid
    assert result.errors == []
    assert result.warnings == []
    assert result.kk == "7501011403240009"
    assert result.district_code == "75.01.01"


@pytest.mark.parametrize(("raw", "n"), [("750101140324", 12), ("75010114032400091", 17), ("", 0)])
def test_it_rejects_a_wrong_length(raw: str, n: int) -> None:
    result = check_kk(raw)
    assert [f.code for f in result.errors] == ["length"]
    assert str(result.errors[0]) == f"A KK number has 16 digits; this one has {n}."


def test_it_rejects_letters() -> None:
    assert [f.code for f in check_kk("75010114032400O9").errors] == ["not_digits"]


@pytest.mark.parametrize(
    ("raw", "code"), [("9901011403240009", "province"), ("7599011403240009", "regency")]
)
def test_it_rejects_an_unknown_province_or_regency(raw: str, code: str) -> None:
    result = check_kk(raw)
    assert [f.code for f in result.errors] == [code]
    assert result.warnings == []


def test_it_only_warns_about_an_unknown_district() -> None:
    result = check_kk("7501991403240009")
    assert result.is_valid
    assert [f.code for f in result.warnings] == ["district"]


@pytest.mark.parametrize("raw", ["7501013102240009", "7501011413240009", "7501014103240009"])
def test_it_only_warns_about_a_registration_date_that_does_not_exist(raw: str) -> None:
    result = check_kk(raw)
    assert result.is_valid
    assert [f.code for f in result.warnings] == ["date"]


def test_it_only_warns_about_serial_0000() -> None:
    result = check_kk("7501011403240000")
    assert result.is_valid
    assert [f.code for f in result.warnings] == ["serial"]
