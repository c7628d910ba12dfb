"""Meetups (ontmoetingen): registering, the waiting list, cancelling, changes,
attendance; and the sweep's reminder the day before."""

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt import outbox
from steunpunt.site_url import absolute_url

from .. import ics, rules, workflow
from ..models import (
    Meetup,
    MeetupRegistration,
    Reminder,
)
from .common import ActionRefusedError, _context

# --- Meetups (ontmoetingen) -----------------------------------------------------------------

R = MeetupRegistration.Status
ACTIVE_REGISTRATION = (R.REGISTERED, R.WAITING)


def meetup_url(meetup: Meetup) -> str:
    return absolute_url(reverse("oudernetwerk:meetup", args=[meetup.pk]))


def meetup_location(meetup: Meetup) -> str:
    """Where it is, in one line: the place and its address, or "Online"."""
    if meetup.is_online:
        return _("Online")
    return ", ".join(part for part in (meetup.place_name, meetup.address) if part)


def meetup_calendar(*, meetup: Meetup, with_link: bool) -> str:
    """The meetup as an .ics file. The online link only goes into the file of a parent
    who has a place (`with_link`); everybody else gets the meetup page."""
    page = meetup_url(meetup)
    url = meetup.online_url if meetup.is_online and with_link else page
    description = "\n\n".join(part for part in (meetup.description.strip(), page) if part)
    return ics.calendar(
        ics.CalendarEvent(
            uid=ics.uid_for("meetup", meetup.pk),
            starts_at=meetup.starts_at,
            ends_at=meetup.ends_at,
            summary=meetup.title,
            description=description,
            location=meetup_location(meetup),
            url=url,
            cancelled=meetup.is_cancelled,
        ),
        now=timezone.now(),
    )


def meetup_calendar_attachment(meetup: Meetup) -> dict:
    return {
        "filename": "ontmoeting.ics",
        "content": meetup_calendar(meetup=meetup, with_link=True),
        "mimetype": ics.MIMETYPE,
    }


def waiting_place(registration: MeetupRegistration) -> int | None:
    """1 for the first on the waiting list; None when not waiting."""
    if registration.status != R.WAITING:
        return None
    return (
        MeetupRegistration.objects.filter(meetup_id=registration.meetup_id, status=R.WAITING)
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lte=registration.pk)
        )
        .count()
    )


def _lock_meetup(meetup: Meetup) -> Meetup:
    return Meetup.objects.select_for_update().get(pk=meetup.pk)


def _meetup_context(meetup: Meetup, **extra) -> dict:
    return _context(
        meetup=meetup,
        location=meetup_location(meetup),
        meetup_url=meetup_url(meetup),
        **extra,
    )


def _refuse_unless_open(meetup: Meetup, now: datetime) -> None:
    if meetup.status == Meetup.Status.CANCELLED:
        raise ActionRefusedError(_("Deze ontmoeting gaat niet door. Aanmelden kan niet meer."))
    if meetup.status != Meetup.Status.PUBLISHED:
        raise ActionRefusedError(_("Aanmelden voor deze ontmoeting kan nog niet."))
    if meetup.starts_at <= now:
        raise ActionRefusedError(
            _("Deze ontmoeting is al begonnen of voorbij. Aanmelden kan niet meer.")
        )


@transaction.atomic
def meetup_register(*, meetup: Meetup, parent) -> MeetupRegistration:
    """A parent signs up: a place while there is one, else the waiting list. The meetup
    row is locked, so two parents taking the last place at once cannot both get it.
    The parent gets an email that says which of the two it is."""
    now = timezone.now()
    meetup = _lock_meetup(meetup)
    _refuse_unless_open(meetup, now)
    existing = meetup.registrations.filter(parent=parent, status__in=ACTIVE_REGISTRATION).first()
    if existing is not None:
        raise ActionRefusedError(
            _("Je bent al aangemeld voor deze ontmoeting.")
            if existing.status == R.REGISTERED
            else _("Je staat al op de wachtlijst voor deze ontmoeting.")
        )
    taken = meetup.registrations.filter(status=R.REGISTERED).count()
    status = R.REGISTERED if taken < meetup.capacity else R.WAITING
    try:
        with transaction.atomic():
            registration = MeetupRegistration.objects.create(
                meetup=meetup, parent=parent, status=status, created_at=now
            )
    except IntegrityError as error:
        raise ActionRefusedError(_("Je bent al aangemeld voor deze ontmoeting.")) from error
    if status == R.REGISTERED:
        template, extra = "oudernetwerk/email/meetup_registered", {}
    else:
        template = "oudernetwerk/email/meetup_waiting"
        extra = {"place": waiting_place(registration)}
    outbox.send_templated_email(
        template=template, to=[parent.email], context=_meetup_context(meetup, **extra)
    )
    return registration


def _fill_places(meetup: Meetup, now: datetime) -> list[MeetupRegistration]:
    """Move the waiting list up, first come first served, while there are places. The
    caller holds the lock on the meetup."""
    if meetup.status != Meetup.Status.PUBLISHED or meetup.starts_at <= now:
        return []
    free = meetup.capacity - meetup.registrations.filter(status=R.REGISTERED).count()
    if free <= 0:
        return []
    promoted = list(
        meetup.registrations.filter(status=R.WAITING)
        .select_related("parent")
        .order_by("created_at", "pk")[:free]
    )
    for registration in promoted:
        registration.status = R.REGISTERED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        outbox.send_templated_email(
            template="oudernetwerk/email/meetup_promoted",
            to=[registration.parent.email],
            context=_meetup_context(meetup),
        )
    return promoted


@transaction.atomic
def meetup_fill_places(*, meetup: Meetup) -> list[MeetupRegistration]:
    """After the coordinator added places: the first on the waiting list get them."""
    return _fill_places(_lock_meetup(meetup), timezone.now())


@transaction.atomic
def meetup_cancel_registration(*, registration: MeetupRegistration, actor) -> MeetupRegistration:
    """A parent leaves (or a coordinator signs them off, e.g. after a phone call).
    A place that comes free goes to the first on the waiting list, who gets an email."""
    now = timezone.now()
    meetup = _lock_meetup(registration.meetup)
    registration = MeetupRegistration.objects.select_for_update().get(pk=registration.pk)
    if actor.pk != registration.parent_id and not rules.is_coordinator(actor):
        raise ActionRefusedError(_("Je kunt alleen jezelf afmelden."))
    if not workflow.registration_may_move(registration.status, R.CANCELLED):
        raise ActionRefusedError(_("Je bent al afgemeld voor deze ontmoeting."))
    if meetup.starts_at <= now:
        raise ActionRefusedError(
            _("Deze ontmoeting is al begonnen of voorbij. Afmelden kan niet meer.")
        )
    had_place = registration.status == R.REGISTERED
    registration.status = R.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    if had_place:
        _fill_places(meetup, now)
    return registration


@transaction.atomic
def meetup_cancel(*, meetup: Meetup, actor, reason: str) -> Meetup:
    """The coordinator calls a meetup off. Everybody with a place or on the waiting list
    gets an email with the reason; each their own, so nobody sees who else came."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Schrijf kort op waarom. De aangemelde ouders lezen dit."))
    now = timezone.now()
    meetup = _lock_meetup(meetup)
    if not workflow.meetup_may_move(meetup.status, Meetup.Status.CANCELLED):
        raise ActionRefusedError(_("%(meetup)s is al afgelast.") % {"meetup": meetup})
    if meetup.starts_at <= now:
        raise ActionRefusedError(
            _("%(meetup)s is al begonnen of voorbij. Afgelasten kan niet meer.")
            % {"meetup": meetup}
        )
    meetup.status = Meetup.Status.CANCELLED
    meetup.cancel_reason = reason
    meetup.cancelled_at = now
    meetup.cancelled_by = actor
    meetup.save(
        update_fields=["status", "cancel_reason", "cancelled_at", "cancelled_by", "updated_at"]
    )
    for registration in meetup.registrations.filter(status__in=ACTIVE_REGISTRATION).select_related(
        "parent"
    ):
        outbox.send_templated_email(
            template="oudernetwerk/email/meetup_cancelled",
            to=[registration.parent.email],
            context=_meetup_context(
                meetup, reason=reason, was_waiting=registration.status == R.WAITING
            ),
        )
    return meetup


# A change to one of these is news for everybody who signed up.
MEETUP_NEWS_FIELDS = frozenset(
    {"starts_at", "ends_at", "kind", "place_name", "address", "online_url", "municipality"}
)


def meetup_changed(*, meetup: Meetup, changed: Iterable[str]) -> int:
    """The coordinator moved the meetup in time or place (saved already): everybody with
    a place or on the waiting list gets an email with the new details. Returns how many."""
    if not MEETUP_NEWS_FIELDS & set(changed) or meetup.status != Meetup.Status.PUBLISHED:
        return 0
    registrations = list(
        meetup.registrations.filter(status__in=ACTIVE_REGISTRATION).select_related("parent")
    )
    for registration in registrations:
        outbox.send_templated_email(
            template="oudernetwerk/email/meetup_changed",
            to=[registration.parent.email],
            context=_meetup_context(meetup, was_waiting=registration.status == R.WAITING),
        )
    return len(registrations)


def attendance_refusal(registration: MeetupRegistration) -> str | None:
    """Why attendance cannot be marked for this registration now, or None."""
    if registration.status != R.REGISTERED:
        return _("%(parent)s had geen plek bij deze ontmoeting.") % {"parent": registration.parent}
    if registration.meetup.starts_at > timezone.now():
        return _("Wie er was, vul je in als de ontmoeting begonnen is.")
    return None


def meetup_mark_attendance(
    *, registration: MeetupRegistration, attended: bool | None, actor
) -> MeetupRegistration:
    """Who came: only for someone with a place, once the meetup has begun."""
    refusal = attendance_refusal(registration)
    if refusal:
        raise ActionRefusedError(refusal)
    if registration.attended != attended:
        registration.attended = attended
        registration.save(update_fields=["attended"])
    return registration


def meetup_reminder_key(registration: MeetupRegistration) -> str:
    day = timezone.localdate(registration.meetup.starts_at)
    return f"meetup-reg-{registration.pk}-day-before-{day.isoformat()}"


def sweep_meetups(now: datetime) -> int:
    """The day before a meetup, from MEETUP_REMINDER_HOUR (local time) on, everybody
    with a place gets a reminder with the meetup as a calendar file; once per
    registration and date, however often the sweep runs. A parent who gets a place
    later that day still gets one at the next run."""
    local = timezone.localtime(now)
    if local.hour < settings.MEETUP_REMINDER_HOUR:
        return 0
    tomorrow = local.date() + timedelta(days=1)
    day_starts = timezone.make_aware(datetime.combine(tomorrow, time.min))
    day_ends = timezone.make_aware(datetime.combine(tomorrow + timedelta(days=1), time.min))
    registrations = MeetupRegistration.objects.filter(
        status=R.REGISTERED,
        meetup__status=Meetup.Status.PUBLISHED,
        meetup__starts_at__gte=day_starts,
        meetup__starts_at__lt=day_ends,
    ).select_related("meetup", "parent")
    done = set(
        Reminder.objects.filter(
            kind=Reminder.Kind.MEETUP_DAY_BEFORE, registration__in=registrations
        ).values_list("key", flat=True)
    )
    sent = 0
    for registration in registrations:
        key = meetup_reminder_key(registration)
        if key in done:
            continue
        meetup = registration.meetup
        with transaction.atomic():
            claimed = outbox.claim_once(
                model=Reminder,
                key=key,
                kind=Reminder.Kind.MEETUP_DAY_BEFORE,
                registration=registration,
                template="oudernetwerk/email/meetup_day_before",
                to=[registration.parent.email],
                attachments=[meetup_calendar_attachment(meetup)],
            )
        sent += claimed is not None
    return sent
