"""The core in the admin, one module per part: the access-logged base every app's admin
builds on (`base`), action pages (`actions`), accounts (`accounts`), reference data
(`reference`), the access log (`access_events`) and the privacy officer's records
(`privacy`) and a coordinator's notification settings (`notifications`). Importing
this package registers every model admin."""

from . import (  # noqa: F401 - registers them
    access_events,
    accounts,
    notifications,
    privacy,
    reference,
)
from .base import AccessLoggedAdmin, LightListAdmin, ReadOnlyTabularInline  # noqa: F401
