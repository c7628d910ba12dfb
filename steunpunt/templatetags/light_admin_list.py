"""`{% light_result_list cl %}`: Django's `{% result_list %}` with the rows of a
`LightChangeList` written by `steunpunt.admin.rows` and joined here instead of by the
template's loop over every cell (the same HTML, less work per row). Any other list, and
a list with editable columns, is Django's own.

`{% light_date_hierarchy cl %}`: Django's `{% date_hierarchy %}` without its `SELECT
DISTINCT` over the list (`steunpunt.admin.date_hierarchy`).

`{% light_list_filter cl spec %}`: Django's `{% admin_list_filter %}`, with the default
filter template written by `steunpunt.admin.filter_html` (the same HTML)."""

from django import template
from django.contrib.admin.templatetags.admin_list import (
    admin_list_filter,
    result_headers,
    result_hidden_fields,
    result_list,
)
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.utils.safestring import SafeString

from steunpunt.admin.base import LightChangeList
from steunpunt.admin.date_hierarchy import light_date_hierarchy
from steunpunt.admin.filter_html import DJANGO_FILTER_TEMPLATE, filter_html
from steunpunt.admin.rows import RowRenderer

register = template.Library()


def light_result_list(cl):
    if not isinstance(cl, LightChangeList) or cl.formset:
        return result_list(cl)
    headers = list(result_headers(cl))
    renderer = RowRenderer(cl)
    # As Django's template writes each row (no form: no errors above it).
    rows = "".join(
        "\n\n<tr>" + "".join(renderer.cells(result)) + "</tr>\n" for result in cl.result_list
    )
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": bool(rows),
        "light_rows": True,
        "rows": SafeString(rows),
    }


@register.tag(name="light_result_list")
def light_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=light_result_list,
        template_name="steunpunt/light_change_list_results.html",
        takes_context=False,
    )


@register.simple_tag
def light_list_filter(cl, spec):
    if spec.template != DJANGO_FILTER_TEMPLATE:
        return admin_list_filter(cl, spec)
    return filter_html(spec.title, list(spec.choices(cl)))


@register.tag(name="light_date_hierarchy")
def light_date_hierarchy_tag(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=light_date_hierarchy,
        template_name="date_hierarchy.html",
        takes_context=False,
    )
