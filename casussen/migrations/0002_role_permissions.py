"""Coordinators handle the cases; nobody else sees them in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATOR_PERMISSIONS = [
    "view_case",
    "change_case",
    "view_caseevent",
    "view_consent",
    "view_caseattachment",
    "view_signaltag",
    "add_signaltag",
    "change_signaltag",
    "view_deadlinerule",
    "add_deadlinerule",
    "change_deadlinerule",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("casussen")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="coordinator")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="casussen", codename__in=COORDINATOR_PERMISSIONS
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="coordinator").first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="casussen", codename__in=COORDINATOR_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("casussen", "0001_initial"),
        ("steunpunt", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
