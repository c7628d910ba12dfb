import shutil
import time

import pytest
import time_machine
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections

from config.celery import app as celery_app
from steunpunt.models import SiteSettings
from tests.clients import SecondFactorClient
from tests.dovecot import start_dovecot
from tests.roles import restore_role_permissions

DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


def _may_use_database(request) -> bool:
    return request.node.get_closest_marker("django_db") is not None or bool(
        DB_FIXTURES & set(request.fixturenames)
    )


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def _role_permissions(request):
    """A transactional test's database was flushed by the one before it on this worker,
    data migrations and all: give it the role groups and permissions the others have
    (tests/roles.py). The browser tests do this in their own conftest."""
    if _is_transactional(request) and not request.node.get_closest_marker("e2e"):
        request.getfixturevalue("transactional_db")
        restore_role_permissions()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings_parallel_suffix):
    """On SQLite the test database lives in memory, unless browser tests are in the run:
    their live server answers from threads with connections of their own, which need the
    database in a file (`DATABASES["default"]["TEST"]["NAME"]` in config/settings.py)."""
    default = connections["default"]
    browser_tests = any(item.get_closest_marker("e2e") for item in request.session.items)
    if default.vendor == "sqlite" and not browser_tests:
        default.settings_dict["TEST"]["NAME"] = None  # Django's shared in-memory database


@pytest.fixture
def totp_window():
    """Start the test at the beginning of a 30-second TOTP window, the clock running:
    a code computed from the clock is still the current one when the app checks it,
    however close to a window's end the test began."""
    with time_machine.travel(time.time() // 30 * 30 + 1, tick=True):
        yield


@pytest.fixture
def client():
    """Django's test client, whose `force_login` also completes the second step for
    users with an authenticator app (see tests/clients.py)."""
    return SecondFactorClient()


@pytest.fixture(autouse=True)
def _test_environment(request, settings):
    # Tests render templates without a collectstatic run.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Fast hashing: the suite creates many users with passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.HTTPS = False
    settings.SECURE_SSL_REDIRECT = False
    # Even when REDIS_URL is set (CI), tasks run in-process unless a test says otherwise.
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    # Rate-limit counters and TOTP replay marks must not leak from one test to the next.
    # Without Redis the cache is a database table: tests without the database have none,
    # and a test's rollback takes its rows away (the next test clears before it starts).
    in_database = isinstance(caches["default"], DatabaseCache)
    if not in_database or _may_use_database(request):
        cache.clear()
    yield
    if not in_database:
        cache.clear()


@pytest.fixture
def site_settings(db):

    return SiteSettings.objects.create(
        name="Oudersteunpunt Proefregio",
        phone="072 000 0199",
        email="info@proefregio.example.nl",
        opening_hours="Maandag tot en met vrijdag: 9.00 tot 16.00 uur",
    )


@pytest.fixture(scope="session")
def dovecot():
    """A throwaway dovecot on loopback for the whole run (tests/dovecot.py); skipped
    when dovecot is not installed, failed instead under REQUIRE_DOVECOT=1 (CI)."""
    server = start_dovecot()
    yield server
    server.stop()
    shutil.rmtree(server.root, ignore_errors=True)


@pytest.fixture
def reply_mailbox(dovecot, settings):
    """The reply mailbox, empty, with IMAP_URL and REPLY_ADDRESS pointing at it."""
    dovecot.empty()
    settings.IMAP_URL = dovecot.url
    settings.REPLY_ADDRESS = "antwoord@steunpunt.example.nl"
    return dovecot
