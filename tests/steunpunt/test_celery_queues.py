"""Deliveries and sweeps travel on queues of their own (docker-compose.yml runs a worker
per queue)."""

import pytest

from config.celery import app as celery_app


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("steunpunt.outbox.deliver_many", "email"),
        ("steunpunt.outbox.deliver", "email"),
        ("steunpunt.tasks.send_email", "email"),
        ("casussen.tasks.deliver_reminder", "email"),
        ("oudernetwerk.tasks.deliver_reminder", "email"),
        ("casussen.tasks.sweep_reminders", "sweeps"),
        ("oudernetwerk.tasks.sweep", "sweeps"),
        ("steunpunt.tasks.run_retention", "sweeps"),
        ("kennisbank.tasks.send_review_reminders", "sweeps"),
    ],
)
def test_deliveries_and_sweeps_go_to_their_own_queue(task, queue):
    assert celery_app.amqp.router.route({}, task)["queue"].name == queue
