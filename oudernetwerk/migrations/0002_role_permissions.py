"""Coordinators screen buddies, see requests and propose matches; nobody else sees the
parent network in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATOR_PERMISSIONS = [
    "view_buddyprofile",
    "change_buddyprofile",
    "view_buddyrequest",
    "change_buddyrequest",
    # A request entered for a parent who called or came by.
    "add_buddyrequest",
    "view_match",
    "change_match",
    "add_match",
    "view_networkevent",
    "view_reminder",
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
        ("oudernetwerk", "0001_buddies_and_requests"),
        ("steunpunt", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
