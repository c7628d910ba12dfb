"""Store every email as an outbox row, and queue its delivery after the surrounding
transaction commits, so a slow or failing mail server or broker never fails a request
and a rolled-back action sends nothing: plain emails, rendered now (`send_templated_email`,
`queue_email`, `queue_message`), and rows claimed once under a unique key (`claim_once`,
`claim_many`), rendered when they are delivered. `redeliver_stale` queues what is left
unsent again; `retry_failed` is a person trying again."""

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import IntegrityError, models, transaction

from .models import OutgoingEmail
from .registry import DELIVERY_BATCH, MAX_DELIVERY_ATTEMPTS, STILL_RELEVANT, redeliver_after
from .rendering import render_email
from .tasks import deliver, deliver_many

logger = logging.getLogger(__name__)


def send_templated_email(
    *,
    template: str,
    to: Sequence[str],
    context: dict,
    reply_to: Sequence[str] = (),
) -> OutgoingEmail | None:
    subject, text, html = render_email(template=template, context=context)
    return queue_email(
        subject=subject, body=text, html=html, to=list(to), reply_to=list(reply_to), kind=template
    )


def queue_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    reply_to: list[str] | None = None,
    from_email: str | None = None,
    kind: str = "",
) -> OutgoingEmail | None:
    """Store a rendered email as an outbox row in the current transaction and queue its
    delivery once that commits. A rolled-back action leaves no row and sends nothing; a
    broker that is down costs the request nothing: the row waits for `redeliver_stale`."""
    if not to:
        logger.warning("Email %s has no recipients; nothing queued", kind or "(plain)")
        return None
    row = OutgoingEmail.objects.create(
        key=f"email-{uuid.uuid4().hex}",
        kind=kind[: OutgoingEmail._meta.get_field("kind").max_length],
        recipients=list(to),
        subject=" ".join(subject.split())[: OutgoingEmail._meta.get_field("subject").max_length],
        body=body,
        html=html or "",
        reply_to=list(reply_to or []),
        from_email=from_email or "",
    )
    _deliver_after_commit(OutgoingEmail._meta.label, [row.pk])
    return row


def _enqueue(task, kwargs: dict) -> None:
    """Queue the task; never raise. In-process (no broker) a failing mail server would
    surface here, inside the request that caused the email; with a broker, the broker
    may be down. Either way the outbox row stays unsent and `redeliver_stale` (run by
    beat) queues it again: log what (the task and how many rows, never the email) and
    let the request finish."""
    try:
        task.delay(**kwargs)
    except Exception as exc:
        rows = len(kwargs.get("row_ids", ())) or int("row_id" in kwargs)
        if task.app.conf.task_always_eager:
            logger.error(
                "Task %s failed in-process (%s); %d outbox row(s) left for redelivery",
                task.name,
                type(exc).__name__,
                rows,
            )
        else:
            logger.error(
                "Task %s could not be queued (%s); %d outbox row(s) left for redelivery",
                task.name,
                type(exc).__name__,
                rows,
            )


def queue_message(message: EmailMessage, *, kind: str = "") -> OutgoingEmail | None:
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
    return queue_email(
        subject=message.subject,
        body=body,
        html=html,
        to=list(message.to),
        reply_to=list(message.reply_to),
        from_email=message.from_email,
        kind=kind,
    )


def enqueue_after_commit(task, **kwargs) -> None:
    """Queue any Celery task once the current transaction commits, with the same
    safety as emails: a broker that is down is logged, not raised into the request."""
    transaction.on_commit(lambda: _enqueue(task, kwargs))


def claim_once(
    *,
    model: type[models.Model],
    key: str,
    template: str,
    to: Sequence[str],
    context: dict | None = None,
    **fields,
) -> models.Model | None:
    """Claim an email as a new row of the outbox model `model` (an `OutboxRow`
    registered with the outbox; `fields` fill its own columns) and deliver it after
    commit, where it is rendered. `context` holds the facts to keep as they are now (JSON
    values: a deadline, a flag), not model instances or links: the app's `drafts` builds
    the rest at delivery. None when the key was already taken: someone else sends it, or
    has sent it, so however often a sweep runs, each key goes out once."""
    label = model._meta.label
    if label not in STILL_RELEVANT:
        raise LookupError(f"{label} is not a registered outbox model")
    if not to:
        logger.warning("Email %s has no recipients; nothing claimed", key)
        return None
    try:
        with transaction.atomic():
            row = model.objects.create(
                key=key, recipients=list(to), template=template, context=context or {}, **fields
            )
    except IntegrityError:
        return None
    _deliver_after_commit(label, [row.pk])
    return row


def redeliver_stale(*, model: type[models.Model], now: datetime) -> int:
    """Queue another attempt for every row left unsent a while after it was stored: a
    crashed worker, a broker that was down when it was queued, a mail server that
    refused. Rows given up on (`MAX_DELIVERY_ATTEMPTS`) wait for a person."""
    label = model._meta.label
    if label not in STILL_RELEVANT:
        raise LookupError(f"{label} is not a registered outbox model")
    stale = model.objects.filter(
        sent_at__isnull=True,
        cancelled_at__isnull=True,
        attempts__lt=MAX_DELIVERY_ATTEMPTS,
        created_at__lt=now - redeliver_after(),
    )
    row_ids = list(stale.order_by("pk").values_list("pk", flat=True))
    _deliver_after_commit(label, row_ids)
    return len(row_ids)


def retry_failed(*, model: type[models.Model], row_ids: Sequence[int]) -> int:
    """A person tries rows again (the admin's action, for rows shown as failed): those
    still unsent and not cancelled start their attempts over and are queued after
    commit. Sent rows are never touched, so this cannot send anything twice."""
    label = model._meta.label
    if label not in STILL_RELEVANT:
        raise LookupError(f"{label} is not a registered outbox model")
    ids = list(
        model.objects.filter(pk__in=row_ids, sent_at__isnull=True, cancelled_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    model.objects.filter(pk__in=ids).update(attempts=0)
    _deliver_after_commit(label, ids)
    return len(ids)


@dataclass
class Claim:
    """One email to claim under `key`; `email()` gives (template, recipients, facts) and
    is called only when the key is not taken yet. The facts are what `claim_once` takes
    as `context`."""

    key: str
    email: Callable[[], tuple[str, Sequence[str], dict]]
    fields: dict = field(default_factory=dict)


def claim_many(*, model: type[models.Model], claims: Sequence[Claim]) -> dict[str, models.Model]:
    """`claim_once` for a batch, in a fixed number of queries: keys already taken are
    skipped, the rest are inserted at once and delivered (and rendered) after commit in
    batches over one connection. Returns the claimed rows by key. Must run inside a
    transaction. When another sweep takes one of the keys in the meantime, the insert
    falls back to one row at a time, so each key is still claimed by exactly one
    caller."""
    label = model._meta.label
    if label not in STILL_RELEVANT:
        raise LookupError(f"{label} is not a registered outbox model")
    if not claims:
        return {}
    claims = sorted(claims, key=lambda claim: claim.key)
    taken = set(model.objects.filter(key__in=[c.key for c in claims]).values_list("key", flat=True))
    rows = []
    for claim in claims:
        if claim.key in taken:
            continue
        template, to, facts = claim.email()
        if not to:
            logger.warning("Email %s has no recipients; nothing claimed", claim.key)
            continue
        rows.append(
            model(
                key=claim.key,
                recipients=list(to),
                template=template,
                context=facts,
                **claim.fields,
            )
        )
    try:
        with transaction.atomic():
            model.objects.bulk_create(rows)
        claimed = rows
    except IntegrityError:
        claimed = []
        for row in rows:
            try:
                with transaction.atomic():
                    row.save(force_insert=True)
            except IntegrityError:
                continue
            claimed.append(row)
    _deliver_after_commit(label, [row.pk for row in claimed])
    return {row.key: row for row in claimed}


def _deliver_after_commit(label: str, row_ids: list[int]) -> None:
    """One task per batch, queued after commit; one row goes as `deliver`."""
    if len(row_ids) == 1:
        transaction.on_commit(partial(_enqueue, deliver, {"model": label, "row_id": row_ids[0]}))
        return
    for start in range(0, len(row_ids), DELIVERY_BATCH):
        batch = row_ids[start : start + DELIVERY_BATCH]
        transaction.on_commit(partial(_enqueue, deliver_many, {"model": label, "row_ids": batch}))
