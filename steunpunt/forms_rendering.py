"""The form renderer: Django's, with its smallest templates written out in Python.

Django renders every widget, option, label and attribute list of a form through the
template engine: a select of 15 themes is 47 template renders, an admin change page
several hundred (issue #12: ~16 ms of the case page's widgets). The templates below
are a few lines each and never overridden in this project; `FastTemplatesRenderer`
writes exactly what they write (the tests compare it with Django's own output for
every widget it covers) and hands every other template to Django's renderer."""

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.safestring import SafeData, mark_safe

# What `{{ value }}` does in a template: localise, then escape.
_CONTEXT = Context(autoescape=True)


def _out(value) -> str:
    return render_value_in_context(value, _CONTEXT)


def _string(value) -> str:
    """`{{ value|stringformat:'s' }}`."""
    text = str(value) if isinstance(value, tuple) else "%s" % (value,)  # noqa: UP031
    if isinstance(value, SafeData):
        text = mark_safe(text)  # stringformat keeps a safe value safe
    return _out(text)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html and django/forms/attrs.html."""
    parts = []
    for name, value in (attrs or {}).items():
        if value is False:
            continue
        parts.append(f" {_out(name)}" if value is True else f' {_out(name)}="{_string(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_string(widget["value"])}"'
    return (
        f'<input type="{_out(widget["type"])}" name="{_out(widget["name"])}"{value}'
        f"{_attrs(widget['attrs'])}>"
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{_string(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_out(option['label'])}</option>"
    )


# Templates whose whole text is `{% include "django/forms/widgets/input.html" %}`.
_INPUTS = [
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "checkbox",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
    )
]
_OPTION = "django/forms/widgets/select_option.html"


class FastTemplatesRenderer(DjangoTemplates):
    """Django's default renderer, with the input, select, option, label and empty
    error list templates written in Python."""

    def render(self, template_name, context, request=None):
        write = self._written.get(template_name)
        if write is not None:
            written = write(self, context)
            if written is not None:
                return written.strip()  # as Django's renderer strips a template's output
        return super().render(template_name, context, request=request)

    def _select(self, context) -> str | None:
        widget = context["widget"]
        parts = [f'<select name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_out(group_name)}">')
            for option in group_choices:
                if option["template_name"] != _OPTION:
                    return None  # a widget with its own option template
                parts.append(f"\n  {_option(option)}\n")
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)

    def _label(self, context) -> str:
        if not context["use_tag"]:
            return _out(context["label"])
        tag = _out(context["tag"])
        return f"<{tag}{_attrs(context['attrs'])}>{_out(context['label'])}</{tag}>"

    def _errors(self, context) -> str | None:
        return "" if not context["errors"] else None

    _written = {
        **dict.fromkeys(_INPUTS, lambda self, context: _input(context["widget"])),
        "django/forms/widgets/select.html": _select,
        _OPTION: lambda self, context: _option(context["widget"]),
        "django/forms/label.html": _label,
        "django/forms/errors/list/ul.html": _errors,
        "django/forms/errors/list/default.html": _errors,
    }
