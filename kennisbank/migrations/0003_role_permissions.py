"""Give the editor and coordinator roles their knowledge-base permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "editor": [
        "view_article",
        "add_article",
        "change_article",
        "publish_article",
        "view_articleattachment",
        "add_articleattachment",
        "change_articleattachment",
        "delete_articleattachment",
        "view_articlelink",
        "add_articlelink",
        "change_articlelink",
        "delete_articlelink",
        "view_articlefeedback",
        "view_articleevent",
        "view_searchlog",
    ],
    "coordinator": [
        "view_article",
        "view_articlefeedback",
        "view_searchlog",
    ],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("kennisbank")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="kennisbank", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group = Group.objects.filter(name=role).first()
        if group:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="kennisbank", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("kennisbank", "0002_postgres_dutch_search"),
        ("steunpunt", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
