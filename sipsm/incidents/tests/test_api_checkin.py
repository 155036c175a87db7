"""Check-in and check-out through the API: the token of the alert, the same actions as the
page a PSM opens from the message."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sipsm.core.models import AuditEvent
from sipsm.incidents.actions.lifecycle import change_status
from sipsm.incidents.links import token_for
from sipsm.incidents.models import Assignment
from sipsm.incidents.tests.support import flood_in
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def _token(world: World) -> tuple[Assignment, str]:
    incident = flood_in(world)
    change_status(acting_user=world.regency, incident=incident, to_status="verified")
    assignment = incident.assignments.get(member=world.member_a)
    return assignment, token_for(assignment)


def _post(path: str, data: Any = None) -> Any:
    return Client().post(path, data=data or {}, content_type="application/json")


def test_a_psm_accepts_checks_in_and_out_without_logging_in(world: World) -> None:
    assignment, token = _token(world)

    assert _post(f"/api/v1/callouts/{token}/answer", {"accept": True}).json() == {
        "status": "accepted"
    }
    checked_in = _post(f"/api/v1/callouts/{token}/check-in", {"lat": 0.61, "lon": 122.98})
    assert checked_in.json() == {"status": "on_site"}
    assignment.refresh_from_db()
    assert (assignment.check_in_lat, assignment.check_in_lon) == (0.61, 122.98)
    assert assignment.incident.first_on_site_at is not None  # type: ignore[union-attr]
    assert _post(f"/api/v1/callouts/{token}/check-out").json() == {"status": "done"}
    verbs = AuditEvent.objects.filter(object_id=str(assignment.pk)).values_list("verb", flat=True)
    assert {"assignment.check_in", "assignment.check_out"} <= set(verbs)


def test_checking_in_before_accepting_is_a_conflict(world: World) -> None:
    assignment, token = _token(world)

    response = _post(f"/api/v1/callouts/{token}/check-in", {})

    assert response.status_code == 409
    assignment.refresh_from_db()
    assert assignment.status == "alerted"
    assert _post(f"/api/v1/callouts/{token}/check-out").status_code == 409


def test_a_forged_token_is_404(world: World) -> None:
    _assignment, token = _token(world)

    assert _post(f"/api/v1/callouts/{token[:-2]}xx/check-in", {}).status_code == 404
    assert _post(f"/api/v1/callouts/{token[:-2]}xx/check-out").status_code == 404
