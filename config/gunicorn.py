"""gunicorn settings for the image (`gunicorn -c config/gunicorn.py`).

No access log: the site's own logs say what happened without listing every path. The
logger class hides signed links in whatever gunicorn does log (an error while handling
a request prints its URI), and in the access log too if someone switches it on.

Before it serves, the deploy checks run: an error (a cache per process, links in emails
that point to localhost) stops gunicorn instead of going unnoticed."""

import os

# Web requests only (not migrations, sweeps or retention): a statement that runs longer
# than 20 s is cancelled, before gunicorn's own timeout below kills the worker.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "20000")

import django
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from gunicorn.glogging import Logger

from steunpunt.redaction import RedactSecretsFilter, redact

bind = "0.0.0.0:8000"
workers = 3
# A worker that does not answer within this many seconds is killed and replaced.
timeout = 30
# Only the TLS proxy in front talks to gunicorn; it is trusted for X-Forwarded-*.
forwarded_allow_ips = "*"
accesslog = None


class RedactingLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.addFilter(RedactSecretsFilter())

    def atoms(self, resp, req, environ, request_time):
        # The request line, path, query, Referer and every header or environ value.
        return {
            key: redact(value) if isinstance(value, str) else value
            for key, value in super().atoms(resp, req, environ, request_time).items()
        }


logger_class = RedactingLogger


def on_starting(server) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    try:
        call_command("check", deploy=True, fail_level="ERROR")
    except SystemCheckError as error:
        # gunicorn prints a RuntimeError as one line and exits with status 1.
        raise RuntimeError(str(error)) from error
