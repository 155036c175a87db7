"""The public report form at /lapor/: no account, anti-spam, rate limits, a tracking code."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core import signing
from django.test import Client

from sipsm.incidents.forms import FORM_TOKEN_SALT
from sipsm.incidents.models import Incident, IncidentType
from sipsm.testing import World

pytestmark = pytest.mark.django_db


def _form(world: World, **overrides: Any) -> dict[str, Any]:
    form = {
        "type": IncidentType.objects.get(code="kebakaran_permukiman").pk,
        "title": "Rumah terbakar",
        "village": world.village_b.code,
        "description": "Dua rumah, satu lansia belum keluar",
        "reporter_name": "Pak RT",
        "reporter_phone": "0812 3456 7890",
        "website": "",
        "form_token": signing.dumps(time.time() - 20, salt=FORM_TOKEN_SALT),
    }
    form.update(overrides)
    return form


def test_it_creates_a_reported_incident_and_shows_the_tracking_code(world: World) -> None:
    response = Client().post("/lapor/", _form(world), follow=True)

    incident = Incident.objects.get()
    assert (incident.status, incident.channel) == ("reported", "public")
    assert incident.reporter_phone == "+6281234567890"
    assert incident.reported_by is None
    assert incident.tracking_code in response.content.decode()
    assert "Pak RT" not in Client().get(f"/lapor/cek/{incident.tracking_code}/").content.decode()


def test_it_stores_the_reporter_phone_encrypted(world: World) -> None:
    from django.db import connection

    Client().post("/lapor/", _form(world))

    with connection.cursor() as cursor:
        cursor.execute("SELECT reporter_phone FROM incidents_incident")
        (raw,) = cursor.fetchone()
    assert raw.startswith("v1$")
    assert "3456" not in raw


def test_it_drops_a_bot_that_fills_the_hidden_field(world: World) -> None:
    response = Client().post("/lapor/", _form(world, website="http://spam.example"))

    assert response.status_code == 400
    assert Incident.objects.count() == 0


def test_it_drops_a_form_sent_faster_than_a_person_can(world: World) -> None:
    response = Client().post(
        "/lapor/", _form(world, form_token=signing.dumps(time.time(), salt=FORM_TOKEN_SALT))
    )

    assert response.status_code == 400
    assert Incident.objects.count() == 0


def test_it_limits_reports_per_phone(world: World) -> None:
    client = Client()
    for _ in range(5):
        assert client.post("/lapor/", _form(world)).status_code == 302

    response = client.post("/lapor/", _form(world))

    assert response.status_code == 429
    assert Incident.objects.count() == 5


def test_it_limits_reports_per_address(world: World, settings: Any) -> None:
    settings.SIPSM_PUBLIC_REPORTS_PER_IP = (2, 3600)
    client = Client()
    client.post("/lapor/", _form(world, reporter_phone="081234567801"))
    client.post("/lapor/", _form(world, reporter_phone="081234567802"))

    response = client.post("/lapor/", _form(world, reporter_phone="081234567803"))

    assert response.status_code == 429
    assert Incident.objects.count() == 2


def test_it_strips_photo_metadata(world: World) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "KameraHP"
    Image.new("RGB", (50, 40), (0, 0, 200)).save(buffer, format="JPEG", exif=exif)
    photo = SimpleUploadedFile("api.jpg", buffer.getvalue(), content_type="image/jpeg")

    Client().post("/lapor/", {**_form(world), "photo": photo})

    incident = Incident.objects.get()
    with incident.photo.open("rb") as fh, Image.open(fh) as stored:
        assert dict(stored.getexif()) == {}
