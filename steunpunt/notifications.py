"""Email: every message is a subject/text/html triple rendered from templates and sent
by a Celery task after the surrounding transaction commits, so a slow or failing mail
server never blocks a request and a rolled-back action sends nothing."""

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

logger = logging.getLogger(__name__)


def render_email(*, template: str, context: dict) -> tuple[str, str, str | None]:
    """Render ``<template>_subject.txt``, ``<template>_message.txt`` and, when it exists,
    ``<template>_message.html`` (always in Dutch, the steunpunt's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}_message.txt", context)
        try:
            html = render_to_string(f"{template}_message.html", context)
        except TemplateDoesNotExist:
            html = None
    return " ".join(subject.split()), text, html


def send_templated_email(
    *,
    template: str,
    to: Sequence[str],
    context: dict,
    reply_to: Sequence[str] = (),
) -> None:
    subject, text, html = render_email(template=template, context=context)
    queue_email(subject=subject, body=text, html=html, to=list(to), reply_to=list(reply_to))


def queue_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    reply_to: list[str] | None = None,
    from_email: str | None = None,
) -> None:
    """Hand a rendered email to the task queue once the current transaction commits."""
    from .tasks import send_email

    kwargs = {
        "subject": subject,
        "body": body,
        "html": html,
        "to": to,
        "reply_to": reply_to or [],
        "from_email": from_email or settings.DEFAULT_FROM_EMAIL,
    }
    transaction.on_commit(lambda: _enqueue(send_email, kwargs))


def _enqueue(task, kwargs: dict) -> None:
    """Queue the task. In-process (no broker) a failing mail server would surface here,
    inside the request that caused the email: log it instead of failing the request."""
    try:
        task.delay(**kwargs)
    except Exception:
        if not task.app.conf.task_always_eager:
            raise
        logger.exception("Email could not be sent (in-process); it is not retried")


def queue_message(message: EmailMessage) -> None:
    """Queue an already rendered Django email message (used for allauth's emails)."""
    html = None
    if isinstance(message, EmailMultiAlternatives):
        html = next(
            (content for content, mimetype in message.alternatives if mimetype == "text/html"),
            None,
        )
    if message.content_subtype == "html":
        html, body = message.body, ""
    else:
        body = message.body
    queue_email(
        subject=message.subject,
        body=body,
        html=html,
        to=list(message.to),
        reply_to=list(message.reply_to),
        from_email=message.from_email,
    )


def deliver(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str | None,
    reply_to: list[str],
    from_email: str,
    attachments: Sequence[dict] = (),
) -> None:
    """Send one email now. `attachments` are dicts with `filename`, `content` (text) and
    `mimetype`, e.g. a calendar invitation."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=from_email, to=to, reply_to=reply_to
    )
    if html:
        message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    message.send()


def enqueue_after_commit(task, **kwargs) -> None:
    """Queue any Celery task once the current transaction commits, with the same
    in-process safety as emails."""
    transaction.on_commit(lambda: _enqueue(task, kwargs))


# An outbox row left unsent this long (a crashed worker) is delivered again, at most
# MAX_DELIVERY_ATTEMPTS times in all: an address that is always refused is given up on.
REDELIVER_AFTER = timedelta(minutes=10)
MAX_DELIVERY_ATTEMPTS = 10


def claim_email_once(
    *, model, key: str, template: str, to: Sequence[str], context: dict, deliver_task, **fields
):
    """Render an email into a new outbox row of `model` (a model with a unique `key`,
    `recipients`, `subject`, `body`, `html`, `sent_at`, `cancelled_at` and `attempts`,
    optionally `attachments`) and have `deliver_task` send it after commit. None when
    the key was already taken: someone else sends it, or has sent
    it, so however often a sweep runs, each key goes out once."""
    if not to:
        logger.warning("Email %s has no recipients; nothing claimed", key)
        return None
    subject, body, html = render_email(template=template, context=context)
    try:
        with transaction.atomic():
            row = model.objects.create(
                key=key,
                recipients=list(to),
                subject=subject,
                body=body,
                html=html or "",
                **fields,
            )
    except IntegrityError:
        return None
    enqueue_after_commit(deliver_task, reminder_id=row.pk)
    return row


def deliver_outbox_row(*, model, row_id: int, still_relevant: Callable[[object], bool]) -> bool:
    """Send a claimed outbox row and mark it sent. A row another worker is sending right
    now is skipped; one already sent, cancelled, or no longer relevant (`still_relevant`
    says False: things changed between claiming and delivering) is never sent."""
    # Counted before sending, in its own commit: a failing send still counts.
    model.objects.filter(pk=row_id, sent_at__isnull=True).update(attempts=F("attempts") + 1)
    with transaction.atomic():
        row = (
            model.objects.select_for_update(skip_locked=True)
            .filter(pk=row_id, sent_at__isnull=True, cancelled_at__isnull=True)
            .first()
        )
        if row is None:
            return False
        if not still_relevant(row):
            row.cancelled_at = timezone.now()
            row.save(update_fields=["cancelled_at"])
            return False
        deliver(
            subject=row.subject,
            body=row.body,
            to=row.recipients,
            html=row.html or None,
            reply_to=[],
            from_email=settings.DEFAULT_FROM_EMAIL,
            attachments=getattr(row, "attachments", None) or (),
        )
        row.sent_at = timezone.now()
        row.save(update_fields=["sent_at"])
    return True


def redeliver_stale(*, model, deliver_task, now: datetime) -> int:
    """Queue another attempt for rows a crashed worker left unsent."""
    stale = model.objects.filter(
        sent_at__isnull=True,
        cancelled_at__isnull=True,
        attempts__lt=MAX_DELIVERY_ATTEMPTS,
        created_at__lt=now - REDELIVER_AFTER,
    )
    count = 0
    for row_id in stale.values_list("pk", flat=True):
        enqueue_after_commit(deliver_task, reminder_id=row_id)
        count += 1
    return count
