"""Masked display keeps the region and the serial and hides the birth date (G2)."""

from __future__ import annotations

import pytest

from sipsm.identity import kk, nik


@pytest.mark.parametrize("raw", ["3171011708450001", "3171 0117 0845 0001", "3171.01.170845.0001"])
def test_it_masks_the_birth_date_and_keeps_region_and_serial(raw: str) -> None:
    assert nik.mask(raw) == "3171 01** **** 0001"


@pytest.mark.parametrize("raw", ["", "31710117084500", "31710117084500011"])
def test_it_masks_a_malformed_number_completely(raw: str) -> None:
    assert nik.mask(raw) == "****"


def test_it_masks_a_kk_number_the_same_way() -> None:
    assert kk.mask("7501 0114 0324 0009") == "7501 01** **** 0009"
    assert kk.mask("75010114") == "****"
