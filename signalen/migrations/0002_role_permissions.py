"""Coordinators prepare publications of the signals; editors and coordinators see them
in the admin (the workflow's rules are in signalen/rules.py)."""

from django.db import migrations

from steunpunt.migration_helpers import grant_permissions, revoke_permissions

ROLE_PERMISSIONS = {
    "coordinator": [
        "signalen.view_publication",
        "signalen.add_publication",
        "signalen.change_publication",
        "signalen.delete_publication",
    ],
    "editor": ["signalen.view_publication"],
}


def grant(apps, schema_editor):
    grant_permissions(apps, ROLE_PERMISSIONS)


def revoke(apps, schema_editor):
    revoke_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("signalen", "0001_publications"),
        ("steunpunt", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
