"""Children's rights: five at a glance per child, each with status, evidence and date; a
region view counts the children with each right met, suppressing counts under 5."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sipsm.cases.actions import referrals as referral_actions
from sipsm.cases.models import Case
from sipsm.cases.rights import current_rights
from sipsm.cases.stats import child_rights_table
from sipsm.cases.tests.support import make_case
from sipsm.core.errors import ActionError, Conflict
from sipsm.people.tests.support import make_person
from sipsm.regions.models import Region
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def _record(world: World, case: Case, right: str, status: str, **kwargs: object) -> None:
    referral_actions.record_right(
        acting_user=world.village,
        case=case,
        right=right,
        status=status,
        as_of=kwargs.pop("as_of", timezone.localdate()),  # type: ignore[arg-type]
        evidence=str(kwargs.pop("evidence", "Surat keterangan sekolah")),
        details=kwargs.pop("details", {}),  # type: ignore[arg-type]
    )


def test_it_shows_the_five_rights_with_the_latest_status(world: World, case: Case) -> None:
    _record(world, case, "education", "in_progress", as_of=dt.date(2025, 1, 5))
    _record(world, case, "education", "met", details={"enrolled": True, "grade": "4"})
    _record(world, case, "health", "not_met", evidence="")

    states = current_rights(list(case.rights.all()))

    assert [(s.right, s.status) for s in states] == [
        ("education", "met"),
        ("health", "not_met"),
        ("housing", "not_met"),
        ("talents", "not_met"),
        ("civil_registration", "not_met"),
    ]
    assert states[0].record is not None
    assert states[0].record.facts == {"enrolled": True, "grade": "4"}


def test_it_needs_evidence_to_call_a_right_met(world: World, case: Case) -> None:
    with pytest.raises(ActionError) as refused:
        _record(world, case, "health", "met", evidence="")

    assert refused.value.field == "evidence"


def test_it_refuses_unknown_details(world: World, case: Case) -> None:
    with pytest.raises(ActionError) as refused:
        _record(world, case, "health", "in_progress", details={"jkn_number": "0001"})

    assert refused.value.field == "jkn_number"


def test_it_tracks_rights_only_for_children(world: World) -> None:
    adult = make_person(world, birth_date=dt.date(1950, 1, 1), full_name="Nenek Sumi", sex="F")
    case = make_case(world, person=adult, groups=("lanjut-usia-telantar",))

    with pytest.raises(Conflict):
        _record(world, case, "health", "in_progress")


def test_it_updates_a_right_on_the_childs_page(world: World, case: Case, client_for) -> None:
    client = client_for("village")

    response = client.post(
        f"/kasus/{case.pk}/hak-anak/",
        {
            "right": "civil_registration",
            "civil_registration-right": "civil_registration",
            "civil_registration-status": "met",
            "civil_registration-as_of": timezone.localdate().isoformat(),
            "civil_registration-evidence": "Akta kelahiran terbit",
            "civil_registration-detail_birth_certificate": "true",
            "civil_registration-detail_kia": "false",
        },
    )
    page = client.get(f"/kasus/{case.pk}/").content.decode()

    assert response.status_code == 302
    record = case.rights.get()
    assert record.facts == {"birth_certificate": True, "kia": False}
    assert (
        'data-right="civil_registration">Civil registration: <span class="pill active">Met' in page
    )


def _children_with_education(world: World, met: int, other: int) -> None:
    for n in range(met + other):
        person = make_person(world, full_name=f"Anak {n}", birth_date=dt.date(2013, 1, n + 1))
        case = make_case(world, person=person)
        if n < met:
            _record(world, case, "education", "met")


def test_it_counts_children_with_each_right_met_and_suppresses_small_counts(
    world: World,
) -> None:
    _children_with_education(world, met=5, other=2)
    regency = Region.objects.get(code=world.village_a.code[:5])

    table = child_rights_table(regency)

    assert (str(table.total.children), str(table.total.met["education"])) == ("7", "5")
    assert str(table.total.met["health"]) == "<5"
    district = next(r for r in table.rows if r.code == world.village_a.code[:8])
    assert (str(district.children), str(district.met["education"])) == ("7", "5")
    empty = next(r for r in table.rows if r.code != world.village_a.code[:8])
    assert str(empty.children) == "<5"


def test_it_shows_a_partner_suppressed_counts_only(world: World, client_for) -> None:
    _children_with_education(world, met=3, other=0)

    page = client_for("partner").get("/kasus/hak-anak/").content.decode()
    api = client_for("partner").get("/api/v1/stats/child-rights").json()

    assert "Anak 0" not in page
    assert "&lt;5" in page
    assert api["total"]["children"] == {"value": None, "suppressed": True}
    assert api["total"]["met"]["education"] == {"value": None, "suppressed": True}
