"""How a record without a name of its own is labelled (in admin inlines, delete pages
and the history): what happened and when, never bare ids."""

from datetime import datetime

from django.utils import timezone


def moment_label(what: str, at: datetime | None) -> str:
    """`Ontvangen · 01-12-2026 13:46`, in local time; only `what` before it is saved."""
    if at is None:
        return str(what)
    return f"{what} · {timezone.localtime(at):%d-%m-%Y %H:%M}"
