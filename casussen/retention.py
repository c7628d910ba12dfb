"""What cases contribute to the retention job and to erasure (registered in apps.py).

Both anonymise a case through one function, `services.case_anonymise`."""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from steunpunt import erasure, retention

from . import services, workflow
from .models import Case, InboundMessage, Reminder

S = Case.Status


def _closed_before(moment: datetime) -> QuerySet:
    return Case.objects.filter(status=S.CLOSED, closed_at__lt=moment, anonymised_at__isnull=True)


def cases_due(moment: datetime) -> QuerySet:
    return _closed_before(moment).filter(legal_hold_since__isnull=True)


def cases_held(moment: datetime) -> list[str]:
    return list(
        _closed_before(moment)
        .filter(legal_hold_since__isnull=False)
        .values_list("reference", flat=True)
    )


def cases_apply(pks: list) -> int:
    return sum(services.case_anonymise(case=case) for case in Case.objects.filter(pk__in=pks))


def reminder_bodies_due(moment: datetime) -> QuerySet:
    # A reminder cancelled before it was delivered was never rendered: its recipients
    # (and any headers) go all the same.
    return Reminder.objects.filter(Q(sent_at__lt=moment) | Q(cancelled_at__lt=moment)).filter(
        Q(body__gt="") | Q(html__gt="") | ~Q(recipients=[]) | ~Q(headers={})
    )


def reminder_bodies_apply(pks: list) -> int:
    return Reminder.objects.filter(pk__in=pks).update(body="", html="", recipients=[], headers={})


def inbound_messages_due(moment: datetime) -> QuerySet:
    """Every record of a fetched email past its term: a held one with its content, and
    the bare keys of the others (by then their message is long flagged done)."""
    return InboundMessage.objects.filter(received_at__lt=moment)


def inbound_messages_apply(pks: list) -> int:
    return InboundMessage.objects.filter(pk__in=pks).delete()[0]


def busy_parents() -> QuerySet:
    """A parent whose case still holds data keeps their account: the case is open, or
    closed within its term, or held."""
    return Case.objects.filter(anonymised_at__isnull=True, parent__isnull=False).values("parent_id")


# --- Erasure ---------------------------------------------------------------------------


def _keep_reason(case: Case) -> str:
    if case.on_legal_hold:
        return _("%(reference)s: juridische blokkade (%(reason)s).") % {
            "reference": case.reference,
            "reason": case.legal_hold_reason,
        }
    if case.kind == Case.Kind.COMPLAINT and case.status != S.CLOSED:
        return _(
            "%(reference)s: de klacht is nog in behandeling. Die handelen we af en leggen "
            "we vast, zoals de klachtenregeling vraagt."
        ) % {"reference": case.reference}
    return ""


def _cases(user) -> QuerySet:
    return Case.objects.filter(parent=user, anonymised_at__isnull=True).order_by("pk")


def _held_messages(user) -> QuerySet:
    """Emails from their address that wait in "Onbekende berichten"."""
    return InboundMessage.objects.filter(
        status=InboundMessage.Status.HELD, from_address__iexact=user.email
    )


def _held_item(count: int) -> list[erasure.Item]:
    label = _("E-mails aan ons die nog niet bij een vraag stonden: verwijderd")
    return [erasure.Item(label=label, count=count)] if count else []


def preview(user) -> list[erasure.Item]:
    cases = list(_cases(user))
    kept = [reason for case in cases if (reason := _keep_reason(case))]
    items = _held_item(_held_messages(user).count())
    if len(cases) > len(kept):
        items.append(
            erasure.Item(
                label=_("Vragen en klachten: anoniem gemaakt (verhaal, berichten, bestanden)"),
                count=len(cases) - len(kept),
            )
        )
    items += [
        erasure.Item(label=_("Vraag of klacht"), count=1, kept=True, reason=reason)
        for reason in kept
    ]
    return items


def erase(user) -> list[erasure.Item]:
    kept, done = [], 0
    held = _held_messages(user).delete()[0]
    for case in _cases(user):
        reason = _keep_reason(case)
        if reason:
            kept.append(reason)
            continue
        if case.status in workflow.OPEN:
            case = services.case_transition(
                case=case, to_status=S.CLOSED, actor=None, resolution=Case.Resolution.WITHDRAWN
            )
        elif case.status == S.RESOLVED:
            case = services.case_transition(case=case, to_status=S.CLOSED, actor=None)
        done += services.case_anonymise(case=case)
    items = _held_item(held)
    if done:
        items.append(
            erasure.Item(
                label=_("Vragen en klachten: anoniem gemaakt (verhaal, berichten, bestanden)"),
                count=done,
            )
        )
    items += [
        erasure.Item(label=_("Vraag of klacht"), count=1, kept=True, reason=reason)
        for reason in kept
    ]
    return items


def register() -> None:
    retention.register(
        retention.RetentionKind("casussen.cases", "cases", cases_due, cases_apply, held=cases_held)
    )
    retention.register(
        retention.RetentionKind(
            "casussen.reminder_bodies", "email_bodies", reminder_bodies_due, reminder_bodies_apply
        )
    )
    retention.register(
        retention.RetentionKind(
            "casussen.inbound_messages",
            "inbound_messages",
            inbound_messages_due,
            inbound_messages_apply,
        )
    )
    retention.register_account_activity(busy_parents)
    erasure.register(erasure.Provider("casussen", preview, erase))
