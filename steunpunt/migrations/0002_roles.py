"""Create the four roles as groups, with the admin permissions each needs.

Later migrations of the other apps add their own permissions to these groups.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "coordinator": [
        "steunpunt.view_user",
        "steunpunt.view_municipality",
        "steunpunt.add_municipality",
        "steunpunt.change_municipality",
        "steunpunt.view_theme",
        "steunpunt.add_theme",
        "steunpunt.change_theme",
        "steunpunt.view_organisation",
        "steunpunt.add_organisation",
        "steunpunt.change_organisation",
        "steunpunt.view_sitesettings",
        "steunpunt.change_sitesettings",
    ],
    "editor": [
        "steunpunt.view_municipality",
        "steunpunt.view_theme",
        "steunpunt.view_organisation",
        "steunpunt.add_organisation",
        "steunpunt.change_organisation",
    ],
    "buddy": [],
    "partner": [],
}


def create_roles(apps, schema_editor):
    # Permissions are normally made after the whole migrate run; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("steunpunt", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
