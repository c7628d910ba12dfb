"""Settings for the oudersteunpunt platform, read from the environment.

With nothing set the site runs on the embedded defaults: SQLite under ``var/``, Celery
tasks in-process, email to the console, DEBUG off. Production differs by environment
only; ``.env.example`` lists every variable and the README explains each one.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list
from config.retention import RETENTION_TERMS

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DJANGO_VAR_DIR") or BASE_DIR / "var")


# --- Core -------------------------------------------------------------------------------

# The fallback key only serves the embedded defaults; `check --deploy` flags it.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "django-insecure-local-development-only"
# Earlier keys, still accepted while rotating. The key also seals consultation answers
# until their consultation closes (docs/adr/0004), so keep the old one here until then.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")
DEBUG = env_bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# The public address of the site, for links in emails (no trailing slash).
SITE_URL = (os.environ.get("DJANGO_SITE_URL") or "http://127.0.0.1:8000").rstrip("/")
# System checks to acknowledge, e.g. steunpunt.E002 to try the docker stack on localhost.
SILENCED_SYSTEM_CHECKS = env_list("DJANGO_SILENCED_SYSTEM_CHECKS")

INSTALLED_APPS = [
    # Our core comes first: it holds the custom User and overrides templates.
    "steunpunt",
    "casussen",
    "oudernetwerk",
    "kennisbank",
    "signalen",
    "opendata",
    "ervaringsdeskundigen",
    "tijdlijn",
    # django.contrib.admin, with the list of apps kept per permission set (issue #12).
    "steunpunt.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
]

MIDDLEWARE = [
    "steunpunt.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside PrivatePagesMiddleware: it sees whether an answer became private.
    "opendata.middleware.OpenDataHeadersMiddleware",
    "steunpunt.middleware.PrivatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "steunpunt.middleware.LanguageCookieMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "steunpunt.middleware.StaffSessionMiddleware",
    "steunpunt.middleware.StaffSecondFactorMiddleware",
]

ROOT_URLCONF = "config.urls"

# The open data API (`/api/v1/`, opendata/api.py): how long an answer is cached (here
# and by whoever reads it), and how many requests a minute one address may make.
OPEN_DATA_CACHE_SECONDS = 300
OPEN_DATA_RATE_LIMIT = env_int("OPEN_DATA_RATE_LIMIT", 120)
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "steunpunt.context_processors.site",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The test database is a file, so the live server threads of the browser tests open
    # connections of their own; tests/conftest.py keeps it in memory for runs without them.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # PostgreSQL's JIT compiler pays off for long analytical queries, not for a page's:
    # on the buddy ranking at 10,000 buddies it spent 320 ms compiling a 540 ms query.
    # Added to any `options` already given in DATABASE_URL, never in their place.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    # A request never waits long for a database that does not answer: connecting gives up
    # after DATABASE_CONNECT_TIMEOUT seconds, and with DATABASE_STATEMENT_TIMEOUT (ms; the
    # web server sets it, config/gunicorn.py) a statement is cancelled after that long.
    _options.setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5))
    _statement_timeout = env_int("DATABASE_STATEMENT_TIMEOUT", 0)
    # The queries every request asks in the same shape (steunpunt/compiled.py) are
    # prepared statements, planned once per connection. Off for a connection pooler in
    # transaction mode that does not keep them (PgBouncer before 1.21).
    if env_bool("DATABASE_PREPARED_STATEMENTS", default=True):
        _options.setdefault("prepare_threshold", 5)
    _options["options"] = " ".join(
        filter(
            None,
            [
                _options.get("options", ""),
                "-c jit=off",
                f"-c statement_timeout={_statement_timeout}" if _statement_timeout else "",
            ],
        )
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery ----------------------------------------------------------------------

REDIS_URL = os.environ.get("REDIS_URL", "").strip()

if REDIS_URL:
    CACHES = {
        "default": {
            # Answers as an empty cache while Redis is down (steunpunt/cache.py).
            "BACKEND": "steunpunt.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "osp",
        }
    }
else:
    # Rate limits and the TOTP replay marks must count across every gunicorn worker and
    # process: without Redis they live in the database (table made by a migration).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "steunpunt_cache",
            # Far above what the site stores, so a flood of keys cannot push the
            # counters of others out (the cache drops a third when it is full).
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
# Rendered form fragments that are the same for every visitor (the empty intake form),
# per process: their key holds everything they depend on, so nothing needs sharing.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template-fragments",
    "OPTIONS": {"MAX_ENTRIES": 200},
}
# Rendered parts of public pages (kennisbank, wegwijzer), per process, under a version
# in the default cache that every change of what they show replaces
# (steunpunt/public_cache.py). Searches make many keys: a few MB at most.
CACHES["public_pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "public-pages",
    "OPTIONS": {"MAX_ENTRIES": 500},
}

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
# Without a broker every task runs in-process, right after the transaction commits.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged only when it finished, so a crashed worker loses nothing.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Longer than the longest retry delay (1 h), so a delayed retry is never handed out twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 12 * 60 * 60}
CELERY_TIMEZONE = "Europe/Amsterdam"
# The worker and beat log through settings.LOGGING (its handlers hide signed links)
# instead of replacing the root logger's handlers with their own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Two queues, so the many small deliveries (waiting on the mail server) and the few long
# sweeps (busy in the database) never wait for each other; docker-compose.yml runs a
# worker per queue. Everything not routed here goes to "sweeps".
CELERY_TASK_DEFAULT_QUEUE = "sweeps"
CELERY_TASK_ROUTES = {
    "steunpunt.outbox.*": {"queue": "email"},
    "steunpunt.tasks.send_email": {"queue": "email"},
    "casussen.tasks.deliver_reminder": {"queue": "email"},
    "oudernetwerk.tasks.deliver_reminder": {"queue": "email"},
}
# Sends periodic tasks only while holding the beat lock: a second beat started by mistake
# stands by instead of sending everything twice (steunpunt/beat.py).
CELERY_BEAT_SCHEDULER = "steunpunt.beat:LockedScheduler"
# The outbox (steunpunt/outbox, ADR 0011): a row left unsent this long is queued again
# by beat; a failed send is retried by the worker after 30 s, 60 s, ... (at most 1 h).
# The fault drills shorten both.
OUTBOX_REDELIVER_AFTER = timedelta(seconds=env_int("OUTBOX_REDELIVER_AFTER_SECONDS", 600))
OUTBOX_RETRY_BACKOFF = env_int("OUTBOX_RETRY_BACKOFF_SECONDS", 30)
CELERY_BEAT_SCHEDULE = {
    "kennisbank-review-reminders": {
        "task": "kennisbank.tasks.send_review_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    "casussen-sweep-reminders": {
        "task": "casussen.tasks.sweep_reminders",
        "schedule": crontab(minute="*/15"),
    },
    # Every term of RETENTION below, in one nightly run (`manage.py retention`).
    "retention": {
        "task": "steunpunt.tasks.run_retention",
        "schedule": crontab(hour=2, minute=30),
    },
    # Replies by email onto the timeline; does nothing while IMAP_URL is unset.
    "casussen-fetch-replies": {
        "task": "casussen.tasks.fetch_replies",
        "schedule": crontab(minute="*/2"),
    },
    "oudernetwerk-sweep": {
        "task": "oudernetwerk.tasks.sweep",
        # Hourly: a proposal expires close to its 5 days, not up to a day later.
        "schedule": crontab(minute=5),
    },
    # Plain emails the broker never got (it was down), or a worker or the mail server
    # dropped, are queued again once they are OUTBOX_REDELIVER_AFTER old.
    "outbox-redeliver-emails": {
        "task": "steunpunt.outbox.redeliver_emails",
        "schedule": timedelta(seconds=env_int("OUTBOX_REDELIVER_EVERY_SECONDS", 120)),
    },
    # The coordinators' daily digests: each at the quarter of an hour they picked.
    "steunpunt-send-digests": {
        "task": "steunpunt.tasks.send_digests",
        "schedule": crontab(minute="*/15"),
    },
}

# --- Retention --------------------------------------------------------------------------

# How long we keep what: one table in config/retention.py, which the nightly job carries
# out and the privacy page renders.
# The backup service (docker-compose.yml) keeps each nightly set this many days; the same
# variable reaches both, so the privacy page states the term the service carries out.
BACKUP_KEEP_DAYS = env_int("BACKUP_KEEP_DAYS", 14)
RETENTION = {**RETENTION_TERMS, "backups": {**RETENTION_TERMS["backups"], "days": BACKUP_KEEP_DAYS}}
# How many rows the job changes per transaction, so a large table never sits in memory.
RETENTION_BATCH_SIZE = 500
# An erasure request is carried out (or refused, with the reason) within this many days.
ERASURE_ANSWER_DAYS = 30

# --- Cases -----------------------------------------------------------------------------

# Default terms when no DeadlineRule applies: first response and resolution, in working
# days unless `resolve_weeks` is given (the Awb norm for complaints is 6 weeks).
CASE_DEADLINES = {
    "question": {"respond_working_days": 2, "resolve_working_days": 10},
    "complaint": {"respond_working_days": 5, "resolve_weeks": 6},
}
CASE_REFERENCE_PREFIX = os.environ.get("CASE_REFERENCE_PREFIX") or "OSP"
# How long the signed links in emails to partners and parents keep working. Every
# reminder carries a fresh link.
FOLLOWUP_LINK_MAX_AGE_DAYS = 30
# Answers through a partner's link, per visitor address, per hour.
FOLLOWUP_LINK_ANSWERS_PER_HOUR = 20
EVALUATION_LINK_MAX_AGE_DAYS = 30
# The professional's link to score the praatplaat (casussen.services.praatplaat).
PRAATPLAAT_LINK_MAX_AGE_DAYS = 30
# A question sent for an existing account by someone not signed in as its owner waits
# for the owner's confirmation; the link in the email works this long.
CASE_CONFIRM_LINK_MAX_AGE_DAYS = 14

# Parent network (oudernetwerk). How much each soft criterion weighs when buddies are
# ranked for a request (`oudernetwerk.services.suggest_buddies`); a buddy meeting every
# one of them scores 100. A buddy covering a neighbouring municipality gets the
# "neighbour" weight instead of the "municipality" weight.
BUDDY_MATCH_WEIGHTS = {
    "theme": 35,
    "municipality": 20,
    "neighbour": 10,
    "age_band": 10,
    "school_type": 15,
    "load": 10,
    "idle": 10,
}
# After this many days without a match a buddy gets the full "idle" weight.
BUDDY_IDLE_FULL_DAYS = 180
# A VOG (certificate of conduct) counts for this many years; coordinators hear this many
# days before it runs out.
BUDDY_VOG_VALID_YEARS = 3
BUDDY_VOG_WARNING_DAYS = 30
# A parent who asks for a buddy hears from us within this many days; a buddy answers a
# proposal within this many. Both round up to the end of a working day (DEADLINE_HOUR).
BUDDY_REQUEST_ANSWER_DAYS = 14
BUDDY_MATCH_ANSWER_DAYS = 5
# A deadline given to a person ends at this hour (local time) of a working day
# (`steunpunt.deadlines.deadline_for_person`).
DEADLINE_HOUR = 17
# The buddy is reminded this many days after a proposal, if it is still unanswered.
BUDDY_MATCH_REMINDER_DAY = 3
# Parents with a place at a meetup get a reminder (with a calendar file) the day before,
# from this hour on (local time), at the first run of the network sweep.
MEETUP_REMINDER_HOUR = 9

# Experienced parents for policy work (ervaringsdeskundigen). The most a volunteer may
# receive as an allowance in a calendar year without it being taxed: set by law each
# year (the Belastingdienst's "vrijwilligersvergoeding"); the default is the 2025
# figure, so set the current year's. The admin shows each parent's year against it and
# refuses a payment above it.
VOLUNTEER_ALLOWANCE_YEAR_MAX = env_int("VOLUNTEER_ALLOWANCE_YEAR_MAX", 2100)
# A coordinator calls a parent who joins the pool before they are asked (as with
# buddies); off: a parent who joins is in the pool at once.
POLICY_POOL_SCREENING = env_bool("POLICY_POOL_SCREENING", default=True)
# An invited parent answers within this many days (never later than two days before the
# first meeting).
POLICY_INVITATION_ANSWER_DAYS = 7
# How much each criterion weighs when the pool is ranked for a request
# (`ervaringsdeskundigen.services.suggest_members`); together 100.
POLICY_MATCH_WEIGHTS = {"themes": 40, "municipality": 20, "load": 20, "rest": 15, "training": 5}

# --- Email ------------------------------------------------------------------------------

EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
    # A mail server that does not answer holds a worker this long, then the send is
    # retried later (the outbox row stays unsent).
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = (
    os.environ.get("DEFAULT_FROM_EMAIL") or "Oudersteunpunt <noreply@oudersteunpunt.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Replies by email (casussen.inbound). Every case email to a parent or a partner gets a
# Reply-To on this one mailbox with a signed token after a plus (antwoord+<token>@...),
# so an answer names its case and who wrote it. Unset: no Reply-To.
REPLY_ADDRESS = os.environ.get("REPLY_ADDRESS", "").strip()
# A reply address keeps working this long after the email it came with.
REPLY_ADDRESS_MAX_AGE_DAYS = env_int("REPLY_ADDRESS_MAX_AGE_DAYS", 180)
# The mailbox those replies arrive in, fetched by beat: imaps://user:password@host:993/INBOX
# (plain imap:// only to a loopback address). Unset: nothing is fetched.
IMAP_URL = os.environ.get("IMAP_URL", "").strip()
# Seconds one IMAP command may take before the fetch gives up (and tries again next run).
IMAP_TIMEOUT = 30

# --- Authentication ---------------------------------------------------------------------

AUTH_USER_MODEL = "steunpunt.User"
# Django's and allauth's, reading the signed-in user and their permissions with queries
# compiled once per process (steunpunt/auth_backends.py).
AUTHENTICATION_BACKENDS = [
    "steunpunt.auth_backends.ModelBackend",
    "steunpunt.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

ACCOUNT_ADAPTER = "steunpunt.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
# Parents, buddies and partners need no password: they sign in with a code by email.
# A password stays optional, for staff (with a second factor) and whoever prefers one.
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1"]
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
MFA_ADAPTER = "steunpunt.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER") or "Oudersteunpunt"

# Django's database sessions, read with a query compiled once per process.
SESSION_ENGINE = "steunpunt.sessions"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 7
# Staff (coordinators, editors, the privacy officer) are signed out after a working day
# and after a pause, in seconds; parents, buddies and partners keep SESSION_COOKIE_AGE.
STAFF_SESSION_MAX_AGE = env_int("STAFF_SESSION_MAX_AGE", 9 * 60 * 60)
STAFF_SESSION_IDLE_TIMEOUT = env_int("STAFF_SESSION_IDLE_TIMEOUT", 30 * 60)
# Messages live in the session, so the site sets no cookie beyond the three the privacy
# statement lists (session, CSRF, language).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Security ---------------------------------------------------------------------------

# HTTPS hardening is on whenever DEBUG is off; `make run` turns it off to serve plain
# HTTP on localhost. Behind a TLS-terminating proxy the forwarded scheme is trusted.
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# No inline script or style anywhere: everything comes from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws its icons (menu toggle, select arrow) and MFA its QR code
        # as data: images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Internationalisation ---------------------------------------------------------------

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads from parents live here and are never served as public media: views stream
# them to those who may see them.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    # Django's, without the half-written file a full disk leaves behind.
    "default": {"BACKEND": "steunpunt.uploads.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Forms ------------------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Django's renderer with its input, select, option and label templates written in Python:
# the same HTML in less than half the time (issue #12: the admin change pages).
FORM_RENDERER = "steunpunt.forms_rendering.FastTemplatesRenderer"

# --- Logging ----------------------------------------------------------------------------

# Log lines carry ids and events, never names, emails or what parents wrote. Every
# handler hides the secret of signed links (/opvolging/<token>/ and the like) and signed
# values, whichever logger wrote the line (steunpunt.redaction); gunicorn uses the same
# filter (config/gunicorn.py).
LOG_LEVEL = (os.environ.get("DJANGO_LOG_LEVEL") or "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_secrets": {"()": "steunpunt.redaction.RedactSecretsFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_secrets"],
        },
        # runserver's request lines.
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Replaces Django's default handlers of these loggers, which print unfiltered (and
        # would mail whole requests to ADMINS).
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.security.DisallowedHost": {
            "handlers": ["console"],
            "level": "ERROR",
            "propagate": False,
        },
    },
}
