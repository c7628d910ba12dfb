"""A quarterly publication of the signals: what the steunpunt brings to the network.

Its figures are a frozen snapshot, made when it was prepared and suppressed then
(`snapshot.py`): a published quarter never changes, whatever cases arrive later.
`figures` is what is published; `counted` holds the counts behind it, never shown to
anyone, so that a later publication can be suppressed against this one (ADR 0015)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Publication(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("concept")
        IN_REVIEW = "in_review", _("ter goedkeuring")
        PUBLISHED = "published", _("gepubliceerd")
        WITHDRAWN = "withdrawn", _("ingetrokken")

    year = models.PositiveSmallIntegerField(_("jaar"))
    quarter = models.PositiveSmallIntegerField(
        _("kwartaal"), choices=[(n, str(n)) for n in range(1, 5)]
    )
    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(
        _("samenvatting"),
        help_text=_(
            "Wat brengen ouders in? Schrijf in korte zinnen en gewone woorden (B1). "
            "Noem nooit een naam, school of iets waaraan je een gezin herkent. "
            "Opmaak zoals in de kennisbank (Markdown)."
        ),
    )
    summary_html = models.TextField(editable=False, default="")
    sections = models.JSONField(_("onderdelen"), default=list)
    is_public = models.BooleanField(
        _("ook openbaar"),
        default=False,
        help_text=_("Aan: iedereen kan het lezen op de website. Uit: alleen partners."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    figures = models.JSONField(default=dict, editable=False)
    counted = models.JSONField(default=dict, editable=False)
    counted_at = models.DateTimeField(_("cijfers van"), null=True, editable=False)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voorbereid door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("goedgekeurd door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, editable=False)
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("publicatie van signalen")
        verbose_name_plural = _("publicaties van signalen")
        ordering = ["-year", "-quarter", "-pk"]
        constraints = [
            # One living publication per quarter; a withdrawn one may be made again.
            models.UniqueConstraint(
                fields=["year", "quarter"],
                condition=~Q(status="withdrawn"),
                name="signalen_one_living_publication_per_quarter",
            )
        ]
        indexes = [models.Index(fields=["status", "is_public"], name="signalen_pub_status")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("signalen:detail", args=[self.pk])

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.quarter}"


class PublicationEvent(models.Model):
    """The history of a publication: every step with who and when, appended only."""

    LABELS = {
        "prepared": _("Gemaakt"),
        "edited": _("Aangepast"),
        "recounted": _("Aangepast en opnieuw geteld"),
        "submit": _("Ter goedkeuring aangeboden"),
        "approve": _("Goedgekeurd en gepubliceerd"),
        "reject": _("Teruggestuurd naar concept"),
        "withdraw": _("Ingetrokken"),
    }

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("stap"), max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("toelichting"), blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stap van een publicatie")
        verbose_name_plural = _("stappen van publicaties")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.publication}: {self.label}"

    @property
    def label(self) -> str:
        return str(self.LABELS.get(self.action, self.action))
