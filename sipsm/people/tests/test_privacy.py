"""What people pages and the API must not give away: members of confidential PPKS groups, a
case the user may not read, whether a NIK is registered outside the user's area; and that
reads and NIK searches are logged, and names stay out of URLs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from sipsm.cases.tests.support import make_case
from sipsm.core.errors import PermissionRefused
from sipsm.core.models import AuditEvent
from sipsm.people.actions import persons as person_actions
from sipsm.people.models import Person, PpksMembership
from sipsm.people.tests.support import CHILD_BIRTH, make_person, ppks
from sipsm.testing import World, synthetic_nik

pytestmark = pytest.mark.django_db


def _with_group(world: World, name: str, code: str) -> Person:
    person = make_person(world, full_name=name)
    person_actions.add_ppks_membership(
        acting_user=world.district, person=person, category=ppks(code), since=dt.date(2025, 1, 5)
    )
    return person


def _listed(response: Any) -> list[str]:
    return [p.full_name for p in response.context["page_obj"]]


# C1: a confidential group is no filter for who may not see it --------------------------------


def test_it_does_not_filter_the_list_by_a_confidential_group_for_a_psm(
    world: World, client_for
) -> None:
    _with_group(world, "Dewi Lamato", "korban-trafficking")
    make_person(world, full_name="Andi Saputra")
    category = ppks("korban-trafficking")

    response = client_for("village").get(f"/warga/?ppks={category.pk}")

    assert "ppks" in response.context["form"].errors
    assert sorted(_listed(response)) == ["Andi Saputra", "Dewi Lamato"]
    assert f'value="{category.pk}"' not in response.content.decode()


def test_it_filters_by_a_confidential_group_for_a_coordinator(world: World, client_for) -> None:
    _with_group(world, "Dewi Lamato", "korban-trafficking")
    make_person(world, full_name="Andi Saputra")

    response = client_for("district").get(f"/warga/?ppks={ppks('korban-trafficking').pk}")

    assert _listed(response) == ["Dewi Lamato"]


def test_it_answers_the_api_filter_by_a_confidential_group_as_unknown(
    world: World, client_for
) -> None:
    dewi = _with_group(world, "Dewi Lamato", "korban-trafficking")

    psm = client_for("village").get("/api/v1/people?ppks=korban-trafficking").json()
    tksk = client_for("district").get("/api/v1/people?ppks=korban-trafficking").json()

    assert (psm["count"], psm["items"]) == (0, [])
    assert [p["id"] for p in tksk["items"]] == [dewi.pk]


# I4: the subject of a case the user may not read ---------------------------------------------


@pytest.fixture
def case_child(world: World) -> Person:
    """A street child whose case is worked by the district coordinator: the PSM of the
    village sees the person, not the case."""
    child = make_person(world, full_name="Rudi Hartono")
    make_case(world, person=child, actor=world.district)
    return child


def test_it_hides_the_case_group_from_a_psm_who_cannot_read_the_case(
    world: World, client_for, case_child: Person
) -> None:
    psm = client_for("village").get(f"/warga/{case_child.pk}/")
    tksk = client_for("district").get(f"/warga/{case_child.pk}/")

    assert psm.status_code == 200
    assert psm.context["groups"] == []
    assert psm.context["can_edit"] is False
    assert "Anak Jalanan" not in psm.content.decode()
    assert f"/warga/{case_child.pk}/ubah/" not in psm.content.decode()
    assert [g.category.code for g in tksk.context["groups"]] == ["anak-jalanan"]
    assert tksk.context["can_edit"] is True


def test_it_hides_the_case_group_in_the_list_and_the_api(
    world: World, client_for, case_child: Person
) -> None:
    client = client_for("village")

    page = client.get("/warga/").content.decode()
    listed = client.get("/api/v1/people").json()["items"]
    one = client.get(f"/api/v1/people/{case_child.pk}").json()

    assert '<span class="pill">Anak Jalanan</span>' not in page
    assert [(p["id"], p["ppks"]) for p in listed] == [(case_child.pk, [])]
    assert one["ppks"] == []


def test_it_refuses_a_psm_who_cannot_read_the_case_to_change_the_person(
    world: World, client_for, case_child: Person
) -> None:
    membership = case_child.ppks.get()
    client = client_for("village")

    edit = client.get(f"/warga/{case_child.pk}/ubah/")
    end = client.post(
        f"/warga/{case_child.pk}/ppks/{membership.pk}/akhiri/", {"until": "2025-03-01"}
    )
    api_end = client.post(
        f"/api/v1/people/{case_child.pk}/ppks/{membership.pk}/end",
        {"until": "2025-03-01"},
        content_type="application/json",
    )
    api_put = client.put(
        f"/api/v1/people/{case_child.pk}",
        {"full_name": "Rudi H.", "village_code": world.village_a.code},
        content_type="application/json",
    )

    assert (edit.status_code, end.status_code, api_end.status_code, api_put.status_code) == (
        403,
        403,
        403,
        403,
    )
    membership.refresh_from_db()
    case_child.refresh_from_db()
    assert (membership.until, case_child.full_name) == (None, "Rudi Hartono")


def test_it_lets_the_caseworker_change_the_person(
    world: World, client_for, case_child: Person
) -> None:
    membership = case_child.ppks.get()

    today = timezone.localdate()

    response = client_for("district").post(
        f"/warga/{case_child.pk}/ppks/{membership.pk}/akhiri/", {"until": today.isoformat()}
    )

    assert response.status_code == 302
    assert PpksMembership.objects.get(pk=membership.pk).until == today


def test_it_logs_reads_of_a_person_and_searches_by_nik(world: World, client_for) -> None:
    nik = synthetic_nik(world.village_a, sex="M", birth=CHILD_BIRTH)
    person = make_person(world, nik=nik)
    client = client_for("village")

    client.get(f"/warga/{person.pk}/")
    client.get(f"/api/v1/people/{person.pk}")
    client.post("/warga/", {"nik": nik})
    client.post("/api/v1/people/find-by-nik", {"nik": nik}, content_type="application/json")

    events = AuditEvent.objects.filter(verb__startswith="access.person.").order_by("id")
    assert [(e.verb, e.actor, e.object_id, e.data) for e in events] == [
        ("access.person.read", world.village, str(person.pk), {"what": "page"}),
        ("access.person.read", world.village, str(person.pk), {"what": "api"}),
        ("access.person.nik_lookup", world.village, "", {"what": "page", "found": [person.pk]}),
        ("access.person.nik_lookup", world.village, "", {"what": "api", "found": [person.pk]}),
    ]
    assert nik not in str([e.data for e in events])


# I8: whether a NIK is registered outside the user's area is never told ------------------------


def test_it_registers_a_nik_held_outside_the_area_as_a_pending_duplicate(
    world: World, client_for
) -> None:
    nik = synthetic_nik(world.village_far, sex="M", birth=CHILD_BIRTH)
    far = make_person(world, actor=world.province, village=world.village_far, nik=nik)
    form = {
        "full_name": "Andi Saputra",
        "sex": "M",
        "birth_date": CHILD_BIRTH.isoformat(),
        "nik": nik,
        "village": world.village_b.code,
        "confirm_new": "1",
    }

    response = client_for("other_village").post("/warga/baru/", form, follow=True)

    assert response.status_code == 200
    assert "Person registered." in response.content.decode()
    assert "already registered" not in response.content.decode()
    created = Person.objects.get(village=world.village_b)
    assert (created.nik, created.duplicate_of) == (nik, far)
    event = AuditEvent.objects.get(verb="person.nik_conflict")
    assert (event.actor, event.object_id, event.data) == (
        world.other_village,
        str(created.pk),
        {"same_nik_as": far.pk},
    )


def test_it_shows_the_pending_duplicate_to_a_coordinator_over_both(world: World) -> None:
    from sipsm.people.access import people_for
    from sipsm.people.duplicates import duplicate_pairs

    nik = synthetic_nik(world.village_far, sex="M", birth=CHILD_BIRTH)
    far = make_person(world, actor=world.province, village=world.village_far, nik=nik)
    created = make_person(world, actor=world.other_village, village=world.village_b, nik=nik)

    pairs = duplicate_pairs(people_for(world.province))
    merged = person_actions.merge_persons(
        acting_user=world.province, duplicate=created, survivor=far
    )

    assert [(p.first, p.second, p.match.same_nik) for p in pairs] == [(far, created, True)]
    assert duplicate_pairs(people_for(world.regency)) == []
    assert (merged.pk, Person.objects.current().with_nik(nik).get()) == (far.pk, far)


@override_settings(SIPSM_NIK_CONFLICTS_PER_DAY=2)
def test_it_limits_registrations_with_nik_held_elsewhere(world: World) -> None:
    niks = [synthetic_nik(world.village_far, sex="F") for _ in range(3)]
    for nik in niks:
        make_person(world, actor=world.province, village=world.village_far, nik=nik, sex="F")

    for nik in niks[:2]:
        make_person(world, actor=world.other_village, village=world.village_b, nik=nik, sex="F")
    with pytest.raises(PermissionRefused) as refused:
        make_person(world, actor=world.other_village, village=world.village_b, nik=niks[2], sex="F")

    assert refused.value.code == "rate_limited"
    assert Person.objects.filter(village=world.village_b).count() == 2


# Names stay out of URLs; search text is cleaned ----------------------------------------------


def test_it_searches_names_by_post_and_ignores_a_name_in_the_url(world: World, client_for) -> None:
    make_person(world, full_name="Andi Saputra")
    make_person(world, full_name="Dewi Lamato")
    client = client_for("village")

    posted = client.post("/warga/", {"q": "dewi"})
    in_url = client.get("/warga/?q=dewi")
    htmx = client.post("/warga/", {"q": "dewi"}, HTTP_HX_REQUEST="true")

    assert _listed(posted) == ["Dewi Lamato"]
    assert sorted(_listed(in_url)) == ["Andi Saputra", "Dewi Lamato"]
    assert htmx.templates[0].name == "people/_table.html"
    assert 'id="people-results"' in htmx.content.decode()


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/warga/", {"q": "An\x00di"}),
        ("/keluarga/", {"q": "Has\x00an"}),
        ("/kasus/", {"q": "An\x00di"}),
    ],
)
def test_it_drops_nul_and_control_characters_from_searches(
    world: World, client_for, path: str, data: dict[str, str]
) -> None:
    from sipsm.people.tests.support import make_household

    make_household(world)
    make_case(world)

    response = client_for("village").post(path, data)

    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 1


@pytest.mark.parametrize(
    ("path", "q"),
    [
        ("/api/v1/people/search", "An\x00di"),
        ("/api/v1/households/search", "Has\x00an"),
        ("/api/v1/cases/search", "An\x00di"),
    ],
)
def test_it_drops_nul_from_api_searches(world: World, client_for, path: str, q: str) -> None:
    from sipsm.people.tests.support import make_household

    make_household(world)
    make_case(world)
    make_person(world, full_name="Dewi Lamato")

    response = client_for("village").post(path, {"q": q}, content_type="application/json")

    assert response.status_code == 200
    assert response.json()["count"] == 1


@pytest.mark.parametrize("path", ["/api/v1/people", "/api/v1/households", "/api/v1/cases"])
def test_it_refuses_a_name_in_an_api_url(world: World, client_for, path: str) -> None:
    make_case(world)

    response = client_for("village").get(path, {"q": "Andi"})

    assert response.status_code == 400
    assert f"{path}/search" in response.json()["detail"]
    assert not AuditEvent.objects.filter(verb="access.case.list").exists()


def test_it_searches_households_by_post(world: World, client_for) -> None:
    from sipsm.people.tests.support import make_household

    make_household(world)
    client = client_for("village")

    found = client.post("/keluarga/", {"q": "hasan"})
    missed = client.post("/keluarga/", {"q": "yusuf"})

    assert [h.head_name for h in found.context["page_obj"]] == ["Hasan Daud"]
    assert list(missed.context["page_obj"]) == []
