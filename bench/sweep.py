"""The bench's sweep step: the case reminder sweep run twice on a copy of the seeded
database, the emails sent through Django's SMTP backend to `bench/smtp_sink.py` on a
real socket. Without `redis_url` the deliveries run in-process, in the sweep's own time;
with it the sweep queues them through Redis to one real Celery worker (`--queues email`,
solo pool) started here, as in production, and the worker's emails/s is measured from
the start of the sweep until the last row is sent."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class SmtpSink:
    """`bench/smtp_sink.py` as a child process; `received` after leaving the block."""

    def __init__(self, port: int):
        self.port = port
        self.received = 0

    def __enter__(self):
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, str(ROOT / "bench/smtp_sink.py"), "--port", str(self.port)],
            stdout=subprocess.PIPE,
            text=True,
        )
        self.process.stdout.readline()  # "ready"
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        out, _err = self.process.communicate(timeout=30)
        self.received = int(out.strip().splitlines()[-1]) if out.strip() else 0


def _copy_database(source_url: str, name: str) -> str:
    from django.db import connection

    source = source_url.rsplit("/", 1)[1]
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    return source_url.rsplit("/", 1)[0] + "/" + name


def _use_smtp(port: int) -> None:
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 20


class EmailWorker:
    """One Celery worker for the email queue, on the copy, sending to the sink."""

    def __init__(self, *, database_url: str, redis_url: str, smtp_port: int):
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }

    def __enter__(self):
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(ROOT / ".venv/bin/celery"),
                "-A",
                "config",
                "worker",
                "--queues",
                "email",
                "--pool",
                "solo",
                "--loglevel",
                "WARNING",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=60)


def _use_broker(redis_url: str) -> None:
    import redis

    from config.celery import app

    redis.Redis.from_url(redis_url).flushdb()  # our own db number: nothing queued before
    app.conf.update(task_always_eager=False, broker_url=redis_url)


def _wait_until_sent(model, timeout: float = 1800) -> float:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if not model.objects.filter(sent_at__isnull=True, cancelled_at__isnull=True).exists():
            break
        time.sleep(0.25)
    return time.perf_counter()


def run_sweep(
    database_url: str, *, copy_name: str, smtp_port: int, counter, redis_url: str = ""
) -> dict:
    """Both runs of the case sweep on `copy_name`, a fresh copy of the seeded database."""
    from django.db import connection, connections

    from casussen.models import FollowUp, Reminder
    from casussen.services import sweep

    connections.close_all()
    with connection.cursor():
        pass
    copy_url = _copy_database(database_url, copy_name)
    connections.close_all()
    seeded_name = connections["default"].settings_dict["NAME"]
    connections["default"].settings_dict.update(NAME=copy_name)
    _use_smtp(smtp_port)
    due = FollowUp.objects.filter(status__in=["open", "overdue"]).count()
    result = {
        "copy": copy_url,
        "open_followups": due,
        "smtp": f"127.0.0.1:{smtp_port}",
        "deliveries": "one Celery worker (solo)" if redis_url else "in-process",
    }
    if redis_url:
        _use_broker(redis_url)
    for run in ("first", "second"):
        with SmtpSink(smtp_port) as sink:
            worker = (
                EmailWorker(database_url=copy_url, redis_url=redis_url, smtp_port=smtp_port)
                if redis_url
                else None
            )
            if worker:
                worker.__enter__()
            try:
                started = time.perf_counter()
                with counter() as queries:
                    counts = sweep.sweep_reminders()
                elapsed = time.perf_counter() - started
                delivered = _wait_until_sent(Reminder) - started if worker else elapsed
            finally:
                if worker:
                    worker.__exit__()
        sent = sink.received
        result[run] = {
            "seconds": elapsed,
            "counts": dict(counts),
            "emails": sent,
            "followups_per_s": due / elapsed,
            "emails_per_s": sent / delivered if delivered else None,
            "delivered_after_s": delivered,
            "queries": queries.count,
            "queries_per_email": queries.count / sent if sent else None,
        }
    result["reminders_unsent"] = Reminder.objects.filter(
        sent_at__isnull=True, cancelled_at__isnull=True
    ).count()
    connections.close_all()
    connections["default"].settings_dict.update(NAME=seeded_name)
    return result
