"""The admin site: Django's, with the list of apps and models (the sidebar on every admin
page, the index) worked out once per set of permissions instead of on every request
(issue #12).

Django builds that list for each page: for every registered model it asks the model
admin's permission methods and reverses two URLs, and then renders a row per model
through the template engine, the same rows every time. Here:

- the list is kept per process under everything it depends on: the user's active, staff
  and superuser flags, their permissions (their roles' included) and the language. A
  changed permission or role is another key, so it shows on the next page; a deploy
  starts new processes. Every model admin of this project answers "may this user see
  this model" from the permissions alone (`tests/steunpunt/test_admin_site.py` checks
  the list against Django's for every role); one that reads anything else (a role
  name, the time) needs it in `permission_key`;
- the rendered HTML of the list (`{% cached_app_list %}`, `steunpunt.templatetags.cached_app_list`)
  is kept under the list's own content and the entries the current page marks, so it is
  exactly what Django's template writes.

`admin.site` is this site through `steunpunt.apps.AdminConfig` (in INSTALLED_APPS). Not
in `steunpunt.admin`: the site is made while that package registers its model admins.
"""

from collections import OrderedDict
from threading import Lock

from django.contrib.admin import AdminSite
from django.utils.translation import get_language

# Keys seen by one process are few (a handful of roles times two languages); the bound
# only guards against a flood of distinct permission sets.
MAX_ENTRIES = 128


class BoundedCache:
    """A small least-recently-used dict, safe to share between threads."""

    def __init__(self, size: int = MAX_ENTRIES):
        self.size = size
        self._data: OrderedDict = OrderedDict()
        self._lock = Lock()

    def get(self, key):
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def set(self, key, value) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


APP_LISTS = BoundedCache()


def permission_key(user) -> tuple:
    """Everything the model admins' answers to "may this user see this model" read."""
    if not user.is_active:
        return (False,)
    if user.is_superuser:
        # A superuser may do everything: no need to read every permission.
        return (True, user.is_staff, True)
    # The permissions are read for the page anyway (the admin asks has_perm first).
    return (True, user.is_staff, False, frozenset(user.get_all_permissions()))


def _copy(app_list: list[dict]) -> list[dict]:
    # A page may change the list it gets (Django's own code sorts it in place).
    return [{**app, "models": [dict(model) for model in app["models"]]} for app in app_list]


class SteunpuntAdminSite(AdminSite):
    def get_app_list(self, request, app_label=None):
        if app_label is not None:
            return super().get_app_list(request, app_label)
        key = (self.name, get_language(), permission_key(request.user))
        app_list = APP_LISTS.get(key)
        if app_list is None:
            app_list = super().get_app_list(request)
            # Lazy names as text in this language, so the kept list never changes.
            for app in app_list:
                app["name"] = str(app["name"])
                for model in app["models"]:
                    model["name"] = str(model["name"])
            APP_LISTS.set(key, app_list)
        return _copy(app_list)
