"""The cases' outbox: emails that go out exactly once."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from steunpunt.outbox import OutboxRow

from .cases import Case
from .followups import FollowUp


class Reminder(OutboxRow):
    """A case email that must go out exactly once (see `steunpunt.outbox`): about a
    follow-up, a first response or an evaluation."""

    class Kind(models.TextChoices):
        FOLLOWUP_BEFORE_DUE = "followup_before_due", _("Opvolging: herinnering vooraf")
        FOLLOWUP_ON_DUE = "followup_on_due", _("Opvolging: herinnering op de dag")
        FOLLOWUP_OVERDUE = "followup_overdue", _("Opvolging: te laat, coördinator ingelicht")
        CASE_RESPOND_SOON = "case_respond_soon", _("Zaak: eerste reactie bijna te laat")
        EVALUATION_INVITE = "evaluation_invite", _("Evaluatie: uitnodiging")
        EVALUATION_REMINDER = "evaluation_reminder", _("Evaluatie: herinnering")

    kind = models.CharField(_("soort"), max_length=24, choices=Kind.choices)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reminders")
    followup = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    # Where an answer goes (`services.reply_to`): the case's reply address, or none for
    # an email to coordinators.
    reply_to = models.JSONField(_("antwoord naar"), default=list, blank=True)

    class Meta:
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["followup", "kind"],
                condition=models.Q(followup__isnull=False),
                name="reminder_once_per_followup_kind",
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="reminder_unsent",
            )
        ]

    def __str__(self) -> str:
        return self.key
