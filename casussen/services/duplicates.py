"""Duplicates: finding a parent's other open case on the same theme, merging a
duplicate into the case that goes on, and linking two cases that stay apart."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from steunpunt import access_log, outbox

from .. import workflow
from ..models import Case, CaseAttachment, CaseEvent, Consent, FollowUp, Reminder
from .cases import case_transition
from .common import S, TransitionRefusedError, _email_context, _event

logger = logging.getLogger(__name__)


def possible_duplicates(case: Case) -> QuerySet[Case]:
    """The parent's other open cases on the same theme, oldest first."""
    if case.parent_id is None:
        return Case.objects.none()
    return (
        Case.objects.filter(
            parent_id=case.parent_id, theme_id=case.theme_id, status__in=workflow.OPEN
        )
        .exclude(pk=case.pk)
        .order_by("created_at", "pk")
    )


def has_possible_duplicate() -> Exists:
    """For a list of cases in one query: does this open case's parent have another open
    case on the same theme?"""
    return Exists(
        Case.objects.filter(
            parent_id=OuterRef("parent_id"),
            theme_id=OuterRef("theme_id"),
            status__in=workflow.OPEN,
        ).exclude(pk=OuterRef("pk"))
    )


def merge_refusal(*, duplicate: Case, surviving: Case) -> str:
    """Why these two cannot be merged now (empty: they can). The one rule, for the
    confirmation page and the service alike."""
    if duplicate.pk == surviving.pk:
        return _("Een zaak samenvoegen met zichzelf kan niet. Kies een andere zaak.")
    if duplicate.parent_id is None or duplicate.parent_id != surviving.parent_id:
        return _("Samenvoegen kan alleen bij zaken van dezelfde ouder.")
    for case in (duplicate, surviving):
        if case.status not in workflow.OPEN:
            return _("%(reference)s is al afgerond of gesloten: samenvoegen kan niet meer.") % {
                "reference": case.reference
            }
        if case.on_legal_hold:
            return _(
                "Op %(reference)s staat een juridische blokkade: die zaak blijft zoals hij is. "
                "Hef de blokkade eerst op als samenvoegen echt nodig is."
            ) % {"reference": case.reference}
    if duplicate.is_confirmed and not surviving.is_confirmed:
        # The parent would lose sight of a question they can see now.
        return _(
            "%(reference)s is nog niet bevestigd door de ouder. Laat de bevestigde zaak "
            "doorgaan en voeg deze daarin samen."
        ) % {"reference": surviving.reference}
    if surviving.is_confirmed and not duplicate.is_confirmed:
        # Its consents may not be the parent's: they must not become usable.
        return _(
            "%(reference)s is nog niet bevestigd door de ouder. Misschien komt die vraag niet "
            "van de ouder zelf. Samenvoegen kan als de ouder hem heeft bevestigd."
        ) % {"reference": duplicate.reference}
    return ""


def merge_summary(*, duplicate: Case, surviving: Case) -> dict[str, int]:
    """What a merge would move, for the confirmation page."""
    return {
        "events": duplicate.events.count(),
        "consents": duplicate.consents.count(),
        "followups": duplicate.followups.count(),
        "attachments": duplicate.attachments.count(),
    }


@transaction.atomic
def case_merge(*, duplicate: Case, surviving: Case, actor, request=None) -> Case:
    """Merge `duplicate` into `surviving`: its timeline, consents, follow-ups (their
    signed links keep working: they name the follow-up, not the case), reminders of
    those follow-ups, files and signal tags move; it is closed as a duplicate with a
    pointer to `surviving`. The parent is told by email and on the timeline. Both
    changes are in the access log."""
    # Both rows locked, in id order as every other pair of locks.
    locked = {
        c.pk: c
        for c in Case.objects.select_for_update()
        .filter(pk__in=[duplicate.pk, surviving.pk])
        .order_by("pk")
    }
    duplicate, surviving = locked[duplicate.pk], locked[surviving.pk]
    refusal = merge_refusal(duplicate=duplicate, surviving=surviving)
    if refusal:
        raise TransitionRefusedError(refusal)

    moved_events = list(duplicate.events.values_list("pk", flat=True))
    # The duplicate's receipt names its own reference, so the parent's timeline does not
    # say "we received your question" twice without saying which.
    for receipt in duplicate.events.filter(kind=CaseEvent.Kind.SUBMITTED):
        receipt.data = {**receipt.data, "reference": duplicate.reference}
        receipt.save(update_fields=["data"])
    CaseEvent.objects.filter(pk__in=moved_events).update(case=surviving)
    _move_consents(duplicate, surviving)
    followups = FollowUp.objects.filter(case=duplicate)
    pending = followups.filter(status__in=[FollowUp.Status.OPEN, FollowUp.Status.OVERDUE]).exists()
    Reminder.objects.filter(followup__case=duplicate).update(case=surviving)
    followups.update(case=surviving)
    CaseAttachment.objects.filter(case=duplicate).update(case=surviving)
    surviving.signal_tags.add(*duplicate.signal_tags.all())
    # Links of the duplicate go on with the surviving case.
    surviving.linked_cases.add(*duplicate.linked_cases.exclude(pk=surviving.pk))
    duplicate.linked_cases.clear()

    # The parent's story of the duplicate stays in sight on the surviving case.
    _event(
        surviving,
        CaseEvent.Kind.MERGED,
        actor,
        duplicate.description,
        merged=duplicate.reference,
        into=surviving.reference,
    )
    duplicate.merged_into = surviving
    duplicate.save(update_fields=["merged_into", "updated_at"])
    case_transition(
        case=duplicate,
        to_status=S.CLOSED,
        actor=actor,
        resolution=Case.Resolution.DUPLICATE,
        note=_("Samengevoegd met %(reference)s. We gaan daar verder.")
        % {"reference": surviving.reference},
    )
    if pending and surviving.status in (S.NEW, S.IN_PROGRESS):
        # The partners asked on the duplicate are now waited for on this case.
        if surviving.status == S.NEW:
            surviving = case_transition(case=surviving, to_status=S.IN_PROGRESS, actor=actor)
        surviving = case_transition(case=surviving, to_status=S.WAITING_FOR_PARTNER, actor=actor)
    surviving.refresh_from_db()
    for case in (duplicate, surviving):
        access_log.record(
            action=access_log.Action.CHANGE,
            request=request,
            actor=actor,
            obj=case,
            subject=case.parent_id,
            case_reference=case.reference,
        )
    if surviving.is_confirmed:
        outbox.send_templated_email(
            template="casussen/email/case_merged",
            to=[surviving.parent.email],
            context=_email_context(surviving, duplicate=duplicate),
        )
    return surviving


def _move_consents(duplicate: Case, surviving: Case) -> None:
    """Every consent moves, except a still valid one for an organisation the surviving
    case already has a valid consent for (one valid consent per organisation): that
    one's follow-ups move to the surviving case's consent, and it stays with the
    closed duplicate."""
    valid_on_surviving = {
        consent.organisation_id: consent
        for consent in surviving.consents.filter(withdrawn_at__isnull=True)
    }
    for consent in duplicate.consents.all():
        same = valid_on_surviving.get(consent.organisation_id)
        if consent.withdrawn_at is None and same is not None:
            FollowUp.objects.filter(consent=consent).update(consent=same)
            continue
        Consent.objects.filter(pk=consent.pk).update(case=surviving)


def link_refusal(*, case: Case, other: Case) -> str:
    if case.pk == other.pk:
        return _("Een zaak koppelen aan zichzelf kan niet. Kies een andere zaak.")
    if case.parent_id is None or case.parent_id != other.parent_id:
        return _("Koppelen kan alleen bij zaken van dezelfde ouder.")
    return ""


@transaction.atomic
def case_link(*, case: Case, other: Case, actor, request=None) -> Case:
    """Keep both cases and show each other's reference on both pages. Safe to call
    twice."""
    locked = {
        c.pk: c
        for c in Case.objects.select_for_update().filter(pk__in=[case.pk, other.pk]).order_by("pk")
    }
    if len(locked) == 2:
        case, other = locked[case.pk], locked[other.pk]
    refusal = link_refusal(case=case, other=other)
    if refusal:
        raise ValidationError(refusal)
    if case.linked_cases.filter(pk=other.pk).exists():
        return case
    case.linked_cases.add(other)
    for one, two in ((case, other), (other, case)):
        _event(one, CaseEvent.Kind.LINKED, actor, two.reference, linked=two.reference)
        access_log.record(
            action=access_log.Action.CHANGE,
            request=request,
            actor=actor,
            obj=one,
            subject=one.parent_id,
            case_reference=one.reference,
        )
    return case
