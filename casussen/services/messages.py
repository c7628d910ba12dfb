"""Messages between the coordinator and the parent, internal notes, and the parent
replying or withdrawing."""

import logging
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt import outbox, uploads
from steunpunt.models import NotificationKind

from .. import workflow
from ..models import (
    Case,
    CaseEvent,
)
from .cases import case_transition
from .common import (
    REOPEN_WINDOW,
    S,
    TransitionRefusedError,
    _email_context,
    _event,
    _require_text,
    coordinator_recipients,
    store_attachments,
    validate_attachments,
)
from .links import reply_to
from .notifications import notify_coordinators

logger = logging.getLogger(__name__)


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
    template, to, context = message_to_parent_email(
        case=case, text=text, wait_for_reply=wait_for_reply
    )
    outbox.send_templated_email(
        template=template, to=to, reply_to=reply_to(case=case), context=context
    )
    return event


def message_to_parent_email(*, case: Case, text: str, wait_for_reply: bool) -> tuple:
    """The email of a message to the parent as (template, recipients, context): what
    `case_message_to_parent` sends and what the admin's preview renders."""
    return (
        "casussen/email/message_to_parent",
        [case.parent.email],
        _email_context(case, message=text, wait_for_reply=wait_for_reply),
    )


@transaction.atomic
def case_add_note(*, case: Case, actor, text: str) -> CaseEvent:
    """An internal note: for coordinators only, never shown to the parent."""
    text = _require_text(text, _("Schrijf eerst een notitie."))
    return _event(case, CaseEvent.Kind.INTERNAL_NOTE, actor, text)


@uploads.removing_files_on_failure
@transaction.atomic
def parent_reply(
    *,
    case: Case,
    parent,
    text: str,
    attachments: Sequence[UploadedFile] = (),
    via: str = "site",
) -> CaseEvent:
    """The parent writes back (`via` "site", or "email": a reply to one of our emails),
    with files checked as at intake. A case that waited for them is picked up again; one
    resolved less than 14 days ago is reopened. Their coordinator gets an email."""
    text = _require_text(text, _("Schrijf eerst je bericht."))
    content_types = validate_attachments(attachments)
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
    event = _event(case, CaseEvent.Kind.MESSAGE_FROM_PARENT, parent, text, via=via)
    store_attachments(case, parent, attachments, content_types)
    reopened = False
    if case.status == S.WAITING_FOR_PARENT:
        case = case_transition(case=case, to_status=S.IN_PROGRESS, actor=parent)
    elif case.status == S.RESOLVED and case.resolved_at >= timezone.now() - REOPEN_WINDOW:
        case = case_transition(case=case, to_status=S.IN_PROGRESS, actor=parent)
        reopened = True
    notify_coordinators(
        kind=NotificationKind.PARENT_REPLY, case=case, event=event, reopened=reopened
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
