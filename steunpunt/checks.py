"""System checks of the core."""

from django.conf import settings
from django.core import checks

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


def register() -> None:
    checks.register(shared_cache, checks.Tags.security, deploy=True)
