"""Referrals from the public: the open form, kept encrypted, seen by the village's workers;
lists show no details, each read of one is logged."""

from __future__ import annotations

import time

import pytest
from django.core import signing
from django.test import Client

from sipsm.cases.forms import FORM_TOKEN_SALT
from sipsm.cases.models import Intake
from sipsm.core.models import AuditEvent
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def _form(world: World, **values: object) -> dict[str, object]:
    return {
        "village": world.village_a.code,
        "description": "Ada nenek tinggal sendiri, tidak ada yang merawat",
        "about_age": 80,
        "reporter_phone": "0812-3456-7001",
        "website": "",
        "form_token": signing.dumps(time.time() - 30, salt=FORM_TOKEN_SALT),
        **values,
    }


def test_it_takes_a_referral_from_anyone(world: World, client_for) -> None:
    response = Client().post("/peduli/", _form(world))

    assert response.status_code == 302
    intake = Intake.objects.get()
    assert (intake.status, intake.about_age, intake.reporter_phone) == ("new", 80, "+6281234567001")
    assert AuditEvent.objects.get(verb="case.intake.receive").actor is None
    assert [
        i.pk for i in client_for("village").get("/kasus/laporan-warga/").context["page_obj"]
    ] == [intake.pk]
    assert list(client_for("other_village").get("/kasus/laporan-warga/").context["page_obj"]) == []


def test_it_refuses_a_bot(world: World) -> None:
    response = Client().post("/peduli/", _form(world, website="http://spam.example"))

    assert response.status_code == 400
    assert Intake.objects.count() == 0


def test_it_logs_a_read_and_a_dismissal(world: World, client_for) -> None:
    Client().post("/peduli/", _form(world))
    intake = Intake.objects.get()
    client = client_for("district")

    client.get(f"/kasus/laporan-warga/{intake.pk}/")
    client.post(f"/kasus/laporan-warga/{intake.pk}/abaikan/", {"reason": "Sudah dirawat anaknya"})

    intake.refresh_from_db()
    assert (intake.status, intake.handled_by) == ("dismissed", world.district)
    verbs = AuditEvent.objects.filter(object_type="cases.intake").order_by("id")
    assert [e.verb for e in verbs] == [
        "case.intake.receive",
        "access.intake.read",
        "access.intake.read",
        "case.intake.dismiss",
    ]


def test_it_lists_referrals_in_the_api_without_what_was_told_and_logs_each_read(
    world: World, client_for
) -> None:
    Client().post("/peduli/", _form(world, about_name="Nenek Ratna"))
    intake = Intake.objects.get()
    client = client_for("village")

    listed = client.get("/api/v1/intakes").json()["items"]
    one = client.get(f"/api/v1/intakes/{intake.pk}").json()

    assert [i["id"] for i in listed] == [intake.pk]
    assert "Nenek Ratna" not in str(listed)
    assert "tinggal sendiri" not in str(listed)
    assert "3456" not in str(listed)
    assert (one["about_name"], one["reporter_phone"]) == ("Nenek Ratna", "+6281234567001")
    reads = AuditEvent.objects.filter(verb="access.intake.read", object_id=str(intake.pk))
    assert reads.count() == 1
