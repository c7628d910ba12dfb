"""Follow-ups to partners: asking a partner (with the parent's consent), the
partner's answer, cancelling; and withdrawing consent."""

import logging
import secrets
from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from steunpunt import outbox, uploads
from steunpunt.models import NotificationKind, Organisation

from .. import workflow
from ..deadlines import add_working_days, is_working_day
from ..models import (
    Case,
    CaseEvent,
    Consent,
    FollowUp,
)
from .cases import _cancel, _cancel_pending_followups, case_transition
from .common import (
    S,
    TransitionRefusedError,
    _event,
    _followup_context,
    _require_text,
    store_attachments,
    validate_attachments,
)
from .links import reply_to
from .notifications import notify_coordinators

logger = logging.getLogger(__name__)


# --- Consent -----------------------------------------------------------------------------


@transaction.atomic
def consent_withdraw(*, consent: Consent, actor) -> Consent:
    """No more contact with this organisation: open follow-ups to it are cancelled and
    the partner is told, without any detail of the case."""
    # Case first, like every other change to a case and its follow-ups.
    Case.objects.select_for_update().get(pk=consent.case_id)
    consent = Consent.objects.select_for_update().select_related("case").get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        return consent
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    case = consent.case
    _event(
        case,
        CaseEvent.Kind.CONSENT_WITHDRAWN,
        actor,
        consent.organisation.name,
        organisation=consent.organisation_id,
    )
    _cancel_pending_followups(
        case,
        actor,
        reason=_("De ouder heeft de toestemming ingetrokken."),
        organisation=consent.organisation,
    )
    _resume_when_no_partner_is_pending(case, actor)
    return consent


def _resume_when_no_partner_is_pending(case: Case, actor) -> None:
    """A case that waited for partners is picked up again once none is left to answer."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    still_waiting = case.followups.filter(
        status__in=[FollowUp.Status.OPEN, FollowUp.Status.OVERDUE]
    ).exists()
    if case.status == S.WAITING_FOR_PARTNER and not still_waiting:
        case_transition(case=case, to_status=S.IN_PROGRESS, actor=actor)


# --- Follow-ups to partners --------------------------------------------------------------


def valid_consent(case: Case, organisation: Organisation) -> Consent | None:
    return case.consents.filter(organisation=organisation, withdrawn_at__isnull=True).first()


@transaction.atomic
def followup_create(
    *,
    case: Case,
    organisation: Organisation,
    request: str,
    due_date: date,
    actor,
    contact_email: str = "",
) -> FollowUp:
    """Ask a partner to act. Only with the parent's valid consent for that organisation.
    The partner gets an email with a signed link; the case then waits for the partner."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status not in workflow.OPEN:
        raise TransitionRefusedError(
            _("%(reference)s is afgerond: een nieuwe vraag aan een partner kan niet.")
            % {"reference": case.reference}
        )
    if not case.is_confirmed:
        raise TransitionRefusedError(
            _(
                "%(reference)s is nog niet bevestigd door de ouder. Een partner benaderen kan "
                "pas als de ouder de vraag heeft bevestigd: de toestemming komt misschien niet "
                "van de ouder zelf."
            )
            % {"reference": case.reference}
        )
    consent = valid_consent(case, organisation)
    if consent is None:
        raise ValidationError(
            _(
                "De ouder heeft (nog) geen toestemming gegeven om %(organisation)s te "
                "benaderen. Leg eerst de toestemming vast."
            )
            % {"organisation": organisation.name}
        )
    request = _require_text(request, _("Schrijf wat je aan de partner vraagt."))
    if due_date <= timezone.localdate():
        raise ValidationError(_("Kies een datum na vandaag."))
    if not is_working_day(due_date):
        # A partner is asked to answer on a working day, as every deadline we give.
        raise ValidationError(
            _("%(date)s is geen werkdag. Kies een werkdag, bijvoorbeeld %(next)s.")
            % {
                "date": date_format(due_date, "l j F"),
                "next": date_format(add_working_days(due_date, 1), "l j F"),
            }
        )
    contact_email = (contact_email or organisation.contact_email).strip()
    if not contact_email:
        raise ValidationError(
            _("Van %(organisation)s is geen e-mailadres bekend. Vul een e-mailadres in.")
            % {"organisation": organisation.name}
        )
    followup = FollowUp.objects.create(
        case=case,
        consent=consent,
        organisation=organisation,
        contact_email=contact_email,
        request=request,
        due_date=due_date,
        link_nonce=secrets.token_hex(16),
        created_by=actor,
    )
    _event(
        case,
        CaseEvent.Kind.FOLLOWUP_CREATED,
        actor,
        request,
        organisation=organisation.name,
        followup=followup.pk,
        due_date=due_date.isoformat(),
    )
    if case.status == S.NEW:
        case = case_transition(case=case, to_status=S.IN_PROGRESS, actor=actor)
    if case.status == S.IN_PROGRESS:
        case_transition(case=case, to_status=S.WAITING_FOR_PARTNER, actor=actor)
    template, to, context = followup_request_email(followup=followup)
    outbox.send_templated_email(
        template=template, to=to, reply_to=reply_to(followup=followup), context=context
    )
    return followup


def followup_request_email(*, followup: FollowUp, preview: bool = False) -> tuple:
    """The email asking a partner, as (template, recipients, context): what
    `followup_create` sends and what the admin's preview renders. A preview is of a
    follow-up not saved yet: its personal link exists only once it is, so the preview
    names it instead."""
    extra = {}
    if preview:
        extra = {
            "link": _("[hier komt de persoonlijke link voor de partner]"),
            "partner_url": _("[hier komt de link naar het partnerportaal]"),
        }
    return (
        "casussen/email/followup_request",
        [followup.contact_email],
        # The preview's placeholders take the place of the links (`extra` comes last).
        _followup_context(followup, **extra),
    )


@uploads.removing_files_on_failure
@transaction.atomic
def followup_answer(
    *,
    followup: FollowUp,
    answer: str,
    via: str,
    actor=None,
    attachments: Sequence[UploadedFile] = (),
) -> FollowUp:
    """The partner's answer: on the timeline (with its files, checked as at intake), to
    the coordinator, and the case is picked up again once no partner is still to answer."""
    answer = _require_text(answer, _("Schrijf eerst uw antwoord."))
    content_types = validate_attachments(attachments)
    # Case first, then follow-up: the same order as closing a case or withdrawing consent.
    Case.objects.select_for_update().get(pk=followup.case_id)
    followup = (
        FollowUp.objects.select_for_update(of=("self",)).select_related("case").get(pk=followup.pk)
    )
    if not followup.is_pending:
        raise TransitionRefusedError(
            _("Deze vraag is al beantwoord of is niet meer nodig. Dank u wel.")
            if followup.status == FollowUp.Status.ANSWERED
            else _("Deze vraag is niet meer nodig. U hoeft niets te doen.")
        )
    followup.status = FollowUp.Status.ANSWERED
    followup.answer = answer
    followup.answered_at = timezone.now()
    followup.answered_via = via
    followup.answered_by = actor
    followup.save()
    case = followup.case
    _event(
        case,
        CaseEvent.Kind.FOLLOWUP_ANSWERED,
        actor,
        answer,
        organisation=followup.organisation.name,
        followup=followup.pk,
        via=via,
    )
    store_attachments(case, actor, attachments, content_types)
    _resume_when_no_partner_is_pending(case, actor)
    case.refresh_from_db()
    notify_coordinators(kind=NotificationKind.PARTNER_ANSWER, case=case, followup=followup)
    return followup


@transaction.atomic
def followup_cancel(*, followup: FollowUp, actor, reason: str) -> FollowUp:
    Case.objects.select_for_update().get(pk=followup.case_id)
    followup = (
        FollowUp.objects.select_for_update(of=("self",)).select_related("case").get(pk=followup.pk)
    )
    if not followup.is_pending:
        raise TransitionRefusedError(_("Deze vraag aan de partner staat niet meer open."))
    _cancel(followup, actor, reason)
    _resume_when_no_partner_is_pending(followup.case, actor)
    return followup
