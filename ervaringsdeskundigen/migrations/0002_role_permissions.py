"""Coordinators run the pool of ervaringsdeskundigen: they screen parents who join,
invite from the ranked list, write the report afterwards and record the allowances."""

from django.db import migrations

from steunpunt.migration_helpers import grant_permissions, revoke_permissions

ROLE_PERMISSIONS = {
    "coordinator": [
        "ervaringsdeskundigen.view_poolmember",
        "ervaringsdeskundigen.change_poolmember",
        "ervaringsdeskundigen.screen_poolmember",
        "ervaringsdeskundigen.view_perspectiverequest",
        "ervaringsdeskundigen.change_perspectiverequest",
        "ervaringsdeskundigen.view_invitation",
        "ervaringsdeskundigen.add_invitation",
        "ervaringsdeskundigen.pay_invitation",
    ],
}


def grant(apps, schema_editor):
    grant_permissions(apps, ROLE_PERMISSIONS)


def revoke(apps, schema_editor):
    revoke_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("ervaringsdeskundigen", "0001_initial"),
        ("steunpunt", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
