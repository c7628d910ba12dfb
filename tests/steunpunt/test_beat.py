"""One beat at a time: a second beat process stands by until the first one stops."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from celery.beat import ScheduleEntry
from django.conf import settings
from django.db import connection
from django.utils import timezone

from config.celery import app
from steunpunt.beat import STANDBY_INTERVAL, FileLock, LockedScheduler, PostgresLock
from tests.steunpunt.test_backup_restore import _url
from tests.steunpunt.test_settings import ROOT


class RecordingScheduler(LockedScheduler):
    """Records what beat would send instead of sending it."""

    def __init__(self, *args, **kwargs):
        self.sent = []
        super().__init__(*args, **kwargs)

    def apply_entry(self, entry, producer=None):
        self.sent.append(entry.name)


def _scheduler(tmp_path, lock, name="a"):
    scheduler = RecordingScheduler(
        app=app, lock=lock, schedule_filename=str(tmp_path / f"schedule-{name}"), lazy=True
    )
    scheduler.setup_schedule()
    scheduler.merge_inplace(
        {"sweep": {"task": "casussen.tasks.sweep_reminders", "schedule": timedelta(minutes=15)}}
    )
    # Last run long ago: due at once.
    scheduler.schedule["sweep"] = ScheduleEntry(
        name="sweep",
        task="casussen.tasks.sweep_reminders",
        schedule=timedelta(minutes=15),
        last_run_at=timezone.now() - timedelta(hours=1),
        app=app,
    )
    return scheduler


def test_a_second_file_lock_waits_until_the_first_is_released(tmp_path):
    first, second = FileLock(tmp_path / "beat.lock"), FileLock(tmp_path / "beat.lock")

    assert first.acquire() is True
    assert second.acquire() is False
    first.release()
    assert second.acquire() is True
    second.release()


def test_a_standby_beat_sends_nothing(tmp_path):
    holder = FileLock(tmp_path / "beat.lock")
    holder.acquire()
    standby = _scheduler(tmp_path, FileLock(tmp_path / "beat.lock"))

    delays = [standby.tick() for _ in range(3)]

    assert standby.sent == []
    assert delays == [STANDBY_INTERVAL] * 3
    holder.release()


def test_the_standby_takes_over_when_the_first_beat_stops(tmp_path):
    holder = FileLock(tmp_path / "beat.lock")
    holder.acquire()
    standby = _scheduler(tmp_path, FileLock(tmp_path / "beat.lock"))
    standby.tick()

    holder.release()
    standby.tick()

    assert standby.sent == ["sweep"]
    standby.close()


def test_of_two_beats_only_the_lock_holder_sends(tmp_path):
    first = _scheduler(tmp_path, FileLock(tmp_path / "beat.lock"), "a")
    second = _scheduler(tmp_path, FileLock(tmp_path / "beat.lock"), "b")

    for _ in range(3):
        first.tick()
        second.tick()

    assert first.sent == ["sweep"]
    assert second.sent == []
    first.close()
    second.close()


def test_beat_uses_the_locked_scheduler():
    assert settings.CELERY_BEAT_SCHEDULER == "steunpunt.beat:LockedScheduler"


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's")


@pytest.mark.django_db
def test_a_second_advisory_lock_waits_until_the_first_is_released(postgres):
    first, second = PostgresLock(), PostgresLock()

    assert first.acquire() is True
    assert second.acquire() is False
    first.release()
    assert second.acquire() is True
    second.release()


@pytest.mark.django_db
def test_a_lock_whose_connection_died_is_free_for_the_other_beat(postgres):
    first, second = PostgresLock(), PostgresLock()
    first.acquire()
    pid = first._connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])

    assert first.held() is False
    assert second.acquire() is True
    assert first.acquire() is False
    second.release()


def _beat(tmp_path, name):
    env = {
        **os.environ,
        "DATABASE_URL": _url(),
        "DJANGO_VAR_DIR": str(tmp_path),
        "DJANGO_LOG_LEVEL": "INFO",
    }
    return subprocess.Popen(  # noqa: S603 - our own interpreter and app
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(tmp_path / f"schedule-{name}"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_for(process, words, timeout=60):
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if words in line:
            return seen
    raise AssertionError(f"{words!r} not in the output:\n{''.join(seen)}")


@pytest.mark.django_db(transaction=True)
def test_two_beat_processes_send_from_one_and_the_other_takes_over(postgres, tmp_path):
    if not os.environ.get("REDIS_URL"):
        pytest.skip("a real beat needs the Redis broker")
    first = _beat(tmp_path, "a")
    second = None
    try:
        _wait_for(first, "beat lock acquired")
        second = _beat(tmp_path, "b")
        _wait_for(second, "held by another beat: standing by")

        first.send_signal(signal.SIGTERM)
        first.wait(timeout=30)

        _wait_for(second, "beat lock acquired")
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
