"""The case's status machine as data: which status may follow which, and what the parent
sees. Checked in one place, `services.case_transition`."""

from django.utils.translation import gettext_lazy as _

from .models import Case

S = Case.Status

OPEN = frozenset({S.NEW, S.IN_PROGRESS, S.WAITING_FOR_PARENT, S.WAITING_FOR_PARTNER})

TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.IN_PROGRESS, S.CLOSED}),
    S.IN_PROGRESS: frozenset({S.WAITING_FOR_PARENT, S.WAITING_FOR_PARTNER, S.RESOLVED, S.CLOSED}),
    S.WAITING_FOR_PARENT: frozenset({S.IN_PROGRESS, S.RESOLVED, S.CLOSED}),
    S.WAITING_FOR_PARTNER: frozenset({S.IN_PROGRESS, S.CLOSED}),
    # Back to in progress only when the parent replies shortly after (`REOPEN_WINDOW`).
    S.RESOLVED: frozenset({S.CLOSED, S.IN_PROGRESS}),
    S.CLOSED: frozenset(),
}

# Closing straight from an open status is only for a withdrawal or a duplicate.
CLOSING_RESOLUTIONS_FROM_OPEN = frozenset({Case.Resolution.WITHDRAWN, Case.Resolution.DUPLICATE})

PARENT_LABELS = {
    S.NEW: _("Ontvangen"),
    S.IN_PROGRESS: _("In behandeling"),
    S.WAITING_FOR_PARTNER: _("In behandeling"),
    S.WAITING_FOR_PARENT: _("Wacht op u"),
    S.RESOLVED: _("Afgerond"),
    S.CLOSED: _("Afgerond"),
}


def is_allowed(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())
