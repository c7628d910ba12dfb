"""Which models are outboxes, how each says whether a row is still worth sending, and
how each builds the context its rows are rendered with when they are delivered.

An app registers its outbox model in `AppConfig.ready()`; the outbox never imports an app."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# A row left unsent this long (a crashed worker, a broker that was down) is delivered
# again, at most MAX_DELIVERY_ATTEMPTS times in all: an address that is always refused,
# or a row that cannot be rendered, is given up on and shows as failed ("mislukt") in the
# admin, where a person can try it again. The term is `settings.OUTBOX_REDELIVER_AFTER`
# (the drills shorten it); this is its default.
REDELIVER_AFTER = timedelta(minutes=10)
MAX_DELIVERY_ATTEMPTS = 10


def delivery_status(row) -> str:
    """Where a row stands, in the words the admin and the data download use."""
    if row.sent_at:
        return str(_("Verstuurd"))
    if row.cancelled_at:
        return str(_("Niet meer nodig"))
    if row.attempts >= MAX_DELIVERY_ATTEMPTS:
        return str(_("Mislukt"))
    return str(_("Wacht op versturen"))


def redeliver_after() -> timedelta:
    return getattr(settings, "OUTBOX_REDELIVER_AFTER", REDELIVER_AFTER)


@dataclass
class Draft:
    """What an app adds to a claimed row when it is delivered: the context its templates
    are rendered with, and the email's own headers (e.g. a Reply-To for this case)."""

    context: dict
    headers: dict[str, str] = field(default_factory=dict)


# "app_label.Model" -> its check. Read directly by the outbox (no lookup helper), so one
# reminder's way from claim to send stays short.
STILL_RELEVANT: dict[str, Callable[[models.Model], bool]] = {}
# "app_label.Model" -> the same check for many rows at once (the ids still relevant), so
# a batch is checked in a fixed number of queries. Optional: without it each row is asked.
STILL_RELEVANT_MANY: dict[str, Callable[[list[models.Model]], set[int]]] = {}
# "app_label.Model" -> `drafts(rows)`: a Draft for each row id, for a batch at once.
DRAFTS: dict[str, Callable[[list[models.Model]], dict[int, Draft]]] = {}

# Rows delivered by one task over one SMTP connection.
DELIVERY_BATCH = 500


def register(
    model: type[models.Model],
    *,
    still_relevant: Callable[[models.Model], bool],
    drafts: Callable[[list[models.Model]], dict[int, Draft]],
    still_relevant_many: Callable[[list[models.Model]], set[int]] | None = None,
) -> None:
    """`still_relevant(row)` answers, just before sending, whether what the row is about
    still calls for it (the partner answered meanwhile, the match ended, ...);
    `still_relevant_many(rows)` gives the same answer for a batch, as the set of ids.
    `drafts(rows)` builds, at delivery, the context (and headers) of each row from what
    it is about and the facts stored when it was claimed (`row.context`); a row it
    leaves out, or cannot build, is not sent this time."""
    STILL_RELEVANT[model._meta.label] = still_relevant
    DRAFTS[model._meta.label] = drafts
    if still_relevant_many is not None:
        STILL_RELEVANT_MANY[model._meta.label] = still_relevant_many
