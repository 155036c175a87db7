"""`sipsm rotate_field_keys`: re-encrypt under the new primary key, so the old one can go (G1)."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from sipsm.core.models import AuditEvent
from sipsm.identity.crypto import DecryptionError, new_key, parse_keyring, token_key_id
from sipsm.registry.models import Member

pytestmark = pytest.mark.django_db

NIK_COLUMN = "registry.Member.nik"


def _stored() -> dict[int, tuple[str, str | None]]:
    table = Member._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, nik, nik_index FROM {table}")  # noqa: S608
        return {pk: (nik, index) for pk, nik, index in cursor.fetchall()}


def _key_ids() -> list[str | None]:
    return sorted(token_key_id(nik) for nik, _ in _stored().values())  # type: ignore[type-var]


def _rotate(*args: str) -> str:
    out = io.StringIO()
    call_command("rotate_field_keys", *args, stdout=out)
    return out.getvalue()


def _nik_line(output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith(NIK_COLUMN + ":"))


def test_it_re_encrypts_every_row_so_the_old_key_can_be_removed(
    members: list[Member], old_key: str
) -> None:
    expected = {m.pk: m.nik for m in members}
    new = new_key()
    before = _stored()
    assert _key_ids() == ["k1", "k1", "k1"]

    with override_settings(SIPSM_FIELD_KEYS=f"k2:{new},k1:{old_key}"):
        output = _rotate()

    assert _nik_line(output) == f"{NIK_COLUMN}: 3 rows, 0 empty; by key: k1=3; re-encrypted: 3"
    assert output.splitlines()[0] == "Primary key: k2 (configured: k2, k1)"
    # Other encrypted columns may hold rows too; the total covers them all.
    total = re.fullmatch(
        r"Re-encrypted (\d+) value\(s\) under k2, updated 0 blind index value\(s\), "
        r"0 unreadable\.",
        output.splitlines()[-1],
    )
    assert total is not None
    assert int(total[1]) == sum(int(n) for n in re.findall(r"re-encrypted: (\d+)", output))
    after = _stored()
    assert _key_ids() == ["k2", "k2", "k2"]
    assert {pk: index for pk, (_, index) in after.items()} == {
        pk: index for pk, (_, index) in before.items()
    }
    with override_settings(SIPSM_FIELD_KEYS=f"k2:{new}"):
        assert {m.pk: m.nik for m in Member.objects.all()} == expected
        assert [m.pk for m in Member.objects.with_nik(members[1].nik)] == [members[1].pk]


def test_it_cannot_read_old_rows_without_the_old_key_before_rotation(
    members: list[Member], old_key: str
) -> None:
    with override_settings(SIPSM_FIELD_KEYS=f"k2:{new_key()}"), pytest.raises(DecryptionError):
        list(Member.objects.all())


def test_it_records_one_audit_event_with_the_counts(members: list[Member], old_key: str) -> None:
    with override_settings(SIPSM_FIELD_KEYS=f"k2:{new_key()},k1:{old_key}"):
        _rotate()

    event = AuditEvent.objects.get(verb="keys.rotate")
    assert event.actor is None
    assert event.data["primary_key_id"] == "k2"
    assert event.data["key_ids"] == ["k2", "k1"]
    assert event.data["reindex"] is False
    assert event.data["columns"][NIK_COLUMN] == {
        "rows": 3,
        "empty": 0,
        "by_key": {"k1": 3},
        "malformed": 0,
        "unknown_key": 0,
        "undecryptable": 0,
        "reencrypted": 3,
        "index_updates": {},
    }
    assert old_key not in str(event.data)


def test_it_only_counts_with_check(members: list[Member], old_key: str) -> None:
    before = _stored()

    with override_settings(SIPSM_FIELD_KEYS=f"k2:{new_key()},k1:{old_key}"):
        output = _rotate("--check")

    assert _nik_line(output) == f"{NIK_COLUMN}: 3 rows, 0 empty; by key: k1=3; to re-encrypt: 3"
    total = re.fullmatch(
        r"Check only, nothing written: (\d+) value\(s\) to re-encrypt under k2, 0 unreadable\.",
        output.splitlines()[-1],
    )
    assert total is not None
    assert int(total[1]) == sum(int(n) for n in re.findall(r"to re-encrypt: (\d+)", output))
    assert _stored() == before
    assert AuditEvent.objects.filter(verb="keys.rotate").count() == 0


def test_it_does_nothing_on_a_second_run(members: list[Member], old_key: str) -> None:
    keys = f"k2:{new_key()},k1:{old_key}"
    with override_settings(SIPSM_FIELD_KEYS=keys):
        _rotate()
        after_first = _stored()
        output = _rotate()

    assert _nik_line(output) == f"{NIK_COLUMN}: 3 rows, 0 empty; by key: k2=3; re-encrypted: 0"
    assert _stored() == after_first


def test_it_rotates_in_small_batches(members: list[Member], old_key: str) -> None:
    with override_settings(SIPSM_FIELD_KEYS=f"k2:{new_key()},k1:{old_key}"):
        output = _rotate("--batch-size", "2")

    assert _nik_line(output) == f"{NIK_COLUMN}: 3 rows, 0 empty; by key: k1=3; re-encrypted: 3"
    assert _key_ids() == ["k2", "k2", "k2"]


def test_it_counts_empty_values_and_leaves_them_empty(members: list[Member], old_key: str) -> None:
    members[0].nik = ""
    members[0].save()

    with override_settings(SIPSM_FIELD_KEYS=f"k2:{new_key()},k1:{old_key}"):
        output = _rotate("--reindex")

    assert _nik_line(output) == f"{NIK_COLUMN}: 3 rows, 1 empty; by key: k1=2; re-encrypted: 2"
    assert _stored()[members[0].pk] == ("", None)


def test_it_reports_rows_under_an_unknown_key_and_rotates_the_others(
    members: list[Member], old_key: str
) -> None:
    stray = parse_keyring(f"lost:{new_key()}").encrypt(
        "7501015001900009", context="registry_member.nik"
    )
    Member.objects.filter(pk=members[0].pk).update(nik_index=None)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Member._meta.db_table} SET nik = %s WHERE id = %s",  # noqa: S608
            [stray, members[0].pk],
        )
    out = io.StringIO()

    with (
        override_settings(SIPSM_FIELD_KEYS=f"k2:{new_key()},k1:{old_key}"),
        pytest.raises(CommandError) as excinfo,
    ):
        call_command("rotate_field_keys", stdout=out)

    assert str(excinfo.value) == (
        "1 value(s) could not be decrypted with the configured keys and were left as they "
        "are; keep the old keys until they are fixed."
    )
    assert _nik_line(out.getvalue()) == (
        f"{NIK_COLUMN}: 3 rows, 0 empty; by key: k1=2, lost=1; re-encrypted: 2; "
        "unreadable: 1 (unknown key 1, not a ciphertext 0, failed to decrypt 0)"
    )
    assert _key_ids() == ["k2", "k2", "lost"]
    assert AuditEvent.objects.get(verb="keys.rotate").data["unreadable"] == 1


def test_it_rebuilds_the_blind_indexes_with_reindex(
    members: list[Member], old_key: str, settings: Any
) -> None:
    nik = members[2].nik
    settings.SIPSM_BLIND_INDEX_KEY = "a-brand-new-blind-index-key-0123456789"
    assert list(Member.objects.with_nik(nik)) == []

    output = _rotate("--reindex")

    assert _nik_line(output) == f"{NIK_COLUMN}: 3 rows, 0 empty; by key: k1=3; re-encrypted: 0"
    assert "  registry.Member.nik_index: 3 index values updated" in output.splitlines()
    assert [m.pk for m in Member.objects.with_nik(nik)] == [members[2].pk]
    assert AuditEvent.objects.get(verb="keys.rotate").data["reindex"] is True


def test_it_refuses_a_batch_size_below_one(members: list[Member]) -> None:
    with pytest.raises(CommandError) as excinfo:
        _rotate("--batch-size", "0")
    assert str(excinfo.value) == "--batch-size must be at least 1"
