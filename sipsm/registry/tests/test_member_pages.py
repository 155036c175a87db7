"""Member list, detail and edit pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sipsm.core.models import AuditEvent
from sipsm.registry.models import Member
from sipsm.testing import World, make_active_member, synthetic_nik

pytestmark = pytest.mark.django_db


def _list_queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/anggota/")
    assert response.status_code == 200
    return len(queries)


def test_it_lists_members_in_a_constant_number_of_queries(world: World, client_for: Any) -> None:
    client = client_for("regency")
    _list_queries(client)  # the first request also stamps the session
    few = _list_queries(client)
    for index in range(12):
        make_active_member(
            world.province,
            world.village_b,
            full_name=f"Anggota {index}",
            nik=synthetic_nik(world.village_b),
        )

    many = _list_queries(client)

    assert many == few


def test_it_lists_only_the_members_of_the_users_village(world: World, client_for: Any) -> None:
    response = client_for("village").get("/anggota/")

    names = [m.full_name for m in response.context["page_obj"]]
    assert names == ["Hasna Katili", "Nur Aisyah Hulopi"]


def test_it_finds_a_member_by_full_nik(world: World, client_for: Any) -> None:
    response = client_for("regency").post("/anggota/", {"nik": world.member_b.nik})

    assert [m.pk for m in response.context["page_obj"]] == [world.member_b.pk]


def test_it_does_not_search_a_nik_given_in_the_url(world: World, client_for: Any) -> None:
    response = client_for("regency").get("/anggota/", {"q": world.member_b.nik})

    assert list(response.context["page_obj"]) == []


def test_it_filters_by_status_and_skill(world: World, client_for: Any) -> None:
    response = client_for("province").get(
        "/anggota/", {"status": "candidate", "skill": "first_aid"}
    )

    assert [m.pk for m in response.context["page_obj"]] == [world.candidate_a.pk]


def test_it_answers_htmx_with_the_table_only(world: World, client_for: Any) -> None:
    response = client_for("regency").get("/anggota/", HTTP_HX_REQUEST="true")

    assert next(t.name for t in response.templates) == "registry/members/_table.html"
    assert b"<html" not in response.content


def test_it_shows_the_nik_masked_on_the_detail_page(world: World, client_for: Any) -> None:
    response = client_for("regency").get(f"/anggota/{world.member_a.pk}/")

    content = response.content.decode()
    assert world.member_a.nik not in content
    assert world.member_a.nik_masked in content


def test_it_reveals_the_nik_with_a_reason_and_records_it(world: World, client_for: Any) -> None:
    response = client_for("regency").post(
        f"/anggota/{world.member_a.pk}/nik/", {"reason": "Cocokkan dengan SK desa"}
    )

    assert world.member_a.nik in response.content.decode()
    event = AuditEvent.objects.get(verb="member.reveal_nik")
    assert event.actor == world.regency
    assert event.data == {"reason": "Cocokkan dengan SK desa"}


def test_it_needs_a_reason_to_reveal(world: World, client_for: Any) -> None:
    response = client_for("regency").post(f"/anggota/{world.member_a.pk}/nik/", {"reason": ""})

    assert world.member_a.nik not in response.content.decode()
    assert not AuditEvent.objects.filter(verb="member.reveal_nik").exists()


def test_it_limits_nik_reveals_per_day(world: World, client_for: Any, settings: Any) -> None:
    settings.SIPSM_NIK_REVEALS_PER_DAY = 2
    client = client_for("regency")
    for _ in range(2):
        client.post(f"/anggota/{world.member_a.pk}/nik/", {"reason": "Pemeriksaan"})

    response = client.post(f"/anggota/{world.member_a.pk}/nik/", {"reason": "Pemeriksaan"})

    assert response.status_code == 403
    assert AuditEvent.objects.filter(verb="member.reveal_nik").count() == 2


def test_it_never_puts_the_full_nik_in_the_edit_form(world: World, client_for: Any) -> None:
    response = client_for("regency").get(f"/anggota/{world.member_a.pk}/ubah/")

    content = response.content.decode()
    assert world.member_a.nik not in content
    assert world.member_a.nik_masked in content


def test_it_keeps_the_nik_when_the_edit_form_leaves_it_empty(world: World, client_for: Any) -> None:
    member = world.member_a
    form = {
        "full_name": "Nur Aisyah Usman",
        "nik": "",
        "sex": "F",
        "home_village": member.home_village_id,
        "ktp_village": member.ktp_village_id,
        "birth_date": "1985-03-14",
        "literate": "on",
        "commitment_declared": "on",
        "good_conduct_evidence": "Surat desa",
        "bimtek_dasar_date": "2024-05-02",
    }

    response = client_for("regency").post(f"/anggota/{member.pk}/ubah/", form)

    assert response.status_code == 302
    refreshed = Member.objects.get(pk=member.pk)
    assert refreshed.full_name == "Nur Aisyah Usman"
    assert refreshed.nik == member.nik


def test_it_registers_a_candidate_with_a_normalised_phone(world: World, client_for: Any) -> None:
    form = {
        "full_name": "Ratna Daud",
        "nik": synthetic_nik(world.village_a),
        "sex": "F",
        "home_village": world.village_a.code,
        "phone": "0812-3456-7890",
    }

    response = client_for("village").post("/anggota/baru/", form)

    assert response.status_code == 302
    member = Member.objects.get(full_name="Ratna Daud")
    assert member.phone == "+6281234567890"
    assert member.status == Member.Status.CANDIDATE
    assert member.stage == Member.Stage.APPLIED


def test_it_rejects_an_invalid_nik_with_a_clear_message(world: World, client_for: Any) -> None:
    form = {
        "full_name": "Ratna Daud",
        "nik": "7501013102850001",
        "sex": "F",
        "home_village": world.village_a.code,
    }

    response = client_for("village").post("/anggota/baru/", form)

    assert response.status_code == 400
    assert response.context["form"].errors["nik"] == ["31-02-85 is not a real date."]
    assert not Member.objects.filter(full_name="Ratna Daud").exists()


def test_it_refuses_a_second_member_with_the_same_nik(world: World, client_for: Any) -> None:
    form = {
        "full_name": "Orang Lain",
        "nik": world.member_a.nik,
        "sex": "F",
        "home_village": world.village_a.code,
    }

    response = client_for("village").post("/anggota/baru/", form)

    assert response.status_code == 400
    assert response.context["form"].errors["nik"] == [
        "A member with this NIK is already registered."
    ]


def test_reading_a_member_file_is_logged_on_the_page_and_the_api(
    world: World, client_for: Any
) -> None:
    client = client_for("regency")
    assert client.get(f"/anggota/{world.member_a.pk}/").status_code == 200
    assert client.get(f"/api/v1/members/{world.member_a.pk}").status_code == 200

    events = AuditEvent.objects.filter(verb="access.member.read", actor=world.regency)
    assert sorted(e.data["what"] for e in events) == ["api", "page"]
    assert {e.object_id for e in events} == {str(world.member_a.pk)}
