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
        outbox.register(
            Reminder,
            still_relevant=services.reminder_still_relevant,
            drafts=services.reminder_drafts,
        )

    def work_queue(self, user, now) -> list:
        from .work_queue import entries

        return entries(user, now)

    def seed_demo(self) -> str:
        """Seeds what is missing and reports what is there (also on a second run)."""
        from .demo import seed_meetups, seed_network, seed_panel
        from .models import BuddyProfile, Meetup, PanelMember

        seed_network()
        seed_panel()
        seed_meetups()  # signs up panel parents
        buddies = BuddyProfile.objects.count()
        meetups = Meetup.objects.count()
        members = PanelMember.objects.filter(withdrawn_at__isnull=True).count()
        return f"{buddies} buddies, {meetups} meetups, {members} panel members"
