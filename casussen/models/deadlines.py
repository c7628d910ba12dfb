"""Deadline rules per kind and theme, and the counter behind case references."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from steunpunt.models import Theme

from .cases import Case


class DeadlineRule(models.Model):
    """How long the steunpunt takes for a kind of case, optionally for one theme.
    Without a rule the defaults in settings (CASE_DEADLINES) apply."""

    kind = models.CharField(_("soort"), max_length=16, choices=Case.Kind.choices)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("thema"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Leeg: geldt voor alle thema's van deze soort."),
    )
    respond_working_days = models.PositiveSmallIntegerField(_("eerste reactie in werkdagen"))
    resolve_working_days = models.PositiveSmallIntegerField(
        _("afronden in werkdagen"), null=True, blank=True
    )
    resolve_weeks = models.PositiveSmallIntegerField(
        _("afronden in weken"),
        null=True,
        blank=True,
        help_text=_("Gebruik weken óf werkdagen. Klachten: de wet noemt 6 weken."),
    )

    class Meta:
        verbose_name = _("termijn")
        verbose_name_plural = _("termijnen")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "theme"], name="deadline_rule_kind_theme_unique"
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(theme__isnull=True),
                name="deadline_rule_kind_default_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(resolve_working_days__isnull=False)
                | models.Q(resolve_weeks__isnull=False),
                name="deadline_rule_has_resolve_term",
            ),
        ]

    def __str__(self) -> str:
        scope = self.theme or _("alle thema's")
        return f"{self.get_kind_display()} · {scope}"


class ReferenceCounter(models.Model):
    """The last case number handed out per year: OSP-2026-00042."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"
