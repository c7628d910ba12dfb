"""Signed links: a payload signed under a salt, read back within a maximum age. The one
helper behind every link we email (a partner's follow-up, the parent's evaluation and
confirmation, an address change); what a payload points at is checked by its caller."""

from datetime import timedelta

from django.core import signing


class LinkExpiredError(Exception):
    """A signed link that was real but is too old."""


class LinkInvalidError(Exception):
    """A signed link that was tampered with, or no longer points at anything."""


def sign(payload, *, salt: str) -> str:
    return signing.dumps(payload, salt=salt)


def unsign(token: str, *, salt: str, max_age: timedelta):
    """The payload of `token`. Raises LinkExpiredError when it is older than `max_age`,
    LinkInvalidError when it was not signed by us under `salt`."""
    try:
        return signing.loads(token, salt=salt, max_age=max_age.total_seconds())
    except signing.SignatureExpired as error:
        raise LinkExpiredError from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise LinkInvalidError from error
