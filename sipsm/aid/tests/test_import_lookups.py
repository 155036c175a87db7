"""The import's look-ups in the people register: a NIK is matched to the register's holder of
it (the record the unique NIK index covers), never to a pending duplicate of that record."""

from __future__ import annotations

import pytest

from sipsm.aid.models import KpmEntry
from sipsm.aid.tests.files import csv_bytes, kpm_row
from sipsm.aid.tests.support import AidWorld, import_file
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
