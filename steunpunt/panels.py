"""Panels one app shows on a page of another, without importing it.

The page names a slot and renders what is registered for it; the app that owns the
panel registers a function from its ``AppConfig.ready()``:

    panels.register("casussen.case_admin", tijdlijn_panel)

A function takes the request and the object the page is about (`obj`) and returns HTML
(already escaped, e.g. from `render_to_string`) or "" for nothing. It does its own
permission check and access logging, before it returns the HTML.
"""

from collections.abc import Callable

from django.db.models import Exists, QuerySet
from django.utils.safestring import SafeString, mark_safe

# Slots used now: "casussen.case_admin" (the coordinator's case page),
# "casussen.portal_case" (the parent's case page) and "casussen.followup_partner" (the
# partner's follow-up page, through the portal or the signed link).
_PANELS: dict[str, dict[str, Callable[..., str]]] = {}


# Per slot and panel: `probe(pk)`, the rows whose existence says the panel may have
# something to read for the page's object (see `probes`).
_PROBES: dict[str, dict[str, Callable[..., QuerySet]]] = {}


def register(
    slot: str,
    key: str,
    render: Callable[..., str],
    *,
    probe: Callable[..., QuerySet] | None = None,
) -> None:
    """Add (or replace, when ready() runs twice) the panel `key` in `slot`. `probe(pk)`,
    if given: a query set with a row when the panel may have something to read for the
    object with this id; a page that asks it with its object lets the panel skip its
    read when there is nothing (`may_have`)."""
    _PANELS.setdefault(slot, {})[key] = render
    if probe is not None:
        _PROBES.setdefault(slot, {})[key] = probe


def probes(slot: str, pk) -> dict[str, Exists]:
    """For the query of a page's object with this id: an annotation `panel_<key>` for
    each probe of the slot's panels (registered in `ready()`, before any page)."""
    return {
        f"panel_{key}": Exists(probe(pk)) for key, probe in sorted(_PROBES.get(slot, {}).items())
    }


def may_have(obj, key: str) -> bool:
    """Whether the panel `key` may have something for `obj`: what the page's query said
    (`probes`), or True when the object was read without asking."""
    return bool(getattr(obj, f"panel_{key}", True))


def render(slot: str, *, request, obj, **extra) -> list[SafeString]:
    """The panels of `slot` for this page, in the order of their keys; empty ones left out."""
    html = (
        _PANELS.get(slot, {})[key](request=request, obj=obj, **extra)
        for key in sorted(_PANELS.get(slot, {}))
    )
    # The functions return rendered templates: escaped already.
    return [mark_safe(part) for part in html if part]
