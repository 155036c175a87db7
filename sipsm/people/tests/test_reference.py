"""The PPKS (26) and PSKS (12) lists are versioned reference data with their legal basis."""

from __future__ import annotations

import datetime as dt

import pytest

from sipsm.people.models import ReferenceList, WelfareCategory

pytestmark = pytest.mark.django_db


def test_it_ships_the_26_ppks_and_12_psks_of_permensos_8_2012() -> None:
    ppks = ReferenceList.objects.get(kind="ppks")
    psks = ReferenceList.objects.get(kind="psks")

    assert ppks.valid_from == dt.date(2012, 1, 1)
    assert "Permensos No. 08 Tahun 2012" in ppks.legal_basis
    assert list(ppks.entries.values_list("number", flat=True)) == list(range(1, 27))
    assert ppks.entries.get(number=4).name == "Anak Jalanan"
    assert list(ppks.entries.filter(for_children=True).values_list("number", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
    ]
    assert psks.entries.count() == 12
    assert psks.entries.get(number=2).abbreviation == "PSM"


def test_it_names_the_spm_groups() -> None:
    groups = dict(
        WelfareCategory.objects.ppks().exclude(spm_group="").values_list("code", "spm_group")
    )

    assert groups == {
        "anak-balita-telantar": "anak",
        "anak-telantar": "anak",
        "anak-dengan-kedisabilitasan": "disabilitas",
        "lanjut-usia-telantar": "lansia",
        "penyandang-disabilitas": "disabilitas",
        "gelandangan": "gepeng",
        "pengemis": "gepeng",
    }


def test_it_shows_the_lists_with_their_legal_basis(client_for) -> None:
    page = client_for("partner").get("/referensi/ppks-psks/").content.decode()

    assert "Komunitas Adat Terpencil" in page
    assert "Tenaga Kesejahteraan Sosial Kecamatan" in page
    assert "PP No. 39 Tahun 2012" in page
