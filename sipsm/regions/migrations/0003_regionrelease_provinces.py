"""Keep the province selection of a partial load apart from the file checksum.

Before, a partial load stored `<sha256>:<provinces>` in the 64-character checksum column,
which PostgreSQL refuses; existing SQLite rows of that form are split here.
"""

from django.db import migrations, models


def split_release_keys(apps, schema_editor):
    RegionRelease = apps.get_model("regions", "RegionRelease")
    for release in RegionRelease.objects.filter(source_sha256__contains=":"):
        checksum, _, provinces = release.source_sha256.partition(":")
        release.source_sha256 = checksum
        release.provinces = provinces
        release.save(update_fields=["source_sha256", "provinces"])


class Migration(migrations.Migration):
    dependencies = [("regions", "0002_search_trigram_index")]
    operations = [
        migrations.AddField(
            model_name="regionrelease",
            name="provinces",
            field=models.CharField(
                blank=True, default="", max_length=200, verbose_name="provinces"
            ),
        ),
        migrations.RunPython(split_release_keys, migrations.RunPython.noop),
    ]
