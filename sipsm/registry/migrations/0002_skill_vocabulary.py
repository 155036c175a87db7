"""The controlled vocabulary of PSM skills that dispatch and training refer to."""

from django.db import migrations

SKILLS = [
    ("first_aid", "Pertolongan pertama", "First aid"),
    ("psychological_first_aid", "Dukungan psikologis awal", "Psychological first aid"),
    ("psychosocial_support", "Dukungan psikososial", "Psychosocial support"),
    ("disaster_response", "Tanggap darurat bencana", "Disaster response"),
    ("search_and_rescue", "Pencarian dan pertolongan", "Search and rescue"),
    ("evacuation", "Evakuasi", "Evacuation"),
    ("public_kitchen", "Dapur umum", "Public kitchen"),
    ("shelter_management", "Pengelolaan pengungsian", "Shelter management"),
    ("logistics", "Logistik", "Logistics"),
    ("child_protection", "Perlindungan anak", "Child protection"),
    ("elderly_care", "Pendampingan lanjut usia", "Elderly care"),
    ("disability_support", "Pendampingan penyandang disabilitas", "Disability support"),
    ("case_management", "Manajemen kasus", "Case management"),
    ("counselling", "Konseling", "Counselling"),
    ("data_collection", "Pendataan (SIKS-NG/DTSEN)", "Data collection (SIKS-NG/DTSEN)"),
    ("aid_distribution", "Pendampingan penyaluran bansos", "Social assistance distribution"),
    ("community_organising", "Pengorganisasian masyarakat", "Community organising"),
    ("health_outreach", "Penyuluhan kesehatan", "Health outreach"),
    ("epidemic_response", "Penanganan wabah", "Epidemic response"),
    ("driving", "Mengemudi", "Driving"),
]


def add_skills(apps, schema_editor):
    Skill = apps.get_model("registry", "Skill")
    for code, name, name_en in SKILLS:
        Skill.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en})


def remove_skills(apps, schema_editor):
    Skill = apps.get_model("registry", "Skill")
    Skill.objects.filter(code__in=[c for c, _n, _e in SKILLS]).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(add_skills, remove_skills)]
