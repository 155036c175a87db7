"""The photo sent with a report: shown to those who may see it, streamed, never public."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from sipsm.incidents.actions.lifecycle import IncidentReport, report_incident
from sipsm.incidents.models import Incident, IncidentType
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def _jpeg() -> ContentFile[bytes]:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, format="JPEG")
    return ContentFile(out.getvalue(), name="foto.jpg")


def _reported(world: World, *, channel: str, photo: bool = True) -> Incident:
    return report_incident(
        acting_user=world.village if channel == "member" else None,
        report=IncidentReport(
            type=IncidentType.objects.get(code="banjir"),
            title="Banjir",
            region=world.village_a,
            channel=channel,
        ),
        photo=_jpeg() if photo else None,
    )


def test_a_members_photo_is_for_psms_and_coordinators_who_see_the_incident(
    world: World, client_for: Any
) -> None:
    incident = _reported(world, channel="member")
    url = f"/kejadian/{incident.pk}/foto/"

    response = client_for("district").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")  # type: ignore[arg-type]
    assert client_for("village").get(url).status_code == 200
    assert client_for("partner").get(url).status_code == 403
    assert client_for("other_regency").get(url).status_code == 404
    page = client_for("district").get(f"/kejadian/{incident.pk}/").content.decode()
    assert f'src="{url}"' in page
    assert url not in client_for("partner").get(f"/kejadian/{incident.pk}/").content.decode()


def test_a_public_photo_is_for_coordinators_only(world: World, client_for: Any) -> None:
    incident = _reported(world, channel="public")
    url = f"/kejadian/{incident.pk}/foto/"

    assert client_for("district").get(url).status_code == 200
    assert client_for("regency").get(url).status_code == 200
    assert client_for("village").get(url).status_code == 403
    assert url not in client_for("village").get(f"/kejadian/{incident.pk}/").content.decode()


def test_no_photo_is_404(world: World, client_for: Any) -> None:
    incident = _reported(world, channel="member", photo=False)

    assert client_for("district").get(f"/kejadian/{incident.pk}/foto/").status_code == 404
