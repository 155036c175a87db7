"""On PostgreSQL, index the region search text with pg_trgm so `LIKE '%bakong%'` is fast.

Skipped on SQLite (a scan of 91k short rows is already quick) and when the database role may
not create the extension; the search then still works, only slower.
"""

from django.db import migrations, transaction
from django.db.utils import DatabaseError


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic():
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS region_search_trgm ON regions_region "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS region_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]
