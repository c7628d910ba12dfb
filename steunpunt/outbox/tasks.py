"""The outbox's Celery tasks: `send_email` sends a plain queued email, `deliver` sends
one claimed row. Both are safe to run twice."""

import logging
import smtplib

from celery import shared_task
from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import registry

logger = logging.getLogger(__name__)

RETRY = {
    "autoretry_for": (smtplib.SMTPException, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 60 * 60,
    "retry_jitter": True,
    "max_retries": 10,
}


# The name it had before the outbox was a package: emails queued then still go out.
@shared_task(name="steunpunt.tasks.send_email", **RETRY)
def send_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    reply_to: list[str] | None = None,
    from_email: str,
) -> None:
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=from_email, to=to, reply_to=reply_to or []
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


@shared_task(name="steunpunt.outbox.deliver", **RETRY)
def deliver(*, model: str, row_id: int) -> bool:
    """Send a claimed row of the outbox model `model` ("app_label.Model") and mark it
    sent. A row another worker is sending right now is skipped; one already sent,
    cancelled, or no longer relevant (the app's registered check says so: things changed
    between claiming and delivering) is never sent."""
    outbox = apps.get_model(model)
    # Counted before sending, in its own commit: a failing send still counts.
    outbox.objects.filter(pk=row_id, sent_at__isnull=True).update(attempts=F("attempts") + 1)
    with transaction.atomic():
        row = (
            outbox.objects.select_for_update(skip_locked=True)
            .filter(pk=row_id, sent_at__isnull=True, cancelled_at__isnull=True)
            .first()
        )
        if row is None:
            return False
        if not registry.STILL_RELEVANT[model](row):
            row.cancelled_at = timezone.now()
            row.save(update_fields=["cancelled_at"])
            return False
        message = EmailMultiAlternatives(
            subject=row.subject,
            body=row.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=row.recipients,
            reply_to=getattr(row, "reply_to", None) or [],
        )
        if row.html:
            message.attach_alternative(row.html, "text/html")
        for attachment in getattr(row, "attachments", None) or ():
            message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
        try:
            message.send()
        except Exception:
            # In-process (no broker) the failure would surface inside the request that
            # caused the email: log it; the row stays unsent and is redelivered later.
            if not deliver.app.conf.task_always_eager:
                raise
            logger.exception("Outbox row %s could not be sent (in-process)", row_id)
            return False
        row.sent_at = timezone.now()
        row.save(update_fields=["sent_at"])
    return True


@shared_task(name="steunpunt.outbox.deliver_many", **RETRY)
def deliver_many(*, model: str, row_ids: list[int]) -> int:
    """Send a batch of claimed rows over one connection to the mail server, with the same
    rules as `deliver`: attempts counted first, rows another worker holds skipped, rows
    sent, cancelled or no longer relevant never sent. A failure part-way marks what went
    out; the rest stay unsent and are redelivered (or retried) later."""
    outbox = apps.get_model(model)
    outbox.objects.filter(pk__in=row_ids, sent_at__isnull=True).update(attempts=F("attempts") + 1)
    sent: list[int] = []
    with transaction.atomic():
        rows = list(
            outbox.objects.select_for_update(skip_locked=True)
            .filter(pk__in=row_ids, sent_at__isnull=True, cancelled_at__isnull=True)
            .order_by("pk")
        )
        if not rows:
            return 0
        many = registry.STILL_RELEVANT_MANY.get(model)
        if many is not None:
            relevant = many(rows)
        else:
            relevant = {row.pk for row in rows if registry.STILL_RELEVANT[model](row)}
        stale = [row.pk for row in rows if row.pk not in relevant]
        if stale:
            outbox.objects.filter(pk__in=stale).update(cancelled_at=timezone.now())
        error = None
        try:
            with get_connection() as connection:
                for row in rows:
                    if row.pk in relevant:
                        _message(row, connection).send()
                        sent.append(row.pk)
        except Exception as exc:
            # What went out is marked (and committed) before the task is retried.
            if not deliver_many.app.conf.task_always_eager:
                error = exc
            else:
                logger.exception("Outbox rows could not all be sent (in-process)")
        _mark_sent(outbox, sent)
    if error is not None:
        raise error
    return len(sent)


def _mark_sent(outbox, row_ids: list[int]) -> None:
    if row_ids:
        outbox.objects.filter(pk__in=row_ids).update(sent_at=timezone.now())


def _message(row, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=row.recipients,
        reply_to=getattr(row, "reply_to", None) or [],
        connection=connection,
    )
    if row.html:
        message.attach_alternative(row.html, "text/html")
    for attachment in getattr(row, "attachments", None) or ():
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return message
