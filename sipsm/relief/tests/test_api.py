"""The relief API with bearer tokens: same rules as the pages, NIK only masked."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from sipsm.accounts.actions import issue_api_token
from sipsm.core.models import AuditEvent
from sipsm.relief.models import AffectedPerson, Need
from sipsm.relief.tests.support import give, make_person, nik_for

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user):
        _token, secret = issue_api_token(acting_user=user, name="test", days=7)
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_ACCEPT_LANGUAGE": "en"}

    def get(self, path, **params):
        return self.client.get(path, params, **self.headers)

    def send(self, method, path, payload):
        return getattr(self.client, method)(
            path, data=json.dumps(payload), content_type="application/json", **self.headers
        )


def test_people_through_the_api_never_show_the_nik(world, incident):
    api = Api(world.village)
    nik = nik_for(world)
    base = f"/api/v1/incidents/{incident.pk}/people"
    response = api.send(
        "post",
        base,
        {"village_code": world.village_a.code.replace(".", ""), "full_name": "Rina", "nik": nik},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert "nik" not in body
    assert body["nik_masked"].endswith(nik[-4:])
    assert nik not in response.content.decode()
    person_id = body["id"]
    found = api.send("post", f"{base}/find-by-nik", {"nik": nik}).json()
    assert [p["id"] for p in found] == [person_id]
    assert api.send("post", f"{base}/find-by-nik", {"nik": nik_for(world)}).json() == []
    lookups = AuditEvent.objects.filter(verb="access.affected_person.nik_lookup")
    assert [e.data["found"] for e in lookups.order_by("pk")] == [[person_id], []]
    assert nik not in str(list(lookups.values_list("data", flat=True)))
    ignored = api.get(base, nik=nik).json()["items"]
    assert len(ignored) == 1  # a NIK in the query string filters nothing (and is not read)
    response = api.send(
        "put", f"{base}/{person_id}", {"village_code": world.village_a.code, "full_name": "Rina D."}
    )
    assert response.status_code == 200
    assert AffectedPerson.objects.get(pk=person_id).nik == nik


def test_the_nik_endpoint_links_records(world, incident):
    api = Api(world.regency)
    nik = nik_for(world)
    first = make_person(world, incident, nik=nik)
    second = make_person(world, incident, full_name="Tanpa NIK")
    response = api.send(
        "post", f"/api/v1/incidents/{incident.pk}/people/{second.pk}/nik", {"nik": nik}
    )
    assert response.status_code == 200
    assert response.json()["id"] == first.pk
    bad = api.send("post", f"/api/v1/incidents/{incident.pk}/people/{first.pk}/nik", {"nik": "12"})
    assert bad.status_code == 400
    assert bad.json()["field"] == "nik"


def test_errors_name_the_field_and_change_nothing(world, incident):
    api = Api(world.village)
    base = f"/api/v1/incidents/{incident.pk}/needs"
    response = api.send("post", base, {"village_code": world.village_b.code, "category": "food"})
    assert response.status_code == 400
    assert response.json()["field"] == "village"
    response = api.send("post", base, {"village_code": "99", "category": "food"})
    assert response.status_code == 400
    response = api.send("post", base, {"village_code": world.village_a.code, "category": "cash"})
    assert response.status_code == 400
    assert Need.objects.count() == 0
    partner = Api(world.partner)
    assert (
        partner.send(
            "post", base, {"village_code": world.village_a.code, "category": "food"}
        ).status_code
        == 403
    )
    assert Api(world.other_village).get(base).status_code == 404


def test_spm_endpoint(world, incident):
    person = make_person(world, incident)
    give(world, incident, "food", person=person)
    give(world, incident, "water", person=person)
    make_person(world, incident, full_name="Belum")
    year = timezone.localtime(incident.reported_at).year
    response = Api(world.partner).get("/api/v1/spm/disaster", regency="7501", year=year)
    assert response.status_code == 200
    assert response.json() == {
        "regency_code": "75.01",
        "year": year,
        "numerator": 1,
        "denominator": 2,
        "percent": 50.0,
    }
    assert (
        Api(world.other_regency).get("/api/v1/spm/disaster", regency="75.01", year=year).status_code
        == 403
    )
    assert (
        Api(world.regency).get("/api/v1/spm/disaster", regency="75", year=year).status_code == 400
    )
    assert (
        Api(world.national).get("/api/v1/spm/disaster", regency="75.99", year=year).status_code
        == 404
    )


def test_shelter_occupancy_in_the_api(world, incident):
    api = Api(world.district)
    base = f"/api/v1/incidents/{incident.pk}/shelters"
    created = api.send(
        "post", base, {"village_code": world.village_a.code, "name": "SD 1", "capacity": 80}
    )
    assert created.status_code == 201
    shelter_id = created.json()["id"]
    make_person(world, incident, full_name="A")  # not in the shelter
    response = Api(world.village).send(
        "post",
        f"/api/v1/incidents/{incident.pk}/people",
        {"village_code": world.village_a.code, "full_name": "B", "shelter_id": shelter_id},
    )
    assert response.json()["condition"] == "displaced"
    counted = api.send("post", f"{base}/{shelter_id}/count", {"manual_count": 30}).json()
    assert (counted["registered"], counted["occupancy"]) == (1, 30)
    closed = api.send("post", f"{base}/{shelter_id}/close", {}).json()
    assert (closed["is_open"], closed["occupancy"]) == (False, 0)


def test_web_search_by_nik_is_posted_and_audited(world, incident):
    nik = nik_for(world)
    person = make_person(world, incident, nik=nik)
    make_person(world, incident, full_name="Lain")
    client = Client()
    client.force_login(world.regency)
    url = f"/kejadian/{incident.pk}/warga/"

    response = client.post(url, {"nik": nik})

    assert response.status_code == 200
    assert [p.pk for p in response.context["page_obj"]] == [person.pk]
    assert nik not in response.content.decode()
    assert AuditEvent.objects.filter(verb="access.affected_person.nik_lookup").count() == 1
    assert len(client.get(url, {"nik": nik}).context["page_obj"]) == 2


def test_reading_an_affected_person_is_logged(world, incident):
    person = make_person(world, incident)
    client = Client()
    client.force_login(world.regency)

    assert client.get(f"/kejadian/{incident.pk}/warga/{person.pk}/").status_code == 200

    event = AuditEvent.objects.get(verb="access.affected_person.read")
    assert (event.actor, event.object_id) == (world.regency, str(person.pk))
