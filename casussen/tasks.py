"""Celery tasks of the cases. Thin: ids in, one service call, safe to run twice."""

from celery import shared_task

from steunpunt.outbox import tasks as outbox_tasks

from . import services


@shared_task
def sweep_reminders() -> dict[str, int]:
    return services.sweep_reminders()


@shared_task
def fetch_replies() -> int:
    """Replies by email onto the timeline (off while IMAP_URL is unset)."""
    return services.inbound_fetch()


@shared_task
def deliver_reminder(*, reminder_id: int) -> None:
    """Kept for reminders queued under this name before `steunpunt.outbox` delivered
    them all: hands the row to the outbox's one delivery task."""
    outbox_tasks.deliver.delay(model="casussen.Reminder", row_id=reminder_id)
