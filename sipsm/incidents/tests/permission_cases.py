"""Permission matrix cases of the incidents app added after the first matrix (see
sipsm/core/tests/permission_cases.py, which holds the earlier incident routes).

The incident is a flood in village_a reported by the village PSM; coordinators of 75.01 manage
it, the partner sees it (aggregates only). A photo is for those who see the incident but the
partner. Call-out tokens are the credential of the one-tap pages: everybody gets 200.
"""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from PIL import Image

from sipsm.core.tests.matrix import PERSONAS, Case, incident_matrix, statuses
from sipsm.incidents.actions.dispatch import check_in, respond_to_alert
from sipsm.incidents.actions.lifecycle import IncidentReport, change_status, report_incident
from sipsm.incidents.links import token_for
from sipsm.incidents.models import Assignment, Incident, IncidentType
from sipsm.testing import World

SEES_PHOTO = {"national", "province", "regency", "district", "village"}


def _incident(world: World, *, photo: bool = False) -> Incident:
    image = None
    if photo:
        out = io.BytesIO()
        Image.new("RGB", (8, 8), "blue").save(out, format="JPEG")
        image = ContentFile(out.getvalue(), name="foto.jpg")
    return report_incident(
        acting_user=world.village,
        report=IncidentReport(
            type=IncidentType.objects.get(code="banjir"),
            title="Banjir di RT 03",
            region=world.village_a,
            channel="member",
        ),
        photo=image,
    )


def _accepted(world: World) -> Assignment:
    incident = _incident(world)
    change_status(acting_user=world.regency, incident=incident, to_status="verified")
    return respond_to_alert(
        assignment=incident.assignments.order_by("rank")[0], accept=True, via="link"
    )


def _accepted_token(world: World) -> str:
    return token_for(_accepted(world))


def _on_site_token(world: World) -> str:
    return token_for(check_in(assignment=_accepted(world)))


CASES: list[Case] = [
    Case(
        "kejadian/<int:incident_id>/foto/",
        "get",
        lambda w: f"/kejadian/{_incident(w, photo=True).pk}/foto/",
        incident_matrix(SEES_PHOTO, 200),
    ),
    Case(
        "api/v1/callouts/<token>/check-in",
        "post",
        lambda w: f"/api/v1/callouts/{_accepted_token(w)}/check-in",
        dict.fromkeys(PERSONAS, 200),
        mutates=set(PERSONAS),
        data=lambda w: {"lat": 0.61, "lon": 122.98},
        json=True,
    ),
    Case(
        "api/v1/callouts/<token>/check-out",
        "post",
        lambda w: f"/api/v1/callouts/{_on_site_token(w)}/check-out",
        dict.fromkeys(PERSONAS, 200),
        mutates=set(PERSONAS),
        json=True,
    ),
    Case(
        "api/v1/incident-timings",
        "get",
        lambda w: "/api/v1/incident-timings",
        statuses(200, anonymous=401),
    ),
]
