"""Saving an import is one transaction: when a row that passed the checks fails to save, every
row saved before it is rolled back and the failure is reported on that row."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models.signals import post_save
from django.test import Client
from django.utils import translation

from sipsm.core.models import AuditEvent
from sipsm.registry import imports
from sipsm.registry.models import Member, MemberImport
from sipsm.registry.tests.files import csv_bytes, register_counts, upload
from sipsm.testing import World

pytestmark = pytest.mark.django_db

HEADER = ["nama", "jenis_kelamin", "kode_desa", "status", "no_kta"]
CONFLICT = (
    "The row conflicts with a record saved in the register meanwhile. "
    "Nothing from this file was saved; upload it again."
)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def kta_taken_meanwhile(world: World) -> Iterator[None]:
    """After the first imported member is saved, another record takes the KTA number of the
    second row, as a verification in another session could between check and save."""

    def take_number(sender: Any, instance: Member, created: bool, **kwargs: Any) -> None:
        if created and instance.full_name == "Rina Hasan":
            Member.objects.filter(pk=world.member_b.pk).update(kta_number="IPSM-7501-S09002")

    post_save.connect(take_number, sender=Member, dispatch_uid="kta_taken_meanwhile")
    try:
        yield
    finally:
        post_save.disconnect(sender=Member, dispatch_uid="kta_taken_meanwhile")


def three_active_rows(world: World) -> bytes:
    return csv_bytes(
        [
            HEADER,
            ["Rina Hasan", "P", world.village_a.code, "aktif", "IPSM-7501-S09001"],
            ["Lina Mointi", "P", world.village_a.code, "aktif", "IPSM-7501-S09002"],
            ["Dewi Ali", "P", world.village_b.code, "aktif", "IPSM-7501-S09003"],
        ]
    )


@pytest.mark.usefixtures("kta_taken_meanwhile")
@pytest.mark.parametrize("mode", ["all_or_nothing", "valid_rows"])
def test_it_rolls_back_every_row_when_a_save_fails_midway(world: World, mode: str) -> None:
    kta_before = world.member_b.kta_number
    before = register_counts()

    report, run = imports.import_members(
        acting_user=world.regency,
        stream=io.BytesIO(three_active_rows(world)),
        filename="anggota.csv",
        mode=mode,
    )

    assert [(p.row, p.column, p.message) for p in report.problems] == [(3, "", CONFLICT)]
    assert (run.committed, run.total_rows, run.created_count, run.error_count) == (False, 3, 0, 1)
    assert not Member.objects.filter(full_name__in=["Rina Hasan", "Lina Mointi", "Dewi Ali"])
    world.member_b.refresh_from_db()
    assert world.member_b.kta_number == kta_before
    # the register is as it was; only the failed attempt is recorded
    assert register_counts() == (before[0], before[1] + 1)
    event = AuditEvent.objects.for_object(run).get()
    assert event.data == {"rows": 3, "created": 0, "errors": 1, "mode": mode}


@pytest.mark.usefixtures("kta_taken_meanwhile")
def test_the_page_reports_the_failed_save(world: World, client_for: Any) -> None:
    client: Client = client_for("regency")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    before = register_counts()

    response = client.post(
        "/anggota/impor/",
        {"file": upload("anggota.csv", three_active_rows(world)), "mode": "valid_rows"},
        follow=True,
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved: 1 problems found." in page
    assert "<td>3</td><td></td><td>The row conflicts with a record" in page
    assert register_counts() == (before[0], before[1] + 1)
    assert MemberImport.objects.get().committed is False


def test_it_saves_all_rows_when_nothing_interferes(world: World) -> None:
    before = register_counts()

    report, run = imports.import_members(
        acting_user=world.regency,
        stream=io.BytesIO(three_active_rows(world)),
        filename="anggota.csv",
    )

    assert report.problems == []
    assert (run.committed, run.created_count) == (True, 3)
    assert sorted(
        Member.objects.filter(kta_number__startswith="IPSM-7501-S090").values_list(
            "kta_number", flat=True
        )
    ) == ["IPSM-7501-S09001", "IPSM-7501-S09002", "IPSM-7501-S09003"]
    # per member a registration and a status event, plus the import
    assert register_counts() == (before[0] + 3, before[1] + 7)
