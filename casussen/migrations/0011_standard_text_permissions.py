"""Coordinators keep the standard texts; nobody else (editors write the knowledge base,
the privacy officer reads the access log)."""

from django.db import migrations

from steunpunt.migration_helpers import grant_permissions, revoke_permissions

COORDINATOR_PERMISSIONS = [
    "add_standardtext",
    "change_standardtext",
    "delete_standardtext",
    "view_standardtext",
]
ROLE_PERMISSIONS = {"coordinator": [f"casussen.{name}" for name in COORDINATOR_PERMISSIONS]}


def grant(apps, schema_editor):
    grant_permissions(apps, ROLE_PERMISSIONS)


def revoke(apps, schema_editor):
    revoke_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("casussen", "0010_standard_texts_and_duplicates"),
        ("steunpunt", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
