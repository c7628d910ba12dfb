"""`as_cached_crispy_field`: crispy's HTML for a field of an empty form, made once.

crispy-forms renders every field through several templates (the wrapper, the label, the
widget and, for a select, one template per option): on the parent's case page the four
empty fields cost more than all its queries. An empty field looks the same for everyone
with the same key, and the key holds everything the HTML shows: the language, the form
and field, the label and help text, the widget and its attributes, the value and the
choices. A bound form (with what someone typed, or errors) is rendered fresh.
The cache is per process (`template_fragments`, see settings), like the intake form's."""

import hashlib

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import template
from django.core.cache import caches
from django.forms import BoundField
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

TIMEOUT = 60 * 60


def _dotted(value) -> str:
    kind = type(value)
    return f"{kind.__module__}.{kind.__qualname__}"


def field_key(field: BoundField) -> str:
    """Everything the HTML of this empty field depends on besides the code."""
    form_field, widget = field.field, field.field.widget
    parts = [
        get_language() or "",
        _dotted(field.form),
        field.html_name,
        str(field.auto_id or ""),
        str(field.label),
        str(field.help_text),
        repr((form_field.required, form_field.disabled, form_field.show_hidden_initial)),
        _dotted(widget),
        repr(sorted((name, str(value)) for name, value in widget.attrs.items())),
        str(field.value()),
    ]
    parts += [f"{value}={label}" for value, label in getattr(form_field, "choices", ())]
    return "crispy-field:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


@register.filter
def as_cached_crispy_field(field: BoundField) -> str:
    if field.form.is_bound:
        return as_crispy_field(field)
    cache, key = caches["template_fragments"], field_key(field)
    html = cache.get(key)
    if html is None:
        html = str(as_crispy_field(field))
        cache.set(key, html, TIMEOUT)
    return mark_safe(html)  # crispy's own output, made from the key's parts
