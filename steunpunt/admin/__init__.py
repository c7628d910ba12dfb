"""The core in the admin, one module per part: the access-logged base every app's admin
builds on (`base`), the read-only inline (`inlines`), action pages (`actions`), accounts
(`accounts`), reference data (`reference`), the access log (`access_events`), the
privacy officer's records (`privacy`), a coordinator's notification settings
(`notifications`) and the outbox's plain emails (`outbox`). Importing this package
registers every model admin."""

from . import (  # noqa: F401 - registers them
    access_events,
    accounts,
    notifications,
    outbox,
    privacy,
    reference,
)
from .base import AccessLoggedAdmin, LightListAdmin  # noqa: F401
from .inlines import OneEmptyFormInlineFormSet, ReadOnlyTabularInline  # noqa: F401
