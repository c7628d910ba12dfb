"""The columns every outbox row has; an app's outbox model adds what it is about."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxRow(models.Model):
    """An email that must go out exactly once: claimed under a unique key before it is
    sent, delivered from this row and marked sent. A sweep that runs twice finds the key
    taken; a row left unsent by a crashed worker is delivered again.

    Claiming stores what the email is about: `template`, the recipients, the app's own
    foreign keys and `context` (the facts as they were when it was claimed, such as the
    deadline it reminds of). The delivery renders it (ADR 0008) and stores what was sent
    in `subject`, `body`, `html` and `headers`."""

    key = models.CharField(max_length=120, unique=True)
    recipients = models.JSONField(_("aan"), default=list)
    # Which email: the "<template>_subject.txt" / "_message.txt" / "_message.html" triple.
    template = models.CharField(_("e-mail"), max_length=120, blank=True)
    # JSON facts only (dates, numbers, words), never personal data or signed links: the
    # app's registered `drafts` builds the template context from them and the row.
    context = models.JSONField(
        _("gegevens bij klaarzetten"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    # Filled when it is delivered (empty until then).
    subject = models.CharField(_("onderwerp"), max_length=300, blank=True)
    body = models.TextField(blank=True)
    html = models.TextField(blank=True)
    # Per-email headers as sent (e.g. Reply-To), from the app's `drafts`.
    headers = models.JSONField(_("kopregels"), default=dict, blank=True)
    created_at = models.DateTimeField(_("klaargezet op"), auto_now_add=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    # Set when what it reminds of was settled before it could be delivered.
    cancelled_at = models.DateTimeField(_("niet meer nodig sinds"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)

    class Meta:
        abstract = True


class OutgoingEmail(OutboxRow):
    """Every other email (the intake confirmation, a message to a parent, a sign-in
    code): rendered in the request, stored here before anything is queued, and delivered
    from this row like a reminder. The row, not the broker, is the truth: when the broker
    is down the request still succeeds and `redeliver_stale` sends it later.

    The body may hold personal data or a sign-in code: the admin shows only what the
    email is (`kind`), its subject, status and times; retention ("outbox_emails") deletes
    the row a short while after it was sent."""

    # Which email this is (its template, e.g. "account/email/login_code"): metadata only.
    kind = models.CharField(_("soort"), max_length=120, blank=True)
    from_email = models.CharField(max_length=254, blank=True)
    reply_to = models.JSONField(_("antwoord naar"), default=list, blank=True)

    class Meta:
        app_label = "steunpunt"
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="outgoing_email_unsent",
            )
        ]

    def __str__(self) -> str:
        return self.key
