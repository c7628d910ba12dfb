from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def figure(value, suffix: str = ""):
    """A published number, or "x" for one that is not shown (said in words to a
    screen reader)."""
    if value is None:
        return format_html(
            '<span aria-hidden="true">x</span><span class="visually-hidden">{}</span>',
            _("niet getoond"),
        )
    return f"{value}{suffix}"
