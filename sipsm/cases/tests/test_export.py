"""The case export: only cases the coordinator may read, no narratives, audited. Names are
masked by default; full names only for who may see identities, on a POST with a reason that
goes into the audit trail (refusals: test_protection.py)."""

from __future__ import annotations

import csv
import io

import pytest

from sipsm.cases.models import Case
from sipsm.cases.tests.support import make_case
from sipsm.core.models import AuditEvent
from sipsm.people.tests.support import make_person
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_it_masks_names_for_a_district_coordinator_and_audits(
    world: World, case: Case, client_for
) -> None:
    rows = _rows(client_for("district").get("/kasus/ekspor.csv"))

    assert rows[0][:3] == ["nomor_kasus", "nama", "anak"]
    assert rows[1][:3] == [case.number, "Andi S******", "ya"]
    assert "mengamen" not in str(rows)
    event = AuditEvent.objects.get(verb="case.export")
    assert (event.actor, event.data) == (world.district, {"rows": 1, "names": "masked"})


def test_it_shows_names_to_who_may_see_identities_and_only_their_cases(
    world: World, case: Case, client_for
) -> None:
    far = make_person(world, actor=world.province, village=world.village_far, full_name="Jaka")
    make_case(world, person=far, actor=world.province, village=world.village_far)

    response = client_for("regency").post("/kasus/ekspor.csv", {"reason": "Rapat dinas sosial"})

    assert [r[:2] for r in _rows(response)[1:]] == [[case.number, "Andi Saputra"]]
    event = AuditEvent.objects.get(verb="case.export")
    assert (event.actor, event.data) == (
        world.regency,
        {"rows": 1, "names": "full", "reason": "Rapat dinas sosial"},
    )
