"""The columns of a KPM list (the guideline fields, domain.md §4.2) and the header variants
seen in the field, so that a file's columns are mapped without asking; the preview lets the
coordinator change the guess before the import starts."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sipsm.registry.tabular import header_key

# Our field name -> (label, header variants as `header_key` forms).
FIELDS: dict[str, tuple[str | Promise, set[str]]] = {
    "nik": (
        _("NIK of the pengurus"),
        {"nik_pengurus", "nik", "no_nik", "nomor_nik", "nik_ktp", "nik_penerima", "nik_kpm"},
    ),
    "pengurus_name": (
        _("Name of the pengurus"),
        {"nama_pengurus", "nama_pengurus_kpm", "nama_penerima", "nama_kpm", "pengurus", "nama"},
    ),
    "kk": (
        _("KK number"),
        {"no_kk", "nomor_kk", "nokk", "kk", "nomor_kartu_keluarga", "no_kartu_keluarga"},
    ),
    "village": (
        _("Village code"),
        {
            "kode_desa",
            "kode_kelurahan",
            "kode_desa_kelurahan",
            "kode_wilayah",
            "kode_wilayah_desa",
            "kd_desa",
            "kode_kemendagri",
            "kode_desa_kel",
        },
    ),
    "province": (_("Province code"), {"kode_prov", "kode_provinsi", "kd_prov", "prov_kode"}),
    "regency": (
        _("Regency/city code"),
        {"kode_kab", "kode_kabupaten", "kode_kab_kota", "kd_kab", "kode_kota"},
    ),
    "district": (_("District code"), {"kode_kec", "kode_kecamatan", "kd_kec"}),
    "kks": (
        _("KKS number"),
        {"no_kks", "nomor_kks", "kks", "nomor_kartu_kks", "no_kartu", "nomor_kartu"},
    ),
    "account": (
        _("Account number"),
        {"no_rekening", "nomor_rekening", "rekening", "no_rek", "norek", "nomor_rekening_bansos"},
    ),
    "membership_status": (
        _("Membership status"),
        {"status_kepesertaan", "status_kpm", "status", "status_peserta"},
    ),
    "dtks_id": (
        _("DTKS/DTSEN id"),
        {"id_dtks", "id_bdt", "idbdt", "id_dtks_kpm", "id_dtsen", "id_keluarga", "id_semesta"},
    ),
    "dtks_member_id": (
        _("DTKS id of the pengurus"),
        {"id_pengurus", "id_art_pengurus", "id_art", "id_dtks_pengurus", "idartbdt"},
    ),
    "birth_place": (
        _("Place of birth"),
        {"tempat_lahir", "tempat_lahir_pengurus", "tmp_lahir"},
    ),
    "birth_date": (
        _("Date of birth"),
        {"tanggal_lahir", "tgl_lahir", "tanggal_lahir_pengurus", "tgl_lahir_pengurus"},
    ),
    "mother": (
        _("Mother's maiden name"),
        {
            "nama_gadis_ibu_kandung",
            "nama_ibu_kandung",
            "ibu_kandung",
            "nama_ibu",
            "nama_gadis_ibu_kandung_pengurus",
        },
    ),
    "pkh_number": (
        _("PKH participant number"),
        {"no_peserta_pkh", "nomor_peserta_pkh", "id_pkh", "no_pkh"},
    ),
    "pkh_status": (_("PKH status"), {"status_pkh", "pkh"}),
    "head_name": (
        _("Head of the family"),
        {"nama_kepala_keluarga", "kepala_keluarga", "nama_krt", "nama_kk"},
    ),
    "members": (
        _("Other family members"),
        {
            "nama_anggota_keluarga",
            "anggota_keluarga",
            "nama_anggota_keluarga_lain",
            "anggota_lain",
            "nama_art",
        },
    ),
    "address": (_("Address"), {"alamat", "alamat_lengkap", "alamat_kpm"}),
    "desil": (_("Desil"), {"desil", "peringkat_desil", "desil_kesejahteraan"}),
}
REQUIRED = ("nik", "pengurus_name", "kk", "village")
# The column names of our own template and of the error report.
COLUMN_NAMES = {
    "nik": "nik_pengurus",
    "pengurus_name": "nama_pengurus",
    "kk": "no_kk",
    "village": "kode_desa",
    "province": "kode_provinsi",
    "regency": "kode_kabupaten",
    "district": "kode_kecamatan",
    "kks": "no_kks",
    "account": "no_rekening",
    "membership_status": "status_kepesertaan",
    "dtks_id": "id_dtks",
    "dtks_member_id": "id_pengurus_dtks",
    "birth_place": "tempat_lahir",
    "birth_date": "tanggal_lahir",
    "mother": "nama_gadis_ibu_kandung",
    "pkh_number": "no_peserta_pkh",
    "pkh_status": "status_pkh",
    "head_name": "nama_kepala_keluarga",
    "members": "nama_anggota_keluarga",
    "address": "alamat",
    "desil": "desil",
}
_LOOKUP = {alias: name for name, (_label, aliases) in FIELDS.items() for alias in aliases}


def guess_mapping(header: list[str]) -> dict[str, int]:
    """Our field -> column index, from the header texts; the first column wins."""
    mapping: dict[str, int] = {}
    for index, text in enumerate(header):
        name = _LOOKUP.get(header_key(text))
        if name is not None and name not in mapping:
            mapping[name] = index
    return mapping


def mapping_problems(mapping: dict[str, int], width: int) -> list[str]:
    """What is wrong with a mapping (empty when it can be used)."""
    problems: list[str] = []
    missing = [str(FIELDS[name][0]) for name in REQUIRED if name not in mapping]
    if missing:
        problems.append(
            str(_("Required columns are missing: %(cols)s.") % {"cols": ", ".join(missing)})
        )
    unknown = [name for name in mapping if name not in FIELDS]
    if unknown:
        problems.append(str(_("Unknown fields: %(f)s.") % {"f": ", ".join(unknown)}))
    columns = list(mapping.values())
    if len(set(columns)) != len(columns):
        problems.append(str(_("A column is used for two fields.")))
    if any(not 0 <= c < width for c in columns):
        problems.append(str(_("A mapped column is not in the file.")))
    return problems


def template_header() -> list[str]:
    return [
        COLUMN_NAMES[name] for name in FIELDS if name not in {"province", "regency", "district"}
    ]
