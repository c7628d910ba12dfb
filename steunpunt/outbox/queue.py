"""Queue email after the surrounding transaction commits, so a slow or failing mail
server never blocks a request and a rolled-back action sends nothing: plain emails
(`send_templated_email`, `queue_email`) and rows claimed once under a unique key
(`claim_once`, `claim_many`, `redeliver_stale`), rendered when they are delivered."""

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import IntegrityError, models, transaction

from .registry import DELIVERY_BATCH, MAX_DELIVERY_ATTEMPTS, REDELIVER_AFTER, STILL_RELEVANT
from .rendering import render_email
from .tasks import deliver, deliver_many, send_email

logger = logging.getLogger(__name__)


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


def enqueue_after_commit(task, **kwargs) -> None:
    """Queue any Celery task once the current transaction commits, with the same
    in-process safety as emails."""
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
    transaction.on_commit(partial(deliver.delay, model=label, row_id=row.pk))
    return row


def redeliver_stale(*, model: type[models.Model], now: datetime) -> int:
    """Queue another attempt for rows a crashed worker left unsent."""
    label = model._meta.label
    if label not in STILL_RELEVANT:
        raise LookupError(f"{label} is not a registered outbox model")
    stale = model.objects.filter(
        sent_at__isnull=True,
        cancelled_at__isnull=True,
        attempts__lt=MAX_DELIVERY_ATTEMPTS,
        created_at__lt=now - REDELIVER_AFTER,
    )
    row_ids = list(stale.order_by("pk").values_list("pk", flat=True))
    _deliver_after_commit(label, row_ids)
    return len(row_ids)


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
    for start in range(0, len(row_ids), DELIVERY_BATCH):
        batch = row_ids[start : start + DELIVERY_BATCH]
        transaction.on_commit(partial(_enqueue, deliver_many, {"model": label, "row_ids": batch}))
