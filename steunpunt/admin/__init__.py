"""The core in the admin, one module per part: the access-logged base every app's admin
builds on (`base`), action pages (`actions`), accounts (`accounts`), reference data
(`reference`), the access log (`access_events`) and the privacy officer's records
(`privacy`). Importing this package registers every model admin."""

from . import access_events, accounts, privacy, reference  # noqa: F401 - registers them
from .base import AccessLoggedAdmin, LightListAdmin, ReadOnlyTabularInline  # noqa: F401
