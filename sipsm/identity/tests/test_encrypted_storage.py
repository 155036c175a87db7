"""What the database holds for an encrypted field: ciphertext only, never the NIK (G1)."""

from __future__ import annotations

import pytest
from django.core.exceptions import FieldError
from django.db import connection

from sipsm.identity.crypto import keyring, token_key_id
from sipsm.registry.models import Member
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def _raw_rows() -> list[tuple[int, str, str]]:
    table = Member._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, nik, nik_index FROM {table} ORDER BY id")  # noqa: S608
        return list(cursor.fetchall())


def test_it_stores_no_plaintext_nik_in_the_member_table(world: World) -> None:
    niks = {m.pk: m.nik for m in Member.objects.all()}
    assert len(niks) == 4
    assert all(len(nik) == 16 and nik.isdigit() for nik in niks.values())

    for pk, stored, index in _raw_rows():
        nik = niks[pk]
        assert stored.startswith("v1$")
        assert nik not in stored
        assert nik[6:12] not in stored  # not even the birth date segment
        assert nik not in index


def test_it_decrypts_on_read_and_keeps_empty_values_empty(world: World) -> None:
    member = world.member_a
    member.refresh_from_db()
    assert len(member.nik) == 16

    member.nik = ""
    member.save()
    member.refresh_from_db()

    assert member.nik == ""
    assert member.nik_index is None
    stored = {pk: (nik, index) for pk, nik, index in _raw_rows()}
    assert stored[member.pk] == ("", None)


def test_it_writes_under_the_primary_key_id(world: World) -> None:
    assert {token_key_id(stored) for _, stored, _ in _raw_rows()} == {keyring().primary_id}


@pytest.mark.parametrize(
    "lookup",
    ["nik", "nik__exact", "nik__iexact", "nik__in", "nik__contains", "nik__startswith", "nik__gt"],
)
def test_it_refuses_lookups_on_the_encrypted_column(world: World, lookup: str) -> None:
    value: object = [world.member_a.nik] if lookup.endswith("__in") else world.member_a.nik

    with pytest.raises(FieldError) as excinfo:
        Member.objects.filter(**{lookup: value})

    name = lookup.split("__")[1] if "__" in lookup else "exact"
    assert str(excinfo.value) == (
        f"nik is encrypted; look it up through its blind index, not with __{name}"
    )


def test_it_allows_isnull_on_the_encrypted_column(world: World) -> None:
    assert Member.objects.filter(nik__isnull=True).count() == 0
    assert Member.objects.filter(nik__isnull=False).count() == 4
