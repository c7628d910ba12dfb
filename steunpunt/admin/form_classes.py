"""Admin form and formset classes built once per process for each set of permissions
(issue #12).

Django's `ModelAdmin.get_form` and `InlineModelAdmin.get_formset` build a new class on
every request through `modelform_factory`: a form field per model field, a widget each,
the related widget wrappers with their links. On the case page that was about 2.5 ms a
view. What those classes hold depends on the request only through the user's
permissions (the related widgets' add, change, delete and view links; a form of a user
without the change permission has no fields), so a class is kept under
`admin_site.permission_key` and the language, as the admin's app list is. An admin whose
form depends on anything else does not use this.
"""

from collections.abc import Callable

from django.utils.translation import get_language

from ..admin_site import BoundedCache, permission_key

CLASSES = BoundedCache()


def _forget_request(form_class) -> None:
    # The class keeps `formfield_callback`, bound to the request it was built for, only
    # to build subclasses; a kept class should not keep that request (and its session).
    for holder in (getattr(form_class, "Meta", None), getattr(form_class, "_meta", None)):
        if holder is not None and getattr(holder, "formfield_callback", None) is not None:
            holder.formfield_callback = None


def kept_class(request, key: tuple, build: Callable[[], type]) -> type:
    """The class `build()` makes, kept per process under `key` (what the admin, view and
    arguments are) and the user's permissions and language."""
    full_key = (*key, get_language(), permission_key(request.user))
    kept = CLASSES.get(full_key)
    if kept is None:
        kept = build()
        _forget_request(kept)
        _forget_request(getattr(kept, "form", None))  # a formset's form
        CLASSES.set(full_key, kept)
    return kept
