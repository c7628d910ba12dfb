"""Telling coordinators what came in: each chooses per kind (`NotificationKind`) an
email at once or a line in one daily digest, sent at the time they pick (Dutch time).
Something urgent always goes out at once as well, whatever was chosen.

The apps decide who hears about what (`casussen.services.notify_coordinators`, the
check-ins); this module only splits the people by their choice, sends, and keeps the
digest lines until the beat task `steunpunt.tasks.send_digests` sends them, once per
person and day (the outbox key `digest-<user>-<date>`)."""

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from . import outbox
from .models import DigestEmail, DigestEntry, NotificationKind, NotificationPreference, User
from .selectors import site_settings

logger = logging.getLogger(__name__)

DIGEST_TEMPLATE = "steunpunt/email/digest"
Mode = NotificationPreference.Mode


def preference_for(user) -> NotificationPreference:
    """The user's choices; the defaults (everything at once, digest at 8:00) when they
    have not chosen yet. Not saved."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(
        user=user
    )


@transaction.atomic
def preference_save(*, user, modes: dict[str, str], digest_time) -> NotificationPreference:
    """Store how `user` wants to hear about each kind."""
    if set(modes) - set(NotificationKind.values) or set(modes.values()) - set(Mode.values):
        raise ValueError("Unknown notification kind or mode")
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
        user=user
    )
    for kind, mode in modes.items():
        setattr(preference, kind, mode)
    preference.digest_time = digest_time
    preference.save()
    return preference


def split_audience(
    *,
    kind: str,
    users: Iterable[User],
    urgent: bool = False,
    preferences: dict[int, NotificationPreference] | None = None,
) -> tuple[list[str], list[User]]:
    """(addresses to email at once, people who get a digest line). An urgent thing goes
    to everybody at once, and is in the digest too for those who chose the digest.
    A batch passes the `preferences` it read once (by user id)."""
    users = [user for user in users if user.is_active and user.email]
    if preferences is None:
        preferences = {p.user_id: p for p in NotificationPreference.objects.filter(user__in=users)}
    chosen = {pk: preference.mode(kind) for pk, preference in preferences.items()}
    immediate, digest = [], []
    for user in users:
        mode = chosen.get(user.pk, Mode.IMMEDIATE)
        if mode == Mode.DIGEST:
            digest.append(user)
        if mode == Mode.IMMEDIATE or urgent:
            immediate.append(user.email)
    return sorted(set(immediate)), digest


def add_digest_entries(
    *, kind: str, users: Sequence[User], key: str, text: str, url: str = ""
) -> None:
    """A line for each person's next digest; the same key is listed once per person."""
    DigestEntry.objects.bulk_create(
        [
            DigestEntry(user=user, kind=kind, key=key[:120], text=text[:300], url=url[:500])
            for user in users
        ],
        ignore_conflicts=True,
    )


def notify(
    *,
    kind: str,
    users: Iterable[User],
    template: str,
    context: dict,
    key: str,
    text: str,
    url: str = "",
    urgent: bool = False,
) -> list[str]:
    """Tell `users` about one thing: the email `template` now to those who want it at
    once (one email, after commit), a digest line (`text`, `url`) for the others.
    `key` names the thing (e.g. "case-12-parent-reply-345"). Returns who was emailed."""
    immediate, digest = split_audience(kind=kind, users=users, urgent=urgent)
    if immediate:
        outbox.send_templated_email(template=template, to=immediate, context=context)
    if digest:
        add_digest_entries(kind=kind, users=digest, key=key, text=text, url=url)
    return immediate


def digest_still_relevant(row: DigestEmail) -> bool:
    return True


def digests_send(*, now: datetime | None = None) -> int:
    """Send each person's digest of today once their chosen time (Dutch time) has come
    and there is something in it. Safe to run at any moment and twice at once: the key
    of the day is claimed once, and lines that came in after today's digest wait for
    tomorrow's. Returns how many digests were claimed."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    today = local.date()
    waiting = set(
        DigestEntry.objects.filter(digest__isnull=True, created_at__lte=now)
        .values_list("user_id", flat=True)
        .distinct()
    )
    if not waiting:
        return 0
    times = dict(
        NotificationPreference.objects.filter(user_id__in=waiting).values_list(
            "user_id", "digest_time"
        )
    )
    default_time = NotificationPreference._meta.get_field("digest_time").default
    due = sorted(pk for pk in waiting if local.time() >= times.get(pk, default_time))
    sent_today = set(
        DigestEmail.objects.filter(user_id__in=due, day=today).values_list("user_id", flat=True)
    )
    shared = site_settings()
    sent = 0
    for user in User.objects.filter(pk__in=set(due) - sent_today, is_active=True).order_by("pk"):
        sent += _send_digest(user, today=today, now=now, shared=shared)
    return sent


@transaction.atomic
def _send_digest(user: User, *, today, now: datetime, shared) -> int:
    entries = list(
        DigestEntry.objects.select_for_update()
        .filter(user=user, digest__isnull=True, created_at__lte=now)
        .order_by("created_at", "pk")
    )
    if not entries:
        return 0
    row = outbox.claim_once(
        model=DigestEmail,
        key=f"digest-{user.pk}-{today.isoformat()}",
        template=DIGEST_TEMPLATE,
        to=[user.email],
        user=user,
        day=today,
    )
    if row is None:
        return 0
    # The lines belong to this digest from now on; it is rendered from them at delivery.
    DigestEntry.objects.filter(pk__in=[entry.pk for entry in entries]).update(digest=row)
    return 1


def _digest_sections(entries) -> list:
    by_kind = {kind: [] for kind in NotificationKind.values}
    for entry in entries:
        by_kind[entry.kind].append(entry)
    return [(NotificationKind(kind).label, lines) for kind, lines in by_kind.items() if lines]


def digest_drafts(rows: list[DigestEmail]) -> dict[int, outbox.Draft]:
    """The context of each digest when the outbox delivers it: its own lines, in two
    queries for the batch."""
    entries = {row.pk: [] for row in rows}
    for entry in DigestEntry.objects.filter(digest__in=rows).order_by("created_at", "pk"):
        entries[entry.digest_id].append(entry)
    users = User.objects.in_bulk({row.user_id for row in rows})
    shared = site_settings()
    return {
        row.pk: outbox.Draft(
            context={
                "user": users[row.user_id],
                "day": row.day,
                "sections": _digest_sections(entries[row.pk]),
                "count": len(entries[row.pk]),
                "site_settings": shared,
            }
        )
        for row in rows
    }
