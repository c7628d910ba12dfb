"""Experienced parents for policy work (ervaringsdeskundigen): the pool parents opt in
to, a partner organisation's request for a parent perspective, and the invitations a
coordinator sends from the ranked list.

Separate from being a buddy: a buddy supports one parent, an ervaringsdeskundige brings
what parents go through to a policy table (a meeting, a working group, a sounding board,
an interview). Only services write the statuses (`services.py`)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steunpunt.models import Municipality, Organisation, Theme


class Format(models.TextChoices):
    """How the parent perspective is asked for."""

    MEETING = "overleg", _("Een overleg of bijeenkomst")
    WORKING_GROUP = "werkgroep", _("Een werkgroep (een paar keer)")
    SOUNDING_BOARD = "klankbord", _("Een klankbordgroep")
    INTERVIEW = "interview", _("Een interview of gesprek")


class Moment(models.TextChoices):
    """When in the day; most parents work or care during one of the two."""

    DAYTIME = "overdag", _("Overdag")
    EVENING = "avond", _("'s Avonds")


class PoolMember(models.Model):
    """A parent who wants to be asked for policy work, and (where the steunpunt screens)
    has had an intake conversation."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Aangemeld")
        APPROVED = "approved", _("Doet mee")
        PAUSED = "paused", _("Gepauzeerd")
        STOPPED = "stopped", _("Gestopt")
        REJECTED = "rejected", _("Gaat niet door")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ouder"),
        on_delete=models.CASCADE,
        related_name="pool_member",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.APPLIED,
        editable=False,
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("ervaring met thema's"), blank=True, related_name="pool_members"
    )
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("gemeenten"), blank=True, related_name="pool_members"
    )
    # Codes of Format and Moment (small fixed lists).
    formats = models.JSONField(_("manieren van meedenken"), default=list, blank=True)
    moments = models.JSONField(_("wanneer in de dag"), default=list, blank=True)
    experience = models.TextField(
        _("ervaring"),
        blank=True,
        help_text=_("In eigen woorden: waar heeft de ouder ervaring mee?"),
    )
    max_per_year = models.PositiveSmallIntegerField(
        _("hoe vaak per jaar gevraagd"),
        default=4,
        help_text=_("Van 1 tot 12 keer per jaar."),
    )
    intake_held_at = models.DateField(_("kennismakingsgesprek op"), null=True, blank=True)
    training_date = models.DateField(
        _("training gevolgd op"),
        null=True,
        blank=True,
        help_text=_("Bijvoorbeeld een training over meepraten aan een beleidstafel."),
    )
    created_at = models.DateTimeField(_("aangemeld op"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("gewijzigd op"), default=timezone.now, editable=False)
    stopped_at = models.DateTimeField(_("gestopt op"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("ervaringsdeskundige")
        verbose_name_plural = _("ervaringsdeskundigen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="pool_member_status_idx")]
        permissions = [("screen_poolmember", _("Ervaringsdeskundigen beoordelen"))]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.email


class PerspectiveRequest(models.Model):
    """A partner organisation asks for one or more parents at a policy table."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Nieuw")
        INVITING = "inviting", _("Ouders uitgenodigd")
        FILLED = "filled", _("Genoeg ouders")
        DONE = "done", _("Afgerond met verslag")
        CANCELLED = "cancelled", _("Gaat niet door")

    OPEN_STATUSES = (Status.SUBMITTED, Status.INVITING, Status.FILLED)

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="perspective_requests",
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gevraagd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    topic = models.CharField(_("onderwerp"), max_length=200)
    description = models.TextField(_("wat u van ouders wilt weten"))
    format = models.CharField(_("vorm"), max_length=16, choices=Format.choices)
    moment = models.CharField(_("wanneer in de dag"), max_length=16, choices=Moment.choices)
    # The meeting date(s), in order: `first_date` and `last_date` are the first and the
    # last of `dates` (ISO strings), kept as columns for the lists and the work queue.
    dates = models.JSONField(_("data"), default=list)
    first_date = models.DateField(_("eerste datum"))
    last_date = models.DateField(_("laatste datum"))
    hours = models.DecimalField(
        _("tijd per ouder (uren)"),
        max_digits=4,
        decimal_places=1,
        help_text=_("Alles bij elkaar, met voorbereiden en reizen."),
    )
    parents_wanted = models.PositiveSmallIntegerField(_("aantal ouders"), default=1)
    allowance = models.DecimalField(
        _("vergoeding per ouder (euro)"), max_digits=7, decimal_places=2, default=0
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thema's"), blank=True, related_name="perspective_requests"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="perspective_requests",
        help_text=_("Leeg: de hele regio."),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.SUBMITTED,
        editable=False,
    )
    report = models.TextField(_("verslag: wat de ouders inbrachten"), blank=True, editable=False)
    reported_at = models.DateTimeField(_("verslag op"), null=True, blank=True, editable=False)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verslag door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("gevraagd op"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("vraag om ouderperspectief")
        verbose_name_plural = _("vragen om ouderperspectief")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "first_date"], name="perspective_status_idx"),
            models.Index(fields=["organisation", "-created_at"], name="perspective_org_idx"),
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def meeting_dates(self) -> list[date]:
        return [date.fromisoformat(day) for day in self.dates]


class Invitation(models.Model):
    """A coordinator asks one parent of the pool to take part; the parent says yes or
    no in their portal. The allowance paid afterwards is kept here, per year."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Uitgenodigd")
        ACCEPTED = "accepted", _("Ja gezegd")
        DECLINED = "declined", _("Nee gezegd")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    request = models.ForeignKey(
        PerspectiveRequest,
        verbose_name=_("vraag"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    # The account, not the pool membership: a paid allowance is kept (the tax rules)
    # after the parent left the pool.
    parent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ouder"),
        on_delete=models.PROTECT,
        related_name="policy_invitations",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.INVITED,
        editable=False,
    )
    invited_at = models.DateTimeField(_("uitgenodigd op"), default=timezone.now, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgenodigd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    answer_by = models.DateTimeField(_("antwoord uiterlijk"), editable=False)
    answered_at = models.DateTimeField(_("geantwoord op"), null=True, blank=True, editable=False)
    allowance_paid = models.DecimalField(
        _("vergoeding betaald (euro)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    paid_on = models.DateField(_("betaald op"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-invited_at"]
        constraints = [
            models.UniqueConstraint(fields=["request", "parent"], name="invitation_once_per_parent")
        ]
        indexes = [
            models.Index(fields=["parent", "invited_at"], name="invitation_parent_idx"),
            models.Index(fields=["parent", "paid_on"], name="invitation_paid_idx"),
        ]
        permissions = [("pay_invitation", _("Vergoedingen als betaald zetten"))]

    def __str__(self) -> str:
        return f"{self.request} - {self.parent}"

    def is_expired(self, now=None) -> bool:
        """Not answered in time: the invitation lapses, nothing is written."""
        return self.status == self.Status.INVITED and self.answer_by <= (now or timezone.now())
