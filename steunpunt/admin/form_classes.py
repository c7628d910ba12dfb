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


class KeptFormAdmin:
    """A change page whose form class is built once per process (`kept_class`) for each
    set of permissions, fields and read-only fields. For an admin whose form depends on
    the request only through those (its `formfield_for_*` give every request the same
    fields); `kept_form_key(obj)` names anything of the record the form depends on
    besides (as the article's help text names its workflow steps)."""

    def kept_form_key(self, obj) -> tuple:
        return ()

    def get_form(self, request, obj=None, change=False, **kwargs):
        if not change or set(kwargs) - {"fields"}:
            return self.build_form(request, obj, change=change, **kwargs)
        fields = kwargs.get("fields")
        key = (
            type(self),
            self.admin_site.name,
            "change",
            fields and tuple(fields),
            tuple(self.get_readonly_fields(request, obj)),
            self.has_change_permission(request, obj),
            *self.kept_form_key(obj),
        )
        return kept_class(
            request, key, lambda: self.build_form(request, obj, change=change, **kwargs)
        )

    def build_form(self, request, obj=None, change=False, **kwargs):
        """The form class as Django builds it; where an admin changes what Django built."""
        return super().get_form(request, obj, change=change, **kwargs)


# What an inline admin holds once made, per inline class, parent model and admin site.
_INLINE_STATES: dict[tuple, dict] = {}


class KeptInstanceInline:
    """An inline admin that is made once per process and then copied: Django makes each
    page's inline admins afresh, and each deep-copies the admin's default form field
    overrides (about 0.15 ms an inline: 0.6 ms on the case page with its four). A copy
    shares that merged dict, which the admin only reads; what a request changes on an
    inline (its `max_num` without the add permission) it sets on its own copy."""

    def __init__(self, parent_model, admin_site):
        key = (type(self), parent_model, admin_site)
        state = _INLINE_STATES.get(key)
        if state is None:
            super().__init__(parent_model, admin_site)
            _INLINE_STATES[key] = dict(self.__dict__)
        else:
            self.__dict__.update(state)


class KeptFormsetInline(KeptInstanceInline):
    """An inline whose formset class is built once per process (`kept_class`) for each
    set of permissions, fields and read-only fields: for an inline whose formset depends
    on the request only through those, and whose `fields` are named on its class."""

    def get_formset(self, request, obj=None, **kwargs):
        if kwargs or not self.fields:
            return super().get_formset(request, obj, **kwargs)
        key = (
            type(self),
            self.admin_site.name,
            self.parent_model,
            obj is None,
            tuple(self.get_readonly_fields(request, obj)),
            self.has_add_permission(request, obj),
            self.has_change_permission(request, obj),
            self.has_delete_permission(request, obj),
            self.get_extra(request, obj),
            self.get_min_num(request, obj),
            self.get_max_num(request, obj),
        )
        return kept_class(
            request, key, lambda: super(KeptFormsetInline, self).get_formset(request, obj)
        )
