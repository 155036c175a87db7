"""The incident types of the emergency-response issue, with their call-out rules."""

from django.db import migrations

NATURAL = ["first_aid", "disaster_response", "evacuation", "public_kitchen", "logistics",
           "search_and_rescue", "shelter_management", "psychological_first_aid"]
TYPES = [
    # code, name, English, category, keywords, skills, callout size, window minutes
    ("banjir", "Banjir", "Flood", "natural", "banjir banjir-bandang rob", NATURAL, 8, 15),
    ("tanah_longsor", "Tanah longsor", "Landslide", "natural", "longsor tanah-longsor", NATURAL, 8, 15),
    ("gempa_bumi", "Gempa bumi", "Earthquake", "natural", "gempa gempabumi", NATURAL, 10, 10),
    ("tsunami", "Tsunami", "Tsunami", "natural", "tsunami", NATURAL, 10, 10),
    ("erupsi_gunung_api", "Erupsi gunung api", "Volcanic eruption", "natural",
     "erupsi letusan gunung", NATURAL, 10, 15),
    ("kebakaran_hutan_lahan", "Kebakaran hutan dan lahan", "Forest and land fire", "natural",
     "karhutla kebakaran-hutan", NATURAL, 6, 20),
    ("angin_puting_beliung", "Angin puting beliung", "Whirlwind", "natural",
     "puting beliung angin", NATURAL, 6, 15),
    ("kekeringan", "Kekeringan", "Drought", "natural", "kekeringan kemarau", ["logistics", "public_kitchen"], 4, 60),
    ("cuaca_ekstrem", "Cuaca ekstrem", "Extreme weather", "natural", "cuaca hujan petir badai", NATURAL, 5, 20),
    ("gelombang_pasang_abrasi", "Gelombang pasang/abrasi", "Tidal wave/abrasion", "natural",
     "gelombang abrasi pasang", NATURAL, 6, 15),
    ("wabah", "Wabah penyakit", "Epidemic/outbreak", "epidemic", "wabah klb penyakit",
     ["health_outreach", "epidemic_response", "first_aid"], 5, 30),
    ("konflik_sosial", "Konflik sosial", "Social conflict", "social", "konflik kerusuhan bentrok",
     ["psychosocial_support", "psychological_first_aid", "community_organising"], 5, 20),
    ("kebakaran_permukiman", "Kebakaran permukiman", "Residential fire", "special",
     "kebakaran api terbakar", ["first_aid", "evacuation", "public_kitchen", "logistics"], 6, 10),
    ("kecelakaan_massal", "Kecelakaan massal", "Mass accident", "special", "kecelakaan",
     ["first_aid", "psychological_first_aid", "evacuation"], 6, 10),
    ("orang_hilang", "Orang hilang", "Missing person", "special", "hilang orang-hilang",
     ["search_and_rescue", "community_organising"], 6, 20),
    ("lainnya", "Kejadian lain", "Other event", "special", "lain lainnya", [], 4, 20),
]


def add_types(apps, schema_editor):
    IncidentType = apps.get_model("incidents", "IncidentType")
    Skill = apps.get_model("registry", "Skill")
    for code, name, name_en, category, keywords, skills, size, window in TYPES:
        kind, _created = IncidentType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "category": category,
                "keywords": keywords,
                "callout_size": size,
                "accept_window_minutes": window,
            },
        )
        kind.skills.set(Skill.objects.filter(code__in=skills))


def remove_types(apps, schema_editor):
    apps.get_model("incidents", "IncidentType").objects.filter(code__in=[t[0] for t in TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial"), ("registry", "0002_skill_vocabulary")]
    operations = [migrations.RunPython(add_types, remove_types)]
