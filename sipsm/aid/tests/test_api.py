"""The aid API end to end with a bearer token: scoped like the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sipsm.accounts.actions import issue_api_token
from sipsm.aid.tests.files import kpm_row
from sipsm.aid.tests.support import AidWorld, import_rows, open_round

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    _token, secret = issue_api_token(acting_user=user, name="tes", days=7)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_it_lists_only_the_families_a_psm_may_see(aid: AidWorld) -> None:
    import_rows(aid, 2)
    import_rows(aid, 1, village=aid.world.village_b.code, start=100)
    response = _client(aid.world.village).get(f"/api/v1/aid/periods/{aid.period.pk}/entries")
    items = response.json()["items"]
    assert [i["village_code"] for i in items] == [aid.world.village_a.code] * 2
    nik = kpm_row(aid.world.village_a.code, 0)["nik_pengurus"]
    assert items[0]["nik_masked"] == f"{nik[:4]} {nik[4:6]}** **** {nik[12:]}"
    assert nik not in response.content.decode()


def test_it_ticks_and_reconciles_through_the_api(aid: AidWorld) -> None:
    import_rows(aid, 2)
    round_ = open_round(aid)
    client = _client(aid.world.village)
    families = client.get(f"/api/v1/aid/rounds/{round_.pk}/families").json()["items"]
    entry_id = families[0]["entry_id"]
    marked = client.post(
        f"/api/v1/aid/rounds/{round_.pk}/families/{entry_id}/marks",
        {"mark": "received"},
        content_type="application/json",
    )
    assert marked.status_code == 200
    figures = client.get(f"/api/v1/aid/rounds/{round_.pk}/reconciliation").json()
    assert (figures["expected"], figures["received"], figures["ticked"]) == (2, 1, 1)
    refused = client.post(f"/api/v1/aid/rounds/{round_.pk}/close", content_type="application/json")
    assert refused.status_code == 403


def test_it_answers_the_public_status_without_an_account(aid: AidWorld) -> None:
    from sipsm.aid.tests.support import make_complaint

    complaint = make_complaint(aid)
    response = Client().get(f"/api/v1/aid/public/complaints/{complaint.tracking_code}")
    assert response.status_code == 200
    assert set(response.json()) == {
        "tracking_code",
        "category",
        "village_code",
        "status",
        "received_at",
        "verify_due_at",
        "respond_due_at",
        "answer",
    }
