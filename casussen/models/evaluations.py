"""The parent's evaluation of a resolved case."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .cases import Case


class Evaluation(models.Model):
    """How the parent found the help and the collaboration, asked once a case is
    resolved. The topics are those of the praatplaat."""

    class Answer(models.TextChoices):
        AGREE = "agree", _("Eens")
        PARTLY = "partly", _("Een beetje")
        DISAGREE = "disagree", _("Oneens")

    TOPICS = [
        ("child_centred", _("Denkt vanuit het kind")),
        ("positive", _("Heeft een positieve houding")),
        ("nearby", _("Is dichtbij")),
        ("parent_expertise", _("Erkent de deskundigheid van ouders")),
        ("connects", _("Maakt contact met ouders")),
        ("involves_children", _("Betrekt kinderen")),
        ("supports_parents", _("Ondersteunt ouders")),
        ("possibilities", _("Denkt in mogelijkheden")),
        ("result", _("Werkt samen aan resultaat")),
        ("agreements", _("Maakt afspraken")),
    ]

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="evaluation")
    satisfaction = models.PositiveSmallIntegerField(
        _("tevredenheid"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    topics = models.JSONField(_("samenwerking"), default=dict, blank=True)
    comment = models.TextField(_("opmerking"), blank=True)
    invited_at = models.DateTimeField(_("uitgenodigd op"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("ingevuld op"), null=True, blank=True)
    # The parent ticked "ik wil hierover nog contact".
    contact_wanted = models.BooleanField(_("wil nog contact"), default=False)
    # An unhappy answer (`needs_review`) waits on the work queue until a coordinator
    # has talked it through.
    review_needed_at = models.DateTimeField(
        _("te bespreken sinds"), null=True, blank=True, editable=False
    )
    reviewed_at = models.DateTimeField(_("besproken op"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besproken door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")
        permissions = [("view_signals_report", _("Mag het signalenrapport zien"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True)
                | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="evaluation_satisfaction_1_to_5",
            ),
        ]
        indexes = [
            models.Index(
                fields=["review_needed_at"],
                condition=models.Q(review_needed_at__isnull=False, reviewed_at__isnull=True),
                name="evaluation_to_review",
            )
        ]

    def __str__(self) -> str:
        return str(self.case)

    @property
    def awaits_review(self) -> bool:
        return self.review_needed_at is not None and self.reviewed_at is None
