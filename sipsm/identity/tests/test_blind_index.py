"""The blind index is a keyed HMAC of the normalised number, not a plain hash (G1)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import pytest
from django.db import connection

from sipsm.identity.fields import index_for
from sipsm.registry.models import Member

pytestmark = pytest.mark.django_db

NIK = "7501014403900001"


def _hmac(key: str, message: str) -> str:
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def test_it_is_the_hmac_of_the_normalised_number_under_the_configured_key(settings: Any) -> None:
    settings.SIPSM_BLIND_INDEX_KEY = "index-key-for-tests-0123456789abcdef"

    expected = _hmac("index-key-for-tests-0123456789abcdef", f"nik:{NIK}")

    assert index_for(NIK, kind="nik") == expected
    assert index_for("7501 0144 0390 0001", kind="nik") == expected
    assert index_for("7501.01.440390.0001", kind="nik") == expected


def test_it_differs_from_an_unkeyed_sha256(settings: Any) -> None:
    index = index_for(NIK, kind="nik")

    assert index != hashlib.sha256(NIK.encode()).hexdigest()
    assert index != hashlib.sha256(f"nik:{NIK}".encode()).hexdigest()


def test_it_changes_with_the_key_and_with_the_kind(settings: Any) -> None:
    settings.SIPSM_BLIND_INDEX_KEY = "first-index-key-0123456789abcdefgh"
    first = index_for(NIK, kind="nik")
    as_kk = index_for(NIK, kind="kk")
    settings.SIPSM_BLIND_INDEX_KEY = "second-index-key-0123456789abcdefg"

    assert index_for(NIK, kind="nik") != first
    assert as_kk != first


def test_it_is_none_for_an_empty_value() -> None:
    assert index_for("", kind="nik") is None
    assert index_for(None, kind="nik") is None


def test_it_is_stored_with_the_member_and_finds_it(members: list[Member], settings: Any) -> None:
    member = members[0]
    table = Member._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT nik_index FROM {table} WHERE id = %s", [member.pk])  # noqa: S608
        (stored,) = cursor.fetchone()

    assert stored == _hmac(settings.SIPSM_BLIND_INDEX_KEY, f"nik:{member.nik}")
    assert list(Member.objects.with_nik(member.nik)) == [member]
    spaced = f"{member.nik[:4]} {member.nik[4:8]} {member.nik[8:12]} {member.nik[12:]}"
    assert list(Member.objects.with_nik(spaced)) == [member]
    assert list(Member.objects.with_nik("7501019999990001")) == []
