"""The shared core: people, the region's organisations and the one taxonomy of themes."""

from datetime import time

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .outbox.models import OutboxRow, OutgoingEmail  # noqa: F401 - the core's plain emails


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        if password:
            user.set_password(password)
        else:
            # Parents and most partners never get a password: they sign in with a code.
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username: str) -> "User":
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in. The email address is the login; there is no username."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    name = models.CharField(
        _("naam"),
        max_length=150,
        blank=True,
        help_text=_("Hoe we je aanspreken. Mag ook alleen een voornaam zijn."),
    )
    organisation = models.ForeignKey(
        "steunpunt.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        help_text=_("Voor partners: de organisatie namens wie deze persoon werkt."),
    )
    is_staff = models.BooleanField(
        _("medewerker"),
        default=False,
        help_text=_("Mag inloggen in het beheer. Vraagt altijd om een tweede stap."),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["email"]
        permissions = [
            (
                "reset_second_factor",
                _("Mag de tweede stap van iemand opnieuw laten instellen"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


class Municipality(models.Model):
    """A municipality (gemeente) of the steunpunt's region."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("korte naam"), max_length=100, unique=True)
    neighbours = models.ManyToManyField(
        "self",
        verbose_name=_("buurgemeenten"),
        blank=True,
        symmetrical=True,
    )

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgeBand(models.TextChoices):
    """The child's age, in the bands every app asks for (cases, buddy requests), so
    reports can put them side by side."""

    UNDER_4 = "0-4", _("Jonger dan 4 jaar")
    PRIMARY_LOWER = "4-8", _("4 tot 8 jaar")
    PRIMARY_UPPER = "8-12", _("8 tot 12 jaar")
    SECONDARY = "12-16", _("12 tot 16 jaar")
    SECONDARY_UPPER = "16-18", _("16 tot 18 jaar")
    ADULT = "18+", _("18 jaar of ouder")


class Theme(models.Model):
    """What a question, an article or a buddy's experience is about: one shared list."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("korte naam"), max_length=100, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=100)
    is_active = models.BooleanField(
        _("in gebruik"),
        default=True,
        help_text=_("Zet uit om het thema niet meer te laten kiezen. Oude gegevens blijven."),
    )

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A school or partner the steunpunt works with, and may contact with consent."""

    class Kind(models.TextChoices):
        SCHOOL_PO = "school_po", _("Basisschool (PO)")
        SCHOOL_SBO = "school_sbo", _("Speciaal basisonderwijs (SBO)")
        SCHOOL_SO = "school_so", _("Speciaal onderwijs (SO)")
        SCHOOL_VO = "school_vo", _("Voortgezet onderwijs (VO)")
        SCHOOL_VSO = "school_vso", _("Voortgezet speciaal onderwijs (VSO)")
        SAMENWERKINGSVERBAND = "swv", _("Samenwerkingsverband")
        WIJKTEAM = "wijkteam", _("Wijkteam")
        YOUTH_CARE = "jeugdhulp", _("Jeugdhulpaanbieder")
        MUNICIPALITY = "gemeente", _("Gemeente")
        PARENTING_SUPPORT = "opvoedondersteuning", _("Opvoedondersteuning")
        OTHER = "anders", _("Anders")

    SCHOOL_KINDS = frozenset(
        {Kind.SCHOOL_PO, Kind.SCHOOL_SBO, Kind.SCHOOL_SO, Kind.SCHOOL_VO, Kind.SCHOOL_VSO}
    )

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=32, choices=Kind.choices)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("Leeg laten als de organisatie in de hele regio werkt."),
    )
    # Where the steunpunt's requests go: often one person's own address (an intern
    # begeleider, a care coordinator), never shown outside the admin.
    contact_email = models.EmailField(
        _("e-mailadres voor contact"),
        help_text=_(
            "Hier sturen we verzoeken van het steunpunt naartoe. Ouders zien dit adres niet."
        ),
    )
    public_email = models.EmailField(
        _("e-mailadres voor ouders"),
        blank=True,
        help_text=_(
            "Dit adres staat op de wegwijzer. Gebruik een algemeen adres, niet dat van "
            "één persoon. Leeg laten als ouders niet mailen."
        ),
    )
    phone = models.CharField(_("telefoon"), max_length=32, blank=True)
    website = models.URLField(_("website"), blank=True)
    opening_hours = models.TextField(
        _("bereikbaarheid"),
        blank=True,
        help_text=_(
            "Wanneer zij bereikbaar zijn, bijvoorbeeld: "
            "maandag tot en met vrijdag, 9.00 tot 17.00 uur."
        ),
    )
    description = models.TextField(_("waar zij bij helpen"), blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thema's"), blank=True, related_name="organisations"
    )
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "municipality"], name="organisation_name_municipality_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_school(self) -> bool:
        return self.kind in self.SCHOOL_KINDS


class SiteSettings(models.Model):
    """How the steunpunt presents itself: one row, edited by coordinators in the admin."""

    name = models.CharField(_("naam van het steunpunt"), max_length=120)
    region = models.CharField(_("regio"), max_length=120, blank=True)
    phone = models.CharField(_("telefoon"), max_length=32, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    opening_hours = models.TextField(
        _("bereikbaarheid"),
        blank=True,
        help_text=_("Bijvoorbeeld: maandag tot en met donderdag, 9.00 tot 16.00 uur."),
    )
    address = models.TextField(_("bezoekadres"), blank=True)

    class Meta:
        verbose_name = _("instellingen van het steunpunt")
        verbose_name_plural = _("instellingen van het steunpunt")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="site_settings_singleton"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.pk = 1
        super().save(*args, **kwargs)


class AccessEvent(models.Model):
    """One read or change of someone else's personal data, or a sign-in or security
    change (NEN 7513 / BIO 8.15). Append-only: the app never updates or deletes a row;
    on PostgreSQL a trigger refuses both except inside the retention job.

    Actor and data subject are kept as ids without a database constraint, so removing an
    account (erasure, retention) never rewrites or blocks the log."""

    class Action(models.TextChoices):
        VIEW = "view", _("bekeken")
        DOWNLOAD = "download", _("gedownload")
        EXPORT = "export", _("geëxporteerd")
        CHANGE = "change", _("gewijzigd")
        DELETE = "delete", _("verwijderd")
        LOGIN = "login", _("ingelogd")
        LOGIN_FAILED = "login_failed", _("inloggen mislukt")
        MFA_CHANGE = "mfa_change", _("tweede stap gewijzigd")
        ROLE_CHANGE = "role_change", _("rol gewijzigd")

    class Result(models.TextChoices):
        OK = "ok", _("gelukt")
        REFUSED = "refused", _("geweigerd")
        FAILED = "failed", _("mislukt")

    at = models.DateTimeField(_("wanneer"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("wie"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_role = models.CharField(_("rol"), max_length=32)
    actor_organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    action = models.CharField(_("wat"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("soort gegevens"), max_length=64)
    object_id = models.CharField(_("id"), max_length=64, blank=True)
    subject = models.ForeignKey(
        User,
        verbose_name=_("over wie"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    case_reference = models.CharField(_("kenmerk"), max_length=20, blank=True, db_index=True)
    result = models.CharField(
        _("resultaat"), max_length=8, choices=Result.choices, default=Result.OK
    )
    # A keyed hash of the address the request came from: the same origin is recognisable
    # within the log, the address itself is never stored.
    origin = models.CharField(_("herkomst (versleuteld)"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("inzage")
        verbose_name_plural = _("logboek van inzage")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["subject", "-at"], name="access_subject_at"),
            models.Index(fields=["actor", "-at"], name="access_actor_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_type} {self.object_id}"


class DeletionRecord(models.Model):
    """What one run of the retention job did for one kind: how many rows it anonymised
    or deleted, under which term, and when. Nothing personal."""

    kind = models.CharField(_("soort"), max_length=64)
    count = models.PositiveIntegerField(_("aantal"))
    held = models.PositiveIntegerField(
        _("overgeslagen (juridische blokkade)"), default=0, help_text=_("Alleen bij vragen.")
    )
    term = models.CharField(_("termijn"), max_length=32)
    run_at = models.DateTimeField(_("uitgevoerd op"), db_index=True)
    dry_run = models.BooleanField(_("proefrun"), default=False)

    class Meta:
        verbose_name = _("verwijderverslag")
        verbose_name_plural = _("verwijderverslagen")
        ordering = ["-run_at", "kind"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.count}"


class ErasureRequest(models.Model):
    """A person's request to erase their data (AVG art. 17). A coordinator checks what
    must be kept and carries it out or refuses with a reason. Once carried out the
    account is gone and the row keeps only what was done, never who asked."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Gevraagd")
        DONE = "done", _("Uitgevoerd")
        REFUSED = "refused", _("Geweigerd")

    user = models.ForeignKey(
        User,
        verbose_name=_("wie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="erasure_requests",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    requested_at = models.DateTimeField(_("gevraagd op"), default=timezone.now)
    answer_by = models.DateField(_("uiterlijk uitvoeren op"))
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("besloten door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    refusal_reason = models.TextField(_("reden van weigeren"), blank=True)
    # What was erased and what was kept, and why: [{"label", "count", "kept", "reason"}].
    outcome = models.JSONField(_("uitkomst"), default=list, blank=True)

    class Meta:
        verbose_name = _("verzoek om verwijdering")
        verbose_name_plural = _("verzoeken om verwijdering")
        ordering = ["-requested_at"]
        permissions = [("carry_out_erasurerequest", _("Mag verzoeken om verwijdering uitvoeren"))]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="requested"),
                name="erasure_one_open_request_per_user",
            ),
        ]

    def __str__(self) -> str:
        return _("Verzoek %(number)s") % {"number": self.pk}


# --- Notifications to coordinators (steunpunt.notifications) ---------------------------


class NotificationKind(models.TextChoices):
    """What a coordinator can be told about; each chosen as at once or in the digest."""

    NEW_QUESTION = "new_question", _("Nieuwe vraag of klacht")
    PARENT_REPLY = "parent_reply", _("Reactie van een ouder")
    PARTNER_ANSWER = "partner_answer", _("Antwoord van een partner")
    FOLLOWUP_OVERDUE = "followup_overdue", _("Partner te laat met antwoord")
    CHECKIN_WORRYING = "checkin_worrying", _("Zorgelijke check-in")


class NotificationPreference(models.Model):
    """How one coordinator wants to hear about each kind: at once, or in one email a
    day at a time they pick. No row: everything at once."""

    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("Meteen een e-mail")
        DIGEST = "digest", _("In de dagelijkse samenvatting")

    user = models.OneToOneField(
        "User", on_delete=models.CASCADE, related_name="notification_preference"
    )
    new_question = models.CharField(
        NotificationKind.NEW_QUESTION.label,
        max_length=12,
        choices=Mode.choices,
        default=Mode.IMMEDIATE,
    )
    parent_reply = models.CharField(
        NotificationKind.PARENT_REPLY.label,
        max_length=12,
        choices=Mode.choices,
        default=Mode.IMMEDIATE,
    )
    partner_answer = models.CharField(
        NotificationKind.PARTNER_ANSWER.label,
        max_length=12,
        choices=Mode.choices,
        default=Mode.IMMEDIATE,
    )
    followup_overdue = models.CharField(
        NotificationKind.FOLLOWUP_OVERDUE.label,
        max_length=12,
        choices=Mode.choices,
        default=Mode.IMMEDIATE,
    )
    checkin_worrying = models.CharField(
        NotificationKind.CHECKIN_WORRYING.label,
        max_length=12,
        choices=Mode.choices,
        default=Mode.IMMEDIATE,
    )
    digest_time = models.TimeField(
        _("samenvatting versturen om"),
        default=time(8, 0),
        help_text=_("Nederlandse tijd. Je krijgt de samenvatting alleen als er iets in staat."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meldingen")
        verbose_name_plural = _("meldingen")
        indexes = [models.Index(fields=["digest_time"], name="notification_digest_time")]

    def __str__(self) -> str:
        return str(self.user)

    def mode(self, kind: str) -> str:
        return getattr(self, kind)


class DigestEntry(models.Model):
    """One line waiting for a coordinator's next daily digest. `key` says what it is
    about, so the same thing is never listed twice for the same person."""

    user = models.ForeignKey("User", on_delete=models.CASCADE, related_name="digest_entries")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    key = models.CharField(max_length=120)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    digest = models.ForeignKey(
        "DigestEmail", on_delete=models.SET_NULL, null=True, blank=True, related_name="entries"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="digest_entry_once_per_user")
        ]
        indexes = [
            models.Index(
                fields=["user", "created_at"],
                condition=models.Q(digest__isnull=True),
                name="digest_entry_pending",
            )
        ]

    def __str__(self) -> str:
        return self.key


class DigestEmail(OutboxRow):
    """A coordinator's daily digest: claimed once per person and day (its key)."""

    user = models.ForeignKey("User", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        verbose_name = _("dagelijkse samenvatting")
        verbose_name_plural = _("dagelijkse samenvattingen")
        ordering = ["-created_at"]
