"""Coordinators see the unknown messages of the reply mailbox and link or drop them."""

from django.db import migrations

from steunpunt.migration_helpers import grant_permissions, revoke_permissions

ROLE_PERMISSIONS = {
    "coordinator": ["casussen.view_inboundmessage", "casussen.handle_inboundmessage"],
}


def grant(apps, schema_editor):
    grant_permissions(apps, ROLE_PERMISSIONS)


def revoke(apps, schema_editor):
    revoke_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("casussen", "0012_inbound_messages_and_reply_to"),
        ("steunpunt", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
