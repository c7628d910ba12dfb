"""Emails that arrive in the reply mailbox: each one recorded once, under its Message-ID."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .cases import Case
from .followups import FollowUp


class InboundMessage(models.Model):
    """One email fetched from the reply mailbox (`services.inbound_process`). The unique
    `key` makes it processed exactly once. A reply that landed on a timeline keeps no
    content here (it is on the case); an automatic reply keeps none at all; a message we
    could not place is held, with its text and files, for a coordinator to link or drop
    ("Onbekende berichten")."""

    class Status(models.TextChoices):
        POSTED = "posted", _("Op de tijdlijn gezet")
        HELD = "held", _("Wacht op een coördinator")
        LINKED = "linked", _("Door een coördinator gekoppeld")
        DROPPED = "dropped", _("Verwijderd door een coördinator")
        AUTOMATIC = "automatic", _("Automatisch antwoord, genegeerd")

    class Reason(models.TextChoices):
        NO_TOKEN = "no_token", _("Niet verstuurd naar een antwoordadres van een vraag")
        BAD_TOKEN = "bad_token", _("Het antwoordadres klopt niet")
        EXPIRED_TOKEN = "expired_token", _("Het antwoordadres is verlopen")
        UNKNOWN_SENDER = "unknown_sender", _("Afzender is niet de ouder of de partner")
        REFUSED = "refused", _("Kon niet op de tijdlijn")

    # The Message-ID, or a hash of the whole message when it has none.
    key = models.CharField(max_length=250, unique=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    reason = models.CharField(_("reden"), max_length=16, choices=Reason.choices, blank=True)
    # Why a refused reply could not be posted (the service's message), for the coordinator.
    detail = models.CharField(_("toelichting"), max_length=300, blank=True)
    received_at = models.DateTimeField(_("ontvangen op"), auto_now_add=True)
    from_address = models.CharField(_("afzender"), max_length=254, blank=True)
    subject = models.CharField(_("onderwerp"), max_length=300, blank=True)
    text = models.TextField(_("bericht"), blank=True)
    # The whole message as received, while it is held: its files are checked and stored
    # only when a coordinator links it.
    raw = models.BinaryField(blank=True, default=b"")
    # Where it went, or (held) the case its subject names: a suggestion, never a fact.
    case = models.ForeignKey(
        Case,
        verbose_name=_("vraag"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_messages",
    )
    followup = models.ForeignKey(
        FollowUp,
        verbose_name=_("vraag aan partner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_messages",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgehandeld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("onbekend bericht")
        verbose_name_plural = _("onbekende berichten")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(
                fields=["-received_at"],
                condition=models.Q(status="held"),
                name="inbound_held",
            )
        ]
        permissions = [("handle_inboundmessage", _("Can link or drop unknown messages"))]

    def __str__(self) -> str:
        return self.subject or str(_("(geen onderwerp)"))
