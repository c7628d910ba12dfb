"""Reads shared by views, templates and other apps."""

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.db import router

from .compiled import CompiledQuery
from .models import SiteSettings

DEFAULT_SITE_NAME = "Oudersteunpunt"

# Every page shows them: compiled once per process.
_SITE_SETTINGS = CompiledQuery(lambda: SiteSettings.objects.filter(pk=1))


def site_settings() -> SiteSettings:
    """The steunpunt's own details; an unsaved default before a coordinator fills them in."""
    found = _SITE_SETTINGS.instances(SiteSettings, using=router.db_for_read(SiteSettings))
    return found[0] if found else SiteSettings(name=DEFAULT_SITE_NAME)


def users_with_role(role: str):
    """Active users who have this role (a group)."""
    return get_user_model().objects.filter(groups__name=role, is_active=True)


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
