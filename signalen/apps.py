from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalenConfig(AppConfig):
    """The quarterly publications of the signals for the network (and the public)."""

    name = "signalen"
    verbose_name = _("Signalen voor het netwerk")

    def work_queue(self, user, now) -> list:
        from .work_queue import entries

        return entries(user, now)
