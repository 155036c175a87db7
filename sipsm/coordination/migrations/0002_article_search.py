"""Full-text search of the knowledge base (see sipsm/coordination/search.py).

SQLite: an FTS5 table holding the stemmed words of each article (rowid = article id).
PostgreSQL: a GIN index on to_tsvector('simple', search_document).
Each database gets only its own part.
"""

from django.db import migrations

SQLITE_CREATE = "CREATE VIRTUAL TABLE IF NOT EXISTS coordination_article_fts USING fts5(document)"
SQLITE_DROP = "DROP TABLE IF EXISTS coordination_article_fts"
PG_CREATE = (
    "CREATE INDEX IF NOT EXISTS coordination_article_search_gin ON coordination_article "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_document, '')))"
)
PG_DROP = "DROP INDEX IF EXISTS coordination_article_search_gin"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
        Article = apps.get_model("coordination", "Article")
        for pk, document in Article.objects.values_list("pk", "search_document"):
            schema_editor.execute(
                "INSERT INTO coordination_article_fts (rowid, document) VALUES (%s, %s)",
                [pk, document],
            )
    elif vendor == "postgresql":
        schema_editor.execute(PG_CREATE)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)
    elif vendor == "postgresql":
        schema_editor.execute(PG_DROP)


class Migration(migrations.Migration):
    dependencies = [("coordination", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
