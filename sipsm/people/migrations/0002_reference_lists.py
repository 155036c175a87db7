"""The PPKS (26) and PSKS (12) lists of Permensos 08/2012 (domain.md §2).

Numbers are the list order; abbreviations are customary, not official. `sensitive` marks
groups whose membership reveals health, criminal, sexual or minority status (UU PDP Pasal 4
data spesifik); `spm_group` suggests the SPM rehabilitation group (PP 2/2018 Pasal 10).
Only the year of Permensos 08/2012 was checked, so `valid_from` is 1 January 2012.
"""

import datetime as dt

from django.db import migrations

PPKS_LEGAL_BASIS = (
    "Permensos No. 08 Tahun 2012 tentang Pedoman Pendataan dan Pengelolaan Data PMKS dan PSKS "
    "(PMKS 22 -> 26 jenis); PP No. 39 Tahun 2012 (istilah PPKS); Permensos No. 5 Tahun 2019 "
    "tentang Pengelolaan DTKS memuat 26 jenis yang sama."
)
PSKS_LEGAL_BASIS = (
    "Permensos No. 08 Tahun 2012 tentang Pedoman Pendataan dan Pengelolaan Data PMKS dan PSKS "
    "(PSKS 6 -> 12 jenis)."
)

# number, code, name, abbreviation, for_children, sensitive, spm_group
PPKS = [
    (1, "anak-balita-telantar", "Anak Balita Telantar", "ABT", True, False, "anak"),
    (2, "anak-telantar", "Anak Telantar", "AT", True, False, "anak"),
    (3, "anak-berhadapan-dengan-hukum", "Anak yang Berhadapan dengan Hukum", "ABH", True, True, ""),
    (4, "anak-jalanan", "Anak Jalanan", "AJ", True, False, ""),
    (5, "anak-dengan-kedisabilitasan", "Anak dengan Kedisabilitasan", "ADK", True, False, "disabilitas"),
    (6, "anak-korban-tindak-kekerasan", "Anak yang menjadi Korban Tindak Kekerasan", "AKTK", True, True, ""),
    (7, "anak-memerlukan-perlindungan-khusus", "Anak yang Memerlukan Perlindungan Khusus", "AMPK", True, True, ""),
    (8, "lanjut-usia-telantar", "Lanjut Usia Telantar", "LUT", False, False, "lansia"),
    (9, "penyandang-disabilitas", "Penyandang Disabilitas", "PD", False, False, "disabilitas"),
    (10, "tuna-susila", "Tuna Susila", "TS", False, True, ""),
    (11, "gelandangan", "Gelandangan", "", False, False, "gepeng"),
    (12, "pengemis", "Pengemis", "", False, False, "gepeng"),
    (13, "pemulung", "Pemulung", "", False, False, ""),
    (14, "kelompok-minoritas", "Kelompok Minoritas", "KM", False, True, ""),
    (15, "bekas-warga-binaan-lp", "Bekas Warga Binaan Lembaga Pemasyarakatan", "BWBLP", False, True, ""),
    (16, "odha", "Orang dengan HIV/AIDS", "ODHA", False, True, ""),
    (17, "korban-napza", "Korban Penyalahgunaan NAPZA", "", False, True, ""),
    (18, "korban-trafficking", "Korban Trafficking", "", False, True, ""),
    (19, "korban-tindak-kekerasan", "Korban Tindak Kekerasan", "KTK", False, True, ""),
    (20, "pekerja-migran-bermasalah-sosial", "Pekerja Migran Bermasalah Sosial", "PMBS", False, False, ""),
    (21, "korban-bencana-alam", "Korban Bencana Alam", "KBA", False, False, ""),
    (22, "korban-bencana-sosial", "Korban Bencana Sosial", "KBS", False, False, ""),
    (23, "perempuan-rawan-sosial-ekonomi", "Perempuan Rawan Sosial Ekonomi", "PRSE", False, False, ""),
    (24, "fakir-miskin", "Fakir Miskin", "FM", False, False, ""),
    (25, "keluarga-bermasalah-sosial-psikologis", "Keluarga Bermasalah Sosial Psikologis", "KBSP", False, False, ""),
    (26, "komunitas-adat-terpencil", "Komunitas Adat Terpencil", "KAT", False, False, ""),
]
PSKS = [
    (1, "pekerja-sosial-profesional", "Pekerja Sosial Profesional", ""),
    (2, "pekerja-sosial-masyarakat", "Pekerja Sosial Masyarakat", "PSM"),
    (3, "tagana", "Taruna Siaga Bencana", "Tagana"),
    (4, "lks", "Lembaga Kesejahteraan Sosial", "LKS"),
    (5, "karang-taruna", "Karang Taruna", ""),
    (6, "lk3", "Lembaga Konsultasi Kesejahteraan Keluarga", "LK3"),
    (7, "keluarga-pioner", "Keluarga Pioner", ""),
    (8, "wksbm", "Wahana Kesejahteraan Sosial Keluarga Berbasis Masyarakat", "WKSBM"),
    (9, "wanita-pemimpin-kesejahteraan-sosial", "Wanita Pemimpin Kesejahteraan Sosial", ""),
    (10, "penyuluh-sosial", "Penyuluh Sosial", ""),
    (11, "tksk", "Tenaga Kesejahteraan Sosial Kecamatan", "TKSK"),
    (12, "dunia-usaha", "Dunia Usaha", ""),
]


def add_lists(apps, schema_editor):
    ReferenceList = apps.get_model("people", "ReferenceList")
    WelfareCategory = apps.get_model("people", "WelfareCategory")
    ppks, _ = ReferenceList.objects.get_or_create(
        kind="ppks",
        valid_from=dt.date(2012, 1, 1),
        defaults={
            "name": "PPKS (26 jenis) — Permensos 08/2012",
            "legal_basis": PPKS_LEGAL_BASIS,
            "note": "Formerly PMKS. Spelling follows KBBI (telantar).",
        },
    )
    for number, code, name, abbr, children, sensitive, spm in PPKS:
        WelfareCategory.objects.get_or_create(
            reference_list=ppks,
            number=number,
            defaults={
                "code": code,
                "name": name,
                "abbreviation": abbr,
                "for_children": children,
                "sensitive": sensitive,
                "spm_group": spm,
            },
        )
    psks, _ = ReferenceList.objects.get_or_create(
        kind="psks",
        valid_from=dt.date(2012, 1, 1),
        defaults={
            "name": "PSKS (12 jenis) — Permensos 08/2012",
            "legal_basis": PSKS_LEGAL_BASIS,
            "note": "Items 11 and 12 are from secondary sources (domain.md §2).",
        },
    )
    for number, code, name, abbr in PSKS:
        WelfareCategory.objects.get_or_create(
            reference_list=psks,
            number=number,
            defaults={"code": code, "name": name, "abbreviation": abbr},
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(add_lists, migrations.RunPython.noop)]
