"""The import's look-ups in the people register: a NIK is matched to the register's holder of
it (the record the unique NIK index covers), never to a pending duplicate of that record."""

from __future__ import annotations

import pytest

from sipsm.aid.models import KpmEntry
from sipsm.aid.tests.files import csv_bytes, kpm_row
from sipsm.aid.tests.support import AidWorld, import_file, import_rows
from sipsm.people.actions import persons as person_actions
from sipsm.people.models import Person

pytestmark = pytest.mark.django_db


def test_it_links_the_pengurus_to_the_holder_of_the_nik_not_to_a_pending_duplicate(
    aid: AidWorld,
) -> None:
    code = aid.world.village_a.code
    row = kpm_row(code, 0)
    holder = person_actions.register_person(
        acting_user=aid.world.village,
        data=person_actions.PersonData(
            full_name="Siti Hulopi", village=aid.world.village_a, nik=row["nik_pengurus"]
        ),
    )
    # Synthetic set-up: a later record of the same NIK, waiting for a coordinator's review.
    duplicate = Person.objects.create(
        full_name="Siti Hulopi",
        village=aid.world.village_a,
        nik=row["nik_pengurus"],
        duplicate_of=holder,
    )
    assert duplicate.nik_index == holder.nik_index
    run = import_file(aid.world.regency, aid.period, csv_bytes([row]))
    entry = KpmEntry.objects.get()
    assert (run.created_count, entry.pengurus_id) == (1, holder.pk)
    assert entry.household.members.filter(person=holder, until__isnull=True).exists()
    assert not entry.household.members.filter(person=duplicate).exists()


def _estimated_rows(table: str) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        (estimate,) = cursor.fetchone()
    return float(estimate)


def test_on_postgresql_an_import_leaves_the_planner_statistics_fresh(aid: AidWorld) -> None:
    """Without statistics PostgreSQL takes a just-loaded list for an empty table and answers
    the next import's duplicate look-ups by reading the whole period."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("planner statistics are refreshed on PostgreSQL only")
    import_rows(aid, 12)

    assert _estimated_rows("aid_kpmentry") == KpmEntry.objects.count() == 12
    assert _estimated_rows("people_person") == Person.objects.count()
