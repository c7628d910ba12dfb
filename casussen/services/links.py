"""Signed links of the cases: confirming a question, a partner's follow-up, the
parent's evaluation, the reply address of a case email; and the site and portal
addresses the emails point to."""

import base64
import logging
import re
import secrets
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from steunpunt.signed_links import (
    LinkExpiredError,
    LinkInvalidError,
    sign,
    unsign,
)
from steunpunt.site_url import absolute_url

from ..models import (
    Case,
    Evaluation,
    FollowUp,
)

logger = logging.getLogger(__name__)


# --- Confirming a question sent for an existing account -----------------------------------

CONFIRM_SALT = "casussen.confirm"


def case_confirm_token(case: Case) -> str:
    return sign([case.pk, case.parent_id], salt=CONFIRM_SALT)


def case_confirm_link(case: Case) -> str:
    return absolute_url(reverse("casussen:confirm", args=[case_confirm_token(case)]))


def case_for_confirm_token(token: str) -> Case:
    """The case a confirmation link points at. Raises LinkExpiredError or
    LinkInvalidError (also when the case changed hands since)."""
    max_age = timedelta(days=settings.CASE_CONFIRM_LINK_MAX_AGE_DAYS)
    pk, parent_id = _pair(unsign(token, salt=CONFIRM_SALT, max_age=max_age))
    case = Case.objects.select_related("theme", "parent").filter(pk=pk, parent_id=parent_id)
    case = case.first() if isinstance(pk, int) and isinstance(parent_id, int) else None
    if case is None:
        raise LinkInvalidError
    return case


def _pair(payload) -> tuple:
    """Our payloads are two values; anything else was not made by us."""
    if not isinstance(payload, list | tuple) or len(payload) != 2:
        raise LinkInvalidError
    return tuple(payload)


def _portal_url() -> str | None:
    """Where the parent follows the case, once the portal is there."""
    try:
        return absolute_url(reverse("casussen:portal"))
    except NoReverseMatch:
        return None


FOLLOWUP_SALT = "casussen.followup"
EVALUATION_SALT = "casussen.evaluation"


def followup_token(followup: FollowUp) -> str:
    return sign([followup.pk, followup.link_nonce], salt=FOLLOWUP_SALT)


def followup_link(followup: FollowUp) -> str:
    return absolute_url(reverse("casussen:followup_answer", args=[followup_token(followup)]))


def followup_for_token(token: str) -> FollowUp:
    """The follow-up a link points at. Raises LinkExpiredError or LinkInvalidError."""
    max_age = timedelta(days=settings.FOLLOWUP_LINK_MAX_AGE_DAYS)
    pk, nonce = _pair(unsign(token, salt=FOLLOWUP_SALT, max_age=max_age))
    followup = (
        FollowUp.objects.select_related("case", "organisation").filter(pk=pk).first()
        if isinstance(pk, int)
        else None
    )
    if followup is None or not secrets.compare_digest(followup.link_nonce, str(nonce)):
        raise LinkInvalidError
    return followup


# --- Evaluation ----------------------------------------------------------------------------


def evaluation_token(evaluation: Evaluation) -> str:
    return sign([evaluation.pk, evaluation.case_id], salt=EVALUATION_SALT)


def evaluation_link(evaluation: Evaluation) -> str:
    return absolute_url(reverse("casussen:evaluation", args=[evaluation_token(evaluation)]))


def evaluation_for_token(token: str) -> Evaluation:
    max_age = timedelta(days=settings.EVALUATION_LINK_MAX_AGE_DAYS)
    pk, case_id = _pair(unsign(token, salt=EVALUATION_SALT, max_age=max_age))
    evaluation = Evaluation.objects.select_related("case").filter(pk=pk, case_id=case_id).first()
    if evaluation is None:
        raise LinkInvalidError
    return evaluation


# --- Reply addresses ----------------------------------------------------------------------

# A reply address is the one mailbox of settings.REPLY_ADDRESS with a token after a plus:
# antwoord+o42-k9x1-<signature>@... for the parent of case 42, antwoord+p7-...@... for
# the partner of follow-up 7. Django's signed tokens do not fit (a local part is at most
# 64 characters and mail servers may change its case), so the token is short, lowercase
# and signed with an HMAC over what it names and the day it was made.
REPLY_SALT = "casussen.reply"
PARENT_ROLE = "o"
PARTNER_ROLE = "p"
_REPLY_TOKEN = re.compile(
    r"(?P<role>[op])(?P<pk>[0-9]{1,12})-(?P<day>[0-9a-z]{1,6})-(?P<sig>[a-z2-7]{20})"
)


def _reply_signature(role: str, pk: int, day: str, binding: str, secret=None) -> str:
    value = f"{role}{pk}-{day}-{binding}"
    digest = salted_hmac(REPLY_SALT, value, secret=secret, algorithm="sha256").digest()
    return base64.b32encode(digest).decode()[:20].lower()


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


def _today_number() -> int:
    return (timezone.now() - datetime(1970, 1, 1, tzinfo=UTC)).days


def reply_token(*, case: Case | None = None, followup: FollowUp | None = None) -> str:
    """The token for a reply from the case's parent, or from the follow-up's partner.
    It stops working when the case changes parent or the follow-up gets a new nonce."""
    if followup is not None:
        role, pk, binding = PARTNER_ROLE, followup.pk, followup.link_nonce
    else:
        role, pk, binding = PARENT_ROLE, case.pk, str(case.parent_id)
    day = _base36(_today_number())
    return f"{role}{pk}-{day}-{_reply_signature(role, pk, day, binding)}"


def reply_to(*, case: Case | None = None, followup: FollowUp | None = None) -> list[str]:
    """The Reply-To of a case email to the parent (`case`) or a partner (`followup`):
    the reply mailbox with the token after a plus. Empty while REPLY_ADDRESS is unset."""
    address = settings.REPLY_ADDRESS
    if not address or "@" not in address:
        return []
    local, domain = address.rsplit("@", 1)
    return [f"{local}+{reply_token(case=case, followup=followup)}@{domain}"]


def reply_token_in(address: str) -> str | None:
    """The token in a reply address of ours (antwoord+<token>@domain), or None."""
    mailbox = settings.REPLY_ADDRESS
    if not mailbox or "@" not in mailbox or "@" not in address:
        return None
    local, domain = address.strip().lower().rsplit("@", 1)
    our_local, our_domain = mailbox.lower().rsplit("@", 1)
    base, plus, token = local.partition("+")
    if domain != our_domain or base != our_local or not plus:
        return None
    return token


def reply_target(token: str) -> Case | FollowUp:
    """The case (a reply from its parent) or follow-up (from its partner) a token names.
    Raises LinkInvalidError (not ours, tampered with, or no longer pointing at it) or
    LinkExpiredError (older than REPLY_ADDRESS_MAX_AGE_DAYS)."""
    match = _REPLY_TOKEN.fullmatch(token.strip().lower())
    if match is None:
        raise LinkInvalidError
    role, pk, day = match["role"], int(match["pk"]), match["day"]
    if role == PARTNER_ROLE:
        target = FollowUp.objects.select_related("case", "organisation").filter(pk=pk).first()
        binding = target.link_nonce if target else ""
    else:
        target = Case.objects.select_related("parent").filter(pk=pk).first()
        binding = str(target.parent_id) if target else ""
    # Made with the current key, or one still among the fallbacks while rotating.
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    signed = any(
        secrets.compare_digest(_reply_signature(role, pk, day, binding, key), match["sig"])
        for key in keys
    )
    if target is None or not signed:
        raise LinkInvalidError
    if _today_number() - int(day, 36) > settings.REPLY_ADDRESS_MAX_AGE_DAYS:
        raise LinkExpiredError
    return target
