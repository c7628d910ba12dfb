from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ErvaringsdeskundigenConfig(AppConfig):
    """Experienced parents for policy work: the pool, partners' requests for a parent
    perspective, invitations and what the parents brought in."""

    name = "ervaringsdeskundigen"
    verbose_name = _("Ervaringsdeskundigen")

    def ready(self) -> None:
        from . import privacy

        privacy.register()

    def work_queue(self, user, now) -> list:
        from .work_queue import entries

        return entries(user, now)

    def signal_contributions(self, start, end) -> list:
        from .signals import contributions

        return contributions(start=start, end=end)

    def seed_demo(self) -> str:
        from .demo import seed

        return seed()
