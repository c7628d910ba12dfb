"""Panels one app shows on a page of another, without importing it.

The page names a slot and renders what is registered for it; the app that owns the
panel registers a function from its ``AppConfig.ready()``:

    panels.register("casussen.case_admin", tijdlijn_panel)

A function takes the request and the object the page is about (`obj`) and returns HTML
(already escaped, e.g. from `render_to_string`) or "" for nothing. It does its own
permission check and access logging, before it returns the HTML.
"""

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

# Slots used now: "casussen.case_admin" (the coordinator's case page),
# "casussen.portal_case" (the parent's case page) and "casussen.followup_partner" (the
# partner's follow-up page, through the portal or the signed link).
_PANELS: dict[str, dict[str, Callable[..., str]]] = {}


def register(slot: str, key: str, render: Callable[..., str]) -> None:
    """Add (or replace, when ready() runs twice) the panel `key` in `slot`."""
    _PANELS.setdefault(slot, {})[key] = render


def render(slot: str, *, request, obj, **extra) -> list[SafeString]:
    """The panels of `slot` for this page, in the order of their keys; empty ones left out."""
    html = (
        _PANELS.get(slot, {})[key](request=request, obj=obj, **extra)
        for key in sorted(_PANELS.get(slot, {}))
    )
    # The functions return rendered templates: escaped already.
    return [mark_safe(part) for part in html if part]
