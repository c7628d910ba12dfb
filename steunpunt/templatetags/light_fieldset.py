"""The admin's fieldset (admin/includes/fieldset.html) written in Python (issue #12).

Django's template walks every line and field of a change form through the template
engine: some forty lookups, conditions and loops a field, about as long as rendering the
widgets themselves on the case page. `{% light_fieldset %}` writes exactly the HTML the
template writes, from the same objects (the fields' widgets, labels, errors and
read-only contents are `readonly_contents`, Django's `contents()` with its dates and
choices written as the read-only tables write them); `templates/admin/includes/
fieldset.html` is the tag. The tests compare it with Django's template on the admin's
change and add pages."""

from functools import lru_cache

from django import template
from django.forms import BoundField
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

from steunpunt.admin.inlines import readonly_contents
from steunpunt.admin.rows import DateWriter
from steunpunt.forms_rendering import value_html as _text  # `{{ value }}`

register = template.Library()

# What a lookup that fails writes (the project leaves string_if_invalid empty).
_INVALID = ""


@lru_cache(maxsize=64)
def _by_attribute(kind: type) -> bool:
    """Whether the template engine's key lookup on an object of this kind always fails
    for a name (no `__getitem__`, or the bound field's, which takes only numbers): its
    `obj.name` is then the attribute, found without raising and catching an error first
    (some three hundred lookups on the case page)."""
    getitem = getattr(kind, "__getitem__", None)
    return getitem is None or getitem is BoundField.__getitem__


def _lookup(obj, name: str):
    """`obj.name` as the template engine resolves it: a key, else an attribute (else
    nothing); a callable is called."""
    if _by_attribute(type(obj)):
        try:
            value = getattr(obj, name)
        except (TypeError, AttributeError):
            return _INVALID
    else:
        try:
            value = obj[name]
        except (TypeError, AttributeError, KeyError, ValueError, IndexError):
            try:
                value = getattr(obj, name)
            except (TypeError, AttributeError):
                return _INVALID
    if callable(value):
        if getattr(value, "do_not_call_in_templates", False):
            return value
        if getattr(value, "alters_data", False):
            return _INVALID
        value = value()
    return value


def _safe(value) -> str:
    """`{{ value|safe }}`."""
    return mark_safe(str(value))


def _field(field, single: bool, context, dates) -> str:
    inner = _lookup(field, "field")
    readonly = field.is_readonly
    name = _lookup(inner, "name")
    hidden = _lookup(inner, "is_hidden")
    out = ["\n                <div>\n                    "]
    if not single and not readonly:
        out.append(_text(_lookup(field, "errors"), context))
    classes = ""
    if not single:
        classes = " fieldBox"
        if name:
            classes += f" field-{_text(name, context)}"
        if not readonly and _lookup(field, "errors"):
            classes += " errors"
        if hidden:
            classes += " hidden"
    if field.is_checkbox:
        classes += " checkbox-row"
    out.append(f'\n                        <div class="flex-container{classes}">\n')
    out.append("                            ")
    if field.is_checkbox:
        out.append(
            "\n                                "
            f"{_text(inner, context)}{_text(_lookup(field, 'label_tag'), context)}"
            "\n                            "
        )
    else:
        out.append(
            f"\n                                {_text(_lookup(field, 'label_tag'), context)}"
            "\n                                "
        )
        if readonly:
            out.append(
                '\n                                    <div class="readonly">'
                f"{_text(readonly_contents(field, dates), context)}</div>\n"
                "                                "
            )
        else:
            out.append(
                f"\n                                    {_text(inner, context)}"
                "\n                                "
            )
        out.append("\n                            ")
    out.append("\n                        </div>\n                    ")
    help_text = _lookup(inner, "help_text")
    if help_text:
        label_id = _lookup(inner, "id_for_label")
        help_id = f' id="{_text(label_id, context)}_helptext"' if label_id else ""
        out.append(
            f'\n                        <div class="help{" hidden" if hidden else ""}"{help_id}>'
            f"\n                            <div>{_text(_safe(help_text), context)}</div>"
            "\n                        </div>\n                    "
        )
    out.append("\n                </div>\n            ")
    return "".join(out)


def _line(line, context, dates) -> str:
    fields = list(line)
    single = len(_lookup(line, "fields")) == 1
    errors = _lookup(line, "errors")
    classes = "form-row"
    if single and errors:
        classes += " errors"
    if not _lookup(line, "has_visible_field"):
        classes += " hidden"
    for field in fields:
        name = _lookup(_lookup(field, "field"), "name")
        if name:
            classes += f" field-{_text(name, context)}"
    out = [f'\n        <div class="{classes}">\n            ']
    out.append(_text(errors, context) if single else '<div class="flex-container form-multiline">')
    out.append("\n            ")
    out.extend(_field(field, single, context, dates) for field in fields)
    out.append("\n            ")
    if not single:
        out.append("</div>")
    out.append("\n        </div>\n    ")
    return "".join(out)


@register.simple_tag(takes_context=True)
def light_fieldset(context) -> str:
    """admin/includes/fieldset.html, for the `fieldset` (and `heading_level`, `prefix`,
    `id_prefix`, `id_suffix`) of the context."""
    fieldset = context.get("fieldset", _INVALID)
    name = _lookup(fieldset, "name")
    collapsible = _lookup(fieldset, "is_collapsible")
    heading = (
        f"{_text(context.get('prefix', _INVALID), context)}-"
        f"{_text(context.get('id_prefix', _INVALID), context)}-"
        f"{_text(context.get('id_suffix', _INVALID), context)}-heading"
    )
    out = [f'<fieldset class="module aligned {_text(_lookup(fieldset, "classes"), context)}"']
    if name:
        out.append(f' aria-labelledby="{heading}"')
    out.append(">\n    ")
    if name:
        level = _text(context.get("heading_level", _INVALID) or 2, context)
        out.append("\n        ")
        if collapsible:
            out.append("<details><summary>")
        out.append(
            f'\n        <h{level} id="{heading}" class="fieldset-heading">'
            f"{_text(name, context)}</h{level}>\n        "
        )
        if collapsible:
            out.append("</summary>")
        out.append("\n    ")
    out.append("\n    ")
    description = _lookup(fieldset, "description")
    if description:
        out.append(
            f'\n        <div class="description">{_text(_safe(description), context)}</div>\n    '
        )
    out.append("\n    ")
    # A read-only field's date written as the read-only tables write it.
    dates = DateWriter() if _lookup(fieldset, "readonly_fields") else None
    out.extend(_line(line, context, dates) for line in fieldset)
    out.append("\n    ")
    if name and collapsible:
        out.append("</details>")
    out.append("\n</fieldset>")
    # Every part was escaped as the template escapes it (`_text`).
    return mark_safe("".join(out))


@register.simple_tag(takes_context=True)
def light_readonly_table(context) -> str:
    """A read-only inline (steunpunt/admin/inlines.py) as its template wrote it, for the
    `inline_admin_formset` (and `forloop`) of the context: the admin's tabular look, one
    page of rows, no forms. The management form says "no rows" so that saving the page
    above validates without them. (tests/steunpunt/readonly_table.html is the template
    it was; the tests compare the two.)"""
    admin_formset = context.get("inline_admin_formset", _INVALID)
    formset = _lookup(admin_formset, "formset")
    table = _lookup(formset, "table")
    prefix = _text(_lookup(formset, "prefix"), context)
    forloop = context.get("forloop") or {}
    collapsible = _lookup(admin_formset, "is_collapsible")
    plural = _lookup(_lookup(admin_formset, "opts"), "verbose_name_plural")
    management = "".join(
        f'<input type="hidden" name="{prefix}-{name}" value="0" id="id_{prefix}-{name}">'
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
    )
    last = " last-related" if _lookup(forloop, "last") else ""
    out = [
        f'\n<div class="inline-group" id="{prefix}-group">\n'
        f'  <div class="tabular inline-related{last}">\n{management}\n'
        f'<fieldset class="module {_text(_lookup(admin_formset, "classes"), context)}"'
        f' aria-labelledby="{prefix}-heading">\n  ',
        "<details><summary>" if collapsible else "",
        f'\n  <h2 id="{prefix}-heading" class="inline-heading">'
        f"{_text(capfirst(plural), context)}</h2>\n  ",
        "</summary>" if collapsible else "",
        "\n  ",
    ]
    if _lookup(table, "rows"):
        headers = "".join(
            f'<th scope="col" class="column-{_text(name, context)}">{_text(label, context)}</th>'
            for name, label in _lookup(table, "headers")
        )
        out.append(
            "\n  <table>\n"
            f'    <thead><tr><th class="original"></th>{headers}</tr></thead>\n'
            f"    <tbody>\n    {_text(_lookup(table, 'body'), context)}\n    </tbody>\n"
            "  </table>\n  "
        )
    else:
        out.append(f"\n  <p>{_text(gettext('Nog niets.'), context)}</p>\n  ")
    out.append("\n  ")
    if _lookup(table, "count"):
        name = gettext("Pagina's van %(name)s") % {"name": _text(plural, context)}
        seen = gettext("Je ziet %(first)s tot en met %(last)s van %(count)s.") % {
            key: _text(_lookup(table, key), context) for key in ("first", "last", "count")
        }
        links = " · ".join(
            f'<a href="{_text(_lookup(link, "url"), context)}">'
            f"{_text(_lookup(link, 'label'), context)}</a>"
            for link in _lookup(table, "links")
        )
        out.append(
            f'\n  <nav class="paginator" aria-label="{name}">\n'
            f"    {seen}\n    {links}\n  </nav>\n  "
        )
    out.append("\n  ")
    if collapsible:
        out.append("</details>")
    out.append("\n</fieldset>\n  </div>\n</div>\n")
    # Every part was escaped as the template escapes it (`_text`).
    return mark_safe("".join(out))
