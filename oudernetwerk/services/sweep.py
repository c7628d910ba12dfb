"""The parent network's sweep: every subdomain's time-driven slice in one run; and,
when the outbox delivers a reminder, whether it is still relevant and the context it is
rendered with."""

from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone

from steunpunt import outbox
from steunpunt.site_url import absolute_url

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
from .common import _admin_url, _context
from .consultations import sweep_consultations
from .matches import sweep_answer_soon, sweep_expired
from .meetups import _meetup_context, meetup_reminder_key, sweep_meetups
from .support import REMINDER_KINDS as SUPPORT_REMINDER_KINDS
from .support import reminder_context as support_reminder_context
from .support import reminder_still_relevant as support_reminder_still_relevant

# --- Reminders: claimed once, delivered from the row ----------------------------------------


def reminder_still_relevant(reminder: Reminder) -> bool:
    """Between claiming and delivering, things change: the buddy answered the proposal,
    the check-in was answered, the match ended."""
    kind = Reminder.Kind
    if reminder.kind in SUPPORT_REMINDER_KINDS:
        return support_reminder_still_relevant(reminder)
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


def reminder_drafts(reminders: list[Reminder]) -> dict[int, outbox.Draft]:
    """The context of each reminder when the outbox delivers it: what it is about as it
    is now, the VOG dates as they were when it was claimed. Few rows, so one by one."""
    return {
        reminder.pk: outbox.Draft(context=_reminder_context(reminder)) for reminder in reminders
    }


def _reminder_context(reminder: Reminder) -> dict:
    kind = Reminder.Kind
    if reminder.kind in SUPPORT_REMINDER_KINDS:
        return support_reminder_context(reminder)
    if reminder.kind == kind.VOG_EXPIRING:
        profile = reminder.profile
        return _context(
            profile=profile,
            valid_until=date.fromisoformat(reminder.context["valid_until"]),
            expired=reminder.context["expired"],
            admin_url=_admin_url("buddyprofile", profile.pk),
        )
    if reminder.kind == kind.MATCH_ANSWER_SOON:
        match = Match.objects.select_related("buddy__user", "request__municipality").get(
            pk=reminder.match_id
        )
        return _context(
            match=match,
            buddy_request=match.request,
            portal_url=absolute_url(reverse("oudernetwerk:portal")),
        )
    if reminder.kind == kind.CHECKIN:
        checkin = CheckIn.objects.select_related("match").get(pk=reminder.checkin_id)
        return _context(
            checkin=checkin,
            match=checkin.match,
            checkin_url=absolute_url(reverse("oudernetwerk:checkin", args=[checkin.pk])),
        )
    if reminder.kind == kind.CHECKIN_ALERT:
        checkin = CheckIn.objects.select_related("match").get(pk=reminder.checkin_id)
        return _context(
            checkin=checkin,
            match=checkin.match,
            admin_url=_admin_url("match", checkin.match_id),
        )
    if reminder.kind == kind.MEETUP_DAY_BEFORE:
        return _meetup_context(reminder.registration.meetup)
    raise ValueError(reminder.kind)


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
