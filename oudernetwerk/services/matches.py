"""The match life cycle: accepting, declining, expiring, starting and ending a
match; and the sweep's answer-soon reminders and expired proposals."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt import outbox
from steunpunt.site_url import absolute_url

from .. import rules, workflow
from ..models import (
    BuddyRequest,
    CheckIn,
    Match,
    Reminder,
)
from .checkins import _claim_checkin_invitation
from .common import (
    ActionRefusedError,
    E,
    P,
    _admin_url,
    _context,
    _event,
    coordinator_emails,
    vog_is_valid,
)
from .matching import Suggestion, suggest_buddies

# --- The match life cycle -------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """What one side of a match agreed to share with the other."""

    name: str
    email: str
    phone: str
    introduction: str = ""


def buddy_contact(match: Match) -> Contact:
    profile = match.buddy
    return Contact(
        name=profile.user.name or _("je buddy"),
        email=profile.user.email if profile.share_email else "",
        phone=profile.phone if profile.share_phone else "",
        introduction=profile.introduction,
    )


def parent_contact(match: Match) -> Contact:
    buddy_request = match.request
    return Contact(
        name=buddy_request.parent.name or _("de ouder"),
        email=buddy_request.parent.email if buddy_request.share_email else "",
        phone=buddy_request.phone if buddy_request.share_phone else "",
    )


def _lock_match(match: Match) -> Match:
    return (
        Match.objects.select_for_update(of=("self",))
        .select_related("request__parent", "request__municipality", "buddy__user")
        .get(pk=match.pk)
    )


def _move_match(match: Match, target: str, **fields) -> None:
    if not workflow.match_may_move(match.status, target):
        raise ActionRefusedError(
            _("Dit kan niet meer: de koppeling is nu „%(status)s”.")
            % {"status": match.get_status_display()}
        )
    match.status = target
    for name, value in fields.items():
        setattr(match, name, value)
    match.save(update_fields=["status", *fields])


def _refuse_unless_participant_or_coordinator(match: Match, actor) -> None:
    if not rules.may_act_on_match(match, actor):
        raise ActionRefusedError(_("Dit mag alleen de buddy, de ouder of de coördinator."))


def _next_suggestion(buddy_request: BuddyRequest) -> Suggestion | None:
    if buddy_request.status != BuddyRequest.Status.OPEN:
        return None
    suggestions = suggest_buddies(request=buddy_request, limit=1)
    return suggestions[0] if suggestions else None


def _tell_coordinators_to_propose_again(match: Match, *, template: str) -> None:
    """A proposal came to nothing: the parent still waits. The coordinator hears it,
    with the next buddy in the ranking (the one who said no is never suggested again)."""
    outbox.send_templated_email(
        template=template,
        to=coordinator_emails(),
        context=_context(
            match=match,
            buddy_request=match.request,
            next_suggestion=_next_suggestion(match.request),
            admin_url=_admin_url("buddyrequest", match.request_id),
        ),
    )


@transaction.atomic
def match_accept(*, match: Match, actor) -> Match:
    """The buddy says yes. Only now do both get each other's contact details: what each
    agreed to share. The request counts as matched."""
    match = _lock_match(match)
    if not rules.is_buddy_of(match, actor):
        raise ActionRefusedError(_("Alleen de voorgestelde buddy kan dit voorstel beantwoorden."))
    now = timezone.now()
    if match.status == Match.Status.PROPOSED and match.answer_by and match.answer_by <= now:
        raise ActionRefusedError(
            _("De tijd om te antwoorden is voorbij. We hebben de ouder aan iemand anders gevraagd.")
        )
    # Things may have changed in the days since the proposal.
    buddy = match.buddy
    if (
        not buddy.user.is_active
        or buddy.status not in (P.APPROVED, P.PAUSED)
        or not vog_is_valid(buddy.vog_date)
    ):
        raise ActionRefusedError(
            _("Je kunt nu geen ouder helpen: je VOG of je aanmelding is niet meer geldig. Bel ons.")
        )
    _move_match(match, Match.Status.ACCEPTED, answered_at=now)
    buddy_request = BuddyRequest.objects.select_for_update().get(pk=match.request_id)
    buddy_request.status = BuddyRequest.Status.MATCHED
    buddy_request.save(update_fields=["status"])
    _event(E.MATCH_ACCEPTED, actor, profile=match.buddy, request=buddy_request, match=match)
    match_url = absolute_url(reverse("oudernetwerk:match", args=[match.pk]))
    outbox.send_templated_email(
        template="oudernetwerk/email/match_accepted_parent",
        to=[match.request.parent.email],
        context=_context(match=match, contact=buddy_contact(match), match_url=match_url),
    )
    outbox.send_templated_email(
        template="oudernetwerk/email/match_accepted_buddy",
        to=[match.buddy.user.email],
        context=_context(
            match=match,
            contact=parent_contact(match),
            buddy_request=match.request,
            match_url=match_url,
        ),
    )
    outbox.send_templated_email(
        template="oudernetwerk/email/match_accepted_coordinator",
        to=coordinator_emails(),
        context=_context(match=match, admin_url=_admin_url("match", match.pk)),
    )
    return match


@transaction.atomic
def match_decline(*, match: Match, actor, reason: str) -> Match:
    """The buddy says no, with a reason only the coordinator reads. The buddy is never
    proposed for this request again; the coordinator hears who is next."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Vertel kort waarom niet. Alleen de coördinator leest dit."))
    match = _lock_match(match)
    if not rules.is_buddy_of(match, actor):
        raise ActionRefusedError(_("Alleen de voorgestelde buddy kan dit voorstel beantwoorden."))
    _move_match(match, Match.Status.DECLINED, answered_at=timezone.now(), decline_reason=reason)
    _event(E.MATCH_DECLINED, actor, profile=match.buddy, request=match.request, match=match)
    _tell_coordinators_to_propose_again(match, template="oudernetwerk/email/match_declined")
    return match


def match_expire(*, match_id: int, now: datetime) -> bool:
    """A proposal nobody answered in time expires: the buddy hears it is no problem, the
    coordinator hears who is next. False when it was answered meanwhile."""
    with transaction.atomic():
        match = _lock_match(Match(pk=match_id))
        if match.status != Match.Status.PROPOSED or match.answer_by is None:
            return False
        if match.answer_by > now:
            return False
        _move_match(match, Match.Status.EXPIRED, answered_at=now)
        _event(E.MATCH_EXPIRED, None, profile=match.buddy, request=match.request, match=match)
        outbox.send_templated_email(
            template="oudernetwerk/email/match_expired_buddy",
            to=[match.buddy.user.email],
            context=_context(match=match),
        )
        _tell_coordinators_to_propose_again(match, template="oudernetwerk/email/match_expired")
    return True


@transaction.atomic
def match_start(*, match: Match, actor) -> Match:
    """Parent and buddy have met or spoken: the match runs."""
    match = _lock_match(match)
    _refuse_unless_participant_or_coordinator(match, actor)
    _move_match(match, Match.Status.ACTIVE, started_at=timezone.now())
    _event(E.MATCH_STARTED, actor, profile=match.buddy, request=match.request, match=match)
    return match


@transaction.atomic
def match_end(*, match: Match, actor, reason: str) -> Match:
    """The buddy, the parent or the coordinator ends the match. Contact details are no
    longer shown; both are asked once how it went; the coordinator hears it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Vertel kort waarom jullie stoppen."))
    match = _lock_match(match)
    _refuse_unless_participant_or_coordinator(match, actor)
    now = timezone.now()
    _move_match(match, Match.Status.ENDED, ended_at=now, ended_by=actor, end_reason=reason)
    buddy_request = BuddyRequest.objects.select_for_update().get(pk=match.request_id)
    buddy_request.status = BuddyRequest.Status.CLOSED
    buddy_request.save(update_fields=["status"])
    _event(E.MATCH_ENDED, actor, profile=match.buddy, request=buddy_request, match=match)
    outbox.send_templated_email(
        template="oudernetwerk/email/match_ended",
        to=coordinator_emails(),
        context=_context(
            match=match, ended_by=actor, reason=reason, admin_url=_admin_url("match", match.pk)
        ),
    )
    for respondent in CheckIn.Respondent.values:
        checkin, _created = CheckIn.objects.get_or_create(
            match=match, respondent=respondent, round=CheckIn.END_ROUND, defaults={"due_at": now}
        )
        _claim_checkin_invitation(checkin)
    return match


def sweep_answer_soon(now: datetime) -> int:
    """The buddy is reminded once, on day 3 of the 5, while the proposal is open."""
    due = Match.objects.filter(
        status=Match.Status.PROPOSED,
        proposed_at__lte=now - timedelta(days=settings.BUDDY_MATCH_REMINDER_DAY),
        answer_by__gt=now,
    ).exclude(reminders__kind=Reminder.Kind.MATCH_ANSWER_SOON)
    sent = 0
    for match in due.select_related("buddy__user", "request__municipality"):
        with transaction.atomic():
            claimed = outbox.claim_once(
                model=Reminder,
                key=f"match-{match.pk}-answer-soon",
                kind=Reminder.Kind.MATCH_ANSWER_SOON,
                match=match,
                template="oudernetwerk/email/match_answer_soon",
                to=[match.buddy.user.email],
            )
        sent += claimed is not None
    return sent


def sweep_expired(now: datetime) -> int:
    due = Match.objects.filter(status=Match.Status.PROPOSED, answer_by__lte=now)
    return sum(match_expire(match_id=pk, now=now) for pk in due.values_list("pk", flat=True))
