"""Coordinators may reset someone's second factor; the database cache gets its table.

Without REDIS_URL the cache (rate limits, TOTP replay marks) lives in the database, so
every process shares it. The table is made here, whatever CACHES says, so a fresh
`migrate` is all a machine needs."""

from django.core.management import call_command
from django.db import migrations

from steunpunt.migration_helpers import grant_permissions, revoke_permissions

ROLE_PERMISSIONS = {
    "coordinator": ["steunpunt.reset_second_factor"],
}
CACHE_TABLE = "steunpunt_cache"


def grant(apps, schema_editor):
    grant_permissions(apps, ROLE_PERMISSIONS)


def revoke(apps, schema_editor):
    revoke_permissions(apps, ROLE_PERMISSIONS)


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", CACHE_TABLE, database=schema_editor.connection.alias)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [
        ("steunpunt", "0006_retention_erasure"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="user",
            options={
                "ordering": ["email"],
                "permissions": [
                    (
                        "reset_second_factor",
                        "Mag de tweede stap van iemand opnieuw laten instellen",
                    )
                ],
                "verbose_name": "gebruiker",
                "verbose_name_plural": "gebruikers",
            },
        ),
        migrations.RunPython(grant, revoke),
        migrations.RunPython(create_cache_table, drop_cache_table),
    ]
