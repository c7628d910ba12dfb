"""Check-ins ("hoe gaat het?"): when they are due, answering them, alerting the
coordinators; and the sweep's slice that invites them."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt import notifications, outbox, roles
from steunpunt.models import NotificationKind
from steunpunt.roles import is_coordinator
from steunpunt.selectors import users_with_role

from .. import rules, selectors, workflow
from ..models import (
    CheckIn,
    Match,
    Reminder,
)
from .common import (
    ActionRefusedError,
    E,
    _admin_url,
    _event,
)

# --- Check-ins ------------------------------------------------------------------------------

CHECKIN_FIRST_AFTER = timedelta(days=14)
CHECKIN_EVERY = timedelta(days=91)


def checkin_round_due(accepted_at: datetime, now: datetime) -> int | None:
    """The latest check-in round due by `now`: 1 two weeks after acceptance, 2 three
    months after that, and so on. None before the first."""
    first = accepted_at + CHECKIN_FIRST_AFTER
    if now < first:
        return None
    return 1 + (now - first) // CHECKIN_EVERY


def checkin_recipient(checkin: CheckIn) -> str:
    match = checkin.match
    if checkin.respondent == CheckIn.Respondent.BUDDY:
        return match.buddy.user.email
    return match.request.parent.email


def _claim_checkin_invitation(checkin: CheckIn) -> Reminder | None:
    return outbox.claim_once(
        model=Reminder,
        key=f"checkin-{checkin.pk}",
        kind=Reminder.Kind.CHECKIN,
        match=checkin.match,
        checkin=checkin,
        template="oudernetwerk/email/checkin",
        to=[checkin_recipient(checkin)],
    )


def checkin_for_user(*, checkin_id: int, user) -> CheckIn | None:
    """The check-in, when it is this user's to answer. None for anyone else."""
    if not user.is_authenticated:
        return None
    checkin = (
        CheckIn.objects.select_related("match__buddy__user", "match__request__parent")
        .filter(pk=checkin_id)
        .filter(selectors.checkin_is_open())
        .first()
    )
    if checkin is None:
        return None
    match = checkin.match
    if checkin.respondent == CheckIn.Respondent.BUDDY and rules.is_buddy_of(match, user):
        return checkin
    if checkin.respondent == CheckIn.Respondent.PARENT and rules.is_parent_of(match, user):
        return checkin
    return None


@transaction.atomic
def checkin_answer(*, checkin: CheckIn, actor, mood: str, note: str = "", wants_help: bool):
    """ "How is it going?" answered. A worrying answer (not good, or a question for help)
    alerts the coordinators once."""
    if mood not in CheckIn.Mood.values:
        raise ValidationError(_("Kies hoe het gaat."))
    checkin = CheckIn.objects.select_for_update().get(pk=checkin.pk)
    if checkin_for_user(checkin_id=checkin.pk, user=actor) is None:
        raise ActionRefusedError(_("Deze vragen zijn niet voor jou."))
    if checkin.answered_at is not None:
        raise ActionRefusedError(_("Je hebt deze vragen al beantwoord. Dank je wel!"))
    checkin.mood = mood
    checkin.note = note.strip()
    checkin.wants_help = wants_help
    checkin.answered_at = timezone.now()
    checkin.save(update_fields=["mood", "note", "wants_help", "answered_at"])
    match = checkin.match
    _event(
        E.CHECKIN_ANSWERED,
        actor,
        match=match,
        request=match.request,
        profile=match.buddy,
        mood=mood,
        wants_help=wants_help,
    )
    if checkin.is_worrying:
        _alert_coordinators(checkin)
    return checkin


def _alert_coordinators(checkin: CheckIn) -> None:
    """Each coordinator hears of a worrying answer as they chose (at once, or in the
    digest); a question for help goes out at once to all of them, whatever they chose."""
    match = checkin.match
    kind = NotificationKind.CHECKIN_WORRYING
    admin_url = _admin_url("match", match.pk)
    immediate, digest = notifications.split_audience(
        kind=kind,
        users=users_with_role(roles.COORDINATOR).order_by("pk"),
        urgent=checkin.wants_help,
    )
    if digest:
        notifications.add_digest_entries(
            kind=kind,
            users=digest,
            key=f"checkin-{checkin.pk}-alert",
            text=_("Zorgelijke check-in bij koppeling %(match)s") % {"match": match.pk},
            url=admin_url,
        )
    if immediate:
        outbox.claim_once(
            model=Reminder,
            key=f"checkin-{checkin.pk}-alert",
            kind=Reminder.Kind.CHECKIN_ALERT,
            match=match,
            checkin=checkin,
            template="oudernetwerk/email/checkin_alert",
            to=immediate,
        )


def sweep_checkins(now: datetime) -> int:
    """Both sides of a running match are asked how it goes: two weeks after the buddy
    said yes, then every three months. Only the latest round that is due is asked (a
    sweep that did not run for a while does not send a pile), each once."""
    running = Match.objects.filter(
        status__in=workflow.RUNNING,
        answered_at__lte=now - CHECKIN_FIRST_AFTER,
    ).select_related("buddy__user", "request__parent")
    # What exists already is read once, so an hourly sweep over many running matches
    # does not write (or lock) anything for a round already asked.
    asked = set(
        CheckIn.objects.filter(match__in=running).values_list("match_id", "respondent", "round")
    )
    sent = 0
    for match in running:
        round_due = checkin_round_due(match.answered_at, now)
        for respondent in CheckIn.Respondent.values:
            if (match.pk, respondent, round_due) in asked:
                continue
            with transaction.atomic():
                checkin, created = CheckIn.objects.get_or_create(
                    match=match, respondent=respondent, round=round_due, defaults={"due_at": now}
                )
                if created:
                    sent += _claim_checkin_invitation(checkin) is not None
    return sent


@transaction.atomic
def checkin_mark_handled(*, checkin: CheckIn, actor) -> CheckIn:
    """A coordinator followed up a worrying answer: it leaves the work queue."""
    checkin = CheckIn.objects.select_for_update().get(pk=checkin.pk)
    if not is_coordinator(actor):
        raise ActionRefusedError(_("Alleen een coördinator kan een check-in oppakken."))
    if not checkin.is_worrying:
        raise ActionRefusedError(_("Deze check-in geeft geen zorgen: er is niets op te pakken."))
    if checkin.handled_at is not None:
        raise ActionRefusedError(_("Deze check-in is al opgepakt."))
    checkin.handled_at = timezone.now()
    checkin.handled_by = actor
    checkin.save(update_fields=["handled_at", "handled_by"])
    return checkin
