"""The first courses of the catalogue, with the skills each grants (registry 0002 vocabulary)."""

from django.db import migrations

COURSES = [
    (
        "bimtek-dasar-psm",
        "Bimbingan Teknis Dasar PSM",
        "bimtek_dasar",
        True,
        24,
        ["community_organising", "case_management"],
    ),
    ("pertolongan-pertama", "Pertolongan Pertama", "first_aid", False, 16, ["first_aid"]),
    (
        "dukungan-psikologis-awal",
        "Dukungan Psikologis Awal (PFA)",
        "pfa",
        False,
        16,
        ["psychological_first_aid", "psychosocial_support"],
    ),
    (
        "tanggap-darurat-bencana",
        "Tanggap Darurat Bencana",
        "disaster",
        False,
        24,
        ["disaster_response", "evacuation", "shelter_management", "public_kitchen"],
    ),
    (
        "perlindungan-anak",
        "Perlindungan Anak",
        "child_protection",
        False,
        16,
        ["child_protection"],
    ),
    (
        "pendataan-siks-ng",
        "Pendataan Kesejahteraan Sosial (SIKS-NG/DTSEN)",
        "data",
        False,
        12,
        ["data_collection"],
    ),
]


def add_courses(apps, schema_editor):
    Course = apps.get_model("training", "Course")
    Skill = apps.get_model("registry", "Skill")
    for code, title, category, bimtek, hours, skills in COURSES:
        course, _created = Course.objects.update_or_create(
            code=code,
            defaults={
                "title": title,
                "category": category,
                "grants_bimtek_dasar": bimtek,
                "hours": hours,
                "pass_mark": 70,
            },
        )
        course.skills.set(Skill.objects.filter(code__in=skills))


def remove_courses(apps, schema_editor):
    Course = apps.get_model("training", "Course")
    Course.objects.filter(code__in=[c[0] for c in COURSES], sessions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial"), ("registry", "0002_skill_vocabulary")]
    operations = [migrations.RunPython(add_courses, remove_courses)]
