"""Replies by email: a message in the reply mailbox becomes a parent reply or a partner
answer through the same services as the site's forms (`parent_reply`,
`followup_answer`), or is held as an "onbekend bericht" for a coordinator to link or
drop. Each message is recorded exactly once under its Message-ID (`InboundMessage.key`),
in the same transaction as what it posts; the mailbox flags it only after that commit
(`inbound_fetch`), so a worker that dies mid-message leaves it to the next run, whose
insert of the same key finds it done. Two workers fetching at once both try the insert;
the database lets one through."""

import logging
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt import inbound_mail
from steunpunt.uploads import file_error, validate_upload

from ..models import Case, FollowUp, InboundMessage
from .common import MAX_ATTACHMENTS, TransitionRefusedError
from .followups import followup_answer
from .links import LinkExpiredError, LinkInvalidError, reply_target, reply_token_in
from .messages import case_add_note, parent_reply

logger = logging.getLogger(__name__)

R = InboundMessage.Reason


def inbound_fetch() -> int:
    """Fetch the reply mailbox (settings.IMAP_URL; unset: nothing happens) and process
    every message not flagged done. Returns how many were flagged done."""
    if not settings.IMAP_URL:
        return 0
    done = 0
    with inbound_mail.Mailbox(settings.IMAP_URL, timeout=settings.IMAP_TIMEOUT) as box:
        for uid, raw in box.unprocessed():
            try:
                inbound_process(raw=raw)
            except Exception as error:
                # Not flagged: the next run tries again. No content in the log.
                logger.error("Inbound message %s not processed: %s", uid, type(error).__name__)
                continue
            box.mark_done(uid)
            done += 1
    return done


def inbound_process(*, raw: bytes) -> InboundMessage | None:
    """Record one message and place it. None when it was processed before (or is being
    processed by another worker right now, which then finishes it)."""
    parsed = inbound_mail.parse(raw)
    with transaction.atomic():
        try:
            with transaction.atomic():
                message = InboundMessage.objects.create(
                    key=parsed.key, status=InboundMessage.Status.HELD
                )
        except IntegrityError:
            return None
        if parsed.automatic:
            # Out-of-office replies and bounces: recorded (so never looked at again), no
            # content kept, never posted.
            message.status = InboundMessage.Status.AUTOMATIC
            message.save(update_fields=["status"])
            return message
        _place(message, parsed, raw)
    return message


def _place(message: InboundMessage, parsed: inbound_mail.ParsedEmail, raw: bytes) -> None:
    case, followup, reason = _addressed_to(parsed)
    if reason:
        _hold(message, parsed, raw, reason=reason, case=case, followup=followup)
        return
    try:
        with transaction.atomic():
            _post(case=case, followup=followup, text=parsed.text, files=parsed.attachments)
    except ValidationError as error:
        # The case closed, the partner already answered, nothing but quoted text...
        detail = " ".join(error.messages)[:300]
        _hold(message, parsed, raw, reason=R.REFUSED, case=case, followup=followup, detail=detail)
        return
    message.status = InboundMessage.Status.POSTED
    message.case, message.followup = case, followup
    message.save(update_fields=["status", "case", "followup"])


def _addressed_to(parsed: inbound_mail.ParsedEmail) -> tuple[Case | None, FollowUp | None, str]:
    """The case and follow-up the reply address names, and why it cannot be posted
    there ("" when it can): no token, a broken or expired one, or a sender who is not
    the parent or partner the token names."""
    token = next(filter(None, (reply_token_in(address) for address in parsed.recipients)), None)
    if token is None:
        return None, None, R.NO_TOKEN
    try:
        target = reply_target(token)
    except LinkExpiredError:
        return None, None, R.EXPIRED_TOKEN
    except LinkInvalidError:
        return None, None, R.BAD_TOKEN
    if isinstance(target, FollowUp):
        expected = target.contact_email
        case, followup = target.case, target
    else:
        expected = target.parent.email if target.parent_id else ""
        case, followup = target, None
    if not expected or parsed.from_address != expected.strip().lower():
        return case, followup, R.UNKNOWN_SENDER
    return case, followup, ""


def _hold(message, parsed, raw, *, reason, case=None, followup=None, detail="") -> None:
    """Keep a message we cannot place for a coordinator; the reference in its subject
    suggests a case when the reply address does not name one."""
    message.status = InboundMessage.Status.HELD
    message.reason = reason
    message.detail = detail
    message.from_address = parsed.from_address[:254]
    message.subject = parsed.subject
    message.text = parsed.text
    message.raw = raw
    message.case = case or _case_named_in(parsed.subject)
    message.followup = followup
    message.save()


def _case_named_in(subject: str) -> Case | None:
    prefix = re.escape(settings.CASE_REFERENCE_PREFIX)
    match = re.search(rf"\b{prefix}-\d{{4}}-\d{{5}}\b", subject, re.IGNORECASE)
    if match is None:
        return None
    return Case.objects.filter(reference=match.group().upper()).first()


def _post(*, case: Case, followup: FollowUp | None, text: str, files) -> None:
    """Post as if typed on the site: the same service, the same file checks; files the
    checks refuse are left out and the coordinator reads which in an internal note."""
    accepted, refused = _checked_files(files)
    if followup is not None:
        followup_answer(
            followup=followup,
            answer=text,
            via=FollowUp.Channel.EMAIL,
            actor=None,
            attachments=accepted,
        )
    else:
        parent_reply(case=case, parent=case.parent, text=text, attachments=accepted, via="email")
    if refused:
        case_add_note(
            case=case,
            actor=None,
            text=_("Bij het bericht per e-mail zaten bestanden die we niet aannemen: %(files)s")
            % {"files": " ".join(refused)},
        )


def _checked_files(files) -> tuple[list[SimpleUploadedFile], list[str]]:
    accepted, refused = [], []
    for item in files:
        upload = SimpleUploadedFile(item.filename, item.content, item.content_type)
        if len(accepted) >= MAX_ATTACHMENTS:
            refused.append(
                file_error(
                    item.filename,
                    _("Je kunt maximaal %(max)s bestanden meesturen.") % {"max": MAX_ATTACHMENTS},
                )
            )
            continue
        try:
            validate_upload(upload)
        except ValidationError as error:
            refused += [file_error(item.filename, text) for text in error.messages]
        else:
            accepted.append(upload)
    return accepted, refused


# --- The coordinator's "Onbekende berichten" ------------------------------------------


def _held(message: InboundMessage) -> InboundMessage:
    message = InboundMessage.objects.select_for_update().get(pk=message.pk)
    if message.status != InboundMessage.Status.HELD:
        raise TransitionRefusedError(_("Dit bericht is al afgehandeld."))
    return message


def _handled(message: InboundMessage, *, status: str, actor, case=None, followup=None) -> None:
    """What was held goes: the content is on the timeline now, or was dropped."""
    message.status = status
    message.case, message.followup = case, followup
    message.handled_by, message.handled_at = actor, timezone.now()
    message.text, message.raw, message.subject, message.from_address = "", b"", "", ""
    message.save()


@transaction.atomic
def inbound_link(
    *, message: InboundMessage, actor, case: Case | None = None, followup: FollowUp | None = None
) -> InboundMessage:
    """A coordinator places a held message: as a reply of the case's parent (`case`) or
    as the answer of the partner of `followup`, through the same services as the site."""
    message = _held(message)
    if (case is None) == (followup is None):
        raise ValidationError(_("Kies een vraag of een vraag aan een partner."))
    case = followup.case if followup is not None else case
    if followup is None and case.parent_id is None:
        raise ValidationError(_("Deze vraag is anoniem gemaakt: er is geen ouder meer."))
    parsed = inbound_mail.parse(bytes(message.raw)) if message.raw else None
    files = parsed.attachments if parsed else []
    _post(case=case, followup=followup, text=message.text, files=files)
    _handled(
        message, status=InboundMessage.Status.LINKED, actor=actor, case=case, followup=followup
    )
    return message


@transaction.atomic
def inbound_drop(*, message: InboundMessage, actor) -> InboundMessage:
    """A coordinator decides a held message belongs nowhere: its content is erased."""
    message = _held(message)
    _handled(message, status=InboundMessage.Status.DROPPED, actor=actor)
    return message
