"""Coordinators plan meetups, cancel them and keep the attendance lists; nobody else
sees meetups in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATOR_PERMISSIONS = [
    "view_meetup",
    "add_meetup",
    "change_meetup",
    "view_meetupregistration",
    # Marking who was there.
    "change_meetupregistration",
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
        ("oudernetwerk", "0007_meetups"),
        ("steunpunt", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
