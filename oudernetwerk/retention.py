"""What the parent network contributes to the retention job and to erasure (registered
in apps.py): buddy screening data, buddy requests, meetup registrations, panel
membership and the bodies of sent reminders."""

from datetime import datetime

from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt import erasure, retention

from . import retention_support, workflow
from .models import (
    BuddyProfile,
    BuddyRequest,
    Invitation,
    Match,
    MeetupRegistration,
    NetworkEvent,
    PanelMember,
    Reminder,
)

P = BuddyProfile.Status

SCREENING_FIELDS = {
    "intake_held_at": None,
    "vog_date": None,
    "training_date": None,
    "rejected_reason": "",
    "introduction": "",
    "phone": "",
}


# --- Retention ---------------------------------------------------------------------------


def screening_due(moment: datetime) -> QuerySet:
    """A buddy stopped (rejected, or stopped by a coordinator) more than the term ago
    and their screening data is still there."""
    has_data = (
        Q(intake_held_at__isnull=False)
        | Q(vog_date__isnull=False)
        | Q(training_date__isnull=False)
        | Q(rejected_reason__gt="")
        | Q(introduction__gt="")
        | Q(phone__gt="")
    )
    return BuddyProfile.objects.filter(status=P.REJECTED, updated_at__lt=moment).filter(has_data)


def screening_apply(pks: list) -> int:
    # The history repeats the screening (dates in `data`, the reason in `text`).
    NetworkEvent.objects.filter(
        profile_id__in=pks,
        kind__in=[NetworkEvent.Kind.BUDDY_SCREENED, NetworkEvent.Kind.BUDDY_REJECTED],
    ).update(text="", data={})
    return BuddyProfile.objects.filter(pk__in=pks).update(
        **SCREENING_FIELDS, updated_at=timezone.now()
    )


def requests_due(moment: datetime) -> QuerySet:
    """Closed requests whose last match ended, and whose last event happened, more than
    the term ago."""
    return (
        BuddyRequest.objects.filter(status=BuddyRequest.Status.CLOSED, created_at__lt=moment)
        .exclude(matches__status__in=workflow.OCCUPYING)
        .annotate(last_end=Max("matches__ended_at"), last_event=Max("events__created_at"))
        .filter(Q(last_end__isnull=True) | Q(last_end__lt=moment))
        .filter(Q(last_event__isnull=True) | Q(last_event__lt=moment))
    )


def requests_apply(pks: list) -> int:
    deleted = BuddyRequest.objects.filter(pk__in=pks).delete()[1]
    return deleted.get(BuddyRequest._meta.label, 0)


def registrations_due(moment: datetime) -> QuerySet:
    return MeetupRegistration.objects.filter(meetup__ends_at__lt=moment)


def registrations_apply(pks: list) -> int:
    deleted = MeetupRegistration.objects.filter(pk__in=pks).delete()[1]
    return deleted.get(MeetupRegistration._meta.label, 0)


def panel_due(moment: datetime) -> QuerySet:
    return PanelMember.objects.filter(withdrawn_at__lt=moment)


def panel_apply(pks: list) -> int:
    deleted = PanelMember.objects.filter(pk__in=pks).delete()[1]
    return deleted.get(PanelMember._meta.label, 0)


def reminder_bodies_due(moment: datetime) -> QuerySet:
    # A reminder cancelled before it was delivered was never rendered: its recipients
    # (and any headers) go all the same.
    return Reminder.objects.filter(Q(sent_at__lt=moment) | Q(cancelled_at__lt=moment)).filter(
        Q(body__gt="") | Q(html__gt="") | ~Q(recipients=[]) | ~Q(headers={})
    )


def reminder_bodies_apply(pks: list) -> int:
    return Reminder.objects.filter(pk__in=pks).update(
        body="", html="", recipients=[], headers={}, attachments=[]
    )


def busy_users() -> list[QuerySet]:
    """Whoever has something running here keeps their account: a buddy request still
    held, a buddy profile in use, a place at a meetup still to come, the panel."""
    now = timezone.now()
    return [
        BuddyRequest.objects.values("parent_id"),
        BuddyProfile.objects.exclude(status=P.REJECTED).values("user_id"),
        MeetupRegistration.objects.filter(meetup__ends_at__gte=now)
        .exclude(status=MeetupRegistration.Status.CANCELLED)
        .values("parent_id"),
        PanelMember.objects.filter(withdrawn_at__isnull=True).values("user_id"),
    ]


# --- Erasure -----------------------------------------------------------------------------


def _running_match_reason() -> str:
    return _(
        "De koppeling met de buddy loopt nog. Die ronden we eerst af; daarna verwijderen we "
        "ook dit."
    )


def _plan(user) -> tuple[list[erasure.Item], dict]:
    requests = list(BuddyRequest.objects.filter(parent=user))
    running = {
        request.pk
        for request in requests
        if request.matches.filter(status__in=workflow.OCCUPYING).exists()
    }
    profile = BuddyProfile.objects.filter(user=user).first()
    profile_running = bool(
        profile and profile.matches.filter(status__in=workflow.OCCUPYING).exists()
    )
    registrations = MeetupRegistration.objects.filter(parent=user)
    member = PanelMember.objects.filter(user=user).first()
    items = []
    if len(requests) > len(running):
        items.append(erasure.Item(_("Buddy-aanvragen"), len(requests) - len(running)))
    if running:
        items.append(erasure.Item(_("Buddy-aanvraag"), len(running), True, _running_match_reason()))
    if profile:
        if profile_running:
            items.append(erasure.Item(_("Buddyprofiel"), 1, True, _running_match_reason()))
        else:
            items.append(erasure.Item(_("Buddyprofiel met screening (VOG-datum, training)"), 1))
    if registrations.exists():
        items.append(erasure.Item(_("Aanmeldingen voor ontmoetingen"), registrations.count()))
    if member:
        items.append(erasure.Item(_("Plek in het ouderpanel en uitnodigingen"), 1))
    plan = {
        "requests": [request.pk for request in requests if request.pk not in running],
        "profile": profile if profile and not profile_running else None,
    }
    return items, plan


def preview(user) -> list[erasure.Item]:
    return _plan(user)[0]


def erase(user) -> list[erasure.Item]:
    items, plan = _plan(user)
    BuddyRequest.objects.filter(pk__in=plan["requests"]).delete()
    if plan["profile"]:
        # Finished matches point at the profile; they go with it.
        Match.objects.filter(buddy=plan["profile"]).delete()
        plan["profile"].delete()
    MeetupRegistration.objects.filter(parent=user).delete()
    Invitation.objects.filter(user=user).delete()
    PanelMember.objects.filter(user=user).delete()
    return items


def register() -> None:
    for kind in (
        retention.RetentionKind(
            "oudernetwerk.buddy_screening", "buddy_screening", screening_due, screening_apply
        ),
        retention.RetentionKind(
            "oudernetwerk.buddy_requests", "buddy_requests", requests_due, requests_apply
        ),
        retention.RetentionKind(
            "oudernetwerk.meetup_registrations",
            "meetup_registrations",
            registrations_due,
            registrations_apply,
        ),
        retention.RetentionKind(
            "oudernetwerk.panel_membership", "panel_membership", panel_due, panel_apply
        ),
        retention.RetentionKind(
            "oudernetwerk.reminder_bodies",
            "email_bodies",
            reminder_bodies_due,
            reminder_bodies_apply,
        ),
    ):
        retention.register(kind)
    retention_support.register()
    retention.register_account_activity(busy_users)
    erasure.register(erasure.Provider("oudernetwerk", preview, erase))
