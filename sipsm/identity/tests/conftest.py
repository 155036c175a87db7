"""Fixtures for the identity tests: fresh field keys and a few members encrypted under them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sipsm.identity.crypto import new_key
from sipsm.identity.nik import make_nik
from sipsm.registry.actions.members import register_member
from sipsm.registry.models import Member
from sipsm.testing import first_villages, member_data


@pytest.fixture
def old_key(settings: Any) -> str:
    """The one field key (id `k1`) the members of `members` are encrypted under."""
    key = new_key()
    settings.SIPSM_FIELD_KEYS = f"k1:{key}"
    return key


@pytest.fixture
def members(db: Any, old_key: str) -> list[Member]:
    """Three candidates in Limboto (75.01.01) with synthetic NIKs, applied on the public form."""
    created = []
    for serial, village in enumerate(first_villages("75.01.01", 3), start=1):
        nik = make_nik(
            district_code="75.01.01", birth_date=dt.date(1990, 1, serial), sex="F", serial=serial
        )
        created.append(
            register_member(
                acting_user=None,
                data=member_data(village, full_name=f"Anggota Uji {serial}", nik=nik),
            )
        )
    return created
