"""The knowledge base: articles, their history, attachments, feedback and searches."""

from datetime import date

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from steunpunt.labels import moment_label
from steunpunt.models import Theme


class Article(models.Model):
    class Audience(models.TextChoices):
        PARENTS = "parents", _("Ouders")
        PROFESSIONALS = "professionals", _("Professionals")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Iedereen")
        PARTNERS = "partners", _("Partners en medewerkers")
        STAFF = "staff", _("Alleen medewerkers")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        IN_REVIEW = "in_review", _("Ter controle")
        PUBLISHED = "published", _("Gepubliceerd")
        ARCHIVED = "archived", _("Gearchiveerd")

    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(
        _("webadres"),
        max_length=200,
        unique=True,
        help_text=_("Het laatste deel van het webadres, bijvoorbeeld: zorgplicht-van-school."),
    )
    summary = models.TextField(
        _("samenvatting"), max_length=400, help_text=_("Eén of twee korte zinnen.")
    )
    body = models.TextField(
        _("tekst"),
        help_text=_("Markdown: ## voor een tussenkop, - voor een opsomming, **vet**."),
    )
    keywords = models.CharField(
        _("zoekwoorden"),
        max_length=300,
        blank=True,
        help_text=_(
            "Andere woorden waarop ouders dit artikel zoeken, met komma's ertussen. "
            "Bijvoorbeeld: thuiszitter, leerplicht."
        ),
    )
    body_html = models.TextField(editable=False, default="")
    body_text = models.TextField(editable=False, default="")
    # Accent-folded, lower-case words of everything below: the SQLite search.
    search_text = models.TextField(editable=False, default="")
    # The same for title, search words and theme names only: the SQLite ranking.
    search_head = models.TextField(editable=False, default="")
    # Weighted Dutch tsvector (title, search words and theme names A, summary B, body C),
    # kept by kennisbank.search_index: the PostgreSQL search, GIN-indexed.
    search_vector = SearchVectorField(null=True, editable=False)

    themes = models.ManyToManyField(
        Theme, verbose_name=_("thema's"), related_name="articles", blank=True
    )
    audience = models.CharField(
        _("voor wie"), max_length=16, choices=Audience.choices, default=Audience.PARENTS
    )
    visibility = models.CharField(
        _("zichtbaar voor"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    language = models.CharField(
        _("taal"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    related = models.ManyToManyField(
        "self", verbose_name=_("gerelateerde artikelen"), blank=True, symmetrical=True
    )
    responsible_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verantwoordelijke redacteur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Krijgt een herinnering als het artikel opnieuw gecontroleerd moet worden."),
    )
    review_by = models.DateField(
        _("controleren voor"),
        null=True,
        blank=True,
        help_text=_("Leeg laten: één jaar na publiceren."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, editable=False)
    checked_on = models.DateField(_("laatst gecontroleerd op"), null=True, editable=False)
    view_count = models.PositiveIntegerField(_("keer gelezen"), default=0, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        verbose_name = _("artikel")
        verbose_name_plural = _("artikelen")
        ordering = ["title"]
        permissions = [("publish_article", _("Mag artikelen goedkeuren en publiceren"))]
        indexes = [
            models.Index(fields=["-view_count"], name="article_view_count"),
            models.Index(fields=["-updated_at"], name="article_updated_at"),
            # Who may read what, with the id: the kennisbank's article count per theme
            # reads this index alone, not 5,000 wide rows (body, HTML, search vector).
            models.Index(fields=["status", "visibility", "id"], name="article_visible"),
            # The admin list's order (title, then -pk): its first page from the index.
            models.Index(fields=["title", "-id"], name="article_title_id"),
            # The editors' work queue: published past the review date. Only rows with a
            # date, so the kennisbank search (which asks no date) never takes it for a
            # status index instead of its GIN index; "in review" counts on article_visible.
            models.Index(
                fields=["review_by"],
                condition=models.Q(review_by__isnull=False),
                name="article_review_by",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("kennisbank:article", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def review_overdue(self, today: date) -> bool:
        return bool(self.review_by and self.review_by <= today)


class ArticleEvent(models.Model):
    """The article's history: who created, edited, submitted, published... and when."""

    class Action(models.TextChoices):
        CREATED = "created", _("aangemaakt")
        EDITED = "edited", _("bewerkt")
        SUBMITTED = "submitted", _("ter controle aangeboden")
        REJECTED = "rejected", _("teruggestuurd")
        PUBLISHED = "published", _("gepubliceerd")
        UNPUBLISHED = "unpublished", _("offline gehaald")
        ARCHIVED = "archived", _("gearchiveerd")
        RESTORED = "restored", _("teruggezet naar concept")
        CHECKED = "checked", _("gecontroleerd")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("actie"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("op"), auto_now_add=True)
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("geschiedenis")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return moment_label(self.get_action_display(), self.at)


class ArticleAttachment(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("naam"), max_length=200)
    file = models.FileField(_("bestand"), upload_to="kennisbank/%Y/")
    content_type = models.CharField(max_length=120, editable=False)
    size = models.PositiveIntegerField(editable=False, default=0)

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("kennisbank:attachment", kwargs={"slug": self.article.slug, "pk": self.pk})


class ArticleLink(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("tekst van de link"), max_length=200)
    url = models.URLField(_("webadres"))

    class Meta:
        verbose_name = _("externe link")
        verbose_name_plural = _("externe links")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class ArticleFeedback(models.Model):
    """'Was dit nuttig?': anonymous, one vote per browser session."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    helpful = models.BooleanField(_("nuttig"))
    comment = models.TextField(_("opmerking"), blank=True, max_length=1000)
    # A hash of the session key: enough to refuse a second vote, useless for anything else.
    voter = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("gegeven op"), auto_now_add=True)

    class Meta:
        verbose_name = _("reactie")
        verbose_name_plural = _("reacties")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["article", "voter"], name="feedback_one_per_voter"),
        ]

    def __str__(self) -> str:
        return f"{self.article} · {'ja' if self.helpful else 'nee'}"


class ReviewReminder(models.Model):
    """One row per article and review-by date: the reminder for it went out."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    review_by = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "review_by"], name="review_reminder_once_per_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} · {self.review_by}"


class SearchWord(models.Model):
    """One word of the published articles: the small list typos are corrected against.

    On PostgreSQL it has a trigram index, so a misspelt word is looked up here and not
    in the articles' bodies."""

    word = models.CharField(max_length=60, unique=True)

    def __str__(self) -> str:
        return self.word


class SearchLog(models.Model):
    """What was searched and how much was found: no user, no session, no address."""

    query = models.CharField(_("zoekopdracht"), max_length=100)
    result_count = models.PositiveIntegerField(_("aantal resultaten"))
    searched_at = models.DateTimeField(_("gezocht op"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("zoekopdracht")
        verbose_name_plural = _("zoekopdrachten")
        ordering = ["-searched_at"]

    def __str__(self) -> str:
        return self.query
