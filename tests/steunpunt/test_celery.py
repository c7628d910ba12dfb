"""A task really travels through Redis to a real worker (when REDIS_URL is set)."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.db import transaction

from config.celery import app as celery_app
from steunpunt import outbox

pytestmark = [
    # The email is a row first: the worker's own connection must see it committed.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.REDIS_URL,
        reason="REDIS_URL is not set: tasks run in-process, there is no broker to travel through",
    ),
]


@pytest.fixture
def redis_worker():
    celery_app.conf.update(task_always_eager=False, broker_url=settings.REDIS_URL)
    try:
        with start_worker(
            celery_app,
            pool="solo",
            perform_ping_check=False,
            loglevel="WARNING",
            queues=["email", "sweeps"],
        ):
            yield
    finally:
        celery_app.conf.task_always_eager = True


def test_email_travels_after_commit_through_redis_to_a_real_worker(redis_worker):
    with transaction.atomic():
        row = outbox.queue_email(
            subject="Proef via Redis",
            body="Deze mail ging via de wachtrij.",
            to=["ouder@test.example.nl"],
        )

    # The worker runs in a thread of this process and sends to the same test outbox.
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.05)

    assert celery_app.connection_for_write().transport.driver_type == "redis"
    assert [m.subject for m in mail.outbox] == ["Proef via Redis"]
    assert mail.outbox[0].to == ["ouder@test.example.nl"]
    row.refresh_from_db()
    assert row.sent_at is not None
