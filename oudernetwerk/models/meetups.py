"""Meetups (ontmoetingen) and the parents registered for them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steunpunt.models import Municipality, Theme

# --- Meetups (ontmoetingen) -----------------------------------------------------------------


class Meetup(models.Model):
    """A meeting of parents, at a place or online, with a fixed number of places. Who
    comes is in `MeetupRegistration`; the rules are in `services.meetup_*`."""

    class Kind(models.TextChoices):
        PLACE = "place", _("Op een plek")
        ONLINE = "online", _("Online")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept (nog niet te zien)")
        PUBLISHED = "published", _("Gepubliceerd")
        CANCELLED = "cancelled", _("Afgelast")

    title = models.CharField(_("titel"), max_length=200)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("thema"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetups",
    )
    description = models.TextField(
        _("beschrijving"),
        blank=True,
        help_text=_("Wat gaan we doen, voor wie is het? Schrijf kort en eenvoudig."),
    )
    starts_at = models.DateTimeField(_("begint om"))
    ends_at = models.DateTimeField(_("eindigt om"))
    kind = models.CharField(_("waar"), max_length=8, choices=Kind.choices, default=Kind.PLACE)
    place_name = models.CharField(_("naam van de plek"), max_length=200, blank=True)
    address = models.CharField(_("adres"), max_length=300, blank=True)
    online_url = models.URLField(
        _("link voor online"),
        blank=True,
        help_text=_("Alleen aangemelde ouders zien deze link, ook in de herinnering."),
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetups",
    )
    capacity = models.PositiveSmallIntegerField(_("aantal plekken"), default=12)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PUBLISHED
    )
    cancel_reason = models.TextField(_("reden van afgelasten"), blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("afgelast op"), null=True, editable=False)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgelast door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
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
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        verbose_name = _("ontmoeting")
        verbose_name_plural = _("ontmoetingen")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="meetup_capacity_1"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meetup_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="meetup_status_starts")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:

        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Het einde moet na het begin liggen.")
        if self.kind == self.Kind.PLACE and not self.place_name.strip():
            errors["place_name"] = _("Vul in waar de ontmoeting is.")
        if self.kind == self.Kind.ONLINE and not self.online_url:
            errors["online_url"] = _("Vul de link in waarmee ouders online meedoen.")
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = _("Er is minstens één plek nodig.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_online(self) -> bool:
        return self.kind == self.Kind.ONLINE

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()


class MeetupRegistration(models.Model):
    """A parent's place at a meetup, or their place in the queue for one. The waiting
    list is served in `created_at` order; a cancelled row stays for the history."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Aangemeld")
        WAITING = "waiting", _("Wachtlijst")
        CANCELLED = "cancelled", _("Afgemeld")

    meetup = models.ForeignKey(
        Meetup, verbose_name=_("ontmoeting"), on_delete=models.CASCADE, related_name="registrations"
    )
    parent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ouder"),
        on_delete=models.CASCADE,
        related_name="meetup_registrations",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, editable=False)
    created_at = models.DateTimeField(_("aangemeld op"), default=timezone.now, editable=False)
    promoted_at = models.DateTimeField(_("van wachtlijst af op"), null=True, editable=False)
    cancelled_at = models.DateTimeField(_("afgemeld op"), null=True, editable=False)
    attended = models.BooleanField(_("was er"), null=True, blank=True)

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meetup", "parent"],
                condition=models.Q(status__in=["registered", "waiting"]),
                name="meetup_one_registration_per_parent",
            ),
        ]
        indexes = [
            models.Index(fields=["meetup", "status", "created_at"], name="meetup_reg_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.meetup} · {self.parent}"
