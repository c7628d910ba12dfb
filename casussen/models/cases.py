"""A parent's question or complaint (the case), its signal tags and its timeline."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from steunpunt import roles
from steunpunt.labels import moment_label
from steunpunt.models import AgeBand, Organisation, Theme


def case_owner_choices() -> models.Q:
    """Who the owner field offers (and its autocomplete finds): active coordinators.
    The rule itself is services.check_case_owner."""
    return models.Q(groups__name=roles.COORDINATOR, is_active=True)


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


class CaseManager(models.Manager):
    """Cases without their search vector: only the admin search reads it, inside SQL, so
    no page loads a vector of every story it shows."""

    def get_queryset(self):
        return super().get_queryset().defer("story_vector")


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
    # PostgreSQL only: the story as a Dutch full-text vector, kept by a trigger
    # (migration 0008) so the admin search reads it from its GIN index instead of
    # computing it for every case. Empty on SQLite.
    story_vector = SearchVectorField(null=True, editable=False)
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
        limit_choices_to=case_owner_choices,
    )
    respond_by = models.DateField(_("eerste reactie uiterlijk"), editable=False)
    resolve_by = models.DateField(_("afgerond uiterlijk"), editable=False)
    responded_at = models.DateTimeField(_("eerste reactie op"), null=True, editable=False)
    resolved_at = models.DateTimeField(_("opgelost op"), null=True, editable=False, db_index=True)
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
    created_at = models.DateTimeField(_("ontvangen op"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    # Empty while the owner of the address has not confirmed a question sent by someone
    # who was not signed in as them: until then nothing of it shows in their portal.
    confirmed_at = models.DateTimeField(
        _("bevestigd door de ouder op"), null=True, blank=True, editable=False
    )

    # A duplicate merged into another case (services.case_merge): closed, and its old
    # portal address leads the parent to the surviving case.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("samengevoegd met"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_cases",
        editable=False,
    )
    # Cases of the same parent kept apart but shown beside each other (case_link).
    linked_cases = models.ManyToManyField(
        "self", verbose_name=_("gekoppelde zaken"), blank=True, symmetrical=True
    )
    # When the parent last wrote or a partner last answered: what a coordinator has
    # not read yet is what came in after they last opened the case (`CaseView`).
    last_external_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CaseManager()

    class Meta:
        verbose_name = _("vraag of klacht")
        verbose_name_plural = _("vragen en klachten")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "respond_by"], name="case_status_respond_by"),
            models.Index(fields=["assigned_to", "status"], name="case_assignee_status"),
            # The "te laat" and "vandaag" filters: open cases by either deadline.
            models.Index(fields=["status", "resolve_by"], name="case_status_resolve_by"),
            # The work queue's "not read yet": cases still running with a reply, per owner.
            models.Index(
                fields=["assigned_to", "last_external_at"],
                include=["id"],
                condition=models.Q(last_external_at__isnull=False) & ~models.Q(status="closed"),
                name="case_owner_unread",
            ),
            # "Eerste reactie vandaag of te laat": counted from the index alone.
            models.Index(
                fields=["respond_by"],
                condition=models.Q(
                    status__in=["new", "in_progress", "waiting_for_parent", "waiting_for_partner"],
                    responded_at__isnull=True,
                    paused_since__isnull=True,
                ),
                name="case_first_response_due",
            ),
            # "Wacht op partner, termijn voorbij": the waiting cases' ids from the index.
            models.Index(
                fields=["id"],
                condition=models.Q(status="waiting_for_partner"),
                name="case_waiting_for_partner",
            ),
            models.Index(
                fields=["assigned_to", "status"],
                condition=models.Q(status="new", assigned_to__isnull=True),
                name="case_new_unassigned",
            ),
            # The case list's "te laat" and "vandaag": the running cases newest first, as
            # the list shows them, with both deadlines in the index so the capped count
            # reads the index alone (PostgreSQL; other databases leave `include` out).
            models.Index(
                fields=["created_at", "id"],
                include=["respond_by", "responded_at", "resolve_by"],
                condition=models.Q(
                    status__in=["new", "in_progress", "waiting_for_parent", "waiting_for_partner"],
                    paused_since__isnull=True,
                ),
                name="case_running_newest",
            ),
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
        EVALUATION_REVIEWED = "evaluation_reviewed", _("Evaluatie besproken")
        LEGAL_HOLD_PLACED = "legal_hold_placed", _("Juridische blokkade gezet")
        LEGAL_HOLD_LIFTED = "legal_hold_lifted", _("Juridische blokkade opgeheven")
        ANONYMISED = "anonymised", _("Anoniem gemaakt")
        MERGED = "merged", _("Samengevoegd")
        LINKED = "linked", _("Gekoppeld")
        TIMELINE_SHARED = "timeline_shared", _("Tijdlijn gedeeld")
        TIMELINE_SHARE_STOPPED = "timeline_share_stopped", _("Delen van tijdlijn gestopt")

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
        # What and when, as the timeline row shows it (not two bare ids). The label of
        # the kind itself: get_kind_display() translates all 25 labels to find one, and
        # the timeline on the case page names twenty events.
        try:
            what = self.Kind(self.kind).label
        except ValueError:
            what = self.kind  # as get_kind_display() shows a value that is no choice
        return moment_label(what, self.created_at)


class CaseView(models.Model):
    """When a coordinator last opened a case's page: what came in after that (a
    parent's message, a partner's answer) is not read yet by them. One row per
    coordinator and case."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="views")
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("gelezen door")
        verbose_name_plural = _("gelezen door")
        constraints = [
            models.UniqueConstraint(fields=["user", "case"], name="case_view_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.user_id}"
