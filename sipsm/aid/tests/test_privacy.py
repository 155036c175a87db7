"""Personal numbers: ciphertext at rest, masked in lists and exports, revealed only with the
right and a reason (audited, limited per day)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection

from sipsm.aid.tests.files import kpm_row
from sipsm.aid.tests.support import AidWorld, import_rows
from sipsm.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_stores_kks_account_and_mother_name_as_ciphertext(aid: AidWorld) -> None:
    import_rows(aid, 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT kks_number, account_number, mother_maiden_name FROM aid_kpmentry")
        raw = cursor.fetchone()
    row = kpm_row(aid.world.village_a.code, 0)
    assert [value.startswith("v1$") for value in raw] == [True, True, True]
    for plain in (row["no_kks"], row["no_rekening"], row["nama_gadis_ibu_kandung"]):
        assert all(plain not in value for value in raw)


def test_it_masks_numbers_in_the_list_export(aid: AidWorld, client_for: Any) -> None:
    import_rows(aid, 1)
    response = client_for("regency").get(f"/bansos/periode/{aid.period.pk}/ekspor.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, line = list(csv.reader(io.StringIO(text)))
    row = kpm_row(aid.world.village_a.code, 0)
    values = dict(zip(header, line, strict=True))
    assert (
        values["nik_pengurus"]
        == row["nik_pengurus"][:4]
        + " "
        + row["nik_pengurus"][4:6]
        + "** **** "
        + row["nik_pengurus"][12:]
    )
    assert values["no_kks"] == "************0000"
    assert values["nama_gadis_ibu_kandung"] == "F*** M***"


def test_it_reveals_numbers_with_a_reason_and_audits_it(
    aid: AidWorld, client_for: Any, settings: Any
) -> None:
    import_rows(aid, 1)
    entry = aid.entries().get()
    client = client_for("regency")
    row = kpm_row(aid.world.village_a.code, 0)
    page = client.get(f"/bansos/kpm/{entry.pk}/")
    assert row["nik_pengurus"].encode() not in page.content
    refused = client.post(f"/bansos/kpm/{entry.pk}/buka/", {"reason": "x"})
    assert b"Give a reason" in refused.content
    shown = client.post(f"/bansos/kpm/{entry.pk}/buka/", {"reason": "Kartu tertukar"})
    assert row["nik_pengurus"].encode() in shown.content
    assert row["no_rekening"].encode() in shown.content
    event = AuditEvent.objects.get(verb="aid.entry.reveal")
    assert (event.actor, event.data) == (aid.world.regency, {"reason": "Kartu tertukar"})
    settings.SIPSM_NIK_REVEALS_PER_DAY = 1
    limited = client.post(f"/bansos/kpm/{entry.pk}/buka/", {"reason": "Sekali lagi"})
    assert limited.status_code == 403


def test_it_never_shows_a_full_number_on_the_list_page(aid: AidWorld, client_for: Any) -> None:
    import_rows(aid, 2)
    page = client_for("village").get(f"/bansos/periode/{aid.period.pk}/")
    assert page.status_code == 200
    for i in range(2):
        row = kpm_row(aid.world.village_a.code, i)
        for key in ("nik_pengurus", "no_kk", "no_kks", "no_rekening"):
            assert row[key].encode() not in page.content


def test_it_finds_a_family_by_nik_only_through_a_posted_search(
    aid: AidWorld, client_for: Any
) -> None:
    import_rows(aid, 3)
    nik = kpm_row(aid.world.village_a.code, 1)["nik_pengurus"]
    path = f"/bansos/periode/{aid.period.pk}/"
    client = client_for("district")
    in_url = client.get(path, {"q": nik})
    assert in_url.context["form"].errors["q"]
    found = client.post(path, {"number": nik})
    names = [e.pengurus_name for e in found.context["page_obj"]]
    assert names == [kpm_row(aid.world.village_a.code, 1)["nama_pengurus"]]
    event = AuditEvent.objects.filter(verb="access.aid.list").latest("id")
    assert event.data["search"] == "number"
    assert nik not in str(event.data)
    nothing = client.post(path, {"number": "123"})
    assert list(nothing.context["page_obj"]) == []
    assert nothing.context["number_form"].errors["number"]
