"""Questions and complaints from parents: the case, its timeline, consent and files."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from steunpunt.models import AgeBand, Organisation, Theme
from steunpunt.outbox import OutboxRow


class SignalTag(models.Model):
    """A signal a coordinator tags cases with, for the regional policy tables."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("korte naam"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "question", _("Vraag")
        COMPLAINT = "complaint", _("Klacht")

    class Channel(models.TextChoices):
        WEB = "web", _("Website")
        PHONE = "phone", _("Telefoon")
        EMAIL = "email", _("E-mail")
        WALK_IN = "walk_in", _("Inloop")

    class Status(models.TextChoices):
        NEW = "new", _("Nieuw")
        IN_PROGRESS = "in_progress", _("In behandeling")
        WAITING_FOR_PARENT = "waiting_for_parent", _("Wacht op ouder")
        WAITING_FOR_PARTNER = "waiting_for_partner", _("Wacht op partner")
        RESOLVED = "resolved", _("Opgelost")
        CLOSED = "closed", _("Gesloten")

    class Priority(models.IntegerChoices):
        NORMAL = 2, _("Normaal")
        HIGH = 3, _("Hoog")
        URGENT = 4, _("Spoed")

    class Resolution(models.TextChoices):
        ANSWERED = "answered", _("Beantwoord")
        REFERRED = "referred", _("Doorverwezen")
        UPHELD = "upheld", _("Klacht gegrond")
        NOT_UPHELD = "not_upheld", _("Klacht ongegrond")
        WITHDRAWN = "withdrawn", _("Ingetrokken")
        DUPLICATE = "duplicate", _("Dubbel")

    class ContactPreference(models.TextChoices):
        EMAIL = "email", _("Per e-mail")
        PHONE = "phone", _("Bellen")

    reference = models.CharField(_("kenmerk"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    channel = models.CharField(
        _("binnengekomen via"), max_length=16, choices=Channel.choices, default=Channel.WEB
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("thema"), on_delete=models.PROTECT, related_name="cases"
    )
    description = models.TextField(_("het verhaal"))
    age_band = models.CharField(
        _("leeftijd van het kind"), max_length=8, choices=AgeBand.choices, blank=True
    )
    school = models.ForeignKey(
        Organisation,
        verbose_name=_("school"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases_as_school",
    )
    school_other = models.CharField(_("andere school"), max_length=200, blank=True)
    complaint_about = models.ForeignKey(
        Organisation,
        verbose_name=_("klacht over"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
    )
    # Empty once the case is anonymised (retention or erasure): nothing links it to a
    # person any more.
    parent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ouder"),
        on_delete=models.PROTECT,
        null=True,
        related_name="cases",
    )
    contact_preference = models.CharField(
        _("contact bij voorkeur"),
        max_length=8,
        choices=ContactPreference.choices,
        default=ContactPreference.EMAIL,
    )
    contact_times = models.CharField(_("wanneer bereikbaar"), max_length=200, blank=True)
    phone = models.CharField(_("telefoon"), max_length=32, blank=True)
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.NEW, editable=False
    )
    priority = models.PositiveSmallIntegerField(
        _("prioriteit"), choices=Priority.choices, default=Priority.NORMAL
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandelaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    respond_by = models.DateField(_("eerste reactie uiterlijk"), editable=False)
    resolve_by = models.DateField(_("afgerond uiterlijk"), editable=False)
    responded_at = models.DateTimeField(_("eerste reactie op"), null=True, editable=False)
    resolved_at = models.DateTimeField(_("opgelost op"), null=True, editable=False)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, editable=False)
    # While the case waits for the parent, its deadlines stand still: the working days
    # it waited are added to both deadlines.
    paused_since = models.DateTimeField(null=True, editable=False)
    paused_working_days = models.PositiveSmallIntegerField(default=0, editable=False)
    resolution = models.CharField(
        _("afloop"), max_length=16, choices=Resolution.choices, blank=True, editable=False
    )
    signal_tags = models.ManyToManyField(
        SignalTag, verbose_name=_("signalen"), blank=True, related_name="cases"
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
    # A legal hold (e.g. a complaint in procedure) keeps the case as it is: retention
    # and erasure skip it until a coordinator lifts the hold.
    legal_hold_since = models.DateTimeField(
        _("juridische blokkade sinds"), null=True, blank=True, editable=False
    )
    legal_hold_reason = models.TextField(_("reden van de blokkade"), blank=True, editable=False)
    legal_hold_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("blokkade door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    anonymised_at = models.DateTimeField(
        _("anoniem gemaakt op"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("ontvangen op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    # Empty while the owner of the address has not confirmed a question sent by someone
    # who was not signed in as them: until then nothing of it shows in their portal.
    confirmed_at = models.DateTimeField(
        _("bevestigd door de ouder op"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("vraag of klacht")
        verbose_name_plural = _("vragen en klachten")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "respond_by"], name="case_status_respond_by"),
            models.Index(fields=["assigned_to", "status"], name="case_assignee_status"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def on_legal_hold(self) -> bool:
        return self.legal_hold_since is not None

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class CaseEvent(models.Model):
    """One line of the case's timeline. Appended, never edited."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Ontvangen")
        CONFIRMED = "confirmed", _("Bevestigd door de ouder")
        STATUS_CHANGED = "status_changed", _("Status gewijzigd")
        ASSIGNED = "assigned", _("Behandelaar gekozen")
        MESSAGE_TO_PARENT = "message_to_parent", _("Bericht aan ouder")
        MESSAGE_FROM_PARENT = "message_from_parent", _("Bericht van ouder")
        INTERNAL_NOTE = "internal_note", _("Interne notitie")
        CONSENT_GIVEN = "consent_given", _("Toestemming gegeven")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Toestemming ingetrokken")
        ATTACHMENT_ADDED = "attachment_added", _("Bijlage toegevoegd")
        DEADLINES_CHANGED = "deadlines_changed", _("Termijnen aangepast")
        FOLLOWUP_CREATED = "followup_created", _("Gevraagd aan partner")
        FOLLOWUP_REMINDED = "followup_reminded", _("Partner herinnerd")
        FOLLOWUP_ANSWERED = "followup_answered", _("Antwoord van partner")
        FOLLOWUP_OVERDUE = "followup_overdue", _("Partner te laat")
        FOLLOWUP_CANCELLED = "followup_cancelled", _("Vraag aan partner geannuleerd")
        EVALUATION_RECEIVED = "evaluation_received", _("Evaluatie ontvangen")
        LEGAL_HOLD_PLACED = "legal_hold_placed", _("Juridische blokkade gezet")
        LEGAL_HOLD_LIFTED = "legal_hold_lifted", _("Juridische blokkade opgeheven")
        ANONYMISED = "anonymised", _("Anoniem gemaakt")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("soort"), max_length=24, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("tekst"), blank=True)
    # Internal notes are for coordinators only; the parent sees every other event.
    is_internal = models.BooleanField(_("intern"), default=False)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("op"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("tijdlijn")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.get_kind_display()}"


class Consent(models.Model):
    """The parent's permission to contact one organisation about this case."""

    class Method(models.TextChoices):
        FORM = "form", _("Via het formulier")
        PORTAL = "portal", _("In Mijn steunpunt")
        PHONE = "phone", _("Telefonisch")
        EMAIL = "email", _("Per e-mail")
        IN_PERSON = "in_person", _("In een gesprek")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("waarvoor"), max_length=300)
    method = models.CharField(_("hoe gegeven"), max_length=16, choices=Method.choices)
    given_at = models.DateTimeField(_("gegeven op"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="consent_one_valid_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.organisation_id}"

    @property
    def is_valid(self) -> bool:
        return self.withdrawn_at is None


class CaseAttachment(models.Model):
    """A file a parent sent along. Stored outside the public media, served only through
    a view that checks who may see the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="casussen/%Y/%m/")
    original_name = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.original_name


class DeadlineRule(models.Model):
    """How long the steunpunt takes for a kind of case, optionally for one theme.
    Without a rule the defaults in settings (CASE_DEADLINES) apply."""

    kind = models.CharField(_("soort"), max_length=16, choices=Case.Kind.choices)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("thema"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Leeg: geldt voor alle thema's van deze soort."),
    )
    respond_working_days = models.PositiveSmallIntegerField(_("eerste reactie in werkdagen"))
    resolve_working_days = models.PositiveSmallIntegerField(
        _("afronden in werkdagen"), null=True, blank=True
    )
    resolve_weeks = models.PositiveSmallIntegerField(
        _("afronden in weken"),
        null=True,
        blank=True,
        help_text=_("Gebruik weken óf werkdagen. Klachten: de wet noemt 6 weken."),
    )

    class Meta:
        verbose_name = _("termijn")
        verbose_name_plural = _("termijnen")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "theme"], name="deadline_rule_kind_theme_unique"
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(theme__isnull=True),
                name="deadline_rule_kind_default_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(resolve_working_days__isnull=False)
                | models.Q(resolve_weeks__isnull=False),
                name="deadline_rule_has_resolve_term",
            ),
        ]

    def __str__(self) -> str:
        scope = self.theme or _("alle thema's")
        return f"{self.get_kind_display()} · {scope}"


class ReferenceCounter(models.Model):
    """The last case number handed out per year: OSP-2026-00042."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class FollowUp(models.Model):
    """An action the steunpunt asks of a school or partner, with the parent's consent.
    The partner answers through a signed link or in the partner portal."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Beantwoord")
        CANCELLED = "cancelled", _("Geannuleerd")
        OVERDUE = "overdue", _("Te laat")

    class Channel(models.TextChoices):
        LINK = "link", _("Via de link in de e-mail")
        PORTAL = "portal", _("In het partnerportaal")
        COORDINATOR = "coordinator", _("Vastgelegd door de coördinator")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="followups")
    consent = models.ForeignKey(
        Consent, verbose_name=_("toestemming"), on_delete=models.PROTECT, related_name="followups"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="followups",
    )
    contact_email = models.EmailField(_("e-mailadres contactpersoon"))
    request = models.TextField(_("wat vragen we"))
    due_date = models.DateField(_("antwoord uiterlijk"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, editable=False
    )
    answer = models.TextField(_("antwoord"), blank=True, editable=False)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, editable=False)
    answered_via = models.CharField(
        _("beantwoord via"), max_length=16, choices=Channel.choices, blank=True, editable=False
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beantwoord door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    overdue_at = models.DateTimeField(_("te laat sinds"), null=True, editable=False)
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, editable=False)
    # Part of every signed link: a new nonce makes all earlier links invalid.
    link_nonce = models.CharField(max_length=32, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemaakt door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("opvolging")
        verbose_name_plural = _("opvolgingen")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"], name="followup_status_due")]

    def __str__(self) -> str:
        return f"{self.case} · {self.organisation}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.OVERDUE)


class Reminder(OutboxRow):
    """A case email that must go out exactly once (see `steunpunt.outbox`): about a
    follow-up, a first response or an evaluation."""

    class Kind(models.TextChoices):
        FOLLOWUP_BEFORE_DUE = "followup_before_due", _("Opvolging: herinnering vooraf")
        FOLLOWUP_ON_DUE = "followup_on_due", _("Opvolging: herinnering op de dag")
        FOLLOWUP_OVERDUE = "followup_overdue", _("Opvolging: te laat, coördinator ingelicht")
        CASE_RESPOND_SOON = "case_respond_soon", _("Zaak: eerste reactie bijna te laat")
        EVALUATION_INVITE = "evaluation_invite", _("Evaluatie: uitnodiging")
        EVALUATION_REMINDER = "evaluation_reminder", _("Evaluatie: herinnering")

    kind = models.CharField(_("soort"), max_length=24, choices=Kind.choices)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reminders")
    followup = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )

    class Meta:
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["followup", "kind"],
                condition=models.Q(followup__isnull=False),
                name="reminder_once_per_followup_kind",
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="reminder_unsent",
            )
        ]

    def __str__(self) -> str:
        return self.key


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

    def __str__(self) -> str:
        return str(self.case)
