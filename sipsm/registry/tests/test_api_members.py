"""Members through /api/v1/: the same scoping and the same actions as the pages; refusals
change nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from sipsm.accounts.actions import issue_api_token
from sipsm.core.models import AuditEvent
from sipsm.registry.models import Member
from sipsm.registry.tests.files import register_counts
from sipsm.testing import World, synthetic_nik

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Not Found"}
FORBIDDEN = {"detail": "You are not allowed to do this.", "code": "forbidden", "field": ""}

Api = Callable[[str], "ApiClient"]


class ApiClient:
    """A machine using a bearer token of one persona."""

    def __init__(self, world: World, persona: str) -> None:
        user = world.personas()[persona]
        _token, secret = issue_api_token(acting_user=user, name="test", days=7)
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_ACCEPT_LANGUAGE": "en"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params, **self.headers)

    def post(self, path: str, payload: dict[str, Any] | None = None) -> Any:
        return self.client.post(
            path, data=json.dumps(payload or {}), content_type="application/json", **self.headers
        )

    def put(self, path: str, payload: dict[str, Any]) -> Any:
        return self.client.put(
            path, data=json.dumps(payload), content_type="application/json", **self.headers
        )


@pytest.fixture
def api(world: World) -> Api:
    def make(persona: str) -> ApiClient:
        return ApiClient(world, persona)

    return make


def listed(response: Any) -> list[str]:
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(body["items"])
    return [item["full_name"] for item in body["items"]]


def new_member(world: World, **changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "full_name": "Rina Hasan",
        "sex": "F",
        "home_village_code": world.village_a.code.replace(".", ""),
        "nik": synthetic_nik(world.village_a, sex="F", birth=dt.date(1992, 4, 3)),
        "birth_date": "1992-04-03",
        "phone": "0812 3456 7890",
        "skills": ["first_aid"],
    }
    payload.update(changes)
    return payload


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("national", ["Fitri Lamato", "Hasna Katili", "Nur Aisyah Hulopi", "Rahmat Gobel"]),
        ("province", ["Fitri Lamato", "Hasna Katili", "Nur Aisyah Hulopi", "Rahmat Gobel"]),
        ("regency", ["Hasna Katili", "Nur Aisyah Hulopi", "Rahmat Gobel"]),
        ("other_regency", ["Fitri Lamato"]),
        ("district", ["Hasna Katili", "Nur Aisyah Hulopi", "Rahmat Gobel"]),
        ("village", ["Hasna Katili", "Nur Aisyah Hulopi"]),
        ("other_village", ["Rahmat Gobel"]),
    ],
)
def test_it_lists_exactly_the_members_in_scope(
    world: World, api: Api, persona: str, expected: list[str]
) -> None:
    response = api(persona).get("/api/v1/members")

    assert listed(response) == expected
    assert response["Cache-Control"] == "no-store"


def test_the_list_shows_masked_niks_only(world: World, api: Api) -> None:
    response = api("village").get("/api/v1/members")

    item = response.json()["items"][1]
    nik = world.member_a.nik
    assert item == {
        "id": world.member_a.pk,
        "full_name": "Nur Aisyah Hulopi",
        "sex": "F",
        "nik_masked": f"{nik[:4]} {nik[4:6]}** **** {nik[12:]}",
        "home_village_code": world.village_a.code,
        "status": "active",
        "stage": "verified",
        "availability": "available",
        "kta_number": world.member_a.kta_number,
        "kta_temporary": True,
        "skills": ["logistics", "first_aid"],
        "bimtek_dasar_date": "2024-05-02",
        "birth_place": "",
        "birth_date": "1985-03-14",
        "phone": world.member_a.phone,
        "email": "",
        "address": "",
        "ktp_village_code": world.village_a.code,
        "education": "",
        "literate": True,
        "bimtek_dasar_organizer": "",
        "commitment_declared": True,
        "good_conduct_evidence": "Surat keterangan kepala desa",
        "sk_number": "",
        "sk_issuer": "",
        "sk_date": None,
    }
    assert nik not in response.content.decode()
    assert world.candidate_a.nik not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "active"}, ["Nur Aisyah Hulopi", "Rahmat Gobel"]),
        ({"stage": "applied"}, ["Hasna Katili"]),
        ({"q": "katili"}, ["Hasna Katili"]),
        ({"region": "75.01.01.1002"}, ["Rahmat Gobel"]),
        ({"region": "75.03"}, []),
        ({"skill": "first_aid"}, ["Hasna Katili", "Nur Aisyah Hulopi", "Rahmat Gobel"]),
        ({"skill": "driving"}, []),
        ({"skill": "no-such-skill"}, []),
    ],
)
def test_it_filters_the_list(
    world: World, api: Api, params: dict[str, str], expected: list[str]
) -> None:
    assert listed(api("regency").get("/api/v1/members", **params)) == expected


def test_it_pages_the_list(world: World, api: Api) -> None:
    first = api("national").get("/api/v1/members", page=1).json()
    beyond = api("national").get("/api/v1/members", page=0)

    assert first["count"] == 4
    assert beyond.status_code == 422


def test_the_partner_may_not_read_member_records(world: World, api: Api) -> None:
    listing = api("partner").get("/api/v1/members")
    one = api("partner").get(f"/api/v1/members/{world.member_a.pk}")

    assert listing.status_code == 403
    assert listing.json() == FORBIDDEN
    assert one.status_code == 404
    assert one.json() == NOT_FOUND


def test_it_answers_404_alike_for_out_of_scope_and_missing_members(world: World, api: Api) -> None:
    client = api("village")
    missing_id = Member.objects.order_by("-id").first().pk + 100  # type: ignore[union-attr]

    own = client.get(f"/api/v1/members/{world.member_a.pk}")
    other_village = client.get(f"/api/v1/members/{world.member_b.pk}")
    other_regency = client.get(f"/api/v1/members/{world.member_far.pk}")
    missing = client.get(f"/api/v1/members/{missing_id}")
    eligibility = client.get(f"/api/v1/members/{world.member_b.pk}/eligibility")

    assert own.status_code == 200
    assert own.json()["full_name"] == "Nur Aisyah Hulopi"
    for response in (other_village, other_regency, missing, eligibility):
        assert response.status_code == 404
        assert response.content == missing.content
        assert response["Cache-Control"] == "no-store"


def test_it_shows_the_eligibility_checklist(world: World, api: Api) -> None:
    response = api("regency").get(f"/api/v1/members/{world.member_a.pk}/eligibility")

    checklist = response.json()
    assert response.status_code == 200
    assert [c["code"] for c in checklist if not c["met"]] == []
    assert {"citizen", "age", "bimtek"} <= {c["code"] for c in checklist}


def test_it_registers_a_candidate(world: World, api: Api) -> None:
    client = api("village")
    before = register_counts()

    response = client.post("/api/v1/members", new_member(world))

    assert response.status_code == 201
    body = response.json()
    member = Member.objects.get(pk=body["id"])
    assert body["full_name"] == "Rina Hasan"
    assert body["home_village_code"] == world.village_a.code
    assert (body["status"], body["stage"], body["skills"]) == (
        "candidate",
        "applied",
        ["first_aid"],
    )
    assert body["nik_masked"] == member.nik_masked
    assert member.phone == "+6281234567890"
    assert member.birth_date == dt.date(1992, 4, 3)
    assert register_counts() == (before[0] + 1, before[1] + 1)
    event = AuditEvent.objects.for_object(member).get()
    assert (event.verb, event.actor) == ("member.register", world.village)
    assert event.changes["nik"] == "set"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"sex": "X"}, "sex"),
        ({"full_name": "   "}, "full_name"),
        ({"full_name": "N" * 151}, "full_name"),
        ({"birth_date": "14/03/1985"}, "birth_date"),
        ({"home_lat": 40.0, "home_lon": 120.0}, "home_lat"),
        ({"birth_place": "T" * 101}, "birth_place"),
    ],
)
def test_it_answers_422_for_a_malformed_payload(
    world: World, api: Api, changes: dict[str, Any], field: str
) -> None:
    client = api("regency")
    before = register_counts()

    response = client.post("/api/v1/members", new_member(world, **changes))

    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["body", "payload", field]]
    assert register_counts() == before


@pytest.mark.parametrize(
    ("changes", "field", "detail"),
    [
        ({"home_village_code": "Bongo"}, "home_village_code", "This is not a region code."),
        (
            {"home_village_code": "75.01.01"},
            "home_village_code",
            "There is no village with this code.",
        ),
        ({"nik": "7501014107910000"}, "nik", "The last four digits cannot be 0000."),
        ({"phone": "12"}, "phone", "This is not a phone number."),
        ({"email": "rina@"}, "email", "This is not an e-mail address."),
        ({"skills": ["first_aid", "juggling"]}, "skills", "Unknown skill code."),
        ({"education": "tk"}, "education", "Unknown education level."),
        ({"home_lat": 0.5}, "home_lon", "Give both home_lat and home_lon."),
    ],
)
def test_it_answers_400_naming_the_field(
    world: World, api: Api, changes: dict[str, Any], field: str, detail: str
) -> None:
    client = api("regency")
    before = register_counts()

    response = client.post("/api/v1/members", new_member(world, **changes))

    assert response.status_code == 400
    assert response.json() == {"detail": detail, "code": "invalid", "field": field}
    assert register_counts() == before


def test_it_refuses_a_nik_already_registered(world: World, api: Api) -> None:
    client = api("regency")
    before = register_counts()

    response = client.post("/api/v1/members", new_member(world, nik=world.member_b.nik))

    assert response.status_code == 400
    assert response.json() == {
        "detail": "A member with this NIK is already registered.",
        "code": "duplicate_nik",
        "field": "nik",
    }
    assert register_counts() == before


@pytest.mark.parametrize(
    ("persona", "village"),
    [("village", "village_b"), ("regency", "village_far"), ("partner", "village_a")],
)
def test_it_refuses_to_register_outside_the_area_or_without_the_right(
    world: World, api: Api, persona: str, village: str
) -> None:
    code = getattr(world, village).code
    client = api(persona)
    before = register_counts()

    response = client.post("/api/v1/members", new_member(world, home_village_code=code))

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert register_counts() == before


def test_the_registration_flow_runs_through_the_api(world: World, api: Api) -> None:
    candidate = world.candidate_a

    recommended = api("village").post(
        f"/api/v1/members/{candidate.pk}/recommend", {"note": "dikenal baik"}
    )
    verified = api("regency").post(f"/api/v1/members/{candidate.pk}/verify")
    permanent = api("national").post(f"/api/v1/members/{candidate.pk}/permanent-kta")

    assert (recommended.status_code, verified.status_code, permanent.status_code) == (
        200,
        200,
        200,
    )
    assert recommended.json()["stage"] == "recommended"
    assert verified.json()["status"] == "active"
    assert verified.json()["kta_number"] == "IPSM-7501-S00003"
    assert permanent.json()["kta_number"] == "IPSM-7501-00001"
    assert permanent.json()["kta_temporary"] is False
    verbs = list(
        AuditEvent.objects.for_object(candidate).order_by("id").values_list("verb", flat=True)
    )
    assert verbs == [
        "member.register",
        "member.recommend",
        "member.verify",
        "member.issue_permanent_kta",
    ]


def _state(member: Member) -> tuple[Any, ...]:
    member.refresh_from_db()
    return (member.status, member.stage, member.kta_number, member.kta_temporary)


@pytest.mark.parametrize(
    ("persona", "step", "status"),
    [
        ("partner", "recommend", 404),
        ("other_village", "recommend", 404),
        ("other_regency", "recommend", 404),
        ("village", "verify", 403),
        ("district", "verify", 403),
        ("partner", "verify", 404),
        ("regency", "permanent-kta", 403),
        ("province", "permanent-kta", 403),
        ("village", "permanent-kta", 403),
    ],
)
def test_refused_steps_change_nothing(
    world: World, api: Api, persona: str, step: str, status: int
) -> None:
    member = world.member_a if step == "permanent-kta" else world.candidate_a
    if step == "verify":
        api("village").post(f"/api/v1/members/{member.pk}/recommend")
    before_state = _state(member)
    client = api(persona)
    before = register_counts()

    response = client.post(f"/api/v1/members/{member.pk}/{step}")

    assert response.status_code == status
    assert response.json() == (NOT_FOUND if status == 404 else FORBIDDEN)
    assert _state(member) == before_state
    assert register_counts() == before


def test_a_step_out_of_order_is_a_conflict(world: World, api: Api) -> None:
    client = api("regency")
    before = register_counts()

    response = client.post(f"/api/v1/members/{world.member_a.pk}/recommend")

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Only a new application can be recommended.",
        "code": "wrong_stage",
        "field": "",
    }
    assert register_counts() == before


def test_it_refuses_to_verify_an_ineligible_candidate(world: World, api: Api) -> None:
    created = api("village").post(
        "/api/v1/members", new_member(world, skills=[], nik="", birth_date=None)
    )
    member_id = created.json()["id"]
    api("village").post(f"/api/v1/members/{member_id}/recommend")
    client = api("regency")
    before = register_counts()

    response = client.post(f"/api/v1/members/{member_id}/verify")

    assert response.status_code == 400
    assert response.json()["code"] == "not_eligible"
    assert Member.objects.get(pk=member_id).status == "candidate"
    assert register_counts() == before


def test_a_reject_needs_a_reason(world: World, api: Api) -> None:
    missing = api("village").post(f"/api/v1/members/{world.candidate_a.pk}/reject", {})
    blank = api("village").post(f"/api/v1/members/{world.candidate_a.pk}/reject", {"reason": " "})
    done = api("village").post(
        f"/api/v1/members/{world.candidate_a.pk}/reject", {"reason": "Pindah domisili"}
    )

    assert missing.status_code == 422
    assert blank.status_code == 400
    assert blank.json()["field"] == "reason"
    assert done.status_code == 200
    assert done.json()["stage"] == "rejected"


def test_a_put_without_nik_keeps_the_recorded_nik(world: World, api: Api) -> None:
    member = world.member_a
    nik = member.nik

    response = api("regency").put(
        f"/api/v1/members/{member.pk}",
        new_member(world, full_name="Nur Aisyah Hulopi-Ali", nik="", skills=["logistics"]),
    )

    assert response.status_code == 200
    member.refresh_from_db()
    assert member.full_name == "Nur Aisyah Hulopi-Ali"
    assert member.nik == nik
    assert [s.code for s in member.skills.all()] == ["logistics"]
    event = AuditEvent.objects.for_object(member).filter(verb="member.update").get()
    assert "nik" not in event.changes
    assert event.changes["full_name"] == ["Nur Aisyah Hulopi", "Nur Aisyah Hulopi-Ali"]


@pytest.mark.parametrize(("persona", "status"), [("village", 403), ("other_regency", 404)])
def test_a_put_is_refused_without_the_right(
    world: World, api: Api, persona: str, status: int
) -> None:
    member = world.member_a
    client = api(persona)
    before = register_counts()

    response = client.put(f"/api/v1/members/{member.pk}", new_member(world, full_name="Diubah"))

    assert response.status_code == status
    member.refresh_from_db()
    assert member.full_name == "Nur Aisyah Hulopi"
    assert register_counts() == before
