"""One beat at a time (issue #17, item 4).

Celery beat has no lock of its own: two beat processes, started by mistake (a second
`beat` container, a `--beat` worker next to it), would send every periodic task twice.
The sweeps are safe to run twice, but twice the work, and a digest or a retention run
should not race itself. `LockedScheduler` (`CELERY_BEAT_SCHEDULER`) sends nothing until
it holds the beat lock; a second beat waits as a standby and takes over when the first
one stops (its lock goes with its process).

The lock is a PostgreSQL advisory lock on a connection of its own, so it holds across
hosts and is released by the server the moment that process or its connection dies.
Without PostgreSQL (a developer's SQLite) it is an exclusive `flock` on a file in
`VAR_DIR`, which holds on one host.
"""

import fcntl
import logging
import os
from pathlib import Path

from celery.beat import PersistentScheduler
from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

# pg_try_advisory_lock's key: "beat" in ASCII. Only this module takes it.
LOCK_KEY = 0x62656174
# How often a standby looks whether the lock came free, in seconds.
STANDBY_INTERVAL = 5.0


class PostgresLock:
    """The beat lock as a session advisory lock on a connection only this lock uses."""

    def __init__(self, alias: str = "default"):
        self.alias = alias
        self._connection = None

    def _connect(self):
        wrapper = connections[self.alias]
        raw = wrapper.get_new_connection(wrapper.get_connection_params())
        raw.autocommit = True
        return raw

    def _query(self, sql: str):
        with self._connection.cursor() as cursor:
            cursor.execute(sql, [LOCK_KEY])
            return cursor.fetchone()[0]

    def acquire(self) -> bool:
        """Holds the lock after this returns True; False while another process holds it."""

        try:
            if self._connection is None or self._connection.closed:
                self._connection = self._connect()
            if self.held():
                return True
            return bool(self._query("SELECT pg_try_advisory_lock(%s)"))
        except Exception:
            logger.warning("beat lock: the database cannot be reached", exc_info=True)
            self.release()
            return False

    def held(self) -> bool:
        """Whether this connection still holds the lock (a restarted server drops it)."""

        if self._connection is None or self._connection.closed:
            return False
        try:
            return bool(
                self._query(
                    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' "
                    "AND pid = pg_backend_pid() AND granted "
                    "AND ((classid::bigint << 32) | objid::bigint) = %s)"
                )
            )
        except Exception:
            self.release()
            return False

    def release(self) -> None:
        if self._connection is not None:
            try:
                # Unlocked at once; closing alone frees it only when the server's
                # process for this connection has gone, a moment later.
                if not self._connection.closed:
                    self._query("SELECT pg_advisory_unlock(%s)")
                self._connection.close()
            except Exception:
                logger.debug("beat lock: closing its connection failed", exc_info=True)
        self._connection = None


class FileLock:
    """The beat lock as an exclusive flock on a file: for one host without PostgreSQL."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._fd: int | None = None

    def acquire(self) -> bool:
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def beat_lock():
    """The lock that fits the database in use."""

    if connections["default"].vendor == "postgresql":
        return PostgresLock()
    return FileLock(Path(settings.VAR_DIR) / "beat.lock")


class LockedScheduler(PersistentScheduler):
    """Celery's own scheduler (schedule file, crontab entries in CELERY_TIMEZONE) that
    sends due tasks only while this process holds the beat lock."""

    def __init__(self, *args, **kwargs):
        self.lock = kwargs.pop("lock", None) or beat_lock()
        self._holding = False
        super().__init__(*args, **kwargs)

    def tick(self, *args, **kwargs):
        if not (self.lock.held() or self.lock.acquire()):
            if self._holding:
                logger.warning("beat lock lost: another beat sends the periodic tasks now")
            elif self._holding is False:
                logger.info("beat lock is held by another beat: standing by")
            # None: said once; the next change of state is logged again.
            self._holding = None
            return STANDBY_INTERVAL
        if not self._holding:
            logger.info("beat lock acquired: this beat sends the periodic tasks")
            self._holding = True
        return super().tick(*args, **kwargs)

    def close(self):
        try:
            super().close()
        finally:
            self.lock.release()
