"""Signed links of the cases: confirming a question, a partner's follow-up, the
parent's evaluation; and the site and portal addresses the emails point to."""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from steunpunt.signed_links import (  # noqa: F401 - the link errors are caught from here too
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
