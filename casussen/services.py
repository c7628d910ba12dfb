"""Business actions on cases: intake, status changes, assignment and deadlines.

Every change locks the case, checks the rules, appends a timeline event and queues its
emails after commit. Views, admin actions, tasks and commands call these functions."""

import logging
import secrets
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt import outbox, roles
from steunpunt.models import Organisation, Theme
from steunpunt.selectors import site_settings, users_with_role
from steunpunt.services import parent_for_email
from steunpunt.uploads import safe_filename, validate_upload

from . import selectors, workflow
from .deadlines import add_working_days, subtract_working_days, working_days_between
from .models import (
    Case,
    CaseAttachment,
    CaseEvent,
    Consent,
    DeadlineRule,
    Evaluation,
    FollowUp,
    ReferenceCounter,
    Reminder,
)

logger = logging.getLogger(__name__)

REOPEN_WINDOW = timedelta(days=14)
MAX_ATTACHMENTS = 5
S = Case.Status
# A first response is a message to the parent, or a status the parent can act on.
RESPONDING_STATUSES = frozenset({S.WAITING_FOR_PARENT, S.RESOLVED, S.CLOSED})


class TransitionRefusedError(ValidationError):
    """A status change the workflow does not allow now; the message says why."""


def next_reference(*, year: int) -> str:
    """The next case reference of the year, e.g. OSP-2026-00042. Locks the counter."""
    ReferenceCounter.objects.get_or_create(year=year)
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{settings.CASE_REFERENCE_PREFIX}-{year}-{counter.last_number:05d}"


def deadline_terms(*, kind: str, theme: Theme | None) -> dict:
    rule = (
        DeadlineRule.objects.filter(kind=kind, theme=theme).first()
        or DeadlineRule.objects.filter(kind=kind, theme__isnull=True).first()
    )
    if rule is None:
        return dict(settings.CASE_DEADLINES[kind])
    terms = {"respond_working_days": rule.respond_working_days}
    if rule.resolve_weeks:
        terms["resolve_weeks"] = rule.resolve_weeks
    else:
        terms["resolve_working_days"] = rule.resolve_working_days
    return terms


def compute_deadlines(
    *, kind: str, theme: Theme | None, start: date, paused_working_days: int = 0
) -> tuple[date, date]:
    """`respond_by` and `resolve_by` for a case received on `start`, moved on by the
    working days it waited for the parent."""
    terms = deadline_terms(kind=kind, theme=theme)
    respond_by = add_working_days(start, terms["respond_working_days"] + paused_working_days)
    if terms.get("resolve_weeks"):
        resolve_by = add_working_days(
            start + timedelta(weeks=terms["resolve_weeks"]) - timedelta(days=1), 1
        )
        resolve_by = add_working_days(resolve_by, paused_working_days)
    else:
        resolve_by = add_working_days(start, terms["resolve_working_days"] + paused_working_days)
    return respond_by, resolve_by


def _apply_deadlines(case: Case) -> None:
    case.respond_by, case.resolve_by = compute_deadlines(
        kind=case.kind,
        theme=case.theme,
        start=timezone.localdate(case.created_at),
        paused_working_days=case.paused_working_days,
    )


# Events only coordinators see on the timeline.
INTERNAL_EVENT_KINDS = frozenset(
    {
        CaseEvent.Kind.INTERNAL_NOTE,
        CaseEvent.Kind.LEGAL_HOLD_PLACED,
        CaseEvent.Kind.LEGAL_HOLD_LIFTED,
        CaseEvent.Kind.ANONYMISED,
    }
)


def _event(case: Case, kind: str, actor=None, text: str = "", **data) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor,
        text=text,
        is_internal=kind in INTERNAL_EVENT_KINDS,
        data=data,
    )


def validate_attachments(files: Sequence[UploadedFile]) -> list[str]:
    """Check every file before anything is stored: all are accepted or none."""
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            _("Je kunt maximaal %(max)s bestanden meesturen.") % {"max": MAX_ATTACHMENTS}
        )
    return [validate_upload(upload) for upload in files]


@transaction.atomic
def case_submit(
    *,
    kind: str,
    theme: Theme,
    description: str,
    email: str,
    phone: str = "",
    contact_preference: str = Case.ContactPreference.EMAIL,
    contact_times: str = "",
    age_band: str = "",
    school: Organisation | None = None,
    school_other: str = "",
    complaint_about: Organisation | None = None,
    consent_organisations: Sequence[Organisation] = (),
    attachments: Sequence[UploadedFile] = (),
    channel: str = Case.Channel.WEB,
    created_by=None,
    submitted_by=None,
) -> Case:
    """Take in a question or complaint: the parent's account, the case with its
    deadlines, consents and files, a first timeline event and the confirmation email.

    `submitted_by` is who was signed in on the website (None: nobody). A question for an
    address that already has an account, sent by someone not signed in as its owner,
    stays unconfirmed: the owner gets a link to confirm it, and until then nothing of it
    shows in their portal (anyone can type anyone's address). The first question of a
    new address is confirmed at once (only its owner can sign in to the new account), so
    is one entered by a coordinator who spoke to the parent."""
    if not description.strip():
        raise ValidationError(_("Vertel in een paar zinnen waar het over gaat."))
    content_types = validate_attachments(attachments)
    user_model = get_user_model()
    is_new_account = not user_model.objects.filter(
        email__iexact=user_model.objects.normalize_email(email).lower()
    ).exists()
    parent = parent_for_email(email)
    now = timezone.now()
    confirmed = (
        is_new_account
        or created_by is not None
        or (submitted_by is not None and submitted_by.pk == parent.pk)
    )
    case = Case(
        reference=next_reference(year=timezone.localdate(now).year),
        kind=kind,
        channel=channel,
        theme=theme,
        description=description.strip(),
        age_band=age_band,
        school=school,
        school_other=school_other.strip() if school is None else "",
        complaint_about=complaint_about if kind == Case.Kind.COMPLAINT else None,
        parent=parent,
        contact_preference=contact_preference,
        contact_times=contact_times.strip(),
        phone=phone.strip(),
        created_by=created_by,
        created_at=now,
        confirmed_at=now if confirmed else None,
    )
    _apply_deadlines(case)
    case.save()
    actor = created_by or parent
    _event(case, CaseEvent.Kind.SUBMITTED, actor, channel=channel)
    method = Consent.Method.FORM if channel == Case.Channel.WEB else Consent.Method.PHONE
    for organisation in dict.fromkeys(consent_organisations):
        consent_give(case=case, organisation=organisation, method=method, actor=actor)
    for upload, content_type in zip(attachments, content_types, strict=True):
        # Stored and served under the extension of what the file really is.
        upload.name = safe_filename(upload.name, content_type)
        CaseAttachment.objects.create(
            case=case,
            file=upload,
            original_name=upload.name,
            content_type=content_type,
            size=upload.size,
            uploaded_by=actor,
        )
        _event(case, CaseEvent.Kind.ATTACHMENT_ADDED, actor, upload.name)
    if confirmed:
        outbox.send_templated_email(
            template="casussen/email/case_received",
            to=[parent.email],
            context={"case": case, "site_settings": site_settings(), "portal_url": _portal_url()},
        )
    else:
        outbox.send_templated_email(
            template="casussen/email/case_confirm",
            to=[parent.email],
            context={
                "case": case,
                "site_settings": site_settings(),
                "link": case_confirm_link(case),
                "days": settings.CASE_CONFIRM_LINK_MAX_AGE_DAYS,
            },
        )
    return case


# --- Confirming a question sent for an existing account -----------------------------------

CONFIRM_SALT = "casussen.confirm"


def case_confirm_token(case: Case) -> str:
    return signing.dumps([case.pk, case.parent_id], salt=CONFIRM_SALT)


def case_confirm_link(case: Case) -> str:
    return _site_url(reverse("casussen:confirm", args=[case_confirm_token(case)]))


def case_for_confirm_token(token: str) -> Case:
    """The case a confirmation link points at. Raises LinkExpiredError or
    LinkInvalidError (also when the case changed hands since)."""
    max_age = timedelta(days=settings.CASE_CONFIRM_LINK_MAX_AGE_DAYS)
    try:
        pk, parent_id = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpiredError from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise LinkInvalidError from error
    case = Case.objects.select_related("theme", "parent").filter(pk=pk, parent_id=parent_id)
    case = case.first() if isinstance(pk, int) and isinstance(parent_id, int) else None
    if case is None:
        raise LinkInvalidError
    return case


@transaction.atomic
def case_confirm(*, case: Case) -> Case:
    """The owner of the address says the question is theirs (they opened the link sent
    to it): from now on it shows in their portal. Safe to call twice."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.confirmed_at is not None:
        return case
    case.confirmed_at = timezone.now()
    case.save(update_fields=["confirmed_at", "updated_at"])
    _event(case, CaseEvent.Kind.CONFIRMED, case.parent)
    if case.status == S.RESOLVED:
        # The invitation waited for the confirmation.
        evaluation_invite(case=case)
    return case


def _portal_url() -> str | None:
    """Where the parent follows the case, once the portal is there."""
    try:
        return settings.SITE_URL + reverse("casussen:portal")
    except NoReverseMatch:
        return None


@transaction.atomic
def consent_give(
    *,
    case: Case,
    organisation: Organisation,
    method: str,
    actor,
    purpose: str = "",
) -> Consent:
    """Record that the parent allows contact with this organisation about this case.
    The case row is locked, so two identical submissions record one consent."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status == S.CLOSED:
        raise TransitionRefusedError(
            _("%(reference)s is gesloten: toestemming geven is niet meer nodig.")
            % {"reference": case.reference}
        )
    existing = case.consents.filter(organisation=organisation, withdrawn_at__isnull=True)
    if existing.exists():
        return existing.get()
    consent = Consent.objects.create(
        case=case,
        organisation=organisation,
        purpose=purpose or _("Contact opnemen over deze vraag of klacht"),
        method=method,
        given_at=timezone.now(),
        recorded_by=actor,
    )
    _event(
        case,
        CaseEvent.Kind.CONSENT_GIVEN,
        actor,
        organisation.name,
        organisation=organisation.pk,
        method=method,
    )
    return consent


@transaction.atomic
def case_transition(
    *, case: Case, to_status: str, actor, resolution: str = "", note: str = ""
) -> Case:
    """Move a case to another status, if the workflow allows it now."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    current = case.status
    now = timezone.now()
    if not workflow.is_allowed(current, to_status):
        raise TransitionRefusedError(
            _("%(reference)s staat op '%(status)s': naar '%(target)s' kan nu niet.")
            % {
                "reference": case.reference,
                "status": case.get_status_display(),
                "target": S(to_status).label,
            }
        )
    if to_status == S.CLOSED and current in workflow.OPEN:
        if resolution not in workflow.CLOSING_RESOLUTIONS_FROM_OPEN:
            raise TransitionRefusedError(
                _("Een open zaak sluit je alleen als die is ingetrokken of dubbel is.")
            )
        case.resolution = resolution
    if to_status == S.RESOLVED:
        _check_resolution(case, resolution)
        case.resolution = resolution
        case.resolved_at = now
    if current == S.RESOLVED and to_status == S.IN_PROGRESS:
        if case.resolved_at and now - case.resolved_at > REOPEN_WINDOW:
            raise TransitionRefusedError(
                _("%(reference)s is langer dan 14 dagen geleden afgerond: heropenen kan niet.")
                % {"reference": case.reference}
            )
        case.resolution = ""
        case.resolved_at = None
    if current == S.WAITING_FOR_PARENT:
        _resume_deadlines(case, now)
    if to_status == S.WAITING_FOR_PARENT:
        case.paused_since = now
    if to_status in RESPONDING_STATUSES and case.responded_at is None:
        case.responded_at = now
    if to_status == S.CLOSED:
        case.closed_at = now
    case.status = to_status
    case.save()
    _event(
        case,
        CaseEvent.Kind.STATUS_CHANGED,
        actor,
        note,
        **{"from": current, "to": to_status, "resolution": case.resolution},
    )
    if to_status == S.CLOSED:
        _cancel_pending_followups(case, actor, reason=_("De zaak is gesloten."))
    if to_status == S.RESOLVED:
        _cancel_pending_followups(case, actor, reason=_("De zaak is afgerond."))
        evaluation_invite(case=case)
    return case


def _check_resolution(case: Case, resolution: str) -> None:
    allowed = {Case.Resolution.ANSWERED, Case.Resolution.REFERRED}
    if case.kind == Case.Kind.COMPLAINT:
        allowed |= {Case.Resolution.UPHELD, Case.Resolution.NOT_UPHELD}
    if resolution not in allowed:
        raise TransitionRefusedError(
            _("Kies hoe %(reference)s is afgelopen.") % {"reference": case.reference}
        )


def _resume_deadlines(case: Case, now: datetime) -> None:
    if case.paused_since is None:
        return
    waited = working_days_between(timezone.localdate(case.paused_since), timezone.localdate(now))
    case.paused_working_days += waited
    case.paused_since = None
    _apply_deadlines(case)


def check_case_owner(*, case: Case, coordinator) -> None:
    """The one rule for who may own a case: an active coordinator (or nobody, which
    sends its emails to every coordinator again), and only while the case is open.
    Raises TransitionRefusedError with the reason."""
    if case.status not in workflow.OPEN:
        raise TransitionRefusedError(
            _("%(reference)s is al afgerond.") % {"reference": case.reference}
        )
    if coordinator is not None and not selectors.is_coordinator(coordinator):
        raise TransitionRefusedError(
            _(
                "%(name)s kan %(reference)s niet behandelen: alleen een actieve coördinator "
                "kan behandelaar zijn."
            )
            % {"name": _owner_name(coordinator), "reference": case.reference}
        )


def _owner_name(user) -> str:
    return (user.get_full_name() or user.email) if user is not None else ""


@transaction.atomic
def case_assign(*, case: Case, coordinator, actor) -> Case:
    """Give the case an owner (None: nobody); a new case is then in progress (the first
    response). Every change of owner is on the timeline, from whom to whom."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    check_case_owner(case=case, coordinator=coordinator)
    previous = case.assigned_to
    if previous != coordinator:
        case.assigned_to = coordinator
        case.save(update_fields=["assigned_to", "updated_at"])
        _event(
            case,
            CaseEvent.Kind.ASSIGNED,
            actor,
            _owner_name(coordinator),
            **{"from": _owner_name(previous), "to": _owner_name(coordinator)},
        )
    if case.status == S.NEW and coordinator is not None:
        case = case_transition(case=case, to_status=S.IN_PROGRESS, actor=actor)
    return case


@transaction.atomic
def case_change_theme(*, case: Case, theme: Theme, actor) -> Case:
    """A new theme may bring other terms: the deadlines are computed again."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.theme_id == theme.pk:
        return case
    old_respond, old_resolve = case.respond_by, case.resolve_by
    case.theme = theme
    _apply_deadlines(case)
    case.save()
    if (old_respond, old_resolve) != (case.respond_by, case.resolve_by):
        _event(
            case,
            CaseEvent.Kind.DEADLINES_CHANGED,
            actor,
            theme.name,
            respond_by=case.respond_by.isoformat(),
            resolve_by=case.resolve_by.isoformat(),
        )
    return case


# --- Messages and notes ----------------------------------------------------------------


def _site_url(path: str) -> str:
    return settings.SITE_URL + path


def coordinator_recipients(case: Case) -> list[str]:
    """Who hears about a case: its coordinator, or every coordinator while nobody has
    taken it yet."""
    if case.assigned_to_id and case.assigned_to.is_active:
        return [case.assigned_to.email]
    return sorted(users_with_role(roles.COORDINATOR).values_list("email", flat=True))


def _email_context(case: Case, **extra) -> dict:
    return {
        "case": case,
        "site_settings": site_settings(),
        "portal_url": _portal_url(),
        # Until it is confirmed the case is not in the portal: the link confirms it.
        "case_portal_url": _case_portal_url(case) if case.is_confirmed else case_confirm_link(case),
        "admin_url": _site_url(reverse("admin:casussen_case_change", args=[case.pk])),
        **extra,
    }


def _case_portal_url(case: Case) -> str | None:
    try:
        return _site_url(reverse("casussen:portal_case", args=[case.pk]))
    except NoReverseMatch:
        return None


def _require_text(text: str, message: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError(message)
    return text


@transaction.atomic
def case_message_to_parent(*, case: Case, actor, text: str, wait_for_reply: bool = False):
    """Write to the parent: on the timeline and by email. Counts as the first response.
    With `wait_for_reply` the case waits for the parent and its deadlines stand still."""
    text = _require_text(text, _("Schrijf eerst een bericht."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status == S.CLOSED:
        raise TransitionRefusedError(
            _("%(reference)s is gesloten: een bericht sturen kan niet meer.")
            % {"reference": case.reference}
        )
    event = _event(case, CaseEvent.Kind.MESSAGE_TO_PARENT, actor, text)
    if case.responded_at is None:
        case.responded_at = event.created_at
        case.save(update_fields=["responded_at", "updated_at"])
    if wait_for_reply and case.status != S.WAITING_FOR_PARENT:
        if case.status == S.NEW:
            case = case_transition(case=case, to_status=S.IN_PROGRESS, actor=actor)
        case = case_transition(case=case, to_status=S.WAITING_FOR_PARENT, actor=actor)
    outbox.send_templated_email(
        template="casussen/email/message_to_parent",
        to=[case.parent.email],
        context=_email_context(case, message=text, wait_for_reply=wait_for_reply),
    )
    return event


@transaction.atomic
def case_add_note(*, case: Case, actor, text: str) -> CaseEvent:
    """An internal note: for coordinators only, never shown to the parent."""
    text = _require_text(text, _("Schrijf eerst een notitie."))
    return _event(case, CaseEvent.Kind.INTERNAL_NOTE, actor, text)


@transaction.atomic
def parent_reply(*, case: Case, parent, text: str) -> CaseEvent:
    """The parent writes back. A case that waited for them is picked up again; one
    resolved less than 14 days ago is reopened. Their coordinator gets an email."""
    text = _require_text(text, _("Schrijf eerst je bericht."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.parent_id != parent.pk:
        raise PermissionError("Only the case's own parent replies to it")
    if case.status == S.CLOSED:
        raise TransitionRefusedError(
            _(
                "Deze vraag is afgesloten. Heb je een nieuwe vraag? Stel die dan via het "
                "formulier. Noem je kenmerk %(reference)s."
            )
            % {"reference": case.reference}
        )
    event = _event(case, CaseEvent.Kind.MESSAGE_FROM_PARENT, parent, text)
    reopened = False
    if case.status == S.WAITING_FOR_PARENT:
        case = case_transition(case=case, to_status=S.IN_PROGRESS, actor=parent)
    elif case.status == S.RESOLVED and case.resolved_at >= timezone.now() - REOPEN_WINDOW:
        case = case_transition(case=case, to_status=S.IN_PROGRESS, actor=parent)
        reopened = True
    outbox.send_templated_email(
        template="casussen/email/parent_replied",
        to=coordinator_recipients(case),
        context=_email_context(case, reopened=reopened),
    )
    return event


@transaction.atomic
def parent_withdraw(*, case: Case, parent, reason: str = "") -> Case:
    """The parent no longer needs our help: the case closes as withdrawn and every open
    request to a partner is cancelled."""
    if case.parent_id != parent.pk:
        raise PermissionError("Only the case's own parent withdraws it")
    if Case.objects.get(pk=case.pk).status not in workflow.OPEN:
        raise TransitionRefusedError(
            _("%(reference)s is al afgerond of ingetrokken. Je hoeft niets meer te doen.")
            % {"reference": case.reference}
        )
    case = case_transition(
        case=case,
        to_status=S.CLOSED,
        actor=parent,
        resolution=Case.Resolution.WITHDRAWN,
        note=reason.strip(),
    )
    outbox.send_templated_email(
        template="casussen/email/case_withdrawn",
        to=coordinator_recipients(case),
        context=_email_context(case, reason=reason.strip()),
    )
    return case


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

FOLLOWUP_SALT = "casussen.followup"
EVALUATION_SALT = "casussen.evaluation"


class LinkExpiredError(Exception):
    """A signed link that was real but is too old."""


class LinkInvalidError(Exception):
    """A signed link that was tampered with, or no longer points at anything."""


def followup_token(followup: FollowUp) -> str:
    return signing.dumps([followup.pk, followup.link_nonce], salt=FOLLOWUP_SALT)


def followup_link(followup: FollowUp) -> str:
    return _site_url(reverse("casussen:followup_answer", args=[followup_token(followup)]))


def followup_for_token(token: str) -> FollowUp:
    """The follow-up a link points at. Raises LinkExpiredError or LinkInvalidError."""
    max_age = timedelta(days=settings.FOLLOWUP_LINK_MAX_AGE_DAYS)
    try:
        pk, nonce = signing.loads(token, salt=FOLLOWUP_SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpiredError from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise LinkInvalidError from error
    followup = (
        FollowUp.objects.select_related("case", "organisation").filter(pk=pk).first()
        if isinstance(pk, int)
        else None
    )
    if followup is None or not secrets.compare_digest(followup.link_nonce, str(nonce)):
        raise LinkInvalidError
    return followup


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
    outbox.send_templated_email(
        template="casussen/email/followup_request",
        to=[contact_email],
        context=_followup_context(followup),
    )
    return followup


def _followup_context(followup: FollowUp, **extra) -> dict:
    try:
        partner_url = _site_url(reverse("casussen:partner_followup", args=[followup.pk]))
    except NoReverseMatch:
        partner_url = None
    return {
        "followup": followup,
        "case": followup.case,
        "link": followup_link(followup),
        "link_days": settings.FOLLOWUP_LINK_MAX_AGE_DAYS,
        "partner_url": partner_url,
        "site_settings": site_settings(),
        **extra,
    }


@transaction.atomic
def followup_answer(*, followup: FollowUp, answer: str, via: str, actor=None) -> FollowUp:
    """The partner's answer: on the timeline, to the coordinator, and the case is picked
    up again once no partner is still to answer."""
    answer = _require_text(answer, _("Schrijf eerst uw antwoord."))
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
    _resume_when_no_partner_is_pending(case, actor)
    case.refresh_from_db()
    outbox.send_templated_email(
        template="casussen/email/followup_answered",
        to=coordinator_recipients(case),
        context=_email_context(case, followup=followup),
    )
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


def _cancel(followup: FollowUp, actor, reason: str) -> None:
    followup.status = FollowUp.Status.CANCELLED
    followup.cancelled_at = timezone.now()
    followup.save(update_fields=["status", "cancelled_at"])
    # A reminder still waiting to be delivered must not reach the partner now.
    followup.reminders.filter(sent_at__isnull=True, cancelled_at__isnull=True).update(
        cancelled_at=followup.cancelled_at
    )
    _event(
        followup.case,
        CaseEvent.Kind.FOLLOWUP_CANCELLED,
        actor,
        reason,
        organisation=followup.organisation.name,
        followup=followup.pk,
    )
    outbox.send_templated_email(
        template="casussen/email/followup_cancelled",
        to=[followup.contact_email],
        context=_followup_context(followup),
    )


def _cancel_pending_followups(
    case: Case, actor, *, reason: str, organisation: Organisation | None = None
) -> None:
    pending = case.followups.select_for_update(of=("self",)).filter(
        status__in=[FollowUp.Status.OPEN, FollowUp.Status.OVERDUE]
    )
    if organisation is not None:
        pending = pending.filter(organisation=organisation)
    for followup in pending.select_related("organisation", "case"):
        _cancel(followup, actor, reason)


# --- Evaluation ----------------------------------------------------------------------------


def evaluation_token(evaluation: Evaluation) -> str:
    return signing.dumps([evaluation.pk, evaluation.case_id], salt=EVALUATION_SALT)


def evaluation_link(evaluation: Evaluation) -> str:
    return _site_url(reverse("casussen:evaluation", args=[evaluation_token(evaluation)]))


def evaluation_for_token(token: str) -> Evaluation:
    max_age = timedelta(days=settings.EVALUATION_LINK_MAX_AGE_DAYS)
    try:
        pk, case_id = signing.loads(token, salt=EVALUATION_SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpiredError from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise LinkInvalidError from error
    evaluation = Evaluation.objects.select_related("case").filter(pk=pk, case_id=case_id).first()
    if evaluation is None:
        raise LinkInvalidError
    return evaluation


def evaluation_invite(*, case: Case) -> Evaluation | None:
    """Ask the parent how it went: once per case, whatever happens after. Not for a case
    the address owner has not confirmed (they may never have asked); confirming it later
    sends the invitation."""
    if not case.is_confirmed:
        return None
    evaluation, _created = Evaluation.objects.get_or_create(case=case)
    if evaluation.submitted_at is None:
        outbox.claim_once(
            model=Reminder,
            key=f"case-{case.pk}-evaluation-invite",
            kind=Reminder.Kind.EVALUATION_INVITE,
            case=case,
            template="casussen/email/evaluation_invite",
            to=[case.parent.email],
            context=_email_context(case, link=evaluation_link(evaluation)),
        )
    return evaluation


@transaction.atomic
def evaluation_submit(
    *, evaluation: Evaluation, satisfaction: int, topics: dict[str, str], comment: str = ""
) -> Evaluation:
    """Store the parent's evaluation; a resolved case then closes."""
    evaluation = Evaluation.objects.select_for_update().select_related("case").get(pk=evaluation.pk)
    if evaluation.submitted_at is not None:
        raise TransitionRefusedError(_("Je hebt deze vragen al ingevuld. Dank je wel!"))
    if satisfaction not in range(1, 6):
        raise ValidationError(_("Kies een cijfer van 1 tot 5."))
    known = {key for key, _label in Evaluation.TOPICS}
    answers = set(Evaluation.Answer.values)
    if not set(topics) <= known or not set(topics.values()) <= answers:
        raise ValidationError(_("Een van de antwoorden klopt niet. Kies opnieuw."))
    evaluation.satisfaction = satisfaction
    evaluation.topics = dict(topics)
    evaluation.comment = comment.strip()
    evaluation.submitted_at = timezone.now()
    evaluation.save()
    case = evaluation.case
    _event(case, CaseEvent.Kind.EVALUATION_RECEIVED, case.parent)
    if case.status == S.RESOLVED:
        case_transition(case=case, to_status=S.CLOSED, actor=case.parent)
    return evaluation


# --- Reminders: claimed once, delivered from the row ---------------------------------------

EVALUATION_REMINDER_AFTER = timedelta(days=7)
CLOSE_AFTER = timedelta(days=14)


def reminder_still_relevant(reminder: Reminder) -> bool:
    """Between claiming and delivering, things change: the partner answered, consent was
    withdrawn, the parent already evaluated, the coordinator already responded."""
    kind = Reminder.Kind
    if reminder.followup_id:
        followup = FollowUp.objects.select_related("consent").get(pk=reminder.followup_id)
        if followup.consent.withdrawn_at is not None:
            return False
        if reminder.kind == kind.FOLLOWUP_OVERDUE:
            return followup.status == FollowUp.Status.OVERDUE
        return followup.status == FollowUp.Status.OPEN
    case = Case.objects.get(pk=reminder.case_id)
    if reminder.kind == kind.CASE_RESPOND_SOON:
        return case.responded_at is None and case.status in workflow.OPEN
    if reminder.kind in (kind.EVALUATION_INVITE, kind.EVALUATION_REMINDER):
        return not Evaluation.objects.filter(case=case, submitted_at__isnull=False).exists()
    return True


def sweep_reminders(*, now: datetime | None = None) -> dict[str, int]:
    """Everything time-driven about cases, safe to run at any moment and twice at once:
    reminders to partners and coordinators, overdue follow-ups, evaluation reminders,
    closing resolved cases, and a new attempt for reminders a crashed worker left."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {
        "followup_before_due": 0,
        "followup_on_due": 0,
        "followup_overdue": 0,
        "case_respond_soon": 0,
        "evaluation_reminder": 0,
        "closed": 0,
        "redelivered": 0,
    }
    soon = add_working_days(today, 2)
    pending = FollowUp.objects.filter(status=FollowUp.Status.OPEN, due_date__lte=soon)
    for followup_id in pending.values_list("pk", flat=True):
        kind = _sweep_followup(followup_id, today)
        if kind:
            counts[kind] += 1
    counts["case_respond_soon"] = _sweep_respond_soon(today)
    counts["evaluation_reminder"] = _sweep_evaluation_reminders(now)
    counts["closed"] = _sweep_close_resolved(now)
    counts["redelivered"] = outbox.redeliver_stale(model=Reminder, now=now)
    return counts


@transaction.atomic
def _sweep_followup(followup_id: int, today: date) -> str | None:
    followup = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("case", "organisation", "case__assigned_to")
        .filter(pk=followup_id, status=FollowUp.Status.OPEN)
        .first()
    )
    if followup is None:
        return None
    case = followup.case
    due = followup.due_date
    if today >= add_working_days(due, 2):
        followup.status = FollowUp.Status.OVERDUE
        followup.overdue_at = timezone.now()
        followup.save(update_fields=["status", "overdue_at"])
        _event(
            case,
            CaseEvent.Kind.FOLLOWUP_OVERDUE,
            None,
            followup.organisation.name,
            followup=followup.pk,
        )
        claimed = outbox.claim_once(
            model=Reminder,
            key=f"followup-{followup.pk}-{Reminder.Kind.FOLLOWUP_OVERDUE}",
            kind=Reminder.Kind.FOLLOWUP_OVERDUE,
            case=case,
            followup=followup,
            template="casussen/email/followup_overdue",
            to=coordinator_recipients(case),
            context=_email_context(case, followup=followup),
        )
        return "followup_overdue" if claimed else None
    if today >= due:
        kind = Reminder.Kind.FOLLOWUP_ON_DUE
    elif timezone.localdate(followup.created_at) < subtract_working_days(due, 2):
        kind = Reminder.Kind.FOLLOWUP_BEFORE_DUE
    else:
        # Asked only just now: a reminder before the due date would be noise.
        return None
    claimed = outbox.claim_once(
        model=Reminder,
        key=f"followup-{followup.pk}-{kind}",
        kind=kind,
        case=case,
        followup=followup,
        template=f"casussen/email/{kind}",
        to=[followup.contact_email],
        context=_followup_context(followup, on_due=kind == Reminder.Kind.FOLLOWUP_ON_DUE),
    )
    if claimed is None:
        return None
    _event(
        case,
        CaseEvent.Kind.FOLLOWUP_REMINDED,
        None,
        followup.organisation.name,
        followup=followup.pk,
        reminder=kind,
    )
    return str(kind)


def _sweep_respond_soon(today: date) -> int:
    """Coordinators hear on the working day before a first response is due (and on it,
    or after, if the sweep missed that day): once per case and deadline."""
    horizon = add_working_days(today, 1)
    cases = Case.objects.filter(
        status__in=workflow.OPEN,
        responded_at__isnull=True,
        paused_since__isnull=True,
        respond_by__lte=horizon,
    ).select_related("assigned_to", "parent", "theme")
    sent = 0
    for case in cases:
        with transaction.atomic():
            claimed = outbox.claim_once(
                model=Reminder,
                key=f"case-{case.pk}-respond-{case.respond_by.isoformat()}",
                kind=Reminder.Kind.CASE_RESPOND_SOON,
                case=case,
                template="casussen/email/case_respond_soon",
                to=coordinator_recipients(case),
                context=_email_context(case, overdue=case.respond_by < today),
            )
        sent += claimed is not None
    return sent


def _sweep_evaluation_reminders(now: datetime) -> int:
    evaluations = Evaluation.objects.filter(
        submitted_at__isnull=True,
        invited_at__lte=now - EVALUATION_REMINDER_AFTER,
        case__status=S.RESOLVED,
    ).select_related("case", "case__parent")
    sent = 0
    for evaluation in evaluations:
        with transaction.atomic():
            claimed = outbox.claim_once(
                model=Reminder,
                key=f"case-{evaluation.case_id}-evaluation-reminder",
                kind=Reminder.Kind.EVALUATION_REMINDER,
                case=evaluation.case,
                template="casussen/email/evaluation_reminder",
                to=[evaluation.case.parent.email],
                context=_email_context(evaluation.case, link=evaluation_link(evaluation)),
            )
        sent += claimed is not None
    return sent


def _sweep_close_resolved(now: datetime) -> int:
    closed = 0
    stale = Case.objects.filter(status=S.RESOLVED, resolved_at__lte=now - CLOSE_AFTER)
    for case in stale.only("pk"):
        try:
            case_transition(
                case=case,
                to_status=S.CLOSED,
                actor=None,
                note=_("Automatisch gesloten: 14 dagen na het afronden."),
            )
            closed += 1
        except TransitionRefusedError:
            # Reopened or closed by someone else meanwhile.
            continue
    return closed


# --- Legal hold and anonymisation ----------------------------------------------------------


LEGAL_HOLD_FIELDS = ["legal_hold_since", "legal_hold_reason", "legal_hold_by", "updated_at"]


@transaction.atomic
def case_place_legal_hold(*, case: Case, actor, reason: str) -> Case:
    """Keep the case as it is (e.g. a complaint in procedure): retention and erasure
    skip it until the hold is lifted. Coordinators only; the reason is required."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Schrijf op waarom de zaak bewaard moet blijven."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.anonymised_at:
        raise ValidationError(_("Deze zaak is al anoniem gemaakt."))
    if case.on_legal_hold:
        raise ValidationError(_("Op deze zaak staat al een juridische blokkade."))
    case.legal_hold_since = timezone.now()
    case.legal_hold_reason = reason
    case.legal_hold_by = actor
    case.save(
        update_fields=["legal_hold_since", "legal_hold_reason", "legal_hold_by", "updated_at"]
    )
    _event(case, CaseEvent.Kind.LEGAL_HOLD_PLACED, actor, reason)
    return case


@transaction.atomic
def case_lift_legal_hold(*, case: Case, actor, reason: str = "") -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.on_legal_hold:
        raise ValidationError(_("Op deze zaak staat geen juridische blokkade."))
    case.legal_hold_since = None
    case.legal_hold_reason = ""
    case.legal_hold_by = None
    case.save(
        update_fields=["legal_hold_since", "legal_hold_reason", "legal_hold_by", "updated_at"]
    )
    _event(case, CaseEvent.Kind.LEGAL_HOLD_LIFTED, actor, reason.strip())
    return case


def case_anonymise(*, case: Case) -> bool:
    """Remove everything that says who the case is about or what they told us: the
    story, contact data, the parent link, files (from disk too), the texts of messages,
    replies, follow-ups and reminders, the consent purposes, the evaluation comment.
    Kept for the signals report: kind, channel, theme, school (so municipality and school
    type), age band, dates and deadlines, status, resolution, signal tags, satisfaction
    and praatplaat scores. Used by the retention job and by erasure alike.

    Returns False (and changes nothing) for a case on legal hold or already anonymous."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.on_legal_hold or case.anonymised_at:
            return False
        parent_id = case.parent_id
        files = [attachment.file.name for attachment in case.attachments.all()]
        storage = CaseAttachment._meta.get_field("file").storage
        case.attachments.all().delete()
        case.events.update(text="")
        if parent_id:
            case.events.filter(actor_id=parent_id).update(actor=None)
        case.consents.update(purpose="")
        case.followups.update(request="", answer="", contact_email="")
        case.reminders.update(body="", html="", recipients=[])
        Evaluation.objects.filter(case=case).update(comment="")
        case.description = ""
        case.phone = ""
        case.contact_times = ""
        case.school_other = ""
        case.parent = None
        case.anonymised_at = timezone.now()
        case.save(
            update_fields=[
                "description",
                "phone",
                "contact_times",
                "school_other",
                "parent",
                "anonymised_at",
                "updated_at",
            ]
        )
        _event(case, CaseEvent.Kind.ANONYMISED)
        # Files leave the disk only once the rows are gone for good.
        transaction.on_commit(lambda: [storage.delete(name) for name in files if name])
    return True
