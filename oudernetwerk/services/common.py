"""Helpers shared by the parent network's services: events, email context, the
refusal error, VOG dates and contact-sharing rules."""

import logging
import re
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt import roles
from steunpunt.selectors import site_settings, users_with_role
from steunpunt.site_url import absolute_url

from ..models import (
    BuddyProfile,
    NetworkEvent,
)

logger = logging.getLogger(__name__)

P = BuddyProfile.Status
E = NetworkEvent.Kind
INTRODUCTION_MAX_LENGTH = 1500


class ActionRefusedError(ValidationError):
    """An action the rules do not allow now; the message says why, in Dutch."""


# --- Small helpers ------------------------------------------------------------------------


def shift_years(day: date, years: int) -> date:
    """The same calendar day `years` later (or earlier); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def vog_valid_until(vog_date: date | None) -> date | None:
    """The first day the VOG no longer counts."""
    if vog_date is None:
        return None
    return shift_years(vog_date, settings.BUDDY_VOG_VALID_YEARS)


def vog_is_valid(vog_date: date | None, *, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return vog_date is not None and vog_date <= today < vog_valid_until(vog_date)


def _vog_cutoff(today: date) -> date:
    """A VOG dated after this day is younger than the valid years."""
    return shift_years(today, -settings.BUDDY_VOG_VALID_YEARS)


def _json_list_has(field_name: str, value: str) -> Q:
    """ "This JSON list holds `value`": JSONB containment (`@>`) on PostgreSQL; SQLite has
    no JSON contains, but stores the list as text with every code in double quotes.
    Only for our own choice codes, which never hold a quote."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field_name}__contains": [value]})
    return Q(**{f"{field_name}__icontains": f'"{value}"'})


def _event(kind: str, actor, *, text: str = "", profile=None, request=None, match=None, **data):
    return NetworkEvent.objects.create(
        kind=kind, actor=actor, text=text, profile=profile, request=request, match=match, data=data
    )


def _clean_codes(values: Iterable[str], choices, message: str) -> list[str]:
    """Known codes only, each once, in the order of the choices."""
    values = set(values)
    if not values <= set(choices.values):
        raise ValidationError(message)
    return [code for code in choices.values if code in values]


PHONE_DIGITS = re.compile(r"\d")
PHONE_ALLOWED = re.compile(r"^[0-9 +()\-]*$")


def clean_contact_sharing(*, share_email: bool, share_phone: bool, phone: str) -> str:
    """What someone lets the other side of a match see. At least one way to reach them;
    a phone number when they share it. Returns the phone number, tidied."""
    phone = " ".join(phone.split())
    if phone and (
        not PHONE_ALLOWED.match(phone) or not 10 <= len(PHONE_DIGITS.findall(phone)) <= 15
    ):
        raise ValidationError(
            _("Vul een telefoonnummer in met 10 cijfers, bijvoorbeeld 06 12345678.")
        )
    if share_phone and not phone:
        raise ValidationError(_("Vul je telefoonnummer in, of zet het vinkje bij telefoon uit."))
    if not share_email and not share_phone:
        raise ValidationError(_("Kies minstens één manier waarop de ander je kan bereiken."))
    return phone


def _admin_url(name: str, pk: int) -> str:
    return absolute_url(reverse(f"admin:oudernetwerk_{name}_change", args=[pk]))


def _reverse_or_none(name: str) -> str | None:
    try:
        return absolute_url(reverse(name))
    except NoReverseMatch:
        return None


def coordinator_emails() -> list[str]:
    return sorted(users_with_role(roles.COORDINATOR).values_list("email", flat=True))


def _context(**extra) -> dict:
    return {"site_settings": site_settings(), **extra}
