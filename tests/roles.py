"""The role groups and their permissions, as the data migrations make them.

A transactional test's flush empties every table, so also what the data migrations put
there: the next transactional test would find no role groups, and the factories' groups
(made again by name) would have no permissions (a coordinator gets 403 on an admin page,
depending on which test ran before on the same worker)."""

import importlib
import pkgutil

from django.contrib.auth.models import Group, Permission

APPS = (
    "steunpunt",
    "casussen",
    "oudernetwerk",
    "kennisbank",
    "signalen",
    "ervaringsdeskundigen",
    "tijdlijn",
)


def restore_role_permissions() -> None:
    """Put the role groups and their permissions back: every data migration of our apps
    that grants a role permissions has a table of `ROLE_PERMISSIONS` (role: codenames)
    or the coordinators' `COORDINATOR_PERMISSIONS`."""

    def grant(role: str, codenames, app_label: str) -> None:
        group, _ = Group.objects.get_or_create(name=role)
        for codename in codenames:
            label, _, name = codename.rpartition(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=label or app_label, codename=name)
            )

    for app_label in APPS:
        package = importlib.import_module(f"{app_label}.migrations")
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for role, codenames in (getattr(module, "ROLE_PERMISSIONS", None) or {}).items():
                grant(role, codenames, app_label)
            coordinator_codenames = getattr(module, "COORDINATOR_PERMISSIONS", None)
            if coordinator_codenames:
                grant("coordinator", coordinator_codenames, app_label)
