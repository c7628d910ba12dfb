"""The outbox's Celery tasks: `deliver` and `deliver_many` render stored rows (when
they have a template) and send them (`steunpunt.tasks.redeliver_emails` queues plain
emails left unsent again). All are safe to run twice. `send_email` only drains emails
queued by an older version, which put the whole email in the task."""

import hashlib
import logging
import smtplib

from celery import shared_task
from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import DatabaseError, connections, router, transaction
from django.db.models import F
from django.utils import timezone

from . import registry
from .rendering import EmailTemplates

logger = logging.getLogger(__name__)

RETRY = {
    "autoretry_for": (smtplib.SMTPException, OSError),
    # 30 s, 60 s, 120 s, ... up to an hour, each at a random moment up to that (jitter).
    "retry_backoff": getattr(settings, "OUTBOX_RETRY_BACKOFF", 30),
    "retry_backoff_max": 60 * 60,
    "retry_jitter": True,
    "max_retries": 10,
}


# The name it had before the outbox was a package: emails queued then still go out.
@shared_task(name="steunpunt.tasks.send_email", **RETRY)
def send_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    reply_to: list[str] | None = None,
    from_email: str,
) -> None:
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=from_email, to=to, reply_to=reply_to or []
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


@shared_task(name="steunpunt.outbox.deliver", **RETRY)
def deliver(*, model: str, row_id: int) -> bool:
    """Render and send a claimed row of the outbox model `model` ("app_label.Model") and
    mark it sent: `deliver_many` for one row."""
    return _deliver_rows(deliver, model, [row_id]) == 1


@shared_task(name="steunpunt.outbox.deliver_many", **RETRY)
def deliver_many(*, model: str, row_ids: list[int]) -> int:
    """Render and send a batch of claimed rows over one connection to the mail server.
    Attempts are counted first (in their own commit: a failing send still counts); rows
    another worker holds are skipped; rows sent, cancelled or no longer relevant (the
    app's registered check says so: things changed between claiming and delivering) are
    never sent, the last marked cancelled. A row that cannot be rendered is left unsent
    for a later attempt and does not hold up the others. A failure part-way marks what
    went out; the rest stay unsent and are redelivered (or retried) later."""
    return _deliver_rows(deliver_many, model, row_ids)


# Refusals of one message (its recipient, its sender, its content): the connection is
# still good (smtplib resets it), so the next rows go out and only this one is retried.
REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def _deliver_rows(task, model: str, row_ids: list[int]) -> int:
    outbox = apps.get_model(model)
    # Rows given up on are left to a person (the admin's "opnieuw proberen").
    due = outbox.objects.filter(
        pk__in=row_ids,
        sent_at__isnull=True,
        cancelled_at__isnull=True,
        attempts__lt=registry.MAX_DELIVERY_ATTEMPTS,
    )
    row_ids = list(due.values_list("pk", flat=True))
    if not row_ids:
        return 0
    outbox.objects.filter(pk__in=row_ids, sent_at__isnull=True).update(attempts=F("attempts") + 1)
    sent: list = []
    refused: list = []
    with transaction.atomic():
        rows = list(
            outbox.objects.select_for_update(skip_locked=True)
            .filter(pk__in=row_ids, sent_at__isnull=True, cancelled_at__isnull=True)
            .order_by("pk")
        )
        if not rows:
            return 0
        many = registry.STILL_RELEVANT_MANY.get(model)
        if many is not None:
            relevant = many(rows)
        else:
            relevant = {row.pk for row in rows if registry.STILL_RELEVANT[model](row)}
        stale = [row.pk for row in rows if row.pk not in relevant]
        if stale:
            outbox.objects.filter(pk__in=stale).update(cancelled_at=timezone.now())
        messages = _compose(model, [row for row in rows if row.pk in relevant])
        error = None
        try:
            with get_connection() as connection:
                for row, message in messages:
                    message.connection = connection
                    try:
                        message.send()
                    except REFUSED as exc:
                        refused.append(row)
                        error = exc
                        continue
                    sent.append(row)
        except Exception as exc:
            # The connection failed (refused, timed out, went away): what went out is
            # marked (and committed) before the task is retried.
            error = exc
        _mark_sent(outbox, sent)
    if error is not None:
        # The class and the server's code only: its text may name the address.
        logger.warning(
            "Outbox: %d of %d row(s) of %s not sent (%s %s, %d refused); tried again later",
            len(messages) - len(sent),
            len(messages),
            model,
            type(error).__name__,
            getattr(error, "smtp_code", ""),
            len(refused),
        )
        # In-process (no broker) the failure would surface inside the request that caused
        # the email: the rows stay unsent and are redelivered later.
        if not task.app.conf.task_always_eager:
            raise error
    return len(sent)


def _compose(model: str, rows: list) -> list[tuple[object, EmailMultiAlternatives]]:
    """Each row rendered from its template with the context the app builds for it now
    (`drafts`), as (row, message). Rows claimed before emails were rendered at delivery
    (no template) go out as they were stored."""
    drafts = _drafts(model, [row for row in rows if row.template])
    compiled: dict[str, EmailTemplates] = {}
    composed = []
    for row in rows:
        if row.template:
            draft = drafts.get(row.pk)
            if draft is None:
                continue
            try:
                if row.template not in compiled:
                    compiled[row.template] = EmailTemplates.load(row.template)
                row.subject, row.body, html = compiled[row.template].render(draft.context)
            except DatabaseError:
                raise  # the transaction is broken: the task is retried
            except Exception as exc:
                _unrenderable(model, row, exc)
                continue
            row.html = html or ""
            row.headers = dict(draft.headers)
        composed.append((row, _message(row)))
    return composed


def _drafts(model: str, rows: list) -> dict[int, registry.Draft]:
    """The app's drafts for a batch; when the batch fails, row by row, so one row that
    cannot be built (a poison row) holds up nobody else."""
    if not rows:
        return {}
    build = registry.DRAFTS[model]
    try:
        with transaction.atomic():
            drafts = build(rows)
    except Exception:
        drafts = {}
        for row in rows:
            try:
                with transaction.atomic():
                    drafts.update(build([row]))
            except Exception as exc:
                _unrenderable(model, row, exc)
    for row in rows:
        if row.pk not in drafts:
            logger.error("Outbox row %s of %s has no draft; not sent", row.pk, model)
    return drafts


def _unrenderable(model: str, row, exc: Exception) -> None:
    # The exception's name only: its text may quote what the email is about, and the
    # email holds signed links.
    logger.error(
        "Outbox row %s of %s could not be rendered (%s); not sent",
        row.pk,
        model,
        type(exc).__name__,
    )


def _mark_sent(outbox, rows: list) -> None:
    """Sent rows marked, with what was sent, so the admin shows it. The rendered ones in
    one statement run for every row (`executemany`): Django's `bulk_update` builds a
    CASE per row and column, and an UPDATE per row would grow the queries with the
    batch."""
    now = timezone.now()
    stored = [row.pk for row in rows if not row.template]
    if stored:
        outbox.objects.filter(pk__in=stored).update(sent_at=now)
    rendered = [row for row in rows if row.template]
    if not rendered:
        return
    connection = connections[router.db_for_write(outbox)]
    fields = [outbox._meta.get_field(name) for name in RENDERED]
    quote = connection.ops.quote_name
    # Only the model's own table and column names are formatted in.
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608
        quote(outbox._meta.db_table),
        ", ".join(f"{quote(field.column)} = %s" for field in fields),
        quote(outbox._meta.pk.column),
    )
    for row in rendered:
        row.sent_at = now
        row.subject = row.subject[: outbox._meta.get_field("subject").max_length]
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                [
                    field.get_db_prep_save(getattr(row, field.attname), connection)
                    for field in fields
                ]
                + [row.pk]
                for row in rendered
            ],
        )


# What a delivery stores of a rendered row.
RENDERED = ("sent_at", "subject", "body", "html", "headers")


def _message(row) -> EmailMultiAlternatives:
    headers = dict(row.headers or {})
    # The same Message-ID at every attempt: should a mail server accept an email but its
    # answer be lost (a timeout after the data), the copy sent again is recognisable.
    headers.setdefault("Message-ID", _message_id(row))
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=getattr(row, "from_email", "") or settings.DEFAULT_FROM_EMAIL,
        to=row.recipients,
        reply_to=getattr(row, "reply_to", None) or [],
        headers=headers,
    )
    if row.html:
        message.attach_alternative(row.html, "text/html")
    for attachment in getattr(row, "attachments", None) or ():
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return message


def _message_id(row) -> str:
    digest = hashlib.sha256(f"{row._meta.label}:{row.key}".encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "localhost"
    return f"<{digest}@{domain}>"
