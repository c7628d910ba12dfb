"""Coordinators make consultations, see who is in the parent panel and read the results.
Nobody gets a permission on responses or answers: those are only ever shown as totals."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATOR_PERMISSIONS = [
    "view_panelmember",
    "view_consultation",
    "add_consultation",
    "change_consultation",
    "view_question",
    "add_question",
    "change_question",
    "delete_question",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("oudernetwerk")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="coordinator")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="oudernetwerk", codename__in=COORDINATOR_PERMISSIONS
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="coordinator").first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="oudernetwerk", codename__in=COORDINATOR_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("oudernetwerk", "0005_consultations"),
        ("steunpunt", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
