"""Periodic sweeps of the knowledge base. Thin and safe to run twice."""

from celery import shared_task

from . import services


@shared_task
def send_review_reminders() -> int:
    return services.send_review_reminders()


@shared_task
def purge_search_logs() -> int:
    return services.purge_search_logs()
