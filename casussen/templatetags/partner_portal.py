"""`{% partner_rows rows pending %}`: the rows of a table of the partner portal, written in
Python (casussen.partner_portal.rows_html) with the column names the template set."""

from django import template
from django.utils.safestring import SafeString

from ..partner_portal import rows_html

register = template.Library()

HEADERS = ("h_reference", "h_request", "h_due", "h_status")


@register.simple_tag(takes_context=True)
def partner_rows(context, rows, pending: bool) -> SafeString:
    return rows_html(rows, pending=pending, headers={name: context[name] for name in HEADERS})
