"""Helpers that migrations share, so each one that grants permissions to a role is a
table of codenames and one call."""

from django.contrib.auth.management import create_permissions


def grant_permissions(apps, role_permissions: dict[str, list[str]]) -> None:
    """Give each role (a group, made when missing) the permissions named `app.codename`."""
    # Permissions are normally made after the whole migrate run; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in role_permissions.items():
        group, _ = Group.objects.get_or_create(name=role)
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def revoke_permissions(apps, role_permissions: dict[str, list[str]]) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in role_permissions.items():
        group = Group.objects.filter(name=role).first()
        if group is None:
            continue
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
