"""Exporting the PPKS register: masked unless the user may see identities; always audited."""

from __future__ import annotations

import csv
import io

import pytest

from sipsm.core.models import AuditEvent
from sipsm.people.actions.households import add_member
from sipsm.people.tests.support import CHILD_BIRTH, make_household, make_kk, make_person
from sipsm.registry.tests.files import xlsx_rows
from sipsm.testing import World, synthetic_nik

pytestmark = pytest.mark.django_db


@pytest.fixture
def numbers(world: World) -> tuple[str, str]:
    nik = synthetic_nik(world.village_a, sex="M", birth=CHILD_BIRTH)
    kk = make_kk(world.village_a)
    person = make_person(world, nik=nik, full_name='=HYPERLINK("x")')
    add_member(
        acting_user=world.village,
        household=make_household(world, kk=kk),
        person=person,
        relationship="anak",
    )
    return nik, kk


def _rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_it_masks_nik_and_kk_and_audits_the_export(
    world: World, client_for, numbers: tuple[str, str]
) -> None:
    nik, kk = numbers

    rows = _rows(client_for("district").get("/warga/ekspor.csv"))

    assert rows[1][0] == '\'=HYPERLINK("x")'
    assert rows[1][4] == f"{nik[:4]} {nik[4:6]}** **** {nik[12:]}"
    assert rows[1][5] == f"{kk[:4]} {kk[4:6]}** **** {kk[12:]}"
    event = AuditEvent.objects.get(verb="ppks.export")
    assert (event.actor, event.data["rows"], event.data["identities"]) == (
        world.district,
        1,
        "masked",
    )


def test_it_exports_full_numbers_with_a_reason_to_who_may_see_them(
    world: World, client_for, numbers: tuple[str, str]
) -> None:
    nik, kk = numbers

    response = client_for("regency").post(
        "/warga/ekspor.xlsx", {"reason": "Usulan DTSEN ke Dinas Sosial"}
    )

    rows = xlsx_rows(response.content)
    assert (rows[1][4], rows[1][5]) == (nik, kk)
    event = AuditEvent.objects.get(verb="ppks.export")
    assert (event.data["identities"], event.data["reason"]) == (
        "full",
        "Usulan DTSEN ke Dinas Sosial",
    )


def test_it_refuses_full_numbers_to_a_district_coordinator(
    world: World, client_for, numbers: tuple[str, str]
) -> None:
    response = client_for("district").post("/warga/ekspor.csv", {"reason": "Perlu lengkap"})

    assert response.status_code == 403
    assert AuditEvent.objects.filter(verb="ppks.export").count() == 0
