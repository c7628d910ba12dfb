"""Keep signed links and codes out of every log line.

A path like ``/opvolging/<token>/`` opens a follow-up for 30 days without signing in;
Django's request and CSRF warnings, gunicorn's error and access logs (the Referer of
every image on such a page too) would print it. Which paths carry a secret is derived
from the URL patterns themselves: every route with a parameter named in
``SECRET_URL_PARAMETERS`` (ours and allauth's password-reset key), so a link added later
is covered without anyone remembering this module. Signed values that turn up outside a
path (``value:timestamp:signature``) are hidden as well.
"""

import logging
import re
from urllib.parse import quote, unquote

from django.apps import apps
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

SECRET_URL_PARAMETERS = frozenset({"token", "key", "uidb36", "uidb64", "code"})
PLACEHOLDER = "[verborgen]"

# django.core.signing output: payload, timestamp and a long signature, colon-separated.
_SIGNED_VALUE = re.compile(r"[A-Za-z0-9_\-]+:[A-Za-z0-9_\-]{4,}:[A-Za-z0-9_\-]{20,}")
# The message of django.core.signing.BadSignature quotes the signature it refused.
_REFUSED_SIGNATURE = re.compile(r'Signature "[^"]*"')
_SEGMENT = r"[^/\s?#&\"'<>]+"
# A percent-encoded value, such as a `?next=%2Fvraag%2Fbevestigen%2F<token>%2F` that the
# sign-in pages pass on, or a signed value in a query string (`?t=<a>%3A<b>%3A<c>`).
_ENCODED_RUN = re.compile(r"(?:[^\s%\"'<>&=?#]*%[0-9A-Fa-f]{2})+[^\s%\"'<>&=?#]*")


def _walk(resolver, prefix: str = ""):
    """Regex prefixes of every route with a secret parameter: the path up to it."""

    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, prefix + _as_regex(pattern.pattern))
        elif SECRET_URL_PARAMETERS & set(pattern.pattern.regex.groupindex):
            yield prefix + _up_to_secret(pattern.pattern)


def _as_regex(pattern) -> str:
    """The text of a pattern as a regex fragment, without its anchors."""

    if isinstance(pattern, RoutePattern):
        return re.escape(str(pattern))
    return str(pattern).removeprefix("^").removesuffix("$")


def _up_to_secret(pattern) -> str:
    """What a pattern says before its first secret parameter, as a regex fragment."""

    text = str(pattern)
    if isinstance(pattern, RoutePattern):
        for match in re.finditer(r"<(?:\w+:)?(\w+)>", text):
            if match.group(1) in SECRET_URL_PARAMETERS:
                return re.escape(text[: match.start()])
        return re.escape(text)
    cut = text.find("(?P<")
    return text[: cut if cut >= 0 else len(text)].removeprefix("^")


_compiled: list[re.Pattern] = []


def _secret_paths() -> re.Pattern | None:
    """Built once the URLconf can be loaded, and only then cached: a process that logs
    before Django is set up (gunicorn's master, which forks the workers) caches nothing."""
    if _compiled:
        return _compiled[0]
    try:
        if not apps.ready:
            return None
        prefixes = sorted(set(_walk(get_resolver())), key=len, reverse=True)
    except Exception:  # no settings or URLconf yet
        return None
    if not prefixes:
        return None
    _compiled.append(re.compile(f"(/(?:{'|'.join(prefixes)}))({_SEGMENT})"))
    return _compiled[0]


def redact(text: str) -> str:
    """The text with the secret of every signed link and every signed value hidden,
    also where they stand percent-encoded in a query string."""
    if not text:
        return text
    if "%" in text:
        text = _ENCODED_RUN.sub(_redact_encoded, text)
    return _redact_plain(text)


def _redact_encoded(match: re.Match) -> str:
    raw = match.group(0)
    decoded = unquote(raw)
    cleaned = redact(decoded)  # once more: a `next` inside a `next` is encoded twice
    return raw if cleaned == decoded else quote(cleaned, safe="[]")


def _redact_plain(text: str) -> str:
    paths = _secret_paths()
    if paths is not None:
        text = paths.sub(lambda match: match.group(1) + PLACEHOLDER, text)
    text = _REFUSED_SIGNATURE.sub(f'Signature "{PLACEHOLDER}"', text)
    return _SIGNED_VALUE.sub(PLACEHOLDER, text)


def path_has_secret(path: str) -> bool:
    paths = _secret_paths()
    return bool(paths and paths.search(path)) or bool(_SIGNED_VALUE.search(path))


class RedactSecretsFilter(logging.Filter):
    """On a handler: rewrites the record's message (and its traceback) without secrets
    before any formatter sees it. Never drops a record."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record is logged as it is
            return True
        record.msg, record.args = redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
