"""Telling the coordinators about a case: the one path for a new question, a parent's
reply, a partner's answer and an overdue follow-up, however it came in (the website,
the partner portal, or a reply by email). Each coordinator's choice (at once or in the
daily digest) is applied by `steunpunt.notifications`."""

from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt import notifications, roles
from steunpunt.models import NotificationKind
from steunpunt.selectors import users_with_role

from ..models import Case, CaseEvent, FollowUp
from .common import _email_context

K = NotificationKind

TEMPLATES = {
    K.NEW_QUESTION: "casussen/email/case_new",
    K.PARENT_REPLY: "casussen/email/parent_replied",
    K.PARTNER_ANSWER: "casussen/email/followup_answered",
    K.FOLLOWUP_OVERDUE: "casussen/email/followup_overdue",
}


def case_audience(case: Case, coordinators=None) -> list:
    """Who hears about a case: its coordinator, or every coordinator while nobody has
    taken it (the same rule as `coordinator_recipients`, as people)."""
    if case.assigned_to_id and case.assigned_to.is_active:
        return [case.assigned_to]
    if coordinators is None:
        coordinators = list(users_with_role(roles.COORDINATOR).order_by("pk"))
    return coordinators


def is_urgent(*, kind: str, case: Case) -> bool:
    """A complaint whose partner is late may not wait for anyone's digest."""
    return kind == K.FOLLOWUP_OVERDUE and case.kind == Case.Kind.COMPLAINT


def digest_line(
    *, kind: str, case: Case, followup: FollowUp | None = None, reopened: bool = False
) -> str:
    reference = case.reference
    if kind == K.NEW_QUESTION:
        label = _("Nieuwe klacht") if case.kind == Case.Kind.COMPLAINT else _("Nieuwe vraag")
        return _("%(label)s %(reference)s over %(theme)s") % {
            "label": label,
            "reference": reference,
            "theme": case.theme.name,
        }
    if kind == K.PARENT_REPLY:
        if reopened:
            return _("De ouder van %(reference)s reageerde: de zaak is weer open") % {
                "reference": reference
            }
        return _("De ouder van %(reference)s reageerde") % {"reference": reference}
    organisation = followup.organisation.name if followup else ""
    if kind == K.PARTNER_ANSWER:
        return _("%(organisation)s antwoordde over %(reference)s") % {
            "organisation": organisation,
            "reference": reference,
        }
    return _("%(organisation)s is te laat met antwoord over %(reference)s") % {
        "organisation": organisation,
        "reference": reference,
    }


def notify_key(
    *,
    kind: str,
    case: Case,
    event: CaseEvent | None = None,
    followup: FollowUp | None = None,
) -> str:
    if followup is not None:
        return f"case-{case.pk}-{kind}-followup-{followup.pk}"
    if event is not None:
        return f"case-{case.pk}-{kind}-event-{event.pk}"
    return f"case-{case.pk}-{kind}"


def notify_coordinators(
    *,
    kind: str,
    case: Case,
    event: CaseEvent | None = None,
    followup: FollowUp | None = None,
    reopened: bool = False,
) -> list[str]:
    """Tell the case's coordinator (every coordinator while nobody has it) about
    `kind` (a `NotificationKind` of a case): an email now to who wants one, a line in
    the digest of the others; urgent things (`is_urgent`) go out now to all. `event`
    is the timeline event it is about (a parent's message), `followup` the partner's
    follow-up; `reopened` says the reply reopened a resolved case. A reply or answer is
    also marked unread for the coordinators (`Case.last_external_at`). Call it inside
    the transaction that records the event. Returns the addresses emailed now."""
    if kind in (K.PARENT_REPLY, K.PARTNER_ANSWER) and not _recorded_by_coordinator(followup):
        # Unread for the coordinators until they open the case (the work queue).
        came_in = (
            event.created_at
            if event is not None
            else (followup.answered_at if followup and followup.answered_at else timezone.now())
        )
        Case.objects.filter(pk=case.pk).update(last_external_at=came_in)
        case.last_external_at = came_in
    context = _email_context(case, followup=followup, reopened=reopened)
    audience = case_audience(case)
    if kind == K.NEW_QUESTION and case.created_by_id:
        # Entered by a coordinator who spoke to the parent: they know already.
        audience = [user for user in audience if user.pk != case.created_by_id]
    return notifications.notify(
        kind=kind,
        users=audience,
        template=TEMPLATES[kind],
        context=context,
        key=notify_key(kind=kind, case=case, event=event, followup=followup),
        text=digest_line(kind=kind, case=case, followup=followup, reopened=reopened),
        url=context["admin_url"],
        urgent=is_urgent(kind=kind, case=case),
    )


def _recorded_by_coordinator(followup: FollowUp | None) -> bool:
    """An answer a coordinator typed in themselves is nothing new to read."""
    return followup is not None and followup.answered_via == FollowUp.Channel.COORDINATOR
