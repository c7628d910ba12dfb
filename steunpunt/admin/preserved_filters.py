"""Django's `add_preserved_filters` (the admin's links that keep a list's filters), without
resolving the link.

Django's tag, for a page reached from a filtered or searched list, resolves the link's
URL against every pattern of the admin (some three hundred here) to learn whether it
leads back to the list: 0.4 ms for the list's "add" link alone (issue #12). Whether it
does is the same question as whether it is the list's own address, which `reverse`
answers from its table. The admin's object-tools and submit-row templates load it as a
tag (`steunpunt.templatetags.kept_admin_urls`) after `admin_urls`, so it replaces
Django's there, and the admin lists' rows link through it; the tests compare the two for
every kind of link."""

from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.urls import NoReverseMatch, get_script_prefix, reverse


def _path_after_prefix(url: str) -> str:
    # What Django's tag hands to `resolve`: the URL from the script prefix on.
    return "/" + unquote(url).partition(get_script_prefix())[2]


def _is_changelist(url: str, opts) -> bool:
    """Whether `url` is the address of the list of `opts`'s model."""
    try:
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    except NoReverseMatch:
        return False
    return _path_after_prefix(url) == _path_after_prefix(changelist)


def add_preserved_filters(context, url, popup=False, to_field=None):
    opts = context.get("opts")
    preserved_filters = context.get("preserved_filters")
    preserved_qsl = context.get("preserved_qsl")

    parsed_url = list(urlsplit(url))
    parsed_qs = dict(parse_qsl(parsed_url[3]))
    merged_qs = {}
    if preserved_qsl:
        merged_qs.update(preserved_qsl)
    if opts and preserved_filters:
        preserved_filters = dict(parse_qsl(preserved_filters))
        if "_changelist_filters" in preserved_filters and _is_changelist(url, opts):
            # Back to the list: its own filters, not the wrapped ones.
            preserved_filters = dict(parse_qsl(preserved_filters["_changelist_filters"]))
        merged_qs.update(preserved_filters)
    if popup:
        merged_qs[IS_POPUP_VAR] = 1
    if to_field:
        merged_qs[TO_FIELD_VAR] = to_field
    merged_qs.update(parsed_qs)
    parsed_url[3] = urlencode(merged_qs)
    return urlunsplit(parsed_url)
