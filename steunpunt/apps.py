from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteunpuntConfig(AppConfig):
    """The shared core: people and roles, organisations, themes and the public pages."""

    name = "steunpunt"
    verbose_name = _("Steunpunt")

    def ready(self) -> None:
        from . import checks, personal_data, receivers, retention

        checks.register()
        receivers.connect()
        retention.register_core()
        personal_data.register_account_section()
