"""The parent network's timeline: what happened to a buddy, request or match."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from steunpunt.labels import moment_label

from .buddies import BuddyProfile
from .matches import Match
from .requests import BuddyRequest


class NetworkEvent(models.Model):
    """Who did what, and when, to a buddy profile, a request or a match. Appended by the
    services, never edited."""

    class Kind(models.TextChoices):
        BUDDY_APPLIED = "buddy_applied", _("Aangemeld als buddy")
        BUDDY_SCREENED = "buddy_screened", _("Screening bijgewerkt")
        BUDDY_APPROVED = "buddy_approved", _("Goedgekeurd")
        BUDDY_REJECTED = "buddy_rejected", _("Afgewezen")
        BUDDY_PAUSED = "buddy_paused", _("Gepauzeerd")
        BUDDY_RESUMED = "buddy_resumed", _("Weer beschikbaar")
        BUDDY_CAPACITY = "buddy_capacity", _("Aantal ouders tegelijk aangepast")
        REQUEST_CREATED = "request_created", _("Buddy aangevraagd")
        REQUEST_CLOSED = "request_closed", _("Aanvraag gesloten")
        MATCH_PROPOSED = "match_proposed", _("Buddy voorgesteld")
        MATCH_ACCEPTED = "match_accepted", _("Buddy zegt ja")
        MATCH_DECLINED = "match_declined", _("Buddy zegt nee")
        MATCH_EXPIRED = "match_expired", _("Geen antwoord, voorstel verlopen")
        MATCH_STARTED = "match_started", _("Eerste contact gehad")
        MATCH_ENDED = "match_ended", _("Koppeling beëindigd")
        CHECKIN_ANSWERED = "checkin_answered", _("Check-in beantwoord")
        GOALS_WRITTEN = "goals_written", _("Afspraken opgeschreven")
        GOALS_CONFIRMED = "goals_confirmed", _("Afspraken bevestigd")
        CONTACT_LOGGED = "contact_logged", _("Contact genoteerd")
        CLOSURE_ANSWERED = "closure_answered", _("Afsluiting ingevuld")

    kind = models.CharField(_("soort"), max_length=24, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    profile = models.ForeignKey(
        BuddyProfile, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    request = models.ForeignKey(
        BuddyRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    match = models.ForeignKey(
        Match, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    text = models.TextField(_("tekst"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("op"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return moment_label(self.get_kind_display(), self.created_at)
