"""The filter sidebar of an admin list, written without the template engine (issue #12).

Django renders `admin/filter.html` through the template engine for every filter of every
list page (the case list has eleven, each with up to twenty choices): a template render,
a `blocktranslate` and an `iriencode` per choice. `filter_html` writes exactly what that
template writes (tested against Django's own output, `tests/steunpunt/test_light_list.py`);
a filter with its own template is rendered by Django as before."""

from django.template import Context
from django.template.base import render_value_in_context
from django.utils.encoding import iri_to_uri
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext

DJANGO_FILTER_TEMPLATE = "admin/filter.html"

_CONTEXT = Context(autoescape=True)


def _out(value) -> str:
    # What `{{ value }}` writes: localised, then escaped unless already safe.
    return render_value_in_context(value, _CONTEXT)


def filter_html(title, choices) -> SafeString:
    """`admin/filter.html` for a filter's title and its list of choices."""
    by = gettext(" By %(filter_title)s ") % {"filter_title": _out(title)}
    items = "".join(
        '\n    <li{}>\n    <a href="{}">{}</a></li>\n  '.format(
            ' class="selected"' if choice.get("selected") else "",
            escape(iri_to_uri(choice["query_string"])),
            _out(choice["display"]),
        )
        for choice in choices
    )
    return SafeString(
        f'\n<details data-filter-title="{_out(title)}" open>\n  <summary>\n    {by}\n'
        f"  </summary>\n  <ul>\n  {items}\n  </ul>\n</details>\n"
    )
