"""Search words (tags) on articles, theme names in the search document, and the word list
typos are corrected against; on PostgreSQL with a trigram index. Rebuilds the index."""

from django.db import migrations, models

from kennisbank import search_index

TRIGRAM_INDEX = "kennisbank_searchword_trgm"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Keep the vector in the row (compressed) rather than in the TOAST table: ranking
        # reads it for every match, and a TOAST fetch per row made that ten times slower.
        # The long texts (body, html, plain text) are moved out of the row first.
        schema_editor.execute(
            "ALTER TABLE kennisbank_article ALTER COLUMN search_vector SET STORAGE MAIN"
        )
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} "
            "ON kennisbank_searchword USING gin (word gin_trgm_ops)"
        )
    search_index.index_all(
        article_model=apps.get_model("kennisbank", "Article"),
        word_model=apps.get_model("kennisbank", "SearchWord"),
    )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")
        schema_editor.execute(
            "ALTER TABLE kennisbank_article ALTER COLUMN search_vector SET STORAGE EXTENDED"
        )


class Migration(migrations.Migration):
    dependencies = [("kennisbank", "0003_role_permissions")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=60, unique=True)),
            ],
        ),
        migrations.AddField(
            model_name="article",
            name="keywords",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Andere woorden waarop ouders dit artikel zoeken, met komma's ertussen. "
                    "Bijvoorbeeld: thuiszitter, leerplicht."
                ),
                max_length=300,
                verbose_name="zoekwoorden",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="search_head",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(forward, backward),
    ]
