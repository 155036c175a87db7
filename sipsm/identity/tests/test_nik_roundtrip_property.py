"""Property: every NIK built by make_nik from a real district and a past date parses back."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from sipsm.identity.nik import check_nik, make_nik
from sipsm.identity.tests.support import TODAY
from sipsm.regions.reference import official_codes_above_village

DISTRICTS = sorted(code for code in official_codes_above_village() if code.count(".") == 2)
# Two-digit years are only unambiguous within the last hundred years before TODAY.
EARLIEST = dt.date(TODAY.year - 99, 1, 1)


@hypothesis_settings(max_examples=300, deadline=None, database=None)
@given(
    district=st.sampled_from(DISTRICTS),
    birth=st.dates(min_value=EARLIEST, max_value=TODAY),
    sex=st.sampled_from(["M", "F"]),
    serial=st.integers(min_value=1, max_value=9999),
)
def test_it_parses_back_the_birth_date_and_sex(
    district: str, birth: dt.date, sex: str, serial: int
) -> None:
    nik = make_nik(district_code=district, birth_date=birth, sex=sex, serial=serial)

    result = check_nik(nik, stated_sex=sex, stated_birth_date=birth, today=TODAY)

    assert result.errors == []
    assert result.warnings == []
    assert result.birth_date == birth
    assert result.sex == sex
    assert result.district_code == district
    assert result.serial == f"{serial:04d}"


def test_it_uses_every_district_of_the_shipped_list() -> None:
    assert len(DISTRICTS) == 7285
