"""PostgreSQL only: a Dutch text search configuration that folds accents, and a GIN
index on the stored search vector. On SQLite this migration does nothing."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'dutch_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION dutch_unaccent (COPY = pg_catalog.dutch);
            ALTER TEXT SEARCH CONFIGURATION dutch_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, dutch_stem;
        END IF;
    END
    $$
    """,
    "CREATE INDEX IF NOT EXISTS kennisbank_article_search_gin "
    "ON kennisbank_article USING gin (search_vector)",
]

BACKWARD = [
    "DROP INDEX IF EXISTS kennisbank_article_search_gin",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS dutch_unaccent",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARD:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("kennisbank", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
