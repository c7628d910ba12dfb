"""The work queue on the admin index: what needs doing, as counts that link to the
admin list showing exactly those, in the order a coordinator (or an editor) works them.

Each app gives its own entries through its AppConfig's `work_queue(user, now)` (the
core imports no app); every entry is one indexed COUNT, so the index costs a fixed
number of queries whatever the size of the tables."""

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.utils import timezone

from . import roles


@dataclass(frozen=True)
class WorkQueueEntry:
    # Lower comes first: the order in which the work is done.
    rank: int
    label: str
    count: int
    url: str
    # "coordinator" or "editor": the heading the entry is listed under.
    role: str
    help: str = ""


def work_queue_for(user, *, now: datetime | None = None) -> list[WorkQueueEntry]:
    """The entries for this user's roles (none for anyone without coordinator or editor
    role), in working order."""
    if not (roles.is_coordinator(user) or roles.has_role(user, roles.EDITOR)):
        return []
    now = now or timezone.now()
    entries = []
    for config in apps.get_app_configs():
        provider = getattr(config, "work_queue", None)
        if callable(provider):
            entries += provider(user, now)
    return sorted(entries, key=lambda entry: entry.rank)
