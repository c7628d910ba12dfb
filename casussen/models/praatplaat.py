"""The praatplaat from both sides ("meervoudig perspectief"): the ten collaboration
topics of the parent's evaluation, scored by the professional too.

Two kinds. After a case with an answered follow-up is resolved, the partner of that
follow-up is asked once how they saw the collaboration (`AFTER_CASE`); the parent's side
of it is their evaluation. As a conversation starter before a meeting, a coordinator or
the parent makes an empty one (`CONVERSATION`) that the parent and one professional each
fill in, to print side by side."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from steunpunt.outbox import OutboxRow

from .cases import Case
from .evaluations import Evaluation
from .followups import FollowUp


class Praatplaat(models.Model):
    class Kind(models.TextChoices):
        AFTER_CASE = "after_case", _("Na afloop van de vraag")
        CONVERSATION = "conversation", _("Voor een gesprek")

    # The same ten topics and answers as the parent's evaluation: both sides compare.
    TOPICS = Evaluation.TOPICS
    Answer = Evaluation.Answer

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="praatplaten")
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    # The professional's side goes to the partner of this follow-up (with a valid
    # consent for its organisation). Empty for a conversation praatplaat not sent yet.
    followup = models.ForeignKey(
        FollowUp,
        verbose_name=_("opvolging"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="praatplaten",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemaakt door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    # The parent's side (conversation praatplaat only; after a case it is the evaluation).
    parent_topics = models.JSONField(_("antwoorden van de ouder"), default=dict, blank=True)
    parent_comment = models.TextField(_("opmerking van de ouder"), blank=True)
    parent_submitted_at = models.DateTimeField(_("ingevuld door de ouder op"), null=True)
    # The professional's side, through the signed link.
    professional_topics = models.JSONField(
        _("antwoorden van de professional"), default=dict, blank=True
    )
    professional_comment = models.TextField(_("opmerking van de professional"), blank=True)
    professional_submitted_at = models.DateTimeField(
        _("ingevuld door de professional op"), null=True
    )
    invited_at = models.DateTimeField(_("professional uitgenodigd op"), null=True)
    # Part of every signed link: a new nonce makes all earlier links invalid.
    link_nonce = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("praatplaat")
        verbose_name_plural = _("praatplaten")
        ordering = ["created_at", "pk"]
        constraints = [
            # One invitation after the case per follow-up, however often it is resolved.
            models.UniqueConstraint(
                fields=["followup"],
                condition=models.Q(kind="after_case"),
                name="praatplaat_after_case_once_per_followup",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_kind_display()}"


class PraatplaatEmail(OutboxRow):
    """An email about a praatplaat that goes out exactly once (see `steunpunt.outbox`):
    the invitation to the professional, and one reminder."""

    class Kind(models.TextChoices):
        INVITE = "invite", _("Uitnodiging na afloop")
        REMINDER = "reminder", _("Herinnering na afloop")
        CONVERSATION = "conversation", _("Uitnodiging voor een gesprek")

    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    praatplaat = models.ForeignKey(Praatplaat, on_delete=models.CASCADE, related_name="emails")

    class Meta:
        verbose_name = _("e-mail over een praatplaat")
        verbose_name_plural = _("e-mails over een praatplaat")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.key
