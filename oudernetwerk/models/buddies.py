"""Buddies: experienced parents, their screening (VOG, interview) and what they offer."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from steunpunt.models import Municipality, Theme


class SchoolType(models.TextChoices):
    REGULAR = "regulier", _("Gewone school (regulier onderwijs)")
    SBO = "sbo", _("Speciaal basisonderwijs (SBO)")
    SO = "so", _("Speciaal onderwijs (SO)")
    VSO = "vso", _("Voortgezet speciaal onderwijs (VSO)")
    HOME = "thuiszitten", _("Zit (nu) thuis, geen school")


class Language(models.TextChoices):
    DUTCH = "nl", _("Nederlands")
    ENGLISH = "en", _("Engels")
    ARABIC = "ar", _("Arabisch")
    TURKISH = "tr", _("Turks")
    POLISH = "pl", _("Pools")
    UKRAINIAN = "uk", _("Oekraïens")


MAX_ACTIVE_MATCHES_LIMIT = 5


class BuddyProfile(models.Model):
    """An experienced parent who supports other parents, once screened and approved."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Aangemeld")
        APPROVED = "approved", _("Goedgekeurd")
        REJECTED = "rejected", _("Afgewezen")
        PAUSED = "paused", _("Gepauzeerd")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="buddy_profile",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("ervaring met thema's"), blank=True, related_name="buddy_profiles"
    )
    # Small fixed lists of choice values (see AgeBand, SchoolType, Language).
    age_bands = models.JSONField(_("leeftijden van kinderen"), default=list, blank=True)
    school_types = models.JSONField(_("soorten school"), default=list, blank=True)
    languages = models.JSONField(_("talen"), default=list, blank=True)
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("gemeenten"), blank=True, related_name="buddy_profiles"
    )
    max_active_matches = models.PositiveSmallIntegerField(
        _("hoeveel ouders tegelijk"),
        default=1,
        help_text=_("Van 1 tot 5."),
    )
    introduction = models.TextField(
        _("korte voorstelling"),
        blank=True,
        help_text=_("Dit leest een ouder nadat de koppeling is gemaakt."),
    )
    phone = models.CharField(_("telefoonnummer"), max_length=32, blank=True)
    share_email = models.BooleanField(_("e-mailadres delen met een gekoppelde ouder"), default=True)
    share_phone = models.BooleanField(
        _("telefoonnummer delen met een gekoppelde ouder"), default=False
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.APPLIED,
        editable=False,
    )
    # A rest the buddy chose when a match ended: no proposals before this day.
    available_from = models.DateField(_("weer beschikbaar vanaf"), null=True, blank=True)
    intake_held_at = models.DateField(_("kennismakingsgesprek op"), null=True, blank=True)
    vog_date = models.DateField(
        _("datum VOG"),
        null=True,
        blank=True,
        help_text=_("De datum op de Verklaring Omtrent het Gedrag. Geldig tot 3 jaar daarna."),
    )
    training_date = models.DateField(_("training gevolgd op"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("goedgekeurd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, editable=False)
    rejected_reason = models.TextField(_("reden van afwijzen"), blank=True, editable=False)
    created_at = models.DateTimeField(_("aangemeld op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        verbose_name = _("buddy")
        verbose_name_plural = _("buddy's")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    max_active_matches__gte=1, max_active_matches__lte=MAX_ACTIVE_MATCHES_LIMIT
                ),
                name="buddy_max_active_matches_1_to_5",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "vog_date"], name="buddy_status_vog"),
            # The admin list's order (newest first, then -pk): its first page from the index.
            models.Index(fields=["-created_at", "-id"], name="buddy_created_id"),
        ]

    def __str__(self) -> str:
        return str(self.user)
