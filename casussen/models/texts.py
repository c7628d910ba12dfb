"""Standard texts coordinators keep for their messages (per purpose, theme and status)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from steunpunt.models import Theme

from .cases import Case


class StandardText(models.Model):
    """A text a coordinator picks in a message form and edits before sending. Its
    variables ({voornaam}, {kenmerk}, ...) are filled in by `services.texts`, never by
    the template engine."""

    class Purpose(models.TextChoices):
        PARENT_MESSAGE = "parent_message", _("Bericht aan de ouder")
        FOLLOWUP_REQUEST = "followup_request", _("Vraag aan een partner")
        STATUS_CHANGE = "status_change", _("Toelichting bij een nieuwe status")

    title = models.CharField(_("naam van de tekst"), max_length=120)
    purpose = models.CharField(_("waarvoor"), max_length=24, choices=Purpose.choices)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("thema"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="standard_texts",
        help_text=_("Leeg: voor elk thema."),
    )
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=Case.Status.choices,
        blank=True,
        help_text=_(
            "Bij een bericht: de status die de zaak nu heeft. Bij een nieuwe status: de "
            "status waar de zaak naartoe gaat. Leeg: bij elke status."
        ),
    )
    body = models.TextField(_("tekst"))
    is_active = models.BooleanField(_("in gebruik"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("laatst bewerkt door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        verbose_name = _("standaardtekst")
        verbose_name_plural = _("standaardteksten")
        ordering = ["purpose", "title"]

    def __str__(self) -> str:
        return self.title
