"""Celery tasks of the core. Thin: they call one function and are safe to run twice."""

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from . import notifications, outbox, retention
from .models import DigestEmail, OutgoingEmail

# The outbox's tasks are registered with the core's: Celery finds `steunpunt.tasks`.
from .outbox.tasks import deliver, send_email

__all__ = [
    "clear_expired_sessions",
    "deliver",
    "redeliver_emails",
    "run_retention",
    "send_digests",
    "send_email",
]


@shared_task
def clear_expired_sessions() -> int:
    """Remove expired sessions, so no stale sign-in lingers in the database."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task
def run_retention() -> dict[str, int]:
    """The nightly retention run: every term of settings.RETENTION."""
    return {result.name: result.count for result in retention.run()}


@shared_task
def send_digests() -> int:
    """Every quarter of an hour: the coordinators' daily digests whose time has come,
    and another attempt for one a crashed worker left unsent."""
    now = timezone.now()
    sent = notifications.digests_send(now=now)
    outbox.redeliver_stale(model=DigestEmail, now=now)
    return sent


@shared_task(name="steunpunt.outbox.redeliver_emails")
def redeliver_emails() -> int:
    """Run by beat: plain emails left unsent (the broker was down when they were queued,
    a worker died, the mail server refused) are queued again."""
    return outbox.redeliver_stale(model=OutgoingEmail, now=timezone.now())
