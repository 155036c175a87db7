"""Who may import members, who may see an import's result, and what the downloadable report
holds (row, column and message; never a NIK)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from sipsm.core.errors import PermissionRefused
from sipsm.registry import imports
from sipsm.registry.models import MemberImport
from sipsm.registry.tests.files import csv_bytes, csv_text, register_counts, upload
from sipsm.testing import World, synthetic_nik

pytestmark = pytest.mark.django_db

ALLOWED = ["national", "province", "regency", "other_regency"]
REFUSED = ["district", "village", "other_village", "partner"]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def english_client(client_for: Any, persona: str) -> Client:
    client: Client = client_for(persona)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def one_row_file(world: World) -> bytes:
    return csv_bytes(
        [
            ["nama", "jenis_kelamin", "kode_desa"],
            ["Rina Hasan", "P", world.village_a.code],
        ]
    )


@pytest.mark.parametrize("persona", ALLOWED)
def test_it_shows_the_import_page_to_roles_that_import(
    world: World, client_for: Any, persona: str
) -> None:
    client = english_client(client_for, persona)

    page = client.get("/anggota/impor/")
    template = client.get("/anggota/impor/template.csv")

    assert page.status_code == 200
    assert template.status_code == 200
    assert csv_text(template.content)[0][:3] == ["nik", "nama", "jenis_kelamin"]


@pytest.mark.parametrize("persona", REFUSED)
def test_it_refuses_the_import_to_other_roles(world: World, client_for: Any, persona: str) -> None:
    client = english_client(client_for, persona)
    before = register_counts()

    page = client.get("/anggota/impor/")
    template = client.get("/anggota/impor/template.csv")
    post = client.post(
        "/anggota/impor/",
        {"file": upload("anggota.csv", one_row_file(world)), "mode": "valid_rows"},
    )

    assert (page.status_code, template.status_code, post.status_code) == (403, 403, 403)
    assert register_counts() == before
    assert MemberImport.objects.count() == 0


@pytest.mark.parametrize("persona", REFUSED)
def test_the_import_function_refuses_other_roles(world: World, persona: str) -> None:
    before = register_counts()

    with pytest.raises(PermissionRefused):
        imports.import_members(
            acting_user=world.personas()[persona],
            stream=io.BytesIO(one_row_file(world)),
            filename="anggota.csv",
        )

    assert register_counts() == before
    assert MemberImport.objects.count() == 0


def test_it_requires_a_login(world: World) -> None:
    before = register_counts()

    response = Client().post(
        "/anggota/impor/", {"file": upload("anggota.csv", one_row_file(world)), "mode": "x"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/akun/login/")
    assert register_counts() == before


def test_only_the_importer_sees_the_result_and_report(world: World, client_for: Any) -> None:
    english_client(client_for, "regency").post(
        "/anggota/impor/", {"file": upload("anggota.csv", one_row_file(world)), "mode": "x"}
    )
    assert MemberImport.objects.count() == 0  # an unknown mode is a form error
    english_client(client_for, "regency").post(
        "/anggota/impor/",
        {"file": upload("anggota.csv", one_row_file(world)), "mode": "valid_rows"},
    )
    run = MemberImport.objects.get()

    for persona in ["province", "national", "other_regency", "village", "partner"]:
        client = english_client(client_for, persona)
        assert client.get(f"/anggota/impor/{run.pk}/").status_code == 404
        assert client.get(f"/anggota/impor/{run.pk}/laporan.csv").status_code == 404
    owner = english_client(client_for, "regency")
    assert owner.get(f"/anggota/impor/{run.pk}/").status_code == 200
    assert owner.get(f"/anggota/impor/{run.pk}/laporan.csv").status_code == 200
    assert owner.get(f"/anggota/impor/{run.pk + 1}/").status_code == 404


def test_the_report_names_rows_and_columns_but_never_a_nik(world: World, client_for: Any) -> None:
    birth = dt.date(1991, 7, 12)
    repeated = synthetic_nik(world.village_a, sex="F", birth=birth)
    wrong_serial = synthetic_nik(world.village_a, sex="F", birth=birth)[:12] + "0000"
    in_phone = synthetic_nik(world.village_a, sex="F", birth=birth)
    male_nik = synthetic_nik(world.village_a, sex="M", birth=birth)
    existing = world.member_a.nik
    data = csv_bytes(
        [
            ["nik", "nama", "jenis_kelamin", "kode_desa", "no_hp", "=cmd|' /C calc'!A0"],
            [repeated, "Satu", "P", world.village_a.code, "", ""],
            [repeated, "Dua", "P", world.village_a.code, "", ""],
            [wrong_serial, "Tiga", "P", world.village_a.code, "", ""],
            [existing, "Empat", "P", world.village_a.code, "", ""],
            ["3.27E+15", "Lima", "P", world.village_a.code, in_phone, ""],
            [male_nik, "Enam", "P", world.village_a.code, "", ""],
        ]
    )
    client = english_client(client_for, "regency")
    client.post("/anggota/impor/", {"file": upload("anggota.csv", data), "mode": "valid_rows"})
    run = MemberImport.objects.get()

    response = client.get(f"/anggota/impor/{run.pk}/laporan.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == f'attachment; filename="laporan-impor-{run.pk}.csv"'
    body = response.content.decode("utf-8-sig")
    for nik in (repeated, wrong_serial, in_phone, male_nik, existing):
        assert nik not in body
        assert nik[:12] not in body
    assert csv_text(response.content) == [
        ["baris", "kolom", "jenis", "pesan"],
        ["3", "NIK", "galat", "The same NIK is already in row 2."],
        ["4", "NIK", "galat", "The last four digits cannot be 0000."],
        ["5", "NIK", "galat", "A member with this NIK is already registered."],
        [
            "6",
            "NIK",
            "galat",
            "The NIK was stored as a number, so Excel changed it (e.g. 3.27E+15). "
            "Format the NIK column as Text and type the numbers again.",
        ],
        [
            "6",
            "telepon",
            "galat",
            f"“{in_phone[:4]} {in_phone[4:6]}** **** {in_phone[12:]}” is not a phone number.",
        ],
        ["1", "'=cmd|' /C calc'!A0", "peringatan", "Column “=cmd|' /C calc'!A0” is not used."],
        ["7", "NIK", "peringatan", "The NIK encodes a different sex than the one entered."],
    ]
    # rows 2 and 7 were valid and saved together
    assert (run.committed, run.created_count, run.error_count) == (True, 2, 5)
