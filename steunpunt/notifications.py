"""Email: every message is a subject/text/html triple rendered from templates and sent
by a Celery task after the surrounding transaction commits, so a slow or failing mail
server never blocks a request and a rolled-back action sends nothing."""

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def render_email(*, template: str, context: dict) -> tuple[str, str, str | None]:
    """Render ``<template>_subject.txt``, ``<template>_message.txt`` and, when it exists,
    ``<template>_message.html`` (always in Dutch, the steunpunt's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}_message.txt", context)
        try:
            html = render_to_string(f"{template}_message.html", context)
        except TemplateDoesNotExist:
            html = None
    return " ".join(subject.split()), text, html


def send_templated_email(
    *,
    template: str,
    to: Sequence[str],
    context: dict,
    reply_to: Sequence[str] = (),
) -> None:
    subject, text, html = render_email(template=template, context=context)
    queue_email(subject=subject, body=text, html=html, to=list(to), reply_to=list(reply_to))


def queue_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    reply_to: list[str] | None = None,
    from_email: str | None = None,
) -> None:
    """Hand a rendered email to the task queue once the current transaction commits."""
    from .tasks import send_email

    kwargs = {
        "subject": subject,
        "body": body,
        "html": html,
        "to": to,
        "reply_to": reply_to or [],
        "from_email": from_email or settings.DEFAULT_FROM_EMAIL,
    }
    transaction.on_commit(lambda: _enqueue(send_email, kwargs))


def _enqueue(task, kwargs: dict) -> None:
    """Queue the task. In-process (no broker) a failing mail server would surface here,
    inside the request that caused the email: log it instead of failing the request."""
    try:
        task.delay(**kwargs)
    except Exception:
        if not task.app.conf.task_always_eager:
            raise
        logger.exception("Email could not be sent (in-process); it is not retried")


def queue_message(message: EmailMessage) -> None:
    """Queue an already rendered Django email message (used for allauth's emails)."""
    html = None
    if isinstance(message, EmailMultiAlternatives):
        html = next(
            (content for content, mimetype in message.alternatives if mimetype == "text/html"),
            None,
        )
    if message.content_subtype == "html":
        html, body = message.body, ""
    else:
        body = message.body
    queue_email(
        subject=message.subject,
        body=body,
        html=html,
        to=list(message.to),
        reply_to=list(message.reply_to),
        from_email=message.from_email,
    )


def deliver(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str | None,
    reply_to: list[str],
    from_email: str,
) -> None:
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=from_email, to=to, reply_to=reply_to
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def enqueue_after_commit(task, **kwargs) -> None:
    """Queue any Celery task once the current transaction commits, with the same
    in-process safety as emails."""
    transaction.on_commit(lambda: _enqueue(task, kwargs))


def claim_email_once(
    *, model, key: str, template: str, to: Sequence[str], context: dict, deliver_task, **fields
):
    """Render an email into a new outbox row of `model` (a model with a unique `key`,
    `recipients`, `subject`, `body`, `html` and `sent_at`) and have `deliver_task` send it
    after commit. None when the key was already taken: someone else sends it, or has sent
    it, so however often a sweep runs, each key goes out once."""
    if not to:
        logger.warning("Email %s has no recipients; nothing claimed", key)
        return None
    subject, body, html = render_email(template=template, context=context)
    try:
        with transaction.atomic():
            row = model.objects.create(
                key=key,
                recipients=list(to),
                subject=subject,
                body=body,
                html=html or "",
                **fields,
            )
    except IntegrityError:
        return None
    enqueue_after_commit(deliver_task, reminder_id=row.pk)
    return row
