"""The parent network's sweep: every subdomain's time-driven slice in one run, and
whether a queued reminder is still relevant when the outbox delivers it."""

from datetime import datetime

from django.utils import timezone

from steunpunt import outbox

from .. import selectors
from ..models import (
    CheckIn,
    Match,
    Meetup,
    MeetupRegistration,
    Reminder,
)
from .buddies import sweep_vog
from .checkins import sweep_checkins
from .consultations import sweep_consultations
from .matches import sweep_answer_soon, sweep_expired
from .meetups import meetup_reminder_key, sweep_meetups

# --- Reminders: claimed once, delivered from the row ----------------------------------------


def reminder_still_relevant(reminder: Reminder) -> bool:
    """Between claiming and delivering, things change: the buddy answered the proposal,
    the check-in was answered, the match ended."""
    kind = Reminder.Kind
    if reminder.kind == kind.MATCH_ANSWER_SOON:
        # A retry that comes after the deadline would only confuse.
        return Match.objects.filter(
            pk=reminder.match_id, status=Match.Status.PROPOSED, answer_by__gt=timezone.now()
        ).exists()
    if reminder.kind == kind.CHECKIN:
        # The evaluation after the end is asked of an ended match; the others only while
        # it runs.
        return (
            CheckIn.objects.filter(pk=reminder.checkin_id, answered_at__isnull=True)
            .filter(selectors.checkin_is_open())
            .exists()
        )
    if reminder.kind == kind.MEETUP_DAY_BEFORE:
        registration = (
            MeetupRegistration.objects.filter(
                pk=reminder.registration_id,
                status=MeetupRegistration.Status.REGISTERED,
                meetup__status=Meetup.Status.PUBLISHED,
                meetup__starts_at__gt=timezone.now(),
            )
            .select_related("meetup")
            .first()
        )
        # A meetup moved to another day gets a reminder of its own, for the new day.
        return registration is not None and meetup_reminder_key(registration) == reminder.key
    return True


def sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Everything time-driven in the parent network, safe to run at any moment and
    twice at once."""
    now = now or timezone.now()
    return {
        "vog_expiring": sweep_vog(timezone.localdate(now)),
        "match_answer_soon": sweep_answer_soon(now),
        "match_expired": sweep_expired(now),
        "checkins": sweep_checkins(now),
        "meetup_day_before": sweep_meetups(now),
        "consultation_batches": sweep_consultations(now),
        "redelivered": outbox.redeliver_stale(model=Reminder, now=now),
    }
