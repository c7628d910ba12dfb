"""Follow-ups: a question to a partner organisation about a case."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from steunpunt.models import Organisation

from .cases import Case
from .consents import Consent


class FollowUp(models.Model):
    """An action the steunpunt asks of a school or partner, with the parent's consent.
    The partner answers through a signed link or in the partner portal."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Beantwoord")
        CANCELLED = "cancelled", _("Geannuleerd")
        OVERDUE = "overdue", _("Te laat")

    class Channel(models.TextChoices):
        LINK = "link", _("Via de link in de e-mail")
        PORTAL = "portal", _("In het partnerportaal")
        COORDINATOR = "coordinator", _("Vastgelegd door de coördinator")
        EMAIL = "email", _("Per e-mail")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="followups")
    consent = models.ForeignKey(
        Consent, verbose_name=_("toestemming"), on_delete=models.PROTECT, related_name="followups"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="followups",
    )
    contact_email = models.EmailField(_("e-mailadres contactpersoon"))
    request = models.TextField(_("wat vragen we"))
    due_date = models.DateField(_("antwoord uiterlijk"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, editable=False
    )
    answer = models.TextField(_("antwoord"), blank=True, editable=False)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, editable=False)
    answered_via = models.CharField(
        _("beantwoord via"), max_length=16, choices=Channel.choices, blank=True, editable=False
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beantwoord door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    overdue_at = models.DateTimeField(_("te laat sinds"), null=True, editable=False)
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, editable=False)
    # Part of every signed link: a new nonce makes all earlier links invalid.
    link_nonce = models.CharField(max_length=32, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemaakt door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("opvolging")
        verbose_name_plural = _("opvolgingen")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["status", "due_date"], name="followup_status_due"),
            # The admin list's order: the first page without sorting every follow-up.
            models.Index(fields=["due_date", "id"], name="followup_due_id"),
            # The work queue's late partners: pending follow-ups by due date, with their
            # case, from the index alone.
            models.Index(
                fields=["due_date"],
                include=["case"],
                condition=models.Q(status__in=["open", "overdue"]),
                name="followup_pending_due",
            ),
            # The partner portal's list: an organisation's follow-ups sorted and counted
            # from the index alone (casussen.partner_portal.ordered_followups).
            models.Index(
                fields=["organisation"],
                include=[
                    "consent",
                    "status",
                    "due_date",
                    "answered_at",
                    "cancelled_at",
                    "case",
                    "id",
                ],
                name="followup_portal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.organisation}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.OVERDUE)
