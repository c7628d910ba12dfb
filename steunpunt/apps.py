from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteunpuntConfig(AppConfig):
    """The shared core: people and roles, organisations, themes and the public pages."""

    name = "steunpunt"
    verbose_name = _("Steunpunt")

    def ready(self) -> None:
        from .personal_data import register_account_section

        register_account_section()
