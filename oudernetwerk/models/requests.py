"""A parent's request for a buddy."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from steunpunt.models import AgeBand, Municipality, Theme

from .buddies import Language, SchoolType


class BuddyRequest(models.Model):
    """A parent's request for a buddy."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MATCHED = "matched", _("Gekoppeld")
        CLOSED = "closed", _("Gesloten")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("Binnen een paar weken is goed")
        SOON = "soon", _("Liefst zo snel mogelijk")

    parent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ouder"),
        on_delete=models.CASCADE,
        related_name="buddy_requests",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingevoerd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("thema's"), related_name="+")
    age_band = models.CharField(
        _("leeftijd van het kind"), max_length=8, choices=AgeBand.choices, blank=True
    )
    school_type = models.CharField(
        _("soort school"), max_length=16, choices=SchoolType.choices, blank=True
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(
        _("taal"), max_length=8, choices=Language.choices, default=Language.DUTCH
    )
    hopes = models.TextField(_("wat de ouder hoopt"))
    urgency = models.CharField(
        _("haast"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    phone = models.CharField(_("telefoonnummer"), max_length=32, blank=True)
    share_email = models.BooleanField(_("e-mailadres delen met de buddy"), default=True)
    share_phone = models.BooleanField(_("telefoonnummer delen met de buddy"), default=False)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN, editable=False
    )
    answer_by = models.DateField(_("ouder hoort uiterlijk"), editable=False)
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("buddy-aanvraag")
        verbose_name_plural = _("buddy-aanvragen")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "answer_by"], name="buddyrequest_status_due"),
            # The admin list's order (newest first, then -pk): its first page from the index.
            models.Index(fields=["-created_at", "-id"], name="buddyrequest_created_id"),
        ]

    def __str__(self) -> str:
        return _("Aanvraag %(number)s") % {"number": self.pk}
