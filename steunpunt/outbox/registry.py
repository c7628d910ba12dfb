"""Which models are outboxes, and how each says whether a row is still worth sending.

An app registers its outbox model in `AppConfig.ready()`; the outbox never imports an app."""

from collections.abc import Callable
from datetime import timedelta

from django.db import models

# A row left unsent this long (a crashed worker) is delivered again, at most
# MAX_DELIVERY_ATTEMPTS times in all: an address that is always refused is given up on.
REDELIVER_AFTER = timedelta(minutes=10)
MAX_DELIVERY_ATTEMPTS = 10

# "app_label.Model" -> its check. Read directly by the outbox (no lookup helper), so one
# reminder's way from claim to send stays short.
STILL_RELEVANT: dict[str, Callable[[models.Model], bool]] = {}
# "app_label.Model" -> the same check for many rows at once (the ids still relevant), so
# a batch is checked in a fixed number of queries. Optional: without it each row is asked.
STILL_RELEVANT_MANY: dict[str, Callable[[list[models.Model]], set[int]]] = {}

# Rows delivered by one task over one SMTP connection.
DELIVERY_BATCH = 500


def register(
    model: type[models.Model],
    *,
    still_relevant: Callable[[models.Model], bool],
    still_relevant_many: Callable[[list[models.Model]], set[int]] | None = None,
) -> None:
    """`still_relevant(row)` answers, just before sending, whether what the row is about
    still calls for it (the partner answered meanwhile, the match ended, ...);
    `still_relevant_many(rows)` gives the same answer for a batch, as the set of ids."""
    STILL_RELEVANT[model._meta.label] = still_relevant
    if still_relevant_many is not None:
        STILL_RELEVANT_MANY[model._meta.label] = still_relevant_many
