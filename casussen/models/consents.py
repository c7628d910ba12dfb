"""The parent's consent to share a case with an organisation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from steunpunt.labels import moment_label
from steunpunt.models import Organisation

from .cases import Case


class Consent(models.Model):
    """The parent's permission to contact one organisation about this case."""

    class Method(models.TextChoices):
        FORM = "form", _("Via het formulier")
        PORTAL = "portal", _("In Mijn steunpunt")
        PHONE = "phone", _("Telefonisch")
        EMAIL = "email", _("Per e-mail")
        IN_PERSON = "in_person", _("In een gesprek")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("waarvoor"), max_length=300)
    method = models.CharField(_("hoe gegeven"), max_length=16, choices=Method.choices)
    given_at = models.DateTimeField(_("gegeven op"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="consent_one_valid_per_organisation",
            ),
        ]
        indexes = [
            # The partner portal's list: an organisation's valid consents, which its
            # follow-ups are joined to, from the index alone.
            models.Index(
                fields=["organisation", "id"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="consent_valid_by_organisation",
            ),
        ]

    def __str__(self) -> str:
        return moment_label(self.get_method_display(), self.given_at)

    @property
    def is_valid(self) -> bool:
        return self.withdrawn_at is None
