"""Settings for `make bench` only: the project's settings plus two bare views."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
