"""Celery tasks of the parent network. Thin: ids in, one service call, safe to run twice."""

import smtplib

from celery import shared_task

from . import services


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=10,
)
def deliver_reminder(*, reminder_id: int) -> bool:
    return services.deliver_reminder(reminder_id=reminder_id)


@shared_task
def sweep() -> dict[str, int]:
    return services.sweep()
