"""Celery tasks of the parent network. Thin: ids in, one service call, safe to run twice."""

from celery import shared_task

from steunpunt.outbox import tasks as outbox_tasks

from . import services


@shared_task
def sweep() -> dict[str, int]:
    return services.sweep()


@shared_task
def deliver_reminder(*, reminder_id: int) -> None:
    """Kept for reminders queued under this name before `steunpunt.outbox` delivered
    them all: hands the row to the outbox's one delivery task."""
    outbox_tasks.deliver.delay(model="oudernetwerk.Reminder", row_id=reminder_id)
