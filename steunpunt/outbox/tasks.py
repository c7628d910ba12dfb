"""The outbox's Celery tasks: `send_email` sends a plain queued email, `deliver` sends
one claimed row. Both are safe to run twice."""

import logging
import smtplib

from celery import shared_task
from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
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
