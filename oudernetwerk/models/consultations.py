"""The parent panel and its consultations. Answers are kept unlinkable to a
person, an invitation or a time (see docs/adr/0004-unlinkable-consultation-answers.md)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steunpunt.models import Municipality, Theme

# --- Parent panel and consultations ----------------------------------------------------------


class PanelMember(models.Model):
    """A parent who agreed to be asked about their experience. Withdrawing keeps the row
    (with the date) so we know not to ask again; joining again clears it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ouder"),
        on_delete=models.CASCADE,
        related_name="panel_member",
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("onderwerpen"), blank=True, related_name="panel_members"
    )
    # The exact words the parent agreed to, as shown to them then.
    consent_text = models.TextField(_("toestemming gegeven voor"))
    joined_at = models.DateTimeField(_("aangemeld op"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("gestopt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("lid van het ouderpanel")
        verbose_name_plural = _("ouderpanel")
        ordering = ["-joined_at"]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class Consultation(models.Model):
    """A short survey for (part of) the parent panel."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Gesloten")

    title = models.CharField(_("titel"), max_length=200)
    introduction = models.TextField(
        _("uitleg voor ouders"),
        help_text=_("Waar gaat het over en wat doen jullie met de antwoorden? Schrijf kort."),
    )
    minutes = models.PositiveSmallIntegerField(
        _("hoeveel minuten kost het"), default=5, help_text=_("Staat in de uitnodiging.")
    )
    closes_on = models.DateField(
        _("meedoen kan tot en met"),
        help_text=_("Na deze dag kan niemand meer antwoorden."),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("alleen ouders uit deze gemeenten"),
        blank=True,
        related_name="+",
        help_text=_("Leeg: alle gemeenten."),
    )
    themes = models.ManyToManyField(
        Theme,
        verbose_name=_("alleen ouders met deze onderwerpen"),
        blank=True,
        related_name="+",
        help_text=_("Leeg: alle onderwerpen."),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    summary = models.TextField(
        _("samenvatting voor de deelnemers"),
        blank=True,
        help_text=_("Wat hebben we gehoord en wat gaan we ermee doen? In gewone woorden."),
    )
    summary_published_at = models.DateTimeField(
        _("samenvatting gedeeld op"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemaakt door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    opened_at = models.DateTimeField(_("geopend op"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        verbose_name = _("raadpleging")
        verbose_name_plural = _("raadplegingen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def accepts_answers(self, *, today=None) -> bool:
        """Open, and the last day has not passed. Nothing needs to close it at midnight."""
        today = today or timezone.localdate()
        return self.status == self.Status.OPEN and today <= self.closes_on

    def is_finished(self, *, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == self.Status.CLOSED or (
            self.status == self.Status.OPEN and today > self.closes_on
        )


class Question(models.Model):
    class Kind(models.TextChoices):
        CHOICE = "choice", _("Meerkeuze (één antwoord)")
        OPEN = "open", _("Open vraag")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("raadpleging"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    text = models.CharField(_("vraag"), max_length=300)
    help_text = models.CharField(_("uitleg bij de vraag"), max_length=300, blank=True)
    kind = models.CharField(_("soort"), max_length=8, choices=Kind.choices, default=Kind.CHOICE)
    # The answer options of a choice question, in order, as the parent reads them.
    options = models.JSONField(_("keuzes"), default=list, blank=True)
    required = models.BooleanField(_("verplicht"), default=True)

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class Invitation(models.Model):
    """Who was asked, and whether they answered. Deliberately no time of answering and
    no link to the response: `has_answered` only stops a second answer."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("raadpleging"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ouder"),
        on_delete=models.CASCADE,
        related_name="consultation_invitations",
    )
    invited_at = models.DateTimeField(_("uitgenodigd op"), default=timezone.now)
    has_answered = models.BooleanField(_("heeft geantwoord"), default=False)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"], name="invitation_once_per_consultation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultation} · {self.user}"


class Response(models.Model):
    """One parent's answers, without identity: no user, no invitation, no time. The key
    is random, and rows are only written in shuffled batches of at least 5 once the
    consultation is finished (from `SealedResponse`), so neither the key, the order of
    rows nor the transaction that wrote them says who answered what."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("raadpleging"),
        on_delete=models.CASCADE,
        related_name="responses",
    )

    class Meta:
        verbose_name = _("antwoordformulier")
        verbose_name_plural = _("antwoordformulieren")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.consultation)


class SealedResponse(models.Model):
    """One parent's answers while they wait for their batch: encrypted with a key derived
    from SECRET_KEY (which is not in the database) and padded to one size per
    consultation, so the row that shares a transaction with the "has answered" flag says
    nothing about what was answered. See docs/adr/0004-unlinkable-consultation-answers.md.
    No time, random key; deleted when its batch is written as `Response` rows."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("raadpleging"),
        on_delete=models.CASCADE,
        related_name="sealed_responses",
    )
    sealed = models.BinaryField(_("versleutelde antwoorden"))

    class Meta:
        verbose_name = _("versleuteld antwoordformulier")
        verbose_name_plural = _("versleutelde antwoordformulieren")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.consultation)


class Answer(models.Model):
    """The answer to one question, within an anonymous response."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        Response, verbose_name=_("antwoorden"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("vraag"), on_delete=models.CASCADE, related_name="answers"
    )
    choice = models.CharField(_("gekozen"), max_length=200, blank=True)
    text = models.TextField(_("antwoord"), blank=True)

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once_per_form"),
        ]

    def __str__(self) -> str:
        return self.choice or self.text[:50]
