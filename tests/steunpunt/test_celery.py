"""A task really travels through Redis to a real worker (when REDIS_URL is set)."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from config.celery import app as celery_app
from steunpunt.tasks import send_email

pytestmark = pytest.mark.skipif(
    not settings.REDIS_URL,
    reason="REDIS_URL is not set: tasks run in-process, there is no broker to travel through",
)


@pytest.fixture
def redis_worker():
    celery_app.conf.update(task_always_eager=False, broker_url=settings.REDIS_URL)
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            yield
    finally:
        celery_app.conf.task_always_eager = True


def test_task_runs_on_a_real_worker_through_redis(redis_worker):
    result = send_email.delay(
        subject="Proef via Redis",
        body="Deze mail ging via de wachtrij.",
        to=["ouder@test.example.nl"],
        from_email="noreply@test.example.nl",
    )

    # The worker runs in a thread of this process and sends to the same test outbox.
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.05)

    assert celery_app.connection_for_write().transport.driver_type == "redis"
    assert result.id
    assert [m.subject for m in mail.outbox] == ["Proef via Redis"]
    assert mail.outbox[0].to == ["ouder@test.example.nl"]
