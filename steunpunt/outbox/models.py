"""The columns every outbox row has; an app's outbox model adds what it is about."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxRow(models.Model):
    """An email that must go out exactly once: claimed under a unique key before it is
    sent, delivered from this row and marked sent. A sweep that runs twice finds the key
    taken; a row left unsent by a crashed worker is delivered again."""

    key = models.CharField(max_length=120, unique=True)
    recipients = models.JSONField(_("aan"), default=list)
    subject = models.CharField(_("onderwerp"), max_length=300)
    body = models.TextField()
    html = models.TextField(blank=True)
    created_at = models.DateTimeField(_("klaargezet op"), auto_now_add=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    # Set when what it reminds of was settled before it could be delivered.
    cancelled_at = models.DateTimeField(_("niet meer nodig sinds"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)

    class Meta:
        abstract = True
