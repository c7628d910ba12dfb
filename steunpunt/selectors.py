"""Reads shared by views, templates and other apps."""

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model

from .models import SiteSettings

DEFAULT_SITE_NAME = "Oudersteunpunt"


def site_settings() -> SiteSettings:
    """The steunpunt's own details; an unsaved default before a coordinator fills them in."""
    return SiteSettings.objects.filter(pk=1).first() or SiteSettings(name=DEFAULT_SITE_NAME)


def users_with_role(role: str):
    """Active users who have this role (a group)."""
    return get_user_model().objects.filter(groups__name=role, is_active=True)


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
