from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OudernetwerkConfig(AppConfig):
    """The parent network: buddies, meetups and consultations."""

    name = "oudernetwerk"
    verbose_name = _("Oudernetwerk")

    def ready(self) -> None:
        from steunpunt import outbox

        from . import personal_data, retention, services
        from .models import Reminder

        retention.register()
        personal_data.register()
        outbox.register(Reminder, still_relevant=services.reminder_still_relevant)

    def seed_demo(self) -> str:
        from .demo import seed_meetups, seed_network, seed_panel

        made = seed_network()
        seed_meetups()
        return f"{made} buddies, {seed_panel()} panel members"
