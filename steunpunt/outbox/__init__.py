"""The outbox: every email the platform sends, each one a row before it is queued.

An email is a subject/text/html triple rendered from templates (`render_email`). A plain
one is rendered in the request and stored as an `OutgoingEmail` row, queued after the
surrounding transaction commits (`send_templated_email`, `queue_email`,
`queue_message`); a broker that is down is logged and the row waits (ADR 0011). One that
must go out exactly once is claimed under a unique key as a row
of an app's outbox model (`claim_once`, `claim_many`; the model extends `OutboxRow` and
is registered in the app's `AppConfig.ready()` with "is this row still relevant" and
`drafts`, which builds a row's context when it is delivered). The claim stores what the
email is about; the one delivery path (`deliver`, `deliver_many`) renders it, sends it
and stores what was sent (ADR 0008); `redeliver_stale` queues it again when a crashed
worker (or a broker that was down) left it unsent; `retry_failed` is a person trying a
failed row again."""

from .models import OutboxRow, OutgoingEmail
from .queue import (
    Claim,
    claim_many,
    claim_once,
    enqueue_after_commit,
    queue_email,
    queue_message,
    redeliver_stale,
    retry_failed,
    send_templated_email,
)
from .registry import MAX_DELIVERY_ATTEMPTS, REDELIVER_AFTER, Draft, delivery_status, register
from .rendering import render_email

__all__ = [
    "MAX_DELIVERY_ATTEMPTS",
    "REDELIVER_AFTER",
    "Claim",
    "Draft",
    "OutboxRow",
    "OutgoingEmail",
    "claim_many",
    "claim_once",
    "delivery_status",
    "enqueue_after_commit",
    "queue_email",
    "queue_message",
    "redeliver_stale",
    "register",
    "render_email",
    "retry_failed",
    "send_templated_email",
]
