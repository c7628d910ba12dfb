from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TijdlijnConfig(AppConfig):
    """The parent's own timeline of their child (from "Rondom het kind"), shared with a
    case and, with consent, with a follow-up's partner."""

    name = "tijdlijn"
    verbose_name = _("Tijdlijn van het kind")

    def ready(self) -> None:
        from steunpunt import panels

        from . import panels as tijdlijn_panels
        from . import personal_data, retention

        personal_data.register()
        retention.register()
        panels.register("casussen.case_admin", "tijdlijn", tijdlijn_panels.case_admin)
        panels.register(
            "casussen.portal_case",
            "tijdlijn",
            tijdlijn_panels.portal_case,
            probe=tijdlijn_panels.live_shares_probe,
        )
        panels.register("casussen.followup_partner", "tijdlijn", tijdlijn_panels.followup_partner)

    def seed_demo(self) -> str:
        """The demo parent's timeline, when they have none yet."""
        from .demo import seed_timeline

        return f"{seed_timeline()} timeline entries"
