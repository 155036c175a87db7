""" "Alert more PSMs": one action (page and API), locked, checked and audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sipsm.core.errors import Conflict, PermissionRefused
from sipsm.core.models import AuditEvent
from sipsm.incidents.actions.dispatch import alert_next_wave, escalate
from sipsm.incidents.actions.lifecycle import change_status
from sipsm.incidents.models import Incident
from sipsm.incidents.tests.support import flood_in
from sipsm.testing import World, make_active_member

pytestmark = pytest.mark.django_db


def _verified(world: World) -> Incident:
    incident = flood_in(world)
    change_status(acting_user=world.regency, incident=incident, to_status="verified")
    return incident


def _audited(incident: Incident) -> list[dict[str, Any]]:
    return list(
        AuditEvent.objects.filter(verb="incident.alert_more", object_id=str(incident.pk))
        .order_by("pk")
        .values_list("data", flat=True)
    )


def test_the_page_alerts_the_next_wave_through_the_action(world: World, client_for: Any) -> None:
    incident = _verified(world)
    newcomer = make_active_member(world.province, world.village_a, full_name="Sari Mooduto")

    response = client_for("district").post(f"/kejadian/{incident.pk}/panggil/")

    assert response.status_code == 302
    assert incident.assignments.get(member=newcomer).wave == 2
    [data] = _audited(incident)
    assert data["wave"] == 2
    assert data["alerted"] == 1
    assert data["radius_km"] == incident.type.search_radius_km * 2


def test_the_api_alerts_the_next_wave_through_the_same_action(
    world: World, client_for: Any
) -> None:
    incident = _verified(world)
    make_active_member(world.province, world.village_a, full_name="Sari Mooduto")

    first = client_for("regency").post(f"/api/v1/incidents/{incident.pk}/callout")
    second = client_for("regency").post(f"/api/v1/incidents/{incident.pk}/callout")

    assert first.json() == {"wave": 2, "alerted": 1}
    assert second.json() == {"wave": 3, "alerted": 0}  # nobody else left to ask
    assert [(d["wave"], d["alerted"]) for d in _audited(incident)] == [(2, 1), (3, 0)]


def test_a_coordinator_wave_after_an_automatic_one_takes_the_next_number(world: World) -> None:
    incident = _verified(world)
    make_active_member(world.province, world.village_a, full_name="Sari Mooduto")
    assert escalate(incident_id=incident.pk, wave=1) == "wave 2"
    make_active_member(world.province, world.village_b, full_name="Dewi Lihawa")

    wave, alerted = alert_next_wave(acting_user=world.regency, incident=incident)

    assert (wave, alerted) == (3, 1)
    assert sorted(incident.assignments.values_list("wave", flat=True)) == [1, 1, 1, 2, 3]


def test_it_refuses_who_may_not_manage_and_an_incident_not_verified(world: World) -> None:
    incident = flood_in(world)

    with pytest.raises(PermissionRefused):
        alert_next_wave(acting_user=world.partner, incident=incident)
    with pytest.raises(Conflict):
        alert_next_wave(acting_user=world.regency, incident=incident)
    assert _audited(incident) == []
    assert not incident.assignments.exists()


def test_the_api_answers_409_for_an_incident_not_verified(world: World, client_for: Any) -> None:
    incident = flood_in(world)

    response = client_for("regency").post(f"/api/v1/incidents/{incident.pk}/callout")

    assert response.status_code == 409
    assert not incident.assignments.exists()


@pytest.mark.skipif(
    not connection.features.has_select_for_update, reason="the database has no row locks"
)
def test_it_locks_the_incident_row_before_choosing_the_wave(world: World) -> None:
    incident = _verified(world)

    with CaptureQueriesContext(connection) as queries:
        alert_next_wave(acting_user=world.regency, incident=incident)

    first_incident_read = next(
        q["sql"] for q in queries.captured_queries if 'FROM "incidents_incident"' in q["sql"]
    )
    assert "FOR UPDATE" in first_incident_read


def test_a_wave_that_found_nobody_still_widens_the_next_one(world: World) -> None:
    incident = _verified(world)
    radius = incident.type.search_radius_km

    assert alert_next_wave(acting_user=world.regency, incident=incident) == (2, 0)
    assert alert_next_wave(acting_user=world.regency, incident=incident) == (3, 0)

    assert [d["radius_km"] for d in _audited(incident)] == [radius * 2, radius * 4]
    incident.refresh_from_db()
    assert incident.last_wave == 3


def _out_at_sea(world: World) -> Incident:
    """Reported at a point far from every PSM: the first ring finds nobody."""
    from sipsm.incidents.actions.lifecycle import IncidentReport, report_incident
    from sipsm.incidents.models import IncidentType

    return report_incident(
        acting_user=world.regency,
        report=IncidentReport(
            type=IncidentType.objects.get(code="banjir"),
            title="Perahu nelayan hilang",
            region=world.village_a,
            channel="staff",
            lat=-4.0,
            lon=124.0,
        ),
    )


def test_a_first_wave_that_found_nobody_is_still_escalated(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    incident = _out_at_sea(world)

    with django_capture_on_commit_callbacks(execute=True):
        change_status(acting_user=world.regency, incident=incident, to_status="verified")

    assert not incident.assignments.exists()
    [check] = DBTaskResult.objects.filter(task_path="sipsm.incidents.tasks.check_callout")
    assert check.args_kwargs["args"] == [incident.pk, 1]
    assert escalate(incident_id=incident.pk, wave=1) == "wave 2"
    incident.refresh_from_db()
    assert incident.last_wave == 2
