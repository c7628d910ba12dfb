"""The parent network: buddies (experienced parents), parents' requests for one, and the
matches between them. Business rules live in `services`; these models only hold data."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steunpunt.models import AgeBand, Municipality, Theme
from steunpunt.outbox import OutboxRow


class SchoolType(models.TextChoices):
    REGULAR = "regulier", _("Gewone school (regulier onderwijs)")
    SBO = "sbo", _("Speciaal basisonderwijs (SBO)")
    SO = "so", _("Speciaal onderwijs (SO)")
    VSO = "vso", _("Voortgezet speciaal onderwijs (VSO)")
    HOME = "thuiszitten", _("Zit (nu) thuis, geen school")


class Language(models.TextChoices):
    DUTCH = "nl", _("Nederlands")
    ENGLISH = "en", _("Engels")
    ARABIC = "ar", _("Arabisch")
    TURKISH = "tr", _("Turks")
    POLISH = "pl", _("Pools")
    UKRAINIAN = "uk", _("Oekraïens")


MAX_ACTIVE_MATCHES_LIMIT = 5


class BuddyProfile(models.Model):
    """An experienced parent who supports other parents, once screened and approved."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Aangemeld")
        APPROVED = "approved", _("Goedgekeurd")
        REJECTED = "rejected", _("Afgewezen")
        PAUSED = "paused", _("Gepauzeerd")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="buddy_profile",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("ervaring met thema's"), blank=True, related_name="buddy_profiles"
    )
    # Small fixed lists of choice values (see AgeBand, SchoolType, Language).
    age_bands = models.JSONField(_("leeftijden van kinderen"), default=list, blank=True)
    school_types = models.JSONField(_("soorten school"), default=list, blank=True)
    languages = models.JSONField(_("talen"), default=list, blank=True)
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("gemeenten"), blank=True, related_name="buddy_profiles"
    )
    max_active_matches = models.PositiveSmallIntegerField(
        _("hoeveel ouders tegelijk"),
        default=1,
        help_text=_("Van 1 tot 5."),
    )
    introduction = models.TextField(
        _("korte voorstelling"),
        blank=True,
        help_text=_("Dit leest een ouder nadat de koppeling is gemaakt."),
    )
    phone = models.CharField(_("telefoonnummer"), max_length=32, blank=True)
    share_email = models.BooleanField(_("e-mailadres delen met een gekoppelde ouder"), default=True)
    share_phone = models.BooleanField(
        _("telefoonnummer delen met een gekoppelde ouder"), default=False
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.APPLIED,
        editable=False,
    )
    intake_held_at = models.DateField(_("kennismakingsgesprek op"), null=True, blank=True)
    vog_date = models.DateField(
        _("datum VOG"),
        null=True,
        blank=True,
        help_text=_("De datum op de Verklaring Omtrent het Gedrag. Geldig tot 3 jaar daarna."),
    )
    training_date = models.DateField(_("training gevolgd op"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("goedgekeurd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, editable=False)
    rejected_reason = models.TextField(_("reden van afwijzen"), blank=True, editable=False)
    created_at = models.DateTimeField(_("aangemeld op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        verbose_name = _("buddy")
        verbose_name_plural = _("buddy's")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    max_active_matches__gte=1, max_active_matches__lte=MAX_ACTIVE_MATCHES_LIMIT
                ),
                name="buddy_max_active_matches_1_to_5",
            ),
        ]
        indexes = [models.Index(fields=["status", "vog_date"], name="buddy_status_vog")]

    def __str__(self) -> str:
        return str(self.user)


class BuddyRequest(models.Model):
    """A parent's request for a buddy."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MATCHED = "matched", _("Gekoppeld")
        CLOSED = "closed", _("Gesloten")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("Binnen een paar weken is goed")
        SOON = "soon", _("Liefst zo snel mogelijk")

    parent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ouder"),
        on_delete=models.CASCADE,
        related_name="buddy_requests",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingevoerd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("thema's"), related_name="+")
    age_band = models.CharField(
        _("leeftijd van het kind"), max_length=8, choices=AgeBand.choices, blank=True
    )
    school_type = models.CharField(
        _("soort school"), max_length=16, choices=SchoolType.choices, blank=True
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(
        _("taal"), max_length=8, choices=Language.choices, default=Language.DUTCH
    )
    hopes = models.TextField(_("wat de ouder hoopt"))
    urgency = models.CharField(
        _("haast"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    phone = models.CharField(_("telefoonnummer"), max_length=32, blank=True)
    share_email = models.BooleanField(_("e-mailadres delen met de buddy"), default=True)
    share_phone = models.BooleanField(_("telefoonnummer delen met de buddy"), default=False)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN, editable=False
    )
    answer_by = models.DateField(_("ouder hoort uiterlijk"), editable=False)
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("buddy-aanvraag")
        verbose_name_plural = _("buddy-aanvragen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "answer_by"], name="buddyrequest_status_due")]

    def __str__(self) -> str:
        return _("Aanvraag %(number)s") % {"number": self.pk}


class Match(models.Model):
    """A buddy proposed to, and then working with, a parent. Status changes follow
    `workflow.MATCH_TRANSITIONS`."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Voorgesteld")
        ACCEPTED = "accepted", _("Geaccepteerd")
        DECLINED = "declined", _("Afgewezen door buddy")
        EXPIRED = "expired", _("Verlopen")
        ACTIVE = "active", _("Loopt")
        ENDED = "ended", _("Beëindigd")

    request = models.ForeignKey(
        BuddyRequest, verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="matches"
    )
    buddy = models.ForeignKey(
        BuddyProfile, verbose_name=_("buddy"), on_delete=models.PROTECT, related_name="matches"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.PROPOSED,
        editable=False,
    )
    proposed_at = models.DateTimeField(_("voorgesteld op"), default=timezone.now, editable=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voorgesteld door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    answer_by = models.DateTimeField(_("buddy antwoordt uiterlijk"), null=True, editable=False)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, editable=False)
    decline_reason = models.TextField(_("reden van nee"), blank=True, editable=False)
    started_at = models.DateTimeField(_("gestart op"), null=True, editable=False)
    ended_at = models.DateTimeField(_("beëindigd op"), null=True, editable=False)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beëindigd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    end_reason = models.TextField(_("reden van beëindigen"), blank=True, editable=False)

    class Meta:
        verbose_name = _("koppeling")
        verbose_name_plural = _("koppelingen")
        ordering = ["-proposed_at"]
        constraints = [
            # A parent waits for, or works with, one buddy at a time.
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(status__in=["proposed", "accepted", "active"]),
                name="match_one_open_per_request",
            ),
        ]
        indexes = [
            models.Index(fields=["buddy", "status"], name="match_buddy_status"),
            models.Index(fields=["status", "answer_by"], name="match_status_answer_by"),
        ]

    def __str__(self) -> str:
        return f"{self.request} · {self.buddy}"


class CheckIn(models.Model):
    """ "How is it going?" for the buddy or the parent of a match: after two weeks, every
    three months, and once more when the match ends. One row per match, person and
    round, made when it is due; the answer is kept on the row."""

    class Respondent(models.TextChoices):
        BUDDY = "buddy", _("Buddy")
        PARENT = "parent", _("Ouder")

    class Mood(models.TextChoices):
        GOOD = "good", _("Goed")
        MIXED = "mixed", _("Het kan beter")
        BAD = "bad", _("Niet goed")

    # Round 0 is the end evaluation, 1 the check-in after two weeks, 2 and on every
    # three months after that.
    END_ROUND = 0

    match = models.ForeignKey(
        Match, verbose_name=_("koppeling"), on_delete=models.CASCADE, related_name="checkins"
    )
    respondent = models.CharField(_("voor"), max_length=8, choices=Respondent.choices)
    round = models.PositiveSmallIntegerField(_("ronde"))
    due_at = models.DateTimeField(_("gevraagd op"))
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    mood = models.CharField(_("hoe gaat het"), max_length=8, choices=Mood.choices, blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    wants_help = models.BooleanField(_("wil hulp van de coördinator"), default=False)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["match", "respondent", "round"], name="checkin_once_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.match} · {self.get_respondent_display()} · {self.round}"

    @property
    def is_end_evaluation(self) -> bool:
        return self.round == self.END_ROUND

    @property
    def is_worrying(self) -> bool:
        return self.mood == self.Mood.BAD or self.wants_help


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
        REQUEST_CREATED = "request_created", _("Buddy aangevraagd")
        REQUEST_CLOSED = "request_closed", _("Aanvraag gesloten")
        MATCH_PROPOSED = "match_proposed", _("Buddy voorgesteld")
        MATCH_ACCEPTED = "match_accepted", _("Buddy zegt ja")
        MATCH_DECLINED = "match_declined", _("Buddy zegt nee")
        MATCH_EXPIRED = "match_expired", _("Geen antwoord, voorstel verlopen")
        MATCH_STARTED = "match_started", _("Eerste contact gehad")
        MATCH_ENDED = "match_ended", _("Koppeling beëindigd")
        CHECKIN_ANSWERED = "checkin_answered", _("Check-in beantwoord")

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
        return self.get_kind_display()


class Reminder(OutboxRow):
    """A parent-network email that must go out exactly once (see `steunpunt.outbox`):
    about a buddy's VOG, a proposal, a check-in or a meetup."""

    class Kind(models.TextChoices):
        VOG_EXPIRING = "vog_expiring", _("VOG verloopt bijna")
        MATCH_ANSWER_SOON = "match_answer_soon", _("Buddy: voorstel beantwoorden")
        MATCH_EXPIRED = "match_expired", _("Coördinator: voorstel verlopen")
        CHECKIN = "checkin", _("Check-in: hoe gaat het?")
        CHECKIN_ALERT = "checkin_alert", _("Coördinator: zorgen uit check-in")
        MEETUP_DAY_BEFORE = "meetup_day_before", _("Ontmoeting: morgen")

    kind = models.CharField(_("soort"), max_length=24, choices=Kind.choices)
    profile = models.ForeignKey(
        BuddyProfile, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    match = models.ForeignKey(
        Match, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    checkin = models.ForeignKey(
        CheckIn, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    registration = models.ForeignKey(
        "MeetupRegistration",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
    )
    # Files sent along, e.g. a calendar invitation: [{"filename", "content", "mimetype"}].
    attachments = models.JSONField(_("bijlagen"), default=list, blank=True)

    class Meta:
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="network_reminder_unsent",
            )
        ]

    def __str__(self) -> str:
        return self.key


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
        from django.core.exceptions import ValidationError

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
