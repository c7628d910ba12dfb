import pytest
from django.core.cache import cache

from config.celery import app as celery_app


@pytest.fixture(autouse=True)
def _test_environment(settings):
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
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_settings(db):
    from steunpunt.models import SiteSettings

    return SiteSettings.objects.create(
        name="Oudersteunpunt Proefregio",
        phone="072 000 0199",
        email="info@proefregio.example.nl",
        opening_hours="Maandag tot en met vrijdag: 9.00 tot 16.00 uur",
    )
