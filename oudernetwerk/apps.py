from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OudernetwerkConfig(AppConfig):
    """The parent network: buddies, meetups and consultations."""

    name = "oudernetwerk"
    verbose_name = _("Oudernetwerk")
