"""The activity types of the four program areas IPSM names for its members' concrete work
(environment; basic needs and poverty alleviation; support to government programs; capacity
building of social workers). Kept as reference data: more can be added, none is deleted."""

from django.db import migrations

# code, program area, name (Indonesian), name (English)
TYPES = [
    ("kerja-bakti", "environment", "Kerja bakti kebersihan lingkungan", "Community clean-up"),
    ("penghijauan", "environment", "Penghijauan dan penanaman pohon", "Tree planting and greening"),
    ("bank-sampah", "environment", "Bank sampah dan pengelolaan sampah", "Waste bank and waste management"),
    ("pengurangan-risiko-bencana", "environment", "Pengurangan risiko dan kesiapsiagaan bencana", "Disaster risk reduction and preparedness"),
    ("lingkungan-lain", "environment", "Kegiatan lingkungan lainnya", "Other environmental work"),
    ("kunjungan-keluarga", "basic_needs", "Kunjungan rumah keluarga rentan", "Home visit to a family in need"),
    ("bantuan-pangan", "basic_needs", "Bantuan pangan dan kebutuhan pokok", "Food and basic goods support"),
    ("bedah-rumah", "basic_needs", "Bedah rumah / rehabilitasi rumah tidak layak huni", "House repair (bedah rumah)"),
    ("pemberdayaan-ekonomi", "basic_needs", "Pemberdayaan ekonomi dan usaha keluarga", "Livelihood and economic empowerment"),
    ("pendampingan-layanan", "basic_needs", "Pendampingan ke layanan (kesehatan, sekolah, adminduk)", "Accompaniment to services (health, school, civil registration)"),
    ("kebutuhan-dasar-lain", "basic_needs", "Pemenuhan kebutuhan dasar lainnya", "Other basic needs work"),
    ("pemutakhiran-data", "government_programs", "Pemutakhiran data kesejahteraan sosial (DTKS/DTSEN)", "Welfare data update (DTKS/DTSEN)"),
    ("pendampingan-bansos", "government_programs", "Pendampingan penyaluran bantuan sosial", "Assistance in social aid distribution"),
    ("posyandu", "government_programs", "Dukungan posyandu dan kampanye kesehatan", "Support at posyandu and health campaigns"),
    ("musyawarah-desa", "government_programs", "Musyawarah desa / kelurahan", "Village deliberation (musdes/muskel)"),
    ("program-pemerintah-lain", "government_programs", "Dukungan program pemerintah lainnya", "Other support to government programs"),
    ("pelatihan-diberikan", "capacity", "Pelatihan atau pembinaan yang diberikan", "Training or coaching given"),
    ("pertemuan-psm", "capacity", "Pertemuan dan belajar bersama PSM", "PSM meeting and peer learning"),
    ("penyuluhan", "capacity", "Sosialisasi dan penyuluhan sosial", "Socialisation and social counselling session"),
    ("kapasitas-lain", "capacity", "Peningkatan kapasitas lainnya", "Other capacity building"),
]


def add_types(apps, schema_editor):
    ActivityType = apps.get_model("reporting", "ActivityType")
    for order, (code, area, name, name_en) in enumerate(TYPES):
        ActivityType.objects.update_or_create(
            code=code,
            defaults={"program_area": area, "name": name, "name_en": name_en, "sort_order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]

    operations = [migrations.RunPython(add_types, migrations.RunPython.noop)]
