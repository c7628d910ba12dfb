"""The parent network's outbox: emails that go out exactly once."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from steunpunt.outbox import OutboxRow

from .buddies import BuddyProfile
from .checkins import CheckIn
from .matches import Match


class Reminder(OutboxRow):
    """A parent-network email that must go out exactly once (see `steunpunt.outbox`):
    about a buddy's VOG, a proposal, a check-in or a meetup."""

    class Kind(models.TextChoices):
        VOG_EXPIRING = "vog_expiring", _("VOG verloopt bijna")
        MATCH_ANSWER_SOON = "match_answer_soon", _("Buddy: voorstel beantwoorden")
        MATCH_EXPIRED = "match_expired", _("Coördinator: voorstel verlopen")
        CHECKIN = "checkin", _("Check-in: hoe gaat het?")
        CHECKIN_ALERT = "checkin_alert", _("Coördinator: zorgen uit check-in")
        MEETUP_DAY_BEFORE = "meetup_day_before", _("Ontmoeting: morgen")
        GOALS_CONFIRM = "goals_confirm", _("Koppeling: afspraken bevestigen")
        CLOSURE_THANKS = "closure_thanks", _("Koppeling: dank na afsluiten")

    kind = models.CharField(_("soort"), max_length=24, choices=Kind.choices)
    profile = models.ForeignKey(
        BuddyProfile, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    match = models.ForeignKey(
        Match, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    checkin = models.ForeignKey(
        CheckIn, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    registration = models.ForeignKey(
        "MeetupRegistration",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
    )
    # Files sent along, e.g. a calendar invitation: [{"filename", "content", "mimetype"}].
    attachments = models.JSONField(_("bijlagen"), default=list, blank=True)

    class Meta:
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="network_reminder_unsent",
            )
        ]

    def __str__(self) -> str:
        return self.key
