"""The API for partners' systems and the app: activities, the monthly report workflow, and the
aggregates; a government partner reads aggregates only and cannot change anything."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from sipsm.accounts.actions import issue_api_token
from sipsm.reporting.models import Activity, MonthlyReport
from sipsm.reporting.periods import Period
from sipsm.reporting.tests.support import link_member, log_activity, refresh
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def _bearer(world: World, persona: str) -> Client:
    _token, secret = issue_api_token(
        acting_user=world.personas()[persona], name="sistem mitra", days=7
    )
    return Client(headers={"Authorization": f"Bearer {secret}"})


def _month() -> Period:
    return Period.current_month()


def test_a_psm_records_an_activity_through_the_api(world: World) -> None:
    link_member(world)
    client = _bearer(world, "village")

    response = client.post(
        "/api/v1/reporting/activities",
        {
            "activity_type": "bank-sampah",
            "title": "Menimbang sampah warga",
            "occurred_on": timezone.localdate().isoformat(),
            "village_code": world.village_a.code.replace(".", ""),
            "hours": "2.5",
            "beneficiaries_female": 7,
            "beneficiaries_male": 3,
            "ppks": {"fakir-miskin": 4},
            "partners": "Bank Sampah Melati",
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    body = response.json()
    assert (
        body["member_id"],
        body["program_area"],
        body["hours"],
        body["ppks"],
        body["partners"],
    ) == (
        world.member_a.pk,
        "environment",
        2.5,
        {"fakir-miskin": 4},
        ["Bank Sampah Melati"],
    )
    assert Activity.objects.get().village_id == world.village_a.code


def test_validation_errors_name_the_field(world: World) -> None:
    link_member(world)

    response = _bearer(world, "village").post(
        "/api/v1/reporting/activities",
        {
            "activity_type": "bank-sampah",
            "title": "Timbang",
            "occurred_on": timezone.localdate().isoformat(),
            "village_code": world.village_a.code,
            "hours": "2",
            "beneficiaries_female": 1,
            "beneficiaries_children": 4,
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["field"] == "beneficiaries_children"
    assert Activity.objects.count() == 0


def test_the_report_workflow_through_the_api(world: World) -> None:
    link_member(world)
    log_activity(world)
    month = _month()
    path = f"/api/v1/reporting/monthly-reports/{world.village_a.code}/{month.year}/{month.month}"

    draft = _bearer(world, "village").get(path).json()
    submitted = _bearer(world, "village").post(path + "/submit", content_type="application/json")
    returned = _bearer(world, "district").post(
        path + "/return", {"comment": "Lengkapi catatan"}, content_type="application/json"
    )
    _bearer(world, "village").post(path + "/submit", content_type="application/json")
    approved = _bearer(world, "district").post(
        path + "/approve", {}, content_type="application/json"
    )
    detail = _bearer(world, "district").get(path).json()

    assert (draft["status"], draft["frozen"], draft["figures"]["activities"]) == ("draft", False, 1)
    assert (submitted.json()["status"], returned.json()["status"], approved.json()["status"]) == (
        "submitted",
        "returned",
        "approved",
    )
    assert [e["kind"] for e in detail["events"]] == [
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]
    assert detail["frozen"] is True


def test_a_partner_reads_aggregates_only(world: World) -> None:
    link_member(world)
    log_activity(world)
    refresh()
    partner = _bearer(world, "partner")

    dashboard = partner.get("/api/v1/reporting/dashboard").json()
    assert dashboard["region"] == "75.01"
    assert dashboard["month"]["activities"] == 1
    assert dashboard["month"]["members_active"] is None  # 2 active PSMs: hidden under 5
    assert partner.get("/api/v1/reporting/spm").status_code == 200
    assert partner.get("/api/v1/reporting/equity").status_code == 200
    assert partner.get("/api/v1/reporting/3w").status_code == 200
    assert partner.get("/api/v1/reporting/activities").status_code == 403
    assert partner.get("/api/v1/reporting/work").status_code == 403
    month = _month()
    report = f"/api/v1/reporting/monthly-reports/{world.village_a.code}/{month.year}/{month.month}"
    assert partner.get(report).status_code == 404  # not approved


def test_a_partner_reads_an_approved_report_without_names_or_notes(world: World) -> None:
    from sipsm.reporting.actions import monthly as monthly_actions

    link_member(world)
    log_activity(world)
    month = _month()
    monthly_actions.save_narrative(
        acting_user=world.village, region=world.village_a, period=month, narrative="Ibu Sari sakit"
    )
    monthly_actions.submit_report(acting_user=world.village, region=world.village_a, period=month)
    monthly_actions.approve_report(acting_user=world.district, region=world.village_a, period=month)

    response = _bearer(world, "partner").get(
        f"/api/v1/reporting/monthly-reports/{world.village_a.code}/{month.year}/{month.month}"
    )

    body = response.json()
    assert (response.status_code, body["status"], body["narrative"], body["events"]) == (
        200,
        "approved",
        "",
        [],
    )
    assert body["figures"]["beneficiaries_children"] is None
    assert world.member_a.full_name not in response.content.decode()


def test_unsafe_methods_on_aggregates_are_refused(world: World) -> None:
    partner = _bearer(world, "partner")

    for path in (
        "/api/v1/reporting/dashboard",
        "/api/v1/reporting/spm",
        "/api/v1/reporting/public",
    ):
        for method in ("post", "put", "patch", "delete"):
            assert getattr(partner, method)(path).status_code == 405, (path, method)
    assert MonthlyReport.objects.count() == 0


def test_a_bad_period_is_a_400_naming_the_field(world: World) -> None:
    response = _bearer(world, "regency").get("/api/v1/reporting/dashboard?period=2026-13")

    assert (response.status_code, response.json()["field"]) == (400, "period")
