"""The casework API, end to end for one child, scoped like the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sipsm.cases.models import Case
from sipsm.cases.tests.support import make_case, make_provider
from sipsm.core.models import AuditEvent
from sipsm.people.tests.support import make_person
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def _post(client: Client, url: str, body: dict[str, Any], status: int = 201) -> Any:
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == status, response.content
    return response.json()


def test_it_runs_a_child_case_through_the_api(world: World, client_for) -> None:
    psm = client_for("village")
    today = timezone.localdate().isoformat()
    provider = make_provider(world)

    case = _post(
        psm,
        "/api/v1/cases",
        {
            "person": {"full_name": "Dodi", "village_code": world.village_a.code, "age_years": 10},
            "village_code": world.village_a.code,
            "summary": "Mengamen di terminal",
            "ppks": ["anak-jalanan"],
        },
    )
    base = f"/api/v1/cases/{case['id']}"
    _post(
        psm,
        f"{base}/assessments",
        {
            "assessed_on": today,
            "risk_level": "medium",
            "needs": {"education": {"domain": "education", "level": "high", "note": "Putus"}},
        },
    )
    goal = _post(psm, f"{base}/goals", {"description": "Sekolah lagi", "domain": "education"})
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    _post(
        psm,
        f"{base}/tasks",
        {"kind": "action", "title": "Daftar", "due_on": due, "goal_id": goal["id"]},
    )
    assert _post(psm, f"{base}/plan/submit", {}, status=200)["stage"] == "planned"
    refused = psm.post(
        f"{base}/referrals",
        {"provider_id": provider.pk, "service": "education"},
        content_type="application/json",
    )
    assert (refused.status_code, refused.json()["code"]) == (400, "consent_required")
    _post(
        psm,
        f"{base}/consents",
        {
            "given_by": "guardian",
            "guardian_name": "Ibu Dodi",
            "guardian_relationship": "parent",
            "method": "written",
            "given_on": today,
        },
    )
    referral = _post(psm, f"{base}/referrals", {"provider_id": provider.pk, "service": "education"})
    rbase = f"{base}/referrals/{referral['id']}"
    assert _post(psm, f"{rbase}/respond", {"accepted": True}, status=200)["status"] == "accepted"
    done = _post(
        psm, f"{rbase}/complete", {"outcome": "Kelas 4", "right_status": "met"}, status=200
    )
    assert done["status"] == "completed"
    rights = psm.get(f"{base}/rights").json()
    assert [(r["right"], r["status"]) for r in rights][:2] == [
        ("education", "met"),
        ("health", "not_met"),
    ]
    closing = _post(psm, f"{base}/closure", {"reason": "goals_met"}, status=200)
    assert closing["status"] == "closure_requested"

    file = client_for("district").get(base).json()
    approval = file["approvals"][0]
    _post(
        client_for("district"),
        f"{base}/approvals/{approval['id']}/decide",
        {"approve": True},
        status=200,
    )

    assert Case.objects.get(pk=case["id"]).status == "closed"
    assert file["summary"] == "Mengamen di terminal"
    assert (
        AuditEvent.objects.filter(verb="access.case.read", object_id=str(case["id"])).count() == 2
    )


def test_it_refuses_case_files_to_a_partner_and_lists_nothing_to_strangers(
    world: World, client_for
) -> None:
    assert client_for("partner").get("/api/v1/cases").status_code == 403
    assert Client().get("/api/v1/cases").status_code == 401
    assert client_for("other_village").get("/api/v1/cases").json()["items"] == []


def test_it_searches_cases_by_name_or_number_in_a_post_and_logs_what_it_shows(
    world: World, client_for
) -> None:
    andi = make_case(world)
    dewi = make_case(world, person=make_person(world, full_name="Dewi Lamato"))
    client = client_for("village")

    by_name = _post(client, "/api/v1/cases/search", {"q": "dewi"}, status=200)
    by_number = _post(client, "/api/v1/cases/search", {"q": andi.number}, status=200)
    stranger = _post(client_for("other_village"), "/api/v1/cases/search", {"q": "dewi"}, status=200)

    assert [c["id"] for c in by_name["items"]] == [dewi.pk]
    assert [c["id"] for c in by_number["items"]] == [andi.pk]
    assert stranger["items"] == []
    logged = AuditEvent.objects.filter(verb="access.case.list").order_by("id")
    assert [e.data for e in logged] == [
        {"api": True, "cases": [dewi.pk]},
        {"api": True, "cases": [andi.pk]},
    ]
