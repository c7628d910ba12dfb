"""Issue #10, finding 11: rate limits and TOTP replay marks hold across every process.
Without REDIS_URL the cache is a database table that all workers share."""

import os
import subprocess
import sys
import threading

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection

from steunpunt import checks, ratelimit
from tests.factories import coordinator
from tests.steunpunt.test_settings import ROOT, _settings


def test_without_redis_the_cache_is_the_database():
    backend, location = _settings("CACHES['default']['BACKEND']", "CACHES['default']['LOCATION']")

    assert backend == "'django.core.cache.backends.db.DatabaseCache'"
    assert location == "'steunpunt_cache'"


def test_with_redis_the_cache_is_redis():
    (backend,) = _settings("CACHES['default']['BACKEND']", REDIS_URL="redis://redis:6379/0")

    assert backend == "'steunpunt.cache.ResilientRedisCache'"


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    ],
)
def test_deploy_check_refuses_a_cache_per_process(settings, backend):
    settings.CACHES = {"default": {"BACKEND": backend}}

    (error,) = checks.shared_cache()

    assert error.id == "steunpunt.E001"


def test_deploy_check_accepts_the_database_cache():
    assert checks.shared_cache() == []


# With REDIS_URL set (CI on PostgreSQL) the cache is Redis, shared by its nature.
database_cache = pytest.mark.skipif(
    bool(settings.REDIS_URL), reason="REDIS_URL is set: the cache is Redis"
)


def _hit() -> bool:
    return ratelimit.hit(scope="test", key="192.0.2.1", limit=3, window=60)


@database_cache
@pytest.mark.django_db(transaction=True)
def test_rate_limit_counts_across_database_connections():
    assert isinstance(caches["default"], DatabaseCache)
    assert [_hit() for _ in range(3)] == [True, True, True]
    seen = []

    def other_worker():
        # Another thread has its own database connection, as another worker would.
        seen.append(_hit())
        connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    thread.join()

    assert seen == [False]


def _database_url(tmp_path) -> str:
    """A URL another process can open. SQLite's test database may live in this process's
    memory: the child then gets a file copy of it, taken after this process's writes, as a
    worker starting now would find the shared database."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        copy = tmp_path / "shared.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(copy)])
        return f"sqlite:///{copy}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@database_cache
@pytest.mark.django_db(transaction=True)
def test_rate_limit_and_totp_replay_hold_in_another_process(tmp_path):
    user = coordinator()
    code = TOTP(user.authenticator_set.get(type="totp"))._get_used_cache_key("123456")
    caches["default"].add(code, "y", timeout=30)
    for _ in range(3):
        _hit()
    child = (
        "import django; django.setup(); "
        "from django.core.cache import cache; from steunpunt import ratelimit; "
        "print(ratelimit.hit(scope='test', key='192.0.2.1', limit=3, window=60)); "
        f"print(cache.add({code!r}, 'y', timeout=30))"
    )
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(DATABASE_URL=_database_url(tmp_path), DJANGO_SETTINGS_MODULE="config.settings")

    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", child],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    # The other process sees the limit reached and the code already used.
    assert result.stdout.split() == ["False", "False"]
