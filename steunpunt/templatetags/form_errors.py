"""The error summary above a form: every error, each one linked to its field."""

from dataclasses import dataclass

from django import template
from django.forms import BaseForm

register = template.Library()


@dataclass(frozen=True)
class ErrorItem:
    label: str
    message: str
    anchor: str  # the id of the field's (first) input; empty for errors of the whole form


def _anchor(field) -> str:
    if field.is_hidden or not field.auto_id:
        return ""
    # Radio buttons and checkbox lists have no label for the group: link the first one.
    return field.id_for_label or f"{field.auto_id}_0"


@register.simple_tag
def error_summary(form: BaseForm) -> list[ErrorItem]:
    """The form's errors in the order of its fields, after those of the whole form."""
    if not form or not form.errors:
        return []
    items = [ErrorItem("", str(error), "") for error in form.non_field_errors()]
    for field in form:
        for error in field.errors:
            anchor = _anchor(field)
            items.append(ErrorItem(str(field.label) if anchor else "", str(error), anchor))
    return items
