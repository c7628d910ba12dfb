"""Celery tasks of the core. Thin: they call one function and are safe to run twice."""

import smtplib

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from . import notifications, retention


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=10,
)
def send_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    reply_to: list[str] | None = None,
    from_email: str,
) -> None:
    notifications.deliver(
        subject=subject,
        body=body,
        to=to,
        html=html,
        reply_to=reply_to or [],
        from_email=from_email,
    )


@shared_task
def clear_expired_sessions() -> int:
    """Remove expired sessions, so no stale sign-in lingers in the database."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task
def run_retention() -> dict[str, int]:
    """The nightly retention run: every term of settings.RETENTION."""
    return {result.name: result.count for result in retention.run()}
