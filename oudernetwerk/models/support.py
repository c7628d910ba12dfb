"""Match support (from the mentoring standards): what parent and buddy agree on when the
match starts (goals in their own words and how often they expect contact), the buddy's
contact log, how each goal goes at a check-in, and each side's closure when it ends."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .checkins import CheckIn
from .matches import Match
from .requests import BuddyRequest

MAX_GOALS = 5
GOAL_MAX_LENGTH = 300
CONTACT_NOTE_MAX_LENGTH = 1000


class MatchAgreement(models.Model):
    """The goals and the expected contact of a running match. Either side writes or
    changes it; the other side confirms it. A change asks for a new confirmation."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Elke week")
        FORTNIGHTLY = "fortnightly", _("Elke twee weken")
        MONTHLY = "monthly", _("Elke maand")

    match = models.OneToOneField(
        Match, verbose_name=_("koppeling"), on_delete=models.CASCADE, related_name="agreement"
    )
    contact_frequency = models.CharField(
        _("hoe vaak contact"), max_length=12, choices=Frequency.choices
    )
    # Counts the changes, so a confirmation (and its email) belongs to one wording.
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opgeschreven door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    written_at = models.DateTimeField(_("opgeschreven op"), default=timezone.now, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bevestigd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("afspraken")
        verbose_name_plural = _("afspraken")

    def __str__(self) -> str:
        return str(self.match)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Goal(models.Model):
    """One goal of a match, in the words of parent and buddy."""

    agreement = models.ForeignKey(
        MatchAgreement, verbose_name=_("afspraken"), on_delete=models.CASCADE, related_name="goals"
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    text = models.CharField(_("doel"), max_length=GOAL_MAX_LENGTH)

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["agreement", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "position"], name="goal_position_once")
        ]

    def __str__(self) -> str:
        return self.text


class GoalReview(models.Model):
    """How a goal goes, answered at a check-in. The goal's words are kept, so the answer
    still reads right after the goal was changed or removed."""

    class Progress(models.TextChoices):
        GOOD = "good", _("Gaat goed")
        SOME = "some", _("Gaat een beetje")
        NOT_YET = "not_yet", _("Lukt nog niet")

    checkin = models.ForeignKey(
        CheckIn, verbose_name=_("check-in"), on_delete=models.CASCADE, related_name="goal_reviews"
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("doel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews",
    )
    goal_text = models.CharField(_("doel"), max_length=GOAL_MAX_LENGTH)
    progress = models.CharField(_("hoe gaat het"), max_length=8, choices=Progress.choices)

    class Meta:
        verbose_name = _("doel bij check-in")
        verbose_name_plural = _("doelen bij check-ins")
        ordering = ["checkin", "pk"]

    def __str__(self) -> str:
        return f"{self.goal_text}: {self.get_progress_display()}"


class MatchContact(models.Model):
    """A contact between buddy and parent, logged by the buddy. The note is for the
    coordinator only: the parent never sees it."""

    class How(models.TextChoices):
        PHONE = "phone", _("Gebeld")
        VISIT = "visit", _("Afgesproken of op bezoek")
        MESSAGE = "message", _("Bericht of chat")
        OTHER = "other", _("Anders")

    match = models.ForeignKey(
        Match, verbose_name=_("koppeling"), on_delete=models.CASCADE, related_name="contacts"
    )
    contact_date = models.DateField(_("datum"))
    how = models.CharField(_("hoe"), max_length=8, choices=How.choices)
    note = models.TextField(_("notitie voor de coördinator"), blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("genoteerd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    logged_at = models.DateTimeField(_("genoteerd op"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacten")
        ordering = ["-contact_date", "-pk"]
        indexes = [models.Index(fields=["match", "-contact_date"], name="matchcontact_last")]

    def __str__(self) -> str:
        return f"{self.match} · {self.contact_date}"


class MatchClosure(models.Model):
    """One side's look back when the match ended: what helped, and whether they would be
    matched again. Each side answers their own, once; the other side never reads it."""

    class Again(models.TextChoices):
        YES = "yes", _("Ja")
        MAYBE = "maybe", _("Misschien")
        NO = "no", _("Nee")

    match = models.ForeignKey(
        Match, verbose_name=_("koppeling"), on_delete=models.CASCADE, related_name="closures"
    )
    respondent = models.CharField(_("van"), max_length=8, choices=CheckIn.Respondent.choices)
    what_helped = models.TextField(_("wat hielp"), blank=True)
    would_match_again = models.CharField(
        _("wil weer gekoppeld worden"), max_length=8, choices=Again.choices
    )
    # The parent's new request when they asked for another buddy.
    new_request = models.ForeignKey(
        BuddyRequest,
        verbose_name=_("nieuwe aanvraag"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # The buddy's rest: no proposals before this day.
    rest_until = models.DateField(_("rust tot"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    answered_at = models.DateTimeField(_("op"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("afsluiting")
        verbose_name_plural = _("afsluitingen")
        ordering = ["match", "respondent"]
        constraints = [
            models.UniqueConstraint(fields=["match", "respondent"], name="closure_once_per_side")
        ]

    def __str__(self) -> str:
        return f"{self.match} · {self.get_respondent_display()}"
