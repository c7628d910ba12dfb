"""Check-ins ("hoe gaat het?") asked of both sides of a match."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .matches import Match


class CheckIn(models.Model):
    """ "How is it going?" for the buddy or the parent of a match: after two weeks, every
    three months, and once more when the match ends. One row per match, person and
    round, made when it is due; the answer is kept on the row."""

    class Respondent(models.TextChoices):
        BUDDY = "buddy", _("Buddy")
        PARENT = "parent", _("Ouder")

    class Mood(models.TextChoices):
        GOOD = "good", _("Goed")
        MIXED = "mixed", _("Het kan beter")
        BAD = "bad", _("Niet goed")

    # Round 0 is the end evaluation, 1 the check-in after two weeks, 2 and on every
    # three months after that.
    END_ROUND = 0

    match = models.ForeignKey(
        Match, verbose_name=_("koppeling"), on_delete=models.CASCADE, related_name="checkins"
    )
    respondent = models.CharField(_("voor"), max_length=8, choices=Respondent.choices)
    round = models.PositiveSmallIntegerField(_("ronde"))
    due_at = models.DateTimeField(_("gevraagd op"))
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    mood = models.CharField(_("hoe gaat het"), max_length=8, choices=Mood.choices, blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    wants_help = models.BooleanField(_("wil hulp van de coördinator"), default=False)
    # A worrying answer stays on the work queue until a coordinator has followed it up.
    handled_at = models.DateTimeField(_("opgepakt op"), null=True, blank=True, editable=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opgepakt door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["match", "respondent", "round"], name="checkin_once_per_round"
            ),
        ]
        indexes = [
            models.Index(
                fields=["answered_at"],
                condition=(models.Q(mood="bad") | models.Q(wants_help=True))
                & models.Q(handled_at__isnull=True),
                name="checkin_worrying_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.match} · {self.get_respondent_display()} · {self.round}"

    @property
    def is_end_evaluation(self) -> bool:
        return self.round == self.END_ROUND

    @property
    def is_worrying(self) -> bool:
        return self.mood == self.Mood.BAD or self.wants_help
