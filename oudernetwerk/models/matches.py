"""A match between a buddy and a parent's request, through its life cycle."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .buddies import BuddyProfile
from .requests import BuddyRequest


class Match(models.Model):
    """A buddy proposed to, and then working with, a parent. Status changes follow
    `workflow.MATCH_TRANSITIONS`."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Voorgesteld")
        ACCEPTED = "accepted", _("Geaccepteerd")
        DECLINED = "declined", _("Afgewezen door buddy")
        EXPIRED = "expired", _("Verlopen")
        ACTIVE = "active", _("Loopt")
        ENDED = "ended", _("Beëindigd")

    request = models.ForeignKey(
        BuddyRequest, verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="matches"
    )
    buddy = models.ForeignKey(
        BuddyProfile, verbose_name=_("buddy"), on_delete=models.PROTECT, related_name="matches"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.PROPOSED,
        editable=False,
    )
    proposed_at = models.DateTimeField(_("voorgesteld op"), default=timezone.now, editable=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voorgesteld door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    answer_by = models.DateTimeField(_("buddy antwoordt uiterlijk"), null=True, editable=False)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, editable=False)
    decline_reason = models.TextField(_("reden van nee"), blank=True, editable=False)
    started_at = models.DateTimeField(_("gestart op"), null=True, editable=False)
    ended_at = models.DateTimeField(_("beëindigd op"), null=True, editable=False)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beëindigd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    end_reason = models.TextField(_("reden van beëindigen"), blank=True, editable=False)

    class Meta:
        verbose_name = _("koppeling")
        verbose_name_plural = _("koppelingen")
        ordering = ["-proposed_at"]
        constraints = [
            # A parent waits for, or works with, one buddy at a time.
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(status__in=["proposed", "accepted", "active"]),
                name="match_one_open_per_request",
            ),
        ]
        indexes = [
            models.Index(fields=["buddy", "status"], name="match_buddy_status"),
            models.Index(fields=["status", "answer_by"], name="match_status_answer_by"),
        ]

    def __str__(self) -> str:
        return f"{self.request} · {self.buddy}"
