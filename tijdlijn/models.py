"""The child's timeline: the parent's own entries, and what they shared of them.

An entry belongs to the parent alone: only they add, change or delete it. A share is a
copy (`snapshot`) of the chosen entries as they were when shared, for one case (the
coordinator reads it) or for one follow-up's partner (read while the parent's consent
for that organisation holds). Later edits change no share; stopping a share empties it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .dates import period_label


class Entry(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", _("School")
        CHANGE = "change", _("Nieuwe klas of school")
        SUPPORT = "support", _("Hulp of zorg")
        HOME = "home", _("Thuis")
        OTHER = "other", _("Iets anders")

    class Precision(models.TextChoices):
        DAY = "day", _("dag")
        MONTH = "month", _("maand")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="timeline_entries"
    )
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    # A month is stored as its first day, with precision "month".
    starts_on = models.DateField(_("vanaf"))
    starts_precision = models.CharField(max_length=8, choices=Precision.choices)
    ends_on = models.DateField(_("tot"), null=True, blank=True)
    ends_precision = models.CharField(max_length=8, choices=Precision.choices, blank=True)
    what_happened = models.TextField(_("wat er gebeurde"))
    what_helped = models.TextField(_("wat hielp"), blank=True)
    what_did_not_help = models.TextField(_("wat niet hielp"), blank=True)
    child_says = models.TextField(_("wat mijn kind erover zegt"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("punt op de tijdlijn")
        verbose_name_plural = _("punten op de tijdlijn")
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["owner", "starts_on"], name="timeline_entry_owner_start")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on:%Y-%m}"

    # The same names as a shared copy has (services.entry_snapshot): one template shows both.
    @property
    def kind_label(self) -> str:
        return str(self.get_kind_display())

    @property
    def when(self) -> str:
        return period_label(
            self.starts_on, self.starts_precision, self.ends_on, self.ends_precision
        )


class Share(models.Model):
    """What the parent shared, with whom, as it was then."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="timeline_shares"
    )
    case = models.ForeignKey(
        "casussen.Case", on_delete=models.CASCADE, related_name="timeline_shares"
    )
    # Set: shared with the partner this follow-up went to (while consent holds).
    followup = models.ForeignKey(
        "casussen.FollowUp",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="timeline_shares",
    )
    # The entries as shown (see services.entry_snapshot), oldest first.
    snapshot = models.JSONField(default=list)
    entry_count = models.PositiveSmallIntegerField()
    shared_at = models.DateTimeField(auto_now_add=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("gedeelde tijdlijn")
        verbose_name_plural = _("gedeelde tijdlijnen")
        ordering = ["-shared_at", "-pk"]
        indexes = [
            models.Index(
                fields=["case"],
                condition=models.Q(stopped_at__isnull=True),
                name="timeline_share_live",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.shared_at:%Y-%m-%d}"

    @property
    def is_live(self) -> bool:
        return self.stopped_at is None
