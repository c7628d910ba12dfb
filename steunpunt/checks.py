"""System checks of the core."""

from django.conf import settings
from django.core import checks

from .site_url import is_local

# Caches that live inside one process: with several gunicorn workers every worker would
# count its own rate limits and remember its own used TOTP codes.
PER_PROCESS_CACHES = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)


def shared_cache(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            checks.Error(
                "The default cache lives in one process, so rate limits and TOTP replay "
                "protection count per worker.",
                hint="Set REDIS_URL, or leave it unset to use the database cache.",
                id="steunpunt.E001",
            )
        ]
    return []


def public_site_url(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Every link in an email is built on SITE_URL: on localhost, a school would get a
    link to its own computer, on a private network one it cannot open. Only `DEBUG` (a
    developer's machine) may keep it there."""
    if settings.DEBUG or not is_local(settings.SITE_URL):
        return []
    return [
        checks.Error(
            f"DJANGO_SITE_URL is {settings.SITE_URL!r}: the links in every email would "
            "point to this machine or a network the recipients cannot reach.",
            hint="Set DJANGO_SITE_URL to the public address, e.g. "
            "https://oudersteunpunt.example.nl.",
            id="steunpunt.E002",
        )
    ]


def register() -> None:
    checks.register(shared_cache, checks.Tags.security, deploy=True)
    checks.register(public_site_url, checks.Tags.security, deploy=True)
