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


def _json(client: Client, path: str, data: dict[str, Any]) -> Any:
    return client.post(path, data, content_type="application/json")


def test_it_filters_and_pages_the_checklist_in_a_fixed_number_of_queries(
    aid: AidWorld, django_assert_max_num_queries: Any
) -> None:
    import_rows(aid, 6)
    round_ = open_round(aid)
    client = _client(aid.world.village)
    path = f"/api/v1/aid/rounds/{round_.pk}/families"
    first, second = client.get(path).json()["items"][:2]
    assert (
        _json(client, f"{path}/{first['entry_id']}/marks", {"mark": "received"}).status_code == 200
    )
    _json(client, f"{path}/{second['entry_id']}/marks", {"mark": "problem", "problem": "pin"})
    # Token, user, assignments, round, count, families, their ticks: not one per family.
    with django_assert_max_num_queries(7):
        page = client.get(path).json()
    assert page["count"] == 6
    assert page["items"][0]["tick"]["received_at"] is not None
    assert page["items"][2]["tick"] is None
    received = client.get(path, {"show": "received"}).json()["items"]
    assert [i["entry_id"] for i in received] == [first["entry_id"]]
    assert client.get(path, {"show": "problem"}).json()["items"][0]["tick"]["problem"] == "pin"
    assert client.get(path, {"show": "todo"}).json()["count"] == 4
    assert client.get(path, {"show": "nope"}).status_code == 400
    rounds = client.get("/api/v1/aid/rounds").json()["items"]
    assert [(r["expected"], r["ticked"], r["received"]) for r in rounds] == [(6, 2, 1)]


def test_it_marks_a_family_with_a_photo(aid: AidWorld) -> None:
    from sipsm.aid.models import Tick
    from sipsm.aid.tests.permission_cases import _photo

    import_rows(aid, 1)
    round_ = open_round(aid)
    entry = aid.entries().get()
    response = _client(aid.world.village).post(
        f"/api/v1/aid/rounds/{round_.pk}/families/{entry.pk}/photo",
        {"mark": "received", "photo": _photo()},
    )
    assert response.status_code == 200
    assert response.json()["has_photo"] is True
    assert Tick.objects.get(round=round_, entry=entry).photo.name.startswith("aid/ticks/")


def test_it_takes_public_complaints_within_the_rate_limit(aid: AidWorld, settings: Any) -> None:
    settings.SIPSM_PUBLIC_REPORTS_PER_IP = (2, 3600)
    payload = {
        "category": "levy",
        "village_code": aid.world.village_a.code.replace(".", ""),
        "description": "Ada potongan di e-Warong setiap bulan.",
        "complainant_phone": "0812 3456 7890",
    }
    client = Client()
    first = _json(client, "/api/v1/aid/public/complaints", payload)
    assert first.status_code == 201
    code = first.json()["tracking_code"]
    assert "complainant_phone" not in first.json()
    assert client.get(f"/api/v1/aid/public/complaints/{code}").json()["status"] == "received"
    assert _json(client, "/api/v1/aid/public/complaints", payload).status_code == 201
    refused = _json(client, "/api/v1/aid/public/complaints", payload)
    assert (refused.status_code, refused.json()["code"]) == (429, "rate")
    bad = _json(
        Client(REMOTE_ADDR="10.0.0.9"),
        "/api/v1/aid/public/complaints",
        {**payload, "category": "x"},
    )
    assert (bad.status_code, bad.json()["field"]) == (400, "category")


def test_it_shows_the_complainant_only_to_those_who_handle_it(aid: AidWorld) -> None:
    from sipsm.aid.tests.support import make_complaint

    complaint = make_complaint(aid, complainant_name="Bu Rahma", complainant_phone="+6281234567890")
    path = f"/api/v1/aid/complaints/{complaint.pk}"
    handler = _client(aid.world.district).get(path).json()
    assert (handler["complainant_name"], handler["complainant_phone"]) == (
        "Bu Rahma",
        "+6281234567890",
    )
    for reader in (aid.world.village, aid.world.partner):
        seen = _client(reader).get(path).json()
        assert (seen["complainant_name"], seen["complainant_phone"]) == ("", "")
    overdue = _client(aid.world.district).get("/api/v1/aid/complaints", {"overdue": "true"})
    assert overdue.json()["count"] == 0


def test_it_exports_the_list_masked_and_in_full_with_a_reason(aid: AidWorld) -> None:
    from sipsm.core.models import AuditEvent

    import_rows(aid, 2)
    nik = kpm_row(aid.world.village_a.code, 0)["nik_pengurus"]
    client = _client(aid.world.regency)
    path = f"/api/v1/aid/periods/{aid.period.pk}/export.csv"
    masked = b"".join(client.get(path).streaming_content).decode("utf-8-sig")
    assert len(masked.splitlines()) == 3
    assert nik not in masked
    assert nik[-4:] in masked
    full = _json(client, path, {"reason": "Rekonsiliasi bank"})
    assert nik in b"".join(full.streaming_content).decode("utf-8-sig")
    assert list(
        AuditEvent.objects.filter(verb="aid.list.export")
        .order_by("id")
        .values_list("data__identities", flat=True)
    ) == ["masked", "full"]
    assert _json(_client(aid.world.district), path, {"reason": "Ingin tahu"}).status_code == 403
    assert client.get(f"/api/v1/aid/periods/{aid.period.pk}/export.pdf").status_code == 404
