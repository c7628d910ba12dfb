"""`{% cached_app_list app_list show_changelinks %}`: Django's `admin/app_list.html` (the
sidebar of every admin page and the index's list of models), rendered once per content.

The HTML is kept per process under everything the template writes: each app's label,
name and URL, each model's name, URLs and view-only flag, whether the change links are
shown, the language, and which app and model the current page belongs to (the template
marks those by testing their URL against the request's path). So it is Django's own
output, not rendered again on every page (issue #12, `steunpunt.admin_site`)."""

from urllib.parse import quote

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..admin_site import BoundedCache

register = template.Library()

# Per process: a few roles times the pages that mark another model, times two languages.
RENDERED = BoundedCache(size=512)


def _marked(url, path: str) -> bool:
    # `{% if url in request.path|urlencode %}`: a missing URL (None) is never marked.
    return isinstance(url, str) and url in path


def content_key(app_list, show_changelinks: bool, path: str) -> tuple:
    apps = []
    for app in app_list:
        models = tuple(
            (
                model["object_name"],
                str(model["name"]),
                model.get("admin_url"),
                model.get("add_url"),
                bool(model.get("view_only")),
                _marked(model.get("admin_url"), path),
            )
            for model in app["models"]
        )
        url = app["app_url"]
        apps.append((app["app_label"], str(app["name"]), url, _marked(url, path), models))
    return (get_language(), bool(show_changelinks), tuple(apps))


@register.simple_tag(takes_context=True)
def cached_app_list(context, app_list, show_changelinks=False):
    request = context["request"]
    path = quote(request.path)  # the `urlencode` filter
    key = content_key(app_list, show_changelinks, path)
    html = RENDERED.get(key)
    if html is None:
        html = render_to_string(
            "admin/app_list.html",
            {"app_list": app_list, "show_changelinks": show_changelinks, "request": request},
        )
        RENDERED.set(key, html)
    return mark_safe(html)  # Django's own template wrote it
