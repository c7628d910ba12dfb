"""The retention schedule and the job that carries it out.

The terms live in one place, ``settings.RETENTION``; the privacy page renders them
(`privacy_rows`) and this job applies them. Steunpunt knows none of the other apps:
each app registers its kinds here from its ``AppConfig.ready()``. A kind says which rows
are past their term (`due`, given the cut-off moment) and what to do with a batch of
them (`apply`: anonymise or delete, return how many). The runner walks the due rows in
batches by primary key, so a table of 100k rows never sits in memory, and each batch is
one transaction. Running twice does nothing more: a kind's `due` no longer finds what it
already handled.

Each real run writes one `DeletionRecord` per kind (kind, count, term, when); a dry run
changes nothing and writes records marked as a dry run, so the privacy officer also sees
that someone looked. Nothing personal is printed or recorded, except the pseudonymous
references of cases skipped for a legal hold.
"""

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import roles
from .erasure import erase_user
from .models import AccessEvent, DeletionRecord, OutgoingEmail


@dataclass(frozen=True)
class RetentionKind:
    """One thing the job does. `name` is unique ("casussen.cases"), `term` a key of
    settings.RETENTION. `held` (optional) lists the references of rows that are past the
    term but kept for a legal hold."""

    name: str
    term: str
    due: Callable[[datetime], QuerySet]
    apply: Callable[[list], int]
    held: Callable[[datetime], list[str]] | None = None
    # Run after the others (accounts: once their cases, requests and registrations went).
    order: int = 100


@dataclass
class KindResult:
    name: str
    term: str
    count: int
    held: list[str] = field(default_factory=list)


_KINDS: dict[str, RetentionKind] = {}
# Functions returning the ids of users who have something running (an open case, a
# match, a future meetup): their account is never removed for being unused.
_ACCOUNT_ACTIVITY: list[Callable[[], QuerySet | list[QuerySet]]] = []


def register(kind: RetentionKind) -> None:
    if kind.term not in settings.RETENTION:
        raise ImproperlyConfigured(f"Retention kind {kind.name}: no term {kind.term!r}")
    _KINDS[kind.name] = kind


def register_account_activity(busy_user_ids: Callable[[], QuerySet | list[QuerySet]]) -> None:
    if busy_user_ids not in _ACCOUNT_ACTIVITY:
        _ACCOUNT_ACTIVITY.append(busy_user_ids)


def kinds() -> list[RetentionKind]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.name))


def busy_user_ids() -> list[QuerySet]:
    """Querysets of user ids, one or more per app (each a `.values(<user id>)`)."""
    busy = []
    for provider in _ACCOUNT_ACTIVITY:
        result = provider()
        busy.extend([result] if isinstance(result, QuerySet) else result)
    return busy


# --- Terms ----------------------------------------------------------------------------


def term_config(key: str) -> dict:
    return settings.RETENTION[key]


def _months_before(moment: datetime, months: int) -> datetime:
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def cutoff(key: str, *, now: datetime | None = None) -> datetime:
    """The moment before which the term of `key` has passed."""
    now = now or timezone.now()
    entry = term_config(key)
    moment = _months_before(now, entry.get("months", 0))
    return moment - timedelta(days=entry.get("days", 0))


def term_text(key: str) -> str:
    """The term in words, for the privacy page: "2 jaar", "3 maanden", "30 dagen"."""
    entry = term_config(key)
    months, days = entry.get("months", 0), entry.get("days", 0)
    if months and months % 12 == 0 and not days:
        years = months // 12
        return ngettext("%(n)d jaar", "%(n)d jaar", years) % {"n": years}
    if months and not days:
        return ngettext("%(n)d maand", "%(n)d maanden", months) % {"n": months}
    if days:
        return ngettext("%(n)d dag", "%(n)d dagen", days) % {"n": days}
    return _("meteen")


def term_code(key: str) -> str:
    """The term as recorded on a deletion record: "24 months", "30 days"."""
    entry = term_config(key)
    parts = []
    if entry.get("months"):
        parts.append(f"{entry['months']} months")
    if entry.get("days") or not parts:
        parts.append(f"{entry.get('days', 0)} days")
    return " ".join(parts)


def privacy_rows() -> list[dict]:
    """The rows of the privacy page's table, in the order of settings.RETENTION."""
    rows = []
    for key, entry in settings.RETENTION.items():
        action = str(entry["action"])
        rows.append(
            {
                "key": key,
                "label": str(entry["label"]),
                "action": action % {"term": term_text(key)} if "%(term)s" in action else action,
            }
        )
    for row in rows:
        # "2 jaar nadat ...": the sentence starts with the term, so it starts in capitals.
        row["action"] = row["action"][:1].upper() + row["action"][1:]
    return rows


# --- The job --------------------------------------------------------------------------


def _batches(queryset: QuerySet, size: int) -> Iterable[list]:
    last = None
    while True:
        page = queryset.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        pks = list(page.values_list("pk", flat=True)[:size])
        if not pks:
            return
        yield pks
        last = pks[-1]


def run(
    *,
    dry_run: bool = False,
    now: datetime | None = None,
    only: Iterable[str] = (),
    progress: Callable[[str], None] | None = None,
    batch_size: int | None = None,
) -> list[KindResult]:
    """Apply every registered kind (or those named in `only`). Returns per kind how
    many rows were (or, in a dry run, would be) anonymised or deleted."""

    now = now or timezone.now()
    size = batch_size or settings.RETENTION_BATCH_SIZE
    say = progress or (lambda line: None)
    results = []
    for kind in kinds():
        if only and kind.name not in only:
            continue
        moment = cutoff(kind.term, now=now)
        due = kind.due(moment)
        held = sorted(kind.held(moment)) if kind.held else []
        if dry_run:
            count = due.count()
        else:
            count = 0
            for pks in _batches(due, size):
                with transaction.atomic():
                    count += kind.apply(pks)
                say(f"  {kind.name}: {count} ...")
        results.append(KindResult(name=kind.name, term=kind.term, count=count, held=held))
        DeletionRecord.objects.create(
            kind=kind.name,
            count=count,
            held=len(held),
            term=term_code(kind.term),
            run_at=now,
            dry_run=dry_run,
        )
        say(
            f"{kind.name} ({term_code(kind.term)}): {count}"
            + (" (dry run)" if dry_run else "")
            + (f"; legal hold, skipped: {', '.join(held)}" if held else "")
        )
    return results


def allow_access_log_deletion(allow: bool) -> None:
    """Inside the current transaction, let the database trigger allow (or again refuse)
    deleting access log rows (PostgreSQL; SQLite has no trigger)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL steunpunt.retention = '{'on' if allow else 'off'}'")


# --- What the core itself keeps ---------------------------------------------------------


def _sessions_due(moment: datetime) -> QuerySet:

    # Login codes (allauth) live in the session, so they go with it.
    return Session.objects.filter(expire_date__lt=moment)


def _sessions_apply(pks: list) -> int:

    return Session.objects.filter(pk__in=pks).delete()[0]


def _access_log_due(moment: datetime) -> QuerySet:

    return AccessEvent.objects.filter(at__lt=moment)


def _access_log_apply(pks: list) -> int:

    allow_access_log_deletion(True)
    try:
        return AccessEvent.objects.filter(pk__in=pks).delete()[0]
    finally:
        # Also when the job runs inside a longer transaction: only this delete is allowed.
        allow_access_log_deletion(False)


def _unused_accounts(moment: datetime) -> QuerySet:

    return get_user_model().objects.filter(
        Q(last_login__lt=moment) | Q(last_login__isnull=True, date_joined__lt=moment)
    )


def _is_staff_q():

    return Q(is_staff=True) | Q(is_superuser=True) | Q(groups__name__in=roles.STAFF_ROLES)


def _accounts_due(moment: datetime) -> QuerySet:
    users = _unused_accounts(moment).exclude(_is_staff_q())
    for busy in busy_user_ids():
        users = users.exclude(pk__in=busy)
    return users.distinct()


def _accounts_held(moment: datetime) -> list[str]:
    """Unused staff accounts are never removed by the job: a person decides."""
    staff = _unused_accounts(moment).filter(_is_staff_q()).distinct()
    return [f"user #{pk} (staff)" for pk in staff.values_list("pk", flat=True)]


def _accounts_apply(pks: list) -> int:

    removed = 0
    for user in get_user_model().objects.filter(pk__in=pks):
        outcome = erase_user(user, sign_out=False)
        removed += not any(item.kept for item in outcome)
    return removed


def _outbox_emails_due(moment: datetime) -> QuerySet:
    # One never sent (failed, or never tried: no beat without Redis) goes as long after
    # it was stored; until then a person can still try it again.
    return OutgoingEmail.objects.filter(
        Q(sent_at__lt=moment)
        | Q(cancelled_at__lt=moment)
        | Q(sent_at__isnull=True, created_at__lt=moment)
    )


def _outbox_emails_apply(pks: list) -> int:
    return OutgoingEmail.objects.filter(pk__in=pks).delete()[0]


def register_core() -> None:
    register(RetentionKind("steunpunt.sessions", "sessions", _sessions_due, _sessions_apply))
    register(
        RetentionKind(
            "steunpunt.outbox_emails", "outbox_emails", _outbox_emails_due, _outbox_emails_apply
        )
    )
    register(
        RetentionKind("steunpunt.access_log", "access_log", _access_log_due, _access_log_apply)
    )
    register(
        RetentionKind(
            "steunpunt.accounts",
            "accounts",
            _accounts_due,
            _accounts_apply,
            held=_accounts_held,
            order=200,
        )
    )
