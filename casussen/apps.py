from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasussenConfig(AppConfig):
    """Questions and complaints from parents, from intake to evaluation."""

    name = "casussen"
    verbose_name = _("Vragen en klachten")

    def ready(self) -> None:
        from steunpunt import outbox

        from . import personal_data, praatplaat_privacy, retention, services
        from .models import PraatplaatEmail, Reminder

        retention.register()
        praatplaat_privacy.register()
        personal_data.register()
        outbox.register(
            Reminder,
            still_relevant=services.reminder_still_relevant,
            still_relevant_many=services.reminders_still_relevant,
            drafts=services.reminder_drafts,
        )
        from .services import praatplaat

        outbox.register(
            PraatplaatEmail,
            still_relevant=praatplaat.email_still_relevant,
            drafts=praatplaat.email_drafts,
        )

    def work_queue(self, user, now) -> list:
        from .work_queue import entries

        return entries(user, now)

    def seed_demo(self) -> str:
        """Seeds what is missing and reports what is there (also on a second run)."""
        from .demo import seed_cases, seed_standard_texts
        from .models import Case, StandardText

        seed_cases()
        seed_standard_texts()
        return f"{Case.objects.count()} cases, {StandardText.objects.count()} standard texts"
