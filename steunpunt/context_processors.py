from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import roles
from .selectors import site_settings


def site(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "site_settings": site_settings(),
        # Read only when a template asks (the menu), once per request.
        "user_roles": SimpleLazyObject(lambda: roles.role_names(user) if user else frozenset()),
    }
