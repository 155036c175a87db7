from __future__ import annotations

import pytest

from sipsm.relief.tests.support import make_alert, make_need, make_person, make_shelter

pytestmark = pytest.mark.django_db


def test_pages_render(world, incident, client_for):
    make_need(world, incident)
    person = make_person(world, incident)
    shelter = make_shelter(world, incident)
    make_alert(world, incident)
    client = client_for("regency")
    base = f"/kejadian/{incident.pk}/"
    for path in [
        "kebutuhan/",
        "kebutuhan/baru/",
        "warga/",
        "warga/baru/",
        f"warga/{person.pk}/",
        "keluarga/",
        "keluarga/baru/",
        "posko/",
        f"posko/{shelter.pk}/",
        "bantuan/",
        "bantuan/baru/",
        "sitrep/",
        "sitrep.pdf",
        "cap/",
        "kebutuhan/hxl/",
    ]:
        response = client.get(base + path)
        assert response.status_code == 200, path
