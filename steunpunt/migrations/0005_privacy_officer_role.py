"""The privacy officer (functionaris gegevensbescherming): reads the access log."""

from django.db import migrations

from steunpunt.migration_helpers import grant_permissions, revoke_permissions

ROLE_PERMISSIONS = {
    "privacy_officer": ["steunpunt.view_accessevent"],
}


def grant(apps, schema_editor):
    grant_permissions(apps, ROLE_PERMISSIONS)


def revoke(apps, schema_editor):
    revoke_permissions(apps, ROLE_PERMISSIONS)
    apps.get_model("auth", "Group").objects.filter(name="privacy_officer").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("steunpunt", "0004_access_log"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
